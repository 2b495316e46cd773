"""``manage.py suggest_sdgs IN.csv``: the SDGs of every row of a CSV (``id,text``), to standard output.

Output columns: ``id,ranked,present,targets`` (goal numbers and target codes joined by ``|``).
Rows are classified in batches; a progress bar goes to standard error, and a malformed row is
reported there by its line number and skipped.
"""

from __future__ import annotations

import csv
import sys

from django.core.management.base import BaseCommand, CommandError

from apertus.sdg.classifier import MAX_CHARS, get_classifier

BATCH = 256


class Command(BaseCommand):
    help = "Sugiere los ODS de cada fila de un CSV con columnas id,text; escribe id,ranked,present,targets."

    def add_arguments(self, parser):
        parser.add_argument("path", help="archivo CSV (UTF-8) con las columnas id,text")
        parser.add_argument("--no-progress", action="store_true", help="sin barra de avance")

    def handle(self, *args, path, no_progress=False, **options):
        try:
            with open(path, "rb") as handle:
                total = max(0, sum(1 for _ in handle) - 1)
            handle = open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"No se puede leer {path}: {exc.strerror}") from exc
        self.err = sys.stderr
        self.progress = not no_progress
        self.total = total
        self.done = 0
        self.skipped = 0
        writer = csv.writer(self.stdout, lineterminator="\n")
        with handle:
            reader = csv.reader(handle)
            try:
                header = next(reader)
            except (StopIteration, csv.Error):
                raise CommandError("El archivo está vacío o no es un CSV.") from None
            columns = [h.strip().lower() for h in header]
            if "id" not in columns or "text" not in columns:
                raise CommandError("La primera línea debe nombrar las columnas id y text.")
            id_at, text_at = columns.index("id"), columns.index("text")
            writer.writerow(["id", "ranked", "present", "targets"])
            batch: list[tuple[str, str]] = []
            for line, row in self._rows(reader):
                problem = self._problem(row, len(columns), id_at, text_at)
                if problem:
                    self._skip(line, problem)
                    continue
                batch.append((row[id_at].strip(), row[text_at]))
                if len(batch) >= BATCH:
                    self._flush(batch, writer)
            self._flush(batch, writer)
        if self.progress:
            self.err.write("\n")
        self.err.write(f"{self.done} filas clasificadas, {self.skipped} omitidas.\n")

    def _rows(self, reader):
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self._skip(reader.line_num, f"CSV mal formado ({exc})")
                continue
            if row:
                yield reader.line_num, row

    @staticmethod
    def _problem(row, width, id_at, text_at) -> str:
        if len(row) != width:
            return f"tiene {len(row)} columnas y se esperaban {width}"
        if any("\udc80" <= ch <= "\udcff" for cell in row for ch in cell):
            return "no está en UTF-8"
        if not row[id_at].strip():
            return "no tiene id"
        if not row[text_at].strip():
            return "el texto está vacío"
        if len(row[text_at]) > MAX_CHARS:
            return f"el texto pasa de {MAX_CHARS} caracteres"
        return ""

    def _skip(self, line: int, problem: str) -> None:
        self.skipped += 1
        lead = "\n" if self.progress else ""
        self.err.write(f"{lead}línea {line}: {problem}; se omite.\n")

    def _flush(self, batch: list[tuple[str, str]], writer) -> None:
        if not batch:
            return
        suggestions = get_classifier().suggest_many([text for _, text in batch], targets=5)
        for (row_id, _text), s in zip(batch, suggestions, strict=True):
            writer.writerow(
                [
                    row_id,
                    "|".join(str(g.goal) for g in s.ranked),
                    "|".join(map(str, s.present)),
                    "|".join(t.code for t in s.targets),
                ]
            )
        self.done += len(batch)
        batch.clear()
        if self.progress:
            width = 30
            share = self.done / self.total if self.total else 1.0
            filled = int(width * min(1.0, share))
            self.err.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            self.err.flush()
