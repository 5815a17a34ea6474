"""Backups that restore: a pg_dump (custom format) of one database snapshot, the uploaded files
(MEDIA_ROOT, private uploads included) and a manifest with SHA-256 checksums and row counts.

The row counts are taken in the same snapshot that pg_dump exports (REPEATABLE READ and
``pg_dump --snapshot``), so a restore can be checked against them exactly. Files are copied
after the snapshot: every upload has a fresh random name and is never rewritten, so a file the
database refers to is either copied as it was or was deleted after the snapshot.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from kernel.checksums import sha256_of

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why and what to do."""


def _pg_env() -> dict[str, str]:
    """libpq's variables for the default database (no password on a command line)."""
    cfg = settings.DATABASES["default"]
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if cfg.get(key):
            env[name] = str(cfg[key])
    if cfg.get("PASSWORD"):
        env["PGPASSWORD"] = str(cfg["PASSWORD"])
    env["PGDATABASE"] = cfg["NAME"]
    return env


def pg_tool(name: str) -> str:
    """pg_dump/pg_restore: from PG_BIN (scripts/dev.py sets it to the embedded server's
    binaries when DATABASE_URL is unset), else from PATH."""
    bin_dir = os.environ.get("PG_BIN", "").strip()
    path = Path(bin_dir) / name if bin_dir else shutil.which(name)
    if not path or not Path(path).exists():
        raise BackupError(
            f"{name} was not found. Install the PostgreSQL client of the server's major version "
            "(e.g. apt-get install postgresql-client-15), or set PG_BIN to its directory."
        )
    return str(path)


def _major_of_tool(tool: str) -> int:
    out = subprocess.run([tool, "--version"], capture_output=True, text=True, check=True).stdout
    return int(out.split()[-1].split(".")[0])


def server_major() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _check_tool_version(tool: str) -> None:
    tool_major, server = _major_of_tool(tool), server_major()
    if tool_major != server:
        raise BackupError(
            f"{Path(tool).name} is version {tool_major} but the server runs PostgreSQL {server}; "
            f"use the client of version {server} (set PG_BIN to its bin directory)."
        )


def table_counts(cursor) -> dict[str, int]:
    """Rows of every table in the public schema, in the cursor's transaction."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


Progress = Callable[[str], None]


@dataclass
class BackupResult:
    path: Path
    recovery_point: str
    seconds: float
    files: int
    bytes: int


def create_backup(*, output: Path, progress: Progress = print) -> BackupResult:
    """Write a backup folder under ``output``; return where and the recovery point."""
    started = time.monotonic()
    pg_dump = pg_tool("pg_dump")
    _check_tool_version(pg_dump)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    target = Path(output) / f"sunshine-backup-{stamp}"
    target.mkdir(parents=True, exist_ok=False)
    target.chmod(0o700)  # applicants' ID proofs and personal data are inside
    progress("1/3 数据库快照与导出（pg_dump）…")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot(), now()")
        snapshot, snapshot_at = cursor.fetchone()
        counts = table_counts(cursor)
        result = subprocess.run(
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--file", str(target / DUMP)],
            env=_pg_env(),
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    dump_size = (target / DUMP).stat().st_size
    progress(f"    数据库导出完成：{len(counts)}张表，{dump_size / 1024 / 1024:.1f} MB")
    media_root = Path(settings.MEDIA_ROOT)
    files = _media_files(media_root)
    progress(f"2/3 复制上传文件（{len(files)}个）…")
    entries = []
    total = 0
    for number, source in enumerate(files, 1):
        relative = source.relative_to(media_root)
        copy = target / MEDIA / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)
        size = copy.stat().st_size
        total += size
        entries.append({"path": relative.as_posix(), "size": size, "sha256": sha256_of(copy)})
        if number % 500 == 0 or number == len(files):
            progress(f"    {number}/{len(files)}")
    progress("3/3 写入清单（SHA-256 校验值）…")
    manifest = {
        "format": FORMAT_VERSION,
        "recovery_point": timezone.localtime(snapshot_at).isoformat(),
        "database": {
            "file": DUMP,
            "sha256": sha256_of(target / DUMP),
            "size": dump_size,
            "server_major": server_major(),
            "tables": counts,
        },
        "media": entries,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return BackupResult(
        target,
        timezone.localtime(snapshot_at).isoformat(),
        time.monotonic() - started,
        len(entries),
        total,
    )


def read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} is not a backup made by `manage.py backup` ({exc}).") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def verify(folder: Path, manifest: dict, progress: Progress = print) -> None:
    """Every file of the backup is there with its recorded checksum."""
    progress("校验备份文件（SHA-256）…")
    bad = []
    if sha256_of(folder / DUMP) != manifest["database"]["sha256"]:
        bad.append(DUMP)
    for entry in manifest["media"]:
        path = folder / MEDIA / entry["path"]
        if not path.is_file() or sha256_of(path) != entry["sha256"]:
            bad.append(entry["path"])
    if bad:
        raise BackupError(f"The backup is damaged; wrong or missing: {', '.join(bad[:10])}")


@dataclass
class RestoreResult:
    recovery_point: str
    seconds: float
    tables: int
    files: int


def restore_backup(*, folder: Path, progress: Progress = print) -> RestoreResult:
    """Rebuild the portal from ``folder`` into the (empty) default database and MEDIA_ROOT."""
    started = time.monotonic()
    folder = Path(folder)
    manifest = read_manifest(folder)
    verify(folder, manifest, progress)
    pg_restore = pg_tool("pg_restore")
    _check_tool_version(pg_restore)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        if cursor.fetchone()[0]:
            raise BackupError(
                "The target database is not empty. Restore into a new, empty database "
                "(createdb NAME, then DATABASE_URL=... manage.py restore)."
            )
    connection.close()  # pg_restore works in its own session
    progress("1/3 恢复数据库（pg_restore）…")
    result = subprocess.run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            settings.DATABASES["default"]["NAME"],
            str(folder / DUMP),
        ],
        env=_pg_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    media_root = Path(settings.MEDIA_ROOT)
    entries = manifest["media"]
    progress(f"2/3 恢复上传文件（{len(entries)}个）到 {media_root} …")
    for number, entry in enumerate(entries, 1):
        source = folder / MEDIA / entry["path"]
        target = media_root / entry["path"]
        if target.exists() and sha256_of(target) != entry["sha256"]:
            raise BackupError(f"{target} already exists with other content; not overwritten.")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        if number % 500 == 0 or number == len(entries):
            progress(f"    {number}/{len(entries)}")
    progress("3/3 核对各表行数…")
    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    expected = manifest["database"]["tables"]
    if counts != expected:
        differing = sorted(
            t for t in expected.keys() | counts.keys() if counts.get(t) != expected.get(t)
        )
        raise BackupError(f"Row counts differ after restore: {', '.join(differing[:10])}")
    return RestoreResult(
        manifest["recovery_point"], time.monotonic() - started, len(counts), len(entries)
    )
