"""Backup and restore of a whole Apertus instance: database, uploaded files, and what travels with them.

A backup is one folder::

    manifest.json       engine, versions, migrations, every table's row count and content hash,
                        every media file's size and SHA-256, the environment to set again
    database.sqlite3    (SQLite) or database.dump (PostgreSQL, pg_dump custom format)
    media/              a copy of MEDIA_ROOT
    secret_key          only with --include-secret (mode 0600)

It is written into a hidden temporary folder beside the target, fsynced, and renamed into place
last: a folder with that name is always complete. ``restore`` checks every file against the
manifest before touching anything, refuses a non-empty database or media folder unless forced,
and compares every table with the manifest again once the database is back.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from apertus.core.backup import database
from apertus.core.backup.manifest import (
    FORMAT,
    MANIFEST,
    MEDIA_DIR,
    SECRET_FILE,
    VERSION,
    BackupError,
    compare_tables,
    copy_hashed,
    environment,
    file_sha256,
    fsync_tree,
    read_manifest,
    secret_fingerprint,
    software,
    table_fingerprints,
    write_json,
)

__all__ = ["BackupError", "backup_create", "backup_restore"]


def backup_create(folder: Path, *, include_secret: bool = False, using: str = "default") -> dict:
    """Write a complete backup to ``folder`` (which must not exist yet). Returns the manifest."""
    folder = Path(folder).absolute()
    if folder.exists():
        raise BackupError(f"{folder} ya existe; elige una carpeta nueva / already exists; choose a new folder")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.with_name(f".{folder.name}.partial-{os.getpid()}")
    staging.mkdir(mode=0o700)  # personal data: readable by the operator only
    try:
        manifest = _write(staging, include_secret=include_secret, using=using)
        fsync_tree(staging)
        os.rename(staging, folder)
        fsync_tree(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _write(staging: Path, *, include_secret: bool, using: str) -> dict:
    connection = connections[using]
    engine = database.engine_of(connection)
    started = time.monotonic()
    # The database first: a file it names was uploaded before the snapshot, so it is copied below.
    dumped = (database.sqlite_dump if engine == "sqlite" else database.postgres_dump)(connection, staging)
    dumped["sha256"] = file_sha256(staging / dumped["file"])
    dumped["size"] = (staging / dumped["file"]).stat().st_size
    dumped["engine"] = engine
    media = _copy_media(Path(settings.MEDIA_ROOT), staging / MEDIA_DIR)
    secret = {"fingerprint": secret_fingerprint(settings.SECRET_KEY), "included": include_secret}
    if include_secret:
        path = staging / SECRET_FILE
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(settings.SECRET_KEY + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "seconds": round(time.monotonic() - started, 2),
        "software": software(),
        "database": dumped,
        "migrations": _applied_migrations(connection),
        "media": media,
        "secret_key": secret,
        "environment": environment(),
    }
    write_json(staging / MANIFEST, manifest)  # last: its presence means everything above is there
    return manifest


def _copy_media(root: Path, target: Path) -> dict:
    files, total = {}, 0
    target.mkdir()
    if root.is_dir():
        for folder, dirs, names in os.walk(root):
            dirs.sort()
            for name in sorted(names):
                source = Path(folder) / name
                if source.is_symlink() or not source.is_file():
                    continue
                relative = source.relative_to(root).as_posix()
                size, sha256 = copy_hashed(source, target / relative)
                files[relative] = {"size": size, "sha256": sha256}
                total += size
    return {"files": files, "count": len(files), "bytes": total}


def _applied_migrations(connection) -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


# --- Restore ------------------------------------------------------------------------------------


def backup_verify(folder: Path) -> dict:
    """Check that ``folder`` is a complete, intact backup. Returns its manifest."""
    folder = Path(folder).absolute()
    manifest = read_manifest(folder)
    problems = []
    dump = manifest["database"]
    path = folder / dump["file"]
    if not path.is_file():
        problems.append(f"{dump['file']}: missing")
    elif path.stat().st_size != dump["size"] or file_sha256(path) != dump["sha256"]:
        problems.append(f"{dump['file']}: size or SHA-256 differs from the manifest")
    for relative, meta in manifest["media"]["files"].items():
        path = folder / MEDIA_DIR / relative
        if not path.is_file():
            problems.append(f"media/{relative}: missing")
        elif path.stat().st_size != meta["size"] or file_sha256(path) != meta["sha256"]:
            problems.append(f"media/{relative}: size or SHA-256 differs from the manifest")
    if manifest["secret_key"].get("included") and not (folder / SECRET_FILE).is_file():
        problems.append(f"{SECRET_FILE}: missing")
    if problems:
        shown = "\n  ".join(problems[:20]) + (f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else "")
        raise BackupError(
            f"la copia está dañada o incompleta; no se restauró nada / the backup is corrupt or "
            f"partial; nothing was restored:\n  {shown}"
        )
    return manifest


def backup_restore(folder: Path, *, force: bool = False, using: str = "default", connection=None) -> dict:
    """Restore the backup in ``folder`` into the database ``using`` and MEDIA_ROOT.

    Returns a report: tables and files restored, and warnings (secret key, pending migrations).
    Nothing is changed unless the backup is intact, of the same engine, not newer than the code,
    and the target is empty (or ``force``).
    """
    folder = Path(folder).absolute()
    manifest = backup_verify(folder)
    connection = connection or connections[using]
    engine = database.engine_of(connection)
    if manifest["database"]["engine"] != engine:
        raise BackupError(
            f"la copia es de {manifest['database']['engine']} y esta base es {engine} / the backup is "
            f"{manifest['database']['engine']} and this database is {engine}"
        )
    unknown = sorted(set(manifest["migrations"]) - _known_migrations())
    if unknown:
        raise BackupError(
            "la copia viene de una versión más nueva de Apertus; instala esa versión primero / the "
            "backup comes from a newer Apertus; install that version first: " + ", ".join(unknown[:10])
        )
    media_root = Path(settings.MEDIA_ROOT)
    busy = database.user_tables_with_rows(connection)
    media_busy = media_root.is_dir() and any(media_root.iterdir())
    if (busy or media_busy) and not force:
        what = (["database: " + ", ".join(busy[:5]) + ("…" if len(busy) > 5 else "")] if busy else []) + (
            [f"media: {media_root}"] if media_busy else []
        )
        raise BackupError(
            "el destino no está vacío; usa --force para reemplazarlo / the target is not empty; use "
            "--force to replace it (" + "; ".join(what) + ")"
        )
    staged_media = _stage_media(folder, manifest, media_root)
    try:
        source = folder / manifest["database"]["file"]
        expected = manifest["database"]["tables"]
        if engine == "sqlite":
            database.sqlite_load(connection, source, expected, compare_tables)
        else:
            database.postgres_load(connection, source)
        problems = compare_tables(expected, table_fingerprints(connection))
        if problems:
            raise BackupError(
                "la base restaurada no coincide con el manifiesto / the restored database does not "
                "match the manifest:\n  " + "\n  ".join(problems[:20])
            )
    except BaseException:
        shutil.rmtree(staged_media, ignore_errors=True)
        raise
    kept = _swap_media(staged_media, media_root)
    return _report(manifest, kept)


def _known_migrations() -> set[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def _pending_migrations(applied: set[str]) -> list[str]:
    """The migrations the code has and ``applied`` lacks. A squashed migration counts as applied when
    every migration it replaces is (a database migrated before the squash existed records only those)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    pending = []
    for (app, name), migration in loader.disk_migrations.items():
        replaced = {f"{a}.{n}" for a, n in migration.replaces}
        if f"{app}.{name}" not in applied and not (replaced and replaced <= applied):
            pending.append(f"{app}.{name}")
    return sorted(pending)


def _stage_media(folder: Path, manifest: dict, media_root: Path) -> Path:
    """Copy the backup's files beside MEDIA_ROOT, checking each hash as it is written."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = media_root.with_name(f".{media_root.name}.restoring-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for relative, meta in manifest["media"]["files"].items():
            if Path(relative).is_absolute() or ".." in Path(relative).parts:
                raise BackupError(f"media/{relative}: ruta no válida / invalid path")
            _size, sha256 = copy_hashed(folder / MEDIA_DIR / relative, staging / relative)
            if sha256 != meta["sha256"]:
                raise BackupError(f"media/{relative}: SHA-256 changed while copying")
        fsync_tree(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _swap_media(staged: Path, media_root: Path) -> Path | None:
    """Put the restored files in place; what was there before is kept aside, never deleted."""
    kept = None
    if media_root.exists():
        if media_root.is_dir() and not any(media_root.iterdir()):
            media_root.rmdir()
        else:
            kept = media_root.with_name(f"{media_root.name}.before-restore-{timezone.now():%Y%m%d-%H%M%S}")
            os.rename(media_root, kept)
    os.rename(staged, media_root)
    fsync_tree(media_root)
    return kept


def _report(manifest: dict, kept: Path | None) -> dict:
    warnings = []
    secret = manifest["secret_key"]
    if secret["fingerprint"] != secret_fingerprint(settings.SECRET_KEY):
        where = (
            f"the backup's {SECRET_FILE} file"
            if secret.get("included")
            else "the original server's SECRET_KEY (not in this backup)"
        )
        warnings.append(
            f"SECRET_KEY differs from the backed-up server's: set it from {where}; otherwise these stop "
            f"working: {manifest['environment']['secret_key_used_for']}."
        )
    pending = _pending_migrations(set(manifest["migrations"]))
    if pending:
        warnings.append(f"{len(pending)} migration(s) newer than the backup: run `manage.py migrate` now.")
    if kept is not None:
        warnings.append(f"the previous media folder was kept at {kept}")
    tables = manifest["database"]["tables"]
    return {
        "tables": len(tables),
        "rows": sum(t["rows"] for t in tables.values()),
        "files": manifest["media"]["count"],
        "bytes": manifest["media"]["bytes"],
        "warnings": warnings,
    }
