import csv
import io

import pytest

from apertus.core.datasets import DATASETS
from apertus.organizations.models import Organization


def read_text(response) -> str:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return text.lstrip("\ufeff")


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(read_text(response))))


def test_every_dataset_downloads_and_matches_its_dictionary(client, db):
    for slug, dataset in DATASETS.items():
        response = client.get(f"/datos/{slug}.csv")
        assert response.status_code == 200, slug
        header = next(csv.reader(io.StringIO(read_text(response))))
        assert header == [c.name for c in dataset.columns], slug


def test_municipalities_export_is_complete(client, db):
    rows = read_csv(client.get("/datos/municipios.csv"))
    assert len(rows) == 2478
    assert sum(int(r["poblacion_2020"]) for r in rows) == 126_014_024


def test_states_export_marks_phases(client, db):
    rows = {r["clave_inegi"]: r for r in read_csv(client.get("/datos/entidades.csv"))}
    assert rows["20"]["fase_programa"] == "2017"
    assert rows["30"]["fase_programa"] == "2018"
    assert rows["32"]["fase_programa"] == ""


def test_export_neutralises_spreadsheet_formulas(client, db):
    Organization.objects.create(name='=HYPERLINK("http://evil")', slug="formula", type="sociedad_civil")
    rows = read_csv(client.get("/datos/organizaciones.csv"))
    names = [r["nombre"] for r in rows]
    assert '\'=HYPERLINK("http://evil")' in names
    assert not any(n.startswith("=") for n in names)


@pytest.mark.parametrize("slug", list(DATASETS))
def test_open_data_page_documents_each_field(client, db, slug):
    html = client.get("/datos/").content.decode()
    for column in DATASETS[slug].columns:
        assert f"<code>{column.name}</code>" in html
