"""Reads: a person's inbox and preferences, and who follows what. Each in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, QuerySet

from apertus.accounts.models import User
from apertus.core.cache import versioned
from apertus.notifications.models import Follow, Notification, Preference


def inbox(user) -> QuerySet[Notification]:
    """The person's notifications: unread first, then newest first."""
    return (
        Notification.objects.filter(recipient_id=user.pk)
        .order_by(F("read_at").asc(nulls_first=True), "-created_at", "-id")
        .only("id", "event", "title", "body", "url", "created_at", "read_at", "recipient_id")
    )


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_get(*, user, pk: int) -> Notification:
    """One of the person's own notifications (Notification.DoesNotExist for anyone else's)."""
    return Notification.objects.get(pk=pk, recipient_id=user.pk)


def preference_of(user) -> Preference:
    """The saved preferences, or the defaults (unsaved) for someone who never changed them."""
    return Preference.objects.filter(user_id=user.pk).first() or Preference(user_id=user.pk)


def _follow_filter(objs: Iterable) -> Q:
    q = Q(pk__in=[])
    for obj in objs:
        if obj is not None and obj.pk is not None:
            q |= Q(follows__content_type=ContentType.objects.get_for_model(obj), follows__object_id=obj.pk)
    return q


def followers_of(obj) -> QuerySet:
    """Active people who follow ``obj``."""
    return followers_of_any([obj])


def followers_of_any(objs: Iterable) -> QuerySet:
    """Active people who follow any of ``objs`` (each person once): one query."""

    return User.objects.filter(_follow_filter(objs), is_active=True).distinct()


def is_following(user, obj) -> bool:
    if not getattr(user, "is_authenticated", False) or obj is None or obj.pk is None:
        return False
    return (ContentType.objects.get_for_model(obj).pk, obj.pk) in followed_by(user)


def followed_by(user) -> frozenset[tuple[int, int]]:
    """(content type, object) of everything the person follows (one query), kept per person under the
    content version: following or leaving is a write, so the next request reads it afresh."""

    return versioned(
        "follows",
        [user.pk],
        lambda: frozenset(Follow.objects.filter(user_id=user.pk).values_list("content_type_id", "object_id")),
    )


def follows_of(user) -> QuerySet[Follow]:
    return Follow.objects.filter(user_id=user.pk).select_related("content_type")


def unread(user) -> QuerySet[Notification]:
    """Unread notifications, newest first: what changed in what the person follows and what concerns them."""
    return inbox(user).filter(read_at__isnull=True).order_by("-created_at", "-id")
