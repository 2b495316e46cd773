from django.urls import path

from apertus.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("acerca-de-los-datos/", views.about_data, name="about_data"),
    path("datos/", views.open_data, name="open_data"),
    path("datos/<slug:slug>.csv", views.dataset_download, name="dataset_download"),
]
