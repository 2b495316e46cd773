"""Production start-up: a missing or malformed setting stops it with one line naming it."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_SECRET = "k3J9-xQ2mN8vR4tY7wZ1aB5cD6eF0gH3iJ8kL2mN9pQ4rS7tU1vW5xY0zA3bC6dE9fG"


def run(env_overrides: dict, *args: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "APERTUS_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PROD = {
    "APERTUS_ENV": "production",
    "SECRET_KEY": GOOD_SECRET,
    "DATABASE_URL": "sqlite:////tmp/apertus-prod-check.sqlite3",
    "ALLOWED_HOSTS": "apertus.example.org",
}


@pytest.mark.parametrize(
    ("overrides", "variable"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "corta"}, "SECRET_KEY"),
        ({"DATABASE_URL": ""}, "DATABASE_URL"),
        ({"DATABASE_URL": "esto-no-es-una-url"}, "DATABASE_URL"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"REDIS_URL": "http://nope"}, "REDIS_URL"),
        ({"DJANGO_DEBUG": "quizás"}, "DJANGO_DEBUG"),
    ],
)
def test_bad_production_setting_stops_startup_naming_it(overrides, variable):
    result = run({**PROD, **overrides}, "check")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]


def test_production_settings_pass_deploy_check_without_warnings():
    result = run(PROD, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_create_demo_accounts():
    result = run(PROD, "load_demo")
    assert result.returncode != 0
    assert "producción" in result.stderr


def test_debug_is_off_unless_asked():
    result = run(
        PROD,
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.PASSWORD_HASHERS[0])",
    )
    assert result.stdout.split() == ["False", "django.contrib.auth.hashers.Argon2PasswordHasher"]
