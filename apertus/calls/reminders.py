"""Reminders to applicants whose application is not sent yet, N days before the deadline.

``call_reminders(now)`` is a provider for ``apertus.notifications.reminders`` (the hourly
``send_reminders``) and what ``manage.py send_call_reminders`` runs. Each person is reminded once
per deadline: the dedupe key names the deadline, so an extension earns one more reminder.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apertus.calls.models import Application, ApplicationStatus, Call
from apertus.calls.selectors.applications import completeness
from apertus.calls.selectors.calls import call_is_open
from apertus.calls.services.common import when

EVENT = "call_reminder"


def calls_closing_soon(now, days: int | None = None) -> list[Call]:
    """Open calls whose deadline is within ``days`` (default: each call's ``reminder_days``)."""
    calls = Call.objects.filter(Q(closes_at__gt=now) | Q(extended_until__gt=now), is_published=True, opens_at__lte=now)
    due = []
    for call in calls:
        window = call.reminder_days if days is None else days
        if call_is_open(call, now) and call.deadline <= now + timedelta(days=window):
            due.append(call)
    return due


def call_reminders(now=None, days: int | None = None) -> Iterator[tuple]:
    """Yield ``(recipients, event, title, body, url, dedupe_key)`` for each unsent application."""
    now = now or timezone.now()
    for call in calls_closing_soon(now, days):
        drafts = (
            Application.objects.filter(call=call, status=ApplicationStatus.DRAFT)
            .select_related("applicant", "call")
            .prefetch_related("cv_entries")
            .order_by("pk")
        )
        url = reverse("calls:application", args=[call.slug])
        key = f"call-reminder:{call.pk}:{call.deadline:%Y%m%d%H%M}"
        with translation.override(settings.LANGUAGE_CODE):
            for application in drafts:
                state = completeness(application)
                title = _("Tu solicitud a «%(call)s» no está enviada: cierra el %(d)s") % {
                    "call": call.title,
                    "d": when(call.deadline),
                }
                if state.missing:
                    body = _("Lleva %(p)s %%. Falta: %(items)s.") % {
                        "p": state.percent,
                        "items": ", ".join(str(i.label) for i in state.missing),
                    }
                else:
                    body = _("Está completa: solo falta enviarla.")
                yield [application.applicant], EVENT, title, body, url, key
