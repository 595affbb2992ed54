"""`flask purge-expired`: names go once every case is long closed; the statistics stay."""

import secrets
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from legalaid.audit.models import AuditEntry
from legalaid.cases.documents import upload_folder
from legalaid.cases.models import (
    AdverseParty,
    Beneficiary,
    Case,
    CaseEvent,
    CaseKind,
    Document,
    EventKind,
    GbvIncident,
)
from legalaid.cases.services import BeneficiaryData, IntakeData, open_case
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db
from legalaid.formutils import local_today
from legalaid.maintenance.services import (
    ANONYMISED,
    MaintenanceError,
    expiry_cutoff,
    purge_expired,
)
from legalaid.workflow.models import Hearing
from tests.builders import make_case

TODAY = date(2026, 11, 29)
YEARS = 10


def close(case: Case, on: date) -> Case:
    """Mark the case closed on `on`, with its outcome (the workflow is tested elsewhere)."""
    case.status, case.outcome, case.resolved_on = "closed", "referred", on
    case.closed_on, case.close_reason = on, "resolved"
    db.session.commit()
    return case


def years_ago(years: int, today: date = TODAY) -> date:
    """The same day `years` years before `today` (the 28th for a 29 February)."""
    return expiry_cutoff(today, years)


def second_case(first: Case) -> Case:
    """Another (GBV) case for the beneficiary of `first`, taken in by the same person."""
    data = IntakeData(
        kind="gbv",
        opened_on=date(2026, 3, 2),
        service_level="advice",
        beneficiary=BeneficiaryData(full_name="", sex="F"),
        existing_beneficiary_id=first.beneficiary_id,
        details={"incident_type": "rape"},
    )
    return open_case(data, first.created_by, today=TODAY)


@pytest.fixture
def people(org):
    """Who is past retention and who is not, with the details that identify them."""
    paralegal = org["paralegal"]
    identity = {
        "phone": "76 12 34 56",
        "address": "Sévaré, près du marché",
        "commune": "Socoura",
        "birth_date": date(1990, 5, 4),
        "has_disability": True,
        "disability_details": "malvoyante",
    }
    old_gbv = make_case(
        "gbv",
        by=paralegal,
        full_name="Fatoumata Coulibaly",
        opened_on=date(2014, 2, 3),
        details={"narrative": "Ce qui s'est passé", "referrals_made": "CSCOM de Sévaré"},
        **identity,
    )
    old_litigation = make_case(
        "litigation",
        by=paralegal,
        full_name="Awa Traoré",
        opened_on=date(2014, 2, 3),
        adverse_parties=["Issa Keïta", "Bakary Sidibé"],
    )
    recent = make_case(
        "litigation", by=paralegal, full_name="Aminata Diallo", opened_on=date(2016, 5, 2)
    )
    helped_long_ago = make_case(
        "gbv",
        by=paralegal,
        full_name="Mariam Sangaré",
        opened_on=date(2014, 2, 3),
        details={"narrative": "Premier récit"},
    )
    helped_again = second_case(helped_long_ago)
    for case in (old_gbv, old_litigation, helped_long_ago):
        close(case, years_ago(11))
    close(recent, years_ago(9))
    return {
        "old_gbv": old_gbv,
        "old_litigation": old_litigation,
        "recent": recent,
        "helped_long_ago": helped_long_ago,
        "helped_again": helped_again,
    }


def counts_by_kind() -> dict[str, int]:
    """What the reports count: cases per kind."""
    return dict(db.session.execute(select(Case.kind, func.count()).group_by(Case.kind)).all())


def names() -> dict[int, str]:
    """Beneficiary names by case id."""
    rows = db.session.execute(select(Case.id, Beneficiary.full_name).join(Case.beneficiary))
    return dict(rows.all())


def test_only_people_whose_every_case_closed_long_ago_are_anonymised(people):
    before_counts, before_names = counts_by_kind(), names()
    cases_before = db.session.execute(select(Case).order_by(Case.id)).scalars().all()
    snapshot = [(c.id, c.kind, c.status, c.outcome, c.opened_on, c.closed_on) for c in cases_before]

    report = purge_expired(today=TODAY, years=YEARS)

    assert report.anonymised == 2
    assert report.closed_before == date(2016, 11, 29)
    db.session.expire_all()
    after = names()
    gone = {people["old_gbv"].id, people["old_litigation"].id}
    assert {case_id for case_id, name in after.items() if name == ANONYMISED} == gone
    assert {k: v for k, v in after.items() if k not in gone} == {
        k: v for k, v in before_names.items() if k not in gone
    }
    survivor = db.session.get(Beneficiary, people["old_gbv"].beneficiary_id)
    assert (survivor.name_key, survivor.phone, survivor.phone_key) == ("", None, None)
    assert (survivor.address, survivor.commune, survivor.birth_date) == (None, None, None)
    assert survivor.disability_details is None
    assert (survivor.sex, survivor.birth_year, survivor.has_disability) == ("F", 1990, True)
    incident = db.session.scalar(
        select(GbvIncident).where(GbvIncident.case_id == people["old_gbv"].id)
    )
    assert (incident.narrative, incident.referrals_made) == (None, None)
    assert incident.incident_type == "physical_assault" and incident.consent_reporting
    parties = db.session.execute(select(AdverseParty.full_name, AdverseParty.name_key)).all()
    assert sorted(parties) == [(ANONYMISED, ""), (ANONYMISED, "")]
    assert counts_by_kind() == before_counts == {"gbv": 3, "litigation": 2}
    cases_after = db.session.execute(select(Case).order_by(Case.id)).scalars().all()
    assert [
        (c.id, c.kind, c.status, c.outcome, c.opened_on, c.closed_on) for c in cases_after
    ] == snapshot
    assert db.session.scalar(
        select(AuditEntry.details).where(AuditEntry.action == "retention_purge")
    )


def with_free_text(case: Case, author, *, mention: str) -> Document:
    """A summary, a note, a hearing decision and a stored document that all name someone."""
    case.summary = f"Affaire de {mention}"
    db.session.add(CaseEvent(case_id=case.id, kind=EventKind.NOTE, author=author, text=mention))
    db.session.add(
        Hearing(
            case_id=case.id,
            scheduled_at=datetime(2015, 3, 2, 9, 0),
            decision=f"{mention} entendu",
            adjournment_reason=f"absence de {mention}",
            created_by_id=author.id,
        )
    )
    stored_name = secrets.token_hex(24)
    (upload_folder() / stored_name).write_bytes(b"%PDF-1.4")
    document = Document(
        case_id=case.id,
        original_name=f"PV {mention}.pdf",
        stored_name=stored_name,
        content_type="application/pdf",
        document_type="other",
        size=8,
        sha256="0" * 64,
        uploaded_by_id=author.id,
    )
    db.session.add(document)
    db.session.commit()
    return document


def free_texts(case: Case) -> tuple:
    """Every free text of a case that a worker may have written a name into."""
    on_case = case.id
    return (
        case.summary,
        db.session.scalar(
            select(DetentionRecord.charges).where(DetentionRecord.case_id == on_case)
        ),
        sorted(db.session.scalars(select(CaseEvent.text).where(CaseEvent.case_id == on_case))),
        db.session.execute(
            select(Hearing.decision, Hearing.adjournment_reason).where(Hearing.case_id == on_case)
        ).one(),
    )


def test_free_text_and_documents_that_may_name_them_go_too(org):
    paralegal = org["paralegal"]
    old = make_case(
        "detention",
        by=paralegal,
        full_name="Moussa Diarra",
        opened_on=date(2014, 2, 3),
        details={"charges": "vol chez Moussa Diarra"},
    )
    kept = make_case("litigation", by=paralegal, full_name="Aminata Diallo")
    old_document = with_free_text(old, paralegal, mention="Moussa Diarra")
    kept_document = with_free_text(kept, paralegal, mention="Aminata Diallo")
    close(old, years_ago(11))

    assert purge_expired(today=TODAY, years=YEARS).anonymised == 1

    db.session.expire_all()
    assert "Moussa" not in repr(free_texts(old))
    assert "Aminata Diallo" in repr(free_texts(kept))
    assert old_document.original_name == ANONYMISED and old_document.deleted_at is not None
    assert not (upload_folder() / old_document.stored_name).exists()
    assert kept_document.original_name == "PV Aminata Diallo.pdf"
    assert kept_document.deleted_at is None
    assert (upload_folder() / kept_document.stored_name).exists()


def test_someone_helped_again_keeps_every_detail(people):
    purge_expired(today=TODAY, years=YEARS)
    db.session.expire_all()
    old = people["helped_long_ago"]
    assert old.beneficiary.full_name == "Mariam Sangaré"
    assert people["helped_again"].beneficiary_id == old.beneficiary_id
    narrative = select(GbvIncident.narrative).where(GbvIncident.case_id == old.id)
    assert db.session.scalar(narrative) == "Premier récit"


def test_dry_run_counts_and_changes_nothing(people):
    before = names()
    assert purge_expired(today=TODAY, years=YEARS, dry_run=True).anonymised == 2
    db.session.expire_all()
    assert names() == before
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "retention_purge")
        )
        == 0
    )


def test_a_second_run_anonymises_nobody(people):
    assert purge_expired(today=TODAY, years=YEARS).anonymised == 2
    assert purge_expired(today=TODAY, years=YEARS).anonymised == 0
    assert purge_expired(today=TODAY, years=YEARS, dry_run=True).anonymised == 0


@pytest.mark.parametrize(
    ("closed_on", "anonymised"), [(date(2016, 11, 28), 1), (date(2016, 11, 29), 0)]
)
def test_the_limit_is_the_same_day_years_before(org, closed_on, anonymised):
    close(make_case("litigation", by=org["paralegal"], opened_on=date(2015, 1, 5)), closed_on)
    assert purge_expired(today=TODAY, years=YEARS).anonymised == anonymised


def test_a_case_marked_closed_without_a_date_keeps_the_person(org):
    case = close(
        make_case("litigation", by=org["paralegal"], opened_on=date(2010, 1, 5)), date(2011, 1, 1)
    )
    case.closed_on = None
    db.session.commit()
    assert purge_expired(today=TODAY, years=YEARS).anonymised == 0


def test_the_cutoff_of_29_february_is_the_28th():
    assert expiry_cutoff(date(2028, 2, 29), 10) == date(2018, 2, 28)
    assert expiry_cutoff(date(2028, 3, 1), 10) == date(2018, 3, 1)


def test_a_retention_under_one_year_is_refused(people):
    with pytest.raises(MaintenanceError):
        purge_expired(today=TODAY, years=0)


def test_the_command_counts_then_anonymises(cli, org):
    today = local_today()
    for years, name in ((11, "Kadiatou Touré"), (12, "Oumou Sow"), (9, "Nana Cissé")):
        case = make_case(
            "litigation", by=org["paralegal"], full_name=name, opened_on=years_ago(years + 1, today)
        )
        close(case, years_ago(years, today))

    dry = cli("purge-expired", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.output.startswith("2 ") and years_ago(10, today).isoformat() in dry.output
    assert sorted(names().values()) == ["Kadiatou Touré", "Nana Cissé", "Oumou Sow"]

    run = cli("purge-expired")
    assert run.exit_code == 0, run.output
    assert run.output.startswith("2 ")
    assert sorted(names().values()) == sorted([ANONYMISED, ANONYMISED, "Nana Cissé"])
    assert cli("purge-expired").output.startswith("0 ")
    assert counts_by_kind() == {CaseKind.LITIGATION: 3}
