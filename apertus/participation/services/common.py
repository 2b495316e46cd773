from django.core.exceptions import ValidationError

from apertus.participation import selectors


def require_phase(process, action: str, now=None) -> None:
    """Raise a ValidationError saying why, unless the phase open at ``now`` allows ``action``."""
    reason = selectors.phase_refusal(process, action, now)
    if reason:
        raise ValidationError(reason, code="phase_closed")
