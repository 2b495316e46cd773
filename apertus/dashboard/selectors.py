"""The personal dashboard: what waits for a person, by role, read only through the other apps' selectors.

Each ``Source`` names the role it serves, a queryset from its own app's selectors and how one row
becomes an item (title, link to where the work is done, date). All the totals come from one query
(``totals``), which the header badge also uses; the page then reads at most ``LIMIT`` rows per
section it shows: a fixed number of queries, whatever the amount of work waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apertus.accounts.models import Role, User
from apertus.accounts.selectors import roles_of
from apertus.advice import selectors as advice
from apertus.calls import selectors as calls
from apertus.learning import selectors as learning
from apertus.moderation import selectors as moderation
from apertus.notifications import selectors as notifications
from apertus.plans import selectors as plans

LIMIT = 8


@dataclass
class Item:
    title: str
    url: str
    when: object = None
    note: str = ""
    late: bool = False


@dataclass
class Source:
    key: str
    title: object
    roles: tuple[str, ...]  # shown to these roles even when empty; () = to everyone
    rows: Callable[[object], QuerySet]
    item: Callable[[object], Item]
    more_url: Callable[[], str] | None = None
    more_label: object = ""
    # The rows depend on the person through their id alone (not their roles, nor the clock): the count's
    # SQL is compiled once per process and the id put in its parameters (``_count_sql_of``).
    by_id: bool = False


@dataclass
class Section:
    key: str
    title: object
    total: int
    items: list[Item] = field(default_factory=list)
    more_url: str = ""
    more_label: object = ""


def _milestone(m) -> Item:
    commitment = m.commitment
    return Item(
        title=f"{commitment.number}. {commitment.title} — {m.title}",
        url=reverse("plans:progress_report", args=[m.pk]),
        when=m.end_date,
        note=str(commitment.plan.state),
        late=bool(m.is_overdue),
    )


def _round(r) -> Item:
    return Item(title=str(r), url=r.get_absolute_url(), when=r.due_date, late=r.due_date < timezone.localdate())


def _answer(c) -> Item:
    return Item(
        title=f"{c.commitment.number}. {c.commitment.title}", url=c.get_absolute_url(), note=str(c.get_kind_display())
    )


def _evaluation(e) -> Item:
    application = e.application
    return Item(
        title=str(_("Solicitud %(n)s · %(call)s") % {"n": application.pk, "call": application.call}),
        url=reverse("calls:evaluation", args=[e.pk]),
        note=str(application.state or ""),
    )


def _interview(i) -> Item:
    application = i.application
    return Item(
        title=str(_("Entrevista · solicitud %(n)s · %(call)s") % {"n": application.pk, "call": application.call}),
        url=reverse("calls:interview", args=[i.pk]),
        note=str(application.state or ""),
    )


def _submission(s) -> Item:
    who = s.state if s.is_team else s.fellow.public_name
    return Item(title=f"{s.activity} · {who}", url=s.get_absolute_url(), when=s.submitted_at)


def _activity(a) -> Item:
    return Item(title=a.title, url=a.get_absolute_url(), when=a.closes_at, note=str(a.session.module))


def _flag(row) -> Item:
    model = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
    kind = model._meta.verbose_name if model else "?"
    return Item(
        title=f"{kind} #{row['object_id']}",
        url=reverse("moderation:queue"),
        when=row["last"],
        note=str(_("%(n)s reportes") % {"n": row["n"]}),
    )


def _proof(a) -> Item:
    return Item(
        title=str(_("Comprobante de la solicitud %(n)s · %(call)s") % {"n": a.pk, "call": a.call}),
        url=reverse("calls:manage_application", args=[a.call.slug, a.pk]),
        when=a.submitted_at,
    )


def _notification(n) -> Item:
    return Item(title=n.title, url=n.url or reverse("notifications:inbox"), when=n.created_at)


def sources(now) -> list[Source]:
    return [
        Source(
            "milestones",
            _("Hitos vencidos o por vencer en tu plan"),
            (Role.STL_MEMBER,),
            plans.milestones_needing_progress,
            _milestone,
        ),
        Source(
            "rounds",
            _("Rondas de revisión abiertas en los planes que asesoras"),
            (Role.ADVISOR,),
            advice.rounds_awaiting_advisor,
            _round,
            by_id=True,
        ),
        Source(
            "answers",
            _("Respuestas a tus comentarios, por aceptar o reabrir"),
            (Role.ADVISOR,),
            advice.answers_awaiting_advisor,
            _answer,
            by_id=True,
        ),
        Source(
            "evaluations",
            _("Solicitudes por calificar"),
            (),
            calls.evaluations_pending,
            _evaluation,
            lambda: reverse("calls:evaluator_home"),
            _("Todas tus evaluaciones"),
            by_id=True,
        ),
        Source(
            "interviews",
            _("Entrevistas por registrar"),
            (),
            calls.interviews_pending,
            _interview,
            lambda: reverse("calls:evaluator_home"),
            _("Todas tus evaluaciones"),
            by_id=True,
        ),
        Source(
            "submissions", _("Entregas por calificar"), (Role.FACILITATOR,), learning.submissions_to_grade, _submission
        ),
        Source(
            "activities",
            _("Actividades que cierran esta semana"),
            (Role.FELLOW,),
            lambda user: learning.activities_due_soon(user, now=now),
            _activity,
        ),
        Source(
            "flags",
            _("Contenido reportado por revisar"),
            (Role.COORDINATOR, Role.STL_MEMBER),
            moderation.flagged_items,
            _flag,
            lambda: reverse("moderation:queue"),
            _("Cola de moderación"),
        ),
        Source(
            "proofs",
            _("Comprobantes de domicilio sin revisar"),
            (Role.COORDINATOR,),
            lambda user: calls.proofs_to_check(),
            _proof,
            by_id=True,
        ),
        Source(
            "unread",
            _("Novedades de lo que sigues y avisos sin leer"),
            (),
            notifications.unread,
            _notification,
            lambda: reverse("notifications:inbox"),
            _("Todas tus notificaciones"),
            by_id=True,
        ),
    ]


def _countable(qs: QuerySet) -> QuerySet:
    qs = qs.order_by()
    # Grouped rows (values + annotate) are counted as they are; model rows by their keys alone.
    return qs if qs._fields is not None else qs.values("pk")


def _count_sql(qs: QuerySet) -> tuple[str, list]:
    """``(SELECT COUNT(*) FROM (<the rows>) counted)`` and its parameters; ``0`` for rows that cannot exist."""
    try:
        sql, params = _countable(qs).query.sql_with_params()
    except EmptyResultSet:  # an empty ``__in`` list, ``none()``
        return "0", []
    return f"(SELECT COUNT(*) FROM ({sql}) counted)", list(params)  # noqa: S608 - SQL the ORM compiled


# A stand-in id no account has: the by-id sources are compiled once for it, and it is swapped for the
# person's id in the parameters. Per database vendor: SQLite and PostgreSQL get different SQL.
_STAND_IN = -987_654_321
_compiled: dict[tuple[str, str], tuple[str, list]] = {}


def _count_sql_of(source: Source, user) -> tuple[str, list]:
    """``_count_sql`` of the source's rows for ``user``. Building and compiling a source's queryset cost
    more than running it, on every signed-in page (the header badge); for a by-id source the SQL is the
    same for everyone, so it is compiled once and only the id changes
    (dashboard/tests/test_panel.py checks both ways give the same SQL and parameters)."""
    if not source.by_id:
        return _count_sql(source.rows(user))
    key = (connection.vendor, source.key)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _count_sql(source.rows(User(pk=_STAND_IN)))
    sql, params = compiled
    return sql, [user.pk if type(value) is int and value == _STAND_IN else value for value in params]


def _applies(source: Source, user, held: set[str]) -> bool:
    if source.key in ("flags", "proofs"):
        # Coordination's queues; moderation also reaches STL members for their own state.
        return Role.COORDINATOR in held or user.is_superuser or (source.key == "flags" and Role.STL_MEMBER in held)
    return True


def totals(user, now=None) -> dict[str, int]:
    """Every count of the person's dashboard in one query (the header badge and the page share it).

    Each source's rows are compiled on their own and the counts put side by side in one ``SELECT``: the
    same query as annotating them on the person's row, without the ORM resolving ten subqueries again
    into an outer one, which cost more than the query itself on every signed-in page.
    """
    if not getattr(user, "is_authenticated", False):
        return {}
    held = {assignment.role for assignment in roles_of(user)}
    keys, columns, params = [], [], []
    for source in sources(now or timezone.now()):
        if _applies(source, user, held):
            sql, more = _count_sql_of(source, user)
            keys.append(source.key)
            columns.append(sql)
            params.extend(more)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns), params)
        row = cursor.fetchone()
    return {key: value or 0 for key, value in zip(keys, row, strict=True)}


def total(user) -> int:
    return sum(totals(user).values())


def dashboard_of(user) -> list[Section]:
    """The sections to show: those of the person's roles, and any other with work waiting."""
    now = timezone.now()
    counts = totals(user, now)
    held = {assignment.role for assignment in roles_of(user)}
    sections = []
    for source in sources(now):
        if source.key not in counts:
            continue
        count = counts[source.key]
        if not count and not (set(source.roles) & held) and source.key != "unread":
            continue
        items = [source.item(row) for row in source.rows(user)[:LIMIT]] if count else []
        sections.append(
            Section(
                source.key, source.title, count, items, source.more_url() if source.more_url else "", source.more_label
            )
        )
    return sections
