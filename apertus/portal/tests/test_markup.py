"""Every main public page type is valid where tools trip: unique ids, and <time datetime> values HTML accepts.

The pages are rendered with demo-like records (a plan in implementation with progress, history and
comments, a published STL with an overdue agreement, a consultation with a proposal, the demo people).
"""

import re
from collections import Counter
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from apertus.accounts.demo import demo_people_load
from apertus.comments.services import comment_create
from apertus.core.testing import data_kept_copy
from apertus.participation.tests.conftest import build_process, propose
from apertus.plans.models import PlanStatus
from apertus.plans.services import commitment_override_completion, progress_report
from apertus.plans.tests.conftest import build_plan
from apertus.program.demo import fellows_demo_load
from apertus.stl.services import agreement_add
from apertus.stl.tests.conftest import build_stl

# HTML's valid date, month, year, time and global date-and-time strings, to the second at most.
VALID_DATETIME = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?)?)?$")


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter = Counter()
        self.datetimes: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if tag == "time" and "datetime" in attrs:
            self.datetimes.append(attrs["datetime"])

    handle_startendtag = handle_starttag


def check(html: str) -> _Markup:
    markup = _Markup()
    markup.feed(html)
    return markup


@pytest.fixture
def pages(db, people):
    """Made once a day (the agreement is overdue by three days), then its rows written back in the test's
    transaction (core/testing.py: ``data_kept_copy``): the pages only read them."""
    return data_kept_copy(f"markup pages {timezone.localdate()}", lambda: _pages_made(people))


def _pages_made(people) -> dict[str, str]:
    demo_people_load()
    fellows_demo_load()
    plan = build_plan("20", commitments=2, milestones=2, status=PlanStatus.IMPLEMENTATION)
    commitment = plan.commitments.order_by("number").first()
    progress_report(actor=None, milestone=commitment.milestones.first(), progress=50, status="en_proceso")
    commitment_override_completion(
        actor=None, commitment=commitment, completion="limitado", justification="Revisión del informe de medio término."
    )
    for target in (plan, commitment):
        comment_create(actor=people["citizen"], target=target, body="¿Cuándo se publica la **minuta**?")
    process = build_process(build_plan("26", commitments=1, milestones=1, status=PlanStatus.COCREATION))
    proposal = propose(process, people["citizen"])
    stl = build_stl("20", published=True, sessions_ago=(40, 10))
    agreement_add(
        actor=None,
        session=stl["sessions"][0],
        text="Entregar el informe",
        due_date=timezone.localdate() - timedelta(days=3),
    )  # overdue: listed twice on the STL page
    return {
        "home": "/",
        "states": "/estados/",
        "state": "/estados/oaxaca/",
        "plans": "/planes/",
        "plan": plan.get_absolute_url(),
        "commitment": commitment.get_absolute_url(),
        "stl-list": "/stl/",
        "stl": stl["stl"].get_absolute_url(),
        "session": stl["sessions"][0].get_absolute_url(),
        "processes": "/participa/",
        "process": process.get_absolute_url(),
        "proposal": proposal.get_absolute_url(),
        "goals": "/ods/",
        "goal": "/ods/16/",
        "organizations": "/organizaciones/",
        "open-data": "/datos/",
        "program": "/programa/",
        "calls": "/convocatorias/",
        "search": "/buscar/?q=agua",
        "privacy": "/privacidad/",
        "terms": "/terminos/",
        "contact": "/contacto/",
        "accessibility": "/accesibilidad/",
        "data-licence": "/licencia-de-datos/",
        "login": "/cuentas/login/",
    }


def test_no_page_repeats_an_id_or_writes_an_invalid_datetime(client, pages):
    problems = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        markup = check(response.content.decode())
        problems += [f"{name}: id {i!r} ×{n}" for i, n in markup.ids.items() if n > 1]
        problems += [f"{name}: datetime {v!r}" for v in markup.datetimes if not VALID_DATETIME.match(v)]
    assert not problems, "\n".join(problems)


def test_pages_with_comments_and_history_have_times_and_one_comment_heading(client, pages):
    for url in (pages["plan"], pages["commitment"]):
        html = client.get(url).content.decode()
        assert check(html).datetimes  # the history and the comments carry <time datetime>
        assert len(re.findall(r"<h2[^>]*>Comentarios</h2>", html)) == 1


def test_the_checker_catches_what_it_looks_for():
    markup = check(
        '<p id="a"></p><svg><g id="a"/></svg><time datetime="2026-03-09T10:00:00.123456+00:00">x</time>'
        '<time datetime="2015-03-09">y</time>'
    )
    assert markup.ids["a"] == 2
    assert [v for v in markup.datetimes if not VALID_DATETIME.match(v)] == ["2026-03-09T10:00:00.123456+00:00"]
