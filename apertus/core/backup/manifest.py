"""What a backup records about itself, and how tables and files are fingerprinted.

A table's fingerprint is its row count and a content hash that does not depend on row order
(the sum of each row's SHA-256 modulo 2**256), so the same rows give the same hash whatever the
collation or the physical order after a restore. Values are normalised to text first.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import platform
import subprocess
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import django
from django.conf import settings

FORMAT = "apertus-backup"
VERSION = 1
MANIFEST = "manifest.json"
SECRET_FILE = "secret_key"  # noqa: S105 - a file name, not a secret
MEDIA_DIR = "media"
CHUNK = 1024 * 1024
_MOD = 2**256

# Tables that `migrate` fills by itself: a freshly migrated database still counts as empty.
BOOKKEEPING_TABLES = {"django_migrations", "django_content_type", "auth_permission"}

# What an operator must set again on the restored server. Values are kept only where they are
# not secrets; secrets are named, and the secret key is fingerprinted (or copied, if asked).
ENVIRONMENT_PUBLIC = [
    "APERTUS_ENV",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "CSRF_TRUSTED_ORIGINS",
    "DEFAULT_FROM_EMAIL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
]
ENVIRONMENT_SECRET = ["SECRET_KEY", "DATABASE_URL", "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD", "REDIS_URL"]
KEY_USES = (
    "sessions (everyone signs in again), password-reset and e-mail confirmation links, "
    "the keyed hashes of consent IP addresses (apertus.accounts.privacy)"
)


class BackupError(Exception):
    """The backup cannot be made, or a backup is incomplete, corrupt or unsuitable for this server."""


def _text(value) -> str:
    kind = type(value)  # the usual kinds first: every value of every row passes here
    if kind is str:
        return value
    if kind is int or kind is float:
        return str(value)
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, UUID):
        return value.hex
    return str(value)


def row_digest(row) -> int:
    return int.from_bytes(hashlib.sha256("\x1f".join(_text(v) for v in row).encode()).digest(), "big")


def table_fingerprints(connection) -> dict[str, dict]:
    """{table: {"rows": n, "hash": hex}} for every table of ``connection``, streamed."""
    result = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names come from introspection
            rows, total = 0, 0
            while batch := cursor.fetchmany(2000):
                for row in batch:
                    total = (total + row_digest(row)) % _MOD
                rows += len(batch)
            result[table] = {"rows": rows, "hash": f"{total:064x}"}
    return result


def compare_tables(expected: dict, found: dict) -> list[str]:
    problems = []
    for table, want in sorted(expected.items()):
        got = found.get(table)
        if got is None:
            problems.append(f"table {table}: missing")
        elif got["rows"] != want["rows"]:
            problems.append(f"table {table}: {got['rows']} rows, the backup has {want['rows']}")
        elif got["hash"] != want["hash"]:
            problems.append(f"table {table}: same row count, different content")
    problems.extend(f"table {table}: not in the backup" for table in sorted(set(found) - set(expected)))
    return problems


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_hashed(source: Path, target: Path) -> tuple[int, str]:
    """Copy ``source`` to ``target`` (fsynced), hashing what was written. Returns (size, sha256)."""
    digest, size = hashlib.sha256(), 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(source, "rb") as src, open(target, "wb") as dst:
        while chunk := src.read(CHUNK):
            dst.write(chunk)
            digest.update(chunk)
            size += len(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    return size, digest.hexdigest()


def fsync_tree(root: Path) -> None:
    """fsync every directory under ``root`` (files are fsynced when written), then ``root``'s parent."""
    for folder, _dirs, _files in os.walk(root, topdown=False):
        fsync_dir(Path(folder))
    fsync_dir(root.parent)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def secret_fingerprint(secret: str) -> str:
    """Tells whether two servers share a secret key without revealing it."""
    return hmac.new(secret.encode(), b"apertus-backup-secret-key-fingerprint", hashlib.sha256).hexdigest()


def _commit() -> str:
    try:
        out = subprocess.run(  # noqa: S603
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def environment() -> dict:
    public = {name: os.environ[name] for name in ENVIRONMENT_PUBLIC if name in os.environ}
    return {
        "values": public,
        # The secret key always matters; the others only where this server had them set.
        "secrets_to_set": ["SECRET_KEY", *(name for name in ENVIRONMENT_SECRET[1:] if os.environ.get(name))],
        "secret_key_used_for": KEY_USES,
        "media_root": "MEDIA_ROOT (restored from media/)",
    }


def software() -> dict:
    return {"python": platform.python_version(), "django": django.get_version(), "commit": _commit()}


def write_json(path: Path, data: dict) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, ensure_ascii=False, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupError(f"{folder} no es una carpeta / is not a folder")
    if not path.is_file():
        raise BackupError(
            f"{folder} no tiene {MANIFEST}: la copia está incompleta o no es una copia de Apertus / "
            f"has no {MANIFEST}: the backup is partial or not an Apertus backup"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{MANIFEST} está dañado / is corrupt ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} no describe una copia de Apertus / does not describe an Apertus backup")
    if manifest.get("version") != VERSION:
        raise BackupError(f"formato de copia {manifest.get('version')!r} no soportado / unsupported backup format")
    return manifest
