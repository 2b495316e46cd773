from datetime import date

from apertus.advice import quality
from apertus.advice.quality import Draft, MilestoneDraft, check

PERIOD = (date(2025, 1, 1), date(2026, 12, 31))
PROBLEM_ES = (
    "Actualmente solo 12 de los 570 municipios de Oaxaca publican sus presupuestos en formatos abiertos; "
    "la ciudadanía no puede comparar cuánto se gasta en agua potable ni en qué obras, y las solicitudes de "
    "información sobre obra pública tardan en promedio 45 días en responderse."
)
PROBLEM_EN = (
    "Currently only 12 of the 570 municipalities publish their budgets in open formats; citizens cannot "
    "compare how much is spent on drinking water or on which works, and information requests about public "
    "works take 45 days on average to be answered by the authorities."
)


def good(language="es") -> Draft:
    es = language == "es"
    return Draft(
        title="Presupuestos municipales abiertos" if es else "Open municipal budgets",
        problem=PROBLEM_ES if es else PROBLEM_EN,
        baseline="12 de 570 municipios publican datos abiertos (2024)." if es else "12 of 570 municipalities (2024).",
        objective="Publicar los presupuestos municipales." if es else "Publish municipal budgets.",
        expected_results=(
            "Indicador: municipios con presupuesto en datos abiertos; meta: 100 municipios al cierre de 2026."
            if es
            else "Indicator: municipalities with open budgets; target: 100 municipalities by 2026."
        ),
        milestones=[
            MilestoneDraft(
                "Portal de presupuestos publicado" if es else "Budget portal published",
                "",
                date(2025, 2, 1),
                date(2025, 6, 30),
                40,
            ),
            MilestoneDraft(
                "Informe de 100 municipios con datos abiertos" if es else "Report of 100 municipalities online",
                "",
                date(2025, 7, 1),
                date(2026, 6, 30),
                60,
            ),
        ],
        period=PERIOD,
        lead_institution=True,
        civil_society=1,
        values=[
            (
                "acceso",
                "Abre los datos del gasto municipal a cualquier persona."
                if es
                else "It opens municipal spending data to anyone at all.",
            )
        ],
        sdg_goal="16",
        sdg_targets=["16.6"],
        duplicated_fields=[],
    )


def test_a_well_written_commitment_passes_everything_in_spanish_and_english():
    for language in ("es", "en"):
        result = check(good(language))
        assert result.failed == [], (language, [r.rule.id for r in result.failed])
        assert result.score == 100
        assert result.passed("sdg_supported") is None  # no classifier registered: skipped, not failed


def test_vague_milestones_fail_verifiability_in_both_languages():
    for language, verbs in (
        ("es", ["Promover la transparencia", "Fortalecer la participación"]),
        ("en", ["Promote transparency", "Strengthen participation"]),
    ):
        draft = good(language)
        draft.milestones = [MilestoneDraft(v, "", date(2025, 2, 1), date(2025, 6, 30), 50) for v in verbs]
        result = check(draft)
        assert result.passed("verifiable_milestones") is False
        assert result.score < 100
        # Accents do not matter: "promoción" is as vague as "promocion".
    assert quality.vague_count("PROMOCIÓN de la cultura") == 1


def test_structure_rules_fail_with_their_fix():
    draft = good()
    draft.milestones = [MilestoneDraft("Portal publicado", "", date(2024, 1, 1), date(2025, 1, 1), 30)]
    draft.civil_society = 0
    draft.sdg_targets = []
    draft.duplicated_fields = ["problem"]
    failed = {r.rule.id for r in check(draft).failed}
    assert {"two_milestones", "milestone_dates", "milestone_weights", "actors", "sdg", "not_copied"} <= failed
    rule = quality.RULES_BY_ID["milestone_weights"]
    assert rule.text("fix", "en") != rule.text("fix", "es")


def test_rules_are_data_with_texts_in_both_languages():
    ids = [r.id for r in quality.RULES]
    assert len(ids) == len(set(ids))
    for rule in quality.RULES:
        for part in ("what", "why", "fix"):
            assert getattr(rule, part)["es"] and getattr(rule, part)["en"]


def test_the_sdg_classifier_hook_is_used_when_registered():
    try:
        quality.register_sdg_classifier(lambda text, goal: goal == "6")
        assert check(good()).passed("sdg_supported") is False
        quality.register_sdg_classifier(lambda text, goal: True)
        assert check(good()).passed("sdg_supported") is True
    finally:
        quality.register_sdg_classifier(None)
    assert check(good()).passed("sdg_supported") is None


def test_score_counts_only_rules_that_apply():
    draft = Draft(full_text="Promote transparency.", milestones=None, civil_society=None)
    result = check(draft)
    assert result.passed("milestone_weights") is None and result.passed("ogp_values") is None
    assert 0 <= result.score <= 100
