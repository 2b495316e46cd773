"""What working tables add to other apps through the manifest (``extends``): their section of the
commitment page, and the counts of in-person participation the OGP co-creation standards read.
"""

from __future__ import annotations

from django.db.models import QuerySet, Sum
from django.utils.functional import SimpleLazyObject

from apertus.participation.standards import InPerson
from apertus.plans.sections import Section
from apertus.tables.models import Attendance, Registration, RegistrationStatus, Sector, TableStatus
from apertus.tables.selectors import tables_for_commitment


def commitment_section(commitment) -> Section:
    """The working tables a commitment was born in, read only when the section is rendered."""
    return Section(
        "tables/commitment_tables.html", {"tables": SimpleLazyObject(lambda: tables_for_commitment(commitment))}
    )


def _signups(plan_id) -> QuerySet[Registration]:
    """Who signed up for the plan's tables (``plan_id`` may be an OuterRef), cancellations left out."""
    return Registration.objects.filter(table__plan_id=plan_id).exclude(status=RegistrationStatus.CANCELLED)


def _attendance(plan_ids) -> dict[int, dict[str, int]]:
    """People who came to each plan's tables, by sector (cancelled tables left out), in one query."""
    attendance: dict[int, dict[str, int]] = {}
    for row in (
        Attendance.objects.filter(table__plan_id__in=list(plan_ids))
        .exclude(table__status=TableStatus.CANCELLED)
        .values("table__plan_id", "sector")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        attendance.setdefault(row["table__plan_id"], {})[row["sector"]] = row["n"] or 0
    return attendance


STANDARDS = InPerson(signups=_signups, attendance=_attendance, sectors=lambda: Sector.choices)
