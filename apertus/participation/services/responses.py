"""The STL's reasoned response to a proposal, and the notifications to its author and followers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.history import attribute
from apertus.core.permissions import require
from apertus.core.validation import full_clean
from apertus.notifications.events import FOLLOWED_PROGRESS
from apertus.notifications.selectors import followers_of
from apertus.notifications.services import notify
from apertus.participation import selectors
from apertus.participation.models import Proposal, Response
from apertus.search import index as search_index

PROPOSAL_RESPONSE = "proposal_response"  # declared in the participation manifest (apps.py)


def proposal_respond(*, actor, proposal: Proposal, kind: str, reason: str, commitment=None, now=None) -> Response:
    """Answer a proposal (or correct the answer) while the process runs; its author and followers hear once.

    Incorporated and partially incorporated proposals point to a commitment of the same plan:
    that link is the trail from the proposal to what the plan does with it.
    """
    require(actor, "participation.respond_proposal", proposal)
    refusal = selectors.respond_refusal(proposal.process, now)
    if refusal:
        raise ValidationError(refusal, code="phase_closed")
    with transaction.atomic():
        response = Response.objects.select_for_update().filter(proposal=proposal).first()
        created = response is None
        if created:
            response = Response(proposal=proposal)
        response.kind = kind
        response.reason = reason
        response.commitment = commitment
        response.responded_by = actor if getattr(actor, "is_authenticated", False) else None
        response.responded_at = now or timezone.now()
        full_clean(response)
        attribute(response, actor)
        if now is not None:
            response._history_date = now  # a replayed moment (demo) is dated then in the history too
        response.save()
        search_index.update(proposal)  # the answer is searched with its proposal
    if created:
        _tell_author_and_followers(proposal, response, actor)
    return response


def _tell_author_and_followers(proposal: Proposal, response: Response, actor) -> None:
    """One notification per person: the author, then whoever follows the proposal.

    Both calls share the dedupe key, so the messenger never writes a second row for the same person
    (an author who also follows gets the author's message). The author is also left out of the
    followers' call: an author who silenced responses does not get them as a follower either.
    """
    key = f"proposal-response:{response.pk}"
    common = {
        "body": _("Respuesta: %(k)s.") % {"k": response.get_kind_display()},
        "url": proposal.get_absolute_url(),
        "actor": actor,
        "dedupe_key": key,
        "target": proposal,
    }
    if proposal.author_id:
        notify(
            event=PROPOSAL_RESPONSE,
            recipients=[proposal.author],
            title=_("Tu propuesta «%(t)s» recibió una respuesta") % {"t": proposal.title[:120]},
            **common,
        )
    followers = list(followers_of(proposal).exclude(pk=proposal.author_id).values_list("pk", flat=True))
    if followers:
        notify(
            event=FOLLOWED_PROGRESS.name,
            recipients=followers,
            title=_("La propuesta «%(t)s», que sigues, recibió una respuesta") % {"t": proposal.title[:120]},
            **common,
        )
