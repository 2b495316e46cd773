"""Downloads kept as files under the data version, so a download costs a query while nothing changes.

The first download of a dataset in a format after a change builds the file as before (the database or
Python writes it, streamed to the person asking) and writes the same bytes to ``VAR_DIR/exports`` as they
go; every later download at the same version is that file, sent in pieces (flat memory, no query but the
version's). The file's name holds the data version (``opendata/version.py``, bumped with every change to
published data) and the page cache's content version (``core/cache.py``, bumped by any write to a content
table, bulk writes included), so the first download after any change builds afresh. A file is stored
whole or not at all (written beside, then renamed); a download cut short leaves nothing behind, and
storing a file removes the older versions of the same dataset and format. Each app server keeps its own
files (``VAR_DIR`` is per machine). ``EXPORT_FILES=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.conf import settings
from django.http import FileResponse

from apertus.core import cache as content


def enabled() -> bool:
    return getattr(settings, "EXPORT_FILES", True)


def directory() -> Path:
    return Path(settings.VAR_DIR) / "exports"


def path_of(slug: str, fmt: str, vkey: str) -> Path:
    """Where the file of ``slug`` in ``fmt`` at this version is (or will be) kept."""
    digest = hashlib.sha256(f"{vkey}|{content.version()}".encode()).hexdigest()[:24]
    return directory() / f"{slug}.{fmt}.{digest}"


def stored(path: Path, filename: str, content_type: str) -> FileResponse | None:
    """The kept file as a download, or None when there is none for this version."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the response
    except FileNotFoundError:
        return None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def keep(chunks: Iterable[bytes], path: Path) -> Iterator[bytes]:
    """``chunks`` as they come, written to ``path`` too; the file appears only once the last chunk is out."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.part")
    finished = False
    try:
        with open(partial, "wb") as out:
            for chunk in chunks:
                out.write(chunk)
                yield chunk
        os.replace(partial, path)
        finished = True
        _remove_older(path)
    finally:
        if not finished:
            partial.unlink(missing_ok=True)


def _remove_older(path: Path) -> None:
    prefix = path.name.rsplit(".", 1)[0] + "."
    for other in path.parent.iterdir():
        if other.name.startswith(prefix) and other != path:
            other.unlink(missing_ok=True)
