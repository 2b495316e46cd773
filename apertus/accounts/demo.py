"""Demo people for ``make run``: one account per role, plus the program's 60 fictional fellows.

Never in production: the command that calls this refuses there. Passwords are generated once,
kept in var/demo_accounts.json (outside the repository) and printed at every start.
"""

from __future__ import annotations

import json
import random
import secrets
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from apertus.accounts.models import Role, RoleAssignment, User
from apertus.accounts.services import email_mark_verified, role_assign, user_create
from apertus.program.models import StateParticipation
from apertus.territories.models import State

DEMO_DOMAIN = "demo.apertus.mx"

ACCOUNTS = [
    # email local part, first name, last name, role, state code, sector
    ("coordinacion", "Carmen", "Demo Coordinación", Role.COORDINATOR, None, "cooperacion_internacional"),
    ("facilitacion", "Fernando", "Demo Facilitación", Role.FACILITATOR, None, "sociedad_civil"),
    ("asesoria", "Adriana", "Demo Asesoría", Role.ADVISOR, None, "sociedad_civil"),
    ("fellow", "Fabiola", "Demo Fellow", Role.FELLOW, "20", "sociedad_civil"),
    ("aspirante", "Andrés", "Demo Aspirante", Role.APPLICANT, "26", ""),
    ("stl.oaxaca", "Sofía", "Demo STL Oaxaca", Role.STL_MEMBER, "20", "gobierno"),
    ("monitoreo", "Mónica", "Demo Monitoreo", Role.MONITOR, None, "academia"),
    ("ciudadania", "Ciro", "Demo Ciudadanía", None, "17", ""),
]

FIRST = [
    "Ana",
    "Luis",
    "María",
    "José",
    "Lucía",
    "Jorge",
    "Elena",
    "Raúl",
    "Paola",
    "Diego",
    "Rosa",
    "Iván",
    "Laura",
    "Hugo",
    "Alma",
    "Omar",
    "Julia",
    "Pablo",
    "Nadia",
    "Tomás",
]
LAST = [
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Reyes",
    "Jiménez",
    "Torres",
    "Díaz",
    "Ruiz",
    "Mendoza",
]
SECTORS = ["sociedad_civil", "gobierno", "academia", "organo_garante"]


def credentials_path() -> Path:
    return settings.VAR_DIR / "demo_accounts.json"


@transaction.atomic
def demo_people_load() -> list[dict]:
    """Create what is missing; never reset a password or a change someone made."""
    path = credentials_path()
    saved = json.loads(path.read_text()) if path.exists() else {}
    states = {s.code: s for s in State.objects.all()}
    result = []
    for local, first, last, role, state_code, sector in ACCOUNTS:
        email = f"{local}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            password = saved.get(email) or f"demo-{secrets.token_urlsafe(9)}"
            user = user_create(
                email=email,
                password=password,
                first_name=first,
                last_name=last,
                state=states.get(state_code),
                sector=sector,
                is_demo=True,
            )
            saved[email] = password
            if role:
                phase = states[state_code].participation.phase if role == Role.FELLOW else None
                role_assign(actor=None, user=user, role=role, state=states.get(state_code), phase=phase, sector=sector)
        if not EmailAddress.objects.filter(user=user, verified=True).exists():
            email_mark_verified(user=user)
        result.append(
            {"email": email, "role": str(Role(role).label) if role else "Ciudadanía", "password": saved.get(email, "")}
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, indent=1))
    path.chmod(0o600)
    _fellows_load()
    return result


def _fellows_load() -> None:
    """Four fictional fellows per participating state: 20 in 2017, 40 in 2018 (the program's numbers)."""
    rng = random.Random(2017)
    fellows = RoleAssignment.objects.filter(role=Role.FELLOW, user__is_demo=True)
    existing = set(fellows.values_list("user__email", flat=True))
    # The demo "fellow@" login is one of its state's four.
    others = set(fellows.filter(user__email=f"fellow@{DEMO_DOMAIN}").values_list("state_id", flat=True))
    n = 0
    for participation in StateParticipation.objects.select_related("state", "phase").order_by(
        "phase__number", "state__code"
    ):
        for i in range(4):
            n += 1
            email = f"fellow{n:02d}@{DEMO_DOMAIN}"
            first, last = rng.choice(FIRST), f"{rng.choice(LAST)} {rng.choice(LAST)}"
            sector = SECTORS[(i + (n - 1) // 4) % len(SECTORS)]  # each state: one fellow per sector
            if email in existing or (i == 3 and participation.state_id in others):
                continue
            user = User.objects.filter(email=email).first() or user_create(
                email=email,
                password=None,
                first_name=first,
                last_name=f"{last} (demo)",
                state=participation.state,
                sector=sector,
                is_demo=True,
            )
            role_assign(
                actor=None,
                user=user,
                role=Role.FELLOW,
                state=participation.state,
                phase=participation.phase,
                sector=sector,
            )
