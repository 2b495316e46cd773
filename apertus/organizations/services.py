from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify

from apertus.core.history import attribute
from apertus.core.permissions import need
from apertus.core.searchable import reindex
from apertus.core.validation import full_clean
from apertus.organizations.models import Organization


def _unique_slug(base: str) -> str:
    base = slugify(base)[:110] or "organizacion"
    slug, n = base, 2
    while Organization.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def organization_ensure(
    *, name: str, type: str, state=None, acronym: str = "", website: str = "", actor=None
) -> Organization:
    """Return the organisation called ``name`` in ``state``, creating it if new; fill blanks, never overwrite."""
    name = " ".join(name.split())
    org = Organization.objects.filter(name=name, state=state).first()
    if org is None:
        org = Organization(
            name=name,
            type=type,
            state=state,
            acronym=acronym,
            website=website,
            slug=_unique_slug(f"{acronym or name}-{state.slug}" if state else (acronym or name)),
        )
        full_clean(org)
        with transaction.atomic():
            attribute(org, actor)
            org.save()
            reindex(org)
        return org
    changed = []
    for field, value in (("acronym", acronym), ("website", website)):
        if value and not getattr(org, field):
            setattr(org, field, value)
            changed.append(field)
    if changed:
        full_clean(org)
        with transaction.atomic():
            attribute(org, actor)
            org.save()
            reindex(org)
    return org


def organization_update(*, actor, organization: Organization, **fields) -> Organization:

    need(actor, "organizations.change_organization", organization)
    for key, value in fields.items():
        setattr(organization, key, value)
    full_clean(organization)
    with transaction.atomic():
        attribute(organization, actor)
        organization.save()
        reindex(organization)
    return organization
