"""How the columns of OGP's commitments export map onto an Apertus commitment.

The export (opengovpartnership.org, one row per commitment, 171 columns) mixes a commitment's own
text with the IRM's assessments and dozens of 0/1 theme flags. Mapped here:

- ``Commitment Title`` → title (``Short Title`` when the title exceeds 255 characters; cut at a
  word with "…" if both do).
- ``Full Text`` → problem / objective / how it solves / expected results, split by the headings of
  OGP's own template when the text has them (``split_full_text``); text under no known heading is
  objective. When no problem heading exists the problem says so instead of repeating the text.
- ``Start Date`` / ``End Date`` → dates (``parse_date``: US m/d/yyyy (d/m/yyyy when the first
  number exceeds 12), m/d/yy, ISO, Excel serial numbers, "July 2014", "2016", quarters, seasons, and
  the Excel accident 7/15/1905 = the year 2023); missing or unreadable ("Ongoing") → the plan's period.
- ``Lead Institution`` → the first institution named, as a government Organization; the full
  text, when it named more, goes to other actors. ``Supporting Institution(s)`` → co-responsible
  Organizations for the items that read as names (``institution_names``) and, verbatim, other actors.
- ``OGP Value …`` (the IRM's relevance, 1/0) and theme flags → open-government values
  (``VALUE_THEMES``); anti-corruption themes → corruption-prevention text; themes → primary SDG
  goal (``SECTOR_GOALS``, 16 unless exactly one other goal is clearly indicated) and SDG 16 targets.
- ``Commitment Unique Identifier``, ``URL``, ``Country/Locality``, ``Action Plan Number`` → the
  source line at the end of the objective (also how a second import recognises what it already did).

Everything else (IRM scores, completion, starred, clusters…) is not mapped and is listed, with
how many rows fill it, in the import report.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

NA = {"", "na", "n/a", "nd", "nr", "n.a.", "none", "null", "-", "—", "unclear", "tbd", "tbc"}


def clean(value) -> str:
    """The cell's text, or "" when it only says "not available" in one of OGP's ways."""
    text = (value or "").strip()
    return "" if text.lower() in NA else text


def flagged(record: dict, column: str) -> bool:
    return clean(record.get(column)) in {"1", "1.0", "yes", "Yes"}


# Themes ----------------------------------------------------------------------------------------

THEME_LABELS = {  # column → Spanish name used in the texts written from it
    "Anti-Corruption and Integrity": "Anticorrupción e integridad",
    "Anti-corruption Institutions": "Instituciones anticorrupción",
    "Anti-Corruption Strategies": "Estrategias anticorrupción",
    "Asset Disclosure": "Declaraciones patrimoniales",
    "Audits": "Auditorías",
    "Beneficial Ownership": "Beneficiarios finales",
    "Conflicts Of Interest": "Conflictos de interés",
    "Political Finance": "Financiamiento político",
    "Money in Politics": "Dinero en la política",
    "Lobbying": "Cabildeo",
    "Open Contracting": "Contrataciones abiertas",
    "Public Procurement": "Compras públicas",
    "Whistleblower Protections": "Protección de denunciantes",
    "Right To Information": "Derecho a la información",
    "Access to information": "Acceso a la información",
    "Open Data": "Datos abiertos",
    "Publication Of Budget/Fiscal Information": "Publicación de información presupuestaria",
    "Civic Space and Enabling Environment": "Espacio cívico",
    "Freedom of Expression": "Libertad de expresión",
    "Freedom of Assembly": "Libertad de reunión",
    "Freedom of Association": "Libertad de asociación",
    "Democratizing Decision-Making": "Democratización de la toma de decisiones",
    "Public Participation": "Participación pública",
    "Participation in Lawmaking": "Participación en la elaboración de leyes",
    "Digital Participation": "Participación digital",
    "Mainstreaming Participation": "Transversalización de la participación",
    "Public Participation In Budget/Fiscal Policy": "Participación en el presupuesto",
    "Social Accountability": "Contraloría social",
    "Legislative Oversight": "Control legislativo",
    "Oversight Of Budget/Fiscal Policies": "Vigilancia del presupuesto",
    "Open Parliaments": "Parlamento abierto",
    "Regulatory Governance": "Gobernanza regulatoria",
    "Access to Justice": "Acceso a la justicia",
    "Open Justice": "Justicia abierta",
    "Judiciary": "Poder judicial",
    "Digital Governance": "Gobernanza digital",
    "Digital Transformation": "Transformación digital",
    "Automated Decision-making": "Decisiones automatizadas",
}

ANTI_CORRUPTION = [
    "Anti-Corruption and Integrity",
    "Anti-corruption Institutions",
    "Anti-Corruption Strategies",
    "Asset Disclosure",
    "Audits",
    "Beneficial Ownership",
    "Conflicts Of Interest",
    "Political Finance",
    "Money in Politics",
    "Lobbying",
    "Open Contracting",
    "Public Procurement",
    "Whistleblower Protections",
]

# Open-government value (Term code, scheme ogp_value) → the IRM's column, and the theme flags that imply it.
# The IRM's judgement wins where it gave one (1 yes, 0 no); themes decide only where it did not (ND, NR).
IRM_VALUES = {
    "acceso": "OGP Value Access To Information",
    "participacion": "OGP Value Civic Participation",
    "rendicion": "OGP Value Public Accountability",
    "tecnologia": "OGP Value Technology",
}
VALUE_THEMES = {
    "acceso": [
        "Right To Information",
        "Access to information",
        "Open Data",
        "Publication Of Budget/Fiscal Information",
    ],
    "participacion": [
        "Democratizing Decision-Making",
        "Public Participation",
        "Participation in Lawmaking",
        "Digital Participation",
        "Mainstreaming Participation",
        "Public Participation In Budget/Fiscal Policy",
        "Civic Space and Enabling Environment",
    ],
    "rendicion": [
        "Anti-Corruption and Integrity",
        "Social Accountability",
        "Audits",
        "Legislative Oversight",
        "Oversight Of Budget/Fiscal Policies",
        "Asset Disclosure",
        "Conflicts Of Interest",
        "Whistleblower Protections",
    ],
    "tecnologia": ["Digital Governance", "Digital Transformation", "Digital Participation"],
}

# Primary SDG goal. OGP commitments are about institutions (SDG 16) unless a sector theme says
# otherwise. A sector counts only when all flagged sector themes point to ONE goal: a commitment
# flagged both "Health" and "Education" is not clearly either, and stays 16. Parent categories
# ("Inclusion", "Public Service Delivery") are left out: their children say which goal.
SECTOR_GOALS = {
    "Health & Nutrition": "3",
    "Open Data (Health)": "3",
    "Education": "4",
    "Open Data (Education)": "4",
    "Gender": "5",
    "Gender-Based Violence": "5",
    "Water & Sanitation": "6",
    "Open Data (Water/Sanitation)": "6",
    "Energy": "7",
    "Labor": "8",
    "Economic Inclusion": "8",
    "Infrastructure & Transport": "9",
    "People with Disabilities": "10",
    "LGBTQIA+": "10",
    "Land and Spatial Planning": "11",
    "Environment & Climate": "13",
    "Climate Mitigation and Adaptation": "13",
    "Climate Finance": "13",
}
DEFAULT_GOAL = "16"

# SDG 16 targets the governance themes clearly serve (added whatever the primary goal).
TARGET_THEMES = {
    "16.3": ["Access to Justice", "Open Justice", "Judiciary"],
    "16.4": ["Beneficial Ownership"],
    "16.5": [
        "Anti-Corruption and Integrity",
        "Anti-corruption Institutions",
        "Anti-Corruption Strategies",
        "Asset Disclosure",
        "Conflicts Of Interest",
        "Political Finance",
        "Money in Politics",
        "Lobbying",
        "Open Contracting",
        "Public Procurement",
        "Whistleblower Protections",
    ],
    "16.6": [
        "Open Parliaments",
        "Legislative Oversight",
        "Audits",
        "Fiscal Openness",
        "Publication Of Budget/Fiscal Information",
        "Oversight Of Budget/Fiscal Policies",
        "Social Accountability",
        "Regulatory Governance",
    ],
    "16.7": [
        "Democratizing Decision-Making",
        "Public Participation",
        "Participation in Lawmaking",
        "Digital Participation",
        "Mainstreaming Participation",
        "Public Participation In Budget/Fiscal Policy",
    ],
    "16.10": [
        "Right To Information",
        "Access to information",
        "Freedom of Expression",
        "Freedom of Assembly",
        "Freedom of Association",
        "Civic Space and Enabling Environment",
    ],
}


def primary_goal(record: dict) -> str:
    goals = {goal for column, goal in SECTOR_GOALS.items() if flagged(record, column)}
    return goals.pop() if len(goals) == 1 else DEFAULT_GOAL


def target_codes(record: dict) -> list[str]:
    return [code for code, columns in TARGET_THEMES.items() if any(flagged(record, c) for c in columns)]


def value_reasons(record: dict) -> dict[str, str]:
    """OGP value code → the justification, written from what the export says."""
    reasons = {}
    for code, column in IRM_VALUES.items():
        irm = clean(record.get(column))
        if irm == "1":
            reasons[code] = (
                "El Mecanismo de Revisión Independiente (IRM) de OGP evaluó el compromiso como relevante para este valor."
            )
        elif irm != "0":
            themes = [THEME_LABELS[c] for c in VALUE_THEMES[code] if flagged(record, c)]
            if themes:
                reasons[code] = "OGP clasifica el compromiso en los temas: " + ", ".join(themes) + "."
    return reasons


def corruption_text(record: dict) -> str:
    themes = [THEME_LABELS[c] for c in ANTI_CORRUPTION if flagged(record, c)]
    return (
        ("OGP clasifica el compromiso en temas de anticorrupción e integridad: " + ", ".join(themes) + ".")
        if themes
        else ""
    )


def theme_columns() -> set[str]:
    columns = set(ANTI_CORRUPTION) | set(IRM_VALUES.values()) | set(SECTOR_GOALS)
    for group in (VALUE_THEMES, TARGET_THEMES):
        for names in group.values():
            columns |= set(names)
    return columns


# Dates -----------------------------------------------------------------------------------------

MONTHS = {
    name: n
    for n, names in enumerate(
        [
            ("january", "jan", "enero"),
            ("february", "feb", "febrero"),
            ("march", "mar", "marzo"),
            ("april", "apr", "abril"),
            ("may", "mayo"),
            ("june", "jun", "junio"),
            ("july", "jul", "julio"),
            ("august", "aug", "agosto"),
            ("september", "sep", "sept", "septiembre"),
            ("october", "oct", "octubre"),
            ("november", "nov", "noviembre"),
            ("december", "dec", "diciembre"),
        ],
        start=1,
    )
    for name in names
}
EXCEL_EPOCH = date(1899, 12, 30)
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH_YEAR = re.compile(r"([a-záéíóú]+)\.?,?\s+(?:de\s+)?(\d{4})")
_QUARTER = re.compile(
    r"(?:q([1-4])|quarter\s*([1-4])|([1-4])(?:st|nd|rd|th)?\s+quarter|(i{1,3}|iv)\s+quarter)\D*(\d{4})"
)
_SEASON = re.compile(r"(spring|summer|autumn|fall)\s+(\d{4})")


def _span(year: int, first: int, last: int, end: bool) -> date:
    return date(year, last, calendar.monthrange(year, last)[1]) if end else date(year, first, 1)


def parse_date(value, *, end: bool) -> date | None:
    """A date from the many ways OGP's export writes one; a period gives its first (or last, ``end``) day."""
    text = clean(value).lower()
    try:
        parsed = _parse(text, end)
    except ValueError:  # 2/30/2020 and the like
        return None
    if parsed is None or 1990 <= parsed.year <= 2100:
        return parsed
    # A year typed into a date-formatted cell: Excel stores 2023 as day 2023, shown as 7/15/1905.
    year = (parsed - EXCEL_EPOCH).days
    return _span(year, 1, 12, end) if 1990 <= year <= 2100 else None


def _parse(text: str, end: bool) -> date | None:
    if match := _US.fullmatch(text):
        month, day, year = (int(g) for g in match.groups())
        if month > 12 >= day:  # some rows are day/month (31/12/2014)
            month, day = day, month
        return date(year + 2000 if year < 100 else year, month, day)
    if match := _ISO.fullmatch(text):
        return date(*(int(g) for g in match.groups()))
    if text.isdigit() and 20_000 <= int(text) <= 80_000:  # an Excel serial day number (1954-2118)
        return EXCEL_EPOCH + timedelta(days=int(text))
    if text.isdigit() and 1990 <= int(text) <= 2100:
        return _span(int(text), 1, 12, end)
    if (match := _MONTH_YEAR.fullmatch(text)) and match.group(1) in MONTHS:
        month = MONTHS[match.group(1)]
        return _span(int(match.group(2)), month, month, end)
    if match := _QUARTER.search(text):
        digit, spelled, ordinal, roman, year = match.groups()
        quarter = int(digit or spelled or ordinal or ROMAN[roman])
        return _span(int(year), quarter * 3 - 2, quarter * 3, end)
    if match := _SEASON.fullmatch(text):
        first, last = SEASONS[match.group(1)]
        return _span(int(match.group(2)), first, last, end)
    return None


# Text ------------------------------------------------------------------------------------------

_BULLET = "•●▪■◦►➢\uf0a7\uf0b7\uf06c\uf0d8\uf0fc\uf076"
_BULLET_LINE = re.compile(rf"^\s*[{_BULLET}]\s*", re.MULTILINE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# Headings of OGP's commitment template (English and Spanish), by the section they open. Order
# matters: "How will the commitment contribute to solve the public problem?" is "how", not "problem".
_HEADINGS = [
    (
        "how",
        re.compile(
            r"\bhow\b.*\b(contribut|solv|address|resolv|help)|c[oó]mo contribuir|contribut\w* to (the )?(problem|resol)",
            re.I,
        ),
    ),
    (
        "results",
        re.compile(
            r"\b(expected |anticipated )?(results?|impact|outcomes?)\b.*[?:]$|resultados|impacto esperado", re.I
        ),
    ),
    (
        "problem",
        re.compile(
            r"problem|problem[aá]tica|status quo|issues? does|situaci[oó]n actual|current situation|challenges?:$|causes?\b",
            re.I,
        ),
    ),
    (
        "objective",
        re.compile(
            r"what is the commitment|cu[aá]l es el compromiso|objective|objetivo|brief description|"
            r"descripci[oó]n|solution|soluci[oó]n|consist|what does the commitment",
            re.I,
        ),
    ),
    (
        "other",
        re.compile(
            r"relevan|ogp values|valores de ogp|milestones?\b|hitos|start date|fecha de inicio|additional "
            r"information|informaci[oó]n adicional|ambition|contact",
            re.I,
        ),
    ),
]
NO_PROBLEM = (
    "El texto publicado por OGP no separa el problema público del resto del compromiso; está completo en el objetivo."
)
NO_OBJECTIVE = "El texto publicado por OGP solo describe el problema público."


def markdown_text(text: str) -> str:
    """OGP's PDF-extracted text, readable as Markdown: bullets as list items, no e-mail addresses."""
    text = _BULLET_LINE.sub("- ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _EMAIL.sub("[correo omitido]", text).strip()


def _heading(line: str) -> str | None:
    line = line.strip()
    if not (3 <= len(line) <= 160 and line[-1] in "?:"):
        return None
    return next((section for section, pattern in _HEADINGS if pattern.search(line)), None)


def split_full_text(text: str) -> dict[str, str]:
    """Sections of the full text: problem, objective, how, results (each possibly "").

    A recognised heading line opens a section and is dropped (the field says what it is); other
    sections ("other": relevance, milestones...) keep their heading, in bold, inside the objective.
    """
    parts: dict[str, list[str]] = {"problem": [], "objective": [], "how": [], "results": []}
    current = "objective"
    for line in markdown_text(text).split("\n"):
        section = _heading(line)
        if section == "other":
            current = "objective"
            parts[current].append(f"\n**{line.strip()}**\n")
        elif section:
            current = section
        else:
            parts[current].append(line)
    return {key: "\n".join(lines).strip() for key, lines in parts.items()}


def title_from(record: dict, limit: int = 255) -> str:
    for column in ("Commitment Title", "Short Title"):
        title = " ".join(clean(record.get(column)).split())
        if title and len(title) <= limit:
            return title
    title = " ".join((clean(record.get("Commitment Title")) or clean(record.get("Short Title"))).split())
    return shorten(title, limit)


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.- ") + "…"


# Institutions ----------------------------------------------------------------------------------

_ITEM_START = re.compile(rf"^\s*(?:[{_BULLET}\-–*]+\s*|\(?(?:\d{{1,2}}|[a-z])[.)]\s+)", re.I)
# Items run together on one line: "… Albania • Save the …", "… 2. Office …", "… Technopolis -ICT Authority".
_INLINE_ITEM = re.compile(rf"\s*[{_BULLET}]\s*|\s\d{{1,2}}\.\s+(?=[A-Z])|\s-(?=[A-Z])")
_LABEL = re.compile(r"^[\w\s'’]{2,40}:\s*")  # "CSOs: Involve", "Gobierno: IAIP"
# An item is kept as an organisation only if it names a kind of institution, or is an acronym:
# this is what keeps people ("Lucas Alkan") and vague groups ("General public") out.
_INSTITUTION = re.compile(
    r"ministr|minist[eé]rio|secretar|department|departamento|direc|office|oficina|agency|agencia|authorit|autoridad|"
    r"commission|comisi[oó]n|council|consejo|committee|comit[eé]|parliament|parlamento|assembly|asamblea|congres|"
    r"senat|chamber|c[aá]mara|house of|court|tribunal|corte|government|gobierno|municipal|city|ciudad|province|"
    r"provincia|county|regional|bureau|service|servicio|institut|ombudsman|defensor|fiscal|prosecutor|police|polic[ií]a|"
    r"audit|registr|ngo|foundation|fundaci|association|asociaci|society|sociedad|network|red |coalition|coalici|"
    r"alliance|alianza|union|uni[oó]n|centre|center|centro|university|universidad|academ|school|escuela|bank|banco|"
    r"agenc|board|junta|unit\b|unidad|observator|forum|foro|platform|plataforma|programme|program|project|proyecto|"
    r"organi[sz]ation|organizaci|initiative|iniciativa|transparen|integrity|integridad|entity|entidad|commissioner|comisionad",
    re.I,
)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&\-]{1,9}$")
_JUNK = re.compile(r"^(all|other|others|etc|various|unspecified|relevant|n/?a|none|unclear|tbd|and|the)\b", re.I)
_PERSON = re.compile(r"^(mr|mrs|ms|dr|lic|lcdo|lcda|ing|prof|m\.a|mag)\.?\s", re.I)
_ORG_TYPES = [  # (OrganizationType value, pattern), first match wins; otherwise government
    (
        "cooperacion_internacional",
        re.compile(
            r"\b(undp|pnud|usaid|giz|world bank|banco mundial|european union|eu|oecd|"
            r"ocde|united nations|naciones unidas|unicef|unesco|osce|council of europe|"
            r"ndi|iri|westminster foundation|ogp)\b",
            re.I,
        ),
    ),
    (
        "academia",
        re.compile(r"\b(universit\w*|universidad|college|school of|academy|academia|faculty|facultad)\b", re.I),
    ),
    (
        "sector_privado",
        re.compile(
            r"\b(chamber of commerce|c[aá]mara de comercio|llc|ltd|inc|private sector|"
            r"sector privado|company|empresa)\b",
            re.I,
        ),
    ),
    (
        "sociedad_civil",
        re.compile(
            r"\b(ngos?|csos?|civil society|sociedad civil|foundation|fundaci[oó]n|association|"
            r"asociaci[oó]n|society|charity|organi[sz]ations\b|organizaciones|coalition|network|alliance|alianza|initiative|transparency|"
            r"transparencia|oxfam|observatory|observatorio|movement|movimiento|colectivo|"
            r"center for|centre for|centro de)\b",
            re.I,
        ),
    ),
]


def _items(raw: str) -> list[str]:
    """Split a list of institutions on lines, semicolons, bullets and commas outside parentheses."""
    items, depth, buffer = [], 0, []
    text = _INLINE_ITEM.sub("\n", markdown_text(raw).replace(";", "\n"))
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "\n" or (char == "," and depth <= 0):
            items.append("".join(buffer))
            buffer, depth = [], max(depth, 0)
        else:
            buffer.append(char)
    items.append("".join(buffer))
    return [_LABEL.sub("", " ".join(_ITEM_START.sub("", item).split())).strip(" .:") for item in items]


def lead_name(raw: str) -> str:
    """The first institution of a lead-institution cell ("" if none). Lines, semicolons and bullets
    separate institutions; a comma does only in a long line (short names have commas inside)."""
    for line in _INLINE_ITEM.sub("\n", markdown_text(clean(raw)).replace(";", "\n")).split("\n"):
        name = " ".join(_ITEM_START.sub("", line).split()).strip(" .:,")
        if len(name) > 100:
            first = _items(name)[0]
            name = first if len(first) >= 10 else name
        if len(name) >= 2:
            return shorten(name, 150)
    return ""


def institution_names(raw: str, limit: int = 12) -> list[str]:
    """The items of a supporting-institutions cell that read as an institution's name.

    Kept: 2-100 characters, at most 10 words, starting with a capital, balanced parentheses, no
    e-mail, naming a kind of institution or being an acronym, not a person ("Lcdo. …") nor a
    vague group ("All ministries", "Other CSOs"). The full cell is kept verbatim in other actors,
    so what is dropped here is not lost.
    """
    names = []
    for item in _items(clean(raw)):
        if _reads_as_institution(item) and item not in names:
            names.append(item)
    return names[:limit]


def _reads_as_institution(item: str) -> bool:
    if not (2 <= len(item) <= 100 and len(item.split()) <= 10 and item[0].isupper()):
        return False
    if "@" in item or item.count("(") != item.count(")") or _JUNK.match(item) or _PERSON.match(item):
        return False
    return bool(_INSTITUTION.search(item) or _ACRONYM.match(item))


def organization_type(name: str) -> str:
    return next((kind for kind, pattern in _ORG_TYPES if pattern.search(name)), "gobierno")


def qualified(name: str, country: str) -> str:
    """Organisations are per country: OGP's "Ministry of Justice" is a different one in each."""
    if not country or country.lower() in name.lower():
        return name
    return f"{name} ({country})"
