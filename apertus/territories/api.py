from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.core.api import from_path
from apertus.territories import selectors
from apertus.territories.models import State

router = Router()


class StateOut(Schema):
    code: str
    name: str
    short_name: str
    slug: str
    iso_code: str
    population: int
    municipality_count: int
    phase_year: int | None

    @staticmethod
    def resolve_phase_year(obj) -> int | None:
        return obj.map_phase.year if getattr(obj, "map_phase", None) else None


class MunicipalityOut(Schema):
    code: str
    name: str
    seat: str
    population: int
    state_code: str

    resolve_state_code = from_path("state.code")


@router.get("/", response=list[StateOut], summary="Las 32 entidades federativas")
def list_states(request):
    return selectors.state_map()


@router.get("/{slug}", response=StateOut, summary="Una entidad")
def get_state(request, slug: str):
    states = {s.slug: s for s in selectors.state_map()}
    if slug not in states:
        get_object_or_404(State, slug=slug)
    return states[slug]


@router.get("/{slug}/municipalities", response=list[MunicipalityOut], summary="Municipios de una entidad")
@paginate(LimitOffsetPagination)
def list_municipalities(request, slug: str):
    state = get_object_or_404(State, slug=slug)
    return selectors.municipality_list(state=state)
