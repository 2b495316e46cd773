"""Atom feed of progress on published plans, for anyone who follows without an account."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _


class ProgressFeed(Feed):
    feed_type = Atom1Feed
    title = _("Apertus: avances de los planes de acción local")
    subtitle = _("Los reportes de avance más recientes de los compromisos publicados.")

    def link(self):
        return reverse("plans:plan_list")

    def items(self):
        from apertus.plans.models import ProgressReport
        from apertus.plans.selectors import public_plans

        return (ProgressReport.objects.filter(commitment__plan__in=public_plans(), commitment__is_deleted=False)
                .select_related("milestone", "commitment__plan__state").order_by("-created_at")[:50])

    def item_title(self, report):
        return f"{report.commitment.plan.state.short_name} · {report.commitment.number}. {report.commitment.title}: {report.progress_after}%"

    def item_description(self, report):
        return _("Hito «%(m)s»: de %(a)s%% a %(b)s%%.") % {"m": report.milestone.title, "a": report.progress_before,
                                                              "b": report.progress_after}

    def item_link(self, report):
        return report.commitment.get_absolute_url() + f"#hito-{report.milestone_id}"

    def item_pubdate(self, report):
        return report.created_at
