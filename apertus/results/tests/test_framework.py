"""The results framework against the hand-counted world of ``conftest.py``."""

from datetime import date
from decimal import Decimal

from apertus.participation.standards import CUMPLE, plan_standards
from apertus.results.framework import Period, results_framework


def figures(block) -> dict:
    return {f.code: f.value for f in block.figures}


def targets(block) -> dict:
    return {f.code: f.target for f in block.figures if f.target is not None}


def test_whole_program_figures_match_the_hand_count(world):
    fw = results_framework()
    total = figures(fw.total)
    met = sum(s.status == CUMPLE for plan in (world.oaxaca, world.sonora) for s in plan_standards(plan).standards)
    assert total == {
        "entidades_participantes": 15,
        "fellows_seleccionados": 19,
        "fellows_formados": 8,
        "fellows_con_constancia": 5,
        "stl_instalados": 2,
        "stl_regla_seis_meses": 1,
        "planes_cocreados": 1,
        "planes_publicados": 2,
        "compromisos": 4,
        "compromisos_metas_ods": 3,
        "compromisos_valores_ogp": 2,
        "compromisos_anticorrupcion": 2,
        "compromisos_cumplidos": 1,
        "avance_promedio": Decimal("16.7"),
        "estandares_cumplidos": met,
        "propuestas": 3,
        "propuestas_respondidas": 2,
    }
    # Targets are data: the program's document (results_targets.csv) and each phase's fellows goal.
    assert targets(fw.total) == {
        "entidades_participantes": 15,
        "fellows_seleccionados": 60,
        "fellows_formados": 60,
        "stl_instalados": 15,
        "planes_publicados": 15,
        "estandares_cumplidos": 10,
    }
    by_code = {f.code: f for f in fw.total.figures}
    assert by_code["entidades_participantes"].percent_of_target == 100
    assert by_code["fellows_seleccionados"].percent_of_target == 32  # 19 of 60


def test_each_phase_and_state_adds_up(world):
    fw = results_framework()
    first, second = fw.phases
    assert first.phase.number == 1 and second.phase.number == 2
    assert figures(first)["entidades_participantes"] == 5 and figures(second)["entidades_participantes"] == 10
    assert (figures(first)["fellows_seleccionados"], figures(second)["fellows_seleccionados"]) == (16, 3)
    assert (figures(first)["fellows_formados"], figures(second)["fellows_formados"]) == (8, 0)
    assert figures(first)["compromisos"] == 4 and figures(second)["compromisos"] == 0
    assert targets(first)["fellows_seleccionados"] == 20 and targets(second)["fellows_seleccionados"] == 40
    rows = {r.state.code: r for r in fw.total.rows}
    oaxaca, sonora, morelos = rows["20"], rows["26"], rows["17"]
    assert (oaxaca.counts.fellows, oaxaca.counts.trained, oaxaca.counts.certified) == (5, 4, 3)
    assert (sonora.counts.fellows, sonora.counts.trained, sonora.counts.certified) == (7, 3, 2)
    assert (oaxaca.counts.commitments, oaxaca.counts.with_targets, oaxaca.counts.with_values) == (3, 2, 2)
    assert (oaxaca.counts.anti_corruption, oaxaca.counts.complete, oaxaca.counts.progress) == (1, 1, Decimal("33.3"))
    assert (oaxaca.counts.proposals, oaxaca.counts.answered) == (3, 2)
    assert (sonora.counts.commitments, sonora.counts.anti_corruption, sonora.counts.proposals) == (1, 1, 0)
    assert (oaxaca.counts.stl_installed, oaxaca.counts.stl_meets_rule) == (1, 1)
    assert (sonora.counts.stl_installed, sonora.counts.stl_meets_rule) == (1, 0)
    # Morelos: its plan is a draft and its STL unpublished; nothing of them counts.
    assert morelos.plan is None and morelos.counts.commitments == 0 and morelos.counts.stl_installed == 0
    assert oaxaca.plan == world.oaxaca and len(oaxaca.standards) == 5


def test_genders_hide_small_groups_in_every_table_alike(world):
    fw = results_framework()
    first, second = fw.phases

    def table(block):
        return {row.key: [c.display for c in row.cells] for row in block.genders}

    # 2017 by hand: mujer 7/5/3, hombre 7/2/1, no binaria 1/1/1, no declarado 1/0/0.
    assert table(first) == {
        "mujer": ["7", "5", "3"],
        "hombre": ["7", "<3", "<3"],
        "no_binaria": ["<3", "<3", "<3"],
        "no_declarado": ["<3", "<3", "<3"],
    }
    assert table(second) == {"mujer": ["3", "<3", "<3"]}
    total = table(fw.total)
    assert total["mujer"][0] == "10" and total["hombre"][0] == "7"
    # A cell hidden in a cohort's table stays hidden in the all-cohort one: 2018's 0 trained women
    # could otherwise be read as (all-cohort 5) - (2017's 5).
    assert total["mujer"][1] == "<3"
    # No column with a single hidden cell could give away a person: when one is alone, the column's
    # total is 0 (2018: nobody finished a course, so no one is revealed).
    for block in (first, second, fw.total):
        for column in range(3):
            cells = [row.cells[column] for row in block.genders]
            if sum(c.suppressed for c in cells) == 1:
                assert sum(c.value for c in cells) == 0


def test_a_period_limits_cohorts_plans_and_proposals(world):
    fw = results_framework(period=Period(date(2018, 1, 1), date(2018, 12, 31)))
    total = figures(fw.total)
    assert total["fellows_seleccionados"] == 3  # the 2018 cohort only
    assert total["entidades_participantes"] == 15
    assert total["compromisos"] == 0 and total["propuestas"] == 0  # the plans run 2025-2027
    assert total["stl_instalados"] == 2 and total["stl_regla_seis_meses"] == 0  # no session in 2018
    later = figures(results_framework(period=Period(date(2026, 1, 1), None)).total)
    assert later["compromisos"] == 4 and later["fellows_seleccionados"] == 0
