from django.db.models import Count, Prefetch, QuerySet

from apertus.accounts.models import Role, RoleAssignment
from apertus.program.models import ExerciseInstitution, FellowProfile, Partner, ProgramPhase, StateParticipation


def phase_list() -> QuerySet[ProgramPhase]:
    participations = StateParticipation.objects.select_related("state").order_by("state__short_name")
    return ProgramPhase.objects.prefetch_related(Prefetch("participations", queryset=participations)).annotate(
        state_count=Count("participations", distinct=True)
    )


def partner_list() -> QuerySet[Partner]:
    return Partner.objects.select_related("organization").order_by("position")


def participation_for_state(*, state) -> StateParticipation | None:
    institutions = ExerciseInstitution.objects.select_related("organization").order_by("sector", "organization__name")
    return (
        StateParticipation.objects.filter(state=state)
        .select_related("phase", "guarantor")
        .prefetch_related(Prefetch("institutions", queryset=institutions))
        .first()
    )


def participating_states_count() -> int:
    return StateParticipation.objects.count()


def phase_by_year(year: int) -> ProgramPhase | None:
    return ProgramPhase.objects.filter(year=year).order_by("number").first()


# --- Fellow profiles ----------------------------------------------------------------------------


def profile_of(user) -> FellowProfile | None:
    """The user's profile if they have one (no query when it was loaded with ``select_related``)."""
    try:
        return user.fellow_profile
    except FellowProfile.DoesNotExist:
        return None


def public_profile_of(user) -> FellowProfile | None:
    profile = profile_of(user)
    return profile if profile is not None and profile.is_shown else None


def fellow_profile_get(*, public_id) -> FellowProfile | None:
    return FellowProfile.objects.select_related("user").filter(public_id=public_id).first()


def own_fellow_profile(user) -> FellowProfile | None:
    return FellowProfile.objects.filter(user=user).first()


def public_profiles() -> QuerySet[FellowProfile]:
    """Consented profiles of active accounts, with their fellow roles (two queries per page)."""
    roles = RoleAssignment.objects.filter(role=Role.FELLOW, phase__isnull=False).select_related("phase", "state")
    return (
        FellowProfile.objects.filter(is_public=True, is_hidden=False, user__is_active=True)
        .select_related("user")
        .prefetch_related(
            Prefetch("user__roles", queryset=roles.order_by("phase__number", "pk"), to_attr="fellow_roles")
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
