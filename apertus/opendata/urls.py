from django.urls import path

from apertus.opendata import calendar_views, views

app_name = "opendata"
urlpatterns = [
    path("datos/catalogo.jsonld", views.dcat_ap, name="dcat_ap"),
    path("datos/data.json", views.dcat_us, name="dcat_us"),
    path("datos/datapackage.json", views.datapackage, name="datapackage"),
    path("datos/<slug:slug>/datapackage.json", views.dataset_package, name="dataset_package"),
    path("datos/<slug:slug>.<str:fmt>", views.download, name="download"),
    path("calendarios/stl.ics", calendar_views.stl_sessions, name="ics_stl"),
    path("calendarios/stl/<str:code>.ics", calendar_views.stl_sessions, name="ics_stl_state"),
    path("calendarios/mesas.ics", calendar_views.working_tables, name="ics_tables"),
    path("calendarios/mesas/<str:code>.ics", calendar_views.working_tables, name="ics_tables_state"),
    path("calendarios/consultas/<int:pk>.ics", calendar_views.process_phases, name="ics_process"),
    path("calendarios/convocatorias/<slug:slug>.ics", calendar_views.call_deadlines, name="ics_call"),
    path("calendarios/formacion/<int:year>.ics", calendar_views.cohort_course, name="ics_course"),
    path("calendarios/privado/", calendar_views.private_calendar_page, name="private_calendar"),
    path("calendarios/privado/<str:key>.ics", calendar_views.private_course, name="ics_private"),
]
