"""Writes about an STL: its record, its members, sessions, attendance and agreements.

Every service checks ``stl.change_stl`` on the STL concerned (coordination, or an STL member of
that state). ``actor`` None means the system (demo and data loading), as in accounts.services.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apertus.accounts.models import Role, RoleAssignment, User
from apertus.accounts.rules import is_coordinator
from apertus.accounts.services import role_assign, role_end
from apertus.core.history import attribute, save_with_history
from apertus.core.permissions import require
from apertus.core.validation import full_clean
from apertus.documents.models import DocumentKind
from apertus.documents.services import document_create
from apertus.search import index as search_index
from apertus.stl.models import (
    Agreement,
    AgreementStatus,
    Attendance,
    Member,
    MemberRole,
    MemberStatus,
    Session,
    Stl,
)

STL_FIELDS = {"declaration_date", "signatories", "declaration_document", "rules_document", "is_published"}


def _spanish(label) -> str:
    """Document titles are data, written in the source language whatever the visitor reads."""
    with translation.override("es"):
        return str(label)


def _save(obj, actor) -> None:
    full_clean(obj)
    with transaction.atomic():
        attribute(obj, actor)
        obj.save()
        search_index.update(obj)  # sessions and agreements; an STL's publication decides theirs


def stl_create(
    *,
    actor,
    state,
    declaration_date: date | None = None,
    signatories: str = "",
    is_published: bool = False,
    declaration_document=None,
    rules_document=None,
) -> Stl:
    require(actor, "stl.add_stl", state)
    stl = Stl(
        state=state,
        declaration_date=declaration_date,
        signatories=signatories,
        is_published=is_published,
        declaration_document=declaration_document,
        rules_document=rules_document,
    )
    _save(stl, actor)
    return stl


STL_DOCUMENTS = {"declaration_document": DocumentKind.DECLARATION, "rules_document": DocumentKind.RULES}


def stl_update(*, actor, stl: Stl, uploads: dict | None = None, documents_public: bool = True, **fields) -> Stl:
    """Change the STL record (dates, signatories, publication) and attach new documents.

    ``uploads`` maps ``declaration_document`` / ``rules_document`` to an uploaded file; each becomes
    a Document of the state (checked by content in documents.services). All or nothing.
    """
    require(actor, "stl.change_stl", stl)
    unknown = (set(fields) - STL_FIELDS) | (set(uploads or {}) - set(STL_DOCUMENTS))
    if unknown:
        raise TypeError(f"stl_update cannot change {sorted(unknown)}")
    with transaction.atomic():
        for field, upload in (uploads or {}).items():
            kind = STL_DOCUMENTS[field]
            fields[field] = document_create(
                actor=actor,
                upload=upload,
                title=f"{_spanish(kind.label)} · STL de {stl.state.short_name}",
                kind=kind,
                date=fields.get("declaration_date", stl.declaration_date) if kind == DocumentKind.DECLARATION else None,
                state=stl.state,
                is_public=documents_public,
            )
        for key, value in fields.items():
            setattr(stl, key, value)
        _save(stl, actor)
    return stl


def _decides_alone(actor) -> bool:
    """The system and coordination seat people directly; an STL member only proposes."""
    return actor is None or is_coordinator(actor, None)


def _account_for(email: str):
    if not email:
        return None
    return User.objects.filter(email__iexact=email, is_active=True).first()


def _seat_approve(member: Member, actor) -> None:
    """Mark the seat approved and give its person (if any) the ``stl_member`` role. Inside a transaction."""
    if member.person_id is None:
        member.person = _account_for(member.email)
    if member.person is not None and not member.display_name:
        member.display_name = member.person.public_name
    member.status = MemberStatus.APPROVED
    member.decided_by = actor
    member.decided_at = timezone.now()
    if member.person is not None:
        # The STL permission was checked by the caller; the role follows from the seat.
        member.role_assignment = role_assign(
            actor=None,
            user=member.person,
            role=Role.STL_MEMBER,
            state=member.stl.state,
            organization=member.organization,
            sector=member.sector,
            starts_on=member.start_date,
        )


def member_add(
    *,
    actor,
    stl: Stl,
    organization,
    sector: str,
    display_name: str = "",
    person=None,
    email: str = "",
    role: str = MemberRole.REPRESENTATIVE,
    start_date: date | None = None,
) -> Member:
    """Seat someone in the STL, or propose it.

    Coordination (and the system) seat the person at once. A seat proposed by an STL member starts
    pending: it gives no STL powers and is not public until ``member_approve``. ``email`` is kept
    privately and resolved to an account only when the seat is approved, so proposing a seat says
    nothing about whether the address has an account. A person with an account gets the
    ``stl_member`` role of the state when the seat is approved.
    """
    require(actor, "stl.change_stl", stl)
    if not display_name and person is not None:
        display_name = person.public_name
    member = Member(
        stl=stl,
        person=person,
        email=(email or "").strip().lower(),
        display_name=display_name.strip(),
        organization=organization,
        sector=sector,
        role=role,
        start_date=start_date or timezone.localdate(),
        status=MemberStatus.PENDING,
        proposed_by=actor,
    )
    full_clean(member)
    with transaction.atomic():
        if _decides_alone(actor):
            _seat_approve(member, actor)
        attribute(member, actor)
        member.save()
    return member


def _pending(member: Member) -> Member:
    """The seat, locked and re-read, so two people deciding at once cannot both succeed."""
    locked = Member.objects.select_for_update().select_related("stl__state", "organization").get(pk=member.pk)
    if locked.status != MemberStatus.PENDING:
        raise ValidationError(_("Esta solicitud ya fue resuelta."))
    return locked


def member_approve(*, actor, member: Member) -> Member:
    """Approve a pending seat: coordination, or an STL member of the same STL who neither proposed
    it nor holds it (``stl.approve_member``). From now on the seat counts and gives its powers."""
    if actor is None:
        raise PermissionDenied
    require(actor, "stl.approve_member", member)
    with transaction.atomic():
        member = _pending(member)
        require(actor, "stl.approve_member", member)  # again, on the row as it is now
        _seat_approve(member, actor)
        save_with_history(member, actor)
    return member


def member_reject(*, actor, member: Member, reason: str) -> Member:
    """Turn a pending seat down, with a reason kept in its history. It never counted, so nothing else changes."""
    if actor is None:
        raise PermissionDenied
    require(actor, "stl.reject_member", member)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"rejection_reason": _("Escribe el motivo del rechazo.")})
    with transaction.atomic():
        member = _pending(member)
        require(actor, "stl.reject_member", member)
        member.status = MemberStatus.REJECTED
        member.rejection_reason = reason
        member.decided_by = actor
        member.decided_at = timezone.now()
        save_with_history(member, actor)
    return member


def _seat_role(member: Member) -> RoleAssignment | None:
    if member.role_assignment_id:
        return member.role_assignment
    if member.person_id is None:
        return None
    # Seats created outside member_add (admin, older data): the person's open role for this seat.
    return RoleAssignment.objects.filter(
        user_id=member.person_id,
        role=Role.STL_MEMBER,
        state_id=member.stl.state_id,
        organization_id=member.organization_id,
        ends_on__isnull=True,
    ).first()


def member_end(*, actor, member: Member, end_date: date) -> Member:
    """End a seat and the ``stl_member`` role it gave, unless another open seat still relies on it."""
    require(actor, "stl.change_stl", member.stl)
    if member.status != MemberStatus.APPROVED:
        raise ValidationError(_("Una solicitud pendiente o rechazada no se da de baja: se aprueba o se rechaza."))
    if member.end_date is not None:
        raise ValidationError({"end_date": _("Esta persona ya fue dada de baja.")})
    member.end_date = end_date
    full_clean(member)
    with transaction.atomic():
        attribute(member, actor)
        member.save()
        assignment = _seat_role(member)
        if assignment is not None and assignment.ends_on is None:
            shared = Member.objects.filter(role_assignment=assignment, end_date__isnull=True).exclude(pk=member.pk)
            if not shared.exists():
                # role_end(actor=None) keeps this attribution: the STL actor ends the role.
                attribute(assignment, actor)
                role_end(actor=None, assignment=assignment, ends_on=end_date)
    return member


def session_create(
    *,
    actor,
    stl: Stl,
    starts_at: datetime,
    place: str = "",
    online_url: str = "",
    agenda: str = "",
    minutes_document=None,
) -> Session:
    require(actor, "stl.change_stl", stl)
    session = Session(
        stl=stl,
        starts_at=starts_at,
        place=place,
        online_url=online_url,
        agenda=agenda,
        minutes_document=minutes_document,
    )
    _save(session, actor)
    return session


def session_minutes_attach(*, actor, session: Session, upload, is_public: bool = True) -> Session:
    """Keep the minutes of a session as a Document of the state and link it to the session."""
    require(actor, "stl.change_stl", session.stl)
    day = timezone.localdate(session.starts_at)
    with transaction.atomic():
        session.minutes_document = document_create(
            actor=actor,
            upload=upload,
            title=f"{_spanish(DocumentKind.MINUTES.label)} · STL de {session.stl.state.short_name} · {day.isoformat()}",
            kind=DocumentKind.MINUTES,
            date=day,
            state=session.stl.state,
            is_public=is_public,
        )
        _save(session, actor)
    return session


def attendance_record(*, actor, session: Session, statuses: dict[int, str]) -> list[Attendance]:
    """Record who came: ``statuses`` maps member ids (of this STL) to an AttendanceStatus.

    Rows that do not change are not saved again, so the history shows only real changes.
    """
    require(actor, "stl.change_stl", session.stl)
    seats = Member.objects.filter(stl_id=session.stl_id, status=MemberStatus.APPROVED, pk__in=list(statuses))
    members = {m.pk: m for m in seats}
    strangers = set(statuses) - set(members)
    if strangers:
        raise ValidationError({"member": _("Alguna persona no integra el STL de esta sesión.")})
    existing = {a.member_id: a for a in Attendance.objects.filter(session=session, member_id__in=list(members))}
    saved = []
    with transaction.atomic():
        for member_id, status in statuses.items():
            row = existing.get(member_id) or Attendance(session=session, member=members[member_id])
            if row.pk and row.status == status:
                continue
            row.status = status
            _save(row, actor)
            saved.append(row)
    return saved


def agreement_add(
    *,
    actor,
    session: Session,
    text: str,
    owner_member: Member | None = None,
    owner_organization=None,
    due_date: date | None = None,
    status: str = AgreementStatus.PENDING,
) -> Agreement:
    require(actor, "stl.change_stl", session.stl)
    agreement = Agreement(
        session=session,
        text=text,
        owner_member=owner_member,
        owner_organization=owner_organization,
        due_date=due_date,
        status=status,
    )
    _save(agreement, actor)
    return agreement


def agreement_set_status(*, actor, agreement: Agreement, status: str) -> Agreement:
    """Follow an agreement up. Setting the status it already has changes nothing."""
    require(actor, "stl.change_stl", agreement.session.stl)
    if agreement.status == status:
        return agreement
    agreement.status = status
    _save(agreement, actor)
    return agreement
