"""The sitemap index (/sitemap.xml) and one sitemap per kind of public record, each with its lastmod.

Only public records: plans that are not drafts, commitments not deleted, published STLs and their
sessions, consultations of public plans and their visible proposals, the working tables of public plans,
organisations, the program's cohorts, published courses, published calls (and their results once
published) and published team projects.
Each section reads its rows with the joins its URLs need (Django pages a section at 50,000 URLs).
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from apertus.calls.models import Call
from apertus.learning.models import Course
from apertus.moderation.selectors import visible
from apertus.organizations.models import Organization
from apertus.participation.models import Process, Proposal
from apertus.plans.models import Commitment, PlanStatus
from apertus.plans.selectors import public_plans
from apertus.program.models import ProgramPhase
from apertus.stl.models import Session
from apertus.stl.selectors import stl_list
from apertus.tables.selectors import public_tables
from apertus.taxonomy.selectors import goal_list
from apertus.teams.models import TeamProject
from apertus.territories.models import State


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return [
            "portal:home",
            "portal:open_data",
            "portal:about_data",
            "territories:state_list",
            "taxonomy:goal_list",
            "plans:plan_list",
            "organizations:list",
            "stl:list",
            "participation:process_list",
            "calls:list",
            "tables:index",
            "teams:cohort_list",
            "program:index",
            "program:indicators",
            "results:framework",
            "results:compare",
            "privacy",
            "portal:terms",
            "portal:contact",
            "portal:accessibility",
            "portal:data_licence",
        ]

    def location(self, item):
        return reverse(item)


class _Dated(Sitemap):
    date_field = "updated_at"

    def lastmod(self, obj):
        return getattr(obj, self.date_field)


class StateSitemap(_Dated):
    date_field = "last_change"  # a state page changes with its public plans

    def items(self):
        from django.db.models import Max, Q

        return State.objects.annotate(
            last_change=Max(
                "plans__updated_at",
                filter=~Q(plans__status=PlanStatus.DRAFT),
            )
        ).order_by("code")


class GoalSitemap(Sitemap):
    def items(self):

        return goal_list()


class PlanSitemap(_Dated):
    changefreq = "daily"

    def items(self):

        return public_plans().order_by("pk")


class CommitmentSitemap(_Dated):
    changefreq = "daily"

    def items(self):

        return Commitment.objects.filter(plan__in=public_plans()).only("pk", "updated_at").order_by("pk")


class StlSitemap(_Dated):
    def items(self):

        return stl_list().order_by("pk")


class SessionSitemap(_Dated):
    def items(self):

        return Session.objects.filter(stl__is_published=True).select_related("stl__state").order_by("pk")


class ProcessSitemap(_Dated):
    def items(self):

        return Process.objects.filter(plan__in=public_plans()).select_related("plan__state").order_by("pk")


class ProposalSitemap(_Dated):
    def items(self):

        return (
            visible(Proposal.objects.filter(process__plan__in=public_plans())).only("pk", "updated_at").order_by("pk")
        )


class CallSitemap(_Dated):
    def items(self):

        return Call.objects.filter(is_published=True).order_by("pk")


class ProjectSitemap(_Dated):
    def items(self):

        return TeamProject.objects.filter(is_published=True).select_related("phase", "state").order_by("pk")


class TableSitemap(_Dated):
    def items(self):

        return public_tables().only("pk", "updated_at").order_by("pk")


class OrganizationSitemap(_Dated):
    def items(self):

        return Organization.objects.only("slug", "updated_at").order_by("pk")


class CohortSitemap(_Dated):
    """Each cohort's program page and its team projects page."""

    def items(self):

        phases = ProgramPhase.objects.only("year", "updated_at").order_by("number")
        return [(name, phase) for phase in phases for name in ("program:cohort", "teams:cohort_detail")]

    def location(self, item):
        name, phase = item
        return reverse(name, args=[phase.year])

    def lastmod(self, item):
        return item[1].updated_at


class CourseSitemap(_Dated):
    def items(self):

        return Course.objects.filter(is_published=True).select_related("phase").order_by("pk")

    def location(self, program):
        return reverse("learning:outline", args=[program.phase.year])


class CallResultsSitemap(_Dated):
    date_field = "results_published_at"

    def items(self):

        return Call.objects.filter(is_published=True, results_published_at__isnull=False).order_by("pk")

    def location(self, call):
        return reverse("calls:results", args=[call.slug])


SITEMAPS = {
    "static": StaticSitemap,
    "states": StateSitemap,
    "sdg": GoalSitemap,
    "plans": PlanSitemap,
    "commitments": CommitmentSitemap,
    "stl": StlSitemap,
    "stl-sessions": SessionSitemap,
    "consultations": ProcessSitemap,
    "proposals": ProposalSitemap,
    "calls": CallSitemap,
    "call-results": CallResultsSitemap,
    "projects": ProjectSitemap,
    "tables": TableSitemap,
    "organizations": OrganizationSitemap,
    "cohorts": CohortSitemap,
    "courses": CourseSitemap,
}
