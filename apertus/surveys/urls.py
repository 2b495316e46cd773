"""Mounted under /formacion/, next to the course: /formacion/<year>/cuestionarios/..."""

from django.urls import path

from apertus.surveys import views

app_name = "surveys"
q = "<int:year>/cuestionarios/<int:pk>"
urlpatterns = [
    path("<int:year>/cuestionarios/", views.questionnaire_list, name="list"),
    path("<int:year>/cuestionarios/nuevo/", views.questionnaire_create, name="create"),
    path(f"{q}/", views.questionnaire_detail, name="detail"),
    path(f"{q}/editar/", views.questionnaire_edit, name="edit"),
    path(f"{q}/publicar/", views.questionnaire_publish, name="publish"),
    path(f"{q}/preguntas/nueva/", views.question_add, name="question_add"),
    path(f"{q}/preguntas/<int:qpk>/", views.question_edit, name="question_edit"),
    path(f"{q}/preguntas/<int:qpk>/eliminar/", views.question_delete, name="question_delete"),
    path(f"{q}/preguntas/<int:qpk>/mover/", views.question_move, name="question_move"),
    path(f"{q}/resultados/", views.results, name="results"),
    path(f"{q}/resultados.xlsx", views.results_xlsx, name="results_xlsx"),
]
