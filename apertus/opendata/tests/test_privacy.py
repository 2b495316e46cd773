"""Nothing unpublished in any format: drafts, deleted and hidden records, personal data."""

import pytest

from apertus.moderation.services import content_hide
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans import services
from apertus.plans.models import ActionPlan, PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.portal.datasets import DATASETS

SECRETS = ["SECRETO-BORRADOR", "SECRETO-ELIMINADO", "SECRETO-OCULTO", "SECRETO-PLAN-RETIRADO"]


@pytest.fixture
def data(db, people):
    public = build_plan("20", commitments=2, milestones=1, status=PlanStatus.COCREATION)
    draft = build_plan("26", commitments=1, milestones=1, status=PlanStatus.DRAFT)
    services.commitment_update(
        actor=None,
        commitment=draft.commitments.first(),
        expected_version=1,
        title="SECRETO-BORRADOR",
        contact="SECRETO-BORRADOR",
    )
    deleted = public.commitments.order_by("number").last()
    deleted = services.commitment_update(
        actor=None, commitment=deleted, expected_version=deleted.version, title="SECRETO-ELIMINADO"
    )
    services.commitment_delete(actor=None, commitment=deleted, reason="Duplicado")
    process = build_process(public)
    propose(process, people["citizen"], title="Propuesta visible")
    hidden = propose(process, people["citizen"], title="SECRETO-OCULTO")
    content_hide(actor=people["coordinator"], obj=hidden, reason="Insultos")
    withdrawn = build_plan("07", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    propose(build_process(withdrawn), people["citizen"], title="SECRETO-PLAN-RETIRADO")
    ActionPlan.objects.filter(pk=withdrawn.pk).update(status=PlanStatus.DRAFT)
    return people


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _urls():
    yield "/datos/catalogo.jsonld"
    yield "/datos/data.json"
    yield "/datos/datapackage.json"
    yield "/datos/"
    yield "/api/commitments"
    yield "/api/proposals"
    for slug in DATASETS:
        yield f"/datos/{slug}/datapackage.json"
        for fmt in ("csv", "json"):
            yield f"/datos/{slug}.{fmt}"


def test_no_secret_or_personal_data_in_any_format(client, data):
    people = data
    emails = [p.email.encode() for p in people.values() if p is not None]
    for url in _urls():
        body = _body(client.get(url))
        for secret in SECRETS:
            assert secret.encode() not in body, (url, secret)
        for email in emails:
            assert email not in body, (url, email)


def test_no_secret_in_any_xlsx(client, data):
    import io

    from openpyxl import load_workbook

    for slug in DATASETS:
        workbook = load_workbook(io.BytesIO(_body(client.get(f"/datos/{slug}.xlsx"))), read_only=True)
        cells = " ".join(str(v) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for v in row)
        for secret in SECRETS:
            assert secret not in cells, (slug, secret)
    # The visible proposal is there: the check looks at real content.
    workbook = load_workbook(io.BytesIO(_body(client.get("/datos/propuestas.xlsx"))), read_only=True)
    assert "Propuesta visible" in [row[4] for row in workbook.worksheets[0].iter_rows(values_only=True)]
