from django.urls import path

from atis.justice import views

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("inbox/", views.inbox, name="justice-inbox"),
    path("legal-assistance/", views.legal_assistance, name="legal-assistance"),
    path("<int:pk>/", views.case_page, name="case-page"),
]
