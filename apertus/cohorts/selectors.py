"""What the cohort pages and the public profiles show: the program's records with the courses, teams and
STLs of each cohort. Fellows are counted as the indicators count them (``indicators.fellow_assignments``)."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from apertus.accounts.models import Role, RoleAssignment
from apertus.cohorts.indicators import fellow_assignments, sector_label
from apertus.learning.models import Certificate, Course, Seminar
from apertus.program.models import FellowProfile, ProgramPhase, StateParticipation
from apertus.program.selectors import public_profile_of
from apertus.stl.models import Stl
from apertus.teams.models import TeamProject
from apertus.territories.models import State


def state_by_slug_or_code(value: str) -> State | None:
    """A state from its slug (``oaxaca``) or its INEGI code (``20``)."""
    lookup = "code" if value.isdigit() else "slug"
    return State.objects.filter(**{lookup: value}).first()


@dataclass
class CohortState:
    participation: StateParticipation
    fellows: int


def cohort_states(phase: ProgramPhase) -> list[CohortState]:
    """The cohort's states with how many fellows each has (two queries)."""
    counts = dict(
        fellow_assignments([phase.pk])
        .values("state_id")
        .annotate(n=Count("user_id", distinct=True))
        .values_list("state_id", "n")
    )
    participations = (
        StateParticipation.objects.filter(phase=phase).select_related("state").order_by("state__short_name")
    )
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
        return sector_label(self.sector) if self.sector else ""


@dataclass
class CohortStatePage:
    phase: ProgramPhase
    state: object
    participation: StateParticipation | None
    fellows: list[FellowRow]
    project: object
    stl: object
    program: object
    seminars: list = field(default_factory=list)
    certificates: int = 0


def cohort_state_page(*, phase: ProgramPhase, state) -> CohortStatePage:
    """Everything the cohort × state page shows, in a fixed number of queries (seven)."""
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
        participation=StateParticipation.objects.filter(phase=phase, state=state).first(),
        fellows=rows,
        project=TeamProject.objects.filter(phase=phase, state=state, is_published=True).first(),
        stl=Stl.objects.filter(state=state, is_published=True).first(),
        program=program,
        seminars=seminars,
        certificates=Certificate.objects.filter(
            program__phase=phase, fellow_id__in=assignments.values("user_id")
        ).count(),
    )


@dataclass
class ProfileDetails:
    cohorts: list
    projects: list
    certificates: list


def profile_details(user) -> ProfileDetails:
    """What a public profile shows beyond the bio: cohorts, published team projects, certificates."""
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
