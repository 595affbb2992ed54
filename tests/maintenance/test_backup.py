"""`flask backup` and `flask restore`: consistent copies, even while cases are being written."""

import re
import sqlite3
import tarfile
import threading
from collections.abc import Callable
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import Result
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select
from sqlalchemy.pool import NullPool

from legalaid.accounts.models import User
from legalaid.cases.models import (
    AdverseParty,
    Beneficiary,
    Case,
    CaseEvent,
    GbvIncident,
    LitigationMatter,
    ReferenceCounter,
)
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db
from legalaid.maintenance import services
from legalaid.maintenance.cli import default_backup_dir
from legalaid.maintenance.services import MaintenanceError, backup_database, row_counts
from tests.builders import make_case
from tests.conftest import build_app

BACKUP_NAME = re.compile(r"legalaid-\d{8}-\d{6}\.(sqlite3|dump)")
DOCUMENTS_NAME = re.compile(r"legalaid-\d{8}-\d{6}\.documents\.tar\.gz")


def integrity(path: Path) -> str:
    """SQLite's own verdict on a database file."""
    with closing(sqlite3.connect(path)) as connection:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))


def restore_into(
    url: str, backup: Path, *options: str, migrated: bool = False, **config: str
) -> Result:
    """`flask restore` run by an app configured on `url` (optionally migrated to head first)."""
    target = build_app(url, **config)
    with target.app_context():
        if migrated:
            upgrade()
        result = target.test_cli_runner().invoke(args=["restore", str(backup), *options])
        db.engine.dispose()
    return result


def printed_backups(result: Result) -> tuple[Path, Path]:
    """The two paths `flask backup` prints: the database copy, then the documents archive."""
    assert result.exit_code == 0, result.output
    database, documents = (Path(line) for line in result.output.split())
    assert BACKUP_NAME.fullmatch(database.name) and DOCUMENTS_NAME.fullmatch(documents.name)
    assert database.name.split(".")[0] == documents.name.split(".")[0]
    return database, documents


def take_backup(cli: Callable[..., Result], directory: Path) -> Path:
    """`flask backup --to directory`; the database copy it wrote there."""
    database, documents = printed_backups(cli("backup", "--to", str(directory)))
    assert database.parent == documents.parent == directory
    return database


def some_cases(org: dict) -> None:
    """Cases of the three kinds, with an adverse party, from two people."""
    make_case("detention", by=org["paralegal"], full_name="Moussa Diarra", sex="M")
    make_case("gbv", by=org["paralegal"], full_name="Fatoumata Coulibaly")
    make_case(
        "litigation", by=org["lawyer"], full_name="Awa Traoré", adverse_parties=["Issa Keïta"]
    )


def test_backup_and_restore_round_trip(
    cli, database_url, org, restore_target, tmp_path, on_postgres
):
    some_cases(org)
    backup = take_backup(cli, tmp_path)
    assert backup.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob("*.partial"))
    if not on_postgres:
        assert integrity(backup) == "ok"
    # An empty database already migrated to head (only Alembic's version row) is accepted.
    result = restore_into(restore_target, backup, migrated=True)
    assert result.exit_code == 0, result.output
    assert backup.name in result.output
    assert row_counts(restore_target) == row_counts(database_url)
    restored = create_engine(restore_target, poolclass=NullPool)
    with restored.connect() as connection:
        names = connection.scalars(select(Beneficiary.full_name).order_by(Beneficiary.id))
        assert list(names) == ["Moussa Diarra", "Fatoumata Coulibaly", "Awa Traoré"]
    restored.dispose()


def test_backup_goes_to_backup_dir_else_instance_backups(database_url, org, tmp_path):
    configured = build_app(database_url, BACKUP_DIR=str(tmp_path / "nightly"))
    db.session.commit()
    with configured.app_context():
        result = configured.test_cli_runner().invoke(args=["backup"])
    database, documents = printed_backups(result)
    assert database.parent == documents.parent == tmp_path / "nightly"
    plain = build_app(database_url)
    assert default_backup_dir(plain) == Path(plain.instance_path) / "backups"


def test_documents_are_backed_up_and_restored_with_the_database(
    database_url, org, restore_target, tmp_path
):
    some_cases(org)
    db.session.commit()
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "a1b2c3").write_bytes(b"%PDF-1.4 jugement")
    source = build_app(database_url, UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with source.app_context():
        result = source.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "b")])
    database, documents = printed_backups(result)
    assert documents.stat().st_mode & 0o777 == 0o600

    restored = tmp_path / "restored-uploads"
    result = restore_into(
        restore_target, database, "--documents", str(documents), UPLOAD_FOLDER=str(restored)
    )
    assert result.exit_code == 0, result.output
    assert (restored / "a1b2c3").read_bytes() == b"%PDF-1.4 jugement"
    assert row_counts(restore_target)["cases"] == 3


def test_documents_restore_refuses_a_folder_in_use_before_touching_the_database(
    cli, org, restore_target, tmp_path
):
    some_cases(org)
    database = take_backup(cli, tmp_path)
    documents = database.with_name(database.name.split(".")[0] + ".documents.tar.gz")
    in_use = tmp_path / "in-use"
    in_use.mkdir()
    (in_use / "keep-me").write_bytes(b"someone else's file")
    result = restore_into(
        restore_target, database, "--documents", str(documents), UPLOAD_FOLDER=str(in_use)
    )
    assert result.exit_code != 0 and "in-use" in result.output
    assert not any(row_counts(restore_target).values())
    assert [path.name for path in in_use.iterdir()] == ["keep-me"]


def test_documents_restore_refuses_an_archive_reaching_outside_its_folder(
    cli, org, restore_target, tmp_path
):
    some_cases(org)
    database = take_backup(cli, tmp_path)
    tampered = tmp_path / "tampered.tar.gz"
    (tmp_path / "payload").write_bytes(b"overwrite")
    with tarfile.open(tampered, "w:gz") as archive:
        archive.add(tmp_path / "payload", arcname="../escaped")
    uploads = tmp_path / "deep" / "uploads"
    result = restore_into(
        restore_target, database, "--documents", str(tampered), UPLOAD_FOLDER=str(uploads)
    )
    assert result.exit_code != 0 and "tampered.tar.gz" in result.output
    assert not (tmp_path / "deep" / "escaped").exists()
    assert not any(row_counts(restore_target).values())


def test_backup_names_are_never_reused(database_url, tmp_path):
    at = datetime(2026, 11, 29, 14, 5, 9)
    first = backup_database(database_url, tmp_path, now=at)
    assert first.name.startswith("legalaid-20261129-140509.")
    with pytest.raises(MaintenanceError):
        backup_database(database_url, tmp_path, now=at)
    assert sorted(tmp_path.iterdir()) == [first]


def test_without_pg_dump_the_backup_fails_clearly(monkeypatch, tmp_path):
    monkeypatch.setattr(services.shutil, "which", lambda _program: None)
    with pytest.raises(MaintenanceError, match="pg_dump"):
        backup_database("postgresql+psycopg://postgres@127.0.0.1:5432/none", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_restore_refuses_a_database_that_holds_data(cli, database_url, org, tmp_path):
    some_cases(org)
    backup = take_backup(cli, tmp_path)
    before = row_counts(database_url)
    result = cli("restore", str(backup))
    assert result.exit_code != 0
    assert "users" in result.output and "cases" in result.output
    assert row_counts(database_url) == before


def test_restore_refuses_a_file_that_is_not_a_backup(restore_target, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("pas une sauvegarde")
    result = restore_into(restore_target, bogus)
    assert result.exit_code != 0 and "notes.txt" in result.output
    assert not any(row_counts(restore_target).values())


class CaseWriter(threading.Thread):
    """Takes in litigation and GBV cases one after another, in its own app context."""

    def __init__(self, app: Flask, user_id: int) -> None:
        super().__init__(daemon=True)
        self.app, self.user_id = app, user_id
        self.written = 0
        self.error: BaseException | None = None
        self.stopping = threading.Event()
        self.progress = threading.Condition()

    def run(self) -> None:
        with self.app.app_context():
            try:
                user = db.session.get(User, self.user_id)
                while not self.stopping.is_set():
                    kind = "gbv" if self.written % 2 else "litigation"
                    make_case(
                        kind,
                        by=user,
                        full_name=f"Bénéficiaire {self.written}",
                        adverse_parties=["Partie adverse"] if kind == "litigation" else None,
                    )
                    with self.progress:
                        self.written += 1
                        self.progress.notify_all()
            except BaseException as error:
                self.error = error
            finally:
                db.session.remove()
                with self.progress:
                    self.progress.notify_all()

    def wait_for(self, count: int) -> int:
        """Block until `count` cases were written; returns the number written so far."""
        with self.progress:
            self.progress.wait_for(lambda: self.written >= count or self.error, timeout=30)
        assert self.error is None, self.error
        return self.written

    def stop(self) -> int:
        """Let the current case finish; returns how many were written in all."""
        self.stopping.set()
        self.join(timeout=30)
        assert self.error is None, self.error
        return self.written


def _count(connection, model, *conditions) -> int:
    return connection.scalar(select(func.count()).select_from(model).where(*conditions))


def test_backup_while_cases_are_being_written(
    cli, data_app, org, restore_target, tmp_path, on_postgres
):
    writer = CaseWriter(data_app, org["paralegal"].id)
    writer.start()
    try:
        before = writer.wait_for(10)
        backup = take_backup(cli, tmp_path)
        writer.wait_for(writer.written + 5)  # writes carried on during and after the backup
    finally:
        total = writer.stop()
    if not on_postgres:
        assert integrity(backup) == "ok"
    assert restore_into(restore_target, backup).exit_code == 0

    restored = create_engine(restore_target, poolclass=NullPool)
    with restored.connect() as connection:
        cases = _count(connection, Case)
        assert before <= cases < total
        assert _count(connection, Beneficiary) == cases
        assert _count(connection, CaseEvent, CaseEvent.kind == "intake") == cases
        details = sum(
            _count(connection, model) for model in (GbvIncident, LitigationMatter, DetentionRecord)
        )
        assert details == cases
        assert _count(connection, AdverseParty) == _count(connection, LitigationMatter)
        numbered = connection.scalar(select(func.sum(ReferenceCounter.last_value)))
        assert numbered == cases
        columns = (Case.id, Case.reference, Case.kind, Case.opened_on, Beneficiary.full_name)
        joined = select(*columns).join(Case.beneficiary).order_by(Case.id)
        copied = connection.execute(joined).all()
    restored.dispose()
    source = db.session.execute(joined.where(Case.id <= copied[-1].id)).all()
    assert [tuple(row) for row in copied] == [tuple(row) for row in source]


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda data: data[: len(data) // 2], "l’archive s’arrête trop tôt"),
        (lambda data: b"not an archive at all" * 50, "ce n’est pas une archive de documents"),
        (
            lambda data: data[:-8] + bytes(byte ^ 0xFF for byte in data[-8:-4]) + data[-4:],
            "les données compressées sont abîmées",
        ),
    ],
    ids=["truncated", "garbage", "bad-checksum"],
)
def test_a_damaged_documents_archive_says_what_is_wrong(
    cli, org, restore_target, tmp_path, damage, reason
):
    some_cases(org)
    database = take_backup(cli, tmp_path)
    whole = tmp_path / "whole.tar.gz"
    with tarfile.open(whole, "w:gz") as archive:
        for number in range(3):
            (tmp_path / f"doc{number}").write_bytes(bytes(range(256)) * 400 * (number + 1))
            archive.add(tmp_path / f"doc{number}", arcname=f"doc{number}")
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(damage(whole.read_bytes()))
    uploads = tmp_path / "uploads"
    result = restore_into(
        restore_target, database, "--documents", str(damaged), UPLOAD_FOLDER=str(uploads)
    )
    assert result.exit_code == 1 and "Aborted" not in result.output
    assert "damaged.tar.gz" in result.output and reason in result.output
    assert "Rien n’a été restauré." in result.output
    assert not any(row_counts(restore_target).values())
    assert not uploads.exists() or not any(uploads.iterdir())
