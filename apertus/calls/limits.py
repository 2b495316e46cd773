"""The limits of an application, declared once: words, CV sections, file size, video links.

Forms use them to help; the model's ``clean`` and the services enforce them on the server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.validators import URLValidator
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MIB = 1024 * 1024
PROOF_MAX_BYTES = 5 * MIB
PROOF_KINDS = ("pdf", "image")
MOTIVES_MAX_CHARS = 30_000  # a hard ceiling on the text itself, whatever the word limit
VIDEO_URL_MAX = 500

# Only web links: no javascript:, data:, ftp: or anything else a reviewer could be made to open.
video_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Escribe un enlace que empiece con http:// o https://.")
)

_WORD = re.compile(r"\S+")


def word_count(text: str | None) -> int:
    """Words are runs of non-space characters: what a reader (and a word processor) counts."""
    return len(_WORD.findall(text or ""))


@dataclass(frozen=True)
class CVSection:
    key: str
    label: str | Promise
    title_label: str | Promise
    min_count: int  # needed for the CV to count as complete
    max_count: int
    organization_label: str | Promise | None = None  # None: the field is not asked
    has_years: bool = False
    level_label: str | Promise | None = None
    has_description: bool = False


CV_SECTIONS: dict[str, CVSection] = {
    s.key: s
    for s in (
        CVSection(
            "education",
            _("Formación académica"),
            _("Grado o título"),
            1,
            5,
            organization_label=_("Institución"),
            has_years=True,
        ),
        CVSection(
            "work",
            _("Experiencia laboral"),
            _("Puesto"),
            1,
            8,
            organization_label=_("Organización"),
            has_years=True,
            has_description=True,
        ),
        CVSection(
            "open_gov",
            _("Experiencia en gobierno abierto"),
            _("Actividad o proyecto"),
            0,
            6,
            organization_label=_("Organización"),
            has_years=True,
            has_description=True,
        ),
        CVSection("language", _("Idiomas"), _("Idioma"), 0, 6, level_label=_("Nivel")),
        CVSection(
            "software",
            _("Software y herramientas digitales"),
            _("Programa o herramienta"),
            0,
            10,
            level_label=_("Nivel"),
        ),
    )
}

# Per-field length limits of a CV entry (the model's max_length says the same).
CV_TITLE_MAX = 150
CV_ORGANIZATION_MAX = 150
CV_LEVEL_MAX = 40
CV_DESCRIPTION_MAX = 600
CV_YEAR_MIN, CV_YEAR_MAX = 1950, 2100

# The largest number of places a quota may ask for.
QUOTA_MAX = 99
