from django.urls import path

from apertus.results import views

app_name = "results"
urlpatterns = [
    path("", views.framework_page, name="framework"),
    path("marco-de-resultados.xlsx", views.framework_xlsx, name="framework_xlsx"),
    path("registros/<slug:code>/", views.figure_records, name="records"),
    path("entidades/", views.compare, name="compare"),
    path("reportes/", views.report_list, name="report_list"),
    path("reportes/<int:pk>/", views.report_detail, name="report_detail"),
    path("reportes/<int:pk>/descargar.<str:kind>", views.report_download, name="report_download"),
]
