from django.urls import path

from apertus.stl import views

app_name = "stl"
urlpatterns = [
    path("", views.stl_list, name="list"),
    path("<slug:slug>/", views.stl_detail, name="detail"),
    path("<slug:slug>/sesiones/<int:pk>/", views.session_detail, name="session_detail"),
    path("<slug:slug>/gestion/", views.stl_manage, name="manage"),
    path("<slug:slug>/gestion/datos/", views.stl_edit, name="edit"),
    path("<slug:slug>/gestion/integrantes/nuevo/", views.member_add, name="member_add"),
    path("<slug:slug>/gestion/integrantes/<int:pk>/baja/", views.member_end, name="member_end"),
    path("<slug:slug>/gestion/integrantes/<int:pk>/aprobar/", views.member_approve, name="member_approve"),
    path("<slug:slug>/gestion/integrantes/<int:pk>/rechazar/", views.member_reject, name="member_reject"),
    path("<slug:slug>/gestion/sesiones/nueva/", views.session_create, name="session_create"),
    path("<slug:slug>/gestion/sesiones/<int:pk>/minuta/", views.minutes, name="minutes"),
    path("<slug:slug>/gestion/sesiones/<int:pk>/asistencia/", views.attendance, name="attendance"),
    path("<slug:slug>/gestion/sesiones/<int:pk>/acuerdos/nuevo/", views.agreement_add, name="agreement_add"),
    path("<slug:slug>/gestion/acuerdos/<int:pk>/seguimiento/", views.agreement_status, name="agreement_status"),
]
