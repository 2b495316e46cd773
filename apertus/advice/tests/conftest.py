import pytest

from apertus.advice import services
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan_kept


@pytest.fixture
def draft(db, people):
    """Oaxaca's draft plan in co-creation, with the program's advisor assigned to it."""
    plan = build_plan_kept("20", status=PlanStatus.COCREATION, edition=3)
    services.advisor_assign(actor=people["coordinator"], plan=plan, user=people["advisor"])
    return plan
