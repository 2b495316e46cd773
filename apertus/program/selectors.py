from django.db.models import Count, Prefetch, QuerySet

from apertus.program.models import ExerciseInstitution, Participation, Partner, Phase


def phase_list() -> QuerySet[Phase]:
    participations = Participation.objects.select_related("state").order_by("state__short_name")
    return Phase.objects.prefetch_related(Prefetch("participations", queryset=participations)).annotate(
        state_count=Count("participations", distinct=True)
    )


def partner_list() -> QuerySet[Partner]:
    return Partner.objects.select_related("organization").order_by("position")


def participation_for_state(*, state) -> Participation | None:
    institutions = ExerciseInstitution.objects.select_related("organization").order_by("sector", "organization__name")
    return (
        Participation.objects.filter(state=state)
        .select_related("phase", "guarantor")
        .prefetch_related(Prefetch("institutions", queryset=institutions))
        .first()
    )


def participating_states_count() -> int:
    return Participation.objects.count()
