"""A plan in co-creation for Oaxaca with one table, built through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apertus.accounts.services import email_mark_verified, user_create
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan_kept
from apertus.tables import services


def make_table(plan, *, capacity=2, days=3, **fields):
    starts = timezone.now() + timedelta(days=days)
    data = {
        "title": "Mesa sobre agua",
        "topic": "Agua **limpia**",
        "place": "Sala de cabildo",
        "capacity": capacity,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
    }
    data.update(fields)
    return services.table_create(actor=None, plan=plan, **data)


def make_citizens(n, prefix="persona"):
    users = []
    for i in range(n):
        user = user_create(
            email=f"{prefix}{i}@ejemplo.mx", password=None, first_name=f"Persona {i}", last_name="Prueba"
        )
        email_mark_verified(user=user)
        users.append(user)
    return users


@pytest.fixture
def plan(db):
    return build_plan_kept("20", commitments=1, milestones=1, status=PlanStatus.COCREATION)


@pytest.fixture
def table(plan):
    return make_table(plan)
