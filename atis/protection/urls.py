from django.urls import path

from atis.protection import views

urlpatterns = [
    path("tasks/", views.task_inbox, name="task-inbox"),
    path("shelter/", views.shelter, name="shelter"),
    path("shelter/stays/<int:pk>/", views.stay_page, name="stay-page"),
    path("<str:pseudonym>/", views.protection_page, name="protection-page"),
]
