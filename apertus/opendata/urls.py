from django.urls import path

from apertus.opendata import views

app_name = "opendata"
urlpatterns = [
    path("datos/catalogo.jsonld", views.dcat_ap, name="dcat_ap"),
    path("datos/data.json", views.dcat_us, name="dcat_us"),
    path("datos/datapackage.json", views.datapackage, name="datapackage"),
    path("datos/<slug:slug>/datapackage.json", views.dataset_package, name="dataset_package"),
    path("datos/<slug:slug>.<str:fmt>", views.download, name="download"),
]
