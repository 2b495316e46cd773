from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.core.api import from_path
from apertus.organizations import selectors
from apertus.organizations.models import Organization, OrganizationType

router = Router()


class OrganizationOut(Schema):
    slug: str
    name: str
    acronym: str
    type: str
    state_code: str | None
    website: str

    resolve_state_code = from_path("state.code")


@router.get("/", response=list[OrganizationOut], summary="Organizaciones")
@paginate(LimitOffsetPagination)
def list_organizations(request, type: str | None = None):
    if type is not None and type not in OrganizationType.values:
        return Organization.objects.none()
    return selectors.organization_list(type=type)


@router.get("/{slug}", response=OrganizationOut, summary="Una organización")
def get_organization(request, slug: str):
    return get_object_or_404(Organization.objects.select_related("state"), slug=slug)
