from django.urls import path

from atis.statistics import views

urlpatterns = [
    path("", views.public, name="statistics-public"),
    path("internal/", views.internal, name="statistics-internal"),
    path("releases/", views.releases, name="statistics-releases"),
    path("releases/<int:year>/<int:version>/<str:language>/report.<str:fmt>", views.release_file,
         name="statistics-release-file"),
    path("releases/<int:year>/<int:version>/dataset.csv", views.release_dataset,
         name="statistics-release-dataset"),
    path("<int:year>/report.<str:fmt>", views.download, name="statistics-download"),
]
