"""How technical advice plugs into other apps: the plan lifecycle, the messenger and its reminders.

Connected once, from ``AdviceConfig.ready``.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def no_open_round(plan) -> str | None:
    """A plan is not published while advisors are still reviewing it."""
    from apertus.advice.selectors import open_round

    review = open_round(plan)
    if review is None:
        return None
    return str(_("La ronda de revisión %(n)s de la asesoría técnica sigue abierta.") % {"n": review.number})


def no_unresolved_must_fix(plan) -> str | None:
    """Every «must fix» comment has been accepted by an advisor."""
    from apertus.advice.selectors import unresolved_must_fix

    pending = unresolved_must_fix(plan)
    if not pending:
        return None
    return ngettext(
        "%(n)d comentario «debe corregirse» de la asesoría técnica no está aceptado.",
        "%(n)d comentarios «debe corregirse» de la asesoría técnica no están aceptados.",
        pending,
    ) % {"n": pending}


def connect() -> None:
    from apertus.advice import notices
    from apertus.notifications.events import register_event
    from apertus.notifications.reminders import register_reminder
    from apertus.plans.lifecycle import add_guard
    from apertus.plans.models import PlanStatus

    add_guard(PlanStatus.PUBLISHED, no_open_round)
    add_guard(PlanStatus.PUBLISHED, no_unresolved_must_fix)
    register_event(notices.ROUND_EVENT, _("Rondas de revisión abiertas en los planes que asesoro"))
    register_event(notices.COMMENT_EVENT, _("Comentarios de la asesoría técnica en el plan de mi STL"))
    register_event(notices.ANSWER_EVENT, _("Respuestas del STL a los comentarios de asesoría"))
    register_event(notices.REOPEN_EVENT, _("Comentarios de asesoría reabiertos en el plan de mi STL"))
    register_event(notices.DUE_EVENT, _("Recordatorios de rondas de revisión por vencer"))
    register_reminder(notices.due_reminders)
