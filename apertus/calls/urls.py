from django.urls import path

from apertus.calls import views

app_name = "calls"
urlpatterns = [
    path("", views.call_list, name="list"),
    # Fixed paths first: these words are reserved as call identifiers (models.RESERVED_SLUGS).
    path("mis-solicitudes/", views.my_applications, name="my_applications"),
    path("nueva/", views.call_new, name="new"),
    path("evaluaciones/", views.evaluator_home, name="evaluator_home"),
    path("evaluaciones/<int:pk>/", views.evaluation, name="evaluation"),
    path("entrevistas/<int:pk>/", views.interview, name="interview"),
    path("<slug:slug>/", views.call_detail, name="detail"),
    path("<slug:slug>/metodologia/", views.methodology, name="methodology"),
    path("<slug:slug>/resultados/", views.results, name="results"),
    path("<slug:slug>/solicitud/", views.application, name="application"),
    path("<slug:slug>/solicitud/enviar/", views.submit, name="submit"),
    path("<slug:slug>/solicitud/curriculum/<int:pk>/eliminar/", views.cv_delete, name="cv_delete"),
    path("<slug:slug>/solicitud/<slug:step>/", views.step, name="step"),
    path("<slug:slug>/gestion/", views.manage, name="manage"),
    path("<slug:slug>/gestion/plazo/", views.extend, name="extend"),
    path("<slug:slug>/gestion/editar/", views.call_edit, name="edit"),
    path("<slug:slug>/gestion/vista-previa/", views.call_preview, name="preview"),
    path("<slug:slug>/gestion/publicar/", views.call_publish, name="publish"),
    path("<slug:slug>/gestion/evaluadores/", views.evaluators, name="evaluators"),
    path("<slug:slug>/gestion/evaluadores/<int:pk>/quitar/", views.evaluator_remove, name="evaluator_remove"),
    path("<slug:slug>/gestion/archivos/<int:pk>/quitar/", views.file_remove, name="file_remove"),
    path("<slug:slug>/gestion/solicitudes/<int:pk>/", views.application_detail, name="manage_application"),
    path("<slug:slug>/gestion/asignar-evaluaciones/", views.assign_evaluations, name="assign_evaluations"),
    path("<slug:slug>/gestion/asignar-entrevistas/", views.assign_interviews, name="assign_interviews"),
    path("<slug:slug>/gestion/ranking/", views.ranking, name="ranking"),
    path("<slug:slug>/gestion/acuerdo/", views.agreement, name="agreement"),
    path("<slug:slug>/gestion/seleccion/", views.selection, name="selection"),
    path("<slug:slug>/gestion/seleccion/<int:pk>/", views.select, name="select"),
    path("<slug:slug>/gestion/seleccion/aplicar-propuesta/", views.apply_proposal, name="apply_proposal"),
    path("<slug:slug>/gestion/confirmar/", views.confirm, name="confirm"),
    path("<slug:slug>/gestion/publicar-resultados/", views.publish_results, name="publish_results"),
]
