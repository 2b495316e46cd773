"""Every citizen and STL action, tried before, during and after its phase: in the service and through the view."""

import pytest
from django.core.exceptions import ValidationError

from apertus.core.testing import client_for
from apertus.participation import extensions, services
from apertus.participation.models import Action, PhaseKind, Proposal, Response, Support

from .conftest import build_process, moment_in, propose

WHENS = ["before", "during", "after"]
REFUSAL = {"before": "abre el", "after": "cerró el"}


@pytest.fixture(params=WHENS)
def when(request):
    return request.param


def _process(plan, when, actions=(Action.PROPOSE, Action.SUPPORT, Action.COMMENT)):
    return build_process(plan, phases=[(PhaseKind.PROPOSALS, when, actions)])


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_propose_through_the_service(people, cocreation_plan, when):
    process = _process(cocreation_plan, when)
    if when == "during":
        proposal = services.proposal_create(
            actor=people["citizen"], process=process, title="t", problem="p", solution="s"
        )
        assert proposal.author == people["citizen"]
    else:
        with pytest.raises(ValidationError) as caught:
            services.proposal_create(actor=people["citizen"], process=process, title="t", problem="p", solution="s")
        assert REFUSAL[when] in caught.value.messages[0]
        assert not Proposal.objects.exists()


def test_propose_through_the_view(people, cocreation_plan, when):
    process = _process(cocreation_plan, when)
    url = f"/participa/oaxaca/{cocreation_plan.edition}/proponer/"
    client = client_for(people["citizen"])
    page = client.get(url, follow=True)
    response = client.post(url, {"title": "Mi propuesta", "problem": "p", "solution": "s"}, follow=True)
    if when == "during":
        assert page.status_code == 200 and page.context["form"] is not None
        proposal = Proposal.objects.get()
        assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    else:
        assert not Proposal.objects.exists()
        assert response.redirect_chain[-1][0] == process.get_absolute_url()
        assert REFUSAL[when] in _messages(response)
        assert 'data-testid="propose"' not in response.content.decode()


def test_the_propose_button_shows_only_when_the_phase_allows(client, cocreation_plan, when):
    process = _process(cocreation_plan, when)
    html = client.get(process.get_absolute_url()).content.decode()
    assert ('data-testid="propose"' in html) is (when == "during")
    assert ('data-testid="open-phase"' in html) is (when == "during")


def test_support_and_withdraw_through_the_service(people, cocreation_plan, when):
    process = _process(cocreation_plan, when)
    proposal = propose(process, people["citizen"], when=when)
    earlier = services.support_add(actor=people["fellow_oaxaca"], proposal=proposal, now=moment_in(when))
    if when == "during":
        services.support_add(actor=people["monitor"], proposal=proposal)
        assert services.support_withdraw(actor=people["fellow_oaxaca"], proposal=proposal) is True
        assert list(Support.objects.values_list("user", flat=True)) == [people["monitor"].pk]
    else:
        for service, actor in [(services.support_add, people["monitor"]), (services.support_withdraw, earlier.user)]:
            with pytest.raises(ValidationError) as caught:
                service(actor=actor, proposal=proposal)
            assert REFUSAL[when] in caught.value.messages[0]
        assert list(Support.objects.values_list("user", flat=True)) == [earlier.user_id]
    proposal.refresh_from_db()
    assert proposal.support_count == Support.objects.count() == 1


def test_support_and_withdraw_through_the_view(people, cocreation_plan, when):
    process = _process(cocreation_plan, when)
    proposal = propose(process, people["citizen"], when=when)
    services.support_add(actor=people["fellow_oaxaca"], proposal=proposal, now=moment_in(when))
    supporter, withdrawer = client_for(people["monitor"]), client_for(people["fellow_oaxaca"])
    added = supporter.post(f"/participa/propuestas/{proposal.pk}/apoyar/", follow=True)
    withdrawn = withdrawer.post(f"/participa/propuestas/{proposal.pk}/retirar-apoyo/", follow=True)
    supporters = set(Support.objects.values_list("user", flat=True))
    if when == "during":
        assert supporters == {people["monitor"].pk}
    else:
        assert supporters == {people["fellow_oaxaca"].pk}
        assert REFUSAL[when] in _messages(added) and REFUSAL[when] in _messages(withdrawn)
        assert 'data-testid="support-closed"' in added.content.decode()
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_the_comment_gate_follows_the_phase(people, cocreation_plan, when):
    process = _process(cocreation_plan, when)
    proposal = propose(process, people["citizen"], when=when)
    reason = extensions.comment_gate(people["monitor"], proposal)
    if when == "during":
        assert reason is None
    else:
        assert REFUSAL[when] in reason and "comentar" in reason


def test_comment_through_the_comments_service_and_view(people, cocreation_plan, when):
    from django.core.exceptions import PermissionDenied

    from apertus.comments.models import Comment
    from apertus.comments.services import comment_create

    process = _process(cocreation_plan, when)
    proposal = propose(process, people["citizen"], when=when)
    post = {"content_type": "participation.proposal", "object_id": proposal.pk, "body": "Estoy de acuerdo"}
    response = client_for(people["monitor"]).post("/comentarios/nuevo/", post)
    if when == "during":
        comment_create(actor=people["advisor"], target=proposal, body="Yo también")
        assert response.status_code == 302
        assert Comment.objects.count() == 2
    else:
        with pytest.raises(PermissionDenied) as caught:
            comment_create(actor=people["advisor"], target=proposal, body="Yo también")
        assert REFUSAL[when] in str(caught.value)
        assert response.status_code == 403
        assert not Comment.objects.exists()


def test_no_comments_where_the_open_phase_does_not_open_them(people, cocreation_plan):
    process = _process(cocreation_plan, "during", actions=(Action.PROPOSE,))
    proposal = propose(process, people["citizen"])
    assert extensions.comment_gate(people["monitor"], proposal) == "Ninguna fase de este proceso permite comentar."


RESPOND_REFUSAL = {"before": "aún no inicia", "after": "terminó el"}


def test_respond_through_the_service(people, cocreation_plan, when):
    process = _process(cocreation_plan, when)
    proposal = propose(process, people["citizen"], when=when)
    if when == "during":
        services.proposal_respond(
            actor=people["stl_oaxaca"], proposal=proposal, kind="no_incorporada", reason="Fuera de alcance"
        )
        assert Response.objects.get().responded_by == people["stl_oaxaca"]
    else:
        with pytest.raises(ValidationError) as caught:
            services.proposal_respond(actor=people["stl_oaxaca"], proposal=proposal, kind="no_incorporada", reason="x")
        assert RESPOND_REFUSAL[when] in caught.value.messages[0]
        assert not Response.objects.exists()


def test_respond_through_the_view(people, cocreation_plan, when):
    process = _process(cocreation_plan, when)
    proposal = propose(process, people["citizen"], when=when)
    response = client_for(people["stl_oaxaca"]).post(
        f"/participa/propuestas/{proposal.pk}/responder/",
        {"kind": "no_incorporada", "reason": "Fuera de alcance"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == proposal.get_absolute_url()
    if when == "during":
        assert Response.objects.get().reason == "Fuera de alcance"
    else:
        assert not Response.objects.exists()
        assert RESPOND_REFUSAL[when] in _messages(response)
