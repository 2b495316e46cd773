"""The program's demo: the demo fellows and their public profiles.

``fellows_demo_load`` (right after the demo people, ``apertus.accounts.demo.demo_people_load``) gives
the demo ``fellow@`` login its cohort and adds the program's 60 fictional fellows; a fellow's role
names a cohort (a program phase), so it is the program's to give.

``program_demo_load``: about half of the demo fellows consent to a public profile, with a short
fictional bio. Every other demo fellow (by e-mail) gets one; the demo ``fellow@`` login is left
without one, to try the page. Idempotent: a fellow who already has a profile (public or withdrawn) is
left as they are.
"""

from __future__ import annotations

import random

from django.db import transaction
from django.utils import timezone

from apertus.accounts.demo import ACCOUNTS, DEMO_DOMAIN, FIRST, LAST
from apertus.accounts.models import Role, RoleAssignment, User
from apertus.accounts.services import role_assign, user_create
from apertus.core.validation import full_clean
from apertus.program.models import FellowProfile, StateParticipation

DEMO_LOGIN = f"fellow@{DEMO_DOMAIN}"
SECTORS = ["sociedad_civil", "gobierno", "academia", "organo_garante"]
BIOS = [
    "Trabajo en una organización local que acompaña a comités vecinales. Me interesa que los **datos del agua** "
    "se publiquen a tiempo y en formatos abiertos.",
    "Servidora pública en el área de planeación. Busco que los compromisos de gobierno abierto se conecten con "
    "la **Agenda 2030** y el presupuesto.",
    "Investigador universitario. Estudio la participación ciudadana y la rendición de cuentas en los municipios.",
    "Formo parte del órgano garante de transparencia. Quiero acercar el derecho de acceso a la información a "
    "quienes más lo necesitan.",
]
DEMO_NOTE = "\n\n*Perfil ficticio de demostración.*"


@transaction.atomic
def program_demo_load() -> int:
    """Create the missing demo profiles; returns how many were created."""
    fellows = list(
        RoleAssignment.objects.filter(role=Role.FELLOW, user__is_demo=True, user__is_active=True)
        .exclude(user__email=DEMO_LOGIN)
        .order_by("user__email")
        .values_list("user_id", flat=True)
        .distinct()
    )
    chosen = [user_id for i, user_id in enumerate(dict.fromkeys(fellows)) if i % 2 == 0]
    have = set(FellowProfile.objects.filter(user_id__in=chosen).values_list("user_id", flat=True))
    now = timezone.now()
    created = 0
    for i, user_id in enumerate(chosen):
        if user_id in have:
            continue
        profile = FellowProfile(
            user_id=user_id, is_public=True, bio=BIOS[i % len(BIOS)] + DEMO_NOTE, consent_given_at=now
        )
        full_clean(profile)
        profile.save()
        created += 1
    return created


@transaction.atomic
def fellows_demo_load() -> None:
    """The demo ``fellow@`` login's role in its state's cohort, then the 60 fictional fellows. Creates
    what is missing only: a login that has (or had) its fellow role is left as it is."""
    login = User.objects.filter(email=DEMO_LOGIN, is_demo=True).first()
    if login is not None and not RoleAssignment.objects.filter(user=login, role=Role.FELLOW).exists():
        _local, _first, _last, _role, state_code, sector = next(a for a in ACCOUNTS if a[3] == Role.FELLOW)
        participation = StateParticipation.objects.select_related("state", "phase").get(state__code=state_code)
        role_assign(
            actor=None,
            user=login,
            role=Role.FELLOW,
            state=participation.state,
            phase=participation.phase,
            sector=sector,
        )
    _fellows_load()


def _fellows_load() -> None:
    """Four fictional fellows per participating state: 20 in 2017, 40 in 2018 (the program's numbers)."""
    rng = random.Random(2017)
    fellows = RoleAssignment.objects.filter(role=Role.FELLOW, user__is_demo=True)
    existing = set(fellows.values_list("user__email", flat=True))
    # The demo "fellow@" login is one of its state's four.
    others = set(fellows.filter(user__email=DEMO_LOGIN).values_list("state_id", flat=True))
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
