from django.urls import path

from atis.jobs import views

urlpatterns = [path("", views.job_list, name="job-list")]
