"""Atom feeds of what is new on public records: the whole platform, a state, a plan, a consultation.

The entries come from ``portal.news`` (bounded queries, public records only). The older progress-only
feed stays at ``/avances.atom`` for those who already follow it.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apertus.participation.models import Process
from apertus.plans.models import ProgressReport
from apertus.plans.selectors import public_plans
from apertus.portal.news import Entry, Scope, _past, news
from apertus.territories.models import State

MAX_EDITION = 32767  # editions are small integers; anything larger names no plan


class _NewsFeed(Feed):
    feed_type = Atom1Feed

    def items(self, obj):
        return news(obj["scope"])

    def title(self, obj):
        return obj["title"]

    def subtitle(self, obj):
        return obj["subtitle"]

    def link(self, obj):
        return obj["link"]

    def feed_url(self, obj):
        return obj["feed_url"]

    def item_title(self, item: Entry):
        return item.title

    def item_description(self, item: Entry):
        return item.description

    def item_link(self, item: Entry):
        return item.link

    def item_guid(self, item: Entry):
        return f"urn:apertus:{item.key.replace(':', '-')}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry):
        return item.created

    def item_updateddate(self, item: Entry):
        return item.date

    def item_categories(self, item: Entry):
        return [item.kind]


class SiteFeed(_NewsFeed):
    def get_object(self, request):
        return {
            "scope": Scope(),
            "title": _("Apertus: novedades"),
            "subtitle": _("Planes publicados, compromisos, avances, respuestas a propuestas y sesiones de los STL."),
            "link": reverse("portal:home"),
            "feed_url": reverse("portal:news_feed"),
        }


class StateFeed(_NewsFeed):
    def get_object(self, request, state):

        found = State.objects.filter(slug=state).first()
        if found is None:
            raise Http404
        return {
            "scope": Scope(state_id=found.pk),
            "title": _("Apertus: novedades de %(state)s") % {"state": found.short_name},
            "subtitle": _("Planes, compromisos, avances, respuestas a propuestas y STL de la entidad."),
            "link": found.get_absolute_url(),
            "feed_url": reverse("portal:state_feed", args=[found.slug]),
        }


def _public_plan(state: str, edition: int):

    if edition > MAX_EDITION:
        raise Http404
    plan = public_plans().filter(state__slug=state, edition=edition).first()
    if plan is None:
        raise Http404
    return plan


class PlanFeed(_NewsFeed):
    def get_object(self, request, state, edition):
        plan = _public_plan(state, edition)
        return {
            "scope": Scope(plan_id=plan.pk, sources=("plans", "commitments", "progress", "answers")),
            "title": _("Apertus: novedades de %(plan)s") % {"plan": plan.title},
            "subtitle": _("Compromisos nuevos y actualizados, avances y respuestas a propuestas del plan."),
            "link": plan.get_absolute_url(),
            "feed_url": reverse("portal:plan_feed", args=[state, edition]),
        }


class ProcessFeed(_NewsFeed):
    def get_object(self, request, state, edition):

        plan = _public_plan(state, edition)
        process = Process.objects.filter(plan=plan).first()
        if process is None:
            raise Http404
        process.plan = plan
        return {
            "scope": Scope(plan_id=plan.pk, sources=("plans", "answers")),
            "title": _("Apertus: novedades de la consulta %(title)s") % {"title": process.title},
            "subtitle": _("La publicación del plan y las respuestas razonadas a las propuestas."),
            "link": process.get_absolute_url(),
            "feed_url": reverse("portal:process_feed", args=[state, edition]),
        }


class ProgressFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Apertus: avances de los planes de acción local")
    subtitle = gettext_lazy("Los reportes de avance más recientes de los compromisos publicados.")

    def link(self):
        return reverse("plans:plan_list")

    def items(self):

        return (
            ProgressReport.objects.filter(commitment__plan__in=public_plans(), commitment__is_deleted=False)
            .select_related("milestone", "commitment__plan__state")
            .order_by("-created_at")[:50]
        )

    def item_title(self, report):
        return f"{report.commitment.plan.state.short_name} · {report.commitment.number}. {report.commitment.title}: {report.progress_after}%"

    def item_description(self, report):
        return _("Hito «%(m)s»: de %(a)s%% a %(b)s%%.") % {
            "m": report.milestone.title,
            "a": report.progress_before,
            "b": report.progress_after,
        }

    def item_link(self, report):
        return report.commitment.get_absolute_url() + f"#hito-{report.milestone_id}"

    def item_pubdate(self, report):
        return _past(report.created_at)

    def item_updateddate(self, report):
        return _past(report.created_at)  # Atom requires <updated> on every entry; a report is never edited
