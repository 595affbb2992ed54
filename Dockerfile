# syntax=docker/dockerfile:1
# legalaid behind gunicorn: `docker compose up` runs it with PostgreSQL, Redis, the job runner
# and the daily maintenance (compose.yaml). Secrets come from the environment or from files
# (NAME_FILE, e.g. Docker secrets), never from the image.

# Bookworm: its postgresql-client (15) matches the PostgreSQL of compose.yaml for `flask backup`.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
# The locked set only, every file checked against its hash.
COPY requirements/base.txt /tmp/base.txt
RUN /venv/bin/pip install --require-hashes -r /tmp/base.txt
WORKDIR /app
COPY config.py wsgi.py gunicorn.conf.py ./
COPY legalaid legalaid
COPY migrations migrations
COPY templates templates
COPY deploy/docker deploy/docker
RUN /venv/bin/pybabel compile -f -d legalaid/translations \
    && test -f legalaid/translations/fr/LC_MESSAGES/messages.mo

FROM python:3.11-slim-bookworm
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin legalaid \
    && mkdir -p /data/uploads /data/backups \
    && chown -R legalaid:legalaid /data
COPY --from=build /venv /venv
COPY --from=build /app /app
# The instance folder (a development secret, SQLite) stays writable but unused in production.
RUN mkdir /app/instance && chown legalaid:legalaid /app/instance
ENV PATH=/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    FLASK_APP=wsgi \
    LEGALAID_ENV=production \
    GUNICORN_BIND=0.0.0.0:8000 \
    GUNICORN_WORKERS=4 \
    UPLOAD_FOLDER=/data/uploads \
    BACKUP_DIR=/data/backups
WORKDIR /app
USER legalaid
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4); sys.exit(0)"]
CMD ["gunicorn"]
