"""Land services: seeded commissions, sessions, the PV's filing and the court's decision."""

import csv
from datetime import date

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from legalaid.audit.models import AuditEntry
from legalaid.cases.models import CaseEvent
from legalaid.editing import EditConflict
from legalaid.extensions import db
from legalaid.land.kind import KIND
from legalaid.land.models import ConciliationSession, LandCommission
from legalaid.land.services import (
    DATA_DIR,
    LandRefused,
    SessionData,
    dispute_of,
    file_pv,
    path_steps,
    record_decision,
    record_session,
    seed_commissions,
    update_session,
)
from legalaid.reference.models import Court, Region
from tests.cases.test_intake import client_of
from tests.land.conftest import resolve


@pytest.fixture(autouse=True)
def english():
    """The services' messages in English, the source language."""
    with force_locale("en"):
        yield


def test_the_commissions_are_seeded_once(reference):
    # `reference` is what `flask seed-reference` loads: it asked the kind, which added all 39.
    assert db.session.scalar(select(func.count()).select_from(LandCommission)) == 39
    assert KIND.seed_reference() == 0
    assert seed_commissions() == 0
    mopti = db.session.scalars(
        select(LandCommission).where(LandCommission.code == "COFO-MOP-MOPTI")
    ).one()
    assert (mopti.name, mopti.level, mopti.commune, mopti.region.code, mopti.active) == (
        "Commission foncière de Mopti",
        "commune",
        "Mopti",
        "MOP",
        True,
    )


def test_every_programme_region_has_its_communal_commissions(reference):
    seed_commissions()
    per_region = dict(
        db.session.execute(
            select(Region.code, func.count(LandCommission.id))
            .join(LandCommission.region)
            .group_by(Region.code)
        ).all()
    )
    assert per_region == {
        "MOP": 7, "BDG": 3, "DOU": 1, "SEG": 7, "SAN": 2, "TBT": 5,
        "SIK": 2, "KTL": 2, "BGN": 3, "KAY": 4, "KIT": 1, "NIO": 2,
    }  # fmt: skip


def test_the_data_file_names_each_commission_after_its_commune():
    with (DATA_DIR / "commissions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len({row["code"] for row in rows}) == len(rows)
    for row in rows:
        assert row["name"] in (
            f"Commission foncière de {row['commune']}",
            f"Commission foncière d'{row['commune']}",
        )
        assert row["code"].startswith(f"COFO-{row['region_code']}-")


def test_a_seeded_commission_corrected_by_an_admin_stays_corrected(reference):
    seed_commissions()
    konna = db.session.scalars(
        select(LandCommission).where(LandCommission.code == "COFO-MOP-KONNA")
    ).one()
    konna.name, konna.active = "Commission foncière communale de Konna", False
    db.session.commit()
    assert seed_commissions() == 0
    db.session.refresh(konna)
    assert (konna.name, konna.active) == ("Commission foncière communale de Konna", False)


def _session(held_on=date(2026, 3, 10), party_ids=(), total=12, women=5, youth=4, minutes=""):
    return SessionData(
        held_on=held_on,
        place="Mairie de Socoura",
        beneficiary_present=True,
        present_party_ids=list(party_ids),
        attendance_total=total,
        attendance_women=women,
        attendance_youth=youth,
        minutes=minutes,
    )


def test_a_session_is_recorded_with_its_timeline_and_audit_entries(org, land):
    dispute = dispute_of(land)
    first, _second, witness = dispute.parties
    version = land.version
    session = record_session(
        land,
        org["paralegal"],
        _session(party_ids=[first.id, witness.id], minutes=" Accord de principe "),
        expected_version=version,
    )
    assert land.version == version + 1
    assert [p.full_name for p in session.present_parties] == [
        "Lignage Kouyaté de Socoura",
        "Fatoumata Djiré",
    ]
    assert (session.attendance_total, session.attendance_women, session.attendance_youth) == (
        12,
        5,
        4,
    )
    assert session.minutes == "Accord de principe"
    event = db.session.scalars(select(CaseEvent).order_by(CaseEvent.id.desc())).first()
    assert (event.kind, event.action_type, event.text, event.facts) == (
        "action",
        "mediation",
        "Accord de principe",
        {"held_on": "2026-03-10", "attendance": 12},
    )
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "land_session_create")
    ).one()
    assert entry.user_id == org["paralegal"].id


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_session(held_on=date(2026, 3, 1)), "before the commission was seized"),
        (_session(women=13), "counted in the total"),
        (_session(party_ids=[999_999]), "among the dispute's parties"),
    ],
)
def test_a_session_that_breaks_a_rule_is_refused(org, land, data, message):
    with pytest.raises(LandRefused, match=message):
        record_session(land, org["paralegal"], data, expected_version=land.version)
    assert db.session.scalar(select(func.count(ConciliationSession.id))) == 0


def test_a_session_from_a_stale_page_is_refused(org, land):
    with pytest.raises(EditConflict):
        record_session(land, org["paralegal"], _session(), expected_version=land.version - 1)


def test_only_those_who_work_on_the_case_record_sessions(org, other_org, land):
    for outsider in (other_org["coordinator"], org["other_paralegal"]):
        with pytest.raises(LandRefused, match="You may not do this on this case"):
            record_session(land, outsider, _session(), expected_version=land.version)


def test_a_session_is_corrected(org, land):
    session = record_session(land, org["lawyer"], _session(), expected_version=land.version)
    update_session(
        land,
        session,
        org["coordinator"],
        _session(total=20, women=11, youth=2),
        expected_version=land.version,
    )
    db.session.refresh(session)
    assert (session.attendance_total, session.attendance_women) == (20, 11)
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["land_session_create", "land_session_update"]


def _court(code="TGI-MOP"):
    return (
        db.session.scalars(select(Court).where(Court.code == code)).first()
        or db.session.scalars(select(Court).order_by(Court.code)).first()
    )


def test_the_pv_is_filed_once_the_case_has_a_conciliation_agreement(org, land):
    court = _court()
    with pytest.raises(LandRefused, match="Only a PV of conciliation"):
        file_pv(
            land,
            org["paralegal"],
            court_id=court.id,
            filed_on=date(2026, 5, 10),
            expected_version=land.version,
        )
    resolve(land, "non_conciliation")
    with pytest.raises(LandRefused, match="Only a PV of conciliation"):
        file_pv(
            land,
            org["paralegal"],
            court_id=court.id,
            filed_on=date(2026, 5, 10),
            expected_version=land.version,
        )
    resolve(land, "conciliation_agreement", date(2026, 5, 4))
    with pytest.raises(LandRefused, match="before its own date"):
        file_pv(
            land,
            org["paralegal"],
            court_id=court.id,
            filed_on=date(2026, 5, 3),
            expected_version=land.version,
        )
    file_pv(
        land,
        org["paralegal"],
        court_id=court.id,
        filed_on=date(2026, 5, 4),
        expected_version=land.version,
    )
    dispute = dispute_of(land)
    assert (dispute.pv_court_id, dispute.pv_filed_on) == (court.id, date(2026, 5, 4))
    event = db.session.scalars(select(CaseEvent).order_by(CaseEvent.id.desc())).first()
    assert (event.action_type, event.text, event.facts) == (
        "filing",
        court.name,
        {"filed_on": "2026-05-04", "court": court.code},
    )
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "land_pv_filing")) == 1


def test_the_courts_decision_needs_a_filing_and_a_later_date(org, land):
    court = _court()
    resolve(land)
    with pytest.raises(LandRefused, match="filing of the PV"):
        record_decision(
            land,
            org["lawyer"],
            recognition="recognised",
            decided_on=date(2026, 6, 1),
            expected_version=land.version,
        )
    file_pv(
        land,
        org["lawyer"],
        court_id=court.id,
        filed_on=date(2026, 5, 10),
        expected_version=land.version,
    )
    with pytest.raises(LandRefused, match="before the PV was filed"):
        record_decision(
            land,
            org["lawyer"],
            recognition="recognised",
            decided_on=date(2026, 5, 9),
            expected_version=land.version,
        )
    with pytest.raises(LandRefused, match="Choose the court's decision"):
        record_decision(
            land,
            org["lawyer"],
            recognition="homologue",
            decided_on=date(2026, 6, 1),
            expected_version=land.version,
        )
    with pytest.raises(EditConflict):
        record_decision(
            land,
            org["lawyer"],
            recognition="recognised",
            decided_on=date(2026, 6, 1),
            expected_version=land.version - 1,
        )
    record_decision(
        land,
        org["lawyer"],
        recognition="recognised",
        decided_on=date(2026, 5, 10),
        expected_version=land.version,
    )
    dispute = dispute_of(land)
    assert (dispute.recognition, dispute.recognised_on) == ("recognised", date(2026, 5, 10))
    with pytest.raises(LandRefused, match="decided on this PV already"):
        file_pv(
            land,
            org["lawyer"],
            court_id=court.id,
            filed_on=date(2026, 5, 10),
            expected_version=land.version,
        )
    event = db.session.scalars(select(CaseEvent).order_by(CaseEvent.id.desc())).first()
    assert event.facts == {"recognition": "recognised", "on": "2026-05-10"}


def test_the_path_shows_each_step_done_or_not(org, land):
    dispute = dispute_of(land)
    assert [(s["step"], s["done"]) for s in path_steps(land, dispute)] == [
        ("seized", True), ("sessions", False), ("pv", False), ("filed", False),
        ("decision", False),
    ]  # fmt: skip
    record_session(land, org["paralegal"], _session(), expected_version=land.version)
    record_session(
        land, org["paralegal"], _session(date(2026, 4, 2)), expected_version=land.version
    )
    resolve(land)
    file_pv(
        land,
        org["lawyer"],
        court_id=_court().id,
        filed_on=date(2026, 5, 10),
        expected_version=land.version,
    )
    record_decision(
        land,
        org["coordinator"],
        recognition="refused",
        decided_on=date(2026, 6, 1),
        expected_version=land.version,
    )
    steps = path_steps(land, dispute_of(land))
    assert all(step["done"] for step in steps)
    assert (steps[1]["count"], steps[1]["on"]) == (2, date(2026, 4, 2))
    assert (steps[2]["outcome"], steps[4]["recognition"]) == ("conciliation_agreement", "refused")


def test_the_timeline_says_each_step_in_french(app, org, land):
    court = _court()
    alone = _session(total=1, women=1, youth=0)
    record_session(land, org["paralegal"], alone, expected_version=land.version)
    record_session(land, org["paralegal"], _session(total=14), expected_version=land.version)
    resolve(land, "conciliation_agreement", date(2026, 5, 4))
    file_pv(
        land, org["paralegal"], court_id=court.id, filed_on=date(2026, 5, 6),
        expected_version=land.version,
    )  # fmt: skip
    record_decision(
        land, org["lawyer"], recognition="recognised", decided_on=date(2026, 6, 1),
        expected_version=land.version,
    )  # fmt: skip
    page = client_of(app, org["lawyer"]).get(f"/cases/{land.id}").text
    assert "Séance de conciliation du 10/03/2026 : 1 participant" in page
    assert "Séance de conciliation du 10/03/2026 : 14 participants" in page
    assert f"Procès-verbal déposé au tribunal le 06/05/2026 · {court.name}" in page
    assert "Procès-verbal homologué par le tribunal le 01/06/2026" in page
