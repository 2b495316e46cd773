from django.urls import path

from apertus.core.manifest import extensions
from apertus.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("papelera/", views.trash, name="trash"),
    path("compromisos/<int:pk>/", views.commitment_detail, name="commitment_detail"),
    path("compromisos/<int:pk>/editar/", views.commitment_edit, name="commitment_edit"),
    path("compromisos/<int:pk>/eliminar/", views.commitment_delete, name="commitment_delete"),
    path("compromisos/<int:pk>/restaurar/", views.commitment_restore, name="commitment_restore"),
    path("compromisos/<int:pk>/cumplimiento/", views.commitment_override, name="commitment_override"),
    path("compromisos/<int:pk>/hitos/nuevo/", views.milestone_create, name="milestone_create"),
    path("hitos/<int:pk>/editar/", views.milestone_edit, name="milestone_edit"),
    path("hitos/<int:pk>/avance/", views.progress_report, name="progress_report"),
    path("<slug:state>/nuevo/", views.plan_create, name="plan_create"),
    path("<slug:state>/<int:edition>/", views.plan_detail, name="plan_detail"),
    path("<slug:state>/<int:edition>/editar/", views.plan_edit, name="plan_edit"),
    path("<slug:state>/<int:edition>/etapa/", views.plan_transition, name="plan_transition"),
    path("<slug:state>/<int:edition>/compromisos/nuevo/", views.commitment_create, name="commitment_create"),
    path("<slug:state>/<int:edition>/documentos/nuevo/", views.plan_document_add, name="plan_document_add"),
]

# Spreadsheet round trip (apertus.plans.views.spreadsheets).
from apertus.plans.views import spreadsheets  # noqa: E402

urlpatterns += [
    path(
        "<slug:state>/<int:edition>/hitos.xlsx", spreadsheets.milestones_export, {"fmt": "xlsx"}, name="milestones_xlsx"
    ),
    path("<slug:state>/<int:edition>/hitos.csv", spreadsheets.milestones_export, {"fmt": "csv"}, name="milestones_csv"),
    path("<slug:state>/<int:edition>/importar-avance/", spreadsheets.progress_import, name="progress_import"),
]

# OGP's commitments export imported from the browser (apertus.plans.views.ogp).
from apertus.plans.views import ogp as ogp_views  # noqa: E402

urlpatterns += [
    path("<slug:state>/<int:edition>/importar-ogp/", ogp_views.ogp_import_page, name="ogp_import"),
    path("<slug:state>/<int:edition>/importar-ogp/<int:job>/", ogp_views.ogp_job_page, name="ogp_job"),
]

# Pages other apps mount under a plan's address, in the plans namespace (their manifests'
# ``extends={"plans.urls": ...}``: a list of URL patterns), e.g. co-creation's standards page.
urlpatterns += [pattern for patterns in extensions("plans.urls") for pattern in patterns]
