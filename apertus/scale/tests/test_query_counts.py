"""No page of the benchmark table runs more queries when the data grows (the national dataset at
two sizes: the generator's, then with more commitments, proposals, supports and comments)."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apertus.accounts.models import User
from apertus.comments.models import Comment
from apertus.core.bulk import Table, reset_sequences
from apertus.core.testing import client_for
from apertus.participation.models import Process, Proposal, Support
from apertus.plans import services as plans
from apertus.plans.models import Commitment
from apertus.plans.selectors import public_plans
from apertus.scale import generator

PAGES = [
    "home",
    "plans list",
    "largest plan",
    "commitment",
    "proposals of a consultation",
    "proposal",
    "state page",
    "SDG page",
    "search",
    "search two words",
    "results framework",
    "state comparison",
    "API commitments",
    "API proposals",
]
SIGNED_IN = ["home", "commitment", "proposal", "search"]


def _targets():
    plan = public_plans().annotate(n=Count("commitments")).order_by("-n", "pk").first()
    commitment = plan.commitments.order_by("number").first()
    process = Process.objects.get(plan=plan)
    proposal = process.proposals.order_by("pk").first()
    urls = {
        "home": "/",
        "plans list": "/planes/",
        "largest plan": plan.get_absolute_url(),
        "commitment": commitment.get_absolute_url(),
        "proposals of a consultation": process.get_absolute_url(),
        "proposal": proposal.get_absolute_url(),
        "state page": plan.state.get_absolute_url(),
        "SDG page": "/ods/16/",
        "search": "/buscar/?q=compromiso",
        "search two words": "/buscar/?q=participacion+ciudadana",
        "results framework": "/resultados/",
        "state comparison": "/resultados/entidades/",
        "API commitments": f"/api/plans/{plan.pk}/commitments",
        "API proposals": f"/api/participation/proposals?process={process.pk}",
    }
    return plan, commitment, process, proposal, urls


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow(plan, commitment, process, proposal) -> None:
    """Many more of everything the pages list: commitments, proposals, supports, comments, replies."""
    template = Commitment.objects.get(pk=commitment.pk)
    for n in range(12):
        plans.commitment_create(
            actor=None,
            plan=plan,
            title=f"Compromiso adicional {n}",
            problem="Problema",
            objective="Objetivo",
            primary_goal=template.primary_goal,
            lead_institution=template.lead_institution,
            start_date=template.start_date,
            end_date=template.end_date,
        )
    users = list(User.objects.filter(email__endswith="@" + generator.DOMAIN).values_list("pk", flat=True))
    now = timezone.now()
    proposals = Table(Proposal)
    rows = [
        proposals.row(
            id=proposals.next_id(),
            process_id=process.pk,
            author_id=users[i % len(users)],
            title=f"Propuesta adicional {i}",
            problem="P",
            solution="S",
            created_at=now,
            updated_at=now,
        )
        for i in range(40)
    ]
    proposals.write(rows)
    supporters = set(Support.objects.filter(proposal=proposal).values_list("user_id", flat=True))
    supports = Table(Support, with_id=False)
    supports.write(
        [supports.row(proposal_id=proposal.pk, user_id=u, created_at=now) for u in users if u not in supporters]
    )
    comments = Table(Comment)
    for target in (commitment, proposal):
        kind = ContentType.objects.get_for_model(target).pk
        tops = [comments.next_id() for _ in range(45)]
        comments.write(
            comments.row(
                id=pk,
                content_type_id=kind,
                object_id=target.pk,
                author_id=users[i % len(users)],
                body=f"Comentario {i}",
                created_at=now + timedelta(seconds=i),
            )
            for i, pk in enumerate(tops)
        )
        comments.write(
            comments.row(
                id=comments.next_id(),
                content_type_id=kind,
                object_id=target.pk,
                parent_id=tops[i % 3],
                reply_to_id=tops[i % 3],
                author_id=users[i % len(users)],
                body=f"Respuesta {i}",
                created_at=now + timedelta(minutes=5, seconds=i),
            )
            for i in range(30)
        )
    reset_sequences([Proposal, Comment])


@pytest.mark.django_db
def test_no_page_of_the_benchmark_runs_more_queries_with_more_data(people):
    bar = generator.Bar(quiet=True)
    generator.generate(scale=0.0005, seed=11, bar=bar)
    generator.rebuild_search_index(bar)  # as manage.py generate_scale does: the rows are written in bulk
    plan, commitment, process, proposal, urls = _targets()
    citizen = people["citizen"]
    small = {name: _count(Client(), urls[name]) for name in PAGES}
    small |= {f"{name} (signed in)": _count(client_for(citizen), urls[name]) for name in SIGNED_IN}
    _grow(plan, commitment, process, proposal)
    assert Comment.objects.filter(object_id=proposal.pk).count() >= 75
    large = {name: _count(Client(), urls[name]) for name in PAGES}
    large |= {f"{name} (signed in)": _count(client_for(citizen), urls[name]) for name in SIGNED_IN}
    grew = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
    assert not grew, f"queries grew with the data (before, after): {grew}"
