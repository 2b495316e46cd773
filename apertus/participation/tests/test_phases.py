"""Phases are data; "which phase is open now" is computed in one selector and checked on the server."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from apertus.participation import selectors, services
from apertus.participation.models import Action, PhaseKind

from .conftest import at, build_process


def test_the_open_phase_is_the_one_around_now(process):
    later = services.phase_create(
        actor=None,
        process=process,
        kind=PhaseKind.TABLES,
        name="Mesas",
        starts_at=at(1),
        ends_at=at(5),
        actions=[Action.REGISTER_TABLE],
    )
    first = process.phases.get(kind=PhaseKind.PROPOSALS)
    assert selectors.current_phase(process) == first
    assert selectors.current_phase(process, now=at(2)) == later
    assert selectors.current_phase(process, now=at(6)) is None
    # starts inclusive, ends exclusive: at the hand-over only the next phase is open
    assert selectors.current_phase(process, now=later.starts_at) == later
    assert selectors.current_phase(process, now=first.starts_at) == first
    assert selectors.phase_allows(process, Action.REGISTER_TABLE, now=at(2))
    assert not selectors.phase_allows(process, Action.PROPOSE, now=at(2))


def test_phase_questions_cost_one_query_and_none_once_prefetched(process, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.phase_allows(process, Action.SUPPORT)
    prefetched = selectors.process_for_plan(process.plan)
    with django_assert_num_queries(0):
        assert selectors.phase_allows(prefetched, Action.SUPPORT)
        assert selectors.phase_refusal(prefetched, Action.SUPPORT) is None


@pytest.mark.parametrize(("start", "end", "field"), [(3, 2, "ends_at"), (3, 3, "ends_at"), (0, 4, "starts_at")])
def test_phases_must_end_after_they_start_and_never_overlap(process, start, end, field):
    base = at(0)
    with pytest.raises(ValidationError) as caught:
        services.phase_create(
            actor=None,
            process=process,
            kind=PhaseKind.TABLES,
            name="Mesas",
            starts_at=base + timedelta(days=start),
            ends_at=base + timedelta(days=end),
            actions=[],
        )
    assert field in caught.value.message_dict
    if field == "starts_at":
        assert "Se traslapa con la fase «Fase Propuestas»" in caught.value.message_dict[field][0]
    assert process.phases.count() == 1


def test_touching_phases_are_fine_and_actions_come_from_the_allowed_set(process):
    first = process.phases.get()
    phase = services.phase_create(
        actor=None,
        process=process,
        kind=PhaseKind.TABLES,
        name="Mesas",
        starts_at=first.ends_at,
        ends_at=at(3),
        actions=["comment", "register_table", "comment"],
    )
    assert phase.actions == ["comment", "register_table"]
    with pytest.raises(ValidationError) as caught:
        services.phase_update(actor=None, phase=phase, actions=["comment", "delete_everything"])
    assert "delete_everything" in str(caught.value)


def test_refusals_say_when_the_phase_opens_or_closed(cocreation_plan):
    process = build_process(
        cocreation_plan,
        phases=[
            (PhaseKind.DIAGNOSIS, "after", [Action.PROPOSE]),
            (PhaseKind.TABLES, "during", [Action.REGISTER_TABLE]),
            (PhaseKind.VALIDATION, "before", [Action.VOTE_DRAFT]),
        ],
    )
    assert selectors.phase_refusal(process, Action.REGISTER_TABLE) is None
    assert selectors.phase_refusal(process, Action.PROPOSE).startswith(
        "Ya no se puede proponer: la fase «Fase Diagnóstico» cerró el "
    )
    assert selectors.phase_refusal(process, Action.VOTE_DRAFT).startswith(
        "Todavía no se puede votar el borrador: la fase "
    )
    assert "abre el" in selectors.phase_refusal(process, Action.VOTE_DRAFT)
    assert selectors.phase_refusal(process, Action.SUPPORT) == "Ninguna fase de este proceso permite apoyar propuestas."


def test_only_the_plans_stl_and_coordinators_lay_out_phases(people, process):
    from django.core.exceptions import PermissionDenied

    for role in ["citizen", "stl_sonora", "facilitator", "monitor"]:
        with pytest.raises(PermissionDenied):
            services.phase_create(
                actor=people[role],
                process=process,
                kind=PhaseKind.TABLES,
                name="x",
                starts_at=at(3),
                ends_at=at(4),
                actions=[],
            )
    phase = services.phase_create(
        actor=people["stl_oaxaca"],
        process=process,
        kind=PhaseKind.TABLES,
        name="Mesas",
        starts_at=at(3),
        ends_at=at(4),
        actions=[],
    )
    assert phase.history.first().history_user == people["stl_oaxaca"]
