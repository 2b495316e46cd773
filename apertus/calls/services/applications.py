"""Writes an applicant makes. Each one checks ownership and, on the server, that the call is open
(``require_open`` → ``call_is_open``): after the deadline nothing is accepted unless extended.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.accounts.models import Role
from apertus.accounts.privacy import NOTICE_VERSION
from apertus.accounts.services import role_assign
from apertus.calls import limits
from apertus.calls.models import Application, ApplicationStatus, Call, CVEntry, ProofStatus
from apertus.calls.selectors.applications import completeness
from apertus.calls.selectors.calls import eligible_states
from apertus.calls.services.common import require_open
from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.core.validation import full_clean
from apertus.documents.models import Document, DocumentKind
from apertus.documents.services import document_create

# What the applicant may change with ``application_update``; each form step sends some of them.
UPDATABLE = {"motives", "video_url", "state", "gender", "sector"}


def _editable(actor, application: Application, now) -> None:
    require(actor, "calls.change_application", application)
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("La solicitud ya fue enviada y no puede cambiarse."), code="submitted")
    require_open(application.call, now)


def application_start(*, actor, call: Call, now=None) -> Application:
    """Open ``actor``'s application to ``call`` (or return the one they have: one per call).

    The first application makes the person an applicant (role "applicant"). Needs a verified
    e-mail (``calls.apply``) and an open call.
    """
    require(actor, "calls.apply", call)
    existing = Application.objects.filter(call=call, applicant=actor).first()
    if existing is not None:
        return existing
    require_open(call, now)
    state = actor.state if actor.state_id in {s.pk for s in eligible_states(call)} else None
    application = Application(call=call, applicant=actor, state=state, sector=actor.sector or "")
    full_clean(application)
    try:
        with transaction.atomic():
            attribute(application, actor)
            application.save()
            role_assign(actor=None, user=actor, role=Role.APPLICANT, phase=call.phase)
    except IntegrityError:  # the same person, twice at once: the database keeps one
        return Application.objects.get(call=call, applicant=actor)
    return application


def application_update(*, actor, application: Application, now=None, **fields) -> Application:
    """Save part of the application (a partial save is fine while the call is open). The word
    limit, the video link's scheme and the state's eligibility are checked by ``Application.clean``."""
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ValueError(f"not updatable here: {sorted(unknown)}")
    _editable(actor, application, now)
    for name, value in fields.items():
        setattr(application, name, value.strip() if isinstance(value, str) else value)
    save_with_history(application, actor, update_fields=sorted(fields))
    return application


def cv_entry_add(
    *,
    actor,
    application: Application,
    section: str,
    title: str,
    organization: str = "",
    start_year: int | None = None,
    end_year: int | None = None,
    level: str = "",
    description: str = "",
    now=None,
) -> CVEntry:
    """Add a line to a CV section, up to the section's maximum. Fields a section does not ask are dropped."""
    _editable(actor, application, now)
    spec = limits.CV_SECTIONS.get(section)
    if spec is None:
        raise ValidationError({"section": _("Sección desconocida.")})
    entry = CVEntry(
        application=application,
        section=section,
        title=" ".join(str(title).split()),
        organization=" ".join(str(organization).split()) if spec.organization_label else "",
        start_year=start_year if spec.has_years else None,
        end_year=end_year if spec.has_years else None,
        level=" ".join(str(level).split()) if spec.level_label else "",
        description=str(description).strip() if spec.has_description else "",
    )
    full_clean(entry)
    with transaction.atomic():
        # Lock the application so two submissions at once cannot both pass the count.
        Application.objects.select_for_update().filter(pk=application.pk).first()
        if CVEntry.objects.filter(application=application, section=section).count() >= spec.max_count:
            raise ValidationError(
                _("«%(s)s» admite como máximo %(n)s entradas.") % {"s": spec.label, "n": spec.max_count},
                code="too_many",
            )
        entry.save()
        Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())
    return entry


def cv_entry_delete(*, actor, entry: CVEntry, now=None) -> None:
    _editable(actor, entry.application, now)
    entry.delete()


def _discard(document: Document | None) -> None:
    """Remove a replaced proof of address for good: the file and its row (it is personal data)."""
    if document is None:
        return
    document.file.delete(save=False)
    document.delete()
    document.history.all().delete()  # its original name may be personal too


def application_upload_proof(*, actor, application: Application, upload, now=None) -> Document:
    """Keep the proof of address as a PRIVATE document: checked by content (PDF or image only) and
    size, uploaded by the applicant, with no state (so no STL member can read it). Only the
    applicant and coordination can download it. Replacing it deletes the previous file."""
    _editable(actor, application, now)
    size = getattr(upload, "size", None) or 0
    if size > limits.PROOF_MAX_BYTES:
        raise ValidationError(
            _("El archivo pesa %(size)s; el máximo es %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(limits.PROOF_MAX_BYTES)},
            code="too_large",
        )
    # documents.add_document is for coordination and STLs; ownership of the application was checked above.
    document = document_create(
        actor=None,
        upload=upload,
        title=_("Comprobante de domicilio"),
        kind=DocumentKind.OTHER,
        is_public=False,
        state=None,
        allowed=limits.PROOF_KINDS,
    )
    previous = application.proof
    try:
        with transaction.atomic():
            document.uploaded_by = actor
            attribute(document, actor)
            document.save(update_fields=["uploaded_by", "updated_at"])
            application.proof = document
            application.proof_status = ProofStatus.PENDING
            application.proof_reason, application.proof_matches_state = "", None
            application.proof_checked_by = application.proof_checked_at = None
            save_with_history(
                application,
                actor,
                update_fields=[
                    "proof",
                    "proof_status",
                    "proof_reason",
                    "proof_matches_state",
                    "proof_checked_by",
                    "proof_checked_at",
                ],
            )
    except BaseException:
        _discard(document)
        raise
    transaction.on_commit(lambda: _discard(previous))
    return document


def application_consent(*, actor, application: Application, accepted: bool, now=None) -> Application:
    """Record (with its time and the notice's version) that the applicant accepts the privacy notice."""
    _editable(actor, application, now)
    if accepted:
        application.consent_at, application.consent_version = now or timezone.now(), NOTICE_VERSION
    else:
        application.consent_at, application.consent_version = None, ""
    save_with_history(application, actor, update_fields=["consent_at", "consent_version"])
    return application


def application_submit(*, actor, application: Application, now=None) -> Application:
    """Send the application: only while the call is open, and only when it is complete."""
    _editable(actor, application, now)
    fresh = Application.objects.select_related("call").prefetch_related("cv_entries").get(pk=application.pk)
    missing = completeness(fresh).missing
    if missing:
        raise ValidationError(
            _("Falta completar: %(items)s.") % {"items": ", ".join(str(i.label) for i in missing)}, code="incomplete"
        )
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = now or timezone.now()
    save_with_history(application, actor, update_fields=["status", "submitted_at"])
    return application
