"""A confirmed import runs on the job queue: its page follows it, then shows what it did."""

import re
import socket
from datetime import datetime

import pytest
from sqlalchemy import select

from legalaid import jobs
from legalaid.cases.models import Case
from legalaid.extensions import db
from legalaid.imports import jobs as import_jobs
from legalaid.imports.models import ImportJob, ImportStatus
from legalaid.imports.services import CHECK_SUFFIX
from legalaid.notifications.jobs import daily_reminders
from tests.builders import make_user
from tests.cases.test_intake import client_of
from tests.conftest import build_app
from tests.imports.conftest import case_row, count
from tests.imports.test_views import confirm_token, csv_bytes, upload

pytestmark = pytest.mark.usefixtures("imports_folder")
ROWS = [case_row("detention", 1), case_row("gbv", 2), case_row("litigation", 3)]


def start(client, tmp_path, rows=ROWS, **fields) -> str:
    """Upload, read the check, confirm: the address of the job's page."""
    upload(client, csv_bytes(tmp_path, rows))
    token = confirm_token(client.get("/imports/review").text)
    response = client.post("/imports/confirm", data={"upload": token, **fields})
    assert response.status_code == 302
    return response.headers["Location"]


def only_job() -> ImportJob:
    db.session.rollback()  # a fresh read: the job ran on its own connection
    [job] = db.session.scalars(select(ImportJob))
    return job


@pytest.fixture
def queued_app(database_url, tmp_path, monkeypatch):
    """An app whose jobs wait on a real queue (SQLite storage, or JOBS_URL) for a consumer."""
    saved = (jobs.queue.immediate, jobs.queue.storage, jobs._app)

    def build(jobs_url: str):
        application = build_app(database_url, JOBS_IMMEDIATE=False, JOBS_URL=jobs_url)
        monkeypatch.setattr(application, "instance_path", str(tmp_path / "instance"))
        jobs.queue.flush()
        return application

    yield build
    jobs.queue.flush()
    jobs.queue.immediate, jobs.queue.storage, jobs._app = saved


def consume_one() -> None:
    """What the consumer does with the next task of the queue."""
    task = jobs.queue.dequeue()
    assert task is not None
    jobs.queue.execute(task)


def follow_the_queue(application, org, tmp_path) -> None:
    coordinator = client_of(application, org["coordinator"])
    address = start(coordinator, tmp_path)
    waiting = coordinator.get(address)
    assert waiting.status_code == 200 and count(Case) == 0
    assert '<meta http-equiv="refresh" content="3">' in waiting.text
    assert "En attente du lancement de l’import" in waiting.text
    assert only_job().status == ImportStatus.QUEUED
    consume_one()
    job = only_job()
    assert (job.status, job.rows_total, job.rows_done, job.percent) == ("done", 3, 3, 100)
    done = coordinator.get(address)
    assert "Import terminé" in done.text and 'http-equiv="refresh"' not in done.text
    for case in db.session.scalars(select(Case)):
        assert f'href="/cases/{case.id}">{case.reference}</a>' in done.text
    assert count(Case) == 3


def test_an_import_waits_on_the_sqlite_queue_until_the_consumer_runs_it(queued_app, org, tmp_path):
    follow_the_queue(queued_app(str(tmp_path / "jobs.sqlite3")), org, tmp_path)
    assert (tmp_path / "jobs.sqlite3").is_file()


def _redis_listening() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_listening(), reason="no Redis on 127.0.0.1:6379")
def test_an_import_waits_on_redis_until_the_consumer_runs_it(queued_app, org, tmp_path):
    follow_the_queue(queued_app("redis://127.0.0.1:6379/15"), org, tmp_path)


def test_the_job_keeps_the_report_and_removes_the_file(app, org, tmp_path, imports_folder):
    coordinator = client_of(app, org["coordinator"])
    start(coordinator, tmp_path)
    job = only_job()
    assert job.status == ImportStatus.DONE and job.finished_at is not None
    report = import_jobs.job_report(job)
    assert (report.rows, report.created, report.written) == (3, 3, True)
    assert list(imports_folder.iterdir()) == []  # neither the file nor its check stays


def test_the_page_of_a_running_import_shows_its_progress(app, org, tmp_path):
    coordinator = client_of(app, org["coordinator"])
    address = start(coordinator, tmp_path)
    job = only_job()
    job.status, job.rows_total, job.rows_done = ImportStatus.RUNNING, 3000, 1000
    db.session.commit()
    page = coordinator.get(address)
    assert "1000 lignes importées sur 3000." in page.text
    assert '<progress class="w-100 mb-3" max="100" value="33"' in page.text
    assert '<meta http-equiv="refresh" content="3">' in page.text


def test_a_job_that_fails_says_so_and_removes_the_file(
    app, org, tmp_path, imports_folder, monkeypatch
):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(import_jobs, "import_cases", broken)
    coordinator = client_of(app, org["coordinator"])
    address = start(coordinator, tmp_path)
    assert only_job().status == ImportStatus.FAILED
    page = coordinator.get(address)
    assert "Rien n’a été importé" in page.text and "erreur inattendue" in page.text
    assert "disk gone" not in page.text
    assert list(imports_folder.iterdir()) == [] and count(Case) == 0


def test_a_task_delivered_twice_imports_once(app, org, tmp_path):
    start(client_of(app, org["coordinator"]), tmp_path)
    import_jobs.run_import.call_local(only_job().id)
    assert count(Case) == 3


def test_who_may_follow_an_import(app, org, other_org, tmp_path):
    address = start(client_of(app, org["coordinator"]), tmp_path)
    other_coordinator = make_user("coordinator", organisation=org["organisation"])
    admin = make_user("admin")
    db.session.commit()
    assert client_of(app, other_coordinator).get(address).status_code == 200
    assert client_of(app, admin).get(address).status_code == 200
    assert client_of(app, other_org["coordinator"]).get(address).status_code == 404
    assert client_of(app, org["paralegal"]).get(address).status_code == 403
    assert client_of(app, org["coordinator"]).get("/imports/jobs/999999").status_code == 404


def test_the_upload_page_lists_the_users_latest_imports(app, org, other_org, tmp_path):
    coordinator = client_of(app, org["coordinator"])
    address = start(coordinator, tmp_path)
    page = coordinator.get("/imports/").text
    assert f'<a href="{address}">export.csv</a>' in page and "Terminé" in page
    assert address not in client_of(app, other_org["coordinator"]).get("/imports/").text


def test_the_invalid_rows_are_left_out_only_when_asked(app, org, tmp_path, imports_folder):
    coordinator = client_of(app, org["coordinator"])
    rows = [case_row(number=1), case_row(number=2, sex="X")]
    upload(coordinator, csv_bytes(tmp_path, rows))
    token = confirm_token(coordinator.get("/imports/review").text)
    refused = coordinator.post("/imports/confirm", data={"upload": token})
    assert refused.status_code == 200 and count(ImportJob) == 0
    [waiting] = [p.name for p in imports_folder.iterdir() if not p.name.endswith(CHECK_SUFFIX)]
    assert waiting == token  # still waiting: the user may tick the box and confirm again
    address = coordinator.post("/imports/confirm", data={"upload": token, "skip_invalid": "y"})
    page = coordinator.get(address.headers["Location"]).text
    assert re.search(r"Dossiers créés</dt><dd[^>]*>1<", page) and count(Case) == 1


def test_the_daily_reminders_are_a_periodic_task_at_six(app):
    def due(hour: int) -> list[type]:
        return [type(task) for task in jobs.queue.read_periodic(datetime(2026, 12, 3, hour, 0))]

    assert daily_reminders.task_class in due(6) and daily_reminders.task_class not in due(7)


def test_the_daily_task_sends_the_reminders(app, monkeypatch):
    days = []
    monkeypatch.setattr("legalaid.notifications.jobs.send_reminders", days.append)
    daily_reminders.call_local()
    assert len(days) == 1


def test_the_job_runner_command_starts_a_consumer_on_the_queue(queued_app, tmp_path, monkeypatch):
    application = queued_app(str(tmp_path / "jobs.sqlite3"))
    started = []

    class Consumer:
        def run(self):
            started.append(True)

    def create_consumer(**options):
        started.append(options)
        return Consumer()

    monkeypatch.setattr(jobs.queue, "create_consumer", create_consumer)
    result = application.test_cli_runner().invoke(args=["jobs-worker", "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert started == [{"workers": 2, "worker_type": "thread"}, True]


def test_the_job_runner_is_not_needed_when_jobs_run_where_they_are_queued(app):
    result = app.test_cli_runner().invoke(args=["jobs-worker"])
    assert result.exit_code == 1 and "JOBS_IMMEDIATE" in result.output
