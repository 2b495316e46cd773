"""Open-data exports that stream: memory stays flat whatever the number of rows."""

import csv
from collections.abc import Iterable, Sequence

from django.http import StreamingHttpResponse

from apertus.core.normalize import neutralise

CHUNK = 64 * 1024


class _Echo:
    def write(self, value: str) -> str:
        return value


_FORMULA = frozenset(("=", "+", "-", "@", "\t", "\r"))


def _csv_safe(value) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        # Bidirectional controls would make a cell read differently from what it holds (core.normalize);
        # they are all outside ASCII, so ASCII text is left as it is without a regular expression.
        if not value.isascii():
            value = neutralise(value)
        # A cell that starts with = + - @ would run as a formula in a spreadsheet (CSV injection).
        if value[:1] in _FORMULA:
            return "'" + value
    return value


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
