"""Every public page type, one example of each, read from the demo data (``load_demo``)."""

from __future__ import annotations

import os
from pathlib import Path

# Screenshots of what fails (and, with APERTUS_TEST_SCREENSHOTS=all, of every page the accessibility
# test checks: the README's come from there). Ignored by git.
ARTIFACTS = Path(
    os.environ.get("APERTUS_TEST_ARTIFACTS") or Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
)
EVERY_SCREENSHOT = os.environ.get("APERTUS_TEST_SCREENSHOTS") == "all"


def public_pages() -> dict[str, str]:
    from apertus.calls.models import Call
    from apertus.organizations.models import Organization
    from apertus.participation.models import Process, Proposal
    from apertus.plans.models import ActionPlan, Commitment
    from apertus.program.models import ProgramPhase
    from apertus.stl.models import Stl
    from apertus.taxonomy.models import Scheme, Term
    from apertus.territories.models import State

    pages = {
        "home": "/",
        "states": "/estados/",
        "stl-list": "/stl/",
        "plans": "/planes/",
        "processes": "/participa/",
        "calls": "/convocatorias/",
        "learning": "/formacion/",
        "teams": "/proyectos/",
        "goals": "/ods/",
        "results": "/resultados/",
        "compare": "/resultados/entidades/",
        "organizations": "/organizaciones/",
        "open-data": "/datos/",
        "search": "/buscar/?q=transparencia",
        "about-data": "/acerca-de-los-datos/",
        "privacy": "/privacidad/",
        "program": "/programa/",
        "indicators": "/programa/indicadores/",
        "sdg-map": "/mapa-ods/",
        "login": "/cuentas/login/",
        "signup": "/cuentas/signup/",
    }
    examples = {
        "state": State.objects.filter(participation__isnull=False).first(),
        "stl": Stl.objects.filter(is_published=True).first(),
        "plan": ActionPlan.objects.exclude(status="borrador").first(),
        "commitment": Commitment.objects.exclude(plan__status="borrador").order_by("-pk").first(),
        "process": Process.objects.first(),
        "proposal": Proposal.objects.filter(is_hidden=False).first(),
        "call": Call.objects.filter(is_published=True).first(),
        "organization": Organization.objects.first(),
        "goal": Term.objects.filter(scheme=Scheme.SDG_GOAL, code="16").first(),
    }
    for name, obj in examples.items():
        if obj is not None:
            pages[name] = obj.get_absolute_url()
    phase = ProgramPhase.objects.order_by("number").first()
    if phase:
        pages["cohort"] = f"/programa/{phase.year}/"
    return pages
