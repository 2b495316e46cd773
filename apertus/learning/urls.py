from django.urls import path

from apertus.learning import views

app_name = "learning"
urlpatterns = [
    path("", views.index, name="index"),
    path("certificados/verificar/", views.certificate_verify, name="certificate_verify"),
    path("certificados/<int:pk>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("actividades/<int:pk>/", views.activity_detail, name="activity"),
    path("actividades/<int:pk>/completar/", views.activity_complete, name="activity_complete"),
    path("actividades/<int:pk>/intentos/", views.attempt_start, name="attempt_start"),
    path("actividades/<int:pk>/entrega/", views.submission_upload, name="submission_upload"),
    path("actividades/<int:pk>/entregas/", views.activity_submissions, name="activity_submissions"),
    path("actividades/<int:pk>/prorroga/", views.extension_grant, name="extension_grant"),
    path("intentos/<int:pk>/", views.attempt_detail, name="attempt"),
    path("entregas/<int:pk>/", views.submission_detail, name="submission"),
    path("entregas/<int:pk>/calificar/", views.submission_grade, name="submission_grade"),
    path("entregas/<int:pk>/archivo/", views.submission_file, name="submission_file"),
    path("entregas/<int:pk>/retroalimentacion/", views.feedback_file, name="feedback_file"),
    path("seminarios/<int:pk>/", views.seminar_detail, name="seminar"),
    path("seminarios/<int:pk>/asistencia/", views.seminar_attendance, name="seminar_attendance"),
    path("<int:year>/", views.outline, name="outline"),
    path("<int:year>/metodologia/", views.methodology, name="methodology"),
    path("<int:year>/curso/", views.course, name="course"),
    path("<int:year>/calendario/", views.course_calendar, name="calendar"),
    path("<int:year>/mis-calificaciones/", views.my_grades, name="my_grades"),
    path("<int:year>/calificaciones/", views.gradebook, name="gradebook"),
    path("<int:year>/calificaciones.xlsx", views.gradebook_xlsx, name="gradebook_xlsx"),
    path("<int:year>/seminarios/", views.seminars, name="seminars"),
    path("<int:year>/ingreso-tardio/", views.late_join_rule, name="late_join_rule"),
    path("<int:year>/certificados/emitir/", views.certificates_issue, name="certificates_issue"),
]
