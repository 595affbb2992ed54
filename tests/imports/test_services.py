"""Importing: all or nothing, idempotent, updates on the timeline, intake's rules and matching."""

from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from legalaid.audit.models import AuditEntry
from legalaid.cases.models import (
    AdverseParty,
    Assignment,
    Beneficiary,
    Case,
    CaseEvent,
    GbvIncident,
    LitigationMatter,
)
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db
from legalaid.imports.services import (
    ImportNotAllowed,
    check_cases,
    import_cases,
    organisation_choices,
)
from legalaid.notifications.models import Notification
from legalaid.workflow.models import Hearing
from tests.builders import make_case, make_user
from tests.imports.conftest import case_row, count, table_counts, write_csv


def events(case: Case) -> list[tuple[str, str]]:
    return [
        (event.kind, event.text)
        for event in db.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)
        )
    ]


def audit_entries(action: str) -> list[AuditEntry]:
    """Entries written so far (some on their own connection: a new transaction sees them)."""
    db.session.commit()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def by_external_id(external_id: str) -> Case:
    return db.session.scalar(select(Case).where(Case.external_id == external_id))


@pytest.fixture
def three_kinds(org):
    """A detention case with its lawyer, a resolved GBV case, a closed litigation case."""
    lawyer, paralegal = org["lawyer"].email, org["paralegal"].email
    return [
        case_row(
            "detention",
            1,
            full_name="Moussa Keïta",
            sex="M",
            birth_year="",
            age="34",
            status="in_progress",
            lawyer_email=lawyer.upper(),
            charges="Vol aggravé",
            next_hearing="2026-12-10 09:30",
            service_level="representation",
        ),
        case_row(
            "gbv",
            2,
            status="resolved",
            lawyer_email=lawyer,
            outcome="mediation",
            resolved_on="2026-04-01",
            incident_date="15/01/2026",
        ),
        case_row(
            "litigation",
            3,
            status="closed",
            paralegal_email=paralegal,
            outcome="conciliation_agreement",
            resolved_on="2026-04-01",
            closed_on="2026-04-02",
            adverse_parties="Bakary Coulibaly ;  Mariam   Cissé",
            summary="Litige foncier à Sévaré.",
        ),
    ]


def test_import_creates_the_cases_with_intake_and_workflow_rules(org, three_kinds, csv_file):
    coordinator = org["coordinator"]
    report = import_cases(csv_file(three_kinds), by=coordinator, organisation=None)
    assert report.written and (report.created, report.updated, report.unchanged) == (3, 0, 0)
    detention, gbv, litigation = (by_external_id(f"KOBO-{n}") for n in (1, 2, 3))
    assert [case.reference for case in (detention, gbv, litigation)] == [
        "DET-2026-00001",
        "GBV-2026-00001",
        "LIT-2026-00001",
    ]
    assert report.created_cases == [(c.id, c.reference) for c in (detention, gbv, litigation)]
    assert all(c.organisation_id == org["organisation"].id for c in (detention, gbv, litigation))
    assert all(c.created_by_id == coordinator.id for c in (detention, gbv, litigation))
    assert (detention.status, detention.service_level) == ("in_progress", "representation")
    person = detention.beneficiary
    assert person.name_key == "keita musa" and person.birth_year_estimated
    assert person.region.name == "Mopti"
    record = db.session.scalar(select(DetentionRecord))
    assert record.prison.code == "MA-MOP" and record.committal_on == date(2026, 2, 3)
    assert record.charges == "Vol aggravé"
    hearing = db.session.scalar(select(Hearing))
    assert hearing.case_id == detention.id and hearing.scheduled_at == datetime(2026, 12, 10, 9, 30)
    assert [(a.user_id, a.role_on_case, a.assigned_by_id) for a in detention.assignments] == [
        (org["lawyer"].id, "lawyer", coordinator.id)
    ]
    assert events(detention) == [
        ("intake", ""),
        ("assignment", org["lawyer"].full_name),
        ("import", "Importé (identifiant externe KOBO-1)."),
    ]
    assert (gbv.outcome, gbv.resolved_on) == ("mediation", date(2026, 4, 1))
    assert db.session.scalar(select(GbvIncident.incident_date)) == date(2026, 1, 15)
    assert (litigation.status, litigation.close_reason) == ("closed", "resolved")
    assert litigation.closed_on == date(2026, 4, 2) and litigation.summary.startswith("Litige")
    parties = db.session.scalars(select(AdverseParty.full_name).order_by(AdverseParty.id))
    assert list(parties) == ["Bakary Coulibaly", "Mariam Cissé"]
    assert len(audit_entries("case_create")) == 3
    [entry] = audit_entries("import_cases")
    assert entry.details == "rows=3 created=3 updated=0 unchanged=0 invalid=0"
    assert (entry.outcome, entry.object_type) == ("ok", "Organisation")


def test_a_hearing_day_without_a_time_is_at_nine(org, csv_file):
    path = csv_file([case_row("detention", next_hearing="10/12/2026")])
    import_cases(path, by=org["coordinator"], organisation=None)
    assert db.session.scalar(select(Hearing.scheduled_at)) == datetime(2026, 12, 10, 9, 0)
    assert import_cases(path, by=org["coordinator"], organisation=None).unchanged == 1


def test_the_dry_run_counts_and_writes_nothing(org, three_kinds, csv_file):
    before = table_counts()
    report = check_cases(csv_file(three_kinds), by=org["coordinator"], organisation=None)
    assert (report.rows, report.created, report.written) == (3, 3, False)
    assert table_counts() == before
    [entry] = audit_entries("import_dry_run")
    assert entry.details == "rows=3 created=3 updated=0 unchanged=0 invalid=0"
    assert entry.user_id == org["coordinator"].id


def test_one_invalid_row_and_nothing_is_written(org, three_kinds, csv_file):
    rows = [*three_kinds, case_row("gbv", 4, incident_type="")]
    report = import_cases(csv_file(rows), by=org["coordinator"], organisation=None)
    assert not report.written and report.invalid_rows == 1
    assert count(Case) == count(Beneficiary) == count(CaseEvent) == 0
    [refused] = audit_entries("import_cases")
    assert refused.outcome == "refused"


def test_skip_invalid_imports_the_other_rows(org, three_kinds, csv_file):
    rows = [*three_kinds, case_row("gbv", 4, incident_type="")]
    report = import_cases(
        csv_file(rows), by=org["coordinator"], organisation=None, skip_invalid=True
    )
    assert report.written and (report.created, report.invalid_rows) == (3, 1)
    assert [error.row for error in report.errors] == [5]
    assert by_external_id("KOBO-4") is None and count(Case) == 3


def test_workers_of_open_imported_cases_are_told_as_on_assignment(org, three_kinds, csv_file):
    import_cases(csv_file(three_kinds), by=org["coordinator"], organisation=None)
    notified = db.session.execute(
        select(Notification.user_id, Notification.kind, Case.external_id).join(
            Case, Case.id == Notification.case_id
        )
    ).all()
    assert notified == [(org["lawyer"].id, "assigned", "KOBO-1")]  # not the resolved or closed


def test_importing_the_same_file_twice_creates_nothing_twice(org, three_kinds, csv_file):
    path = csv_file(three_kinds)
    import_cases(path, by=org["coordinator"], organisation=None)
    before = table_counts()
    again = import_cases(path, by=org["coordinator"], organisation=None)
    assert (again.created, again.updated, again.unchanged, again.invalid_rows) == (0, 0, 3, 0)
    assert table_counts() == before


def test_a_changed_row_updates_its_case_on_the_timeline(org, three_kinds, csv_file):
    import_cases(csv_file(three_kinds), by=org["coordinator"], organisation=None)
    case = by_external_id("KOBO-3")
    version = case.version
    changed = dict(three_kinds[2], forum="court", adverse_parties="Bakary Coulibaly")
    changed |= {"lawyer_email": org["lawyer"].email, "full_name": "Autre Orthographe"}
    before = table_counts()
    report = import_cases(
        csv_file([three_kinds[0], changed]), by=org["coordinator"], organisation=None
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    db.session.refresh(case)
    assert case.version > version
    assert db.session.scalar(select(LitigationMatter.forum)) == "court"
    assert list(db.session.scalars(select(AdverseParty.full_name))) == ["Bakary Coulibaly"]
    assert {a.user_id for a in case.active_assignments} == {
        org["paralegal"].id,
        org["lawyer"].id,
    }
    assert events(case)[-2:] == [
        ("assignment", org["lawyer"].full_name),
        ("import", "Mis à jour par import : forum, adverse_parties, lawyer_email."),
    ]
    after = table_counts()
    assert after["beneficiaries"] == before["beneficiaries"] and after["cases"] == before["cases"]
    assert case.beneficiary.full_name == "Personne Numéro 3"  # a person is never overwritten
    [update] = audit_entries("case_update")
    assert update.details == "import: forum, adverse_parties, lawyer_email"


def test_a_new_lawyer_takes_the_place_of_the_former_one(org, csv_file):
    other_lawyer = make_user("lawyer", organisation=org["organisation"])
    first = case_row("detention", status="assigned", lawyer_email=org["lawyer"].email)
    import_cases(csv_file([first]), by=org["coordinator"], organisation=None)
    second = dict(first, lawyer_email=other_lawyer.email)
    import_cases(csv_file([second]), by=org["coordinator"], organisation=None)
    history = db.session.scalars(select(Assignment).order_by(Assignment.id)).all()
    assert [(a.user_id, a.ended_at is None) for a in history] == [
        (org["lawyer"].id, False),
        (other_lawyer.id, True),
    ]


def test_an_update_changes_only_the_columns_of_the_file(org, three_kinds, csv_file):
    import_cases(csv_file(three_kinds), by=org["coordinator"], organisation=None)
    header = ["external_id", "kind", "opened_on", "full_name", "sex", "matter_type", "summary"]
    rows = [case_row("litigation", 3, summary="Nouveau résumé.")]
    report = import_cases(csv_file(rows, header=header), by=org["coordinator"], organisation=None)
    assert report.updated == 1
    case = by_external_id("KOBO-3")
    assert case.summary == "Nouveau résumé."
    assert (case.status, case.outcome) == ("closed", "conciliation_agreement")
    assert db.session.scalar(select(LitigationMatter.forum)) == "customary"


def test_the_kind_of_an_imported_case_cannot_change(org, csv_file, english):
    import_cases(csv_file([case_row("litigation", 1)]), by=org["coordinator"], organisation=None)
    report = check_cases(csv_file([case_row("gbv", 1)]), by=org["coordinator"], organisation=None)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "kind", "This case exists as a litigation case; the kind cannot change.")
    ]


def test_rows_are_linked_to_the_organisations_known_beneficiaries(org, other_org, csv_file):
    known = make_case("litigation", by=org["paralegal"], full_name="Moussa Keïta", birth_year=1990)
    by_phone = make_case(
        "litigation", by=org["paralegal"], full_name="Awa Traoré", phone="76 12 34 56"
    )
    make_case("litigation", by=other_org["paralegal"], full_name="Fanta Diarra", birth_year=1980)
    rows = [
        case_row("detention", 1, full_name="KEITA Moussa", birth_year="1991"),
        case_row("gbv", 2, full_name="Awa Traore", birth_year="1960", phone="+223 76123456"),
        case_row("litigation", 3, full_name="Fanta Diarra", birth_year="1980"),
        case_row("litigation", 4, full_name="Moussa Keïta", birth_year="1970"),
        case_row("litigation", 5, full_name="Sékou Touré"),
        case_row("gbv", 6, full_name="Sekou Toure", birth_year="1991"),
    ]
    before = count(Beneficiary)
    report = import_cases(csv_file(rows), by=org["coordinator"], organisation=None)
    assert report.created == 6
    people = {n: by_external_id(f"KOBO-{n}").beneficiary_id for n in range(1, 7)}
    assert people[1] == known.beneficiary_id
    assert people[2] == by_phone.beneficiary_id
    assert people[3] not in {known.beneficiary_id, by_phone.beneficiary_id}  # another org's
    assert people[4] != known.beneficiary_id  # born twenty years apart: someone else
    assert people[5] == people[6]  # the same new person twice in one file
    assert count(Beneficiary) == before + 3


def test_french_headers_and_kobo_group_paths_are_read(org, tmp_path):
    header = [
        "Identifiant externe",
        "Type de dossier",
        "Date d’ouverture",
        "groupe_personne/Nom complet",
        "Sexe",
        "Âge",
        "Région",
        "Type d'affaire",
        "Instance",
        "Parties adverses",
        "Résumé",
        "_submission_time",
        "_uuid",
    ]
    values = [
        "ODK-7",
        "litigation",
        "02/03/2026",
        "Oumou Sangaré",
        "F",
        "40",
        "Ségou",
        "inheritance",
        "court",
        "Bakary Coulibaly",
        "Héritage contesté.",
        "2026-03-02T10:00:00",
        "c0ffee",
    ]
    path = write_csv(tmp_path / "fr.csv", [dict(zip(header, values, strict=True))], header=header)
    report = import_cases(path, by=org["coordinator"], organisation=None)
    assert report.unknown_columns == ("_submission_time", "_uuid")
    assert report.created == 1, report.errors
    case = by_external_id("ODK-7")
    assert case.summary == "Héritage contesté." and case.beneficiary.region.name == "Ségou"
    assert db.session.scalar(select(LitigationMatter.matter_type)) == "inheritance"


def test_a_semicolon_csv_with_a_byte_order_mark(org, three_kinds, csv_file):
    path = csv_file(three_kinds, delimiter=";", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfexternal_id;kind;")
    report = import_cases(path, by=org["coordinator"], organisation=None)
    assert report.created == 3, report.errors
    assert by_external_id("KOBO-3").summary == "Litige foncier à Sévaré."


def test_an_xlsx_workbook_with_typed_cells(org, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["external_id", "kind", "opened_on", "full_name", "sex", "birth_year"])
    sheet.append(["X-1", "litigation", datetime(2026, 3, 2), "Awa Traoré", "F", 1990])
    sheet.append([])
    sheet.append(["X-2", "litigation", "2026-03-03", "Oumar Cissé", "M", 1985.0])
    sheet.append(["X-3", "litigation", date(2026, 3, 4), "Hawa Diarra", "F", None])
    workbook.create_sheet("Notes").append(["ignored"])
    for row in (2, 4, 5):
        sheet.cell(row=row, column=7, value="land")
    sheet.cell(row=1, column=7, value="matter_type")
    workbook.save(tmp_path / "export.xlsx")
    report = import_cases(tmp_path / "export.xlsx", by=org["coordinator"], organisation=None)
    assert report.created == 3, report.errors
    assert by_external_id("X-1").opened_on == date(2026, 3, 2)
    assert by_external_id("X-2").beneficiary.birth_year == 1985
    assert by_external_id("X-3").opened_on == date(2026, 3, 4)


def test_a_formula_in_an_xlsx_cell_is_a_row_error(org, tmp_path, english):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["external_id", "kind", "opened_on", "full_name", "sex", "matter_type"])
    sheet.append(["X-1", "litigation", "2026-03-02", '=CONCAT("Awa", " Traoré")', "F", "land"])
    workbook.save(tmp_path / "export.xlsx")
    report = import_cases(tmp_path / "export.xlsx", by=org["coordinator"], organisation=None)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "full_name", "Formulas are not accepted: type the value itself.")
    ]
    assert count(Case) == 0


def test_an_external_id_twice_in_a_file(org, csv_file, english):
    rows = [case_row("litigation", 1), case_row("gbv", 2), case_row("detention", 1)]
    report = import_cases(csv_file(rows), by=org["coordinator"], organisation=None)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (4, "external_id", "Already on row 2 of the file.")
    ]
    assert count(Case) == 0


def test_the_same_external_id_in_two_organisations_is_two_cases(org, other_org, csv_file):
    path = csv_file([case_row("litigation", 1)])
    import_cases(path, by=org["coordinator"], organisation=None)
    report = import_cases(path, by=other_org["coordinator"], organisation=None)
    assert report.created == 1
    assert {case.organisation_id for case in db.session.scalars(select(Case))} == {
        org["organisation"].id,
        other_org["organisation"].id,
    }


def test_an_admin_imports_rows_of_several_organisations(org, other_org, csv_file):
    admin = make_user("admin")
    rows = [
        case_row("litigation", 1, organisation="association des juristes maliennes"),
        case_row("litigation", 2, organisation="Barreau du Mali"),
    ]
    report = import_cases(csv_file(rows), by=admin, organisation=None)
    assert report.created == 2, report.errors
    assert by_external_id("KOBO-2").organisation_id == other_org["organisation"].id
    assert organisation_choices(admin)[1:] == [
        (org["organisation"].id, "Association des juristes maliennes"),
        (other_org["organisation"].id, "Barreau du Mali"),
    ]


def test_a_coordinator_imports_for_their_own_organisation_only(org, other_org, csv_file):
    path = csv_file([case_row()])
    with pytest.raises(ImportNotAllowed):
        check_cases(path, by=org["coordinator"], organisation=other_org["organisation"])
    assert organisation_choices(org["coordinator"]) == [
        (org["organisation"].id, "Association des juristes maliennes")
    ]


@pytest.mark.parametrize("role", ["lawyer", "paralegal", "viewer", "prison_officer"])
def test_other_roles_may_not_import(org, csv_file, role):
    with pytest.raises(ImportNotAllowed):
        import_cases(csv_file([case_row()]), by=make_user(role), organisation=None)


def test_batches_number_the_rows_of_the_file(org, csv_file, monkeypatch, english):
    """Several batches, blank lines kept in the numbering: errors point at the right row."""
    monkeypatch.setattr("legalaid.imports.services.BATCH_SIZE", 2)
    rows = [case_row("litigation", n) for n in range(1, 6)] + [case_row("gbv", 9, sex="Z")]
    path = csv_file(rows)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines[:3], ",,,", *lines[3:]]) + "\n", encoding="utf-8")
    report = import_cases(path, by=org["coordinator"], organisation=None, skip_invalid=True)
    assert (report.created, report.invalid_rows) == (5, 1)
    assert [(error.row, error.column) for error in report.errors] == [(8, "sex")]
    references = sorted(db.session.scalars(select(Case.reference)))
    assert references == [f"LIT-2026-0000{n}" for n in range(1, 6)]


def test_a_concurrent_import_of_the_same_rows_is_stopped_by_the_database(
    org, csv_file, monkeypatch, english
):
    """Two imports at once may both find a case missing; the unique key lets one write it."""
    path = csv_file([case_row("litigation", 1), case_row("gbv", 2)])
    import_cases(path, by=org["coordinator"], organisation=None)
    monkeypatch.setattr("legalaid.imports.services._existing", lambda rows: {})
    report = import_cases(path, by=org["coordinator"], organisation=None)
    assert not report.written and report.problem.startswith("Another import wrote")
    assert count(Case) == 2
