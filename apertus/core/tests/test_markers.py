"""`make test-fast` runs ``-m "not browser"``: only the tests under tests/browser may carry that mark."""

from pathlib import Path

import pytest

from tests.browser import conftest as browser_conftest

ROOT = Path(__file__).resolve().parents[3]


class _Item:
    def __init__(self, path: Path):
        self.path = path
        self.marks = []

    def add_marker(self, mark):
        self.marks.append(mark.mark.name if hasattr(mark, "mark") else mark.name)


def test_the_browser_folder_marks_only_its_own_tests():
    # pytest hands this hook every collected item of the session, not only the folder's; marking
    # them all made `-m "not browser"` select no test at all (exit status 5).
    ordinary = _Item(ROOT / "apertus" / "core" / "tests" / "test_markers.py")
    browser = _Item(ROOT / "tests" / "browser" / "test_home.py")
    browser_conftest.pytest_collection_modifyitems(None, [ordinary, browser])
    assert ordinary.marks == []
    assert "browser" in browser.marks


def test_an_ordinary_test_is_not_marked_browser(request):
    assert request.node.get_closest_marker("browser") is None


@pytest.mark.parametrize("path", ["apertus/plans", "tests/browser"])
def test_the_folders_exist(path):
    # The test above compares paths: a moved folder would make it vacuous.
    assert (ROOT / path).is_dir()
