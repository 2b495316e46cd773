"""Shared steps of the learning services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from apertus.core.history import attribute
from apertus.core.permissions import has_perm
from apertus.learning.models import ActivityProgress, ProgressStatus


def require(actor, permission: str, obj) -> None:
    """``actor`` None is the system (demo and data loading); anyone else must hold ``permission``."""
    if actor is not None and not has_perm(actor, permission, obj):
        raise PermissionDenied


def save(obj, actor):
    obj.full_clean()
    with transaction.atomic():
        attribute(obj, actor)
        obj.save()
    return obj


def progress_set(activity, fellow_ids, *, status: str | None = None, score="unchanged") -> None:
    """Move fellows' progress on ``activity`` forward (never back from completed) and set the score."""
    now = timezone.now()
    for fellow_id in fellow_ids:
        row, _created = ActivityProgress.objects.get_or_create(activity=activity, fellow_id=fellow_id)
        if status and row.status != ProgressStatus.COMPLETED:
            row.status = status
            if status == ProgressStatus.COMPLETED:
                row.completed_at = now
        if score != "unchanged":
            row.score = score
        row.save()
