"""sitemap.xml: every public page, nothing in draft."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["portal:home", "portal:open_data", "portal:about_data", "territories:state_list",
                "taxonomy:goal_list", "plans:plan_list", "organizations:list"]

    def location(self, item):
        return reverse(item)


class StateSitemap(Sitemap):
    def items(self):
        from apertus.territories.models import State

        return State.objects.order_by("code")


class GoalSitemap(Sitemap):
    def items(self):
        from apertus.taxonomy.selectors import goal_list

        return goal_list()


class PlanSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        from apertus.plans.selectors import public_plans

        return public_plans().order_by("pk")

    def lastmod(self, plan):
        return plan.updated_at


class CommitmentSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        from apertus.plans.models import Commitment
        from apertus.plans.selectors import public_plans

        return Commitment.objects.filter(plan__in=public_plans()).order_by("pk")

    def lastmod(self, commitment):
        return commitment.updated_at


SITEMAPS = {"static": StaticSitemap, "states": StateSitemap, "sdg": GoalSitemap, "plans": PlanSitemap,
            "commitments": CommitmentSitemap}
