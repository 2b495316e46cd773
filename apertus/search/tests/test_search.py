"""What a person typing Spanish gets, on SQLite (FTS5) and PostgreSQL (tsvector) alike."""

import pytest
from django.utils import translation

from apertus.participation.tests.conftest import build_process, propose
from apertus.plans import services
from apertus.plans.models import PlanStatus
from apertus.search.models import SearchDocument
from apertus.search.selectors import Filters, search
from apertus.search.tests.conftest import add_commitment

pytestmark = pytest.mark.django_db


def titles(query, **kwargs):
    return [hit.title for hit in search(query, **kwargs).hits]


def kinds_titles(query, kind="compromiso"):
    return [hit.title for hit in search(query, filters=Filters(kind=kind)).hits]


def test_accents_and_case_do_not_matter(corpus):
    for query in ("participacion", "PARTICIPACIÓN", "participación", "Participacion"):
        assert "Participación ciudadana en el presupuesto municipal" in kinds_titles(query), query


def test_spanish_stemming_joins_forms_of_a_word(corpus):
    assert "Transparencia en la obra pública" in kinds_titles("transparente")
    assert "Participación ciudadana en el presupuesto municipal" in kinds_titles("municipio")
    assert "Participación ciudadana en el presupuesto municipal" in kinds_titles("municipios")
    assert kinds_titles("violencia de genero")[0] == "Atención a la violencia de género"
    assert kinds_titles("obra publica")[0] == "Transparencia en la obra pública"


def test_water_is_not_aguascalientes(corpus):
    found = titles("agua")
    assert "Calidad del agua potable" in found
    assert "Aguascalientes" not in found
    assert "Aguascalientes" in titles("aguascalientes")


def test_phrases_in_quotes_keep_their_words_together(corpus):
    plan = corpus["plan"]
    add_commitment(
        plan,
        "Género y datos",
        "La violencia en las calles no se mide por colonia.",
        "Medir la atención de género de cada dependencia.",
        "5",
    )
    loose = kinds_titles("violencia genero")
    assert {"Atención a la violencia de género", "Género y datos"} <= set(loose)
    exact = kinds_titles('"violencia de género"')
    assert "Atención a la violencia de género" in exact and "Género y datos" not in exact


def test_typos_in_long_words_are_forgiven_short_words_are_not(corpus):
    assert "Transparencia en la obra pública" in kinds_titles("transparensia")
    assert "Participación ciudadana en el presupuesto municipal" in kinds_titles("partisipacion")
    results = search("transparensia")
    assert results.query.corrected == {"transparensia": ["transparencia"]}
    assert search("agux").total == 0  # four letters: no guessing


def test_titles_weigh_more_than_bodies(corpus):
    # «padrón» is the title of one commitment and in the body of none; «participación» is in a title
    # and in another commitment's body: the title comes first.
    ranked = kinds_titles("participación")
    assert ranked[0] == "Participación ciudadana en el presupuesto municipal"
    assert "Padrón de programas sociales" in ranked
    assert ranked.index("Padrón de programas sociales") > 0


def test_drafts_deleted_and_hidden_records_never_appear(corpus, people):
    assert "Participación secreta en borrador" not in titles("participación secreta")
    assert not SearchDocument.objects.filter(kind="compromiso", object_id=corpus["secret"].pk).exists()
    # Deleted: gone at once; restored: back.
    commitment = corpus["commitments"][3]
    services.commitment_delete(actor=None, commitment=commitment, reason="Duplicado")
    assert "Calidad del agua potable" not in titles("agua")
    services.commitment_restore(actor=None, commitment=commitment)
    assert "Calidad del agua potable" in titles("agua")


def test_publishing_a_plan_makes_its_commitments_searchable(corpus):
    draft = corpus["draft"]
    assert kinds_titles("secreta") == []
    services.plan_transition(actor=None, plan=draft, target=PlanStatus.COCREATION)
    assert kinds_titles("secreta") == ["Participación secreta en borrador"]


def test_hidden_proposals_and_blocked_authors_leave_the_search(people):
    from apertus.moderation.services import content_hide, content_restore, user_block, user_unblock
    from apertus.plans.tests.conftest import build_plan

    plan = build_plan("20", commitments=1, milestones=0, status=PlanStatus.COCREATION)
    process = build_process(plan)
    proposal = propose(
        process,
        people["citizen"],
        title="Alumbrado público en el barrio",
        problem="Calles oscuras",
        solution="Luminarias",
    )
    assert titles("alumbrado") == ["Alumbrado público en el barrio"]
    content_hide(actor=people["coordinator"], obj=proposal, reason="Contenido de prueba ocultado")
    assert titles("alumbrado") == []
    content_restore(actor=people["coordinator"], obj=proposal, reason="Revisado, se restaura")
    assert titles("alumbrado") == ["Alumbrado público en el barrio"]
    user_block(actor=people["coordinator"], user=people["citizen"], reason="Bloqueo de prueba del sistema")
    assert titles("alumbrado") == []
    user_unblock(actor=people["coordinator"], user=people["citizen"], reason="Se levanta el bloqueo")
    assert titles("alumbrado") == ["Alumbrado público en el barrio"]


def test_answers_are_searched_with_their_proposal(people):
    from apertus.participation.services import proposal_respond
    from apertus.plans.tests.conftest import build_plan

    plan = build_plan("20", commitments=1, milestones=0, status=PlanStatus.COCREATION)
    process = build_process(plan)
    proposal = propose(
        process, people["citizen"], title="Bebederos en escuelas", problem="Sin agua", solution="Instalar bebederos"
    )
    assert search("hidrantes").total == 0
    proposal_respond(
        actor=people["coordinator"],
        proposal=proposal,
        kind="no_incorporada",
        reason="No la incorporamos: el municipio ya instaló hidrantes en cada escuela.",
    )
    hits = search("hidrantes").hits
    assert [h.title for h in hits] == ["Bebederos en escuelas"] and hits[0].status == "no_incorporada"


def test_unpublished_stl_sessions_and_agreements_are_not_searched(people):
    from apertus.stl import services as stl_services
    from apertus.stl.tests.conftest import build_stl

    stl = build_stl("20", published=False)["stl"]
    assert search("minuta").total == 0
    stl_services.stl_update(actor=None, stl=stl, is_published=True)
    found = {h.kind for h in search("minuta").hits}
    assert "acuerdo_stl" in found
    stl_services.stl_update(actor=None, stl=stl, is_published=False)
    assert search("minuta").total == 0


def test_facets_count_under_the_other_filters(corpus):
    results = search("publica")
    kinds = dict(results.facets["kind"])
    assert kinds["compromiso"] >= 2
    goals = dict(results.facets["goal"])
    assert goals.get("16", 0) >= 1
    only_goal = search("publica", filters=Filters(goal=16))
    assert only_goal.total < results.total and only_goal.total == dict(only_goal.facets["goal"])["16"]
    # The goal facet keeps the other goals' counts while one is chosen.
    assert dict(only_goal.facets["goal"]) == goals
    state = search("publica", filters=Filters(kind="compromiso"))
    assert all(h.kind == "compromiso" for h in state.hits)
    assert dict(state.facets["state"])[str(corpus["plan"].state_id)] == state.total


def test_pagination(corpus):
    plan = corpus["plan"]
    for n in range(7):
        add_commitment(plan, f"Mercado municipal número {n}", "Mercados sin datos", "Abrir los datos del mercado", "8")
    only = Filters(kind="compromiso")
    first = search("mercado", filters=only, page_size=3)
    second = search("mercado", filters=only, page=2, page_size=3)
    third = search("mercado", filters=only, page=3, page_size=3)
    assert first.total == 7 and first.pages == 3
    ids = [h.object_id for r in (first, second, third) for h in r.hits]
    assert len(ids) == 7 and len(set(ids)) == 7
    assert search("mercado", filters=only, page=9, page_size=3).hits == []


def test_sdg_codes_and_english_fields(db):
    assert titles("16.10")[0].startswith("16.10 ")
    assert "Aguascalientes" not in titles("water")
    with translation.override("en"):
        found = titles("clean water")
        assert any(t.startswith("6 ") for t in found), found
        assert any(t.startswith("6 ") for t in titles("sanitation"))
    with translation.override("es"):
        assert search("sanitation").total == 0  # Spanish pages search the Spanish texts


def test_snippets_mark_the_words_and_escape_what_people_typed(corpus):
    add_commitment(
        corpus["plan"],
        "Datos de alumbrado",
        "<script>alert(1)</script> las luminarias fallan",
        "Publicar el inventario de luminarias",
        "11",
    )
    hit = search("luminarias").hits[0]
    assert "<mark>luminarias</mark>" in hit.snippet
    assert "<script" not in hit.snippet and "&lt;script" in hit.snippet


def test_goal_bits_round_trip_and_ignore_what_is_not_a_goal():
    from apertus.search.models import goal_mask, goals_of

    assert goal_mask([1, 16, 17, 16]) == (1 << 1) | (1 << 16) | (1 << 17)
    assert goals_of(goal_mask([17, 3, 1])) == [1, 3, 17]
    assert goal_mask([0, 18, -1]) == 0 and goals_of(0) == []


def test_every_document_carries_the_goals_of_its_record(corpus):
    """The goal facet counts the bits on each document: they are the record's goals, and a record
    whose goals change is counted under the new ones at once."""
    commitment = add_commitment(corpus["plan"], "Huertos escolares comunitarios", "Problema", "Objetivo", "2")
    document = SearchDocument.objects.get(kind="compromiso", object_id=commitment.pk)
    assert 2 in document.goals
    only = Filters(kind="compromiso")
    counted = dict(search("huertos escolares", filters=only).facets["goal"])
    assert counted.get("2") == 1 and set(counted) == {str(g) for g in document.goals}
    assert search("huertos escolares", filters=Filters(kind="compromiso", goal=2)).total == 1
    assert search("huertos escolares", filters=Filters(goal=5)).total == 0
    from apertus.taxonomy.models import Scheme, Term

    services.commitment_update(
        actor=None,
        commitment=commitment,
        expected_version=None,
        primary_goal=Term.objects.get(scheme=Scheme.SDG_GOAL, code="4"),
    )
    assert search("huertos escolares", filters=Filters(kind="compromiso", goal=4)).total == 1
    assert search("huertos escolares", filters=Filters(kind="compromiso", goal=2)).total == 0
    assert dict(search("huertos escolares", filters=only).facets["goal"]).get("4") == 1


def test_a_broad_search_ranks_bounded_candidates_titles_first_and_counts_every_match(corpus, monkeypatch):
    """More matches than CAP: the titles that match come first and the pages reach only the ranked
    candidates, but the total and every facet count are those of every match, as below the cap."""
    from apertus.search import selectors

    plan = corpus["plan"]
    # The body-only matches first: the first rows read are not the title matches.
    for n in range(6):
        add_commitment(plan, f"Abasto vecinal {n}", "Sin datos", f"Un tianguis semanal con datos abiertos {n}", "8")
    for n in range(4):
        add_commitment(plan, f"Tianguis de la colonia {n}", "Sin datos", f"Abrir los datos del tianguis {n}", "8")
    exact = search("tianguis", filters=Filters(kind="compromiso"))
    assert exact.total == 10 and not exact.capped and exact.ranked == 10
    chosen = (Filters(), Filters(kind="compromiso", goal=8), Filters(goal=5))
    uncapped = [search("tianguis", filters=filters) for filters in chosen]
    monkeypatch.setattr(selectors, "CAP", 3)
    broad = search("tianguis", page_size=4)
    assert broad.capped and broad.total == uncapped[0].total >= 10
    assert broad.facets == uncapped[0].facets and dict(broad.facets["kind"])["compromiso"] == 10
    assert {h.title for h in broad.hits} == {f"Tianguis de la colonia {n}" for n in range(4)}
    # The pages reach the candidates only: the last one has hits, the one after none.
    assert 4 <= broad.ranked < broad.total and broad.pages == -(-broad.ranked // 4)
    assert search("tianguis", page=broad.pages, page_size=4).hits
    assert not search("tianguis", page=broad.pages + 1, page_size=4).hits
    # Under filters the counts stay exact, each facet under the other filters.
    for filters, before in zip(chosen, uncapped, strict=True):
        after = search("tianguis", filters=filters, page_size=20)
        assert (after.total, after.facets) == (before.total, before.facets), filters
    filtered = search("tianguis", filters=Filters(kind="compromiso", goal=8), page_size=20)
    assert filtered.total == 10 and dict(filtered.facets["goal"])["8"] == 10
    assert filtered.hits and all(h.kind == "compromiso" for h in filtered.hits)
    assert filtered.hits[0].title.startswith("Tianguis de la colonia")
    # A filter that leaves fewer than CAP: every match is ranked again.
    monkeypatch.setattr(selectors, "CAP", 5)
    assert search("tianguis").capped
    narrow = search("tianguis colonia", filters=Filters(kind="compromiso"))
    assert not narrow.capped and narrow.total == narrow.ranked == 4


def test_totals_and_facets_are_exact_over_more_than_a_thousand_matches(db):
    """With the real CAP: 1,200 documents share a word; the total and each facet count every one of
    them, each facet under the other filters, as counted here from the documents written."""
    from collections import Counter

    from apertus.core.searchable import Doc
    from apertus.search import index, selectors
    from apertus.territories.models import State

    assert selectors.CAP == 1000 and search("tianguis").total == 0
    states = list(State.objects.order_by("pk").values_list("pk", flat=True)[:3])
    rows = []  # (kind, state, status, goals, title match)
    for i in range(1200):
        rows.append(
            (
                "propuesta" if i % 2 else "hito",
                states[i % 3],
                "abierta" if i % 5 else "cerrada",
                {1 + i % 17},
                i % 40 == 0,
            )
        )
    for kind in ("propuesta", "hito"):
        index._insert(
            kind,
            [
                (
                    10_000_000 + i,
                    Doc(
                        title=f"Tianguis vecinal {i}" if title else f"Registro vecinal {i}",
                        body="Un tianguis semanal con datos abiertos.",
                        url=f"/registro/{i}/",
                        state_id=state,
                        status=status,
                        goals=goals,
                    ),
                )
                for i, (k, state, status, goals, title) in enumerate(rows)
                if k == kind
            ],
        )

    def expected(chosen, skip=""):
        def keep(row):
            kind, state, status, goals, _title = row
            return all(
                (
                    skip == "kind" or not chosen.kind or kind == chosen.kind,
                    skip == "state" or chosen.state is None or state == chosen.state,
                    skip == "status" or not chosen.status or status == chosen.status,
                    skip == "goal" or chosen.goal is None or chosen.goal in goals,
                )
            )

        kept = [row for row in rows if keep(row)]
        return {
            "kind": Counter(row[0] for row in kept),
            "state": Counter(str(row[1]) for row in kept),
            "status": Counter(row[2] for row in kept),
            "goal": Counter(str(goal) for row in kept for goal in row[3]),
        }

    for chosen in (Filters(), Filters(state=states[1]), Filters(kind="propuesta", status="abierta", goal=4)):
        results = search("tianguis", filters=chosen)
        assert results.total == sum(expected(chosen)["kind"].values()), chosen
        for name in ("kind", "state", "status", "goal"):
            assert dict(results.facets[name]) == dict(expected(chosen, skip=name)[name]), (chosen, name)
        assert results.facets["phase"] == []
    broad = search("tianguis")
    assert broad.total == 1200 and broad.capped and broad.ranked < 1200
    # The 30 documents whose titles have the word come first.
    assert all(hit.title.startswith("Tianguis vecinal") for hit in broad.hits) and len(broad.hits) == 20


def test_new_words_are_numbered_in_alphabetical_order(db):
    """The same content gives the same words the same ids in any process (not in a set's order, which
    changes with each process's hash seed): two databases loaded alike hold the same rows."""
    from apertus.search.index import _learn_words
    from apertus.search.models import SearchWord

    _learn_words("zurcido yesca xilofón vihuela zurcido")
    learned = list(
        SearchWord.objects.filter(word__in=["vihuela", "xilofon", "yesca", "zurcido"])
        .order_by("id")
        .values_list("word", flat=True)
    )
    assert learned == ["vihuela", "xilofon", "yesca", "zurcido"]
