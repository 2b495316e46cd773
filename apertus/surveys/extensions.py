"""What questionnaires add to other apps through the manifest (``extends``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from apertus.surveys.selectors import has_submitted


def questionnaire_not_sent(*, activity, user) -> str | None:
    """A course activity behind a questionnaire is completed by sending the questionnaire
    (learning's ``activity_complete`` asks, extension point "learning.activity_complete")."""
    if activity.questionnaire_id and not has_submitted(questionnaire_id=activity.questionnaire_id, user=user):
        return _("Esta actividad se completa al enviar su cuestionario.")
    return None
