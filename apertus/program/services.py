"""Loading the program itself (its phases, partners and the 15 states with their exercises), and the
fellows' public profiles."""

import csv
import json
import unicodedata
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.history import attribute
from apertus.core.permissions import has_perm
from apertus.core.validation import full_clean
from apertus.organizations.models import Organization, OrganizationType
from apertus.organizations.services import organization_ensure
from apertus.program.models import (
    ExerciseInstitution,
    FellowProfile,
    Partner,
    PartnerRole,
    ProgramPhase,
    StateParticipation,
)
from apertus.territories.models import State

PHASES = [
    # number, year, es, en, fellows, colour, states (INEGI codes)
    (1, 2017, "Primera fase (2017)", "First phase (2017)", 20, "#0b5f8a", ["08", "17", "19", "20", "26"]),
    (
        2,
        2018,
        "Segunda fase (2018)",
        "Second phase (2018)",
        40,
        "#b34700",
        ["04", "10", "15", "11", "23", "24", "25", "27", "29", "30"],
    ),
]
PHASE_TEXT = {
    1: (
        "El programa inicia en cinco entidades y forma a 20 fellows.",
        "The program starts in five states and trains 20 fellows.",
    ),
    2: (
        "El programa se extiende a diez entidades más y forma a otros 40 fellows.",
        "The program extends to ten more states and trains 40 more fellows.",
    ),
}

PARTNERS = [
    (
        "Programa de las Naciones Unidas para el Desarrollo",
        "PNUD",
        OrganizationType.INTERNATIONAL,
        PartnerRole.IMPLEMENTER,
        "https://www.undp.org/es/mexico",
    ),
    (
        "Agencia de los Estados Unidos para el Desarrollo Internacional",
        "USAID",
        OrganizationType.INTERNATIONAL,
        PartnerRole.DONOR,
        "",
    ),
    (
        "Instituto Nacional de Transparencia, Acceso a la Información y Protección de Datos Personales",
        "INAI",
        OrganizationType.GUARANTOR,
        PartnerRole.INSTITUTIONAL,
        "",
    ),
    ("Gestión Social y Cooperación", "GESOC", OrganizationType.CIVIL_SOCIETY, PartnerRole.CIVIL_SOCIETY, ""),
    ("ProSociedad", "ProSociedad", OrganizationType.CIVIL_SOCIETY, PartnerRole.CIVIL_SOCIETY, ""),
    ("Gobierno Fácil", "Gobierno Fácil", OrganizationType.CIVIL_SOCIETY, PartnerRole.CIVIL_SOCIETY, ""),
]


def _plain(text: str) -> str:
    """Lower-case, accent-free, single-spaced: the INAI file writes "Nuevo Leon" for "Nuevo León"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def _website(raw: str) -> str:
    raw = (raw or "").strip()
    if not raw:
        return ""
    return raw if raw.startswith("http") else f"http://{raw}"


@transaction.atomic
def phases_load() -> dict[int, ProgramPhase]:
    phases = {}
    for number, year, es, en, fellows, colour, _codes in PHASES:
        phases[number], _ = ProgramPhase.objects.update_or_create(
            number=number,
            defaults={
                "year": year,
                "name_es": es,
                "name_en": en,
                "fellows_goal": fellows,
                "color": colour,
                "description_es": PHASE_TEXT[number][0],
                "description_en": PHASE_TEXT[number][1],
            },
        )
    return phases


@transaction.atomic
def partners_load() -> int:
    for position, (name, acronym, org_type, role, web) in enumerate(PARTNERS):
        org = organization_ensure(name=name, acronym=acronym, type=org_type, website=web)
        Partner.objects.update_or_create(organization=org, defaults={"role": role, "position": position})
    return len(PARTNERS)


@transaction.atomic
def guarantors_load(*, guarantors_json: Path) -> int:
    """The state transparency guarantor bodies (INAI data, 2016) of states that have none yet.

    Participating states get theirs from the exercise data first, whose names are more current.
    """
    states = list(State.objects.all())
    by_name = {_plain(s.name): s for s in states} | {_plain(s.short_name): s for s in states}
    covered = set(
        Organization.objects.filter(type=OrganizationType.GUARANTOR, state__isnull=False).values_list(
            "state_id", flat=True
        )
    )
    count = 0
    for row in json.loads(guarantors_json.read_text(encoding="utf-8")):
        state = by_name.get(_plain(row["entidad"]))
        if state is None or not (row.get("organo_nombre") or "").strip():
            continue
        count += 1
        if state.pk in covered:
            continue
        organization_ensure(
            name=row["organo_nombre"],
            acronym=(row.get("organo_siglas") or "").strip().upper(),
            type=OrganizationType.GUARANTOR,
            state=state,
            website=_website(row.get("organo_url")),
        )
    return count


@transaction.atomic
def participations_load(*, exercises_csv: Path, institutions_csv: Path) -> int:
    phases = phases_load()
    phase_of = {code: phases[number] for number, *_rest, codes in PHASES for code in codes}
    states = {s.code: s for s in State.objects.filter(code__in=phase_of)}
    for row in csv.DictReader(exercises_csv.open(encoding="utf-8")):
        state = states[row["cve_ent"]]
        guarantor = organization_ensure(
            name=row["guarantor_body_name"],
            acronym=row["guarantor_body_acronym"],
            type=OrganizationType.GUARANTOR,
            state=state,
            website=_website(row["guarantor_body_url"]),
        )
        StateParticipation.objects.update_or_create(
            state=state,
            defaults={
                "phase": phase_of[state.code],
                "declaration_date": date.fromisoformat(row["declaration_date"]) if row["declaration_date"] else None,
                "guarantor": guarantor,
                "status_summary": row["status_summary"],
            },
        )
    participations = {p.state.code: p for p in StateParticipation.objects.select_related("state", "guarantor")}
    for row in csv.DictReader(institutions_csv.open(encoding="utf-8")):
        participation = participations[row["cve_ent"]]
        if row["sector"] == OrganizationType.GUARANTOR and participation.guarantor_id:
            # The guarantor body sits in its state's STL: the same organisation, not a second record.
            org = participation.guarantor
        else:
            org = organization_ensure(name=row["institution"], type=row["sector"], state=participation.state)
        ExerciseInstitution.objects.update_or_create(
            participation=participation,
            organization=org,
            defaults={"sector": row["sector"], "body": row["body"]},
        )
    return len(participations)


# --- Fellow public profiles -----------------------------------------------------------------------


def fellow_profile_update(*, actor, is_public: bool, bio: str, now=None):
    """A fellow writes their public profile and gives or withdraws consent to publish it.

    Only the fellow themself, for themself. Turning it public records when consent was given;
    turning it off records the withdrawal, and the public page answers 404 from then on. The
    profile never shows the e-mail, so a presentation that contains it is refused.
    """
    if actor is None or not has_perm(actor, "program.change_fellow_profile", actor):
        raise PermissionDenied
    bio = (bio or "").strip()
    if actor.email and actor.email.lower() in bio.lower():
        raise ValidationError({"bio": _("Quita tu correo electrónico: el perfil público nunca lo muestra.")})
    now = now or timezone.now()
    with transaction.atomic():
        profile = FellowProfile.objects.select_for_update().filter(user=actor).first() or FellowProfile(user=actor)
        if is_public and not profile.is_public:
            profile.consent_given_at = now
        if not is_public and profile.is_public:
            profile.consent_withdrawn_at = now
        profile.is_public, profile.bio = bool(is_public), bio
        full_clean(profile)
        attribute(profile, actor)
        profile.save()
    return profile
