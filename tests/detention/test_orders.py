"""Extension orders outside the renewal window of art. 135: accepted, with a warning, on record."""

import html
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from legalaid.audit.models import AuditEntry
from legalaid.cases.models import CaseEvent
from legalaid.detention import engine
from legalaid.detention.models import DetentionOrder
from legalaid.extensions import db
from tests.builders import assign
from tests.cases.test_intake import client_of
from tests.detention.test_roll import TODAY, detainee

COMMITTED_DAYS_AGO = 420  # a crime: its first year ended some seven weeks ago


def _window(committal: date) -> tuple[date, date, date]:
    """The limit of the first year and its renewal window (the 8 working days before it)."""
    limit = engine.add_duration(committal, engine.Duration(12, engine.Unit.MONTHS))
    return limit, engine.working_days_before(limit, 8), engine.working_days_before(limit, 1)


@pytest.fixture
def crime(org):
    case = detainee(org["paralegal"], committed_days_ago=COMMITTED_DAYS_AGO, offence="crime")
    assign(case, org["lawyer"])
    return case


def _order(app, lawyer, case, day: date):
    return client_of(app, lawyer).post(
        f"/cases/{case.id}/orders/new",
        data={
            "ordered_on": day.isoformat(),
            "length_months": "12",
            "deciding_body": "investigating_judge",
        },
        follow_redirects=True,
    )


def _timeline() -> str:
    return db.session.scalars(select(CaseEvent.text).where(CaseEvent.kind == "custody")).one()


@pytest.mark.parametrize(
    ("when", "word"),
    [
        (lambda first, last, limit: first - timedelta(days=1), "trop tôt"),
        (lambda first, last, limit: limit, "trop tard"),
    ],
    ids=["too early", "too late"],
)
def test_an_order_outside_the_window_is_accepted_with_a_warning(app, org, crime, when, word):
    limit, first, last = _window(TODAY - timedelta(days=COMMITTED_DAYS_AGO))
    day = when(first, last, limit)
    page = _order(app, org["lawyer"], crime, day)
    assert page.status_code == 200
    assert db.session.scalar(select(DetentionOrder.ordered_on)) == day
    expected = f"Hors de la fenêtre de renouvellement ({first.isoformat()} au {last.isoformat()})"
    text = html.unescape(page.text)
    assert f"{expected} : {word}." in text
    assert f"{expected} : {word}." in _timeline()
    audit = db.session.scalars(
        select(AuditEntry.details).where(AuditEntry.action == "detention_order")
    ).one()
    assert "outside the renewal window" in audit


def test_an_order_inside_the_window_has_no_warning(app, org, crime):
    _limit, first, last = _window(TODAY - timedelta(days=COMMITTED_DAYS_AGO))
    for day in (first, last):
        db.session.execute(DetentionOrder.__table__.delete())
        db.session.execute(CaseEvent.__table__.delete().where(CaseEvent.kind == "custody"))
        page = _order(app, org["lawyer"], crime, day)
        assert "Ordonnance de prolongation enregistrée." in page.text
        assert "fenêtre de renouvellement" not in html.unescape(page.text)
        assert "fenêtre" not in _timeline()


def test_a_rule_without_a_window_never_warns(app, org):
    case = detainee(org["paralegal"], committed_days_ago=170, offence="delit_major")
    assign(case, org["lawyer"])
    page = _order(app, org["lawyer"], case, TODAY - timedelta(days=100))
    assert "fenêtre de renouvellement" not in html.unescape(page.text)
    assert db.session.scalar(select(DetentionOrder.id)) is not None
