"""Gunicorn settings for the portal, read from the environment (README, "Environment variables").

gunicorn reads ./gunicorn.conf.py from its working directory by itself; flags on its command
line win (``make run`` passes its own bind, workers and threads). The bind address is left to
gunicorn's own rule: 0.0.0.0:$PORT when PORT is set (the Docker image sets PORT=8000),
otherwise 127.0.0.1:8000.
"""

import os
from pathlib import Path


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number (got {raw!r}).") from None


# gthread with workers = cores and a few threads each: equal throughput to sync workers on real
# pages, plus keep-alive and tolerance of slow clients (docs/adr/0002-dependencies.md).
worker_class = "gthread"
workers = _env_int("WEB_CONCURRENCY", 2)
threads = _env_int("GUNICORN_THREADS", 4)
# For gthread this only restarts a worker whose main loop stops answering; it does not cut
# off a slow request.
timeout = _env_int("GUNICORN_TIMEOUT", 30)

# Recycle each worker after about this many requests (the jitter staggers the restarts), so
# memory a request left behind (PDF rendering, exports) is returned to the system however a
# crawler walks the site; 0 turns recycling off.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# On stop, requests in flight get this long before the workers are killed.
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 20)

accesslog = "-"  # stdout; gunicorn's error log and the portal's logging go to stderr

# The heartbeat file is touched constantly; keep it in memory, off the container's overlay
# filesystem (gunicorn's docs, "Blocking os.fchmod").
_SHARED_MEMORY = Path("/dev/shm")  # noqa: S108 - holds only gunicorn's heartbeat files
if _SHARED_MEMORY.is_dir():
    worker_tmp_dir = str(_SHARED_MEMORY)

# Instances are started and stopped by the container runtime or process manager, not by
# gunicorn; several instances on one host would also fight over one $HOME/.gunicorn socket.
control_socket_disable = True
