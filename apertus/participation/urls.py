from django.urls import path

from apertus.participation import views
from apertus.participation.views import standards

app_name = "participation"
urlpatterns = [
    path("", views.process_list, name="process_list"),
    path("propuestas/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("propuestas/<int:pk>/apoyar/", views.support_add, name="support_add"),
    path("propuestas/<int:pk>/retirar-apoyo/", views.support_withdraw, name="support_withdraw"),
    path("propuestas/<int:pk>/responder/", views.proposal_respond, name="proposal_respond"),
    path("fases/<int:pk>/editar/", views.phase_edit, name="phase_edit"),
    path("fases/<int:pk>/eliminar/", views.phase_delete, name="phase_delete"),
    path("<slug:state>/<int:edition>/", views.process_detail, name="process_detail"),
    path("<slug:state>/<int:edition>/proponer/", views.proposal_create, name="proposal_create"),
    path("<slug:state>/<int:edition>/gestionar/", views.process_manage, name="process_manage"),
    path("<slug:state>/<int:edition>/fases/nueva/", views.phase_create, name="phase_create"),
]

# How a plan's co-creation meets the OGP standards, at the plan's address: mounted by apertus/plans/urls.py
# in the plans namespace (plans:standards), as this app's manifest declares (extends "plans.urls").
plan_urlpatterns = [
    path("<slug:state>/<int:edition>/estandares/", standards.plan_standards, name="standards"),
    path("<slug:state>/<int:edition>/estandares.csv", standards.plan_standards_csv, name="standards_csv"),
]
