"""Production settings refuse to start without their secrets (run in a fresh interpreter)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "gk.example.gov.cn",
    "DATABASE_URL": "postgresql://u:p@db.example:5432/portal",
}


def load_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, "HTTPS"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','portal.settings');"
            "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS, "
            "settings.SESSION_COOKIE_SECURE, settings.X_FRAME_OPTIONS, settings.DEBUG)",
        ],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_complete_production_environment_loads_with_security_on():
    result = load_settings(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "DENY", "False"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = load_settings(env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_debug_defaults_to_off():
    env = {k: v for k, v in PRODUCTION.items() if k != "DEBUG"}
    result = load_settings(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "False"


def test_a_non_postgresql_database_is_refused():
    result = load_settings({**PRODUCTION, "DATABASE_URL": "sqlite:///db.sqlite3"})
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_manage_py_prints_one_line_instead_of_a_traceback():
    clean = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, "HTTPS"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={**clean, "DEBUG": "0"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Configuration error: SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr
