"""Background jobs: work that may take longer than a request (imports, the daily reminders).

Huey is the queue: a small, maintained task library whose embedded default keeps the queue in a
SQLite file beside the database (nothing more to install, `make run` starts the consumer), and
whose Redis storage serves several web servers and consumers in production (JOBS_URL). The
consumer runs inside the Flask app (`flask jobs-worker`), so tasks use the app's config and
database like any request does.
"""

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click
from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

P = ParamSpec("P")
R = TypeVar("R")

# Tasks are registered on this queue when their modules are imported; `init_app` gives it the
# storage the app's config names. Until then it holds tasks in memory only.
queue = Huey("legalaid", storage_class=MemoryStorage, utc=True)
_app: Flask | None = None


def init_app(app: Flask) -> None:
    """Point the queue at the storage of this app's config and keep the app for the tasks."""
    global _app
    _app = app
    queue.immediate = app.config["JOBS_IMMEDIATE"]
    if not queue.immediate:
        queue.storage = _storage(app)
    app.cli.add_command(jobs_worker_command)


def _storage(app: Flask) -> Any:
    url = app.config.get("JOBS_URL")
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage(queue.name, url=url)
    path = Path(url) if url else Path(app.instance_path) / "jobs.sqlite3"
    return SqliteStorage(queue.name, filename=str(path))


def task(func: Callable[P, R]) -> Any:
    """A queued task that runs in its own app context (its own database session), whether the
    consumer runs it or, in immediate mode (tests), the request that enqueued it."""

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with _task_app().app_context():
            return func(*args, **kwargs)

    return queue.task()(run)


def daily(hour: int) -> Callable[[Callable[[], None]], Any]:
    """A task the consumer runs every day at `hour` (UTC, which is Mali's time)."""

    def register(func: Callable[[], None]) -> Any:
        @wraps(func)
        def run() -> None:
            with _task_app().app_context():
                func()

        return queue.periodic_task(crontab(minute="0", hour=str(hour)))(run)

    return register


def _task_app() -> Flask:
    """The app a task runs in: the one that enqueued it (immediate mode), else the consumer's."""
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _app is None:
        raise RuntimeError("legalaid.jobs.init_app was not called")
    return _app


@click.command("jobs-worker")
@click.option("--workers", default=1, show_default=True, help="Tasks run at the same time.")
def jobs_worker_command(workers: int) -> None:
    """Run the queued jobs (imports) and the daily ones (reminders) until stopped."""
    if queue.immediate:
        raise click.ClickException("JOBS_IMMEDIATE is set: jobs run where they are enqueued.")
    queue.create_consumer(workers=workers, worker_type="thread").run()
