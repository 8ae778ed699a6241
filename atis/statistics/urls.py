from django.urls import path

from atis.statistics import views

urlpatterns = [
    path("", views.public, name="statistics-public"),
    path("internal/", views.internal, name="statistics-internal"),
    path("<int:year>/report.<str:fmt>", views.download, name="statistics-download"),
]
