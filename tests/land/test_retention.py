"""The retention purge of land disputes (issue 15): names, phones, places, the parcel and the
minutes go; the counts and dates the reports need stay; other cases are not touched. The
bench's made-up disputes are valid ones."""

from datetime import date
from random import Random

from sqlalchemy import select

from legalaid.cases.models import Case
from legalaid.extensions import db
from legalaid.land.bench import dispute_details
from legalaid.land.kind import KIND
from legalaid.land.models import ConciliationSession, LandDispute, LandParty
from legalaid.land.retention import purge
from legalaid.maintenance.services import ANONYMISED
from tests.land.conftest import make_land_case


def _dispute(case) -> LandDispute:
    return db.session.scalar(select(LandDispute).where(LandDispute.case_id == case.id))


def _with_a_session(case, by) -> None:
    db.session.add(
        ConciliationSession(
            dispute_id=_dispute(case).id,
            held_on=date(2026, 3, 10),
            place="Vestibule du chef de village",
            attendance_total=14,
            attendance_women=6,
            attendance_youth=3,
            minutes="Le lignage Kouyaté reconnaît la limite du champ de Hamadoun Cissé.",
            recorded_by_id=by.id,
        )
    )
    db.session.commit()


def test_the_purge_clears_every_name_and_place_of_the_disputes(org, commissions):
    by = org["paralegal"]
    purged = make_land_case(by, parcel="Champ au bord du marigot", latitude=14.49, longitude=-4.19)
    kept = make_land_case(by, full_name="Oumar Guindo", parcel="Rizière de bas-fond")
    for case in (purged, kept):
        _with_a_session(case, by)

    purge(select(Case.id).where(Case.id == purged.id))
    db.session.commit()
    db.session.expire_all()

    dispute = _dispute(purged)
    assert (dispute.place, dispute.parcel, dispute.latitude, dispute.longitude) == (None,) * 4
    assert (dispute.nature, dispute.seized_on) == ("boundary", date(2026, 3, 2))
    assert [(p.full_name, p.name_key, p.phone) for p in dispute.parties] == [
        (ANONYMISED, "", None)
    ] * 3
    assert [(p.kind, p.role, p.sex) for p in dispute.parties] == [
        ("group", "other", None),
        ("person", "other", "M"),
        ("person", "witness", "F"),
    ]
    (session,) = dispute.sessions
    assert (session.place, session.minutes) == (None, None)
    assert (session.attendance_total, session.attendance_women, session.attendance_youth) == (
        14,
        6,
        3,
    )

    other = _dispute(kept)
    assert (other.place, other.parcel) == ("Socoura", "Rizière de bas-fond")
    assert "Hamadoun Cissé" in [party.full_name for party in other.parties]
    assert other.sessions[0].minutes.startswith("Le lignage Kouyaté")
    assert db.session.scalar(select(LandParty.phone).where(LandParty.phone.is_not(None))) == (
        "76 12 34 56"
    )


def test_a_bench_dispute_is_a_valid_dispute_the_purge_clears(org, commissions):
    case = make_land_case(org["paralegal"], parties=[])
    db.session.delete(_dispute(case))
    db.session.flush()
    reference = {"land_commissions": [commission.id for commission in commissions.values()]}
    details = dispute_details(Random(15), date(2026, 3, 2), reference)
    assert details["commission_id"] in reference["land_commissions"]
    assert date(2026, 1, 31) <= details["seized_on"] <= date(2026, 3, 2)
    db.session.add(KIND.new_details(case, details, []))
    db.session.commit()
    dispute = _dispute(case)
    assert 1 <= len(dispute.other_side) <= 3 and dispute.parcel

    purge(select(Case.id).where(Case.id == case.id))
    db.session.commit()
    db.session.expire_all()
    assert {party.full_name for party in _dispute(case).parties} == {ANONYMISED}
    assert _dispute(case).parcel is None
