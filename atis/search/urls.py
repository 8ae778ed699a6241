from django.urls import path

from atis.search import views

urlpatterns = [
    path("", views.search, name="search"),
]
