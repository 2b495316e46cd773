"""OGP's commitments export imported through the services: the real file, and the awkward cases."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from apertus.organizations.models import Organization
from apertus.plans import ogp_mapping as ogp
from apertus.plans import services
from apertus.plans.models import ActionPlan, Commitment, Milestone, PlanStatus
from apertus.plans.ogp_import import MAPPED, ogp_import
from apertus.territories.models import State

OGP_FILE = Path(settings.BASE_DIR) / "data" / "ogp" / "ogp_commitments_open_parliament_extract_2024.csv"
HEADER = [
    "Commitment Unique Identifier",
    "Country/Locality",
    "Action Plan Number",
    "Commitment Title",
    "Short Title",
    "Full Text",
    "Start Date",
    "End Date",
    "Lead Institution",
    "Supporting Institution(s)",
    "URL",
    "Anti-Corruption and Integrity",
    "Lobbying",
    "Health & Nutrition",
    "Education",
    "OGP Value Civic Participation",
    "Right To Information",
    "Completion (End Of Term)",
    "Elections",
]


def _plan(edition=11):
    return services.plan_create(
        actor=None,
        state=State.objects.get(code="20"),
        edition=edition,
        title="Importación OGP",
        period_start=date(2012, 1, 1),
        period_end=date(2025, 12, 31),
    )


def _csv(*rows, header=HEADER, encoding="utf-8") -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "NA") for column in header])
    return io.BytesIO(buffer.getvalue().encode(encoding))


def _row(**values):
    base = {
        "Commitment Unique Identifier": "MX0001",
        "Country/Locality": "Mexico",
        "Action Plan Number": "2",
        "Commitment Title": "Datos abiertos del Congreso",
        "Full Text": "Publicar los datos.",
        "Lead Institution": "Cámara de Diputados",
        "URL": "https://opengovpartnership.org/members/mexico/commitments/mx0001",
        "Anti-Corruption and Integrity": "0",
        "Lobbying": "0",
        "Health & Nutrition": "0",
        "Education": "0",
        "Right To Information": "0",
        "Elections": "0",
    }
    return {**base, **values}


def _by_source(plan) -> dict[str, Commitment]:
    commitments = Commitment.objects.filter(plan=plan).select_related("lead_institution", "primary_goal")
    return {ogp.clean(c.objective.rsplit("compromiso [", 1)[1].split("]", 1)[0]): c for c in commitments}


@pytest.fixture
def ogp_rows():
    with OGP_FILE.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, {row["Commitment Unique Identifier"]: row for row in reader}


@pytest.mark.slow
def test_the_real_ogp_file_is_imported_whole(db, ogp_rows):
    header, rows = ogp_rows
    plan = _plan()

    report = ogp_import(actor=None, plan=plan, path_or_file=OGP_FILE)

    assert (report.rows, report.created, report.skipped) == (558, 558, [])
    assert Commitment.objects.filter(plan=plan).count() == 558
    with_both_dates = sum(
        1
        for r in rows.values()
        if ogp.parse_date(r["Start Date"], end=False) and ogp.parse_date(r["End Date"], end=True)
    )
    assert report.milestones == with_both_dates == Milestone.objects.filter(commitment__plan=plan).count()
    assert report.elapsed > 0
    commitments = _by_source(plan)
    assert set(commitments) == set(rows)

    # Spot checks against the CSV.
    albania = commitments["AL0002"]  # dates NA: the plan's period, and no milestone
    assert albania.title == rows["AL0002"]["Commitment Title"] == "e-Acts"
    assert (albania.start_date, albania.end_date) == (plan.period_start, plan.period_end)
    assert not albania.milestones.exists()
    assert albania.lead_institution.name == "Council of Ministers (Albania)"
    assert albania.lead_institution.type == "gobierno"
    assert [o.name for o in albania.co_responsible.all()] == ["National Agency for Information Society (Albania)"]
    assert albania.primary_goal.code == "16"
    assert sorted(albania.targets.values_list("code", flat=True)) == ["16.6", "16.7"]
    # The IRM judged access, accountability and technology relevant, and civic participation not (0),
    # although the row is flagged "Democratizing Decision-Making": the IRM's judgement wins.
    assert rows["AL0002"]["OGP Value Civic Participation"] == "0"
    assert sorted(albania.values.values_list("value__code", flat=True)) == ["acceso", "rendicion", "tecnologia"]
    assert "e-Acts project aims to support" in albania.objective
    assert (
        "[AL0002](https://opengovpartnership.org/members/albania/commitments/al0002) (Albania, plan de acción 1)."
        in albania.objective
    )
    assert albania.problem == ogp.NO_PROBLEM

    netherlands = commitments["NL0058"]  # "7/15/1905": the year 2023 typed into a date cell
    assert (netherlands.start_date, netherlands.end_date) == (date(2023, 1, 1), date(2027, 12, 31))
    assert netherlands.milestones.get().start_date == date(2023, 1, 1)
    assert netherlands.primary_goal.code == "4"  # flagged Education, and no other sector

    georgia = commitments["GE0006"]  # no lead institution, start NA, end "2012"
    assert georgia.lead_institution.name == "Institución responsable no especificada por OGP (Georgia)"
    assert (georgia.start_date, georgia.end_date) == (date(2012, 1, 1), date(2012, 12, 31))

    moldova = commitments["MD0070"]  # anti-corruption themes
    assert moldova.corruption_prevention.startswith("OGP clasifica el compromiso en temas de anticorrupción")
    assert "Compras públicas" in moldova.corruption_prevention
    assert "16.5" in set(moldova.targets.values_list("code", flat=True))

    morocco = commitments["MO0022"]  # the OGP template's headings split the text
    assert morocco.problem.startswith("Citizens do not trust public institutions")
    assert "What is the public problem" not in morocco.problem

    kyrgyz = commitments["KG0017"]  # people named among the supporters are not organisations
    assert not any("Abdrakhmatova" in o.name for o in kyrgyz.co_responsible.all())
    assert "Abdrakhmatova" in kyrgyz.other_actors

    # The unmapped columns: every column of the file is either mapped or reported, with its count.
    unmapped = {u.column: u for u in report.unmapped}
    assert set(unmapped) == set(header) - MAPPED and len(unmapped) > 50
    assert {"Commitment Title", "Full Text", "Lead Institution", "Anti-Corruption and Integrity"}.isdisjoint(unmapped)
    completion = unmapped["Completion (End Of Term)"]
    assert completion.filled == sum(1 for r in rows.values() if ogp.clean(r["Completion (End Of Term)"]))
    assert completion.flagged is None
    elections = unmapped["Elections"]
    assert (elections.filled, elections.flagged) == (558, sum(r["Elections"] == "1" for r in rows.values()))

    # A second import of the same file into the plan creates nothing, and says why.
    again = ogp_import(actor=None, plan=plan, path_or_file=OGP_FILE)
    assert again.created == 0 and len(again.skipped) == 558
    assert {s.reason for s in again.skipped} == {"Ya se importó en este plan."}


def test_themes_choose_goal_values_and_corruption_text(db):
    plan = _plan()
    ogp_import(
        actor=None,
        plan=plan,
        path_or_file=_csv(
            _row(
                **{
                    "Commitment Unique Identifier": "X1",
                    "Health & Nutrition": "1",
                    "Lobbying": "1",
                    "OGP Value Civic Participation": "0",
                    "Right To Information": "1",
                }
            ),
            _row(
                **{
                    "Commitment Unique Identifier": "X2",
                    "Health & Nutrition": "1",
                    "Education": "1",
                    "OGP Value Civic Participation": "1",
                }
            ),
        ),
    )
    one, two = Commitment.objects.filter(plan=plan).order_by("number")
    assert one.primary_goal.code == "3"  # one sector: health
    assert two.primary_goal.code == "16"  # two sectors: not clearly either
    assert sorted(one.targets.values_list("code", flat=True)) == ["16.10", "16.5"]
    assert one.corruption_prevention == (
        "OGP clasifica el compromiso en temas de anticorrupción e integridad: Cabildeo."
    )
    assert list(one.values.values_list("value__code", "justification")) == [
        ("acceso", "OGP clasifica el compromiso en los temas: Derecho a la información.")
    ]  # IRM said 0 to participation
    assert [v.value.code for v in two.values.all()] == ["participacion"]
    assert "Mecanismo de Revisión Independiente" in two.values.get().justification


def test_bad_rows_are_skipped_with_reasons_and_the_rest_imported(db):
    plan = _plan()
    report = ogp_import(
        actor=None,
        plan=plan,
        path_or_file=_csv(
            _row(**{"Commitment Unique Identifier": "A1", "Start Date": "3/1/2019", "End Date": "Ongoing"}),
            _row(**{"Commitment Unique Identifier": "A1"}),
            _row(**{"Commitment Unique Identifier": "A2", "Commitment Title": "NA", "Short Title": ""}),
            _row(**{"Commitment Unique Identifier": "A3", "Full Text": "ND"}),
            _row(
                **{
                    "Commitment Unique Identifier": "A4",
                    "Commitment Title": "T" * 300,
                    "Short Title": "Título corto",
                    "Start Date": "Quarter 1 2020",
                    "End Date": "IV quarter of 2021",
                }
            ),
        ),
    )
    assert report.created == 2
    assert [(s.row, s.identifier) for s in report.skipped] == [(3, "A1"), (4, "A2"), (5, "A3")]
    assert "fila 2" in report.skipped[0].reason and "título" in report.skipped[1].reason.lower()
    a1, a4 = Commitment.objects.filter(plan=plan).order_by("number")
    assert (a1.start_date, a1.end_date) == (date(2019, 3, 1), plan.period_end)  # "Ongoing" → the plan's end
    assert not a1.milestones.exists()
    assert a4.title == "Título corto"
    assert (a4.start_date, a4.end_date) == (date(2020, 1, 1), date(2021, 12, 31))
    assert a4.milestones.get().title == "Implementación: Título corto"


def test_encodings_and_na_values(db):
    plan = _plan()
    row = _row(
        **{
            "Commitment Title": "Participación ciudadana en el Congreso",
            "Lead Institution": "Secretaría de la Función Pública",
            "Supporting Institution(s)": "N/A",
            "Start Date": "ND",
            "End Date": "NR",
        }
    )
    for index, encoding in enumerate(["utf-8-sig", "cp1252"], start=1):
        ogp_import(
            actor=None,
            plan=plan,
            path_or_file=_csv({**row, "Commitment Unique Identifier": f"E{index}"}, encoding=encoding),
        )
    titles = set(Commitment.objects.filter(plan=plan).values_list("title", flat=True))
    assert titles == {"Participación ciudadana en el Congreso"}
    commitment = Commitment.objects.filter(plan=plan).first()
    assert commitment.lead_institution.name == "Secretaría de la Función Pública (Mexico)"
    assert not commitment.co_responsible.exists() and commitment.other_actors == ""


def test_a_file_that_is_not_an_ogp_export_is_refused(db):
    plan = _plan()
    with pytest.raises(ValidationError, match="Full Text"):
        ogp_import(
            actor=None, plan=plan, path_or_file=_csv({"Commitment Title": "x"}, header=["Commitment Title", "Otra"])
        )
    assert not Commitment.objects.filter(plan=plan).exists()


def test_it_runs_in_one_transaction(db, monkeypatch):
    plan = _plan()
    from apertus.plans import ogp_import as module

    real, calls = module.services.milestone_create, []

    def boom(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disco lleno")
        return real(**kwargs)

    monkeypatch.setattr(module.services, "milestone_create", boom)
    dated = {"Start Date": "1/1/2020", "End Date": "12/31/2021"}
    organizations = Organization.objects.count()
    with pytest.raises(RuntimeError):
        ogp_import(
            actor=None,
            plan=plan,
            path_or_file=_csv(
                _row(**{"Commitment Unique Identifier": "T1"}, **dated),
                _row(**{"Commitment Unique Identifier": "T2"}, **dated),
            ),
        )
    assert not Commitment.objects.filter(plan=plan).exists()
    assert Organization.objects.count() == organizations


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("12/31/2022", True, date(2022, 12, 31)),
        ("31/12/2014", True, date(2014, 12, 31)),
        ("6/30/20", True, date(2020, 6, 30)),
        ("2024-03-05", False, date(2024, 3, 5)),
        ("43525", False, date(2019, 3, 1)),
        ("July 2014", False, date(2014, 7, 1)),
        ("July 2014", True, date(2014, 7, 31)),
        ("2016", True, date(2016, 12, 31)),
        ("I quarter of 2021", False, date(2021, 1, 1)),
        ("Quarter 4 2016", True, date(2016, 12, 31)),
        ("Spring 2015", True, date(2015, 5, 31)),
        ("7/19/1905", True, date(2027, 12, 31)),
        ("Underway", False, None),
        ("NA", False, None),
        ("2/30/2020", False, None),
        ("1/1/1850", False, None),
    ],
)
def test_dates_in_the_ways_ogp_writes_them(value, end, expected):
    assert ogp.parse_date(value, end=end) == expected


def test_supporting_institutions_keep_names_and_leave_out_people_and_groups():
    raw = (
        "Ministry of Justice, OSGF, Oxfam, All SSGs, and their relevant partners; Lcdo. Ricardo Herrera (Fundación X), "
        "Misha Popovikj, IDSCS, misha@idscs.org\n• Transparency International Georgia"
    )
    assert ogp.institution_names(raw) == ["Ministry of Justice", "OSGF", "IDSCS", "Transparency International Georgia"]
    assert ogp.organization_type("Transparency International Georgia") == "sociedad_civil"
    assert ogp.organization_type("World Bank") == "cooperacion_internacional"
    assert ogp.organization_type("University of Ghana") == "academia"
    assert ogp.organization_type("Ministry of Justice") == "gobierno"


def test_the_command_creates_a_draft_plan_and_prints_the_report(db, tmp_path):
    path = tmp_path / "ogp.csv"
    path.write_bytes(
        _csv(
            _row(**{"Start Date": "1/1/2019", "End Date": "6/30/2021"}),
            _row(**{"Commitment Unique Identifier": "MX0002", "Start Date": "2018"}),
        ).getvalue()
    )
    out = io.StringIO()
    call_command("import_ogp", str(path), "--state", "oaxaca", "--edition", "12", stdout=out)
    plan = ActionPlan.objects.get(state__slug="oaxaca", edition=12)
    assert (plan.title, plan.status) == ("Importación OGP", PlanStatus.DRAFT)
    assert (plan.period_start, plan.period_end) == (date(2018, 1, 1), date(2021, 6, 30))  # the file's span
    text = out.getvalue()
    assert "Compromisos creados: 2; hitos: 1" in text
    assert "Completion (End Of Term): 0" in text and "Tiempo:" in text
    out = io.StringIO()
    call_command("import_ogp", str(path), "--state", "oaxaca", "--edition", "12", "--dry-run", stdout=out)
    assert "Compromisos creados: 0" in out.getvalue() and Commitment.objects.filter(plan=plan).count() == 2


def test_a_row_the_services_refuse_is_skipped_and_leaves_nothing_behind(db, monkeypatch):
    plan = _plan()
    from apertus.plans import ogp_import as module

    real = module.services.commitment_create

    def refuse_first(**kwargs):
        if kwargs["title"] == "Rechazado":
            raise ValidationError({"title": "Título no admitido."})
        return real(**kwargs)

    monkeypatch.setattr(module.services, "commitment_create", refuse_first)
    lead = {"Lead Institution": "Congreso del Estado"}
    report = ogp_import(
        actor=None,
        plan=plan,
        path_or_file=_csv(
            _row(**{"Commitment Unique Identifier": "R1", "Commitment Title": "Rechazado"}, **lead),
            _row(**{"Commitment Unique Identifier": "R2", "Commitment Title": "Aceptado"}, **lead),
        ),
    )
    assert [(s.row, s.identifier, s.reason) for s in report.skipped] == [
        (2, "R1", "No pasa la validación: Título no admitido.")
    ]
    accepted = Commitment.objects.get(plan=plan)
    assert accepted.title == "Aceptado"
    # The organisation first created in the refused row's savepoint was rolled back and created again.
    assert accepted.lead_institution.name == "Congreso del Estado (Mexico)"
    assert Organization.objects.filter(name="Congreso del Estado (Mexico)").count() == 1
    assert report.notes["problema público no separado en el texto de OGP"] == 1  # only the created row's
