"""gunicorn's settings for legalaid (gunicorn reads ./gunicorn.conf.py; the environment tunes it).

Sync workers, about four per core (see README, Benchmarks). No access log: the app writes one
line per request itself, without the query string (a search may carry a name). With
PROMETHEUS_MULTIPROC_DIR set, the workers share their metrics through files there: the
directory is emptied when gunicorn starts, and a worker that exits is forgotten.
"""

import os
import shutil
from pathlib import Path

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "8"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
accesslog = None
errorlog = "-"
wsgi_app = "wsgi:app"


def on_starting(_server) -> None:
    """Start the metrics of this run from nothing (the files of a previous run would add up)."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True, exist_ok=True)


def child_exit(_server, worker) -> None:
    """Forget the live gauges of a worker that exited."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        multiprocess.mark_process_dead(worker.pid)
