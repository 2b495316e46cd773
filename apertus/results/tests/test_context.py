"""State SDG context (series loaded from data/, fact sheets) and the home page's program story."""

from datetime import date

from django.conf import settings

from apertus.results import loaders
from apertus.results.models import IndicatorSeries, IndicatorSummary, IndicatorValue, StateFact, Target
from apertus.territories.models import State

DATA = settings.DATA_DIR / "program"


def test_reference_data_is_loaded_once_and_tied_to_goals_and_targets(db):
    # 140 series × 32 states (some states lack a few), each with its goal; loading again changes nothing.
    assert IndicatorSeries.objects.count() == 140
    assert IndicatorSeries.objects.filter(goal__isnull=True).count() == 0
    assert IndicatorSeries.objects.filter(target__code="16.1").exists()
    values, summaries = IndicatorValue.objects.count(), IndicatorSummary.objects.count()
    assert values == 36714
    assert loaders.series_load(series_csv=DATA / "ppi4sd_mx_state_sdg_indicators_2006_2018.csv") == values
    assert (IndicatorValue.objects.count(), IndicatorSummary.objects.count()) == (values, summaries)
    # The fact sheets: 10 states plus the national row; Guanajuato's open-government index is 0.48.
    guanajuato = State.objects.get(code="11")
    assert StateFact.objects.get(state=guanajuato, key="A").value == "0.48"
    assert StateFact.objects.get(state__isnull=True, key="A").value == "0.39"
    assert StateFact.objects.get(state__code="15", key="A").value == "0.44"  # "Mexico" is the Estado de México
    assert Target.objects.get(code="fellows_formados", phase__isnull=True).value == 60


def test_the_median_is_the_states_median(db):
    series = IndicatorSeries.objects.get(code="2")
    values = sorted(IndicatorValue.objects.filter(series=series, year=2016).values_list("value", flat=True))
    middle = (values[15] + values[16]) / 2 if len(values) == 32 else values[len(values) // 2]
    assert IndicatorSummary.objects.get(series=series, year=2016).median == middle


def test_state_page_shows_its_context(client, db):
    html = client.get("/estados/guanajuato/?ods=1").content.decode()
    assert "Indice de Gobierno Abierto 2017" in html and "0.48" in html and "0.39" in html  # state and national
    assert "Indice Estatal de Capacidades para el Desarrollo Social" in html
    assert 'data-series="2"' in html and "<polyline" in html  # SDG 1's series, drawn
    assert "Mediana de las entidades" in html  # the accessible table beside each chart
    # A state without a fact sheet still has its series; a wrong goal falls back to one with data.
    jalisco = client.get("/estados/jalisco/?ods=99")
    assert jalisco.status_code == 200 and "<polyline" in jalisco.content.decode()
    assert "Indice de Gobierno Abierto" not in jalisco.content.decode()


def test_state_page_lists_its_commitments_by_goal(client, world):
    html = client.get("/estados/oaxaca/").content.decode()
    table = html[html.index('data-testid="commitments-by-goal"') :]
    assert "16. " in table and "11. " in table
    # Morelos' plan is a draft: none of its commitments are counted.
    assert 'data-testid="commitments-by-goal"' not in client.get("/estados/morelos/").content.decode()


def test_home_states_the_programs_purpose_and_a_plan_in_preparation(client, world):
    html = client.get("/").content.decode()
    purpose = html[html.index('data-testid="program-purpose"') :][:600]
    assert "2016" in purpose and "2019" in purpose and "corrupción" in purpose
    row = html[html.index('data-state="17"') :].split("</tr>")[0]
    assert "Morelos" in row and "En elaboración" in row
    assert world.morelos.title not in html and "Borrador secreto" not in html


def test_demo_follows_the_programs_timeline(db):
    from apertus.accounts.demo import demo_people_load
    from apertus.core.testing import demo_steps_load
    from apertus.learning.demo import learning_demo_load
    from apertus.learning.models import Certificate
    from apertus.plans.demo import plans_demo_load
    from apertus.plans.models import ActionPlan, ProgressReport
    from apertus.program.demo import fellows_demo_load
    from apertus.stl.demo import stl_demo_load

    demo_steps_load(demo_people_load, fellows_demo_load, stl_demo_load, plans_demo_load)  # kept (core/testing.py)
    learning_demo_load()
    periods = {
        (p.state.participation.phase.year, p.period_start.year, p.period_end.year)
        for p in ActionPlan.objects.select_related("state__participation__phase")
    }
    assert periods == {(2017, 2017, 2019), (2018, 2018, 2019)}
    last = max(ProgressReport.objects.values_list("created_at", flat=True))
    assert last.date() <= date(2019, 9, 30)
    for certificate in Certificate.objects.select_related("program"):
        assert certificate.issued_on == certificate.program.ends_on
    assert Certificate.objects.exists()
