from django.urls import path

from apertus.sdg import views

app_name = "sdg"
urlpatterns = [
    path("", views.matrix, name="matrix"),
    path("mapa.csv", views.matrix_csv, name="matrix_csv"),
    path("sugerencias/<slug:kind>/", views.panel, name="panel"),
    path("sugerencias/<slug:kind>/<int:pk>/", views.panel, name="panel_record"),
    path("sugerencias/<slug:kind>/anadir/", views.add, name="add"),
    path("sugerencias/<slug:kind>/<int:pk>/anadir/", views.add, name="add_record"),
    path("sugerencias/<slug:kind>/<int:pk>/descartar/", views.dismiss, name="dismiss"),
    path("revision/<slug:kind>/<int:pk>/anadir/", views.check_add, name="check_add"),
    path("<slug:state>/<int:goal>/", views.matrix_cell, name="matrix_cell"),
]
