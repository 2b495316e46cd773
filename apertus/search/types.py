"""What the search indexes: one entry per type of public record in ``TYPES``.

Each entry says which records are public (the same selectors the pages use), how one record
becomes a document, and which other records must be re-indexed when it changes (a plan leaving
draft makes its commitments, milestones and proposals public). Adding a type is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

BODY_LIMIT = 20_000


@dataclass
class Doc:
    title: str
    url: str
    body: str = ""
    title_en: str = ""
    body_en: str = ""
    code: str = ""
    state_id: int | None = None
    phase_id: int | None = None
    status: str = ""
    goals: Iterable[int] = ()


@dataclass(frozen=True)
class IndexedType:
    kind: str
    label: Any
    label_plural: Any
    model: Callable[[], type] | None
    public: Callable[[], Iterable]
    document: Callable[[Any], Doc]
    dependents: Callable[[Any], list[QuerySet]] = field(default=lambda obj: [])
    # A prior on the type, multiplying the text score: the program's own records before the
    # 400-odd SDG targets and indicators that share their words.
    weight: float = 1.0


def _join(*parts) -> str:
    return "\n".join(str(p) for p in parts if p)[:BODY_LIMIT]


def _phase_id(state) -> int | None:
    try:
        return state.participation.phase_id
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist: a state outside the program
        return None


def _goal(term) -> list[int]:
    return [int(term.code)] if term is not None and term.code.isdigit() else []


# Plans, commitments, milestones


def _plans():
    from apertus.plans.selectors import public_plans

    return public_plans().select_related("state__participation")


def _plan(plan) -> Doc:
    return Doc(
        title=plan.title,
        body=_join(plan.state.name, plan.summary),
        url=plan.get_absolute_url(),
        state_id=plan.state_id,
        phase_id=_phase_id(plan.state),
        status=plan.status,
    )


def _plan_dependents(plan) -> list[QuerySet]:
    from apertus.participation.models import Proposal
    from apertus.plans.models import Commitment, Milestone

    return [
        Commitment.all_objects.filter(plan=plan),
        Milestone.all_objects.filter(commitment__plan=plan),
        Proposal.objects.filter(process__plan=plan),
    ]


def _commitments():
    from apertus.plans.models import Commitment
    from apertus.plans.selectors import public_plans

    return (
        Commitment.objects.filter(plan__in=public_plans())
        .select_related("plan__state__participation", "primary_goal", "lead_institution")
        .prefetch_related("targets", "values__value")
    )


def _commitment(c) -> Doc:
    goals = set(_goal(c.primary_goal)) | {int(t.code.split(".")[0]) for t in c.targets.all()}
    values = [f"{v.value.name_es}: {v.justification}" for v in c.values.all()]  # the OGP values it serves
    return Doc(
        title=c.title,
        url=c.get_absolute_url(),
        state_id=c.plan.state_id,
        phase_id=_phase_id(c.plan.state),
        status=c.effective_completion,
        goals=sorted(goals),
        body=_join(
            c.plan.state.name,
            c.lead_institution.name,
            c.problem,
            c.objective,
            c.expected_results,
            c.how_it_solves,
            c.corruption_prevention,
            c.baseline,
            c.other_actors,
            *values,
        ),
    )


def _commitment_dependents(commitment) -> list[QuerySet]:
    from apertus.plans.models import Milestone

    return [Milestone.all_objects.filter(commitment=commitment)]


def _milestones():
    from apertus.plans.models import Milestone

    return Milestone.objects.filter(commitment__in=_commitments().values("pk")).select_related(
        "commitment__plan__state__participation", "commitment__primary_goal"
    )


def _milestone(m) -> Doc:
    c = m.commitment
    return Doc(
        title=m.title,
        url=m.get_absolute_url(),
        body=_join(c.title, m.deliverable),
        state_id=c.plan.state_id,
        phase_id=_phase_id(c.plan.state),
        status=m.status,
        goals=_goal(c.primary_goal),
    )


# Co-creation: proposals, with the STL's reasoned answer in the same document


def _proposals():
    from apertus.participation.selectors import public_proposals

    return public_proposals().select_related("process__plan__state__participation", "response")


def _proposal(p) -> Doc:
    response = getattr(p, "response", None) if hasattr(p, "response") else None
    state = p.process.plan.state
    return Doc(
        title=p.title,
        url=p.get_absolute_url(),
        state_id=state.pk,
        phase_id=_phase_id(state),
        status=response.kind if response else "sin_respuesta",
        goals=sorted(_goal(g)[0] for g in p.goals.all() if _goal(g)),
        body=_join(
            p.problem, p.solution, p.municipality.name if p.municipality_id else "", response.reason if response else ""
        ),
    )


# STL sessions and agreements


def _sessions():
    from apertus.stl.models import Session

    return Session.objects.filter(stl__is_published=True).select_related("stl__state__participation")


def _session(s) -> Doc:
    from django.utils import formats, timezone

    when = formats.date_format(timezone.localtime(s.starts_at), "DATE_FORMAT")
    title = str(_("Sesión del STL de %(state)s, %(date)s") % {"state": s.stl.state.short_name, "date": when})
    return Doc(
        title=title,
        url=s.get_absolute_url(),
        body=_join(s.place, s.agenda),
        state_id=s.stl.state_id,
        phase_id=_phase_id(s.stl.state),
    )


def _session_dependents(session) -> list[QuerySet]:
    return [session.agreements.all()]


def _stl_dependents(stl) -> list[QuerySet]:
    from apertus.stl.models import Agreement

    return [stl.sessions.all(), Agreement.objects.filter(session__stl=stl)]


def _agreements():
    from apertus.stl.models import Agreement

    return Agreement.objects.filter(session__stl__is_published=True).select_related(
        "session__stl__state__participation", "owner_organization"
    )


def _agreement(a) -> Doc:
    state = a.session.stl.state
    from apertus.search.text import plain

    first_line = plain(a.text.strip().splitlines()[0]) if a.text.strip() else ""
    return Doc(
        title=first_line[:200],
        url=a.session.get_absolute_url() + f"#acuerdo-{a.pk}",
        body=_join(a.text),
        state_id=state.pk,
        phase_id=_phase_id(state),
        status=a.status,
    )


# Calls, team projects, organisations, states


def _calls():
    from apertus.calls.selectors.calls import published_calls

    return published_calls()


def _call(c) -> Doc:
    return Doc(
        title=c.title,
        url=c.get_absolute_url(),
        phase_id=c.phase_id,
        body=_join(c.summary, c.objective, c.profile, c.eligibility, c.process),
        title_en=c.title_en,
        body_en=_join(c.summary_en, c.objective_en, c.profile_en, c.eligibility_en, c.process_en),
    )


def _projects():
    from apertus.teams.models import TeamProject

    return TeamProject.objects.filter(is_published=True).select_related("phase", "state").prefetch_related("targets")


def _project(p) -> Doc:
    return Doc(
        title=p.title,
        url=p.get_absolute_url(),
        body=_join(p.state.name, p.summary),
        state_id=p.state_id,
        phase_id=p.phase_id,
        goals=sorted({int(t.code.split(".")[0]) for t in p.targets.all()}),
    )


def _organizations():
    from apertus.organizations.models import Organization

    return Organization.objects.select_related("state__participation")


def _organization(o) -> Doc:
    return Doc(
        title=o.name,
        url=o.get_absolute_url(),
        body=_join(o.acronym, o.get_type_display(), o.description),
        code=o.acronym.lower()[:20],
        state_id=o.state_id,
        phase_id=_phase_id(o.state) if o.state_id else None,
    )


def _states():
    from apertus.territories.models import State

    return State.objects.select_related("participation")


def _state(s) -> Doc:
    return Doc(
        title=s.short_name,
        title_en=s.short_name,
        body=s.name,
        body_en=s.name,
        url=s.get_absolute_url(),
        state_id=s.pk,
        phase_id=_phase_id(s),
    )


# SDG goals, targets and indicators (reference data, indexed by load_reference)


def _terms(scheme: str):
    from apertus.taxonomy.models import Term

    return lambda: Term.objects.filter(scheme=scheme).select_related("parent")


def _term(t) -> Doc:
    goal = t.code.split(".")[0]
    label = t.short_es if t.short_es else t.name_es
    label_en = t.short_en if t.short_en else t.name_en
    return Doc(
        title=f"{t.code} {label}"[:300],
        title_en=f"{t.code} {label_en}"[:300],
        code=t.code.lower(),
        body=t.name_es if t.short_es else "",
        body_en=t.name_en if t.short_en else "",
        url=t.get_absolute_url(),
        goals=[int(goal)] if goal.isdigit() else [],
    )


def _model(app_label: str, name: str) -> Callable[[], type]:
    def get():
        from django.apps import apps

        return apps.get_model(app_label, name)

    return get


def _pages_lazy():
    from apertus.search.pages import pages

    return pages()


def _page(page) -> Doc:
    return page.document()


# Records that are not indexed themselves but decide whether others are public.
CASCADES: dict[str, Callable[[Any], list[QuerySet]]] = {"stl.stl": _stl_dependents}
SDG_KINDS = {"sdg_goal": "ods", "sdg_target": "meta_ods", "sdg_indicator": "indicador_ods"}

TYPES: dict[str, IndexedType] = {
    t.kind: t
    for t in [
        IndexedType(
            "plan",
            _("Plan de acción"),
            _("Planes de acción"),
            _model("plans", "ActionPlan"),
            _plans,
            _plan,
            _plan_dependents,
            weight=1.2,
        ),
        IndexedType(
            "compromiso",
            _("Compromiso"),
            _("Compromisos"),
            _model("plans", "Commitment"),
            _commitments,
            _commitment,
            _commitment_dependents,
            weight=1.6,
        ),
        IndexedType("hito", _("Hito"), _("Hitos"), _model("plans", "Milestone"), _milestones, _milestone, weight=0.9),
        IndexedType(
            "propuesta",
            _("Propuesta"),
            _("Propuestas"),
            _model("participation", "Proposal"),
            _proposals,
            _proposal,
            weight=1.3,
        ),
        IndexedType(
            "sesion_stl",
            _("Sesión del STL"),
            _("Sesiones del STL"),
            _model("stl", "Session"),
            _sessions,
            _session,
            _session_dependents,
            weight=1.0,
        ),
        IndexedType(
            "acuerdo_stl",
            _("Acuerdo del STL"),
            _("Acuerdos del STL"),
            _model("stl", "Agreement"),
            _agreements,
            _agreement,
            weight=1.0,
        ),
        IndexedType(
            "convocatoria", _("Convocatoria"), _("Convocatorias"), _model("calls", "Call"), _calls, _call, weight=1.2
        ),
        IndexedType(
            "proyecto",
            _("Proyecto de equipo"),
            _("Proyectos de equipo"),
            _model("teams", "TeamProject"),
            _projects,
            _project,
            weight=1.3,
        ),
        IndexedType(
            "organizacion",
            _("Organización"),
            _("Organizaciones"),
            _model("organizations", "Organization"),
            _organizations,
            _organization,
            weight=1.0,
        ),
        IndexedType(
            "estado", _("Entidad"), _("Entidades"), _model("territories", "State"), _states, _state, weight=1.5
        ),
        IndexedType("ods", _("Objetivo ODS"), _("Objetivos ODS"), None, _terms("sdg_goal"), _term, weight=1.2),
        IndexedType("meta_ods", _("Meta ODS"), _("Metas ODS"), None, _terms("sdg_target"), _term, weight=0.7),
        IndexedType(
            "indicador_ods", _("Indicador ODS"), _("Indicadores ODS"), None, _terms("sdg_indicator"), _term, weight=0.5
        ),
        IndexedType("pagina", _("Página"), _("Páginas"), None, _pages_lazy, _page, weight=1.0),
    ]
}
