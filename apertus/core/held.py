"""Writing many records at once (``manage.py load_demo``): per-write bookkeeping done once, at the end.

Every write normally bumps the page cache's content version (``core/cache.py``) and every save of a
published record the open data's counter (``opendata/version.py``); every indexed record is written
to the search index. Within ``held()`` the first two only count: when the outermost block ends, the
content version is bumped once and the open data's counter moves up by as many steps as it would have
taken one at a time (so it ends at the same number). With ``index_rebuilt`` the search index is not
written either: the caller rebuilds it whole before the block ends.

Per thread; blocks nest (the outermost one writes). Put the block inside the transaction of the
writes, or around transactions that commit: what is held is written when the block ends, and dropped
if it raises.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_local = threading.local()
_releases: list[Callable[[bool], None]] = []


def on_release(release: Callable[[bool], None]) -> None:
    """``release(write)`` runs when the outermost ``held()`` block ends (``write`` is False if it raised):
    registered once, at start-up, by what holds work back."""
    if release not in _releases:
        _releases.append(release)


def holding() -> bool:
    return getattr(_local, "depth", 0) > 0


def index_rebuilt() -> bool:
    """Inside a block whose caller rebuilds the whole search index before it ends."""
    return holding() and getattr(_local, "index_rebuilt", False)


@contextmanager
def held(*, index_rebuilt: bool = False) -> Iterator[None]:
    outermost = not holding()
    if outermost:
        _local.depth, _local.index_rebuilt = 0, index_rebuilt
    _local.depth += 1
    write = False
    try:
        yield
        write = True
    finally:
        _local.depth -= 1
        if outermost:
            _local.index_rebuilt = False
            for release in _releases:
                release(write)
