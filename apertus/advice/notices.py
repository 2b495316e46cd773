"""What technical advice tells people, through the one messenger (``notifications.services.notify``).

Each function builds one ``notify`` call; they run inside the service's transaction, so a refused
write notifies nobody. Texts are written in the site's language (they are stored).
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from apertus.notifications.services import notify

COMMENT_EVENT = "advice_comment"
ANSWER_EVENT = "advice_answer"
REOPEN_EVENT = "advice_reopen"
ROUND_EVENT = "advice_round"


def _notify(**kwargs) -> int:

    return notify(**kwargs)


def round_opened(review, actor) -> int:
    from apertus.advice.selectors import advisor_user_ids

    with translation.override(settings.LANGUAGE_CODE):
        title = _("Nueva ronda de revisión: %(plan)s") % {"plan": review.plan}
        body = _("Fecha límite: %(due)s") % {"due": review.due_date.isoformat()}
    return _notify(
        event=ROUND_EVENT,
        recipients=advisor_user_ids(review.plan_id),
        title=title,
        body=body,
        url=review.get_absolute_url(),
        actor=actor,
        dedupe_key=f"advice-round:{review.pk}",
        target=review,
    )


def comment_added(comment) -> int:
    from apertus.advice.selectors import stl_user_ids

    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(kind)s sobre el compromiso %(n)s") % {
            "kind": comment.get_kind_display(),
            "n": comment.commitment.number,
        }
    return _notify(
        event=COMMENT_EVENT,
        recipients=stl_user_ids(comment.round.plan),
        title=title,
        body=comment.body[:500],
        url=comment.get_absolute_url(),
        actor=comment.author,
        dedupe_key=f"advice-comment:{comment.pk}",
        target=comment.round,
    )


def comment_answered(reply) -> int:
    from apertus.advice.selectors import advisor_user_ids

    comment = reply.comment
    with translation.override(settings.LANGUAGE_CODE):
        title = _("El STL respondió tu comentario sobre el compromiso %(n)s") % {"n": comment.commitment.number}
    recipients = {comment.author_id, *advisor_user_ids(comment.round.plan_id)}
    return _notify(
        event=ANSWER_EVENT,
        recipients=recipients,
        title=title,
        body=reply.body[:500],
        url=comment.get_absolute_url(),
        actor=reply.author,
        dedupe_key=f"advice-reply:{reply.pk}",
        target=comment.round,
    )


def comment_reopened(reply) -> int:
    from apertus.advice.selectors import stl_user_ids

    comment = reply.comment
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Comentario reabierto sobre el compromiso %(n)s") % {"n": comment.commitment.number}
    return _notify(
        event=REOPEN_EVENT,
        recipients=stl_user_ids(comment.round.plan),
        title=title,
        body=reply.body[:500],
        url=comment.get_absolute_url(),
        actor=reply.author,
        dedupe_key=f"advice-reply:{reply.pk}",
        target=comment.round,
    )
