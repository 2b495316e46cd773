"""E-mail delivery of notifications: immediately, or in one daily digest. Run by background tasks.

Every row moves out of "pending" exactly once, by a conditional UPDATE that only one worker can
win; the e-mail is sent only by the winner. A retried or duplicated task therefore never sends
twice. If sending fails, the row goes back to "pending" and the next run tries again.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.core import mail
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apertus.notifications.models import EmailState, Frequency, Notification, Preference

logger = logging.getLogger(__name__)

# Older pending notifications are not news any more: they stay in the inbox, unsent.
MAX_AGE = timedelta(days=2)
# An immediate e-mail still pending after this long lost its task (worker down, SMTP error).
RETRY_AFTER = timedelta(minutes=10)
DIGEST_BODY_CHARS = 500


class DeliveryError(Exception):
    """Some e-mails could not be sent; their rows are pending again."""


def email_mode(user) -> str:
    try:
        preference = user.notification_preference
    except Preference.DoesNotExist:
        return Frequency.IMMEDIATE
    return preference.email_mode


def _claim(pk: int, state: str, now) -> bool:
    """Move one row from pending to ``state``. True only for the one caller that did it."""
    return bool(
        Notification.objects.filter(pk=pk, email_state=EmailState.PENDING).update(email_state=state, emailed_at=now)
    )


def _release(pks: list[int], state: str) -> None:
    Notification.objects.filter(pk__in=pks, email_state=state).update(email_state=EmailState.PENDING, emailed_at=None)


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path else settings.SITE_URL + "/"


def _footer() -> str:
    return "\n\n-- \n" + _(
        "Recibes este correo por tus preferencias de notificaciones en Apertus. Puedes cambiarlas en %(url)s"
    ) % {"url": _link("/notificaciones/preferencias/")}


def _greeting(user) -> str:
    return _("Hola, %(name)s:") % {"name": user.first_name} if user.first_name else _("Hola:")


def immediate_message(notification: Notification) -> mail.EmailMessage:
    user = notification.recipient
    parts = [_greeting(user), notification.title]
    if notification.body:
        parts.append(notification.body)
    parts.append(_("Consúltalo en Apertus: %(url)s") % {"url": _link(notification.url)})
    return mail.EmailMessage(
        subject=_("Apertus: %(title)s") % {"title": notification.title},
        body="\n\n".join(parts) + _footer(),
        to=[user.email],
        # Which row this e-mail delivers: lets an operator (and the load test) spot a duplicate.
        headers={"Auto-Submitted": "auto-generated", "X-Apertus-Notification": str(notification.pk)},
    )


def digest_message(user, notifications: list[Notification]) -> mail.EmailMessage:
    count = len(notifications)
    items = []
    for n in notifications:
        text = n.body if len(n.body) <= DIGEST_BODY_CHARS else n.body[: DIGEST_BODY_CHARS - 1] + "…"
        items.append("\n".join(x for x in [f"• {n.title}", text, _link(n.url)] if x))
    intro = ngettext(
        "Esto pasó en Apertus desde tu último resumen (%(n)d aviso):",
        "Esto pasó en Apertus desde tu último resumen (%(n)d avisos):",
        count,
    ) % {"n": count}
    return mail.EmailMessage(
        subject=ngettext(
            "Apertus: tu resumen del día (%(n)d aviso)", "Apertus: tu resumen del día (%(n)d avisos)", count
        )
        % {"n": count},
        body="\n\n".join(
            [_greeting(user), intro, *items, _("Todos tus avisos: %(url)s") % {"url": _link("/notificaciones/")}]
        )
        + _footer(),
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def _send_each(rows) -> int:
    """Send each pending row to its recipient now, if they want it now. Returns e-mails sent."""
    now = timezone.now()
    sent, failed = 0, []
    with translation.override(settings.LANGUAGE_CODE), mail.get_connection() as connection:
        for notification in rows:
            user = notification.recipient
            mode = email_mode(user)
            if mode == Frequency.DAILY:
                continue  # the digest takes it
            if mode == Frequency.NEVER or not user.is_active or not user.email:
                _claim(notification.pk, EmailState.SKIPPED, now)
                continue
            if not _claim(notification.pk, EmailState.SENT, now):
                continue  # another task sent it (or is sending it)
            try:
                connection.send_messages([immediate_message(notification)])
            except Exception:
                logger.exception("notification %s: e-mail failed", notification.pk)
                _release([notification.pk], EmailState.SENT)
                failed.append(notification.pk)
            else:
                sent += 1
    if failed:
        raise DeliveryError(f"{len(failed)} e-mail(s) not sent; pending again: {failed[:20]}")
    return sent


def send_immediate_now(dedupe_key: str, batch: str) -> int:
    """The e-mails of one ``notify`` call (its rows still pending)."""
    rows = (
        Notification.objects.filter(dedupe_key=dedupe_key, batch=batch, email_state=EmailState.PENDING)
        .select_related("recipient__notification_preference")
        .order_by("pk")
    )
    return _send_each(rows)


def _settle(now) -> None:
    """Pending rows that will never be e-mailed become "skipped": too old, or the person said no."""
    pending = Notification.objects.filter(email_state=EmailState.PENDING)
    pending.filter(created_at__lt=now - MAX_AGE).update(email_state=EmailState.SKIPPED)
    pending.filter(
        Q(recipient__is_active=False)
        | Q(recipient__notification_preference__email_enabled=False)
        | Q(recipient__notification_preference__frequency=Frequency.NEVER)
    ).update(email_state=EmailState.SKIPPED)


def send_digests_now(*, now=None) -> int:
    """One e-mail per "diaria" person with everything pending for them. Returns digests sent.

    Run once a day. With daily runs, "pending" is the last day's notifications; rows older than
    ``MAX_AGE`` (the run was missed for days) are skipped rather than sent late. The same run
    retries immediate e-mails whose task never ran or failed.
    """
    now = now or timezone.now()
    _settle(now)
    rows = (
        Notification.objects.filter(
            email_state=EmailState.PENDING,
            created_at__lte=now,
            recipient__notification_preference__frequency=Frequency.DAILY,
        )
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "pk")
    )
    sent, failed = 0, []
    with translation.override(settings.LANGUAGE_CODE), mail.get_connection() as connection:
        for _user_id, group in groupby(rows, key=lambda n: n.recipient_id):
            won = [n for n in group if _claim(n.pk, EmailState.DIGEST, now)]
            if not won:
                continue
            try:
                connection.send_messages([digest_message(won[0].recipient, won)])
            except Exception:
                logger.exception("digest for user %s failed", won[0].recipient_id)
                _release([n.pk for n in won], EmailState.DIGEST)
                failed.append(won[0].recipient_id)
            else:
                sent += 1
    missed = (
        Notification.objects.filter(email_state=EmailState.PENDING, created_at__lt=now - RETRY_AFTER)
        .exclude(recipient__notification_preference__frequency=Frequency.DAILY)
        .select_related("recipient__notification_preference")
        .order_by("pk")
    )
    _send_each(missed)
    if failed:
        raise DeliveryError(f"{len(failed)} digest(s) not sent; pending again")
    return sent
