from django.urls import path

from apertus.teams import views

app_name = "teams"
urlpatterns = [
    path("", views.cohort_list, name="cohort_list"),
    path("nuevo/", views.project_create, name="create"),
    path("<int:year>/", views.cohort_detail, name="cohort_detail"),
    path("<int:year>/<slug:slug>/", views.project_detail, name="detail"),
    path("<int:year>/<slug:slug>/entregables/<int:pk>/archivo/", views.deliverable_file, name="deliverable_file"),
    path("<int:year>/<slug:slug>/gestion/", views.project_manage, name="manage"),
    path("<int:year>/<slug:slug>/gestion/contenido/", views.project_edit, name="edit"),
    path("<int:year>/<slug:slug>/gestion/equipo/", views.project_team, name="team"),
    path("<int:year>/<slug:slug>/gestion/publicacion/", views.project_publication, name="publication"),
    path("<int:year>/<slug:slug>/gestion/entregables/nuevo/", views.deliverable_add, name="deliverable_add"),
    path(
        "<int:year>/<slug:slug>/gestion/entregables/<int:pk>/entrega/",
        views.deliverable_submit,
        name="deliverable_submit",
    ),
    path(
        "<int:year>/<slug:slug>/gestion/entregables/<int:pk>/retroalimentacion/",
        views.deliverable_feedback,
        name="deliverable_feedback",
    ),
]
