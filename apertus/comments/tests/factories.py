"""Small builders shared by the comments and moderation tests."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.utils import timezone

from apertus.comments.models import Comment
from apertus.core.testing import data_kept_copy
from apertus.plans.models import PlanStatus
from apertus.plans.tests.conftest import build_plan


def public_commitment(state_code="20"):
    plan = build_plan(state_code, commitments=1, milestones=1)
    return plan.commitments.get()


def draft_commitment(state_code="20"):
    plan = build_plan(state_code, commitments=1, milestones=1, status=PlanStatus.DRAFT, edition=9)
    return plan.commitments.get()


def public_commitment_kept(state_code="20"):
    """``public_commitment`` for a fixture: built once per starting point and written back after that
    (``data_kept_copy``, see ``build_plan_kept``); each caller gets its own copy of the commitment."""
    return data_kept_copy(
        f"public_commitment {state_code} {timezone.localdate()}", lambda: public_commitment(state_code)
    )


def draft_commitment_kept(state_code="20"):
    """``draft_commitment`` for a fixture, kept the same way as ``public_commitment_kept``."""
    return data_kept_copy(f"draft_commitment {state_code} {timezone.localdate()}", lambda: draft_commitment(state_code))


def make_comment(target, author, body="Un comentario", **extra) -> Comment:
    """Straight to the database (no permission check, no rate limit): test set-up only."""
    return Comment.objects.create(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk, author=author, body=body, **extra
    )


def post_data(target, body="Hola", parent=None, **extra) -> dict:
    data = {"content_type": target._meta.label_lower, "object_id": target.pk, "body": body, "website": ""}
    if parent is not None:
        data["parent"] = parent.pk
    data.update(extra)
    return data


def render_thread(target, user, query: str = "") -> str:
    """What ``{% comments_for target %}`` renders for ``user`` (None: an anonymous visitor)."""
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/pagina/" + (f"?{query}" if query else ""))
    request.user = user or AnonymousUser()
    template = Template("{% load comments_tags %}{% comments_for target %}")
    return template.render(RequestContext(request, {"target": target}))


class Recorder:
    """Stands in for ``notify``: records each call and, like the messenger, drops repeats of a key per person."""

    def __init__(self):
        self.calls: list[dict] = []
        self.delivered: set[tuple[str, int]] = set()

    def __call__(self, **kwargs) -> int:
        self.calls.append(kwargs)
        new = 0
        for person in kwargs["recipients"]:
            key = (kwargs["dedupe_key"], person.pk)
            if key not in self.delivered:
                self.delivered.add(key)
                new += 1
        return new

    def by_event(self, event: str) -> list[dict]:
        return [c for c in self.calls if c["event"] == event]


def clear_rate_limits() -> None:
    cache.clear()
