"""The activity import: dry run, row errors, all or nothing, idempotence, an XLSX roster sheet."""

import csv
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from legalaid.activities.importing import import_activities
from legalaid.activities.models import Activity, Participant
from legalaid.extensions import db
from tests.activities.conftest import ACTIVITIES_CSV, ROSTER_CSV
from tests.builders import make_user
from tests.cases.test_intake import client_of


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_dry_run_writes_nothing(orgs, files):
    admin = make_user("admin")
    report = import_activities(files[0], roster_path=files[1], by_email=admin.email, dry_run=True)
    assert (report.created, report.roster_rows, report.errors) == (7, 6, [])
    assert count(Activity) == 0


def test_importing_twice_creates_nothing_twice(dataset, files):
    again = import_activities(files[0], roster_path=files[1], by_email=dataset["admin"].email)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)
    assert count(Activity) == 7 and count(Participant) == 6


def test_a_changed_row_updates_its_activity(dataset, files):
    files[0].write_text(ACTIVITIES_CSV.replace("Émission sur la justice", "Émission"), "utf-8")
    again = import_activities(files[0], roster_path=files[1], by_email=dataset["admin"].email)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 6)
    assert (
        db.session.scalar(select(Activity.title).where(Activity.external_id == "M1")) == "Émission"
    )


def test_row_errors_stop_the_whole_file(orgs, tmp_path):
    admin = make_user("admin")
    path = tmp_path / "bad.csv"
    path.write_text(
        "external_id,type,title,organisation,start_on,end_on,f_youth\n"
        "A,formation,Bonne ligne,ONG A,01/02/2026,,3\n"
        "B,atelier,Type inconnu,ONG A,31/02/2026,,x\n"
        "A,training,Doublon,Nulle part,01/02/2026,01/01/2026,\n",
        encoding="utf-8",
    )
    report = import_activities(path, by_email=admin.email)
    found = {(error.row, error.column) for error in report.errors}
    assert found == {
        (3, "type"),
        (3, "start_on"),
        (3, "f_youth"),
        (4, "external_id"),
        (4, "organisation"),
        (4, "end_on"),
    }
    assert count(Activity) == 0


def test_a_coordinator_imports_for_their_organisation_only(orgs, files):
    coordinator = make_user("coordinator", organisation=orgs[0])
    report = import_activities(files[0], by_email=coordinator.email)
    assert report.errors and all(e.column == "organisation" for e in report.errors)
    assert {e.row for e in report.errors} == {8}  # O1 belongs to ONG B
    assert count(Activity) == 0
    refused = import_activities(files[0], organisation_name="ONG B", by_email=coordinator.email)
    assert refused.refused


def test_a_workbook_with_the_rosters_on_its_second_sheet(orgs, tmp_path):
    admin = make_user("admin")
    book = Workbook()
    for sheet, text in (
        (book.active, ACTIVITIES_CSV),
        (book.create_sheet("Participants"), ROSTER_CSV),
    ):
        delimiter = ";" if sheet.title == "Participants" else ","
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            sheet.append(row)
    path = tmp_path / "activites.xlsx"
    book.save(path)
    report = import_activities(path, by_email=admin.email)
    assert (report.refused, report.errors) == ("", [])
    assert (report.created, report.roster_rows) == (7, 6)
    assert count(Participant) == 6


def test_the_command(app, orgs, files):
    make_user("admin", email=app.config["ADMIN_EMAIL"])
    runner = app.test_cli_runner()
    dry = runner.invoke(
        args=["import-activities", str(files[0]), "--roster", str(files[1]), "--dry-run"]
    )
    assert dry.exit_code == 0, dry.output
    assert count(Activity) == 0
    done = runner.invoke(args=["import-activities", str(files[0]), "--roster", str(files[1])])
    assert done.exit_code == 0, done.output
    assert count(Activity) == 7


def plain(response) -> str:
    """The page's text with French spacing as plain spaces."""
    return response.text.replace("\xa0", " ").replace("\u202f", " ").replace("&#39;", "'")


def test_the_import_page_checks_then_imports(app, orgs, files):
    coordinator = make_user("coordinator", organisation=orgs[0])
    client = client_of(app, coordinator)
    own_rows = ACTIVITIES_CSV.replace(
        "O1,community_engagement,Assemblée villageoise,ONG B", "O1,autre,Autre,ONG A"
    )

    def send(dry_run: bool):
        data = {
            "organisation_id": str(orgs[0].id),
            "file": (io.BytesIO(own_rows.encode()), "activites.csv"),
            "roster": (io.BytesIO(ROSTER_CSV.encode()), "participants.csv"),
        }
        if dry_run:
            data["dry_run"] = "y"
        return client.post("/activities/import", data=data, content_type="multipart/form-data")

    checked = send(dry_run=True)
    assert "Activités à créer : 7 ;" in plain(checked)
    assert "rien n'a été enregistré" in plain(checked)
    assert count(Activity) == 0
    imported = send(dry_run=False)
    assert "Activités à créer : 7 ;" in plain(imported) and "rien n'a" not in plain(imported)
    assert count(Activity) == 7 and count(Participant) == 6
    again = send(dry_run=False)
    assert "inchangées : 7 ;" in plain(again)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_template_imports_as_it_is(app, orgs, tmp_path, language):
    coordinator = make_user("coordinator", organisation=orgs[0], preferred_language=language)
    client = client_of(app, coordinator)
    workbook = client.get("/activities/import/template.xlsx")
    assert workbook.status_code == 200
    path = tmp_path / "template.xlsx"
    path.write_bytes(workbook.data)
    report = import_activities(path, by_email=coordinator.email)
    assert (report.refused, report.errors) == ("", [])
    assert (report.created, report.roster_rows) == (2, 2)
    header = client.get("/activities/import/template.csv").data.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("identifiant_externe" if language == "fr" else "external_id")
