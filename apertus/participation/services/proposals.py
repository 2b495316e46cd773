"""Citizens' writes: propose (with attachments), support, withdraw a support."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.history import attribute
from apertus.core.permissions import require
from apertus.core.validation import full_clean
from apertus.documents.models import Document, DocumentKind
from apertus.documents.services import document_create
from apertus.participation.models import Action, Process, Proposal, Support
from apertus.participation.services.common import require_phase
from apertus.search import index as search_index
from apertus.taxonomy.models import Scheme

MAX_ATTACHMENTS = 3
ATTACHMENT_KINDS = ("pdf", "image")


def proposal_create(
    *,
    actor,
    process: Process,
    title: str,
    problem: str,
    solution: str,
    goals=(),
    municipality=None,
    uploads=(),
    now=None,
) -> Proposal:
    """A signed-in person proposes, while the open phase allows proposing.

    Attachments (PDF or images, checked by content) become public documents of the plan's state.
    Citizens may not add documents in general (``documents.add_document``): the permission to
    propose is what allows these files, so they are stored as the system and credited to the author.
    """
    if actor is None or not actor.is_authenticated:
        raise ValueError("a proposal needs an author")
    require(actor, "participation.add_proposal", process)
    require_phase(process, Action.PROPOSE, now)
    goals = list(goals)
    if any(term.scheme != Scheme.SDG_GOAL for term in goals):
        raise ValidationError({"goals": _("Elige objetivos (ODS), no metas ni otros términos.")})
    uploads = list(uploads)
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Puedes adjuntar hasta %(n)d archivos.") % {"n": MAX_ATTACHMENTS}})
    proposal = Proposal(
        process=process,
        author=actor,
        title=title,
        problem=problem,
        solution=solution,
        municipality=municipality,
        created_at=now or timezone.now(),
    )
    full_clean(proposal)
    stored: list[Document] = []
    try:
        with transaction.atomic():
            attribute(proposal, actor)
            if now is not None:
                proposal._history_date = now  # a replayed moment (demo) is dated then in the history too
            proposal.save()
            proposal.goals.set(goals)
            for upload in uploads:
                document = document_create(
                    actor=None,
                    upload=upload,
                    title=_("Anexo de la propuesta «%(t)s»") % {"t": title[:150]},
                    kind=DocumentKind.OTHER,
                    state=process.plan.state,
                    is_public=True,
                    allowed=ATTACHMENT_KINDS,
                )
                stored.append(document)
                document.uploaded_by = actor
                attribute(document, actor)
                document.save(update_fields=["uploaded_by", "updated_at"])
            proposal.attachments.set(stored)
            search_index.update(proposal)
    except BaseException:
        for document in stored:  # rolled back rows leave no files behind either
            document.file.storage.delete(document.file.name)
        raise
    return proposal


def _recount(proposal: Proposal) -> int:
    """The stored count is always the number of rows, never a blind increment."""
    count = Support.objects.filter(proposal_id=proposal.pk).count()
    Proposal.objects.filter(pk=proposal.pk).update(support_count=count)
    proposal.support_count = count
    return count


def _lock(proposal: Proposal) -> None:
    # Supports of one proposal queue here: each transaction counts after the previous one committed.
    Proposal.objects.select_for_update().filter(pk=proposal.pk).values_list("pk", flat=True).get()


def support_add(*, actor, proposal: Proposal, now=None) -> Support:
    """Support a proposal, once per person: a repeated or concurrent click returns the same support."""
    if actor is None or not actor.is_authenticated:
        raise ValueError("a support needs a person")
    require(actor, "participation.support_proposal", proposal)
    require_phase(proposal.process, Action.SUPPORT, now)
    with transaction.atomic():
        _lock(proposal)
        try:
            with transaction.atomic():
                support = Support.objects.create(proposal=proposal, user=actor, created_at=now or timezone.now())
        except IntegrityError:
            support = Support.objects.get(proposal=proposal, user=actor)
        _recount(proposal)
    return support


def support_withdraw(*, actor, proposal: Proposal, now=None) -> bool:
    """Withdraw one's support while the phase allows supporting. True if there was one."""
    if actor is None or not actor.is_authenticated:
        raise ValueError("a support needs a person")
    require(actor, "participation.support_proposal", proposal)
    require_phase(proposal.process, Action.SUPPORT, now)
    with transaction.atomic():
        _lock(proposal)
        deleted, _rows = Support.objects.filter(proposal=proposal, user=actor).delete()
        _recount(proposal)
    return bool(deleted)
