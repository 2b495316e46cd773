"""How a plan's process meets the OGP co-creation standards, read from the data. Computed here only.

Five standards (docs: DOMAIN.md): a forum that meets at least every six months; a public website
and document repository; inclusive participation; a reasoned response to every input; ongoing
dialogue during implementation. Each gets a status (cumple / en progreso / no cumple), the rule
that decides it in plain Spanish, the reason for this plan, and the figures behind it.

The page, the API and the CSV all read ``plan_standards``. It runs a fixed number of queries
(about twenty) whatever the number of proposals, comments, sessions or documents: every count is
an aggregate grouped in the database. People are only ever counted, never named.

People also take part in person, at the working tables: that app declares its counts in its manifest
(``extends={"participation.standards": ...}``, an ``InPerson``), so this module names no model of it.

The results framework needs only the status of each standard, for every state's latest plan:
``standards_many`` decides them with the same rule functions (``forum_status`` ...) in a few
queries for all the plans together, whatever their number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import add, or_

from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apertus.accounts.models import Role, RoleAssignment, User
from apertus.comments.models import Comment
from apertus.core.manifest import extensions
from apertus.documents.models import Document, DocumentKind
from apertus.moderation.selectors import visible
from apertus.organizations.models import OrganizationType
from apertus.participation.models import Process, Proposal, ResponseKind, Support
from apertus.plans.models import ActionPlan, Commitment, PlanStatus, ProgressReport
from apertus.stl.models import Session, Stl
from apertus.stl.selectors import (  # standard 1, as the STL pages apply it
    MEETING_WINDOW_DAYS,
    met_in_window,
    stl_get,
    stl_health,
)

CUMPLE, EN_PROGRESO, NO_CUMPLE = "cumple", "en_progreso", "no_cumple"
IMPLEMENTING = (PlanStatus.IMPLEMENTATION, PlanStatus.CONCLUDED)
NO_AFFILIATION = "ciudadania"  # a person with no declared sector (the sign-up form's «Ciudadanía, sin afiliación»)
DELETED = "cuenta_eliminada"
NO_STATE = "sin_entidad"


@dataclass(frozen=True)
class InPerson:
    """In-person participation in a plan's co-creation, declared by another app (extension point
    ``participation.standards``), read by standard 3 for one plan and for many."""

    # (plan id, or an OuterRef to it) -> the sign-ups that count, a QuerySet with a ``user`` field
    signups: Callable[..., QuerySet]
    # (plan ids) -> {plan id: {sector: people who came}}, in one query
    attendance: Callable[[Iterable[int]], dict[int, dict[str, int]]]
    # the sectors attendance is counted by: (value, label) choices
    sectors: Callable[[], Iterable[tuple[str, str]]]


def in_person() -> list[InPerson]:
    return extensions("participation.standards")


def status_labels() -> dict[str, str]:
    return {CUMPLE: _("Cumple"), EN_PROGRESO: _("En progreso"), NO_CUMPLE: _("No cumple")}


def titles() -> dict[str, tuple[int, str]]:
    """(number, title) of each standard, by key, in order."""
    return {
        "espacio_dialogo": (1, _("Un espacio de diálogo que se reúne al menos cada seis meses")),
        "repositorio": (2, _("Un sitio público con repositorio de documentos")),
        "participacion": (3, _("Participación incluyente")),
        "respuesta_razonada": (4, _("Una respuesta razonada a cada aportación")),
        "dialogo_implementacion": (5, _("Diálogo continuo durante la implementación")),
    }


def _standard(key: str, status: str, rule: str = "") -> Standard:
    number, title = titles()[key]
    return Standard(key, number, title, status, rule, "")


# --- The rules that decide each status: shared by one plan's report and the statuses of many -------


def forum_status(*, stl_public: bool, met_in_window: bool, has_next_session: bool) -> str:
    if not stl_public:
        return NO_CUMPLE
    if met_in_window:
        return CUMPLE
    return EN_PROGRESO if has_next_session else NO_CUMPLE


def repository_status(*, is_public: bool, public_documents: int, pending_documents: int) -> str:
    if is_public and public_documents:
        return CUMPLE
    if not is_public and pending_documents:
        return EN_PROGRESO
    return NO_CUMPLE


def beyond_government(sectors) -> list[str]:
    return sorted(set(sectors) - {"gobierno"})


def participation_status(*, sectors, participated: bool) -> str:
    """``sectors``: those of the people who took part online and of the tables' attendance."""
    if len(beyond_government(sectors)) >= 2:
        return CUMPLE
    return EN_PROGRESO if participated else NO_CUMPLE


def responses_status(*, total: int, answered: int, plan_status: str) -> str:
    if total and total == answered:
        return CUMPLE
    if plan_status in (PlanStatus.DRAFT, PlanStatus.COCREATION):
        return EN_PROGRESO
    return NO_CUMPLE


def dialogue_status(
    *, started: datetime | None, now: datetime, sessions: int, reports: int, threads: int, answered: int
) -> str:
    if started is None:
        return EN_PROGRESO
    if sessions > 0 and reports > 0 and (not threads or answered * 2 >= threads):
        return CUMPLE
    if (now - started).days >= MEETING_WINDOW_DAYS and not (sessions or reports or answered):
        return NO_CUMPLE
    return EN_PROGRESO


@dataclass
class Figure:
    """One indicator: a row of the CSV, an item of the API, and (``headline``) a fact on the page."""

    code: str
    label: str
    value: int | Decimal | date | str | None
    unit: str = ""
    headline: bool = True


@dataclass
class Row:
    label: str | date
    values: list
    url: str = ""


@dataclass
class Table:
    caption: str
    columns: list[str]  # the first one heads the row labels
    rows: list[Row]


@dataclass
class Standard:
    key: str
    number: int
    title: str
    status: str
    rule: str
    reason: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return status_labels()[self.status]

    @property
    def headline(self) -> list[Figure]:
        return [f for f in self.figures if f.headline]


@dataclass
class PlanStandards:
    plan: ActionPlan
    computed_at: datetime
    standards: list[Standard]

    def indicators(self):
        """(standard, figure) for every indicator, in order: the CSV's rows."""
        for standard in self.standards:
            for figure in standard.figures:
                yield standard, figure


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# --- What the plan's data is made of --------------------------------------------------------------


# The querysets below take a plan, or ``EACH`` inside a query over many plans (``standards_many``):
# then they refer to the plan row of the enclosing query, ``depth`` subqueries up.
EACH = None


def _ref(plan: ActionPlan | None, name: str = "pk", depth: int = 0):
    if plan is not EACH:
        return getattr(plan, name)
    ref = OuterRef(name)
    for _level in range(depth):
        ref = OuterRef(ref)
    return ref


def _proposals(plan: ActionPlan | None, depth: int = 0) -> QuerySet[Proposal]:
    """Proposals anyone may see (hidden ones and those of blocked people do not count)."""
    return visible(Proposal.objects.filter(process__plan_id=_ref(plan, depth=depth)))


def _comments(plan: ActionPlan | None, *, proposals: bool = True, depth: int = 0):
    """Shown comments on the plan, its commitments and (``proposals``) its shown proposals."""
    cts = ContentType.objects.get_for_models(ActionPlan, Commitment, Proposal)
    return visible(Comment.objects.filter(reduce(or_, _comment_targets(plan, cts, proposals=proposals, depth=depth))))


def _comment_targets(plan, cts, *, proposals: bool = True, depth: int = 0) -> list[Q]:
    """One condition for the comments on the plan, one for those on its commitments, one for its proposals."""
    mine = Commitment.objects.filter(plan_id=_ref(plan, depth=depth + 1)).values("pk")
    targets = [
        Q(content_type=cts[ActionPlan], object_id=_ref(plan, depth=depth)),
        Q(content_type=cts[Commitment], object_id__in=mine),
    ]
    if proposals:
        targets.append(Q(content_type=cts[Proposal], object_id__in=_proposals(plan, depth + 1).values("pk")))
    return targets


def _signups(plan: ActionPlan | None, depth: int = 0) -> list[QuerySet]:
    """Each in-person source's sign-ups for the plan (people who registered for its working tables)."""
    return [source.signups(_ref(plan, depth=depth)) for source in in_person()]


def _stl_people(plan: ActionPlan | None, depth: int = 0):
    """Everyone who holds or held the STL member role of the plan's state."""
    state = _ref(plan, "state_id", depth)
    return RoleAssignment.objects.filter(role=Role.STL_MEMBER, state_id=state).values("user_id")


def implementation_started(plan: ActionPlan) -> datetime | None:
    """When the plan first entered «en implementación» (its history), None if it has not."""
    return implementation_starts([plan]).get(plan.pk)


def implementation_starts(plans) -> dict[int, datetime]:
    """``implementation_started`` of each plan that has started, in one query."""
    implementing = [plan for plan in plans if plan.status in IMPLEMENTING]
    if not implementing:
        return {}
    first = dict(
        ActionPlan.history.model.objects.filter(id__in=[p.pk for p in implementing], status=PlanStatus.IMPLEMENTATION)
        .order_by()
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )
    # A plan loaded already implementing: its period.
    return {plan.pk: first.get(plan.pk) or _day_start(plan.period_start) for plan in implementing}


# --- 1. A space for dialogue that meets at least every six months ----------------------------------


@dataclass
class StlFacts:
    stl: object | None
    held: list  # (pk, starts_at) of sessions held in the window, newest first
    no_meeting_flag: bool
    last_session_on: date | None
    next_session: datetime | None
    since_implementation: int


def stl_facts(plan: ActionPlan, today: date, started: datetime | None) -> StlFacts:
    stl = stl_get(state=plan.state)
    if stl is None or not stl.is_published:  # an unpublished STL has no public sessions to show
        return StlFacts(stl, [], True, None, None, 0)
    health = stl_health(stl, today)  # the flag the STL pages show, computed there
    cutoff, tomorrow = today - timedelta(days=MEETING_WINDOW_DAYS), _day_start(today + timedelta(days=1))
    held = list(
        Session.objects.filter(stl=stl, starts_at__gte=_day_start(cutoff), starts_at__lt=tomorrow)
        .order_by("-starts_at")
        .values_list("pk", "starts_at")
    )
    since = Q(starts_at__gte=started, starts_at__lt=tomorrow) if started else Q(pk__in=[])
    other = Session.objects.filter(stl=stl).aggregate(
        next=Min("starts_at", filter=Q(starts_at__gte=tomorrow)), since=Count("pk", filter=since)
    )
    return StlFacts(stl, held, health.no_meeting_in_6_months, health.last_session_on, other["next"], other["since"])


def _forum(plan: ActionPlan, facts: StlFacts) -> Standard:
    rule = _(
        "Cumple si el STL de la entidad, con página pública, celebró al menos una sesión en los últimos "
        "seis meses (%(days)d días). En progreso si no la celebró pero ya tiene una programada. "
        "No cumple en otro caso."
    ) % {"days": MEETING_WINDOW_DAYS}
    stl = facts.stl
    status = forum_status(
        stl_public=stl is not None and stl.is_published,
        met_in_window=not facts.no_meeting_flag,
        has_next_session=bool(facts.next_session),
    )
    standard = _standard("espacio_dialogo", status, rule)
    if stl is None or not stl.is_published:
        standard.reason = _("La entidad no tiene un STL con página pública.")
        standard.figures = [Figure("sesiones_6_meses", _("Sesiones del STL en los últimos seis meses"), 0)]
        return standard
    held = len(facts.held)
    if status == CUMPLE:
        standard.reason = ngettext(
            "El STL sesionó %(n)d vez en los últimos seis meses.",
            "El STL sesionó %(n)d veces en los últimos seis meses.",
            held,
        ) % {"n": held}
    elif status == EN_PROGRESO:
        standard.reason = _("El STL no sesionó en los últimos seis meses; tiene una sesión programada.")
    else:
        standard.reason = _("El STL no sesionó en los últimos seis meses ni tiene sesiones programadas.")
    rules_public = bool(stl.rules_document_id and stl.rules_document.is_public)
    standard.figures = [
        Figure("sesiones_6_meses", _("Sesiones del STL en los últimos seis meses"), held),
        Figure("ultima_sesion", _("Última sesión celebrada"), facts.last_session_on),
        Figure(
            "proxima_sesion",
            _("Próxima sesión programada"),
            timezone.localdate(facts.next_session) if facts.next_session else None,
        ),
        Figure("reglas_publicas", _("Reglas de operación publicadas (1 sí, 0 no)"), int(rules_public)),
    ]
    slug = stl.state.slug
    standard.tables = [
        Table(
            _("Sesiones celebradas en los últimos seis meses"),
            [_("Fecha")],
            [
                Row(timezone.localtime(when).date(), [], reverse("stl:session_detail", args=[slug, pk]))
                for pk, when in facts.held
            ],
        )
    ]
    standard.links = [(_("Página del STL"), stl.get_absolute_url())]
    return standard


# --- 2. A public website and document repository --------------------------------------------------


def _repository(plan: ActionPlan) -> Standard:
    rows = (
        plan.documents.values("kind", "is_public")
        .annotate(n=Count("pk"), latest=Max(Coalesce("date", TruncDate("created_at"))))
        .order_by("kind")
    )
    public = {r["kind"]: r for r in rows if r["is_public"]}
    pending = sum(r["n"] for r in rows if not r["is_public"])
    total = sum(r["n"] for r in public.values())
    latest = max((r["latest"] for r in public.values() if r["latest"]), default=None)
    rule = _(
        "Cumple si el plan tiene página pública y al menos un documento público en su repositorio. "
        "En progreso si el plan aún es borrador y ya reúne documentos, que se publican con él. "
        "No cumple en otro caso."
    )
    status = repository_status(is_public=plan.is_public, public_documents=total, pending_documents=pending)
    standard = _standard("repositorio", status, rule)
    if status == CUMPLE:
        standard.reason = ngettext(
            "El repositorio público del plan tiene %(n)d documento.",
            "El repositorio público del plan tiene %(n)d documentos.",
            total,
        ) % {"n": total}
    elif status == EN_PROGRESO:
        standard.reason = ngettext(
            "El plan es borrador: %(n)d documento se publicará con él.",
            "El plan es borrador: %(n)d documentos se publicarán con él.",
            pending,
        ) % {"n": pending}
    else:
        standard.reason = _("El repositorio del plan no tiene documentos públicos.")
    labels = dict(DocumentKind.choices)
    standard.figures = [
        Figure("documentos_publicos", _("Documentos públicos del plan"), total),
        Figure("fecha_documento_mas_reciente", _("Fecha del documento público más reciente"), latest),
        Figure(
            "documentos_por_publicar", _("Documentos que aún no son públicos"), pending, headline=not plan.is_public
        ),
        *[
            Figure(
                f"documentos_{kind}",
                _("Documentos públicos: %(k)s") % {"k": labels.get(kind, kind)},
                r["n"],
                headline=False,
            )
            for kind, r in public.items()
        ],
    ]
    standard.tables = [
        Table(
            _("Documentos públicos por tipo"),
            [_("Tipo"), _("Documentos"), _("Fecha más reciente")],
            [Row(str(labels.get(kind, kind)), [r["n"], r["latest"]]) for kind, r in public.items()],
        )
    ]
    standard.links = [(_("Repositorio de documentos del plan"), plan.get_absolute_url() + "#documentos")]
    return standard


# --- 3. Inclusive participation ---------------------------------------------------------------------

ACTIVITIES = ("proposed", "supported", "commented", "registered")


def _grouped(qs, person: str):
    """(sector, state code, state name, items, people) of one activity, grouped in the database."""
    prefix = f"{person}__"
    return (
        qs.values(
            p_sector=F(prefix + "sector"),
            p_state=F(prefix + "state__code"),
            p_state_name=F(prefix + "state__short_name"),
        )
        .annotate(items=Count("pk", distinct=True), people=Count(person, distinct=True))
        .order_by()
    )


def _sector_key(row) -> str:
    if row["p_sector"] is None:  # no author: the account was deleted
        return DELETED
    return row["p_sector"] or NO_AFFILIATION


@dataclass
class Tally:
    people: int = 0
    proposed: int = 0
    supported: int = 0
    commented: int = 0
    registered: int = 0
    proposals: int = 0
    supports: int = 0
    comments: int = 0
    registrations: int = 0


def _tallies(plan: ActionPlan):
    """Counts by sector and by state of the participant: six grouped queries in all."""
    proposals, supports = _proposals(plan), Support.objects.filter(proposal__in=_proposals(plan))
    comments, signups = _comments(plan), _signups(plan)
    sources = [
        (proposals, "author", "proposed", "proposals"),
        (supports, "user", "supported", "supports"),
        (comments, "author", "commented", "comments"),
        *[(registrations, "user", "registered", "registrations") for registrations in signups],
    ]
    by_sector: dict[str, Tally] = {}
    by_state: dict[str, Tally] = {}
    names: dict[str, str] = {}
    for qs, person, who, what in sources:
        for row in _grouped(qs, person):
            state = row["p_state"] or NO_STATE
            names[state] = row["p_state_name"] or ""
            for bucket in (by_sector.setdefault(_sector_key(row), Tally()), by_state.setdefault(state, Tally())):
                setattr(bucket, who, getattr(bucket, who) + row["people"])
                setattr(bucket, what, getattr(bucket, what) + row["items"])
    anyone = User.objects.filter(
        reduce(
            or_,
            [
                Q(pk__in=proposals.values("author")),
                Q(pk__in=supports.values("user")),
                Q(pk__in=comments.values("author")),
                *[Q(pk__in=registrations.values("user")) for registrations in signups],
            ],
        )
    )
    for row in anyone.values("sector", "state__code", "state__short_name").annotate(n=Count("pk")).order_by():
        state = row["state__code"] or NO_STATE
        names[state] = row["state__short_name"] or ""
        by_sector.setdefault(row["sector"] or NO_AFFILIATION, Tally()).people += row["n"]
        by_state.setdefault(state, Tally()).people += row["n"]
    return by_sector, by_state, names


def _attendance(plan_ids: list[int]) -> dict[int, dict[str, int]]:
    """People who came to each plan's working tables, by sector: {plan id: {sector: people}}."""
    attendance: dict[int, dict[str, int]] = {}
    for source in in_person():
        for plan_id, by_sector in source.attendance(plan_ids).items():
            mine = attendance.setdefault(plan_id, {})
            for sector, n in by_sector.items():
                mine[sector] = mine.get(sector, 0) + n
    return attendance


def _sector_labels() -> dict[str, str]:
    labels = {NO_AFFILIATION: _("Ciudadanía, sin afiliación")}
    labels.update({k: str(v) for k, v in OrganizationType.choices})
    for source in in_person():
        labels.update({k: str(v) for k, v in source.sectors() if k not in labels})
    labels[DELETED] = _("Cuenta eliminada")
    return labels


def _tally_columns() -> list[str]:
    return [
        _("Personas"),
        _("Propusieron"),
        _("Apoyaron"),
        _("Comentaron"),
        _("Se inscribieron a mesas"),
        _("Propuestas"),
        _("Comentarios"),
    ]


def _tally_values(t: Tally) -> list[int]:
    return [t.people, t.proposed, t.supported, t.commented, t.registered, t.proposals, t.comments]


def _state_order(plan: ActionPlan, by_state: dict[str, Tally], names: dict[str, str]) -> list[str]:
    """The plan's own state first, then the others by number of people, then those without one."""
    home = plan.state.code
    others = sorted((c for c in by_state if c not in (home, NO_STATE)), key=lambda c: (-by_state[c].people, names[c]))
    return [c for c in [home, *others, NO_STATE] if c in by_state]


def _participation(plan: ActionPlan) -> Standard:
    by_sector, by_state, names = _tallies(plan)
    attendance = _attendance([plan.pk]).get(plan.pk, {})
    labels = _sector_labels()
    total = Tally(**{k: sum(getattr(t, k) for t in by_sector.values()) for k in Tally.__dataclass_fields__})
    attended = sum(attendance.values())
    sectors = {s for s, t in by_sector.items() if t.people and s != DELETED} | {s for s, n in attendance.items() if n}
    beyond = beyond_government(sectors)
    rule = _(
        "Cumple si participaron personas de al menos dos sectores además del gobierno (contando a la "
        "ciudadanía sin afiliación y la asistencia a las mesas de trabajo). En progreso si hubo participación, "
        "pero de menos sectores. No cumple si nadie ha participado."
    )
    standard = _standard(
        "participacion", participation_status(sectors=sectors, participated=bool(total.people or attended)), rule
    )
    standard.reason = _(
        "Personas que participaron en línea: %(p)d; asistencia a mesas de trabajo: %(a)d; sectores "
        "además del gobierno: %(s)s."
    ) % {"p": total.people, "a": attended, "s": ", ".join(labels[s] for s in beyond) or _("ninguno")}
    home_people = by_state.get(plan.state.code, Tally()).people
    standard.figures = [
        Figure("personas", _("Personas distintas que participaron en línea"), total.people),
        Figure("personas_proponen", _("Personas que propusieron"), total.proposed),
        Figure("personas_apoyan", _("Personas que apoyaron propuestas"), total.supported),
        Figure("personas_comentan", _("Personas que comentaron"), total.commented),
        Figure("personas_mesas", _("Personas inscritas a mesas de trabajo"), total.registered),
        Figure("propuestas", _("Propuestas"), total.proposals),
        Figure("apoyos", _("Apoyos a propuestas"), total.supports, headline=False),
        Figure("comentarios", _("Comentarios"), total.comments),
        Figure("asistencia_mesas", _("Asistencia a mesas de trabajo"), attended),
        Figure(
            "personas_otras_entidades",
            _("Personas de otras entidades o sin entidad declarada"),
            total.people - home_people,
        ),
        Figure("sectores_ademas_gobierno", _("Sectores que participaron además del gobierno"), len(beyond)),
    ]
    sector_order = [s for s in labels if s in by_sector]
    state_order = _state_order(plan, by_state, names)
    for key in sector_order:
        standard.figures += [
            Figure(
                f"personas_sector_{key}",
                _("Personas del sector: %(s)s") % {"s": labels[key]},
                by_sector[key].people,
                headline=False,
            )
        ]
    for code in state_order:
        name = names[code] or _("Sin entidad declarada")
        standard.figures += [
            Figure(
                f"personas_entidad_{code}",
                _("Personas de la entidad: %(e)s") % {"e": name},
                by_state[code].people,
                headline=False,
            )
        ]
    for key, n in sorted(attendance.items()):
        standard.figures += [
            Figure(f"asistencia_mesas_{key}", _("Asistencia a mesas: %(s)s") % {"s": labels[key]}, n, headline=False)
        ]
    columns = _tally_columns()
    standard.tables = [
        Table(
            _("Participación en línea por sector de la persona"),
            [_("Sector"), *columns],
            [Row(labels[k], _tally_values(by_sector[k])) for k in sector_order],
        ),
        Table(
            _("Participación en línea por entidad de la persona"),
            [_("Entidad"), *columns],
            [Row(names[c] or _("Sin entidad declarada"), _tally_values(by_state[c])) for c in state_order],
        ),
        Table(
            _("Asistencia a mesas de trabajo por sector"),
            [_("Sector"), _("Personas")],
            [Row(labels[k], [n]) for k, n in sorted(attendance.items())],
        ),
    ]
    standard.links = [
        (_("Mesas de trabajo del plan"), reverse("tables:plan_tables", args=[plan.state.slug, plan.edition]))
    ]
    return standard


# --- 4. A reasoned response to every input ---------------------------------------------------------


def _responses(plan: ActionPlan, process_url: str) -> Standard:
    kinds = list(ResponseKind)
    counts = _proposals(plan).aggregate(
        total=Count("pk"),
        answered=Count("response"),
        **{k.value: Count("response", filter=Q(response__kind=k.value)) for k in kinds},
    )
    total, answered = counts["total"], counts["answered"]
    unanswered = total - answered
    rule = _(
        "Cumple si hay propuestas ciudadanas y todas tienen respuesta razonada. En progreso si faltan "
        "respuestas (o aún no hay propuestas) mientras el plan está en borrador o en cocreación. No cumple si "
        "el plan ya se publicó con propuestas sin respuesta, o sin haber recibido propuestas."
    )
    standard = _standard(
        "respuesta_razonada", responses_status(total=total, answered=answered, plan_status=plan.status), rule
    )
    standard.reason = (
        (
            _("Propuestas con respuesta razonada: %(a)d de %(t)d; sin respuesta: %(u)d.")
            % {"a": answered, "t": total, "u": unanswered}
        )
        if total
        else _("Aún no hay propuestas ciudadanas.")
    )
    standard.figures = [
        Figure("propuestas", _("Propuestas ciudadanas"), total),
        Figure("propuestas_respondidas", _("Propuestas con respuesta razonada"), answered),
        Figure("porcentaje_respondidas", _("Porcentaje con respuesta razonada"), percent(answered, total), "%"),
        Figure("propuestas_sin_respuesta", _("Propuestas sin respuesta"), unanswered),
    ]
    rows = []
    for kind in kinds:
        n = counts[kind.value]
        standard.figures += [
            Figure(f"respuestas_{kind.value}", _("Respuestas: %(k)s") % {"k": kind.label}, n, headline=False),
            Figure(
                f"porcentaje_{kind.value}",
                _("Porcentaje de propuestas: %(k)s") % {"k": kind.label},
                percent(n, total),
                "%",
                headline=False,
            ),
        ]
        rows.append(Row(str(kind.label), [n, percent(n, total)]))
    rows.append(Row(_("Sin respuesta"), [unanswered, percent(unanswered, total)]))
    standard.tables = [
        Table(_("Propuestas por respuesta"), [_("Respuesta"), _("Propuestas"), _("Porcentaje del total")], rows)
    ]
    if process_url:
        standard.links = [(_("Propuestas y respuestas del proceso de cocreación"), process_url)]
    return standard


# --- 5. Ongoing dialogue during implementation -----------------------------------------------------


def _dialogue(plan: ActionPlan, started: datetime | None, facts: StlFacts, now: datetime) -> Standard:
    rule = _(
        "Se mide desde que el plan entró en implementación. Cumple si desde entonces el STL sesionó, se "
        "publicaron reportes de avance y, si la ciudadanía comentó el plan o sus compromisos, el STL respondió "
        "al menos la mitad de esos hilos de comentarios. En progreso si se cumple solo una parte, o si la "
        "implementación lleva menos de seis meses. No cumple si no hubo sesiones, reportes ni respuestas."
    )
    standard = _standard("dialogo_implementacion", EN_PROGRESO, rule)
    if started is None:
        standard.reason = _(
            "El plan aún no entra en implementación (etapa: %(s)s); este estándar se mide desde entonces."
        ) % {"s": plan.get_status_display()}
        standard.figures = [Figure("inicio_implementacion", _("Inicio de la implementación"), None)]
        return standard
    stl_people = _stl_people(plan)
    citizen = Q(author__isnull=True) | ~Q(author__in=stl_people)
    stl_reply = Q(replies__author__in=stl_people, replies__is_hidden=False, replies__created_at__gte=started)
    comments = (
        _comments(plan, proposals=False)
        .filter(created_at__gte=started)
        .aggregate(
            total=Count("pk", distinct=True),
            citizen_threads=Count("pk", distinct=True, filter=citizen & Q(parent__isnull=True)),
            answered_threads=Count("pk", distinct=True, filter=citizen & Q(parent__isnull=True) & stl_reply),
            stl_replies=Count("pk", distinct=True, filter=~citizen & Q(parent__isnull=False)),
        )
    )
    reports = ProgressReport.objects.filter(
        commitment__plan=plan, commitment__is_deleted=False, created_at__gte=started
    ).aggregate(n=Count("pk"), last=Max("created_at"))
    threads, answered = comments["citizen_threads"], comments["answered_threads"]
    standard.status = dialogue_status(
        started=started,
        now=now,
        sessions=facts.since_implementation,
        reports=reports["n"],
        threads=threads,
        answered=answered,
    )
    standard.reason = _(
        "Desde el %(d)s: sesiones del STL, %(s)d; reportes de avance, %(r)d; hilos de comentarios "
        "ciudadanos respondidos por el STL, %(a)d de %(t)d."
    ) % {
        "d": date_format(timezone.localdate(started), "DATE_FORMAT"),
        "s": facts.since_implementation,
        "r": reports["n"],
        "a": answered,
        "t": threads,
    }
    standard.figures = [
        Figure("inicio_implementacion", _("Inicio de la implementación"), timezone.localdate(started)),
        Figure("sesiones_desde_implementacion", _("Sesiones del STL desde entonces"), facts.since_implementation),
        Figure("reportes_avance", _("Reportes de avance publicados desde entonces"), reports["n"]),
        Figure(
            "ultimo_reporte",
            _("Último reporte de avance"),
            timezone.localdate(reports["last"]) if reports["last"] else None,
        ),
        Figure(
            "comentarios_implementacion",
            _("Comentarios sobre el plan y sus compromisos desde entonces"),
            comments["total"],
        ),
        Figure("hilos_ciudadanos", _("Hilos de comentarios abiertos por la ciudadanía"), threads),
        Figure("hilos_respondidos_stl", _("Hilos ciudadanos con respuesta de una persona del STL"), answered),
        Figure("respuestas_stl", _("Respuestas de personas del STL a comentarios"), comments["stl_replies"]),
        Figure(
            "porcentaje_hilos_respondidos",
            _("Porcentaje de hilos ciudadanos respondidos por el STL"),
            percent(answered, threads),
            "%",
            headline=False,
        ),
    ]
    standard.links = [(_("Línea de tiempo y comentarios del plan"), plan.get_absolute_url() + "#linea")]
    return standard


# --- All of it -------------------------------------------------------------------------------------


def plan_standards(plan: ActionPlan, *, now: datetime | None = None) -> PlanStandards:
    """The five standards for ``plan`` (already checked visible by the caller) at ``now``."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    started = implementation_started(plan)
    facts = stl_facts(plan, today, started)
    process = Process.objects.filter(plan=plan).first()
    process_url = reverse("participation:process_detail", args=[plan.state.slug, plan.edition]) if process else ""
    standards = [
        _forum(plan, facts),
        _repository(plan),
        _participation(plan),
        _responses(plan, process_url),
        _dialogue(plan, started, facts, now),
    ]
    return PlanStandards(plan=plan, computed_at=now, standards=standards)


# --- The statuses of many plans at once (the results framework) ------------------------------------


def _count(qs, field: str = "pk", *, distinct: bool = False) -> Subquery:
    template = "%(function)s(DISTINCT %(expressions)s)" if distinct else "%(function)s(%(expressions)s)"
    return Subquery(
        qs.order_by().values(n=Func(F(field), function="COUNT", template=template, output_field=IntegerField()))
    )


def _edge(qs, function: str) -> Subquery:
    return Subquery(qs.order_by().values(at=Func(F("starts_at"), function=function, output_field=DateTimeField())))


def _took_part(sector: str, cts) -> ExpressionWrapper:
    """Whether anyone of ``sector`` proposed, signed up for a table, commented or supported (the
    people of ``_tallies``), checked source by source, the first found ending the check."""
    comments = visible(Comment.objects.filter(author__sector=sector))
    checks = [
        _proposals(EACH).filter(author__sector=sector),
        *[registrations.filter(user__sector=sector) for registrations in _signups(EACH)],
        *[comments.filter(target) for target in _comment_targets(EACH, cts)],
        Support.objects.filter(proposal__in=_proposals(EACH, 1).values("pk"), user__sector=sector),
    ]
    return ExpressionWrapper(reduce(or_, [Exists(qs) for qs in checks]), output_field=BooleanField())


def _without_jit(queryset) -> list:
    """The rows, on PostgreSQL with JIT compilation off: the many small subqueries of one row per plan
    add up, in the planner's estimate, past ``jit_above_cost``, and compiling them took about 2 s at
    national scale for a query that runs in a few tenths (as in ``core.exports.stream_values``)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return list(queryset)
    with transaction.atomic(using=queryset.db):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        return list(queryset)


def standards_many(plans, *, now: datetime | None = None) -> dict[int, list[Standard]]:
    """The status of each standard for several plans, in five queries whatever their number and data.

    The same rules as ``plan_standards`` decide (``forum_status`` ...), from counts and existence
    checks made in the database, one row per plan, instead of the page's figures and tables; the
    standards returned carry their status only (no reason, figures, tables or links). Standard 3
    needs only which sectors took part: one check per sector that people declare (a handful), each
    stopping at the first person found, instead of counting everyone.
    """
    plans = list(plans)
    if not plans:
        return {}
    now = now or timezone.now()
    today = timezone.localdate(now)
    tomorrow = _day_start(today + timedelta(days=1))
    started = implementation_starts(plans)
    sectors = sorted(set(User.objects.order_by().values_list("sector", flat=True).distinct()))
    attendance = _attendance([p.pk for p in plans])
    answers = {
        row["process__plan_id"]: row
        for row in visible(Proposal.objects.filter(process__plan_id__in=[p.pk for p in plans]))
        .values("process__plan_id")
        .annotate(total=Count("pk"), answered=Count("response"))
        .order_by()
    }
    cts = ContentType.objects.get_for_models(ActionPlan, Commitment, Proposal)
    stl_people = _stl_people(EACH, depth=1)
    citizen = Q(author__isnull=True) | ~Q(author__in=stl_people)
    # Threads on the plan and on its commitments, counted apart so that each count reads the comments' index.
    since = [
        visible(Comment.objects.filter(target)).filter(created_at__gte=OuterRef("started"), parent__isnull=True)
        for target in _comment_targets(EACH, cts, proposals=False)
    ]
    sessions = Session.objects.filter(stl__state_id=OuterRef("state_id"))
    answered = Q(replies__author__in=stl_people, replies__is_hidden=False, replies__created_at__gte=OuterRef("started"))
    documents = Document.objects.filter(plans=OuterRef("pk"))
    whens = [When(pk=pk, then=Value(at)) for pk, at in started.items()]
    rows = (
        ActionPlan.all_objects.filter(pk__in=[p.pk for p in plans])
        .order_by()
        .annotate(started=Case(*whens, default=Value(None), output_field=DateTimeField()))
        .annotate(
            stl_public=Exists(Stl.objects.filter(state_id=OuterRef("state_id"), is_published=True)),
            last_held=_edge(sessions.filter(starts_at__lt=tomorrow), "MAX"),
            next_session=_edge(sessions.filter(starts_at__gte=tomorrow), "MIN"),
            sessions_since=_count(
                sessions.filter(stl__is_published=True, starts_at__gte=OuterRef("started"), starts_at__lt=tomorrow)
            ),
            public_documents=_count(documents.filter(is_public=True)),
            pending_documents=_count(documents.filter(is_public=False)),
            reports=_count(
                ProgressReport.objects.filter(
                    commitment__plan_id=OuterRef("pk"),
                    commitment__is_deleted=False,
                    created_at__gte=OuterRef("started"),
                )
            ),
            threads=reduce(add, [_count(qs.filter(citizen), distinct=True) for qs in since]),
            threads_answered=reduce(add, [_count(qs.filter(citizen).filter(answered), distinct=True) for qs in since]),
            **{f"sector_{i}": _took_part(sector, cts) for i, sector in enumerate(sectors)},
        )
    )
    found = {row.pk: row for row in _without_jit(rows)}
    result = {}
    for plan in plans:
        row = found[plan.pk]
        took_part = {sector or NO_AFFILIATION for i, sector in enumerate(sectors) if getattr(row, f"sector_{i}")}
        attended = attendance.get(plan.pk, {})
        last_held = timezone.localdate(row.last_held) if row.last_held else None
        result[plan.pk] = [
            _standard(
                "espacio_dialogo",
                forum_status(
                    stl_public=row.stl_public,
                    met_in_window=met_in_window(last_held, today),
                    has_next_session=row.next_session is not None,
                ),
            ),
            _standard(
                "repositorio",
                repository_status(
                    is_public=plan.is_public,
                    public_documents=row.public_documents,
                    pending_documents=row.pending_documents,
                ),
            ),
            _standard(
                "participacion",
                participation_status(
                    sectors=took_part | {s for s, n in attended.items() if n},
                    participated=bool(took_part or sum(attended.values())),
                ),
            ),
            _standard(
                "respuesta_razonada",
                responses_status(
                    total=answers.get(plan.pk, {}).get("total", 0),
                    answered=answers.get(plan.pk, {}).get("answered", 0),
                    plan_status=plan.status,
                ),
            ),
            _standard(
                "dialogo_implementacion",
                dialogue_status(
                    started=started.get(plan.pk),
                    now=now,
                    sessions=row.sessions_since if row.stl_public else 0,
                    reports=row.reports,
                    threads=row.threads,
                    answered=row.threads_answered,
                ),
            ),
        ]
    return result


CSV_COLUMNS = [
    "plan_id",
    "clave_entidad",
    "edicion",
    "estandar_numero",
    "estandar",
    "estado",
    "indicador",
    "descripcion",
    "valor",
    "unidad",
]


def csv_rows(report: PlanStandards):
    plan = report.plan
    for standard, figure in report.indicators():
        value = figure.value.isoformat() if isinstance(figure.value, date) else figure.value
        yield [
            plan.pk,
            plan.state.code,
            plan.edition,
            standard.number,
            standard.key,
            standard.status,
            figure.code,
            figure.label,
            "" if value is None else value,
            figure.unit,
        ]
