"""``manage.py suggest_sdgs IN.csv``."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command


def run(path):
    out, err = io.StringIO(), io.StringIO()
    import sys

    old = sys.stderr
    sys.stderr = err
    try:
        call_command("suggest_sdgs", str(path), stdout=out)
    finally:
        sys.stderr = old
    return list(csv.reader(io.StringIO(out.getvalue()))), err.getvalue()


def test_writes_ranked_present_and_targets(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(
        "id,text\nA1,Ampliar la red de agua potable en las colonias sin servicio.\n"
        'B2,"Publish every public contract, supplier and amount as open data to fight corruption."\n',
        encoding="utf-8",
    )
    rows, err = run(path)
    assert rows[0] == ["id", "ranked", "present", "targets"]
    by_id = {r[0]: r for r in rows[1:]}
    ranked = by_id["A1"][1].split("|")
    assert sorted(int(g) for g in ranked) == list(range(1, 18))
    assert ranked[0] == "6"
    assert by_id["A1"][2].split("|")[0] == "6"
    assert by_id["A1"][3].split("|")[0] == "6.1"
    assert len(by_id["A1"][3].split("|")) <= 5
    assert by_id["B2"][1].split("|")[0] == "16"
    assert "2 filas clasificadas, 0 omitidas" in err


def test_malformed_rows_are_reported_by_line_and_skipped(tmp_path):
    path = tmp_path / "bad.csv"
    content = (
        b"id,text\n"
        b"1,Reforestar el bosque con especies nativas.\n"
        b"2\n"  # line 3: one column
        b"3,\n"  # line 4: empty text
        b"4,Texto con bytes no v\xe1lidos\n"  # line 5: not UTF-8
        b",Sin identificador\n"  # line 6: no id
        b"7,Vacunar a todas las ni\xc3\xb1as y los ni\xc3\xb1os.\n"
    )
    path.write_bytes(content)
    rows, err = run(path)
    assert [r[0] for r in rows[1:]] == ["1", "7"]
    for line in (3, 4, 5, 6):
        assert f"línea {line}:" in err
    assert "2 filas clasificadas, 4 omitidas" in err


def test_a_file_without_the_columns_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("codigo,descripcion\n1,agua\n", encoding="utf-8")
    with pytest.raises(CommandError, match="id y text"):
        run(path)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No se puede leer"):
        run(tmp_path / "no-existe.csv")


def test_ten_thousand_rows(tmp_path):
    path = tmp_path / "big.csv"
    texts = [
        "Ampliar la red de agua potable.",
        "Reduce bribery and corruption among public officials.",
        "Reforestar el bosque.",
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        for i in range(10_000):
            writer.writerow([i, texts[i % 3]])
    rows, err = run(path)
    assert len(rows) == 10_001
    assert [r[1].split("|")[0] for r in rows[1:4]] == ["6", "16", "15"]
    assert "10000/10000" in err
