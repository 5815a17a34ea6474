"""`make cluster`: the production profile on 127.0.0.1 (ADR 0022, docs/cluster.md).

Varnish (Debian's package, installed when missing as `make browser` installs Chromium) on
127.0.0.1:8080 in front of N gunicorn instances (default 2) on 127.0.0.1:8101…, all on one
PostgreSQL (DATABASE_URL, else the embedded server of `make run`) with Redis for the cache
and the session cache, and one shared MEDIA_ROOT. The portal purges Varnish after
each commit that changes public pages. Ctrl-C stops everything this started.

    make cluster                                  # 2 instances, Varnish on :8080
    CLUSTER_INSTANCES=3 CLUSTER_PORT=9080 make cluster
    python scripts/cluster.py --no-setup          # serve the database as it is

Database connections: each gunicorn thread keeps one persistent connection (CONN_MAX_AGE),
so the cluster needs instances × WEB_CONCURRENCY × GUNICORN_THREADS of them; the launcher
refuses to start when that, plus a margin for management commands, exceeds the server's
max_connections.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import dev
import varnish

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PID_DIR = VAR / "cluster"  # app<N>.pid: each instance's gunicorn master (bench/web.py --kill-one)
COMMAND_MARGIN = 10  # connections left for migrate, cron jobs and a psql session


def write_pid_files(servers: list[subprocess.Popen]) -> None:
    """One ``app<N>.pid`` per instance, as the benchmark's ``--kill-one`` reads them."""
    PID_DIR.mkdir(parents=True, exist_ok=True)
    for stale in PID_DIR.glob("app*.pid"):
        stale.unlink()
    for n, proc in enumerate(servers, start=1):
        (PID_DIR / f"app{n}.pid").write_text(f"{proc.pid}\n")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise dev.SetupError(f"{name} must be a whole number of at least 1 (got {raw!r}).")
    return int(raw)


def check_redis(url: str) -> None:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 6379
    try:
        with socket.create_connection((host, port), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            answer = sock.recv(64)
    except OSError as exc:
        raise dev.SetupError(
            f"Redis does not answer at {host}:{port} ({exc}). The cluster keeps its cache "
            "and session cache there: start Redis (apt-get install redis-server) "
            "or point REDIS_URL at one."
        ) from exc
    if b"PONG" not in answer and b"NOAUTH" not in answer:
        raise dev.SetupError(f"{host}:{port} does not answer like Redis ({answer[:40]!r}).")


def connection_budget(instances: int, workers: int, threads: int) -> None:
    """Refuse to start when the instances could open more connections than the server allows."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
    params = {
        "dbname": cfg["NAME"],
        "user": cfg["USER"] or None,
        "password": cfg["PASSWORD"] or None,
        "host": cfg["HOST"] or None,
        "port": cfg["PORT"] or None,
        "connect_timeout": 5,
    }
    with psycopg.connect(**params) as conn:
        limit = int(conn.execute("SHOW max_connections").fetchone()[0])
        reserved = int(conn.execute("SHOW superuser_reserved_connections").fetchone()[0])
    needed = instances * workers * threads
    available = limit - reserved - COMMAND_MARGIN
    dev.say(
        f"Database connections: {instances} instances × {workers} workers × {threads} threads "
        f"= {needed} persistent connections (server max_connections {limit})"
    )
    if needed > available:
        raise dev.SetupError(
            f"{needed} connections would exceed what the server allows ({available} after "
            "its reserved ones and a margin for commands). Lower CLUSTER_INSTANCES, "
            "WEB_CONCURRENCY or GUNICORN_THREADS, or raise max_connections (or put PgBouncer "
            "in front; docs/cluster.md)."
        )


def start_instance(port: int) -> subprocess.Popen:
    if not dev.port_is_free("127.0.0.1", port):
        raise dev.SetupError(f"Port {port} is in use; choose others with CLUSTER_BACKEND_PORT.")
    command = [
        dev.PYTHON,
        "-m",
        "gunicorn",
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        os.environ.get("WEB_CONCURRENCY", "2"),
        "--threads",
        os.environ.get("GUNICORN_THREADS", "4"),
        "--graceful-timeout",
        str(dev.GRACEFUL_SECONDS),
        "--access-logfile",
        "-" if os.environ.get("CLUSTER_ACCESS_LOG") else "/dev/null",
    ]
    return subprocess.Popen(command, cwd=ROOT, start_new_session=True)


def wait_listening(port: int, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise dev.SetupError(
                f"gunicorn on port {port} exited at once (exit {proc.returncode})."
            )
        if not dev.port_is_free("127.0.0.1", port):
            return
        time.sleep(0.2)
    raise dev.SetupError(f"gunicorn on port {port} did not start listening in {seconds:.0f} s.")


RESTART_GIVE_UP = 3  # an instance that dies this many times in a row within its first…
RESTART_QUICK_SECONDS = 10  # …seconds is left stopped (a crash loop, not a killed process)


def supervise(cache: subprocess.Popen, ports: list[int], servers: list[subprocess.Popen]) -> None:
    """Until Varnish exits: an app instance that stops is started again on its port, as a
    service manager (systemd, compose's restart policy) does in production; Varnish keeps
    the others serving meanwhile. A crash loop is reported and left alone."""
    started = [time.monotonic()] * len(servers)
    quick_deaths = [0] * len(servers)
    pending: set[int] = set()  # stopped, waiting for the port to be free
    while cache.poll() is None:
        for i, (port, proc) in enumerate(zip(ports, servers, strict=True)):
            if proc.poll() is None or quick_deaths[i] >= RESTART_GIVE_UP:
                continue
            if i not in pending:
                pending.add(i)
                dev.say(f"The app instance on port {port} stopped (exit {proc.returncode}).")
                quick = time.monotonic() - started[i] < RESTART_QUICK_SECONDS
                quick_deaths[i] = quick_deaths[i] + 1 if quick else 0
                if quick_deaths[i] >= RESTART_GIVE_UP:
                    dev.say(
                        f"It stopped {RESTART_GIVE_UP} times just after starting: left stopped."
                    )
                    continue
            if not dev.port_is_free("127.0.0.1", port):
                continue  # its workers are still going down; try again in a moment
            pending.discard(i)
            dev.say(f"Starting the app instance on 127.0.0.1:{port} again")
            servers[i] = start_instance(port)
            started[i] = time.monotonic()
            write_pid_files(servers)
        time.sleep(0.5)


def run(args) -> int:
    if varnish.ensure_installed() is None:
        raise dev.SetupError("Varnish is needed for the cluster (see the note above).")
    instances = args.instances
    workers = env_int("WEB_CONCURRENCY", 2)
    threads = env_int("GUNICORN_THREADS", 4)
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    check_redis(os.environ["REDIS_URL"])
    if not dev.port_is_free("127.0.0.1", args.port):
        raise dev.SetupError(f"Port {args.port} is in use; choose another with CLUSTER_PORT.")
    dev.local_environment()  # SECRET_KEY, ALLOWED_HOSTS, HTTPS=0, one shared MEDIA_ROOT
    connection_budget(instances, workers, threads)
    if not args.no_setup:
        dev.say("Applying migrations")
        dev.manage("createcachetable")  # first: migrations' data changes publish memo versions
        dev.manage("migrate", "--noinput", "-v", "0")
        dev.say("Loading the demo data")
        dev.manage("seed_demo")
        dev.say("Collecting static files")
        dev.manage("collectstatic", "--noinput", "-v", "0")

    # Set after the setup: the demo data is loaded before Varnish runs, with nothing to purge.
    os.environ["HTTP_CACHE_PURGE_URL"] = f"http://127.0.0.1:{args.port}"
    ports = [args.backend_port + n for n in range(instances)]
    servers: list[subprocess.Popen] = []
    cache = None
    try:
        for port in ports:
            dev.say(f"Starting app instance on 127.0.0.1:{port}")
            servers.append(start_instance(port))
        for port, proc in zip(ports, servers, strict=True):
            wait_listening(port, proc)
        write_pid_files(servers)
        dev.say(f"Starting Varnish on 127.0.0.1:{args.port}")
        cache = varnish.start(
            listen=("127.0.0.1", args.port),
            backends=[("127.0.0.1", port) for port in ports],
            workdir=VAR / "varnish",
            memory=os.environ.get("VARNISH_MEMORY", "256m"),
            max_connections=varnish.CONNECTIONS_PER_THREAD * workers * threads,
        )
        # The proxy's pid too: the benchmark counts its CPU with the cached pages (bench/web.py).
        (PID_DIR / "varnish.pid").write_text(f"{cache.pid}\n")
        backends = ", ".join(f"http://127.0.0.1:{port}/" for port in ports)
        print(
            f"""
============================================================
 阳光政务公开平台 cluster:  http://127.0.0.1:{args.port}/  (Varnish)
 App instances:            {backends}
 Media (shared):           {os.environ["MEDIA_ROOT"]}
 Cache and sessions:       {os.environ["REDIS_URL"]}
 Demo accounts as for `make run` (password {dev.demo_password()}).
 An instance may be killed (kill -9 <pid>): Varnish retries on the others,
 and the instance is started again.
 Press Ctrl-C to stop everything.
============================================================
""",
            flush=True,
        )
        supervise(cache, ports, servers)
        raise dev.SetupError(f"Varnish exited (see {VAR / 'varnish' / 'varnishd.log'}).")
    except KeyboardInterrupt:
        dev.say("Stopping the cluster")
        return 0
    finally:
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        if cache is not None:
            varnish.stop(cache)
        for proc in servers:
            dev.stop_group(proc)
        for path in [*PID_DIR.glob("app*.pid"), PID_DIR / "varnish.pid"]:
            path.unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="scripts/cluster.py")
    parser.add_argument(
        "--instances", type=int, default=int(os.environ.get("CLUSTER_INSTANCES") or 2)
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("CLUSTER_PORT") or 8080))
    parser.add_argument(
        "--backend-port", type=int, default=int(os.environ.get("CLUSTER_BACKEND_PORT") or 8101)
    )
    parser.add_argument(
        "--no-setup", action="store_true", help="no migrate, demo data or collectstatic"
    )
    args = parser.parse_args(argv)
    if args.instances < 1:
        parser.error("--instances must be at least 1")
    # Also SIGINT explicitly: started in the background by a script, Python inherits it ignored.
    signal.signal(signal.SIGINT, dev._interrupt)
    signal.signal(signal.SIGTERM, dev._interrupt)
    signal.signal(signal.SIGHUP, dev._interrupt)
    started = False
    try:
        started = dev.acquire_database()
        return run(args)
    except dev.SetupError as exc:
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
            dev.stop_embedded()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
