from django.urls import path

from atis.audit import views

urlpatterns = [path("", views.audit_list, name="audit-list")]
