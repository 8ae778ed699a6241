from django.urls import path

from atis.coordination import views

urlpatterns = [
    path("", views.meetings, name="meetings"),
    path("memos/", views.memos, name="memos"),
    path("contacts/", views.contacts, name="contacts"),
]
