import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes its files to a folder of its own, never to the real MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def oaxaca(db):
    from apertus.territories.models import State

    return State.objects.get(code="20")


@pytest.fixture
def sonora(db):
    from apertus.territories.models import State

    return State.objects.get(code="26")


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
