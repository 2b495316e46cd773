"""Demo conversations: on each state's current public plan, a thread on its first commitment and a
comment on the plan. Idempotent: a target that already has comments is left alone."""

from __future__ import annotations

from django.db import transaction

from apertus.accounts.models import Role, User
from apertus.comments.selectors import comments_on
from apertus.comments.services import comment_create

THREAD = [
    "¿Cómo se va a medir el avance de este compromiso? Me gustaría que los datos se publiquen cada mes "
    "y en formato abierto, no solo en PDF.",
    "Buena pregunta. En la mesa de trabajo se acordó publicar un tablero trimestral; propondremos que sea mensual.",
    "Gracias. Si sirve de referencia, el [estándar de datos abiertos](https://datos.gob.mx) ya pide formatos reutilizables.",
]
ON_PLAN = (
    "Me parece importante que el plan incluya a los municipios más alejados de la capital en las mesas de trabajo."
)


def _people_for(state) -> list[User]:
    citizen = User.objects.filter(email="ciudadania@demo.apertus.mx").first()
    local = list(
        User.objects.filter(
            is_demo=True, is_active=True, roles__role__in=[Role.STL_MEMBER, Role.FELLOW], roles__state=state
        )
        .distinct()
        .order_by("email")[:2]
    )
    return [p for p in [citizen, *local] if p is not None]


@transaction.atomic
def comments_demo_load() -> int:
    """Create the demo comments that are missing; returns how many were created."""
    from apertus.plans.selectors import current_plan_by_state

    created = 0
    for plan in current_plan_by_state().values():
        people = _people_for(plan.state)
        commitment = plan.commitments.order_by("number").first()
        if len(people) < 2 or commitment is None:
            continue
        if not comments_on(commitment).exists():
            top = comment_create(actor=people[0], target=commitment, body=THREAD[0])
            reply = comment_create(actor=people[1], target=commitment, body=THREAD[1], parent=top)
            comment_create(actor=people[0], target=commitment, body=THREAD[2], parent=reply)
            created += 3
        if not comments_on(plan).exists():
            comment_create(actor=people[-1], target=plan, body=ON_PLAN)
            created += 1
    return created
