from django.urls import path

from atis.imports import views

urlpatterns = [
    path("", views.import_page, name="import-page"),
    path("template.xlsx", views.template_download, name="import-template"),
    path("<int:pk>/", views.run_page, name="import-run"),
    path("<int:pk>/status/", views.run_status, name="import-run-status"),
    path("failures/", views.failures, name="import-failures"),
]
