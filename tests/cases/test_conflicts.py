"""The conflict check the other way round: a client who is the adverse party of an open case."""

import html

import pytest
from sqlalchemy import select

from legalaid.cases.conflicts import client_conflicts
from legalaid.cases.models import Case, MatchReview
from legalaid.extensions import db
from legalaid.imports.services import import_cases
from tests.builders import make_case, make_user
from tests.cases.test_intake import beneficiary_form, client_of, detention_form
from tests.imports.conftest import case_row, write_csv


@pytest.fixture
def land(org):
    """An open land matter of the organisation, against Bakary Coulibaly."""
    return make_case(
        "litigation",
        by=org["paralegal"],
        full_name="Awa Traoré",
        adverse_parties=["Bakary Coulibaly"],
    )


@pytest.fixture
def her_land(org):
    """A restricted person (she has a GBV case) whose land matter is against Moussa Keïta."""
    gbv = make_case("gbv", by=org["coordinator"], full_name="Mariam Cissé")
    return make_case(
        "litigation",
        by=org["coordinator"],
        beneficiary_id=gbv.beneficiary_id,
        adverse_parties=["Moussa Keïta"],
    )


def _reviews(case: Case) -> list[MatchReview]:
    return list(db.session.scalars(select(MatchReview).where(MatchReview.case_id == case.id)))


def _new_case() -> Case:
    return db.session.scalar(select(Case).order_by(Case.id.desc()))


def test_a_client_is_found_among_adverse_parties_whatever_the_spelling(org, land):
    conflict = client_conflicts(org["paralegal"], org["organisation"].id, "Bakari Kulibali")
    assert conflict.case_references == [land.reference] and not conflict.hidden
    elsewhere = client_conflicts(org["other_paralegal"], org["organisation"].id, "Bakari Kulibali")
    assert elsewhere.case_references == [] and elsewhere.hidden
    assert client_conflicts(org["paralegal"], org["organisation"].id, "Issa Maïga") is None


def test_only_open_cases_of_the_organisation_count(org, other_org, land):
    assert (
        client_conflicts(other_org["paralegal"], other_org["organisation"].id, "Bakary Coulibaly")
        is None
    )
    land.status = "closed"
    db.session.commit()
    assert client_conflicts(org["paralegal"], org["organisation"].id, "Bakary Coulibaly") is None


def test_intake_warns_with_the_case_the_user_may_see(app, org, land):
    client = client_of(app, org["paralegal"])
    form = detention_form(full_name="Bakari Kulibali", beneficiary_choice="new")
    warned = client.post("/cases/new/detention", data=form)
    assert warned.status_code == 200 and 'id="client-conflict"' in warned.text
    assert land.reference in warned.text
    opened = client.post("/cases/new/detention", data={**form, "conflicts_acknowledged": "y"})
    assert opened.status_code == 302
    assert _reviews(_new_case()) == []  # seen and acknowledged: nothing held


def test_intake_holds_a_restricted_match_for_the_coordinator_naming_no_one(app, org, her_land):
    stranger = make_user("paralegal", organisation=org["organisation"])
    client = client_of(app, stranger)
    form = detention_form(full_name="Moussa Keita", beneficiary_choice="new")
    warned = client.post("/cases/new/detention", data=form)
    text = html.unescape(warned.text)
    assert 'id="client-conflict"' in warned.text and "votre coordinateur doit lever" in text
    assert her_land.reference not in text and "Mariam" not in text
    assert her_land.beneficiary.code not in text
    opened = client.post("/cases/new/detention", data={**form, "conflicts_acknowledged": "y"})
    assert opened.status_code == 302
    [review] = _reviews(_new_case())
    assert review.reason == "conflict" and review.beneficiary_id == her_land.beneficiary_id
    assert review.adverse_party == "Moussa Keïta"
    detail = html.unescape(client_of(app, org["coordinator"]).get("/cases/reviews").text)
    assert "Mariam Cissé" in detail and her_land.reference in detail
    assert "Partie adverse dans son dossier ouvert: Moussa Keïta" in detail


def test_intake_of_a_litigant_checks_both_ways(app, org, land):
    client = client_of(app, org["paralegal"])
    form = beneficiary_form(
        full_name="Bakary Coulibaly",
        matter_type="family",
        adverse_parties="Awa Traore",
        beneficiary_choice="new",
    )
    warned = html.unescape(client.post("/cases/new/litigation", data=form).text)
    assert "une partie adverse correspond" in warned  # his adverse party is her
    assert "cette personne est partie adverse" in warned  # he is hers


def test_a_corrected_name_that_matches_an_adverse_party_is_flagged(app, org, land):
    case = make_case("detention", by=org["paralegal"], full_name="Bakary Koné")
    client = client_of(app, org["paralegal"])
    person = {"full_name": "Bakary Coulibaly", "sex": "F", "birth_year": "1990"}
    response = client.post(
        f"/cases/{case.id}/person",
        data={**person, "preferred_language": "fr", "version": case.beneficiary.version},
        follow_redirects=True,
    )
    text = html.unescape(response.text)
    assert f"cette personne est partie adverse dans {land.reference}" in text
    assert _reviews(case) == []


def test_a_corrected_name_matching_a_hidden_case_waits_for_the_coordinator(app, org, her_land):
    stranger = make_user("paralegal", organisation=org["organisation"])
    case = make_case("detention", by=stranger, full_name="Moussa Diallo")
    client = client_of(app, stranger)
    for version, name in ((1, "Moussa Keïta"), (2, "Moussa Keita")):
        response = client.post(
            f"/cases/{case.id}/person",
            data={"full_name": name, "sex": "F", "preferred_language": "fr", "version": version},
            follow_redirects=True,
        )
        text = html.unescape(response.text)
        assert "votre coordinateur doit le lever" in text
        assert her_land.reference not in text and "Mariam" not in text
    [review] = _reviews(case)  # held once, however many times the name is corrected
    assert review.beneficiary_id == her_land.beneficiary_id


def test_the_import_holds_conflicts_both_ways(org, land, tmp_path):
    rows = [
        case_row("detention", 1, full_name="Bakari Kulibali"),
        case_row("litigation", 2, full_name="Seydou Sow", adverse_parties="Awa Traoré"),
        case_row("litigation", 3, full_name="Personne Sans Conflit"),
    ]
    report = import_cases(
        write_csv(tmp_path / "rows.csv", rows), by=org["coordinator"], organisation=None
    )
    assert report.written and report.to_review == 2
    by_external = {
        case.external_id: case
        for case in db.session.scalars(select(Case).where(Case.external_id.is_not(None)))
    }
    [client] = _reviews(by_external["KOBO-1"])
    assert (client.reason, client.adverse_party) == ("conflict", "Bakary Coulibaly")
    assert client.beneficiary_id == land.beneficiary_id
    [party] = _reviews(by_external["KOBO-2"])
    assert (party.adverse_party, party.beneficiary_id) == ("Awa Traoré", land.beneficiary_id)
    assert _reviews(by_external["KOBO-3"]) == []


def _edit_parties(client, case: Case, parties: str):
    return client.post(
        f"/cases/{case.id}/edit",
        data={
            "version": str(case.version),
            "opened_on": "02/03/2026",
            "service_level": "advice",
            "matter_type": "land",
            "forum": "customary",
            "adverse_parties": parties,
        },
        follow_redirects=True,
    )


def test_an_adverse_party_added_on_edit_is_checked(app, org, land):
    case = make_case("litigation", by=org["paralegal"], full_name="Seydou Sow")
    page = _edit_parties(client_of(app, org["paralegal"]), case, "Awa Traore")
    assert f"Awa Traore correspond à {land.reference}" in html.unescape(page.text)
    assert _reviews(case) == []


def test_a_restricted_adverse_party_added_on_edit_waits_for_the_coordinator(app, org, her_land):
    stranger = make_user("paralegal", organisation=org["organisation"])
    case = make_case("litigation", by=stranger, full_name="Seydou Sow")
    text = html.unescape(_edit_parties(client_of(app, stranger), case, "Mariam Cisse").text)
    assert "votre coordinateur doit le lever" in text
    assert her_land.reference not in text and "Mariam Cissé" not in text
    [review] = _reviews(case)
    assert (review.beneficiary_id, review.adverse_party) == (
        her_land.beneficiary_id,
        "Mariam Cisse",
    )
