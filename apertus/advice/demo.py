"""Demo technical advice: advisors of the partner organisations on several states' plans, a closed
review round on published plans (public, with its comments and answers), an open round on plans in
co-creation, and the IRM design assessment of every published commitment.

Idempotent: a plan that already has a round keeps it; an assessed commitment keeps its assessment.
The closed rounds are history (their plans were reviewed before publication), so they are written
as records, not through the services that only open rounds on drafts.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apertus.accounts.models import Role, RoleAssignment, User
from apertus.accounts.services import role_assign, user_create
from apertus.advice import services
from apertus.advice.models import (
    CommentKind,
    CommentStatus,
    ReplyKind,
    ReviewComment,
    ReviewReply,
    ReviewRound,
    RoundStatus,
)
from apertus.advice.rules import PUBLISHED
from apertus.core.held import held
from apertus.organizations.models import Organization
from apertus.plans.models import ActionPlan, Commitment, PlanStatus
from apertus.search import index as search_index

ADVISORS = [  # e-mail local part, first name, last name, partner acronym
    ("asesoria", "Adriana", "Demo Asesoría", "GESOC"),
    ("asesoria.prosociedad", "Bruno", "Demo ProSociedad", "ProSociedad"),
    ("asesoria.gobiernofacil", "Claudia", "Demo Gobierno Fácil", "Gobierno Fácil"),
]
CLOSED_IN = ["20", "26", "19"]  # published plans whose review round is public record
OPEN_IN = ["15", "23", "27"]  # plans in co-creation with a round under way

COMMENTS = [
    (
        CommentKind.MUST_FIX,
        "milestones",
        "Los hitos 1 y 2 dicen «fortalecer» y «promover»: no se puede verificar su cumplimiento. Nombren el entregable "
        "(un informe publicado, un portal en línea, un acuerdo firmado) y la fecha.",
        "Reescribimos los hitos con entregables: «Portal de contrataciones publicado» e «Informe trimestral publicado».",
        ReplyKind.CHANGED,
    ),
    (
        CommentKind.MUST_FIX,
        "result_indicator",
        "Falta la meta del indicador de resultado: ¿cuántas contrataciones, en qué porcentaje y para cuándo?",
        "Agregamos la meta: 100 % de las contrataciones de obra pública publicadas al cierre del plan.",
        ReplyKind.CHANGED,
    ),
    (
        CommentKind.SUGGESTION,
        "ogp_values",
        "Sugerimos explicar cómo el compromiso habilita la rendición de cuentas, no solo el acceso a la información.",
        "El comité ciudadano de seguimiento recibirá los informes y podrá pedir explicaciones; lo dejamos así porque ya "
        "está en la descripción de la solución.",
        ReplyKind.EXPLAINED,
    ),
    (
        CommentKind.QUESTION,
        "problem",
        "¿De dónde sale la cifra de la línea base? Conviene citar la fuente.",
        "Es del diagnóstico del órgano garante de 2017; agregamos la referencia en la línea base.",
        ReplyKind.EXPLAINED,
    ),
]
IMPACT_REASONS = {
    "minor": "Mejora la publicación de información existente, sin cambiar cómo se toman las decisiones.",
    "moderate": "Abre datos que antes no eran públicos y crea un mecanismo de seguimiento ciudadano.",
    "transformative": "Cambia la práctica de gobierno: las decisiones de gasto pasan por un espacio ciudadano con reglas públicas.",
    "none": "Las actividades no tienen un entregable que abra información, participación o rendición de cuentas.",
}


def _advisors() -> list[tuple[User, object]]:

    people = []
    for local, first, last, acronym in ADVISORS:
        email = f"{local}@demo.apertus.mx"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(
                email=email, password=None, first_name=first, last_name=last, is_demo=True, sector="sociedad_civil"
            )
            role_assign(actor=None, user=user, role=Role.ADVISOR, sector="sociedad_civil")
        organization = Organization.objects.filter(acronym=acronym).first()
        people.append((user, organization))
    return people


def _stl_member(plan):

    assignment = (
        RoleAssignment.objects.filter(role=Role.STL_MEMBER, state_id=plan.state_id).select_related("user").first()
    )
    return assignment.user if assignment else None


def _closed_round(plan, advisors, rng) -> None:
    stl = _stl_member(plan)
    commitments = list(plan.commitments.order_by("number"))
    opened = timezone.now() - timedelta(days=rng.randint(200, 400))
    review = ReviewRound.objects.create(
        plan=plan,
        number=1,
        due_date=(opened + timedelta(days=21)).date(),
        status=RoundStatus.CLOSED,
        opened_by=stl,
        closed_at=opened + timedelta(days=30),
        note="Primera revisión técnica del borrador antes de su publicación.",
    )
    review.commitments.set(commitments)
    ReviewRound.objects.filter(pk=review.pk).update(created_at=opened)
    for index, (kind, field, body, answer, reply_kind) in enumerate(COMMENTS):
        commitment = commitments[index % len(commitments)]
        user, organization = advisors[index % len(advisors)]
        comment = ReviewComment.objects.create(
            round=review,
            commitment=commitment,
            author=user,
            organization=organization,
            field=field,
            kind=kind,
            body=body,
            status=CommentStatus.ACCEPTED,
        )
        change = commitment.history.order_by("history_date").first() if reply_kind == ReplyKind.CHANGED else None
        if stl is not None:
            ReviewReply.objects.create(comment=comment, author=stl, kind=reply_kind, body=answer, change=change)
        ReviewReply.objects.create(
            comment=comment, author=user, kind=ReplyKind.ACCEPTED, body="Gracias, queda atendido."
        )


def _open_round(plan, advisors, rng) -> None:
    stl = _stl_member(plan)
    advisor, _org = advisors[0]
    review = services.round_open(
        actor=None,
        plan=plan,
        due_date=timezone.localdate() + timedelta(days=rng.randint(2, 20)),
        note="Compartimos el borrador para la revisión de la asesoría técnica.",
    )
    review.opened_by = stl
    review.save(update_fields=["opened_by"])
    commitments = list(plan.commitments.order_by("number"))
    kind, field, body, answer, _reply = COMMENTS[0]
    first = services.comment_add(
        actor=advisor, review=review, commitment=commitments[0], kind=kind, field=field, body=body
    )
    kind, field, body, answer, _reply = COMMENTS[3]
    second = services.comment_add(
        actor=advisors[1][0], review=review, commitment=commitments[-1], kind=kind, field=field, body=body
    )
    if stl is not None:
        services.comment_answer(actor=None, comment=second, expected_version=None, body=answer)
        ReviewReply.objects.filter(comment=second).update(author=stl)
    del first  # left open: the STL still has to answer it, so the plan cannot be published yet


def _assessments(rng) -> int:
    created = 0
    commitments = Commitment.objects.filter(plan__status__in=PUBLISHED, irm_assessment__isnull=True).select_related(
        "plan"
    )
    for commitment in commitments:
        impact = rng.choices(["none", "minor", "moderate", "transformative"], weights=[1, 4, 5, 2])[0]
        concluded = commitment.plan.status == PlanStatus.CONCLUDED
        fields = {
            "verifiable": impact != "none" and rng.random() > 0.15,
            "potential_impact": impact,
            "impact_reason": IMPACT_REASONS[impact],
        }
        values = {v.value.code for v in commitment.values.select_related("value")}
        for code, name in (
            ("acceso", "access"),
            ("participacion", "participation"),
            ("rendicion", "accountability"),
            ("tecnologia", "technology"),
        ):
            fields[f"relevant_{name}"] = code in values
            if concluded and code in values:
                fields[f"opened_{name}"] = rng.choice(["no_change", "marginal", "marginal", "major", "outstanding"])
        services.assessment_save(actor=None, commitment=commitment, **fields)
        created += 1
    return created


@transaction.atomic
@search_index.deferred()  # each record indexed once, in bulk, at the end
@held()  # the open data's version moves up once, at the end (core/held.py)
def advice_demo_load() -> str:
    rng = random.Random(2017)
    advisors = _advisors()
    rounds = 0
    for codes, make in ((CLOSED_IN, _closed_round), (OPEN_IN, _open_round)):
        for plan in ActionPlan.objects.filter(state__code__in=codes).order_by("state__code", "-edition"):
            if plan.review_rounds.exists() or not plan.commitments.exists():
                continue
            if make is _open_round and plan.status not in services.REVIEWABLE:
                continue
            for user, organization in advisors:
                services.advisor_assign(actor=None, plan=plan, user=user, organization=organization)
            make(plan, advisors, rng)
            rounds += 1
    assessed = _assessments(rng)
    return f"{rounds} rondas de revisión, {assessed} evaluaciones de diseño" if rounds or assessed else ""
