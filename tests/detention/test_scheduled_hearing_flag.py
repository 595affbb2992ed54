"""The no-hearing flag (90 days) is not raised while a hearing is scheduled and not cancelled."""

from datetime import date, datetime, timedelta
from html import unescape

import pytest

from legalaid.detention.engine import DEFAULT_RULES_2001, DetentionFacts, assess
from legalaid.detention.services import held, verdicts
from legalaid.extensions import db
from legalaid.workflow.models import Hearing
from tests.builders import assign, first_prison, make_user
from tests.cases.test_intake import client_of
from tests.detention.test_roll import TODAY, detainee
from tests.workflow.test_hearings import schedule, soon

D = date
FLAG = "Pas d'audience depuis 90 jours"


@pytest.mark.parametrize(
    ("next_hearing", "flagged"),
    [
        (None, True),  # 91 days after the committal, nothing ahead
        (D(2026, 4, 2), False),  # a hearing today is ahead
        (D(2026, 6, 30), False),  # however far ahead
        (D(2026, 4, 1), True),  # a date already gone is no scheduled hearing
    ],
)
def test_a_scheduled_hearing_clears_the_flag(next_hearing: date | None, flagged: bool) -> None:
    facts = DetentionFacts(
        arrested_on=None, committal_on=D(2026, 1, 1), next_hearing_on=next_hearing
    )
    found = assess(facts, [], DEFAULT_RULES_2001["crime"], D(2026, 4, 2))
    assert found.no_hearing is flagged


def _days_ago(days: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days), datetime.min.time()).replace(hour=9)


def _flagged(case) -> bool:
    verdict = next(row for row in verdicts(held(), TODAY) if row.case_id == case.id)
    return "no_hearing" in verdict.flags


def test_roll_alerts_and_case_page_follow_the_scheduled_hearing(app, org):
    case = detainee(org["paralegal"], committed_days_ago=120)
    assign(case, org["lawyer"])
    officer = client_of(app, make_user("prison_officer", prisons=[first_prison()]))
    lawyer = client_of(app, org["lawyer"])
    roll = f"/prisons/{first_prison().id}/roll?filter=no_hearing"

    def shown() -> dict[str, bool]:
        case_page = unescape(lawyer.get(f"/cases/{case.id}").text)
        return {
            "verdict": _flagged(case),
            "roll filter": case.reference in officer.get(roll).text,
            "alerts filter": case.reference
            in lawyer.get("/detention/alerts?filter=no_hearing").text,
            "case page": FLAG in case_page[case_page.index(case.reference) :],
        }

    assert set(shown().values()) == {True}
    schedule(lawyer, case, soon(20))
    assert set(shown().values()) == {False}
    hearing = db.session.scalars(db.select(Hearing)).one()
    lawyer.post(f"/hearings/{hearing.id}/cancel", data={"reason": "Juge muté"})
    assert set(shown().values()) == {True}  # a cancelled hearing is no hearing


def test_a_cancelled_past_hearing_is_not_the_last_hearing(app, org):
    case = detainee(org["paralegal"], committed_days_ago=200)
    db.session.add(
        Hearing(
            case_id=case.id,
            scheduled_at=_days_ago(10),
            created_by_id=org["paralegal"].id,
        )
    )
    db.session.commit()
    assert not _flagged(case)
    hearing = db.session.scalars(db.select(Hearing)).one()
    hearing.cancelled_at, hearing.cancelled_by_id = _days_ago(12), org["paralegal"].id
    hearing.cancellation_reason = "Annulée par le greffe"
    db.session.commit()
    assert _flagged(case)
