"""manage.py backup writes the database and the uploaded files with checksums; manage.py
restore rebuilds them into a fresh database, with the same rows and the same files."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from disclosures import services as disclosure_services
from portal import backups
from requests_app import services as request_services
from tests.disclosures import samples
from tests.disclosures.factories import DraftFactory, author_of
from tests.factories import OrganisationFactory
from tests.requests_app.test_public_views import PNG, natural

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def checksums(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def row_counts(conn) -> dict[str, int]:
    tables = [
        r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    ]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def portal_with_uploads():
    org = OrganisationFactory(name="测试县民政局", slug="mzj")
    item = DraftFactory(organisation=org, actor=author_of(org))
    disclosure_services.add_attachment(
        actor=item.created_by,
        disclosure=item,
        upload=SimpleUploadedFile("名单.pdf", samples.make_pdf("复核名单")),
    )
    data = {
        k: v for k, v in natural().items() if k not in {"applicant_kind", "password", "password2"}
    }
    request_services.submit_application(
        organisation=org,
        data=data,
        query_password="chaxun123",
        id_proof=SimpleUploadedFile("身份证.png", PNG),
    )


@pytest.fixture
def fresh_database():
    cfg = connection.settings_dict
    name = f"{cfg['NAME']}_restore"
    params = {"host": cfg["HOST"] or None, "port": cfg["PORT"] or None, "user": cfg["USER"]}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql://{cfg['USER']}@{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{name}"
    yield url, lambda: psycopg.connect(dbname=name, **params)
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root), "DEBUG": "1"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(
    tmp_path, fresh_database
):
    portal_with_uploads()
    call_command("backup", output=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert len(manifest["media"]) == 2  # the attachment and the (private) ID proof
    assert oct(folder.stat().st_mode & 0o777) == "0o700"

    url, connect = fresh_database
    restored_media = tmp_path / "restored-media"
    result = manage("restore", str(folder), database_url=url, media_root=restored_media)
    assert result.returncode == 0, result.stderr
    assert "恢复完成" in result.stdout

    with (
        psycopg.connect(
            dbname=connection.settings_dict["NAME"],
            host=connection.settings_dict["HOST"] or None,
            port=connection.settings_dict["PORT"] or None,
            user=connection.settings_dict["USER"],
        ) as source,
        connect() as restored,
    ):
        assert row_counts(restored) == row_counts(source)
        assert row_counts(restored)["requests_app_application"] == 1
    assert checksums(restored_media) == checksums(Path(settings.MEDIA_ROOT))
    # The restored database is a complete portal schema: no migration is missing.
    check = manage("migrate", "--check", database_url=url, media_root=restored_media)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path):
    portal_with_uploads()
    call_command("backup", output=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    damaged = next(p for p in (folder / "media").rglob("*") if p.is_file())
    damaged.write_bytes(damaged.read_bytes() + b"x")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(folder))


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    call_command("backup", output=str(tmp_path / "backups"))
    (folder,) = (tmp_path / "backups").iterdir()
    with pytest.raises(backups.BackupError, match="not empty"):
        backups.restore_backup(folder=folder, progress=lambda _: None)
