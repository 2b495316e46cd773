from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from apertus.program.models import ExerciseInstitution, FellowProfile, Participation, Partner, Phase


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


# --- Cohort pages and fellow profiles -------------------------------------------------------------


def phase_by_year(year: int) -> Phase | None:
    return Phase.objects.filter(year=year).order_by("number").first()


def state_by_slug_or_code(value: str):
    """A state from its slug (``oaxaca``) or its INEGI code (``20``)."""
    from apertus.territories.models import State

    field = "code" if value.isdigit() else "slug"
    return State.objects.filter(**{field: value}).first()


@dataclass
class CohortState:
    participation: Participation
    fellows: int


def cohort_states(phase: Phase) -> list[CohortState]:
    """The cohort's states with how many fellows each has (two queries)."""
    from apertus.program.indicators import fellow_assignments

    counts = dict(
        fellow_assignments([phase.pk])
        .values("state_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("state_id", "n")
    )
    participations = Participation.objects.filter(phase=phase).select_related("state").order_by("state__short_name")
    return [CohortState(p, counts.get(p.state_id, 0)) for p in participations]


@dataclass
class FellowRow:
    user: object
    sector: str
    profile: FellowProfile | None
    number: int = 0

    @property
    def name(self) -> str:
        """The name only with the fellow's consent (a public profile); otherwise a numbered label."""
        if self.profile is not None:
            return self.user.public_name
        return str(_("Becario/a %(n)s") % {"n": self.number})

    @property
    def sector_label(self) -> str:
        from apertus.program.indicators import sector_label

        return sector_label(self.sector) if self.sector else ""


def profile_of(user) -> FellowProfile | None:
    """The user's profile if they have one (no query when it was loaded with ``select_related``)."""
    try:
        return user.fellow_profile
    except FellowProfile.DoesNotExist:
        return None


def public_profile_of(user) -> FellowProfile | None:
    profile = profile_of(user)
    return profile if profile is not None and profile.is_shown else None


@dataclass
class CohortStatePage:
    phase: Phase
    state: object
    participation: Participation | None
    fellows: list[FellowRow]
    project: object
    stl: object
    program: object
    seminars: list = field(default_factory=list)
    certificates: int = 0


def cohort_state_page(*, phase: Phase, state) -> CohortStatePage:
    """Everything the cohort × state page shows, in a fixed number of queries (seven)."""
    from apertus.learning.models import Certificate, Course, Seminar
    from apertus.program.indicators import fellow_assignments
    from apertus.stl.models import Stl
    from apertus.teams.models import TeamProject

    assignments = fellow_assignments([phase.pk]).filter(state=state)
    rows, seen = [], set()
    for assignment in assignments.select_related("user", "user__fellow_profile").order_by(
        "user__last_name", "user__first_name", "user_id", "pk"
    ):
        if assignment.user_id not in seen:
            seen.add(assignment.user_id)
            rows.append(
                FellowRow(assignment.user, assignment.sector, public_profile_of(assignment.user), number=len(rows) + 1)
            )
    program = Course.objects.filter(phase=phase, is_published=True).select_related("phase").first()
    seminars = list(Seminar.objects.filter(program=program).order_by("number")) if program else []
    return CohortStatePage(
        phase=phase,
        state=state,
        participation=Participation.objects.filter(phase=phase, state=state).first(),
        fellows=rows,
        project=TeamProject.objects.filter(phase=phase, state=state, is_published=True).first(),
        stl=Stl.objects.filter(state=state, is_published=True).first(),
        program=program,
        seminars=seminars,
        certificates=Certificate.objects.filter(
            program__phase=phase, fellow_id__in=assignments.values("user_id")
        ).count(),
    )


def fellow_profile_get(*, public_id) -> FellowProfile | None:
    return FellowProfile.objects.select_related("user").filter(public_id=public_id).first()


def own_fellow_profile(user) -> FellowProfile | None:
    return FellowProfile.objects.filter(user=user).first()


@dataclass
class ProfileDetails:
    cohorts: list
    projects: list
    certificates: list


def profile_details(user) -> ProfileDetails:
    """What a public profile shows beyond the bio: cohorts, published team projects, certificates."""
    from apertus.accounts.models import Role, RoleAssignment
    from apertus.learning.models import Certificate
    from apertus.teams.models import TeamProject

    cohorts = list(
        RoleAssignment.objects.filter(user=user, role=Role.FELLOW, phase__isnull=False)
        .select_related("phase", "state")
        .order_by("phase__number", "pk")
    )
    projects = list(
        TeamProject.objects.filter(fellows=user, is_published=True)
        .select_related("phase", "state")
        .order_by("phase__number")
    )
    certificates = list(
        Certificate.objects.filter(fellow=user).select_related("program__phase").order_by("program__phase__number")
    )
    return ProfileDetails(cohorts, projects, certificates)


def public_profiles() -> QuerySet[FellowProfile]:
    """Consented profiles of active accounts, with their fellow roles (two queries per page)."""
    from apertus.accounts.models import Role, RoleAssignment

    roles = RoleAssignment.objects.filter(role=Role.FELLOW, phase__isnull=False).select_related("phase", "state")
    return (
        FellowProfile.objects.filter(is_public=True, is_hidden=False, user__is_active=True)
        .select_related("user")
        .prefetch_related(
            Prefetch("user__roles", queryset=roles.order_by("phase__number", "pk"), to_attr="fellow_roles")
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )
