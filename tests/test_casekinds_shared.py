"""The shared code asks the registry of case kinds: a kind registered for a test (a community
mediation, never stored: the database's CHECK knows the real kinds only) gets its outcomes, its
labels, its indicator block, its export rows and its reference data without shared code
knowing it; an unregistered kind fails loudly."""

import json
from collections.abc import Iterator
from datetime import date
from typing import ClassVar

import pytest

from legalaid.accounts.models import User
from legalaid.casekinds import UnknownCaseKind, case_kinds, registered
from legalaid.cases.models import Case
from legalaid.labels import GROUPS, add_case_kind, label
from legalaid.litigation.kind import LitigationKind
from legalaid.reference.services import seed_reference_data
from legalaid.reports.exports import summary_rows
from legalaid.reports.services import Scope, indicators, protect_small_groups
from legalaid.roles import Role
from legalaid.workflow.models import ALL_OUTCOMES, OUTCOMES
from legalaid.workflow.services import allowed_outcomes

SCOPE = Scope(date(2026, 1, 1), date(2026, 6, 30))
CODE = "community_mediation"


class CommunityMediationKind(LitigationKind):
    """A throwaway kind: its own code, prefix, outcomes, labels and figures."""

    code = CODE
    prefix = "MED"
    label = "Community mediation"
    outcomes = ("settled", "conciliation_agreement", "referred")
    paralegal_outcomes = ("settled",)
    percentages = (("settled_pct", "settled", "heard"),)
    label_groups: ClassVar[dict] = {
        "mediation_venue": {"market": "Market", "chief": "Chief's compound"},
        "outcome": {"settled": "Settled by the mediators"},
    }

    def indicators(self, scope) -> dict:
        return {CODE: {"heard": 3, "settled": 2, "settled_pct": 66.7}}

    def summary_rows(self, figures) -> list:
        return [("Disputes heard by mediators", [figures[CODE]["heard"]])]

    def seed_reference(self) -> int:
        return 4


@pytest.fixture
def mediation() -> Iterator[CommunityMediationKind]:
    """The throwaway kind, registered with its labels, and forgotten after the test."""
    saved = dict(GROUPS)
    with registered(CommunityMediationKind()) as kind:
        add_case_kind(kind)
        yield kind
    GROUPS.clear()
    GROUPS.update(saved)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.COORDINATOR, ("settled", "conciliation_agreement", "referred")),
        (Role.LAWYER, ("settled", "conciliation_agreement", "referred")),
        (Role.PARALEGAL, ("settled",)),
    ],
)
def test_its_outcomes_are_offered_on_resolution(mediation, role, expected):
    assert allowed_outcomes(User(role=role), Case(kind=CODE)) == expected


def test_the_three_kinds_keep_their_outcomes():
    litigation, detention = Case(kind="litigation"), Case(kind="detention")
    assert allowed_outcomes(User(role=Role.PARALEGAL), litigation) == ("conciliation_agreement",)
    assert allowed_outcomes(User(role=Role.PARALEGAL), detention) == ()
    assert allowed_outcomes(User(role=Role.LAWYER), Case(kind="gbv")) == (
        "judgment_obtained",
        "mediation",
        "referred",
        "withdrawn",
    )


def test_its_outcomes_join_every_outcome_while_it_is_registered(mediation):
    assert OUTCOMES[CODE] == ("settled", "conciliation_agreement", "referred")
    assert list(OUTCOMES) == ["detention", "gbv", "litigation", "land_conciliation", CODE]
    assert ALL_OUTCOMES[-1] == "settled"
    assert len(ALL_OUTCOMES) == 16  # land conciliation adds non_conciliation


def test_a_forgotten_kind_is_unknown_everywhere():
    with registered(CommunityMediationKind()):
        assert CODE in OUTCOMES
    assert CODE not in OUTCOMES
    assert "settled" not in ALL_OUTCOMES
    with pytest.raises(UnknownCaseKind):
        OUTCOMES[CODE]
    with pytest.raises(UnknownCaseKind):
        allowed_outcomes(User(role=Role.COORDINATOR), Case(kind=CODE))


def test_its_labels_are_in_the_registry(mediation):
    assert GROUPS["kind"][CODE] == "Community mediation"
    assert GROUPS["mediation_venue"] == {"market": "Market", "chief": "Chief's compound"}
    assert label("outcome", "settled") == "Settled by the mediators"
    # Merged into the shared group, not in place of it.
    assert label("outcome", "acquitted") == "Relaxe ou acquittement"


def test_the_three_kinds_labels_are_their_declarations():
    assert {code: str(text) for code, text in GROUPS["kind"].items()} == {
        kind.code: str(kind.label) for kind in case_kinds()
    }
    assert label("kind", "litigation") == "Litige"


def test_its_block_is_in_the_indicators(mediation):
    result = indicators(SCOPE)
    assert result[CODE] == {"heard": 3, "settled": 2, "settled_pct": 66.7}
    assert list(result) == [
        "period",
        "detainees",
        "victims_assisted_by_lawyers",
        "gbv_left_out_without_consent",
        "litigants_supported_by_paralegals",
        "land_conciliation",
        CODE,
        "activities",  # the programme's sections come after every kind's
        "referrals",
        "cases_opened",
        "cases_opened_by_month",
        "cases_resolved",
        "median_days_to_resolution",
    ]
    assert result["cases_opened"][CODE] == 0
    assert result["cases_resolved"][CODE] == {
        "settled": 0,
        "conciliation_agreement": 0,
        "referred": 0,
    }
    assert result["median_days_to_resolution"][CODE] is None


def test_its_block_reaches_the_json_of_flask_indicators(app, mediation):
    result = app.test_cli_runner().invoke(
        args=["indicators", "--from", "2026-01-01", "--to", "2026-06-30", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[CODE] == {"heard": 3, "settled": 2, "settled_pct": 66.7}


def test_viewers_see_its_small_counts_hidden_and_its_percentage_gone(mediation):
    protected = protect_small_groups(indicators(SCOPE))
    assert protected[CODE] == {"heard": "< 5", "settled": "< 5", "settled_pct": None}


def test_its_rows_are_in_the_exports_summary(mediation):
    rows = list(summary_rows(indicators(SCOPE)))
    assert ("Disputes heard by mediators", [3]) in rows
    # The kinds' own rows, the last kind's last, then the cases of every kind, its own too.
    assert rows.index(("Disputes heard by mediators", [3])) + 1 == rows.index(
        ("Dossiers ouverts : Détention provisoire", [0])
    )
    assert ("Dossiers ouverts : Community mediation", [0]) in rows


@pytest.mark.usefixtures("empty_database")
def test_seeding_adds_its_reference_data(mediation):
    report = seed_reference_data()
    assert report.added_by_kind == {
        "detention": 0,
        "gbv": 0,
        "litigation": 0,
        "land_conciliation": 39,  # its land commissions
        CODE: 4,
    }
