from django.urls import path

from atis.intake import views

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("new/", views.report_create, name="report-create"),
    path("hotline/", views.hotline, name="hotline"),
    path("<str:reference>/", views.report_detail, name="report-detail"),
    path("<str:reference>/file/", views.report_file, name="report-file"),
    path("<str:reference>/accept/", views.report_accept, name="report-accept"),
    path("<str:reference>/dismiss/", views.report_dismiss, name="report-dismiss"),
]
