"""What serves each SDG, and what each organisation does in the program: read across the apps.

Everything here is public: commitments of public plans only, visible proposals of public plans only,
published team projects only, seats of published STLs, and fellows only while they consent.
Lists are paginated; each block runs a fixed number of queries whatever the amount of data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from apertus.accounts.models import Role, RoleAssignment
from apertus.calls.models import Evaluator
from apertus.moderation.selectors import visible
from apertus.participation.models import Proposal
from apertus.plans.models import Commitment
from apertus.plans.selectors import public_plans
from apertus.program.models import FellowProfile, Partner
from apertus.stl.models import Member, MemberStatus
from apertus.taxonomy.models import Scheme, Term
from apertus.teams.selectors import published_projects

PER_PAGE = 20


def _public_commitments() -> QuerySet:

    return Commitment.objects.filter(plan__in=public_plans())


def _public_proposals() -> QuerySet:

    return visible(Proposal.objects.filter(process__plan__in=public_plans()))


@dataclass
class StateCount:
    name: str
    slug: str
    commitments: int = 0
    proposals: int = 0
    projects: int = 0


@dataclass
class GoalAlignment:
    target: object | None  # the target the lists are limited to, if any
    commitments: Page
    proposals: Page
    projects: list
    by_target: list[tuple[object, int, int]]  # (target, commitments, team projects)
    by_state: list[StateCount]
    totals: dict = field(default_factory=dict)


def _page(qs, number) -> Page:
    return Paginator(qs, PER_PAGE).get_page(number)


def goal_alignment(*, goal, target_code: str = "", commitments_page=None, proposals_page=None) -> GoalAlignment:

    targets = list(Term.objects.filter(scheme=Scheme.SDG_TARGET, parent=goal).order_by("position"))
    target = next((t for t in targets if t.code == target_code), None)
    through = Commitment.targets.through.objects
    aligned = Q(primary_goal=goal) | Q(Exists(through.filter(commitment_id=OuterRef("pk"), term__parent=goal)))
    commitments = _public_commitments().filter(aligned)
    if target is not None:
        commitments = commitments.filter(Exists(through.filter(commitment_id=OuterRef("pk"), term=target)))
    proposals = _public_proposals().filter(goals=goal)
    projects = published_projects().filter(targets__parent=goal).distinct()
    if target is not None:
        projects = projects.filter(targets=target)
    per_target_c = dict(
        through.filter(term__parent=goal, commitment__in=_public_commitments())
        .values("term_id")
        .annotate(n=Count("commitment_id", distinct=True))
        .values_list("term_id", "n")
        .order_by()
    )
    per_target_p = dict(
        published_projects()
        .filter(targets__parent=goal)
        .values("targets")
        .annotate(n=Count("pk", distinct=True))
        .values_list("targets", "n")
        .order_by()
    )
    states: dict[str, StateCount] = {}

    def bump(rows, attr):
        for name, slug, n in rows:
            setattr(states.setdefault(slug, StateCount(name, slug)), attr, n)

    by_state = ("plan__state__short_name", "plan__state__slug")
    bump(_public_commitments().filter(aligned).values_list(*by_state).annotate(n=Count("pk")).order_by(), "commitments")
    bump(
        proposals.values_list("process__plan__state__short_name", "process__plan__state__slug")
        .annotate(n=Count("pk"))
        .order_by(),
        "proposals",
    )
    bump(
        projects.values_list("state__short_name", "state__slug").annotate(n=Count("pk", distinct=True)).order_by(),
        "projects",
    )
    return GoalAlignment(
        target=target,
        commitments=_page(
            commitments.select_related("plan__state", "primary_goal").order_by(
                "plan__state__short_name", "plan__edition", "number"
            ),
            commitments_page,
        ),
        proposals=_page(
            proposals.select_related("process__plan__state").order_by("-created_at", "-pk"), proposals_page
        ),
        projects=list(projects.order_by("phase__number", "state__short_name")[:PER_PAGE]),
        by_target=[(t, per_target_c.get(t.pk, 0), per_target_p.get(t.pk, 0)) for t in targets],
        by_state=sorted(states.values(), key=lambda s: s.name),
    )


# --- Organisations ---------------------------------------------------------------------------------


@dataclass
class OrganizationActivity:
    led: Page
    supported: Page
    seats: list
    evaluated_calls: list
    advisors: int
    fellows: list
    partner_role: str = ""
    led_by_state: dict = field(default_factory=dict)


def organization_activity(*, org, led_page=None, supported_page=None) -> OrganizationActivity:

    related = ("plan__state", "primary_goal")
    led = (
        _public_commitments()
        .filter(lead_institution=org)
        .select_related(*related)
        .order_by("plan__state__short_name", "plan__edition", "number")
    )
    supported = (
        _public_commitments()
        .filter(co_responsible=org)
        .select_related(*related)
        .order_by("plan__state__short_name", "plan__edition", "number")
    )
    seats = (
        Member.objects.filter(organization=org, stl__is_published=True, status=MemberStatus.APPROVED)
        .select_related("stl__state")
        .order_by("stl__state__short_name", "-start_date")
    )
    calls = (
        Evaluator.objects.filter(organization=org, call__is_published=True)
        .values("call__title", "call__slug")
        .annotate(people=Count("user_id", distinct=True))
        .order_by("call__title")
    )
    advisors = RoleAssignment.objects.filter(role=Role.ADVISOR, organization=org).values("user_id").distinct().count()
    fellows = [
        p
        for p in FellowProfile.objects.filter(
            user__organization=org, is_public=True, is_hidden=False, user__is_active=True
        ).select_related("user")[:50]
        if p.is_shown
    ]
    by_state = defaultdict(int)
    for state, n in led.values_list("plan__state__short_name").annotate(n=Count("pk")).order_by():
        by_state[state] = n
    partner = Partner.objects.filter(organization=org).first()
    return OrganizationActivity(
        led=_page(led, led_page),
        supported=_page(supported, supported_page),
        seats=list(seats[:100]),
        evaluated_calls=list(calls),
        advisors=advisors,
        fellows=fellows,
        partner_role=partner.get_role_display() if partner else "",
        led_by_state=dict(by_state),
    )
