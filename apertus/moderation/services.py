"""Writes for moderation: hide, restore, flag, dismiss, block. Always with a reason, always logged.

Hiding and restoring save the content with the reason as its history change reason, so the
content's own history says who hid it and why; the ``ModerationAction`` log keeps the full reason.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.history import attribute
from apertus.core.permissions import need
from apertus.core.validation import full_clean
from apertus.moderation.models import ActionKind, Flag, ModerationAction, UserBlock
from apertus.moderation.registry import state_id_of
from apertus.moderation.selectors import flag_threshold, forget_blocked, moderators_for
from apertus.notifications.services import notify
from apertus.search import index as search_index

REASON_MAX = 500


def _reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Indica el motivo.")}, code="required")
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("El motivo admite hasta %(n)s caracteres.") % {"n": REASON_MAX}}, code="max_length"
        )
    return reason


def _summary(obj) -> str:
    return str(obj)[:300]


def _record(*, actor, action: str, reason: str, obj=None, target_user=None, state_id=None) -> ModerationAction:
    entry = ModerationAction(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        reason=reason,
        target_user=target_user,
        state_id=state_id,
        summary=_summary(obj if obj is not None else (target_user.public_name if target_user else "")),
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj)
        entry.object_id = obj.pk
    entry.save()
    return entry


def _resolve_flags(obj, now) -> None:
    Flag.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, resolved_at__isnull=True
    ).update(resolved_at=now)


def _save_moderated(obj, actor, reason: str, fields: list[str]) -> None:
    attribute(obj, actor)
    obj._change_reason = reason
    obj.save(update_fields=fields)


def content_hide(*, actor, obj, reason: str):
    """Hide ``obj`` (any Moderatable) with a reason; its open flags are settled and its author told why."""
    need(actor, "moderation.moderate", obj)
    reason = _reason(reason)
    if obj.is_hidden:
        raise ValidationError(_("Este contenido ya está oculto."), code="already_hidden")
    now = timezone.now()
    with transaction.atomic():
        obj.is_hidden, obj.hidden_reason, obj.hidden_at, obj.hidden_by, obj.flag_count = True, reason, now, actor, 0
        _save_moderated(obj, actor, reason, ["is_hidden", "hidden_reason", "hidden_at", "hidden_by", "flag_count"])
        _resolve_flags(obj, now)
        search_index.update(obj)  # hidden content leaves the search at once
        entry = _record(actor=actor, action=ActionKind.HIDE, reason=reason, obj=obj, state_id=state_id_of(obj))
    author = getattr(obj, "author", None)
    if author is not None:
        notify(
            event="moderation",
            recipients=[author],
            title=_("Ocultamos una de tus publicaciones"),
            body=_("Motivo: %(r)s") % {"r": reason},
            actor=actor,
            dedupe_key=f"hidden:{entry.content_type_id}:{obj.pk}:{entry.pk}",
            target=obj,
        )
    return obj


def content_restore(*, actor, obj, reason: str):
    """Show hidden content again; the reason is kept in its history and in the log."""
    need(actor, "moderation.moderate", obj)
    reason = _reason(reason)
    if not obj.is_hidden:
        raise ValidationError(_("Este contenido no está oculto."), code="not_hidden")
    with transaction.atomic():
        obj.is_hidden, obj.hidden_reason, obj.hidden_at, obj.hidden_by = False, "", None, None
        _save_moderated(obj, actor, reason, ["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
        search_index.update(obj)
        _record(actor=actor, action=ActionKind.RESTORE, reason=reason, obj=obj, state_id=state_id_of(obj))
    return obj


def flags_dismiss(*, actor, obj, reason: str = "") -> int:
    """The flags on ``obj`` were reviewed and it stays visible: it leaves the queue. Returns how many."""
    need(actor, "moderation.moderate", obj)
    reason = (reason or "").strip()[:REASON_MAX] or _("Reportes revisados: el contenido cumple las reglas.")
    now = timezone.now()
    with transaction.atomic():
        settled = Flag.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, resolved_at__isnull=True
        ).update(resolved_at=now)
        type(obj)._base_manager.filter(pk=obj.pk).update(flag_count=0)
        _record(actor=actor, action=ActionKind.DISMISS, reason=reason, obj=obj, state_id=state_id_of(obj))
    obj.flag_count = 0
    return settled


def flag_add(*, user, obj, reason: str) -> Flag:
    """One report per person per item. At ``MODERATION_FLAG_THRESHOLD`` the item enters the review
    queue and its moderators are told once."""
    need(user, "moderation.flag_content", obj)
    reason = _reason(reason)
    model = type(obj)
    state_id = state_id_of(obj)
    try:
        with transaction.atomic():
            # The content row is locked so concurrent reports count one after another.
            count = model._base_manager.select_for_update().values_list("flag_count", flat=True).get(pk=obj.pk) + 1
            flag = Flag.objects.create(
                content_type=ContentType.objects.get_for_model(obj),
                object_id=obj.pk,
                reporter=user,
                reason=reason,
                state_id=state_id,
            )
            model._base_manager.filter(pk=obj.pk).update(flag_count=count)
    except IntegrityError:
        raise ValidationError(_("Ya reportaste este contenido."), code="duplicate") from None
    obj.flag_count = count
    if count == flag_threshold():
        ct = flag.content_type_id
        notify(
            event="moderation",
            recipients=moderators_for(state_id),
            title=_("Contenido reportado para revisión"),
            body=_("«%(s)s» recibió %(n)s reportes.") % {"s": _summary(obj)[:120], "n": count},
            url=reverse("moderation:queue"),
            dedupe_key=f"flagged:{ct}:{obj.pk}",
            target=obj,
        )
    return flag


def user_block(*, actor, user, reason: str) -> UserBlock:
    """Block a person: their content disappears from every list and they can no longer post."""
    need(actor, "moderation.block_user", user)
    reason = _reason(reason)
    if actor.pk == user.pk:
        raise ValidationError(_("No puedes bloquear tu propia cuenta."), code="self")
    with transaction.atomic():
        block = UserBlock.objects.select_for_update().filter(user=user).first()
        if block is not None and block.lifted_at is None:
            raise ValidationError(_("Esta persona ya está bloqueada."), code="already_blocked")
        block = block or UserBlock(user=user)
        block.reason, block.blocked_by, block.lifted_at = reason, actor, None
        if block.pk:
            block.created_at = timezone.now()  # blocked again: the block runs from now
        full_clean(block)
        attribute(block, actor)
        block._change_reason = reason
        block.save()
        search_index.update_authored_by(user)
        _record(actor=actor, action=ActionKind.BLOCK, reason=reason, target_user=user)
    forget_blocked(user)
    return block


def user_unblock(*, actor, user, reason: str) -> UserBlock:
    need(actor, "moderation.block_user", user)
    reason = _reason(reason)
    with transaction.atomic():
        block = UserBlock.objects.select_for_update().filter(user=user, lifted_at__isnull=True).first()
        if block is None:
            raise ValidationError(_("Esta persona no está bloqueada."), code="not_blocked")
        block.lifted_at = timezone.now()
        attribute(block, actor)
        block._change_reason = reason
        block.save(update_fields=["lifted_at"])
        search_index.update_authored_by(user)
        _record(actor=actor, action=ActionKind.UNBLOCK, reason=reason, target_user=user)
    forget_blocked(user)
    return block
