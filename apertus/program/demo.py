"""Demo public profiles: about half of the demo fellows consent to one, with a short fictional bio.

Needs the demo people (``apertus.accounts.demo.demo_people_load``). Every other demo fellow (by
e-mail) gets a public profile; the demo ``fellow@`` login is left without one, to try the page.
Idempotent: a fellow who already has a profile (public or withdrawn) is left as they are.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from apertus.accounts.models import Role, RoleAssignment
from apertus.program.models import FellowProfile

DEMO_LOGIN = "fellow@demo.apertus.mx"
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
        profile.full_clean()
        profile.save()
        created += 1
    return created
