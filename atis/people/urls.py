from django.urls import path

from atis.people import views

urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("new/", views.person_create, name="person-create"),
    path("<str:pseudonym>/", views.person_detail, name="person-detail"),
    path("<str:pseudonym>/identity/", views.person_identity, name="person-identity"),
    path("<str:pseudonym>/reassign/", views.person_reassign, name="person-reassign"),
]
