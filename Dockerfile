# syntax=docker/dockerfile:1
# 阳光政务公开平台 — production image.
#   docker build -t sunshine-portal .
# Everything else is configured at run time through the environment (README, "Environment
# variables"); docker-compose.yml runs it locally, docs/deployment.md runs several behind a proxy.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------------------------- builder
# The locked runtime dependencies in a virtualenv. Every pinned package ships a wheel
# (psycopg-binary bundles libpq), so no compiler or -dev package is needed.
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
RUN /opt/venv/bin/pip install --no-cache-dir -r /tmp/requirements.lock

# ---------------------------------------------------------------------------------- runtime
FROM ${PYTHON_IMAGE} AS runtime

LABEL org.opencontainers.image.title="sunshine-portal" \
      org.opencontainers.image.description="阳光政务公开平台：政府信息公开门户"

# PORT is also gunicorn's cue to listen on 0.0.0.0:$PORT instead of 127.0.0.1.
ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings \
    PORT=8000 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/var/media

# A CJK font for the PDF downloads (annual reports, reply notices): embedded as a subset.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 sunshine \
    && useradd --system --uid 10001 --gid sunshine --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin sunshine

WORKDIR /app
COPY --from=builder /opt/venv /opt/venv
# The code stays owned by root, so the running process cannot change it (.dockerignore keeps
# .env, var/, .venv/, .git/ and the tests out).
COPY . .

# Static files are collected into the image; WhiteNoise serves them from STATIC_ROOT. The
# settings refuse to load without these variables, so the build passes dummy values that
# never reach the running image (collectstatic does not touch the database).
RUN DEBUG=0 \
    SECRET_KEY=build-only \
    ALLOWED_HOSTS=build \
    DATABASE_URL=postgresql://build@localhost/build \
    python manage.py collectstatic --noinput -v 0 \
    && mkdir -p "${MEDIA_ROOT}" \
    && chown sunshine:sunshine "${MEDIA_ROOT}"

# Numeric, so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001

EXPOSE 8000

# slim has no curl. The Host header is the first entry of ALLOWED_HOSTS (a leading dot
# stripped, "*" skipped, "localhost" when empty) so that Django does not answer 400;
# /healthz is exempt from the HTTPS redirect and answers 503 when PostgreSQL is unreachable.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; hosts = [h.strip().lstrip('.') for h in os.environ.get('ALLOWED_HOSTS', '').split(',') if h.strip() not in ('', '*')]; r.urlopen(r.Request('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', headers={'Host': (hosts or ['localhost'])[0]}), timeout=4)"]

# Workers, threads and timeout come from WEB_CONCURRENCY, GUNICORN_THREADS and
# GUNICORN_TIMEOUT through gunicorn.conf.py; the access log goes to stdout.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "portal.wsgi:application"]
