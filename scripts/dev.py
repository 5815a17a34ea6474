"""Developer entry point behind `make run` and `make test`.

It finds a database (``DATABASE_URL`` when set, otherwise a private PostgreSQL 16 from the
``pgserver`` wheel with its data under ``var/``), prepares the project and then serves it or
runs the test suite. Whatever it started, it stops again on exit or Ctrl-C.

Only the standard library is imported at module level so that a broken environment still
produces a readable message instead of a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PGDATA = VAR / "pgdata"
DB_NAME = "sunshine"
PG_SYSTEM_USER = "sunshine-pg"  # PostgreSQL refuses to run as root; as root we run it as this user
PYTHON = sys.executable


class SetupError(Exception):
    """A problem the developer can fix; printed without a traceback."""


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


# --------------------------------------------------------------------------- database


def _socket_dir() -> Path:
    # Unix socket paths are limited to ~107 bytes; fall back to /tmp for deep checkouts.
    preferred = VAR / "pgrun"
    if len(str(preferred)) + len("/.s.PGSQL.5432") < 100:
        return preferred
    digest = hashlib.sha1(str(ROOT).encode(), usedforsecurity=False).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"sunshine-pg-{digest}"


def _pg_bin() -> Path:
    # Locate the binaries without importing pgserver (its import has side effects).
    import importlib.util

    spec = importlib.util.find_spec("pgserver")
    binaries = (
        Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
        if spec and spec.submodule_search_locations
        else None
    )
    if binaries is None or not (binaries / "pg_ctl").exists():
        raise SetupError(
            "DATABASE_URL is not set and the embedded PostgreSQL (the 'pgserver' package) "
            "is not installed.\n"
            "    Either set DATABASE_URL=postgresql://USER:PASSWORD@HOST:5432/DBNAME, "
            "or run `make install` to install the development dependencies."
        )
    return binaries


def _run_as_pg_user() -> dict:
    """subprocess keyword arguments that drop root privileges for the PostgreSQL binaries."""
    if os.name != "posix" or os.geteuid() != 0:
        return {}
    import pwd

    try:
        pwd.getpwnam(PG_SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--shell",
                "/usr/sbin/nologin",
                PG_SYSTEM_USER,
            ],
            check=True,
            capture_output=True,
        )
    return {"user": PG_SYSTEM_USER, "group": PG_SYSTEM_USER}


def _prepare_dirs_for(user_kwargs: dict, *paths: Path) -> None:
    for path in paths:
        path.mkdir(parents=True, exist_ok=True)
        # Trust authentication: only the server's own user may reach the socket and data.
        path.chmod(0o700)
    if not user_kwargs:
        return
    # The unprivileged PostgreSQL user must be able to traverse to its folders and run the
    # binaries inside the virtualenv: add o+x on every parent (never write permission).
    import pwd

    entry = pwd.getpwnam(user_kwargs["user"])
    for path in paths:
        for parent in path.parents:
            mode = parent.stat().st_mode
            if not mode & 0o001:
                parent.chmod(mode | 0o001)
        shutil.chown(path, entry.pw_uid, entry.pw_gid)
        path.chmod(0o700)


def _pg(binary: str, args: list[str], user_kwargs: dict, check: bool = True, **kw):
    return subprocess.run(
        [str(_pg_bin() / binary), *args],
        check=check,
        capture_output=True,
        text=True,
        **user_kwargs,
        **kw,
    )


def embedded_url() -> str:
    sock = _socket_dir()
    return f"postgresql://postgres@{quote(str(sock), safe='')}/{DB_NAME}"


def embedded_running() -> bool:
    if not (PGDATA / "PG_VERSION").exists():
        return False
    result = _pg("pg_ctl", ["-D", str(PGDATA), "status"], _run_as_pg_user(), check=False)
    return result.returncode == 0


def shared_buffers() -> str:
    """PostgreSQL's own cache. Its default (128 MB) is for tiny machines; on these the kernel
    reclaims its file cache aggressively, so a catalogue of a million items read through
    128 MB goes to disk on most requests. SUNSHINE_PG_SHARED_BUFFERS overrides (e.g. 256MB)."""
    value = os.environ.get("SUNSHINE_PG_SHARED_BUFFERS", "").strip() or "2GB"
    if not value.replace("MB", "").replace("GB", "").replace("kB", "").isdigit():
        raise SetupError(f"SUNSHINE_PG_SHARED_BUFFERS must look like 512MB or 2GB (got {value!r}).")
    return value


def start_embedded() -> bool:
    """Start the private server; return True when this call started it."""
    user_kwargs = _run_as_pg_user()
    sock = _socket_dir()
    _prepare_dirs_for(user_kwargs, PGDATA, sock)
    log = VAR / "postgresql.log"
    if not (PGDATA / "PG_VERSION").exists():
        say(f"Initialising the embedded PostgreSQL in {PGDATA.relative_to(ROOT)}/")
        res = _pg(
            "initdb",
            [
                "-D",
                str(PGDATA),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8" if sys.platform.startswith("linux") else "--no-locale",
            ],
            user_kwargs,
            check=False,
        )
        if res.returncode != 0:
            raise SetupError(f"initdb failed:\n{res.stderr.strip()}")
    if embedded_running():
        say("The embedded PostgreSQL is already running; reusing it.")
        return False
    if log.exists() and user_kwargs:
        log.unlink()
    if user_kwargs:
        log.touch()
        shutil.chown(log, user_kwargs["user"], user_kwargs["group"])
    say("Starting the embedded PostgreSQL (unix socket only, no TCP port)")
    res = _pg(
        "pg_ctl",
        [
            "-D",
            str(PGDATA),
            "-w",
            "-t",
            "60",
            "-l",
            str(log),
            "-o",
            f"-h '' -k {sock} -c shared_buffers={shared_buffers()}",
            "start",
        ],
        user_kwargs,
        check=False,
    )
    if res.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else res.stderr
        raise SetupError(f"The embedded PostgreSQL did not start:\n{tail.strip()}")
    exists = _pg(
        "psql",
        [
            "-h",
            str(sock),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'",  # noqa: S608 - constant
        ],
        user_kwargs,
        check=False,
    )
    if exists.stdout.strip() != "1":
        _pg("createdb", ["-h", str(sock), "-U", "postgres", DB_NAME], user_kwargs)
    return True


def stop_embedded() -> None:
    if not (PGDATA / "PG_VERSION").exists():
        return
    say("Stopping the embedded PostgreSQL")
    _pg("pg_ctl", ["-D", str(PGDATA), "-w", "-m", "fast", "stop"], _run_as_pg_user(), check=False)


def check_database(url: str) -> None:
    """Connect once; create the database when the server answers but it does not exist yet."""
    try:
        import dj_database_url
        import psycopg
        from psycopg import sql
    except ImportError as exc:
        raise SetupError(f"psycopg is not installed ({exc}); run `make install`.") from exc
    cfg = dj_database_url.parse(url)
    params = {
        "user": cfg["USER"] or None,
        "password": cfg["PASSWORD"] or None,
        "host": cfg["HOST"] or None,
        "port": cfg["PORT"] or None,
        "connect_timeout": 5,
    }
    try:
        psycopg.connect(dbname=cfg["NAME"], **params).close()
        return
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            raise SetupError(
                f"Cannot connect to the database in DATABASE_URL ({str(exc).strip()}).\n"
                "    Check that PostgreSQL is running and the URL is right, or unset "
                "DATABASE_URL to use the embedded server."
            ) from exc
    try:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))
        say(f"Created the database {cfg['NAME']}")
    except psycopg.Error as exc:
        raise SetupError(
            f"The database {cfg['NAME']!r} does not exist and could not be created "
            f"({str(exc).strip()}). Create it, or point DATABASE_URL at an existing one."
        ) from exc


def acquire_database() -> bool:
    """Set DATABASE_URL for child processes; return True when we started a server."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        check_database(url)
        say("Using the database in DATABASE_URL")
        return False
    started = start_embedded()
    os.environ["DATABASE_URL"] = embedded_url()
    # pg_dump/pg_restore must match the server's major version: use the embedded server's.
    os.environ.setdefault("PG_BIN", str(_pg_bin()))
    check_database(os.environ["DATABASE_URL"])
    return started


# --------------------------------------------------------------------------- commands


def manage(*args: str) -> None:
    subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], check=True, cwd=ROOT)


def local_secret_key() -> str:
    path = VAR / "secret_key"
    if not path.exists():
        VAR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def local_environment() -> None:
    """A local, production-like configuration: DEBUG off, real static pipeline, plain HTTP."""
    os.environ.setdefault("SECRET_KEY", local_secret_key())
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
    os.environ.setdefault("HTTPS", "0")
    os.environ.setdefault("MEDIA_ROOT", str(VAR / "media"))


def cmd_backup(output: str) -> int:
    local_environment()
    manage("backup", "--output", output)
    return 0


def cmd_restore(folder: str) -> int:
    local_environment()
    manage("restore", folder)
    return 0


def cmd_run(port: str, *, setup: bool = True) -> int:
    local_environment()
    if setup:
        say("Applying migrations")
        # The cache table first: the data migrations publish memo versions in the cache (a
        # warning with a traceback for each while the table is missing).
        manage("createcachetable")
        manage("migrate", "--noinput", "-v", "0")
        say("Loading the demo data")
        manage("seed_demo")
        say("Collecting static files")
        manage("collectstatic", "--noinput", "-v", "0")
    return serve(port)


# Workers are recycled after this many requests (with jitter, so they do not all restart
# together): memory stays bounded however a crawl hits the PDF and export pages.
MAX_REQUESTS = os.environ.get("GUNICORN_MAX_REQUESTS", "1000")
MAX_REQUESTS_JITTER = os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100")
# Requests in flight get this long to finish on Ctrl-C, then the whole group is killed.
GRACEFUL_SECONDS = 5
KILL_WAIT_SECONDS = 5


def port_is_free(host: str, port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group; from /proc where there is one."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return []
        return [pgid]
    members = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the command name (which may contain spaces): state ppid pgrp ...
        state, _ppid, pgrp = stat.rpartition(")")[2].split()[:3]
        if int(pgrp) == pgid and state != "Z":
            members.append(int(entry.name))
    return members


def _wait_for_group(pgid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not group_members(pgid):
            return True
        time.sleep(0.1)
    return not group_members(pgid)


def stop_group(proc: subprocess.Popen, *, graceful: float = GRACEFUL_SECONDS + 2) -> None:
    """Stop gunicorn and every worker: SIGTERM to the master (graceful), then SIGKILL to the
    whole process group for whatever is left (a worker stuck in a request, an orphan)."""
    pgid = proc.pid  # started as the leader of its own session and group
    # A second Ctrl-C must not cut the stop short and leave a worker holding the port.
    with contextlib.suppress(ValueError):  # ValueError: not the main thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=graceful)
    if not _wait_for_group(pgid, 0.5):
        say("Some gunicorn processes did not stop in time; killing them")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        _wait_for_group(pgid, KILL_WAIT_SECONDS)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=KILL_WAIT_SECONDS)
    left = group_members(pgid)
    if left:
        print(f"WARNING: processes {left} of the web server are still running.", file=sys.stderr)


def serve(port: str) -> int:
    """Serve with gunicorn until it exits or Ctrl-C; every process it started is gone after."""
    bind = f"127.0.0.1:{port}"
    if not port_is_free("127.0.0.1", int(port)):
        raise SetupError(
            f"Port {port} is in use (another `make run`, or a process left over from one).\n"
            f"    Stop it, or serve on another port: PORT=8001 make run"
        )
    gunicorn = [
        PYTHON,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        "--bind",
        bind,
        "--worker-class",
        "gthread",
        "--workers",
        os.environ.get("WEB_CONCURRENCY", "2"),
        "--threads",
        os.environ.get("GUNICORN_THREADS", "4"),
        "--max-requests",
        MAX_REQUESTS,
        "--max-requests-jitter",
        MAX_REQUESTS_JITTER,
        "--graceful-timeout",
        str(GRACEFUL_SECONDS),
        "--access-logfile",
        "-",
    ]
    # Its own process group: Ctrl-C reaches only this script, which then stops the server in
    # order (gunicorn, then the database) instead of every process racing on its own.
    proc = subprocess.Popen(gunicorn, cwd=ROOT, start_new_session=True)
    try:
        for _ in range(30):
            if proc.poll() is not None:
                raise SetupError(f"gunicorn exited at once (exit {proc.returncode}).")
            if not port_is_free("127.0.0.1", int(port)):
                break
            time.sleep(0.2)
        print(
            f"""
============================================================
 阳光政务公开平台 is running:  http://{bind}/
 管理后台 (staff):              http://{bind}/admin/

 Demo accounts (password for all: {demo_password()}):
   admin        超级管理员 (all organisations)
   mzj_xxy      民政局 信息员 (drafts items)
   mzj_shy      民政局 审核员 (reviews and publishes)
   mzj_jbr      民政局 依申请经办人 (handles applications)
   mzj_zg       民政局 主管 (supervisor)
   czj_zg       财政局 主管
   tyjrj_zg     退役军人事务局 主管
 Press Ctrl-C to stop.
============================================================
""",
            flush=True,
        )
        return proc.wait()
    except KeyboardInterrupt:
        say("Stopping the web server")
        return 0
    finally:
        stop_group(proc)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", "Sunshine-2026")


def cmd_test(pytest_args: list[str]) -> int:
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-" + "x" * 20)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("HTTPS", "0")
    result = subprocess.run([PYTHON, "-m", "pytest", *pytest_args], cwd=ROOT, check=False)
    if result.returncode == 5:
        print("pytest collected no tests: that is a failure here.", file=sys.stderr)
        return 1
    return result.returncode


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scripts/dev.py")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="prepare and serve the portal with gunicorn")
    run.add_argument("--port", default=os.environ.get("PORT", "8000"))
    run.add_argument(
        "--no-setup",
        action="store_true",
        help="serve the database as it is (no migrate, demo data or collectstatic)",
    )
    test = sub.add_parser("test", help="run the test suite")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER)
    backup = sub.add_parser("backup", help="back up the database and uploaded files")
    backup.add_argument("--output", default=str(VAR / "backups"))
    restore = sub.add_parser("restore", help="restore a backup into an empty database")
    restore.add_argument("folder")
    sub.add_parser("db-start", help="start the embedded PostgreSQL and print its URL")
    sub.add_parser("db-stop", help="stop the embedded PostgreSQL")
    sub.add_parser("db-url", help="print the URL of the embedded PostgreSQL")
    args = parser.parse_args(argv)

    if args.command == "db-url":
        print(embedded_url())
        return 0
    if args.command == "db-stop":
        stop_embedded()
        return 0
    if args.command == "db-start":
        start_embedded()
        print(embedded_url())
        return 0

    # A process manager or a closed terminal stops us like Ctrl-C does: in order.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGHUP, _interrupt)
    started = False
    try:
        started = acquire_database()
        if args.command == "run":
            return cmd_run(args.port, setup=not args.no_setup)
        if args.command == "backup":
            return cmd_backup(args.output)
        if args.command == "restore":
            return cmd_restore(args.folder)
        return cmd_test([a for a in args.pytest_args if a != "--"])
    except SetupError as exc:
        print(f"\nERROR: {exc}\n", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(
            f"\nERROR: {' '.join(map(str, exc.cmd))} failed (exit {exc.returncode}).",
            file=sys.stderr,
        )
        return exc.returncode or 1
    except KeyboardInterrupt:
        return 130
    finally:
        if started:
            stop_embedded()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
