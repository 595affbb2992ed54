"""A land case's page reads its dispute, parties and sessions in a fixed number of statements."""

from datetime import date, timedelta

from legalaid.land.services import SessionData, dispute_of, record_session
from tests.builders import assign
from tests.cases.test_intake import client_of
from tests.cases.test_list import statements_for
from tests.land.conftest import make_land_case

PARTY = {"kind": "person", "full_name": "Hamadoun Cissé", "sex": "M", "role": "other", "phone": ""}


def _case_with(org, commissions, parties: int, sessions: int):
    case = make_land_case(
        org["paralegal"],
        commission=commissions["COFO-MOP-SOCOURA"],
        parties=[PARTY | {"full_name": f"Partie {n}"} for n in range(parties)],
    )
    assign(case, org["lawyer"])
    present = [party.id for party in dispute_of(case).parties]
    for n in range(sessions):
        data = SessionData(
            held_on=date(2026, 3, 10) + timedelta(days=n),
            place="Mairie",
            beneficiary_present=True,
            present_party_ids=present,
            attendance_total=10,
            attendance_women=4,
            attendance_youth=2,
            minutes="",
        )
        record_session(case, org["paralegal"], data, expected_version=case.version)
    return case


def test_more_parties_and_sessions_cost_no_more_statements(app, org, commissions):
    small = _case_with(org, commissions, parties=1, sessions=1)
    large = _case_with(org, commissions, parties=5, sessions=4)
    client = client_of(app, org["lawyer"])
    few = statements_for(client, f"/cases/{small.id}")
    many = statements_for(client, f"/cases/{large.id}")
    assert len(many) == len(few), set(many) - set(few)
