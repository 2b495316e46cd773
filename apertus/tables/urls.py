from django.urls import path

from apertus.tables import views

app_name = "tables"
urlpatterns = [
    path("", views.table_index, name="index"),
    path("<int:pk>/", views.table_detail, name="detail"),
    path("<int:pk>/inscribirme/", views.register, name="register"),
    path("<int:pk>/cancelar/", views.cancel, name="cancel"),
    path("<int:pk>/editar/", views.table_edit, name="edit"),
    path("<int:pk>/asistencia/", views.attendance, name="attendance"),
    path("<int:pk>/minuta/", views.minutes, name="minutes"),
    path("<int:pk>/compromisos/", views.commitments, name="commitments"),
    path("<int:pk>/compromisos/<int:link>/quitar/", views.commitment_unlink, name="commitment_unlink"),
    path("<slug:state>/<int:edition>/", views.plan_tables, name="plan_tables"),
    path("<slug:state>/<int:edition>/nueva/", views.table_create, name="create"),
]
