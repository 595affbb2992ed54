"""The lean verdicts (columns only) agree with the engine run on the full records."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from legalaid.cases.models import Case, CaseKind
from legalaid.detention import engine, services
from legalaid.detention.models import DetentionOrder, DetentionRecord
from legalaid.detention.services import RuleBook, detainees, engine_rule, held, verdicts
from legalaid.extensions import db
from legalaid.reference.models import DetentionRule
from legalaid.workflow.models import Hearing
from tests.builders import assign
from tests.detention.test_roll import TODAY, detainee

ALL_DETENTION = Case.kind == CaseKind.DETENTION


def record_of(case: Case) -> DetentionRecord:
    return db.session.scalar(select(DetentionRecord).where(DetentionRecord.case_id == case.id))


def engine_on_full_records(case: Case, on: date) -> engine.Assessment:
    """The engine given the ORM rows one by one, as the roll did before the lean path."""
    record = record_of(case)
    rules = {
        (rule.code_regime, rule.offence_class): engine_rule(rule)
        for rule in db.session.scalars(select(DetentionRule))
    }
    orders = [
        engine.ExtensionOrder(
            order.ordered_on, engine.Duration(order.length_months, engine.Unit.MONTHS)
        )
        for order in db.session.scalars(
            select(DetentionOrder).where(DetentionOrder.record_id == record.id)
        )
    ]
    last_hearing = db.session.scalar(
        select(Hearing.scheduled_at)
        .where(
            Hearing.case_id == case.id,
            Hearing.scheduled_at < datetime.combine(on, datetime.max.time()),
        )
        .order_by(Hearing.scheduled_at.desc())
    )
    facts = engine.DetentionFacts(
        arrested_on=record.arrested_on,
        committal_on=record.committal_on,
        released_on=record.released_on,
        custody_started_at=record.custody_started_at,
        last_hearing_on=last_hearing.date() if last_hearing else None,
    )
    return engine.assess(
        facts,
        orders,
        rules.get((record.code_regime, record.offence_class)),
        on,
        custody_rule=rules.get((record.code_regime, "police_custody")),
    )


@pytest.fixture
def one_of_each_state(org):
    """A detainee in every state the roll and the indicators show, plus orders and hearings."""
    by = org["paralegal"]
    cases = {
        "beyond_cap": detainee(by, committed_days_ago=800),
        "overdue": detainee(by, committed_days_ago=250),
        "renewal_due": detainee(by, committed_days_ago=170),
        "ok": detainee(by, committed_days_ago=10),
        "released": detainee(by, committed_days_ago=100),
        "rules_not_configured": detainee(by, committed_days_ago=10, code_regime="2024"),
        "extended": detainee(by, committed_days_ago=250),
        "crime": detainee(by, committed_days_ago=350, offence="crime"),
        "minor": detainee(by, committed_days_ago=40, offence="delit_minor"),
    }
    record_of(cases["released"]).released_on = TODAY - timedelta(days=5)
    db.session.add(
        DetentionOrder(
            record_id=record_of(cases["extended"]).id,
            ordered_on=TODAY - timedelta(days=80),
            length_months=6,
            deciding_body="investigating_judge",
            created_by_id=org["lawyer"].id,
        )
    )
    db.session.add(
        Hearing(
            case_id=cases["overdue"].id,
            scheduled_at=datetime.combine(TODAY - timedelta(days=10), datetime.min.time()),
            created_by_id=org["lawyer"].id,
        )
    )
    db.session.commit()
    assign(cases["overdue"], org["lawyer"])
    return cases


@pytest.mark.parametrize("days_later", [0, 20, 400])
def test_verdicts_are_the_engines_on_the_full_records(one_of_each_state, days_later):
    on = TODAY + timedelta(days=days_later)
    found = {row.case_id: row for row in verdicts(ALL_DETENTION, on)}
    assert len(found) == len(one_of_each_state)
    for case in one_of_each_state.values():
        assert found[case.id].assessment == engine_on_full_records(case, on)


def test_every_state_is_reached(one_of_each_state):
    found = {row.case_id: row for row in verdicts(ALL_DETENTION, TODAY)}
    for state in ("beyond_cap", "overdue", "renewal_due", "ok", "released", "rules_not_configured"):
        assert found[one_of_each_state[state].id].assessment.state == state
    assert found[one_of_each_state["extended"].id].assessment.extensions_counted == 1
    assert found[one_of_each_state["overdue"].id].has_counsel
    assert not found[one_of_each_state["ok"].id].has_counsel
    assert "no_hearing" in found[one_of_each_state["renewal_due"].id].flags
    assert "no_hearing" not in found[one_of_each_state["overdue"].id].flags
    assert found[one_of_each_state["beyond_cap"].id].assessment.days_held == 800


def test_details_keep_the_verdicts_and_their_order(one_of_each_state):
    lean = verdicts(held(), TODAY)
    full = detainees(held(), TODAY)
    assert [row.verdict for row in full] == lean
    assert [row.urgency() for row in lean] == sorted(row.urgency() for row in lean)
    assert all(row.has_counsel == bool(row.lawyers) for row in full)


def test_rules_are_converted_once_per_period_not_per_detainee(org, monkeypatch):
    old = db.session.scalar(
        select(DetentionRule).where(
            DetentionRule.code_regime == "2001", DetentionRule.offence_class == "delit_major"
        )
    )
    old.effective_to = TODAY - timedelta(days=100)
    db.session.add(
        DetentionRule(
            code_regime="2001",
            offence_class="delit_major",
            base_amount=3,
            base_unit="months",
            max_extensions=0,
            cap_amount=6,
            cap_unit="months",
            legal_basis="test",
            effective_from=TODAY - timedelta(days=99),
        )
    )
    db.session.commit()
    before = detainee(org["paralegal"], committed_days_ago=120)
    after = detainee(org["paralegal"], committed_days_ago=95)
    for days in range(20):
        detainee(org["paralegal"], committed_days_ago=200 + days)
    conversions = []
    monkeypatch.setattr(
        services, "engine_rule", lambda rule: conversions.append(rule.id) or engine_rule(rule)
    )
    found = {row.case_id: row.assessment for row in verdicts(ALL_DETENTION, TODAY)}
    assert sorted(conversions) == sorted(db.session.scalars(select(DetentionRule.id)))
    assert found[before.id].state == "ok"  # six months under the old rule
    assert found[after.id].state == "overdue"  # three months under the new one
    assert RuleBook().find("2001", "delit_major", None).base == engine.Duration(
        3, engine.Unit.MONTHS
    )
