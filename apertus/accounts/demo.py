"""Demo people for ``make run``: one account per role. A fellow's role names a cohort (a program
phase), so the demo ``fellow@`` login's role and the program's 60 fictional fellows are the program's
demo (``apertus.program.demo.fellows_demo_load``, run next).

Never in production: the command that calls this refuses there. Passwords are generated once,
kept in var/demo_accounts.json (outside the repository) and printed at every start.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from apertus.accounts.models import Role, User
from apertus.accounts.services import email_mark_verified, role_assign, user_create
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
            if role and role != Role.FELLOW:  # a fellow's role names a cohort: the program's demo gives it
                role_assign(actor=None, user=user, role=role, state=states.get(state_code), sector=sector)
        if not EmailAddress.objects.filter(user=user, verified=True).exists():
            email_mark_verified(user=user)
        result.append(
            {"email": email, "role": str(Role(role).label) if role else "Ciudadanía", "password": saved.get(email, "")}
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(saved, indent=1))
    path.chmod(0o600)
    return result
