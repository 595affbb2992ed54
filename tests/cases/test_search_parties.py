"""The case list's search finds a case by a name on its other side, whatever its kind."""

from legalaid.cases.models import Beneficiary
from legalaid.extensions import db
from tests.builders import make_case
from tests.cases.test_intake import client_of
from tests.cases.test_list import queries_for
from tests.land.conftest import commissions, land_labels, make_land_case  # noqa: F401 - fixtures


def found(app, user, query: str, cases) -> set[str]:
    """The references among `cases` that the list shows `user` for the search `query`."""
    text = client_of(app, user).get("/cases/", query_string={"q": query}).text
    return {case.reference for case in cases if case.reference in text}


def test_a_litigation_case_is_found_by_its_adverse_party_in_another_spelling(app, org):
    by = org["coordinator"]
    sued = make_case(
        "litigation", by=by, full_name="Awa Traoré", adverse_parties=["Seydou Coulibaly"]
    )
    other = make_case("litigation", by=by, full_name="Sali Diallo", adverse_parties=["Issa Koné"])
    assert found(app, by, "Kulibali", [sued, other]) == {sued.reference}
    assert found(app, by, "seydou koulibaly", [sued, other]) == {sued.reference}
    # Every word in one party's name: Seydou is not Issa's first name.
    assert found(app, by, "Seydou Kone", [sued, other]) == set()


def test_a_land_case_is_found_by_its_parties_on_the_other_side(app, org, commissions):  # noqa: F811
    land = make_land_case(org["paralegal"], commission=commissions["COFO-MOP-SOCOURA"])
    litigation = make_case("litigation", by=org["coordinator"], full_name="Sali Diallo")
    cases = [land, litigation]
    coordinator = org["coordinator"]
    assert found(app, coordinator, "Hamadou Cisse", cases) == {land.reference}
    assert found(app, coordinator, "kouyate socoura", cases) == {land.reference}
    # A witness is not the other side: her name finds nothing.
    assert found(app, coordinator, "Djiré", cases) == set()
    # The paralegal who took it in finds it too.
    assert found(app, org["paralegal"], "Cissé", cases) == {land.reference}


def test_a_case_of_another_organisation_is_never_found(app, org, other_org, commissions):  # noqa: F811
    theirs = make_case(
        "litigation", by=other_org["coordinator"], adverse_parties=["Seydou Coulibaly"]
    )
    their_land = make_land_case(other_org["paralegal"])
    ours = make_case("litigation", by=org["coordinator"], adverse_parties=["Seydou Coulibaly"])
    cases = [theirs, their_land, ours]
    assert found(app, org["coordinator"], "Coulibaly", cases) == {ours.reference}
    assert found(app, org["coordinator"], "Cissé", cases) == set()
    assert found(app, other_org["coordinator"], "Cissé", cases) == {their_land.reference}


def test_a_case_that_hides_its_person_is_not_found_by_its_other_side(app, org):
    # She has a GBV case: on her litigation case, a lawyer browsing the intake sees the
    # reference only, and no name on that case finds it.
    survivor = make_case("gbv", by=org["other_paralegal"], full_name="Kadia Maïga")
    person = db.session.get(Beneficiary, survivor.beneficiary_id)
    hers = make_case(
        "litigation",
        by=org["other_paralegal"],
        beneficiary_id=person.id,
        full_name=person.full_name,
        adverse_parties=["Bakary Sanogo"],
    )
    lawyer = org["lawyer"]
    assert hers.reference in client_of(app, lawyer).get("/cases/").text
    assert found(app, lawyer, "Sanogo", [hers]) == set()
    assert found(app, org["coordinator"], "Sanogo", [hers]) == {hers.reference}


def test_the_search_by_the_other_side_is_one_query_however_many_parties(app, org, commissions):  # noqa: F811
    by = org["coordinator"]
    client = client_of(app, by)
    for number in range(3):
        make_case("litigation", by=by, adverse_parties=[f"Seydou Coulibaly {number}"])
        make_land_case(by)
    with_few = queries_for(client, "/cases/?q=Coulibaly")
    for number in range(3, 60):
        make_case("litigation", by=by, adverse_parties=[f"Seydou Coulibaly {number}", "Issa Koné"])
        make_land_case(by)
    assert queries_for(client, "/cases/?q=Coulibaly") == with_few
    assert queries_for(client, "/cases/?q=Coulibaly") == queries_for(client, "/cases/?q=Traore")
