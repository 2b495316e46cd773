"""Shared steps of the learning services."""

from __future__ import annotations

from django.utils import timezone

from apertus.learning.models import ActivityProgress, ProgressStatus


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
