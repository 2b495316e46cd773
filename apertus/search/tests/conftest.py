"""Records built through the services, so the index is kept by the same calls the site makes."""

from datetime import date

import pytest
from django.utils import timezone

from apertus.core.testing import data_kept_copy
from apertus.organizations.models import Organization, OrganizationType
from apertus.organizations.services import organization_ensure
from apertus.plans import services
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.taxonomy.models import Scheme, Term

COMMITMENTS = [
    (
        "Participación ciudadana en el presupuesto municipal",
        "Los municipios deciden su gasto sin la ciudadanía.",
        "Crear un presupuesto participativo con reglas públicas.",
        "11",
    ),
    (
        "Transparencia en la obra pública",
        "Las licitaciones de obra no se publican en datos abiertos.",
        "Publicar cada contrato de obra pública con su avance físico y financiero.",
        "16",
    ),
    (
        "Atención a la violencia de género",
        "Las mujeres que denuncian no encuentran rutas de atención.",
        "Un sistema público de seguimiento de casos con colectivas feministas.",
        "5",
    ),
    (
        "Calidad del agua potable",
        "Nadie conoce la calidad del agua que llega a las colonias.",
        "Publicar análisis de calidad del agua por colonia cada mes.",
        "6",
    ),
    (
        "Padrón de programas sociales",
        "Los padrones están dispersos y no se pueden verificar.",
        "Un padrón único abierto, con protección de datos personales y participación de la contraloría social.",
        "1",
    ),
]


def add_commitment(plan, title, problem, objective, goal, **extra):
    """A commitment complete enough for its plan to be published (a milestone, a civil co-responsible)."""
    lead = Organization.objects.filter(state=plan.state, type=OrganizationType.GOVERNMENT).first()
    civil = organization_ensure(
        name=f"Colectivo de prueba de {plan.state}", type=OrganizationType.CIVIL_SOCIETY, state=plan.state
    )
    commitment = services.commitment_create(
        actor=None,
        plan=plan,
        title=title,
        problem=problem,
        objective=objective,
        co_responsible=[civil],
        primary_goal=Term.objects.get(scheme=Scheme.SDG_GOAL, code=goal),
        lead_institution=lead,
        start_date=date(2025, 1, 1),
        end_date=date(2027, 12, 31),
        **extra,
    )
    services.milestone_create(
        actor=None,
        commitment=commitment,
        title="Primer entregable",
        start_date=date(2025, 1, 1),
        end_date=date(2026, 6, 30),
    )
    return commitment


def build_corpus() -> dict:
    """A public plan in Oaxaca with five commitments on distinct themes, and a draft plan in Sonora."""
    plan = build_plan("20", commitments=0, milestones=0, status=PlanStatus.COCREATION)
    commitments = [add_commitment(plan, *row) for row in COMMITMENTS]
    plan = services.plan_transition(actor=None, plan=plan, target=PlanStatus.PUBLISHED)
    draft = build_plan("26", commitments=0, milestones=0, status=PlanStatus.DRAFT)
    secret = add_commitment(draft, "Participación secreta en borrador", "Borrador", "Borrador confidencial", "16")
    return {"plan": plan, "commitments": commitments, "draft": draft, "secret": secret}


@pytest.fixture
def corpus(db):
    """``build_corpus()``, built through the services once per starting point and written back after that,
    search index included (``data_kept_copy``); each test gets its own copies of the records."""
    return data_kept_copy(f"build_corpus {timezone.localdate()}", build_corpus)
