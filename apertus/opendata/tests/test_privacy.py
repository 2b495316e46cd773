"""Nothing unpublished in any format: drafts, deleted and hidden records, personal data."""

import pytest
from django.utils import timezone

from apertus.core.datasets import DATASETS
from apertus.core.testing import data_kept
from apertus.moderation.services import content_hide
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans import services
from apertus.plans.models import ActionPlan, PlanStatus
from apertus.plans.tests.conftest import build_plan

SECRETS = ["SECRETO-BORRADOR", "SECRETO-ELIMINADO", "SECRETO-OCULTO", "SECRETO-PLAN-RETIRADO"]


@pytest.fixture
def data(db, people):
    """Public, draft, deleted, hidden and withdrawn records, each carrying a secret where it must not show:
    built once per starting point and written back after that (``data_kept``). Returns ``people``."""
    data_kept(f"opendata-privacy {timezone.localdate()}", lambda: _data_made(people))
    return people


def _data_made(people) -> None:
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


@pytest.fixture
def events(data):
    """Beside the plans: a published and an unpublished STL, working tables of a public and of a draft plan,
    a published and an unpublished call, a published and an unpublished course; the unpublished ones (and
    a deleted STL session's private agenda) carry secrets."""
    from datetime import date, timedelta

    from django.utils import timezone

    from apertus.calls.tests.conftest import build_call
    from apertus.learning.models import Course, Seminar
    from apertus.program.models import ProgramPhase
    from apertus.stl.models import Session
    from apertus.stl.tests.conftest import build_stl
    from apertus.tables.models import WorkingTable

    soon = timezone.now() + timedelta(days=3)
    shown = build_stl("20", published=True)["stl"]
    hidden = build_stl("26", published=False)["stl"]
    Session.objects.create(stl=shown, starts_at=soon, place="Sala pública")
    Session.objects.create(stl=hidden, starts_at=soon, place="SECRETO-STL", agenda="SECRETO-STL")
    public, draft = ActionPlan.objects.get(state__code="20"), ActionPlan.objects.get(state__code="26")
    for plan, title in ((public, "Mesa pública"), (draft, "SECRETO-MESA")):
        WorkingTable.objects.create(
            plan=plan,
            title=title,
            topic=title,
            starts_at=soon,
            ends_at=soon + timedelta(hours=2),
            place="X",
            capacity=9,
        )
    build_call("convocatoria-publica")
    build_call("convocatoria-oculta", published=False, title="SECRETO-CONVOCATORIA")
    phases = list(ProgramPhase.objects.order_by("number")[:2])
    for phase, published in zip(phases, (True, False), strict=True):
        program = Course.objects.create(
            phase=phase, title="Curso", starts_on=date(2017, 3, 1), ends_on=date(2017, 9, 1), is_published=published
        )
        title = "Seminario público" if published else "SECRETO-CURSO"
        Seminar.objects.create(program=program, number=1, title=title, place="CDMX", starts_at=soon)
    return data | {"phases": phases}


EVENT_SECRETS = [*SECRETS, "SECRETO-STL", "SECRETO-MESA", "SECRETO-CONVOCATORIA", "SECRETO-CURSO"]


def _calendar_urls(phases):
    from apertus.participation.models import Process
    from apertus.territories.models import State

    yield "/calendarios/stl.ics"
    yield "/calendarios/mesas.ics"
    for code in State.objects.values_list("code", flat=True):
        yield f"/calendarios/stl/{code}.ics"
        yield f"/calendarios/mesas/{code}.ics"
    for pk in Process.objects.values_list("pk", flat=True):
        yield f"/calendarios/consultas/{pk}.ics"
    yield "/calendarios/convocatorias/convocatoria-publica.ics"
    yield "/calendarios/convocatorias/convocatoria-oculta.ics"
    for phase in phases:
        yield f"/calendarios/formacion/{phase.year}.ics"


def test_no_secret_in_any_geojson_calendar_feed_or_sitemap(client, events):
    """GeoJSON, every public calendar (parsed with icalendar), every feed and every sitemap section, read by
    a visitor: nothing unpublished, no personal e-mail. Unpublished calendars are 404, not empty."""
    import json
    import xml.etree.ElementTree as ET
    from urllib.parse import urlsplit

    from icalendar import Calendar

    from apertus.territories.models import State

    emails = [p.email for p in events.values() if hasattr(p, "email")]

    def clean(url, text):
        for secret in [*EVENT_SECRETS, *emails]:
            assert secret not in text, (url, secret)

    for slug, dataset in DATASETS.items():
        if dataset.place is not None:
            body = _body(client.get(f"/datos/{slug}.geojson"))
            assert json.loads(body)["type"] == "FeatureCollection"
            clean(slug, body.decode())
    served, hidden = 0, 0
    for url in _calendar_urls(events["phases"]):
        response = client.get(url)
        if response.status_code == 404:
            hidden += 1
            continue
        calendar = Calendar.from_ical(_body(response))
        text = " ".join(
            str(e.get(k, "")) for e in calendar.walk("VEVENT") for k in ("SUMMARY", "DESCRIPTION", "LOCATION")
        )
        clean(url, text + _body(response).decode())
        served += 1
    assert client.get("/calendarios/convocatorias/convocatoria-oculta.ics").status_code == 404
    assert client.get(f"/calendarios/formacion/{events['phases'][1].year}.ics").status_code == 404
    assert served > 60 and hidden >= 2
    public = " ".join(
        str(e["SUMMARY"])
        for url in (
            "/calendarios/stl.ics",
            "/calendarios/mesas.ics",
            f"/calendarios/formacion/{events['phases'][0].year}.ics",
        )
        for e in Calendar.from_ical(_body(client.get(url))).walk("VEVENT")
    )
    assert "Mesa pública" in public and "Seminario público" in public  # the check reads real events
    feeds = ["/novedades.atom", "/avances.atom"]
    feeds += [f"/novedades/{slug}.atom" for slug in State.objects.values_list("slug", flat=True)]
    plan = ActionPlan.objects.get(state__code="20")
    feeds += [f"/novedades/planes/{plan.state.slug}/{plan.edition}.atom"]
    feeds += [f"/novedades/consultas/{plan.state.slug}/{plan.edition}.atom"]
    for url in feeds:
        body = _body(client.get(url))
        ET.fromstring(body)  # noqa: S314 - our own response, in a test
        clean(url, body.decode())
    draft = ActionPlan.objects.get(state__code="26")
    assert client.get(f"/novedades/planes/{draft.state.slug}/{draft.edition}.atom").status_code == 404
    index = ET.fromstring(_body(client.get("/sitemap.xml")))  # noqa: S314
    listed = []
    for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        body = _body(client.get(urlsplit(loc.text).path))
        clean(loc.text, body.decode())
        section = ET.fromstring(body)  # noqa: S314
        listed += [urlsplit(u.text).path for u in section.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert draft.get_absolute_url() not in listed and "/stl/sonora/" not in listed
    assert "/convocatorias/convocatoria-oculta/" not in listed
