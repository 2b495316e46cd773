"""The automatic quality check of a commitment: rules declared as data, a score 0–100 and a checklist.

Each rule has an id, a weight, and what it checks, why it matters and how to fix it, in Spanish
and English. A rule looks at a ``Draft`` (the commitment's texts and structure, whatever their
source: a saved commitment, the editing form, a row of OGP's export) and answers pass, fail or
"does not apply" (``None``: the source has no such data, e.g. OGP's export has no milestone
weights). The score is the weight of the rules passed over the weight of the rules that apply.

The texts are read in Spanish and English alike: the word lists hold both, and accents are
folded before matching. Weights and thresholds were calibrated against the IRM's ratings of
OGP commitments with an even id only (``manage.py quality_report --against-irm``); the odd ids are
the held-out check.

SDG support: when an SDG text classifier is registered with ``register_sdg_classifier`` the rule
``sdg_supported`` asks it whether the text supports the chosen goal; without one the rule is
skipped (it neither passes nor fails).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import get_language

# Word lists ----------------------------------------------------------------------------------
# Verbs that name an intention, not something anyone can check was delivered.
VAGUE_VERBS = [
    "promover",
    "promueve",
    "promocion",
    "fortalecer",
    "fortalece",
    "fortalecimiento",
    "impulsar",
    "impulsa",
    "fomentar",
    "fomenta",
    "sensibilizar",
    "sensibilizacion",
    "coadyuvar",
    "coadyuva",
    "propiciar",
    "favorecer",
    "contribuir",
    "mejorar",
    "incentivar",
    "difundir la cultura",
    "concientizar",
    "promote",
    "promoting",
    "promotion",
    "strengthen",
    "strengthening",
    "foster",
    "fostering",
    "enhance",
    "enhancing",
    "encourage",
    "encouraging",
    "raise awareness",
    "raising awareness",
    "awareness",
    "contribute",
    "support",
    "supporting",
    "facilitate",
    "improve",
    "improving",
    "boost",
]
# Things a milestone can deliver and anyone can check exist.
DELIVERABLES = [
    # English
    "report",
    "law",
    "bill",
    "act",
    "regulation",
    "decree",
    "by-law",
    "bylaw",
    "portal",
    "platform",
    "website",
    "web site",
    "database",
    "dataset",
    "data set",
    "register",
    "registry",
    "guideline",
    "guidelines",
    "manual",
    "handbook",
    "methodology",
    "system",
    "app",
    "application",
    "strategy",
    "action plan",
    "amendment",
    "amendments",
    "code",
    "standard",
    "template",
    "map",
    "catalogue",
    "catalog",
    "survey",
    "study",
    "assessment",
    "audit",
    "protocol",
    "procedure",
    "training",
    "workshop",
    "seminar",
    "campaign",
    "agreement",
    "memorandum",
    "inventory",
    "index",
    "roadmap",
    "published",
    "publish",
    "publication",
    "adopted",
    "adopt",
    "launched",
    "launch",
    "established",
    "establish",
    "developed",
    "develop",
    "created",
    "create",
    "drafted",
    "draft",
    "approved",
    "approve",
    "online",
    "open data",
    "module",
    "tool",
    "repository",
    "dashboard",
    # Spanish
    "informe",
    "reporte",
    "ley",
    "reglamento",
    "decreto",
    "lineamientos",
    "manual",
    "guia",
    "portal",
    "plataforma",
    "sitio web",
    "pagina",
    "base de datos",
    "datos abiertos",
    "conjunto de datos",
    "registro",
    "padron",
    "metodologia",
    "sistema",
    "aplicacion",
    "estrategia",
    "programa",
    "protocolo",
    "procedimiento",
    "convenio",
    "acuerdo",
    "catalogo",
    "mapa",
    "tablero",
    "diagnostico",
    "estudio",
    "encuesta",
    "evaluacion",
    "auditoria",
    "taller",
    "talleres",
    "capacitacion",
    "curso",
    "campana",
    "modulo",
    "herramienta",
    "repositorio",
    "publicado",
    "publicada",
    "publicar",
    "publicacion",
    "aprobado",
    "aprobada",
    "aprobar",
    "instalado",
    "instalar",
    "elaborar",
    "elaborado",
    "disenar",
    "disenado",
    "crear",
    "creado",
    "lanzar",
    "version publica",
    "minuta",
    "acta",
]
BASELINE_WORDS = [
    "baseline",
    "currently",
    "at present",
    "as of",
    "today",
    "only",
    "there is no",
    "there are no",
    "lack of",
    "linea base",
    "actualmente",
    "hoy",
    "a la fecha",
    "solo",
    "unicamente",
    "no existe",
    "no hay",
    "carece",
    "en 20",
]
TARGET_WORDS = [
    "indicator",
    "target",
    "measured",
    "by the end",
    "at least",
    "percent",
    "%",
    "increase to",
    "reduce to",
    "indicador",
    "meta",
    "medido",
    "al menos",
    "por ciento",
    "porcentaje",
    "al cierre",
    "al final",
]
UNITS = [
    "%",
    "percent",
    "per cent",
    "por ciento",
    "institutions",
    "municipalities",
    "people",
    "persons",
    "users",
    "reports",
    "datasets",
    "entities",
    "ministries",
    "instituciones",
    "municipios",
    "personas",
    "usuarios",
    "informes",
    "conjuntos",
    "dependencias",
    "solicitudes",
    "requests",
    "visits",
    "visitas",
    "sesiones",
    "sessions",
]
# Words that open a listed item in free text (OGP's export has no structured milestones).
_ITEM_LINE = re.compile(
    r"(?m)^\s*(?:[-*\u2022\u00b7\u25aa\u25cf]|\(?\d{1,2}[.)]|\(?[a-h][.)]|milestones?\b|activity\b|"
    r"activities\b|hitos?\b|actividad(?:es)?\b|step\b|paso\b|deliverables?\b|entregables?\b)"
)
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without accents, so «promoción» and «promocion» match alike."""
    text = unicodedata.normalize("NFKD", (text or "").lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def _pattern(words: list[str]) -> re.Pattern:
    alternatives = sorted({re.escape(fold(w)) for w in words}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


_VAGUE = _pattern(VAGUE_VERBS)
_DELIVERABLE = _pattern(DELIVERABLES)
_BASELINE = _pattern(BASELINE_WORDS)
_TARGET = _pattern(TARGET_WORDS)
_UNIT = re.compile(
    r"(?:\d\s*%|\d+(?:[.,]\d+)?\s+(?:\w+\s+)?(?:" + "|".join(re.escape(fold(u)) for u in UNITS if u != "%") + r"))"
)


def words(text: str) -> int:
    return len(_WORD.findall(text or ""))


def vague_count(text: str) -> int:
    return len(_VAGUE.findall(fold(text)))


def deliverable_count(text: str) -> int:
    return len(_DELIVERABLE.findall(fold(text)))


# Calibrated thresholds (even OGP ids; see the module docstring) ---------------------------------
PROBLEM_MIN_WORDS = 30
VALUE_MIN_WORDS = 6
# Free text (no structured milestones): deliverables named minus vague verbs, per √words.
TEXT_VERIFIABLE_MIN = 0.0
TEXT_MIN_ITEMS = 2


# What a rule looks at ---------------------------------------------------------------------------
@dataclass
class MilestoneDraft:
    title: str
    deliverable: str = ""
    start: date | None = None
    end: date | None = None
    weight: int | None = None


@dataclass
class Draft:
    title: str = ""
    problem: str = ""
    baseline: str = ""
    objective: str = ""
    expected_results: str = ""
    how_it_solves: str = ""
    full_text: str = ""  # free text when the source has no sections (OGP)
    milestones: list[MilestoneDraft] | None = None  # None: the source has no structured milestones
    period: tuple[date, date] | None = None
    has_dates: bool | None = None
    lead_institution: bool = False
    civil_society: int | None = None  # None: unknown; for free text, whether supporting actors are named
    values: list[tuple[str, str]] | None = None  # (ogp value code, how), None when the source has none
    sdg_goal: str | None = None  # goal code, None when unknown
    sdg_targets: list[str] | None = None
    duplicated_fields: list[str] | None = None  # fields identical to another commitment's, None when unknown

    @property
    def text(self) -> str:
        parts = [
            self.title,
            self.problem,
            self.baseline,
            self.objective,
            self.expected_results,
            self.how_it_solves,
            self.full_text,
        ]
        if self.milestones:
            parts += [f"{m.title} {m.deliverable}" for m in self.milestones]
        return "\n".join(p for p in parts if p)


# The rules ---------------------------------------------------------------------------------------
Check = Callable[[Draft], bool | None]


@dataclass(frozen=True)
class Rule:
    id: str
    weight: int
    what: dict[str, str]
    why: dict[str, str]
    fix: dict[str, str]
    check: Check = field(repr=False)
    field: str = "whole"  # the commitment field it is about (as review comments name them)

    def text(self, part: str, language: str | None = None) -> str:
        language = (language or get_language() or "es")[:2]
        texts = getattr(self, part)
        return texts.get(language) or texts["es"]


def _problem(d: Draft) -> bool:
    text = d.problem or d.full_text
    return words(text) >= PROBLEM_MIN_WORDS and vague_count(text) <= max(2, words(text) // 40)


def _baseline(d: Draft) -> bool:
    if words(d.baseline) >= 5:
        return True
    text = fold(d.problem or d.full_text)
    return bool(_BASELINE.search(text) and _NUMBER.search(text))


def _measurable(d: Draft) -> bool:
    text = fold(
        "\n".join(
            [d.expected_results, d.objective, d.full_text] + [f"{m.title} {m.deliverable}" for m in d.milestones or []]
        )
    )
    return bool(_UNIT.search(text) or (_TARGET.search(text) and _NUMBER.search(text)))


def _text_items(d: Draft) -> int:
    return len(_ITEM_LINE.findall(fold(d.full_text)))


def _two_milestones(d: Draft) -> bool:
    if d.milestones is None:
        return _text_items(d) >= TEXT_MIN_ITEMS
    return len(d.milestones) >= 2


def milestone_is_verifiable(m: MilestoneDraft) -> bool:
    """A milestone names something delivered; a vague verb alone ("promover…") is not checkable."""
    text = f"{m.title} {m.deliverable}"
    if deliverable_count(text) == 0:
        return False
    return not (vague_count(m.title) and words(m.deliverable) < 3)


def _verifiable(d: Draft) -> bool:
    if d.milestones is None:
        text = d.full_text or d.text
        net = deliverable_count(text) - 2 * vague_count(text)
        return net / max(1.0, words(text) ** 0.5) >= TEXT_VERIFIABLE_MIN
    return bool(d.milestones) and all(milestone_is_verifiable(m) for m in d.milestones)


def _dates(d: Draft) -> bool | None:
    if d.milestones is None:
        return d.has_dates
    if not d.milestones or d.period is None:
        return False
    start, end = d.period
    previous = None
    for m in d.milestones:
        if m.start is None or m.end is None or not (start <= m.start <= m.end <= end):
            return False
        if previous is not None and m.end < previous:
            return False
        previous = m.end
    return True


def _weights(d: Draft) -> bool | None:
    if d.milestones is None:
        return None
    return bool(d.milestones) and sum(m.weight or 0 for m in d.milestones) == 100


def _actors(d: Draft) -> bool | None:
    if d.civil_society is None:
        return None
    return d.lead_institution and d.civil_society > 0


def _values(d: Draft) -> bool | None:
    if d.values is None:
        return None
    return any(words(how) >= VALUE_MIN_WORDS for _code, how in d.values)


def _sdg(d: Draft) -> bool | None:
    if d.sdg_goal is None and d.sdg_targets is None:
        return None
    return bool(d.sdg_goal) and bool(d.sdg_targets)


# The hook point for an SDG text classifier (none by default; no dependency on any app).
_SDG_CLASSIFIER: Callable[[str, str], bool] | None = None


def register_sdg_classifier(fn: Callable[[str, str], bool] | None) -> None:
    """``fn(text, goal_code)`` says whether the text supports the goal; ``None`` unregisters it."""
    global _SDG_CLASSIFIER
    _SDG_CLASSIFIER = fn


def _sdg_supported(d: Draft) -> bool | None:
    if _SDG_CLASSIFIER is None or not d.sdg_goal:
        return None
    return bool(_SDG_CLASSIFIER(d.text, d.sdg_goal))


def _not_copied(d: Draft) -> bool | None:
    if d.duplicated_fields is None:
        return None
    return not d.duplicated_fields


def _t(es: str, en: str) -> dict[str, str]:
    return {"es": es, "en": en}


RULES: list[Rule] = [
    Rule(
        "problem",
        5,
        _t(
            "El problema público está descrito con sustancia (al menos 30 palabras, sin quedarse en intenciones).",
            "The public problem is described with substance (at least 30 words, not just intentions).",
        ),
        _t(
            "Sin un problema claro no se puede saber si el compromiso lo resuelve.",
            "Without a clear problem nobody can tell whether the commitment solves it.",
        ),
        _t(
            "Di qué pasa hoy, a quién afecta, dónde y con qué evidencia.",
            "Say what happens today, to whom, where, and with what evidence.",
        ),
        _problem,
        "problem",
    ),
    Rule(
        "baseline",
        5,
        _t(
            "Hay una línea base: la situación de partida con una cifra.",
            "There is a baseline: the starting situation with a figure.",
        ),
        _t("Sin línea base el avance no se puede medir.", "Without a baseline progress cannot be measured."),
        _t(
            "Llena «línea base» con el dato actual y su fuente (p. ej. «en 2024, 12 de 570 municipios publican…»).",
            'Fill in the baseline with today\'s figure and its source (e.g. "in 2024, 12 of 570 municipalities publish…").',
        ),
        _baseline,
        "problem",
    ),
    Rule(
        "measurable_result",
        25,
        _t(
            "El resultado es medible: un indicador con unidad y valor meta.",
            "The result is measurable: an indicator with a unit and a target value.",
        ),
        _t(
            "El IRM evalúa si el compromiso es específico y verificable; una meta numérica lo hace posible.",
            "The IRM assesses whether a commitment is specific and verifiable; a numeric target makes it so.",
        ),
        _t(
            "Escribe en los resultados esperados el indicador, su unidad y la meta (p. ej. «100 % de los 32 informes publicados»).",
            'Write the indicator, its unit and the target in the expected results (e.g. "100% of the 32 reports published").',
        ),
        _measurable,
        "result_indicator",
    ),
    Rule(
        "two_milestones",
        5,
        _t("Tiene al menos dos hitos.", "It has at least two milestones."),
        _t(
            "Los hitos dividen el compromiso en pasos que se pueden seguir.",
            "Milestones break the commitment into steps that can be followed.",
        ),
        _t(
            "Agrega hitos intermedios, cada uno con su entregable.",
            "Add intermediate milestones, each with its deliverable.",
        ),
        _two_milestones,
        "milestones",
    ),
    Rule(
        "verifiable_milestones",
        25,
        _t(
            "Cada hito es un entregable verificable, no solo un verbo vago (promover, fortalecer, impulsar…).",
            "Each milestone is a verifiable deliverable, not just a vague verb (promote, strengthen, foster…).",
        ),
        _t(
            "El IRM califica como «no verificable» lo que no produce algo que se pueda comprobar.",
            'The IRM rates as "not verifiable" whatever produces nothing that can be checked.',
        ),
        _t(
            "Nombra lo que se entregará: un informe publicado, un portal en línea, un reglamento aprobado, un conjunto de datos.",
            "Name what will be delivered: a published report, an online portal, an approved regulation, a dataset.",
        ),
        _verifiable,
        "milestones",
    ),
    Rule(
        "milestone_dates",
        15,
        _t(
            "Los hitos tienen fechas dentro del periodo del plan y en orden.",
            "Milestones have dates inside the plan's period, in order.",
        ),
        _t("Las fechas permiten saber si un hito está vencido.", "Dates tell whether a milestone is overdue."),
        _t(
            "Ajusta las fechas de los hitos al periodo del plan y ordénalas.",
            "Fit milestone dates to the plan's period and order them.",
        ),
        _dates,
        "milestones",
    ),
    Rule(
        "milestone_weights",
        5,
        _t("Los pesos de los hitos suman 100.", "Milestone weights add up to 100."),
        _t(
            "El avance del compromiso se calcula con los pesos.",
            "The commitment's progress is computed from the weights.",
        ),
        _t("Reparte 100 puntos entre los hitos según su esfuerzo.", "Share 100 points among the milestones by effort."),
        _weights,
        "milestones",
    ),
    Rule(
        "actors",
        10,
        _t(
            "Tiene una institución responsable y al menos un actor de sociedad civil.",
            "It has a lead institution and at least one civil-society actor.",
        ),
        _t(
            "La cocreación pide corresponsabilidad entre gobierno y sociedad.",
            "Co-creation asks for shared responsibility between government and society.",
        ),
        _t(
            "Agrega como corresponsable a una organización de sociedad civil.",
            "Add a civil-society organisation as co-responsible.",
        ),
        _actors,
        "whole",
    ),
    Rule(
        "ogp_values",
        5,
        _t(
            "Declara al menos un valor de gobierno abierto con una frase que diga cómo.",
            "It declares at least one open-government value with a sentence saying how.",
        ),
        _t(
            "El IRM evalúa la relevancia para cada valor de gobierno abierto.",
            "The IRM assesses relevance to each open-government value.",
        ),
        _t(
            "Explica en una frase cómo el compromiso abre información, participación o rendición de cuentas.",
            "Explain in one sentence how the commitment opens information, participation or accountability.",
        ),
        _values,
        "ogp_values",
    ),
    Rule(
        "sdg",
        5,
        _t("Tiene ODS principal y al menos una meta ODS.", "It has a primary SDG goal and at least one SDG target."),
        _t(
            "El programa alinea cada compromiso a la Agenda 2030.",
            "The program aligns each commitment to the 2030 Agenda.",
        ),
        _t(
            "Elige la meta ODS a la que contribuye el compromiso.",
            "Choose the SDG target the commitment contributes to.",
        ),
        _sdg,
        "sdg",
    ),
    Rule(
        "sdg_supported",
        5,
        _t(
            "El texto respalda el ODS elegido (clasificador de ODS).",
            "The text supports the chosen SDG (SDG classifier).",
        ),
        _t(
            "Un ODS que el texto no menciona es una alineación de papel.",
            "An SDG the text never touches is alignment on paper only.",
        ),
        _t(
            "Describe en el objetivo cómo contribuye al ODS o elige otro ODS.",
            "Say in the objective how it contributes, or choose another SDG.",
        ),
        _sdg_supported,
        "sdg",
    ),
    Rule(
        "not_copied",
        5,
        _t(
            "Ningún campo está copiado de otro compromiso del plan.",
            "No field is copied from another commitment of the plan.",
        ),
        _t(
            "Textos copiados suelen ser compromisos sin diseño propio.",
            "Copied texts usually mean a commitment without its own design.",
        ),
        _t("Escribe el texto propio de este compromiso.", "Write this commitment's own text."),
        _not_copied,
        "whole",
    ),
]
RULES_BY_ID = {rule.id: rule for rule in RULES}
VERIFIABILITY_RULE = "verifiable_milestones"


# Results -----------------------------------------------------------------------------------------
@dataclass
class RuleResult:
    rule: Rule
    passed: bool | None  # None: does not apply / skipped

    @property
    def status(self) -> str:
        return "skip" if self.passed is None else ("pass" if self.passed else "fail")


@dataclass
class QualityResult:
    score: int
    results: list[RuleResult]

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.results if r.passed is False]

    def passed(self, rule_id: str) -> bool | None:
        return next(r.passed for r in self.results if r.rule.id == rule_id)


def check(draft: Draft, *, weights: dict[str, int] | None = None) -> QualityResult:
    """Run every rule; ``weights`` (rule id → weight) overrides the declared ones (calibration)."""
    results = [RuleResult(rule, rule.check(draft)) for rule in RULES]
    total = passed = 0
    for result in results:
        if result.passed is None:
            continue
        weight = (weights or {}).get(result.rule.id, result.rule.weight)
        total += weight
        passed += weight if result.passed else 0
    return QualityResult(round(100 * passed / total) if total else 0, results)
