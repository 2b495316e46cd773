"""Open-data exports that stream: memory stays flat whatever the number of rows."""

import csv
from collections.abc import Iterable, Sequence

from django.http import StreamingHttpResponse

from apertus.core.normalize import neutralise

CHUNK = 64 * 1024


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_safe(value) -> object:
    # Bidirectional controls would make a cell read differently from what it holds (core.normalize).
    if isinstance(value, str):
        value = neutralise(value)
    # A cell that starts with = + - @ would run as a formula in a spreadsheet (CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def stream_csv(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def generate():
        # BOM so spreadsheet programs read the accents right.
        buffer, size = ["\ufeff", writer.writerow(header)], 0
        for row in rows:
            line = writer.writerow([_csv_safe(v) for v in row])
            buffer.append(line)
            size += len(line)
            if size >= CHUNK:  # one write per ~64 KB, not one per row: the server sends whole chunks
                yield "".join(buffer)
                buffer, size = [], 0
        if buffer:
            yield "".join(buffer)

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
