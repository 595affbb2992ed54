"""`flask purge-expired` clears what a hearing's place and cancellation may say of a person."""

from datetime import datetime

from sqlalchemy import select

from legalaid.extensions import db
from legalaid.maintenance.services import purge_expired
from legalaid.workflow.models import Hearing
from tests.builders import make_case
from tests.maintenance.test_retention import TODAY, YEARS, close, years_ago


def test_a_hearings_place_and_cancellation_reason_go(org):
    paralegal = org["paralegal"]
    case = make_case("litigation", by=paralegal, full_name="Oumar Sangaré")
    db.session.add_all(
        [
            Hearing(
                case_id=case.id,
                scheduled_at=datetime(2015, 3, 2, 9, 0),
                forum="customary",
                place="Chez le chef, cousin d'Oumar Sangaré",
                created_by_id=paralegal.id,
            ),
            Hearing(
                case_id=case.id,
                scheduled_at=datetime(2015, 4, 2, 9, 0),
                forum="customary",
                place="Vestibule du chef",
                created_by_id=paralegal.id,
                cancelled_at=datetime(2015, 3, 20),
                cancelled_by_id=paralegal.id,
                cancellation_reason="Oumar Sangaré hospitalisé",
            ),
        ]
    )
    close(case, years_ago(11))

    assert purge_expired(today=TODAY, years=YEARS).anonymised == 1

    db.session.expire_all()
    rows = db.session.execute(
        select(Hearing.place, Hearing.cancellation_reason, Hearing.cancelled_at.is_not(None))
        .where(Hearing.case_id == case.id)
        .order_by(Hearing.scheduled_at)
    ).all()
    assert [tuple(row) for row in rows] == [(None, None, False), (None, "", True)]
