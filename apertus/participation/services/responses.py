"""The STL's reasoned response to a proposal, and the author's notification."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.history import attribute
from apertus.notifications.services import notify
from apertus.participation import selectors
from apertus.participation.models import Proposal, Response
from apertus.participation.services.common import require


def proposal_respond(*, actor, proposal: Proposal, kind: str, reason: str, commitment=None, now=None) -> Response:
    """Answer a proposal (or correct the answer) while the process runs; the author hears once.

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
        response.full_clean()
        attribute(response, actor)
        if now is not None:
            response._history_date = now  # a replayed moment (demo) is dated then in the history too
        response.save()
    if created and proposal.author_id:
        notify(
            event="proposal_response",
            recipients=[proposal.author],
            title=_("Tu propuesta «%(t)s» recibió una respuesta") % {"t": proposal.title[:120]},
            body=_("Respuesta: %(k)s.") % {"k": response.get_kind_display()},
            url=proposal.get_absolute_url(),
            actor=actor,
            dedupe_key=f"proposal-response:{response.pk}",
            target=proposal,
        )
    return response
