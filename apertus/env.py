"""Reading settings from the environment, with one clear line when one is wrong.

A misconfigured production start must stop at once and name the variable, rather than
start half-working (a default SQLite file, a guessable secret key).
"""

import os
import sys

import dj_database_url


class ConfigError(Exception):
    """A setting taken from the environment is missing or malformed."""


def fail(message: str) -> None:
    # One line, on stderr, then exit: the operator sees exactly which variable is wrong.
    sys.stderr.write(f"Apertus configuration error: {message}\n")
    raise SystemExit(2)


def get_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def get_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, name: str = "DATABASE_URL") -> dict:
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj_database_url raises several types for bad URLs
        raise ConfigError(f"{name} is not a valid database URL ({exc})") from exc
    engine = config.get("ENGINE", "")
    if not engine:
        raise ConfigError(f"{name} names no known database engine")
    if "sqlite" not in engine and not config.get("NAME"):
        raise ConfigError(f"{name} names no database")
    return config


def secret_key(value: str | None, name: str = "SECRET_KEY") -> str:
    if not value:
        raise ConfigError(f"{name} is not set")
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure"):
        raise ConfigError(f"{name} must be at least 50 random characters")
    return value
