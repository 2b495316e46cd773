from django.db.models import QuerySet

from apertus.territories.models import Municipality, State


def state_list() -> QuerySet[State]:
    return State.objects.select_related("participation__phase").order_by("short_name")


def states_visible_to(user) -> QuerySet[State]:
    """Every state is public: anyone may follow one."""
    return State.objects.all()


def state_map() -> list[State]:
    """All 32 states with their outline and, where they take part, their phase: one query.

    Each state gets ``map_phase`` (a ProgramPhase or None) so templates never touch a missing relation.
    """
    states = list(State.objects.select_related("participation__phase").order_by("code"))
    for state in states:
        participation = getattr(state, "participation", None) if _has_participation(state) else None
        state.map_phase = participation.phase if participation else None
    return states


def _has_participation(state: State) -> bool:
    try:
        state.participation  # noqa: B018 - filled by select_related, no query
    except State.participation.RelatedObjectDoesNotExist:
        return False
    return True


def state_get(*, slug: str) -> State:
    return State.objects.select_related("participation__phase", "participation__guarantor").get(slug=slug)


def municipality_list(*, state: State | None = None) -> QuerySet[Municipality]:
    qs = Municipality.objects.select_related("state")
    return qs.filter(state=state) if state else qs
