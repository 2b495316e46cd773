"""Reasoned responses: who answers, what they must say, the author hears once, the plan waits for them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apertus.core.testing import client_for
from apertus.participation import selectors, services
from apertus.participation.models import Proposal, Response
from apertus.plans import services as plan_services
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan

from .conftest import build_process, propose


@pytest.fixture
def proposal(people, process):
    return propose(process, people["citizen"])


@pytest.fixture
def sent(monkeypatch):
    calls = []
    monkeypatch.setattr("apertus.participation.services.responses.notify", lambda **kw: calls.append(kw) or 1)
    return calls


def test_only_the_plans_stl_and_coordinators_respond(people, proposal):
    for role in ["citizen", "applicant", "fellow_oaxaca", "stl_sonora", "facilitator", "advisor", "monitor"]:
        with pytest.raises(PermissionDenied):
            services.proposal_respond(actor=people[role], proposal=proposal, kind="no_incorporada", reason="No")
    for role in ["stl_oaxaca", "coordinator"]:
        services.proposal_respond(actor=people[role], proposal=proposal, kind="no_incorporada", reason=f"Por {role}")
    assert Response.objects.get().reason == "Por coordinator"


def test_incorporated_answers_point_to_a_commitment_of_the_same_plan(people, proposal):
    stl = people["stl_oaxaca"]
    own = proposal.process.plan.commitments.first()
    other = build_plan("20", commitments=1, milestones=1).commitments.first()  # Oaxaca too, another edition
    for kind in ["incorporada", "parcial"]:
        with pytest.raises(ValidationError) as caught:
            services.proposal_respond(actor=stl, proposal=proposal, kind=kind, reason="Sí")
        assert "commitment" in caught.value.message_dict
        with pytest.raises(ValidationError) as caught:
            services.proposal_respond(actor=stl, proposal=proposal, kind=kind, reason="Sí", commitment=other)
        assert caught.value.message_dict["commitment"] == ["El compromiso debe ser del plan de este proceso."]
    with pytest.raises(ValidationError):
        services.proposal_respond(actor=stl, proposal=proposal, kind="no_incorporada", reason="No", commitment=own)
    with pytest.raises(ValidationError) as caught:
        services.proposal_respond(actor=stl, proposal=proposal, kind="parcial", reason="   ", commitment=own)
    assert "reason" in caught.value.message_dict
    assert not Response.objects.exists()
    response = services.proposal_respond(
        actor=stl, proposal=proposal, kind="parcial", reason="Un piloto", commitment=own
    )
    assert response.commitment == own


def test_the_respond_view_offers_only_this_plans_commitments(people, proposal):
    other = build_plan("20", commitments=1, milestones=1).commitments.first()
    client = client_for(people["stl_oaxaca"])
    page = client.get(f"/participa/propuestas/{proposal.pk}/responder/")
    assert list(page.context["form"].fields["commitment"].queryset) == list(proposal.process.plan.commitments.all())
    response = client.post(
        f"/participa/propuestas/{proposal.pk}/responder/",
        {"kind": "incorporada", "reason": "Sí", "commitment": other.pk},
    )
    assert response.status_code == 200 and "commitment" in response.context["form"].errors
    assert not Response.objects.exists()


def test_the_author_is_notified_once(people, proposal, sent):
    stl = people["stl_oaxaca"]
    commitment = proposal.process.plan.commitments.first()
    response = services.proposal_respond(actor=stl, proposal=proposal, kind="no_incorporada", reason="Primero")
    services.proposal_respond(
        actor=stl, proposal=proposal, kind="incorporada", reason="Corregida", commitment=commitment
    )
    assert len(sent) == 1
    call = sent[0]
    assert call["event"] == "proposal_response"
    assert call["dedupe_key"] == f"proposal-response:{response.pk}"
    assert list(call["recipients"]) == [people["citizen"]]
    assert call["actor"] == stl and call["target"] == proposal
    assert call["url"] == proposal.get_absolute_url()
    # the correction is kept in the response's history
    assert [h.kind for h in Response.objects.get().history.order_by("history_date")] == [
        "no_incorporada",
        "incorporada",
    ]


def test_a_plan_is_not_published_while_a_proposal_waits_for_its_answer(people, cocreation_plan, process):
    first = propose(process, people["citizen"])
    second = propose(process, people["fellow_oaxaca"], title="Otra")
    hidden = propose(process, people["monitor"], title="Oculta")
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)  # hidden proposals need no answer
    with pytest.raises(ValidationError) as caught:
        plan_services.plan_transition(actor=people["stl_oaxaca"], plan=cocreation_plan, target=PlanStatus.PUBLISHED)
    assert "2 propuestas ciudadanas no tienen respuesta razonada." in caught.value.messages
    services.proposal_respond(actor=people["stl_oaxaca"], proposal=first, kind="no_incorporada", reason="No")
    with pytest.raises(ValidationError) as caught:
        plan_services.plan_transition(actor=people["stl_oaxaca"], plan=cocreation_plan, target=PlanStatus.PUBLISHED)
    assert "1 propuesta ciudadana no tiene respuesta razonada." in caught.value.messages
    html = client_for(people["stl_oaxaca"]).get(cocreation_plan.get_absolute_url()).content.decode()
    assert "1 propuesta ciudadana no tiene respuesta razonada." in html  # the plan page says why it cannot publish
    services.proposal_respond(actor=people["stl_oaxaca"], proposal=second, kind="no_incorporada", reason="No")
    plan = plan_services.plan_transition(actor=people["stl_oaxaca"], plan=cocreation_plan, target=PlanStatus.PUBLISHED)
    assert plan.status == PlanStatus.PUBLISHED


def test_plans_without_a_process_publish_as_before(people):
    plan = build_plan("26", commitments=1, milestones=1, status=PlanStatus.COCREATION)
    assert (
        plan_services.plan_transition(actor=None, plan=plan, target=PlanStatus.PUBLISHED).status == PlanStatus.PUBLISHED
    )


def test_the_trail_runs_both_ways(client, people, cocreation_plan):
    process = build_process(cocreation_plan)
    commitment = cocreation_plan.commitments.first()
    fed, partial, refused, hidden = (
        propose(process, people["citizen"], title=t) for t in ["Alimentó", "Parcial", "Rechazada", "Oculta"]
    )
    stl = people["stl_oaxaca"]
    services.proposal_respond(actor=stl, proposal=fed, kind="incorporada", reason="Sí", commitment=commitment)
    services.proposal_respond(actor=stl, proposal=partial, kind="parcial", reason="En parte", commitment=commitment)
    services.proposal_respond(actor=stl, proposal=refused, kind="no_incorporada", reason="No")
    services.proposal_respond(actor=stl, proposal=hidden, kind="incorporada", reason="Sí", commitment=commitment)
    Proposal.objects.filter(pk=hidden.pk).update(is_hidden=True)
    assert set(selectors.proposals_for_commitment(commitment)) == {fed, partial}

    from django.template.loader import render_to_string

    html = render_to_string(
        "participation/commitment_trail.html", {"proposals": selectors.proposals_for_commitment(commitment)}
    )
    assert fed.get_absolute_url() in html and partial.get_absolute_url() in html and "Oculta" not in html
    assert "Incorporada parcialmente" in html

    page = client.get(fed.get_absolute_url()).content.decode()
    assert f'href="{commitment.get_absolute_url()}"' in page
    assert 'data-testid="trail"' in page and f"{commitment.progress:.0f}%" in page


def test_the_messenger_stores_one_notification_for_the_author(people, proposal):
    from apertus.notifications.models import Notification

    stl = people["stl_oaxaca"]
    commitment = proposal.process.plan.commitments.first()
    services.proposal_respond(actor=stl, proposal=proposal, kind="no_incorporada", reason="Primero")
    services.proposal_respond(actor=stl, proposal=proposal, kind="parcial", reason="Corregida", commitment=commitment)
    notes = Notification.objects.filter(event="proposal_response")
    assert [(n.recipient_id, n.url) for n in notes] == [(people["citizen"].pk, proposal.get_absolute_url())]


def test_followers_hear_once_and_the_author_who_follows_gets_only_the_authors_message(people, proposal):
    from apertus.notifications.models import Notification
    from apertus.notifications.services import follow

    stl = people["stl_oaxaca"]
    for role in ["citizen", "monitor", "fellow_oaxaca", "stl_oaxaca"]:  # the author follows too; so does who answers
        follow(user=people[role], obj=proposal)
    follow(user=people["advisor"], obj=proposal)
    people["advisor"].is_active = False
    people["advisor"].save(update_fields=["is_active"])  # disabled accounts are not told
    commitment = proposal.process.plan.commitments.first()
    response = services.proposal_respond(actor=stl, proposal=proposal, kind="no_incorporada", reason="Primero")
    services.proposal_respond(actor=stl, proposal=proposal, kind="parcial", reason="Corregida", commitment=commitment)
    notes = Notification.objects.filter(dedupe_key=f"proposal-response:{response.pk}").order_by("recipient__email")
    assert [(n.recipient, n.event, n.title) for n in notes] == [
        (people["citizen"], "proposal_response", "Tu propuesta «Agua limpia en mi colonia» recibió una respuesta"),
        (
            people["fellow_oaxaca"],
            "followed_progress",
            "La propuesta «Agua limpia en mi colonia», que sigues, recibió una respuesta",
        ),
        (
            people["monitor"],
            "followed_progress",
            "La propuesta «Agua limpia en mi colonia», que sigues, recibió una respuesta",
        ),
    ]
    assert {n.url for n in notes} == {proposal.get_absolute_url()} and {n.body for n in notes} == {
        "Respuesta: No incorporada."
    }
    assert Notification.objects.count() == 3  # the correction told nobody again


def test_an_author_who_silenced_responses_is_not_told_as_a_follower_either(people, proposal):
    from apertus.notifications.models import Notification
    from apertus.notifications.services import follow, preference_update

    follow(user=people["citizen"], obj=proposal)
    follow(user=people["monitor"], obj=proposal)
    preference_update(
        actor=people["citizen"],
        user=people["citizen"],
        email_enabled=True,
        frequency="inmediata",
        muted_events=["proposal_response"],
    )
    services.proposal_respond(actor=people["stl_oaxaca"], proposal=proposal, kind="no_incorporada", reason="No")
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [people["monitor"].pk]


def test_followers_are_told_even_when_the_authors_account_was_deleted(people, proposal, sent):
    from apertus.notifications.services import follow

    follow(user=people["monitor"], obj=proposal)
    Proposal.objects.filter(pk=proposal.pk).update(author=None)
    proposal.refresh_from_db()
    response = services.proposal_respond(
        actor=people["stl_oaxaca"], proposal=proposal, kind="no_incorporada", reason="No"
    )
    assert [(c["event"], list(c["recipients"]), c["dedupe_key"]) for c in sent] == [
        ("followed_progress", [people["monitor"].pk], f"proposal-response:{response.pk}")
    ]
