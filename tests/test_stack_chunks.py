"""The test run's arena allocator (tests/stack_chunks.py): in use, and calls that cross a chunk of the
frame stack again and again no longer map fresh memory each time."""

import resource
import shutil

import pytest

from tests import stack_chunks


def _down(depth: int) -> int:
    return 0 if depth == 0 else 1 + _down(depth - 1)


def _page_faults_over_crossings(times: int) -> int:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(times):
        _down(400)  # some 40 KB of frames: past the end of the chunk in use and back, each time
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(
    not (shutil.which("cc") or shutil.which("gcc")), reason="no C compiler: the suite runs without the allocator"
)
def test_the_allocator_is_in_use_and_crossing_a_chunk_maps_nothing_new():
    assert stack_chunks.installed()
    _page_faults_over_crossings(10)  # the chunks needed are made once
    assert _page_faults_over_crossings(2000) < 200  # CPython's own allocator: at least one fault per crossing
