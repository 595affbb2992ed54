"""A writer killed with SIGKILL leaves an intact SQLite database holding all it committed."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import and_, create_engine, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from legalaid.cases.models import Beneficiary, Case, CaseEvent, GbvIncident, LitigationMatter
from legalaid.detention.models import DetentionRecord

ROOT = Path(__file__).resolve().parents[2]
WRITER = Path(__file__).with_name("writer.py")
LINES_BEFORE_KILL = 20


def start_writer(database_url: str, log: Path) -> subprocess.Popen:
    """`writer.py` in a process of its own, its references on a pipe, its noise in `log`."""
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return subprocess.Popen(  # noqa: S603 - this interpreter and a script of the test suite
        [sys.executable, str(WRITER), database_url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths)},
        stdout=subprocess.PIPE,
        stderr=log.open("w"),
        text=True,
    )


def whole_cases(database_url: str) -> set[str]:
    """References of the cases that have their beneficiary, intake event and detail row."""
    has_details = or_(
        and_(Case.kind == "detention", DetentionRecord.id.is_not(None)),
        and_(Case.kind == "gbv", GbvIncident.id.is_not(None)),
        and_(Case.kind == "litigation", LitigationMatter.id.is_not(None)),
    )
    query = (
        select(Case.reference)
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .join(CaseEvent, and_(CaseEvent.case_id == Case.id, CaseEvent.kind == "intake"))
        .outerjoin(DetentionRecord, DetentionRecord.case_id == Case.id)
        .outerjoin(GbvIncident, GbvIncident.case_id == Case.id)
        .outerjoin(LitigationMatter, LitigationMatter.case_id == Case.id)
        .where(has_details)
    )
    engine = create_engine(database_url, poolclass=NullPool)
    with engine.connect() as connection:
        found = set(connection.scalars(query))
    engine.dispose()
    return found


def test_a_killed_writer_loses_nothing_it_committed(database_url, tmp_path):
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip("SQLite's durability; on PostgreSQL the server owns it")
    path, log = tmp_path / "crash.sqlite3", tmp_path / "writer.log"
    url = f"sqlite:///{path}"
    writer = start_writer(url, log)
    watchdog = threading.Timer(60, writer.kill)  # a stuck writer fails the test, never hangs it
    watchdog.start()
    try:
        printed = [writer.stdout.readline() for _ in range(LINES_BEFORE_KILL)]
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        watchdog.cancel()
    printed += writer.stdout.readlines()  # what it printed before dying, not yet read
    writer.stdout.close()
    references = [line.strip() for line in printed if line.endswith("\n")]
    assert len(references) >= LINES_BEFORE_KILL, log.read_text()
    assert writer.returncode == -signal.SIGKILL

    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    missing = set(references) - whole_cases(url)
    assert not missing, sorted(missing)
