"""The CSV that PostgreSQL writes (``COPY … TO STDOUT``, ``core.copy``) is byte for byte the CSV that Python
writes, for every dataset with a query, on the demo data with awkward values added; and it holds nothing
unpublished."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import translation

from apertus.comments.models import Comment
from apertus.core import copy
from apertus.core.datasets import DATASETS
from apertus.core.exports import stream_csv
from apertus.core.testing import demo_data_load
from apertus.moderation.services import content_hide
from apertus.participation.models import Proposal
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans import services
from apertus.plans.models import ActionPlan, Commitment, PlanStatus
from apertus.plans.selectors import public_plans
from apertus.plans.tests.conftest import build_plan

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY … TO STDOUT is PostgreSQL's; SQLite always takes the Python path"
)

SECRETS = ["SECRETO-BORRADOR", "SECRETO-ELIMINADO", "SECRETO-OCULTO", "SECRETO-PLAN-RETIRADO"]
QUERY_DATASETS = [slug for slug, dataset in DATASETS.items() if dataset.query is not None]


@pytest.fixture
def demo(db, request):
    """The demo, with values that test the CSV rules written straight to the tables (no normalisation on the
    way in, as for text stored before it existed), and unpublished records that must stay out."""
    demo_data_load()  # load_demo once per worker, then its rows written back
    people = request.getfixturevalue("people")  # after the demo's rows are written back
    commitment = Commitment.objects.filter(plan__in=public_plans()).order_by("pk").first()
    Commitment.objects.filter(pk=commitment.pk).update(
        title='=HIPERVINCULO("x")\u202e fin',
        problem='línea 1\r\nlínea 2 con "comillas", y coma\n\u200f-resto',
        baseline="",
        contact="-5",
        other_actors="\t@tab",
        budget=Decimal("1234.50"),
        completion_override="completo",
        updated_at=dt.datetime(2025, 3, 1, 18, 0, 0, 250, tzinfo=dt.UTC),
    )
    Comment.objects.filter(pk=Comment.objects.order_by("pk").values("pk")[:1]).update(
        body="@usuario\u200f, hola\r\n+1", edited_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    )
    Proposal.objects.filter(pk=Proposal.objects.order_by("pk").values("pk")[:1]).update(title="+52 55 1234")
    # Unpublished: a draft plan's commitment, a deleted commitment, a hidden proposal, a withdrawn plan's one.
    draft = build_plan("26", commitments=1, milestones=1, status=PlanStatus.DRAFT, edition=9)
    Commitment.objects.filter(plan=draft).update(title="SECRETO-BORRADOR", contact="SECRETO-BORRADOR")
    public = build_plan("20", commitments=2, milestones=1, status=PlanStatus.COCREATION, edition=9)
    deleted = public.commitments.order_by("number").last()
    deleted = services.commitment_update(
        actor=None, commitment=deleted, expected_version=deleted.version, title="SECRETO-ELIMINADO"
    )
    services.commitment_delete(actor=None, commitment=deleted, reason="Duplicado")
    process = build_process(public)
    propose(process, people["citizen"])  # visible: "Agua limpia en mi colonia"
    hidden = propose(process, people["citizen"], title="SECRETO-OCULTO")
    content_hide(actor=people["coordinator"], obj=hidden, reason="Insultos")
    withdrawn = build_plan("07", commitments=1, milestones=1, status=PlanStatus.COCREATION, edition=9)
    propose(build_process(withdrawn), people["citizen"], title="SECRETO-PLAN-RETIRADO")
    ActionPlan.objects.filter(pk=withdrawn.pk).update(status=PlanStatus.DRAFT)
    hidden_ct = ContentType.objects.get_for_model(Proposal)
    Comment.objects.create(content_type=hidden_ct, object_id=hidden.pk, author=people["citizen"], body="SECRETO-OCULTO")
    return commitment


def _python_csv(dataset) -> bytes:
    response = stream_csv(f"apertus-{dataset.slug}.csv", dataset.header(), dataset.iter_rows())
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("slug", QUERY_DATASETS)
def test_copy_writes_the_same_bytes_as_python(demo, slug):
    dataset = DATASETS[slug]
    assert copy.supported(dataset), f"{slug}: a column has a Python conversion without its sql"
    with translation.override("es"):
        expected = _python_csv(dataset)
        written = b"".join(copy.stream(dataset))
    assert expected.count(b"\r\n") > 2, slug  # rows to compare, not only the header
    assert written == expected, slug


def test_the_awkward_values_reach_the_comparison(demo):
    """The values above are in the commitments file, written by the database as Python writes them."""
    with translation.override("es"):
        body = b"".join(copy.stream(DATASETS["compromisos"])).decode("utf-8")
    assert '"\'=HIPERVINCULO(""x"") fin"' in body  # a quote before the sign, no override, quotes doubled
    assert '"línea 1\r\nlínea 2 con ""comillas"", y coma\n-resto"' in body  # line breaks kept inside the cell
    assert ",'-5," in body and ",'\t@tab," in body and ",1234.50," in body
    assert "2025-03-01T18:00:00.000250+00:00" in body


def test_downloads_take_the_copy_path_and_hold_nothing_unpublished(client, demo, monkeypatch):
    streamed = []
    original = copy.stream

    def recorded(dataset, *args, **kwargs):
        streamed.append(dataset.slug)
        return original(dataset, *args, **kwargs)

    monkeypatch.setattr(copy, "stream", recorded)
    for slug in QUERY_DATASETS:
        response = client.get(f"/datos/{slug}.csv")
        body = b"".join(response.streaming_content)
        assert response.status_code == 200
        assert streamed[-1:] == [slug]
        assert body.startswith("\ufeff".encode()) and body.count(b"\r\n") > 1, slug
        for secret in SECRETS:
            assert secret.encode() not in body, (slug, secret)
    # The published records are there: the check looks at real content.
    assert b"Agua limpia en mi colonia" in b"".join(client.get("/datos/propuestas.csv").streaming_content)


def test_a_column_with_a_python_conversion_and_no_sql_keeps_the_python_path(demo):
    from dataclasses import replace

    dataset = DATASETS["hitos"]
    columns = [replace(dataset.columns[0], fmt=lambda value: value * 2), *dataset.columns[1:]]
    changed = replace(dataset, columns=columns)
    assert copy.supported(dataset) and not copy.supported(changed)
    with pytest.raises(copy.Unsupported):
        copy.statement(changed)
