"""Pages, API and open data: who sees what, hostile text kept inert, bounded queries."""

import pytest
from django.utils import timezone

from apertus.core.testing import ROLE_KEYS, assert_inert, assert_matrix, client_for, everyone, only
from apertus.core.tests.test_text import HOSTILE
from apertus.documents.models import Document
from apertus.documents.tests.files import image, upload
from apertus.participation import services
from apertus.participation.models import Action, PhaseKind, Process, Proposal, Support
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan
from apertus.taxonomy.models import Scheme, Term
from apertus.territories.models import Municipality

from .conftest import at, build_process, propose

EDITORS = ["stl_oaxaca", "coordinator"]
AUTHENTICATED = [r for r in ROLE_KEYS if r != "anonymous"]


def _denied(editors):
    return {**only(editors, 200, 403), "anonymous": 302}


def test_permission_matrix_over_every_view(people, cocreation_plan, process):
    draft = build_plan("20", commitments=1, milestones=1, status=PlanStatus.DRAFT)
    draft_process = build_process(draft)
    proposal = propose(process, people["citizen"])
    draft_proposal = propose(draft_process, people["stl_oaxaca"])
    hidden = propose(process, people["citizen"], title="Oculta")
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)
    phase = process.phases.get()
    base, draft_base = f"/participa/oaxaca/{cocreation_plan.edition}/", f"/participa/oaxaca/{draft.edition}/"
    matrix = {
        ("GET", "/participa/"): everyone(200),
        ("GET", base): everyone(200),
        ("GET", draft_base): only(EDITORS, 200, 404),
        ("GET", proposal.get_absolute_url()): everyone(200),
        ("GET", draft_proposal.get_absolute_url()): only(EDITORS, 200, 404),
        ("GET", hidden.get_absolute_url()): everyone(404),
        ("GET", base + "proponer/"): {**everyone(200), "anonymous": 302},
        ("GET", f"/participa/propuestas/{proposal.pk}/responder/"): _denied(EDITORS),
        ("GET", base + "gestionar/"): _denied(EDITORS),
        ("GET", base + "fases/nueva/"): _denied(EDITORS),
        ("GET", f"/participa/fases/{phase.pk}/editar/"): _denied(EDITORS),
        ("GET", "/participa/sonora/1/gestionar/"): {**everyone(404), "anonymous": 302},  # Sonora has no plan
        ("GET", "/participa/oaxaca/99/"): everyone(404),
        # a POST that only redirects: everyone signed in supports once
        ("POST", f"/participa/propuestas/{proposal.pk}/apoyar/"): everyone(302),
        ("GET", f"/participa/propuestas/{proposal.pk}/apoyar/"): {**everyone(405), "anonymous": 302},
    }
    assert_matrix(people, matrix)
    proposal.refresh_from_db()
    assert proposal.support_count == len(AUTHENTICATED) == Support.objects.filter(proposal=proposal).count()


def test_posts_by_the_wrong_people_change_nothing(people, process):
    proposal = propose(process, people["citizen"])
    phase = process.phases.get()
    edition = process.plan.edition
    posts = [
        (f"/participa/propuestas/{proposal.pk}/responder/", {"kind": "no_incorporada", "reason": "No"}),
        (f"/participa/oaxaca/{edition}/gestionar/", {"title": "Secuestrado"}),
        (
            f"/participa/oaxaca/{edition}/fases/nueva/",
            {"kind": "mesas", "name": "x", "starts_at": "2030-01-01T00:00", "ends_at": "2030-02-01T00:00"},
        ),
        (
            f"/participa/fases/{phase.pk}/editar/",
            {"kind": "mesas", "name": "x", "starts_at": "2030-01-01T00:00", "ends_at": "2030-02-01T00:00"},
        ),
        (f"/participa/fases/{phase.pk}/eliminar/", {}),
    ]
    for role in ["citizen", "stl_sonora", "facilitator", "monitor"]:
        client = client_for(people[role])
        for url, data in posts:
            assert client.post(url, data).status_code == 403, (role, url)
    for url, data in posts:
        assert client_for(None).post(url, data).status_code == 302
    process.refresh_from_db()
    assert (process.title, process.phases.get().name, hasattr(proposal, "response")) == (
        "Cocreación Oaxaca",
        phase.name,
        False,
    )


def test_the_stl_opens_a_process_and_lays_out_its_phases(people, cocreation_plan):
    client = client_for(people["stl_oaxaca"])
    base = f"/participa/oaxaca/{cocreation_plan.edition}/"
    assert client.get(base).status_code == 404
    assert (
        client.post(base + "gestionar/", {"title": "Consulta 2025", "description": "**Bienvenida**"}).status_code == 302
    )
    process = Process.objects.get(plan=cocreation_plan)
    data = {
        "kind": "propuestas",
        "name": "Propuestas",
        "starts_at": "2030-01-01T00:00",
        "ends_at": "2030-02-01T00:00",
        "actions": ["propose", "support"],
    }
    assert client.post(base + "fases/nueva/", data).status_code == 302
    overlapping = client.post(
        base + "fases/nueva/", {**data, "name": "Otra", "starts_at": "2030-01-15T00:00", "ends_at": "2030-03-01T00:00"}
    )
    assert overlapping.status_code == 200 and "Se traslapa" in overlapping.content.decode()
    phase = process.phases.get()
    assert (
        phase.actions == ["propose", "support"]
        and timezone.localtime(phase.starts_at).isoformat() == "2030-01-01T00:00:00-06:00"
    )
    edited = client.post(f"/participa/fases/{phase.pk}/editar/", {**data, "ends_at": "2029-12-01T00:00"})
    assert edited.status_code == 200 and "después de iniciar" in edited.content.decode()
    assert client.post(f"/participa/fases/{phase.pk}/eliminar/").status_code == 302
    assert not process.phases.exists()
    assert "<strong>Bienvenida</strong>" in client.get(base).content.decode()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_inert(client, people, process, text):
    services.process_update(actor=None, process=process, title=text[:255], description=text)
    services.phase_update(actor=None, phase=process.phases.get(), name=text[:120], description=text)
    proposal = propose(process, people["citizen"], title=text[:200], problem=text, solution=text)
    services.proposal_respond(actor=people["stl_oaxaca"], proposal=proposal, kind="no_incorporada", reason=text)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert_inert(page[page.index("<h1") : page.index("</h1>")])
    assert_inert(page[page.index('id="texto"') : page.index("</section>", page.index('id="respuesta"'))])
    listing = client.get(process.get_absolute_url()).content.decode()
    assert_inert(listing[listing.index("<h1") : listing.index('id="propuestas"')])
    assert_inert(listing[listing.index('class="card proposal"') : listing.index("</main>")])


def _proposals(process, people, n):
    goals = list(Term.objects.filter(scheme=Scheme.SDG_GOAL, code__in=["6", "16"]))
    for i in range(n):
        propose(process, people["citizen"], title=f"Propuesta {i}", goals=goals)


@pytest.mark.parametrize("n", [3, 40])
def test_the_process_page_runs_a_fixed_number_of_queries(client, people, process, django_assert_num_queries, n):
    _proposals(process, people, n)
    with django_assert_num_queries(8):
        response = client.get(process.get_absolute_url())
    assert response.content.decode().count('class="card proposal"') == min(n, 20)


def test_proposal_page_queries_are_bounded(client, people, process, django_assert_max_num_queries):
    proposal = propose(process, people["citizen"], goals=list(Term.objects.filter(scheme=Scheme.SDG_GOAL)[:5]))
    services.proposal_respond(
        actor=people["stl_oaxaca"],
        proposal=proposal,
        kind="parcial",
        reason="Sí",
        commitment=process.plan.commitments.first(),
    )
    monitor = client_for(people["monitor"])
    with django_assert_max_num_queries(16):  # ours, plus the comments thread's own fixed number
        response = monitor.get(proposal.get_absolute_url())
    assert response.status_code == 200 and 'data-testid="trail"' in response.content.decode()


def test_filters_and_ordering(client, people, process):
    oaxaca = Municipality.objects.filter(state__code="20").order_by("code")
    water = Term.objects.get(scheme=Scheme.SDG_GOAL, code="6")
    a = propose(process, people["citizen"], title="Agua", goals=[water], municipality=oaxaca[0])
    b = propose(process, people["citizen"], title="Sin agua", municipality=oaxaca[1])
    services.support_add(actor=people["monitor"], proposal=b)

    def titles(query):
        return [p.title for p in client.get(process.get_absolute_url() + query).context["page_obj"]]

    assert titles("") == ["Sin agua", "Agua"]  # most supported first
    assert titles("?orden=recientes") == ["Sin agua", "Agua"]
    services.support_add(actor=people["advisor"], proposal=a)
    services.support_add(actor=people["coordinator"], proposal=a)
    assert titles("?orden=apoyos") == ["Agua", "Sin agua"]
    assert titles("?ods=6") == ["Agua"]
    assert titles(f"?municipio={oaxaca[1].code}") == ["Sin agua"]
    assert titles("?ods=x&municipio=<script>&orden=nope") == ["Agua", "Sin agua"]


def test_municipality_must_be_in_the_plans_state(people, process):
    from django.core.exceptions import ValidationError

    sonora = Municipality.objects.filter(state__code="26").first()
    with pytest.raises(ValidationError) as caught:
        propose(process, people["citizen"], municipality=sonora)
    assert "municipality" in caught.value.message_dict


def test_citizens_attach_images_and_pdfs_checked_by_content(people, process):
    client = client_for(people["citizen"])
    url = f"/participa/oaxaca/{process.plan.edition}/proponer/"
    data = {"title": "Con foto", "problem": "p", "solution": "s"}
    refused = client.post(url, {**data, "attachments": [upload(b"<html><script>x()</script></html>", "foto.pdf")]})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not Proposal.objects.exists() and not Document.objects.exists()
    response = client.post(url, {**data, "attachments": [upload(image(), "foto.png", "image/png")]})
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    document = proposal.attachments.get()
    assert (document.uploaded_by, document.is_public, document.state_id, document.extension) == (
        people["citizen"],
        True,
        process.plan.state_id,
        ".png",
    )
    assert client_for(None).get(document.get_absolute_url()).status_code == 200


def test_posting_proposals_is_rate_limited(people, process, settings):
    settings.PROPOSAL_RATE = (2, 3600)
    client = client_for(people["citizen"])
    url = f"/participa/oaxaca/{process.plan.edition}/proponer/"
    statuses = [client.post(url, {"title": f"P{i}", "problem": "p", "solution": "s"}).status_code for i in range(3)]
    assert statuses == [302, 302, 429]
    assert Proposal.objects.count() == 2
    assert (
        client_for(people["monitor"]).post(url, {"title": "Otra", "problem": "p", "solution": "s"}).status_code == 302
    )


def test_api_publishes_visible_proposals_of_public_plans_only(client, people, process):
    draft = build_plan("20", commitments=1, milestones=1, status=PlanStatus.DRAFT)
    propose(build_process(draft), people["stl_oaxaca"], title="Borrador")
    shown = propose(
        process, people["citizen"], title="Visible", goals=list(Term.objects.filter(scheme=Scheme.SDG_GOAL, code="6"))
    )
    hidden = propose(process, people["citizen"], title="Oculta")
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)
    commitment = process.plan.commitments.first()
    services.proposal_respond(
        actor=people["stl_oaxaca"], proposal=shown, kind="incorporada", reason="Sí", commitment=commitment
    )
    items = client.get("/api/participation/proposals").json()["items"]
    assert [i["title"] for i in items] == ["Visible"]
    item = items[0]
    assert item["sdg_goals"] == ["6"] and item["author"] == people["citizen"].public_name
    assert item["response"] == {
        "kind": "incorporada",
        "reason": "Sí",
        "commitment_id": commitment.pk,
        "responded_at": item["response"]["responded_at"],
    }
    assert "citizen@test.apertus.mx" not in client.get("/api/participation/proposals").content.decode()
    assert client.get(f"/api/participation/proposals/{hidden.pk}").status_code == 404
    processes = client.get("/api/participation/processes").json()["items"]
    assert [p["id"] for p in processes] == [process.pk]
    assert processes[0]["current_phase"]["kind"] == PhaseKind.PROPOSALS
    assert [r["proposal_id"] for r in client.get("/api/participation/responses").json()["items"]] == [shown.pk]


def test_open_data_lists_proposals_and_responses(client, people, process):
    shown = propose(process, people["citizen"], title="Visible")
    hidden = propose(process, people["citizen"], title="Oculta")
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)
    services.proposal_respond(actor=people["stl_oaxaca"], proposal=shown, kind="no_incorporada", reason="No aplica")
    proposals = b"".join(client.get("/datos/propuestas.csv").streaming_content).decode()
    responses = b"".join(client.get("/datos/respuestas.csv").streaming_content).decode()
    assert "Visible" in proposals and "Oculta" not in proposals and "no_incorporada" in proposals
    assert "citizen@test" not in proposals and people["citizen"].public_name not in proposals
    assert responses.splitlines()[1].startswith(f"{shown.pk},no_incorporada,No incorporada,No aplica")


def test_a_closed_phase_hides_the_support_button(client, people, cocreation_plan):
    process = build_process(cocreation_plan, phases=[(PhaseKind.PROPOSALS, "during", [Action.PROPOSE])])
    services.phase_create(
        actor=None,
        process=process,
        kind=PhaseKind.TABLES,
        name="Mesas",
        starts_at=at(2),
        ends_at=at(3),
        actions=[Action.SUPPORT],
    )
    proposal = propose(process, people["citizen"])
    html = client_for(people["monitor"]).get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="support"' not in html and "abre el" in html


def _comment_on(proposal, authors, n):
    """``n`` threads on ``proposal``, a reply on every third (straight to the database: set-up only)."""
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType

    from apertus.comments.models import Comment

    ct = ContentType.objects.get_for_model(proposal)
    start = timezone.now() - timedelta(days=1)
    tops = Comment.objects.bulk_create(
        [
            Comment(
                content_type=ct,
                object_id=proposal.pk,
                author=authors[i % len(authors)],
                body=f"hilo {i}",
                created_at=start + timedelta(seconds=i),
            )
            for i in range(n)
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(
                content_type=ct,
                object_id=proposal.pk,
                author=authors[(i + 1) % len(authors)],
                body=f"respuesta {i}",
                parent=top,
                reply_to=top,
                created_at=start + timedelta(seconds=n + i),
            )
            for i, top in enumerate(tops)
            if i % 3 == 0
        ]
    )


# The proposal page: the proposal, its goals, attachments, phases and response history (5), then the thread:
# count, page, every reply of the page (3). Signed in adds the session, the user, their roles, whether they
# supported, unread notifications, their own reports in the thread, their block and the comment form's check (8).
PROPOSAL_PAGE_QUERIES = {"anonymous": 8, "citizen": 16}


@pytest.mark.parametrize("role", ["anonymous", "citizen"])
def test_the_proposal_page_costs_the_same_with_10_or_1000_comments(people, process, django_assert_num_queries, role):
    authors = [people[r] for r in ("citizen", "fellow_oaxaca", "stl_oaxaca", "monitor")]
    goals = list(Term.objects.filter(scheme=Scheme.SDG_GOAL)[:3])
    small, large = (propose(process, people["citizen"], title=t, goals=goals) for t in ("Pocos", "Muchos"))
    for proposal in (small, large):
        services.proposal_respond(
            actor=people["stl_oaxaca"],
            proposal=proposal,
            kind="parcial",
            reason="Sí",
            commitment=process.plan.commitments.first(),
        )
    _comment_on(small, authors, 10)
    _comment_on(large, authors, 1000)
    client = client_for(people[role])
    client.get(small.get_absolute_url())  # warm the content-type cache, as a running server has it
    counts = {}
    for proposal, shown in ((small, 10), (large, 20)):
        with django_assert_num_queries(PROPOSAL_PAGE_QUERIES[role]) as captured:
            html = client.get(proposal.get_absolute_url()).content.decode()
        counts[shown] = len(captured)
        assert html.count('class="comment"') == shown and 'class="comment reply"' in html
    assert counts[10] == counts[20]
