"""Reads for moderation: what anyone may see, who moderates what, the review queue and the log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from apertus.accounts.models import Role, User, role_in_force
from apertus.accounts.rules import is_coordinator
from apertus.accounts.selectors import roles_of
from apertus.core.cache import versioned

DEFAULT_FLAG_THRESHOLD = 3
RECENT_DAYS = 7


def flag_threshold() -> int:
    return int(getattr(settings, "MODERATION_FLAG_THRESHOLD", DEFAULT_FLAG_THRESHOLD))


def visible(queryset: QuerySet, author_field: str = "author") -> QuerySet:
    """Content anyone may see: not hidden, and not by a person who is blocked."""
    return queryset.filter(is_hidden=False).exclude(
        **{f"{author_field}__block__lifted_at__isnull": True, f"{author_field}__block__isnull": False}
    )


def is_blocked(user) -> bool:
    """True while the person has a block not yet lifted. Read once per user object (one request), and
    shared between requests under the content version."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_apertus_blocked", None)
    if cached is None:
        from apertus.moderation.models import UserBlock

        # Kept per person under the content version: blocking or lifting a block is a write.
        cached = versioned(
            "blocked", [user.pk], lambda: UserBlock.objects.filter(user_id=user.pk, lifted_at__isnull=True).exists()
        )
        user._apertus_blocked = cached
    return cached


def forget_blocked(user) -> None:
    if hasattr(user, "_apertus_blocked"):
        del user._apertus_blocked


def moderatable_model(label: str):
    """The model for "app_label.modelname" if it is moderatable content, else None."""
    from apertus.moderation.models import Moderatable

    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if issubclass(model, Moderatable) else None


def moderated_state_ids(user) -> set[int] | None:
    """The states whose content ``user`` moderates; None means every state (coordinators)."""

    if is_coordinator(user):
        return None
    ids: set[int] = set()
    for assignment in roles_of(user):
        if assignment.role == Role.STL_MEMBER:
            if assignment.state_id is None:
                return None
            ids.add(assignment.state_id)
    return ids


def moderators_for(state_id: int | None) -> QuerySet:
    """Active people who moderate content of ``state_id``: coordinators and that state's STL."""

    current = role_in_force("roles__")
    scope = Q(roles__role=Role.COORDINATOR) | Q(roles__role=Role.STL_MEMBER, roles__state__isnull=True)
    if state_id is not None:
        scope |= Q(roles__role=Role.STL_MEMBER, roles__state_id=state_id)
    return User.objects.filter(Q(is_active=True) & current & scope).distinct()


@dataclass
class ReviewItem:
    content_type: ContentType
    object_id: int
    obj: object
    flags: int
    last_flagged_at: datetime
    state_id: int | None
    reasons: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.content_type.model_class()._meta.label_lower

    @property
    def ident(self) -> str:
        return f"{self.content_type.pk}-{self.object_id}"

    @property
    def kind(self) -> str:
        return str(self.content_type.model_class()._meta.verbose_name)

    @property
    def url(self) -> str:
        getter = getattr(self.obj, "get_absolute_url", None)
        return getter() if getter else ""


def _load(rows: list[dict]) -> dict[tuple[int, int], object]:
    """The flagged objects, one query per content type (a handful), whatever their number."""
    wanted: dict[int, list[int]] = {}
    for row in rows:
        wanted.setdefault(row["content_type_id"], []).append(row["object_id"])
    found: dict[tuple[int, int], object] = {}
    for ct_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None:
            continue
        qs = model._base_manager.filter(pk__in=ids)
        if any(f.name == "author" for f in model._meta.get_fields()):
            qs = qs.select_related("author")
        for obj in qs:
            found[(ct_id, obj.pk)] = obj
    return found


def review_queue(user, *, limit: int = 100) -> dict[str, list[ReviewItem]]:
    """Open flags grouped by item, within the states ``user`` moderates.

    ``queued``: items that reached the threshold; ``recent``: fewer flags, but flagged in the
    last days. A constant number of queries: the grouping, the reasons, one per content type.
    """
    from apertus.moderation.models import Flag

    threshold = flag_threshold()
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    flags = Flag.objects.filter(resolved_at__isnull=True)
    states = moderated_state_ids(user)
    if states is not None:
        flags = flags.filter(state_id__in=states)
    rows = list(
        flags.values("content_type_id", "object_id")
        .annotate(n=Count("id"), last=Max("created_at"), state=Max("state_id"))
        .filter(Q(n__gte=threshold) | Q(last__gte=since))
        .order_by("-n", "-last")[:limit]
    )
    objects = _load(rows)
    reasons: dict[tuple[int, int], list[str]] = {}
    if rows:
        pairs = Q()
        for row in rows:
            pairs |= Q(content_type_id=row["content_type_id"], object_id=row["object_id"])
        for ct_id, obj_id, reason in (
            flags.filter(pairs).order_by("-created_at").values_list("content_type_id", "object_id", "reason")
        ):
            reasons.setdefault((ct_id, obj_id), []).append(reason)
    queue: dict[str, list[ReviewItem]] = {"queued": [], "recent": []}
    for row in rows:
        key = (row["content_type_id"], row["object_id"])
        if key not in objects:
            continue  # the content is gone
        item = ReviewItem(
            ContentType.objects.get_for_id(key[0]),
            key[1],
            objects[key],
            row["n"],
            row["last"],
            row["state"],
            reasons.get(key, [])[:10],
        )
        queue["queued" if row["n"] >= threshold else "recent"].append(item)
    return queue


def action_log(user) -> QuerySet:
    """The moderation log, newest first; an STL member reads the entries of their own states."""
    from apertus.moderation.models import ModerationAction

    qs = ModerationAction.objects.select_related("actor", "target_user", "content_type", "state")
    states = moderated_state_ids(user)
    return qs if states is None else qs.filter(state_id__in=states)


def active_blocks() -> QuerySet:
    from apertus.moderation.models import UserBlock

    return UserBlock.objects.filter(lifted_at__isnull=True).select_related("user", "blocked_by").order_by("-created_at")


def user_flag_exists(*, user, obj) -> bool:
    from apertus.moderation.models import Flag

    return Flag.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, reporter_id=user.pk
    ).exists()


def flagged_items(user) -> QuerySet:
    """Distinct items with open flags in the states ``user`` moderates (one row per item), newest first."""
    from apertus.moderation.models import Flag

    flags = Flag.objects.filter(resolved_at__isnull=True)
    states = moderated_state_ids(user)
    if states is not None:
        flags = flags.filter(state_id__in=states)
    return (
        flags.values("content_type_id", "object_id").annotate(n=Count("id"), last=Max("created_at")).order_by("-last")
    )
