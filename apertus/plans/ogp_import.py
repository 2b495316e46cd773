"""Import commitments from OGP's commitments export (CSV) into an action plan, through the services.

What maps to what is written down in ``apertus.plans.ogp_mapping``. Here: reading the file
(whatever its encoding), one commitment per row — plus one milestone spanning the commitment when
the row gives both its dates — and a report: how many were created, which rows were skipped and
why, which columns were not used (with how many rows fill them), and the decisions taken.

Everything runs in one transaction; each row in a savepoint, so one bad row is reported and
skipped without undoing the others. Importing the same file twice into a plan creates nothing the
second time: each commitment's objective ends with its OGP source line, which is recognised.
``dry_run`` does all of it and rolls it back (the preview of the import page); ``all_or_nothing``
keeps nothing when any row is skipped for an error (a row already imported, or repeated in the
file, is not an error).
"""

from __future__ import annotations

import csv
import io
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apertus.organizations.models import OrganizationType
from apertus.organizations.services import organization_ensure
from apertus.plans import ogp_mapping as ogp
from apertus.plans import services
from apertus.plans.models import Commitment
from apertus.plans.progress import recomputed_at_end
from apertus.search import index as search_index
from apertus.taxonomy.models import Scheme, Term

REQUIRED = ["Commitment Title", "Full Text"]
MAPPED = {
    "Commitment Unique Identifier",
    "Country/Locality",
    "Action Plan Number",
    "Commitment Title",
    "Short Title",
    "Full Text",
    "Start Date",
    "End Date",
    "Lead Institution",
    "Supporting Institution(s)",
    "URL",
} | ogp.theme_columns()
PROGRESS_EVERY = 50
SOURCE = re.compile(r"Fuente: Open Government Partnership, compromiso \[([^\]]+)\]")


@dataclass
class Skipped:
    row: int  # as in a spreadsheet: the header is row 1
    identifier: str
    reason: str
    duplicate: bool = False  # already imported into the plan, or repeated in the file: not an error


@dataclass
class Line:
    """What one row gives (or would give): the commitment, or why it is skipped."""

    row: int
    identifier: str
    title: str = ""
    lead: str = ""
    start: date | None = None
    end: date | None = None
    goal: str = ""
    milestone: bool = False
    skipped: Skipped | None = None


# What each OGP column becomes in Apertus (the import page shows it; ogp_mapping.py holds the rules).
MAPPING = [
    ("Commitment Unique Identifier", _("Fuente del compromiso (al final del objetivo); reconoce lo ya importado")),
    ("Commitment Title", _("Título")),
    ("Short Title", _("Título, si falta Commitment Title o es demasiado largo")),
    ("Full Text", _("Problema público, objetivo, cómo lo resuelve y resultados esperados")),
    ("Start Date", _("Fecha de inicio (y del hito de implementación)")),
    ("End Date", _("Fecha de término (y del hito de implementación)")),
    ("Lead Institution", _("Institución responsable")),
    ("Supporting Institution(s)", _("Instituciones corresponsables y otros actores")),
    ("Country/Locality", _("Nombre de las instituciones y fuente")),
    ("Action Plan Number", _("Fuente del compromiso")),
    ("URL", _("Enlace de la fuente")),
]
THEMES_FIELD = _("ODS principal, metas, valores de OGP y prevención de la corrupción")


@dataclass
class Unmapped:
    column: str
    filled: int  # rows with a value other than empty/NA/ND/NR ("0" counts: it is a value)
    flagged: int | None = None  # for a 0/1 theme flag, the rows marked 1 (what the import leaves out)


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    milestones: int = 0
    organizations: int = 0
    encoding: str = ""
    skipped: list[Skipped] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    notes: Counter = field(default_factory=Counter)  # decision → how many rows it was taken for
    elapsed: float = 0.0
    header: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    rolled_back: bool = False  # nothing was kept (a dry run, or all-or-nothing with errors)

    @property
    def errors(self) -> list[Skipped]:
        return [s for s in self.skipped if not s.duplicate]

    @property
    def duplicates(self) -> list[Skipped]:
        return [s for s in self.skipped if s.duplicate]

    @property
    def decisions(self) -> list[tuple[str, int]]:
        return self.notes.most_common()

    def mapping(self) -> list[tuple[str, str, bool]]:
        """(OGP column, Apertus field, present in the file) for every column the import reads."""
        rows = [(column, str(target), column in self.header) for column, target in MAPPING]
        themes = sorted(c for c in ogp.theme_columns() if c in self.header)
        if themes:
            rows.append((", ".join(themes), str(THEMES_FIELD), True))
        return rows

    def as_json(self, *, lines: int) -> dict:
        """What a background import keeps of the report (``OgpImportJob.report``): every count, error,
        duplicate and decision, the columns, and the first ``lines`` rows."""

        def skipped(s: Skipped | None):
            return (
                None
                if s is None
                else {"row": s.row, "identifier": s.identifier, "reason": s.reason, "duplicate": s.duplicate}
            )

        return {
            "rows": self.rows,
            "created": self.created,
            "milestones": self.milestones,
            "organizations": self.organizations,
            "encoding": self.encoding,
            "elapsed": round(self.elapsed, 3),
            "rolled_back": self.rolled_back,
            "header": self.header,
            "skipped": [skipped(s) for s in self.skipped],
            "unmapped": [{"column": u.column, "filled": u.filled, "flagged": u.flagged} for u in self.unmapped],
            "decisions": [[decision, count] for decision, count in self.decisions],
            "mapping": [list(row) for row in self.mapping()],
            "lines": [
                {
                    "row": ln.row,
                    "identifier": ln.identifier,
                    "title": ln.title,
                    "lead": ln.lead,
                    "start": ln.start.isoformat() if ln.start else None,
                    "end": ln.end.isoformat() if ln.end else None,
                    "goal": ln.goal,
                    "milestone": ln.milestone,
                    "skipped": skipped(ln.skipped),
                }
                for ln in self.lines[:lines]
            ],
        }

    @classmethod
    def from_json(cls, data: dict) -> ImportReport:
        """The report ``as_json`` kept, to show it again (the lines it kept, and everything else)."""

        def skipped(d: dict | None) -> Skipped | None:
            return None if not d else Skipped(d["row"], d["identifier"], d["reason"], d.get("duplicate", False))

        def day(value) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            rows=data.get("rows", 0),
            created=data.get("created", 0),
            milestones=data.get("milestones", 0),
            organizations=data.get("organizations", 0),
            encoding=data.get("encoding", ""),
            elapsed=data.get("elapsed", 0.0),
            rolled_back=data.get("rolled_back", False),
            header=list(data.get("header", [])),
            skipped=[skipped(s) for s in data.get("skipped", [])],
            unmapped=[Unmapped(u["column"], u["filled"], u.get("flagged")) for u in data.get("unmapped", [])],
            notes=Counter(dict((decision, count) for decision, count in data.get("decisions", []))),
            lines=[
                Line(
                    ln["row"],
                    ln["identifier"],
                    title=ln.get("title", ""),
                    lead=ln.get("lead", ""),
                    start=day(ln.get("start")),
                    end=day(ln.get("end")),
                    goal=ln.get("goal", ""),
                    milestone=ln.get("milestone", False),
                    skipped=skipped(ln.get("skipped")),
                )
                for ln in data.get("lines", [])
            ],
        )


def ogp_import(
    *, actor, plan, path_or_file, dry_run: bool = False, all_or_nothing: bool = False, progress=None
) -> ImportReport:
    """Create the file's commitments in ``plan``; ``actor`` None is the system (command line).
    ``progress(done, total)``, if given, is called every ``PROGRESS_EVERY`` rows and after the last one
    (inside the transaction: what it records must not go through it, or a dry run would undo it)."""
    started = time.perf_counter()
    report = ImportReport()
    header, records = read_ogp(path_or_file, report)
    report.header = header
    report.unmapped = _unmapped(header, records)
    report.rows = len(records)
    # The index is written once, in bulk, at the end (each row would otherwise re-index its commitment,
    # its milestone, their organisations and the plan's other records, one by one); so are the progress
    # numbers, each commitment's and the plan's once (each row would otherwise recompute the plan's).
    with transaction.atomic(), search_index.deferred(), recomputed_at_end():
        importer = _Importer(actor=actor, plan=plan, report=report)
        for number, record in enumerate(records, start=2):
            importer.row(number, record)
            if progress is not None and (number - 1) % PROGRESS_EVERY == 0:
                progress(number - 1, len(records))
        if progress is not None and len(records) % PROGRESS_EVERY:
            progress(len(records), len(records))
        if dry_run or (all_or_nothing and report.errors):
            transaction.set_rollback(True)
            report.rolled_back = True
    report.elapsed = time.perf_counter() - started
    return report


CELL_LIMIT = 131072  # characters in one cell: the csv module's default


def read_ogp(path_or_file, report: ImportReport | None = None) -> tuple[list[str], list[dict]]:
    """The header and the rows (as dicts) of an OGP export: a path, or a binary or text file."""
    if isinstance(path_or_file, str | Path):
        data = Path(path_or_file).read_bytes()
    else:
        data = path_or_file.read()
    text, encoding = _decode(data)
    if report is not None:
        report.encoding = encoding
    # The cell limit is the csv module's default, whatever another library set for the process
    # (frictionless raises it): a cell of 200 KB is a broken file, not a commitment.
    previous = csv.field_size_limit(CELL_LIMIT)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ValidationError(_("El archivo no es un CSV legible: %(e)s") % {"e": exc}) from exc
    finally:
        csv.field_size_limit(previous)
    if not rows:
        raise ValidationError(_("El archivo está vacío."))
    header = [name.strip() for name in rows[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ValidationError(
            _("No parece una exportación de compromisos de OGP: faltan las columnas %(c)s.") % {"c": ", ".join(missing)}
        )
    records = [dict(zip(header, row, strict=False)) for row in rows[1:] if any(cell.strip() for cell in row)]
    return header, records


def _decode(data: bytes | str) -> tuple[str, str]:
    if isinstance(data, str):
        return data.lstrip("\ufeff"), "texto"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"  # never fails: every byte is a character


def _unmapped(header: list[str], records: list[dict]) -> list[Unmapped]:
    report = []
    for column in header:
        if not column or column in MAPPED:
            continue
        values = [v for r in records if (v := ogp.clean(r.get(column)))]
        is_flag = bool(values) and set(values) <= {"0", "1"}
        report.append(Unmapped(column, len(values), values.count("1") if is_flag else None))
    return report


def ogp_period(path_or_file) -> tuple[date, date]:
    """The span of the file's dates (for a new plan's period); the current year if it has none."""
    _header, records = read_ogp(path_or_file)
    starts = [d for r in records if (d := ogp.parse_date(r.get("Start Date"), end=False))]
    ends = [d for r in records if (d := ogp.parse_date(r.get("End Date"), end=True))]
    if not starts and not ends:
        year = date.today().year
        return date(year, 1, 1), date(year, 12, 31)
    dates = starts + ends
    return min(starts or dates), max(ends or dates)


class _Importer:
    def __init__(self, *, actor, plan, report: ImportReport):
        self.actor, self.plan, self.report = actor, plan, report
        self.goals = {t.code: t for t in Term.objects.filter(scheme=Scheme.SDG_GOAL)}
        self.targets = {t.code: t for t in Term.objects.filter(scheme=Scheme.SDG_TARGET, code__in=ogp.TARGET_THEMES)}
        self.values = {t.code: t for t in Term.objects.filter(scheme=Scheme.OGP_VALUE)}
        self.organizations = {}
        self.line: Line | None = None
        self.pending: list[str] = []
        self.seen: dict[str, int] = {}
        objectives = Commitment.all_objects.filter(plan=plan, objective__contains="Fuente: Open Government Partnership")
        self.done = {ident for text in objectives.values_list("objective", flat=True) for ident in SOURCE.findall(text)}

    def skip(self, number: int, identifier: str, reason: str, *, duplicate: bool = False) -> None:
        skipped = Skipped(number, identifier, reason, duplicate)
        self.report.skipped.append(skipped)
        self.line.skipped = skipped

    def row(self, number: int, record: dict) -> None:
        identifier = ogp.clean(record.get("Commitment Unique Identifier")) or _("fila %(n)s") % {"n": number}
        self.line = Line(number, identifier, title=ogp.title_from(record))
        self.report.lines.append(self.line)
        if identifier in self.seen:
            return self.skip(
                number,
                identifier,
                _("Identificador repetido: ya aparece en la fila %(n)s.") % {"n": self.seen[identifier]},
                duplicate=True,
            )
        self.seen[identifier] = number
        if identifier in self.done:
            return self.skip(number, identifier, _("Ya se importó en este plan."), duplicate=True)
        if not ogp.title_from(record):
            return self.skip(number, identifier, _("No tiene título (Commitment Title ni Short Title)."))
        if not ogp.clean(record.get("Full Text")):
            return self.skip(number, identifier, _("No tiene texto del compromiso (Full Text)."))
        known, self.pending = set(self.organizations), []
        try:
            with transaction.atomic():
                self.create(record, identifier)
        except ValidationError as exc:
            for name in set(self.organizations) - known:  # created in the rolled-back savepoint
                del self.organizations[name]
                self.report.organizations -= 1
            self.skip(number, identifier, _("No pasa la validación: %(e)s") % {"e": "; ".join(exc.messages)})
        else:
            self.report.notes.update(self.pending)

    def create(self, record: dict, identifier: str) -> None:
        sections = ogp.split_full_text(record.get("Full Text") or "")
        start, end, has_dates = self.dates(record)
        lead = self.lead(record)
        country = ogp.clean(record.get("Country/Locality"))
        co_responsible = [
            self.organization(ogp.qualified(name, country), ogp.organization_type(name))
            for name in ogp.institution_names(record.get("Supporting Institution(s)"))
        ]
        title = ogp.title_from(record)
        goal = self.goals[ogp.primary_goal(record)]
        self.line.lead, self.line.start, self.line.end = lead.name, start, end
        self.line.goal, self.line.milestone = goal.code, has_dates
        self.note(
            title != " ".join(ogp.clean(record.get("Commitment Title")).split()),
            _("título tomado de Short Title o abreviado"),
        )
        self.note(not sections["problem"], _("problema público no separado en el texto de OGP"))
        commitment = services.commitment_create(
            actor=self.actor,
            plan=self.plan,
            title=title,
            problem=sections["problem"] or ogp.NO_PROBLEM,
            objective=(sections["objective"] or ogp.NO_OBJECTIVE) + "\n\n" + _source_line(record, identifier),
            how_it_solves=sections["how"],
            expected_results=sections["results"],
            corruption_prevention=ogp.corruption_text(record),
            other_actors=_other_actors(record, lead.name),
            primary_goal=goal,
            lead_institution=lead,
            targets=[self.targets[code] for code in ogp.target_codes(record) if code in self.targets],
            co_responsible=[org for org in dict.fromkeys(co_responsible) if org != lead],
            values=[
                (self.values[code], reason) for code, reason in ogp.value_reasons(record).items() if code in self.values
            ],
            start_date=start,
            end_date=end,
        )
        self.report.created += 1
        if has_dates:
            services.milestone_create(
                actor=self.actor,
                commitment=commitment,
                title=ogp.shorten(_("Implementación: %(t)s") % {"t": title}, 255),
                deliverable=_("Cumplimiento del compromiso en las fechas registradas por OGP."),
                start_date=start,
                end_date=end,
            )
            self.report.milestones += 1

    def note(self, condition: bool, decision: str) -> None:
        """Count a decision taken for this row (kept only if the row is created)."""
        if condition:
            self.pending.append(decision)

    def dates(self, record: dict) -> tuple[date, date, bool]:
        """The commitment's dates; missing or unreadable ones come from the plan's period."""
        start = ogp.parse_date(record.get("Start Date"), end=False)
        end = ogp.parse_date(record.get("End Date"), end=True)
        has_dates = start is not None and end is not None
        if has_dates and start > end:
            start, end = end, start
            self.note(True, _("fechas de inicio y término invertidas en OGP: se corrigieron"))
        self.note(start is None or end is None, _("fecha de inicio o de término tomada del periodo del plan"))
        if start is None:
            start = self.plan.period_start if end is None else min(self.plan.period_start, end)
        if end is None:
            end = max(self.plan.period_end, start)
        return start, end, has_dates

    def lead(self, record: dict):
        country = ogp.clean(record.get("Country/Locality")) or _("país no indicado")
        name = ogp.lead_name(record.get("Lead Institution"))
        if not name:
            self.note(
                True, _("sin institución responsable en OGP: se asignó «Institución responsable no especificada»")
            )
            name = _("Institución responsable no especificada por OGP")
        return self.organization(ogp.qualified(name, country), OrganizationType.GOVERNMENT)

    def organization(self, name: str, kind: str):
        if name not in self.organizations:
            self.organizations[name] = organization_ensure(name=name, type=kind, actor=self.actor)
            self.report.organizations += 1
        return self.organizations[name]


def _source_line(record: dict, identifier: str) -> str:
    url = ogp.clean(record.get("URL"))
    link = f"[{identifier}]({url})" if url.lower().startswith(("https://", "http://")) else f"[{identifier}]"
    where = ", ".join(
        part
        for part in (ogp.clean(record.get("Country/Locality")), _plan_number(record.get("Action Plan Number")))
        if part
    )
    return f"Fuente: Open Government Partnership, compromiso {link}" + (f" ({where})." if where else ".")


def _plan_number(value) -> str:
    number = ogp.clean(value)
    return _("plan de acción %(n)s") % {"n": number} if number else ""


def _other_actors(record: dict, lead_chosen: str) -> str:
    """The lead cell when it said more than the organisation chosen, and the supporting cell, verbatim."""
    parts = []
    lead = ogp.clean(record.get("Lead Institution"))
    if lead and " ".join(lead.split()) not in lead_chosen:
        parts.append(_("Institución responsable según OGP:") + " " + ogp.markdown_text(lead))
    supporting = ogp.clean(record.get("Supporting Institution(s)"))
    if supporting:
        parts.append(_("Instituciones de apoyo según OGP:") + " " + ogp.markdown_text(supporting))
    return "\n\n".join(parts)
