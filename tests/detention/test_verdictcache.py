"""A prison's roll kept in memory (issue 21) is worked out again after every write that one
of its verdicts depends on, whoever writes it and however."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from legalaid.cases.models import Case
from legalaid.detention import services, verdictcache
from legalaid.detention.models import DetentionOrder, DetentionRecord
from legalaid.extensions import db
from legalaid.reference.models import DetentionRule
from tests.builders import assign, first_prison
from tests.cases.test_intake import client_of
from tests.detention.test_roll import TODAY, detainee


@pytest.fixture(autouse=True)
def token() -> None:
    """A token before the test's own writes, so that a write that forgot to change it would
    leave the roll kept under it."""
    db.session.merge(verdictcache.VerdictsVersion(id=verdictcache.ROW_ID, token="before"))
    db.session.commit()


@pytest.fixture
def assessed(monkeypatch) -> list[int]:
    """How many times a prison's verdicts were worked out (the cache's misses)."""
    calls = []
    real = services.verdicts

    def counting(condition, on):
        calls.append(1)
        return real(condition, on)

    monkeypatch.setattr(services, "verdicts", counting)
    return calls


def roll_row(client, case) -> str:
    """The case's row of the first prison's roll ("" when it is not on the roll)."""
    page = client.get(f"/prisons/{first_prison().id}/roll").text
    return page[page.index(case.reference) :].split("</tr>")[0] if case.reference in page else ""


def kept_row(client, case, assessed) -> str:
    """The row, read twice: the second time from what the process kept."""
    first = roll_row(client, case)
    before = len(assessed)
    assert roll_row(client, case) == first and len(assessed) == before
    return first


def test_a_roll_read_twice_is_assessed_once(app, org, officer, assessed):
    case = detainee(org["paralegal"], committed_days_ago=100)
    client = client_of(app, officer)
    assert roll_row(client, case) and roll_row(client, case)
    assert len(assessed) == 1


def test_a_custody_fact_shows_on_the_next_roll(app, org, officer, assessed):
    case = detainee(org["paralegal"], committed_days_ago=100)
    client = client_of(app, officer)
    assert kept_row(client, case, assessed)
    released = client.post(
        f"/cases/{case.id}/custody/release",
        data={"released_on": TODAY.strftime("%d/%m/%Y"), "reason": "Liberté provisoire"},
    )
    assert released.status_code == 302
    assert roll_row(client, case) == ""


def test_an_extension_order_moves_the_kept_limit(app, org, officer, assessed):
    case = detainee(org["paralegal"], committed_days_ago=170)  # 6 months minus a few days
    assign(case, org["lawyer"])
    client = client_of(app, officer)
    assert "Renouvellement à prévoir" in kept_row(client, case, assessed)
    ordered = client_of(app, org["lawyer"]).post(
        f"/cases/{case.id}/orders/new",
        data={
            "ordered_on": TODAY.isoformat(),
            "length_months": "6",
            "deciding_body": "investigating_judge",
        },
    )
    assert ordered.status_code == 302
    assert "Dans le délai" in roll_row(client, case)


def test_counsel_a_hearing_and_the_case_status_move_it_too(app, org, officer, assessed):
    case = detainee(org["paralegal"], committed_days_ago=100)
    client = client_of(app, officer)
    assert "Sans avocat" in kept_row(client, case, assessed)
    assign(case, org["lawyer"])  # written in another session, as another process would
    assert "Sans avocat" not in kept_row(client, case, assessed)
    day = TODAY + timedelta(days=12)
    client.post(
        f"/cases/{case.id}/custody/hearing",
        data={"day": day.strftime("%d/%m/%Y"), "time": "08:30"},
    )
    assert day.strftime("%d/%m/%Y") in kept_row(client, case, assessed)
    db.session.execute(update(Case).where(Case.id == case.id).values(status="closed"))
    db.session.commit()
    assert roll_row(client, case) == ""


def test_rules_records_and_orders_written_directly_move_it(app, org, officer, assessed):
    case = detainee(org["paralegal"], committed_days_ago=170)
    client = client_of(app, officer)
    assert "Renouvellement à prévoir" in kept_row(client, case, assessed)
    record = db.session.query(DetentionRecord).one()
    db.session.add(
        DetentionOrder(
            record_id=record.id,
            ordered_on=TODAY,
            length_months=6,
            deciding_body="investigating_judge",
            created_by_id=org["lawyer"].id,
        )
    )
    db.session.commit()
    assert "Dans le délai" in kept_row(client, case, assessed)
    db.session.execute(update(DetentionRule).values(base_amount=1, cap_amount=1))  # a month
    db.session.commit()
    assert "Dans le délai" not in roll_row(client, case)


def test_nothing_is_kept_before_the_first_write(app, org, officer, assessed):
    case = detainee(org["paralegal"], committed_days_ago=100)
    db.session.execute(verdictcache.VerdictsVersion.__table__.delete())
    db.session.commit()
    client = client_of(app, officer)
    assert roll_row(client, case) and roll_row(client, case)
    assert len(assessed) == 2


def test_a_new_day_is_assessed_again(app, org, officer, assessed, monkeypatch):
    case = detainee(org["paralegal"], committed_days_ago=100)
    client = client_of(app, officer)
    assert roll_row(client, case)
    from legalaid.detention import views

    monkeypatch.setattr(views, "local_today", lambda: TODAY + timedelta(days=1))
    assert roll_row(client, case)
    assert len(assessed) == 2
