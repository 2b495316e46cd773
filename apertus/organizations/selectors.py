from django.db.models import QuerySet

from apertus.organizations.models import Organization


def organization_list(*, type: str | None = None, state_id=None) -> QuerySet[Organization]:
    qs = Organization.objects.select_related("state").order_by("name")
    if type:
        qs = qs.filter(type=type)
    if state_id:
        qs = qs.filter(state_id=state_id)
    return qs


def organization_get(*, slug: str) -> Organization:
    return Organization.objects.select_related("state").get(slug=slug)


def organizations_count() -> int:
    return Organization.objects.count()
