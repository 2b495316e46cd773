"""Selection: coordination chooses, confirms once (fellows are created, everyone is told), publishes."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apertus.accounts.models import Role
from apertus.accounts.services import role_assign
from apertus.calls.models import Application, ApplicationStatus, Call, ProofStatus, Result
from apertus.calls.services.common import require_closed, require_not_confirmed
from apertus.core.history import save_with_history
from apertus.core.permissions import require
from apertus.notifications.services import notify

SELECTION_EVENT = "selection_result"


def application_select(*, actor, application: Application, selected: bool, reason: str = "") -> Application:
    """Mark (or unmark) an application as chosen. Nothing happens to anyone until confirmation.

    ``reason`` is kept in the application's history (the committee's reason for departing from
    the proposal; the page asks for it then)."""
    call = application.call
    require(actor, "calls.manage_call", call)
    require_closed(call)
    require_not_confirmed(call)
    if selected and (
        application.status != ApplicationStatus.SUBMITTED or application.proof_status != ProofStatus.VALID
    ):
        raise ValidationError(
            _("Solo se pueden seleccionar solicitudes enviadas con comprobante válido."), code="not_selectable"
        )
    if application.selected != selected:
        application.selected = selected
        save_with_history(
            application, actor, update_fields=["selected"], reason=" ".join(str(reason or "").split())[:500]
        )
    return application


def selection_apply_proposal(*, actor, call: Call, chosen_ids: list[int]) -> int:
    """Make the working selection exactly the proposal's (``selectors.selection_proposal``).

    Returns how many applications changed; each change is attributed in its history."""
    require(actor, "calls.manage_call", call)
    require_closed(call)
    require_not_confirmed(call)
    wanted = set(chosen_ids)
    changed = 0
    with transaction.atomic():
        for application in Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED).select_related(
            "call"
        ):
            selected = application.pk in wanted
            if application.selected != selected:
                application_select(
                    actor=actor,
                    application=application,
                    selected=selected,
                    reason=_("Propuesta de selección con cuotas"),
                )
                changed += 1
    return changed


@dataclass
class SelectionOutcome:
    accepted: int
    not_selected: int
    notified: int


def selection_confirm(*, actor, call: Call, now=None) -> SelectionOutcome:
    """Make the chosen applicants fellows of the call's cohort in their declared state, mark the
    rest not selected, and tell each of them — once. A call's selection is confirmed only once;
    the notifications' dedupe keys make a retry harmless too."""
    require(actor, "calls.manage_call", call)
    require_closed(call, now)
    if call.phase_id is None:
        raise ValidationError(_("Asigna la generación (fase) de la convocatoria antes de confirmar."), code="no_phase")
    given = call
    with transaction.atomic():
        call = Call.objects.select_for_update(of=("self",)).select_related("phase").get(pk=call.pk)
        require_not_confirmed(call)
        submitted = list(
            Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED).select_related(
                "applicant", "state"
            )
        )
        chosen = [a for a in submitted if a.selected]
        if not chosen:
            raise ValidationError(_("No hay personas seleccionadas."), code="empty")
        for application in submitted:
            application.result = Result.ACCEPTED if application.selected else Result.NOT_SELECTED
            save_with_history(application, actor, update_fields=["result"])
            if application.selected:
                role_assign(
                    actor=None,
                    user=application.applicant,
                    role=Role.FELLOW,
                    state=application.state,
                    phase=call.phase,
                    sector=application.sector,
                )
        call.selection_confirmed_at = now or timezone.now()
        call.selection_confirmed_by = actor if getattr(actor, "is_authenticated", False) else None
        save_with_history(call, actor, update_fields=["selection_confirmed_at", "selection_confirmed_by"])
        others = [a for a in submitted if not a.selected]
        notified = _tell(call, chosen, others, actor)
    given.selection_confirmed_at = call.selection_confirmed_at
    return SelectionOutcome(len(chosen), len(others), notified)


def _tell(call: Call, chosen: list[Application], others: list[Application], actor) -> int:
    url = reverse("calls:application", args=[call.slug])
    with translation.override(settings.LANGUAGE_CODE):  # stored text is in the site's language
        sent = notify(
            event=SELECTION_EVENT,
            recipients=[a.applicant for a in chosen],
            actor=actor,
            target=call,
            url=url,
            title=_("Fuiste seleccionada o seleccionado en «%(call)s»") % {"call": call.title},
            body=_(
                "¡Bienvenida o bienvenido a la generación %(phase)s de agentes locales de cambio! "
                "Pronto recibirás las indicaciones para iniciar el curso."
            )
            % {"phase": call.phase},
            dedupe_key=f"call-selection:{call.pk}:accepted",
        )
        sent += notify(
            event=SELECTION_EVENT,
            recipients=[a.applicant for a in others],
            actor=actor,
            target=call,
            url=url,
            title=_("Resultado de «%(call)s»") % {"call": call.title},
            body=_(
                "Gracias por tu interés y por el tiempo que dedicaste a tu solicitud. En esta ocasión no fue "
                "seleccionada. Te invitamos a participar en próximas convocatorias."
            ),
            dedupe_key=f"call-selection:{call.pk}:not-selected",
        )
    return sent


def results_publish(*, actor, call: Call, now=None) -> Call:
    """Publish the names (and states) of the selected people. Only after confirmation."""
    require(actor, "calls.manage_call", call)
    call.refresh_from_db(fields=["selection_confirmed_at", "results_published_at"])
    if call.selection_confirmed_at is None:
        raise ValidationError(_("Confirma la selección antes de publicar los resultados."), code="not_confirmed")
    if call.results_published_at is None:
        call.results_published_at = now or timezone.now()
        save_with_history(call, actor, update_fields=["results_published_at"])
    return call
