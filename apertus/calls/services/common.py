from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from apertus.calls.selectors.calls import call_is_open, call_stage


def when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def require_open(call, now=None) -> None:
    """Refuse any application write outside the call's window (``call_is_open`` decides)."""
    if call_is_open(call, now):
        return
    stage = call_stage(call, now)
    if stage == "proxima":
        raise ValidationError(
            _("La convocatoria aún no abre: recibe solicitudes a partir del %(d)s.") % {"d": when(call.opens_at)},
            code="not_open",
        )
    if stage == "cerrada":
        raise ValidationError(
            _("La convocatoria cerró el %(d)s: ya no se reciben cambios ni solicitudes.") % {"d": when(call.deadline)},
            code="closed",
        )
    raise ValidationError(_("La convocatoria no está publicada."), code="unpublished")


def require_closed(call, now=None) -> None:
    """Review starts only after the deadline in force: nothing can change under the evaluators."""
    now = now or timezone.now()
    if not call.is_published or now < call.deadline:
        raise ValidationError(
            _("La convocatoria sigue abierta: la revisión empieza después del cierre."), code="still_open"
        )


def require_not_confirmed(call) -> None:
    """Asked of the database, not of ``call``: an object read before the confirmation must not slip by."""
    from apertus.calls.models import Call

    if (
        call.selection_confirmed_at is not None
        or Call.objects.filter(pk=call.pk, selection_confirmed_at__isnull=False).exists()
    ):
        raise ValidationError(
            _("La selección de esta convocatoria ya se confirmó; ya no puede cambiarse."), code="confirmed"
        )
