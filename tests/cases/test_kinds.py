"""The case package asks the kind registry: a new kind is offered and numbered by its
declaration alone, an unknown kind fails loudly, each kind's page draws the kind's own cards."""

from datetime import date

import pytest
from flask_babel import lazy_gettext as _l
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import func, select

from legalaid import casekinds, casepage
from legalaid.casekinds import CasePanel, UnknownCaseKind, case_kinds
from legalaid.cases.conflicts import client_conflicts, other_sides
from legalaid.cases.models import Beneficiary, Case, CaseEvent, ReferenceCounter
from legalaid.cases.search import CaseCriteria, case_page
from legalaid.cases.services import (
    BeneficiaryData,
    IntakeData,
    allocate_reference,
    details_of,
    open_case,
)
from legalaid.extensions import db
from legalaid.litigation.kind import LitigationKind
from tests.builders import first_prison, make_case
from tests.cases.test_intake import client_of


class XyzKind(LitigationKind):
    """A throwaway kind for these tests: litigation's details under another code and prefix."""

    code = "xyz"
    prefix = "XYZ"
    label = _l("Litigation")  # a translated label, as a kind's is; its own would need a catalogue


@pytest.fixture
def xyz():
    """The throwaway kind, registered for one test only."""
    kind = XyzKind()
    casekinds.register(kind)
    yield kind
    del casekinds._KINDS[kind.code]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_registered_kind_gets_its_own_references(org, xyz):
    assert allocate_reference("xyz", 2026) == (1, "XYZ-2026-00001")
    assert allocate_reference("xyz", 2026) == (2, "XYZ-2026-00002")
    assert allocate_reference("litigation", 2026) == (1, "LIT-2026-00001")
    assert (
        db.session.scalar(select(ReferenceCounter.last_value).where(ReferenceCounter.kind == "xyz"))
        == 2
    )


def test_a_registered_kind_is_offered_at_intake_with_its_form(app, org, xyz):
    client = client_of(app, org["paralegal"])
    choices = client.get("/cases/new").text
    links = [line for line in choices.splitlines() if 'href="/cases/new/' in line]
    assert [link.split('href="')[1].split('"')[0] for link in links] == [
        "/cases/new/detention",
        "/cases/new/gbv",
        "/cases/new/litigation",
        "/cases/new/land_conciliation",
        "/cases/new/xyz",
    ]
    form = client.get("/cases/new/xyz")
    assert form.status_code == 200
    assert 'name="adverse_parties"' in form.text and 'name="prison_id"' not in form.text


@pytest.mark.parametrize("path", ["/cases/new/x", "/cases/new/DETENTION", "/cases/new/land"])
def test_intake_of_an_unknown_kind_is_a_404(app, org, path):
    client = client_of(app, org["paralegal"])
    assert client.get(path).status_code == 404
    assert client.post(path, data={"full_name": "Awa"}).status_code == 404
    assert count(Case) == 0


def test_opening_a_case_of_an_unknown_kind_raises_and_writes_nothing(org):
    data = IntakeData(
        kind="x",
        opened_on=date(2026, 3, 2),
        service_level="advice",
        beneficiary=BeneficiaryData(full_name="Awa Traoré", sex="F"),
        details={"matter_type": "land", "forum": "none"},
    )
    with pytest.raises(UnknownCaseKind):
        open_case(data, org["paralegal"], today=date(2026, 3, 2))
    assert count(Case) == count(Beneficiary) == count(CaseEvent) == count(ReferenceCounter) == 0


def test_a_stored_case_of_a_kind_no_longer_registered_is_never_read_as_another(
    app, org, monkeypatch
):
    case = make_case("litigation", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    # A copy without it, so that the registry's order is back as it was afterwards.
    others = {code: kind for code, kind in casekinds._KINDS.items() if code != "litigation"}
    monkeypatch.setattr(casekinds, "_KINDS", others)
    with pytest.raises(UnknownCaseKind):
        details_of(case)
    for path in (f"/cases/{case.id}", f"/cases/{case.id}/edit"):
        with pytest.raises(UnknownCaseKind):
            client.get(path)


def test_the_prison_filter_comes_from_the_detention_kind(org):
    held = make_case("detention", by=org["coordinator"])
    make_case("litigation", by=org["coordinator"])
    criteria = CaseCriteria(prison_id=first_prison().id)
    assert [c.reference for c in case_page(org["coordinator"], criteria, 1, 50).items] == [
        held.reference
    ]
    assert casekinds.case_kind("gbv").list_condition(criteria) is None
    assert casekinds.case_kind("detention").list_condition(CaseCriteria()) is None


@pytest.mark.parametrize(
    ("kind", "cards"),
    [
        ("detention", ['id="detention"', 'id="workflow"']),
        ("gbv", ['id="consents"', 'id="workflow"']),
        ("litigation", ['id="workflow"']),
    ],
)
def test_each_kind_draws_its_own_cards_then_the_shared_ones(app, org, kind, cards):
    case = make_case(kind, by=org["paralegal"])
    page = client_of(app, org["paralegal"]).get(f"/cases/{case.id}").text
    drawn = [card for card in ('id="consents"', 'id="detention"', 'id="workflow"') if card in page]
    assert drawn == cards
    assert [page.index(card) for card in cards] == sorted(page.index(card) for card in cards)


def test_a_shared_card_is_drawn_with_its_variables_only_for_whom_it_is_shown(app, org, monkeypatch):
    def context(case, details, access, user):
        return {"greeting": f"Bonjour {user.full_name}"} if user.role == "paralegal" else None

    panel = CasePanel("test/_panel.html", context)
    monkeypatch.setattr(casepage, "_PANELS", [*casepage._PANELS])
    casepage.register_panel(panel)
    casepage.register_panel(panel)  # twice, as when a second app is built: drawn once
    drawing = '<p class="test-panel">{{ greeting }} · {{ case.reference }}</p>'
    loader = ChoiceLoader([DictLoader({"test/_panel.html": drawing}), app.jinja_env.loader])
    monkeypatch.setattr(app.jinja_env, "loader", loader)
    case = make_case("litigation", by=org["paralegal"])
    mine = client_of(app, org["paralegal"]).get(f"/cases/{case.id}").text
    assert mine.count('class="test-panel"') == 1
    assert f"Bonjour {org['paralegal'].full_name} · {case.reference}" in mine
    other = client_of(app, org["coordinator"]).get(f"/cases/{case.id}")
    assert other.status_code == 200 and 'class="test-panel"' not in other.text


def test_the_client_check_reads_the_other_side_of_every_kind(org, monkeypatch):
    against = make_case("litigation", by=org["paralegal"], adverse_parties=["Bakary Coulibaly"])
    found = client_conflicts(org["paralegal"], org["organisation"].id, "Bakari Kulibali")
    assert found.case_references == [against.reference]
    # A kind's other side is the kind's to say: with none declared, nobody is the other side.
    for kind in case_kinds():
        monkeypatch.setattr(type(kind), "other_parties_table", lambda self: None)
    assert other_sides() is None
    assert client_conflicts(org["paralegal"], org["organisation"].id, "Bakary Coulibaly") is None
