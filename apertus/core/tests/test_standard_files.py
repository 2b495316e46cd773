"""Every app under apertus/ has the standard files (docs/architecture.md) or says in its manifest why not.

A file may be a module (``views.py``) or a package (``views/``); ``tests/`` is a package. An app declares
what it lacks in ``AppManifest.without`` (``{"api.py": "searching is a page"}``), each with a reason.
"""

from pathlib import Path

from django.apps import apps

from apertus.core.manifest import manifest_of

STANDARD = (
    "models.py",
    "services.py",
    "selectors.py",
    "rules.py",
    "views.py",
    "api.py",
    "urls.py",
    "admin.py",
    "tests/",
)


def _apertus_apps():
    return [config for config in apps.get_app_configs() if config.name.startswith("apertus.")]


def _has(app_dir: Path, standard: str) -> bool:
    name = standard.removesuffix("/").removesuffix(".py")
    if standard.endswith("/"):
        return (app_dir / name / "__init__.py").is_file()
    return (app_dir / f"{name}.py").is_file() or (app_dir / name / "__init__.py").is_file()


def test_every_app_has_the_standard_files_or_says_why_not():
    problems = []
    for config in _apertus_apps():
        without = manifest_of(config).without
        for standard in STANDARD:
            if not _has(Path(config.path), standard) and not str(without.get(standard, "")).strip():
                problems.append(f"{config.name}: no {standard} and no reason in its manifest's `without`")
    assert not problems, "\n".join(problems)


def test_a_declared_absence_names_a_standard_file_that_is_really_absent():
    problems = []
    for config in _apertus_apps():
        for standard in manifest_of(config).without:
            if standard not in STANDARD:
                problems.append(f"{config.name}: `without` names {standard!r}, not one of {STANDARD}")
            elif _has(Path(config.path), standard):
                problems.append(f"{config.name}: `without` says there is no {standard}, but there is one")
    assert not problems, "\n".join(problems)


def test_every_directory_under_apertus_with_models_or_views_is_an_installed_app():
    root = Path(apps.get_app_config("core").path).parent
    installed = {Path(config.path).resolve() for config in _apertus_apps()}
    stray = [
        path.name
        for path in sorted(root.iterdir())
        if path.is_dir() and (path / "apps.py").is_file() and path.resolve() not in installed
    ]
    assert not stray, f"apps under apertus/ that are not installed, so unchecked: {stray}"
