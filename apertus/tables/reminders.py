"""The "table tomorrow" reminder: what the notifications app's reminder runner sends.

``table_tomorrow_reminders`` yields one reminder per confirmed registration of a scheduled table
starting between 24 and 48 hours from now. Each reminder holds the keyword arguments of
``apertus.notifications.services.notify``; its ``dedupe_key`` ("table-tomorrow:<registration id>")
makes running the provider every hour harmless: each person hears about each table once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apertus.tables.models import Registration, RegistrationStatus, TableStatus

EVENT = "table_tomorrow"


def table_tomorrow_reminders(now=None) -> Iterator[dict]:
    now = now or timezone.now()
    registrations = (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            user__is_active=True,
            table__status=TableStatus.SCHEDULED,
            table__plan__is_deleted=False,
            table__starts_at__gte=now + timedelta(hours=24),
            table__starts_at__lt=now + timedelta(hours=48),
        )
        .select_related("user", "table")
        .order_by("table__starts_at", "pk")
    )
    for registration in registrations.iterator(chunk_size=500):
        table = registration.table
        when = date_format(timezone.localtime(table.starts_at), "DATETIME_FORMAT")
        where = table.place or table.online_url
        yield {
            "event": EVENT,
            "recipients": [registration.user],
            "title": _("Mañana: «%(title)s»") % {"title": table.title},
            "body": _("Tu mesa de trabajo es el %(when)s en %(where)s.") % {"when": when, "where": where},
            "url": table.get_absolute_url(),
            "dedupe_key": f"table-tomorrow:{registration.pk}",
            "target": table,
        }
