"""The one messenger: every notification (in-app and e-mail) goes through ``notify``.

Also the writes a person makes here: marking notifications read, their preferences, and what
they follow. Delivery by e-mail lives in ``delivery`` and runs in background tasks.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apertus.accounts.models import User
from apertus.core.permissions import need
from apertus.core.validation import full_clean
from apertus.notifications.events import EVENTS, get_event
from apertus.notifications.models import EmailState, Follow, Frequency, Notification, Preference

_CHUNK = 500  # ids per IN (...) clause: well under every database's limit on parameters


def notify(
    *,
    event: str,
    recipients: Iterable,
    title: str,
    body: str = "",
    url: str = "",
    actor=None,
    dedupe_key: str,
    target=None,
) -> int:
    """Tell ``recipients`` that ``event`` happened. Returns how many new notifications were created.

    ``dedupe_key`` identifies the event (e.g. "proposal-response:42"): a person is never notified
    twice for the same key, whatever happens (retries, double clicks). ``actor`` is never notified
    of their own action. Delivery (in-app now, e-mail now or in the daily digest) follows each
    person's preferences and runs in background tasks.

    ``recipients`` are users (or their ids); inactive accounts are left out. The rows are written
    in the caller's transaction: if it rolls back, nobody is notified. One e-mail task is queued
    after commit. ``url`` is a path on this site ("/planes/..."); anything else is dropped. A
    person who silenced an (optional) event gets no row at all, in-app or by e-mail.
    """
    spec = get_event(event)
    dedupe_key = str(dedupe_key or "").strip()
    if not dedupe_key or len(dedupe_key) > 200:
        raise ValueError("dedupe_key is required (at most 200 characters)")
    people = _active_recipients(recipients, exclude=getattr(actor, "pk", None))
    if not people:
        return 0
    batch = uuid.uuid4().hex
    content_type = ContentType.objects.get_for_model(target) if target is not None else None
    fields = {
        "event": spec.name,
        "title": _clip(str(title), 255),
        "body": str(body or ""),
        "url": site_path(url),
        "actor_id": getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None,
        "content_type": content_type,
        "object_id": target.pk if target is not None else None,
        "dedupe_key": dedupe_key,
        "batch": batch,
    }
    rows = []
    for user_id, preference in people.items():
        if not preference.wants(spec):
            continue
        state = EmailState.SKIPPED if preference.email_mode == Frequency.NEVER else EmailState.PENDING
        rows.append(Notification(recipient_id=user_id, email_state=state, **fields))
    if not rows:
        return 0
    with transaction.atomic():
        # The unique (dedupe_key, recipient) constraint makes a second insert a no-op, even when
        # two calls race; ``batch`` then tells which rows this call wrote.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created = list(
            Notification.objects.filter(dedupe_key=dedupe_key, batch=batch).values_list("recipient_id", "email_state")
        )
    if any(state == EmailState.PENDING and people[uid].email_mode == Frequency.IMMEDIATE for uid, state in created):
        transaction.on_commit(partial(_enqueue_immediate, dedupe_key, batch), robust=True)
    return len(created)


def _enqueue_immediate(dedupe_key: str, batch: str) -> None:
    from apertus.notifications.tasks import send_immediate

    send_immediate.enqueue(dedupe_key, batch)


def _active_recipients(recipients: Iterable, *, exclude) -> dict[int, Preference]:
    """Each distinct active recipient's id with their preferences (saved, or the defaults): one query per 500."""

    ids = []
    for person in recipients or ():
        pk = person if isinstance(person, int) else getattr(person, "pk", None)
        if pk is not None and pk != exclude:
            ids.append(pk)
    ids = list(dict.fromkeys(ids))
    people: dict[int, Preference] = {}
    for start in range(0, len(ids), _CHUNK):
        found = User.objects.filter(pk__in=ids[start : start + _CHUNK], is_active=True).values_list(
            "pk",
            "notification_preference__email_enabled",
            "notification_preference__frequency",
            "notification_preference__muted_events",
        )
        for pk, enabled, frequency, muted in found:
            people[pk] = (
                Preference(user_id=pk)
                if frequency is None
                else Preference(user_id=pk, email_enabled=enabled, frequency=frequency, muted_events=muted or [])
            )
    return people


def site_path(url) -> str:
    """A link inside this site ("/planes/..."), or "" for anything else (other sites, ``javascript:``)."""
    url = str(url or "").strip()
    if url.startswith(settings.SITE_URL + "/"):
        url = url[len(settings.SITE_URL) :]
    if not url.startswith("/") or url.startswith("//") or "\\" in url or len(url) > 500:
        return ""
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in url):
        return ""
    return url


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- A person's own inbox and preferences -------------------------------------------------------


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    need(actor, "notifications.change_notification", notification)
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, actor) -> int:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    return Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=timezone.now())


def preference_update(
    *, actor, user, email_enabled: bool, frequency: str, muted_events: Iterable[str] = ()
) -> Preference:
    """Save how ``user`` wants to hear from Apertus. Only optional, known events can be silenced."""
    need(actor, "notifications.change_preference", user)
    muted = sorted(set(muted_events))
    unknown = [name for name in muted if name not in EVENTS or not EVENTS[name].optional]
    if unknown:
        raise ValidationError({"muted_events": f"no se pueden desactivar: {', '.join(unknown)}"})
    preference = Preference.objects.filter(user=user).first() or Preference(user=user)
    preference.email_enabled = bool(email_enabled)
    preference.frequency = frequency
    preference.muted_events = muted
    full_clean(preference)
    with transaction.atomic():
        preference.save()
    return preference


# --- Follows -------------------------------------------------------------------------------------


def follow(*, user, obj) -> Follow:
    """``user`` follows ``obj`` (allow-listed and visible to them). Following twice changes nothing."""
    need(user, "notifications.follow_object", obj)
    content_type = ContentType.objects.get_for_model(obj)
    # get_or_create survives two clicks at once: the unique constraint decides, then it reads.
    row, _created = Follow.objects.get_or_create(user=user, content_type=content_type, object_id=obj.pk)
    return row


def unfollow(*, user, obj) -> bool:
    """Stop following (always allowed, even if the object is no longer visible). True if something changed."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    content_type = ContentType.objects.get_for_model(obj)
    deleted, _ = Follow.objects.filter(user_id=user.pk, content_type=content_type, object_id=obj.pk).delete()
    return bool(deleted)
