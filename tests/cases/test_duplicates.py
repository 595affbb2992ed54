"""Duplicate beneficiaries and conflicts of interest at intake."""

import pytest
from sqlalchemy import func, select

from legalaid.cases.models import Beneficiary, Case
from legalaid.cases.services import possible_conflicts, possible_duplicates
from legalaid.extensions import db
from tests.builders import assign, make_case
from tests.cases.test_intake import beneficiary_form, client_of


@pytest.mark.parametrize(
    ("known", "typed"),
    [
        ("Moussa Keïta", "moussa KEITA"),
        ("Moussa Kéita", "Keita Moussa"),
        ("Awa Traoré", "Awa Traore"),
        ("Bakary Coulibaly", "Bakari Kulibali"),
        ("Fanta Diarra", "Fanta Jara"),
        ("Fanta Diarra", "  Fanta   Diarra. "),
    ],
)
def test_spelling_variants_are_found(org, known, typed):
    make_case("litigation", by=org["paralegal"], full_name=known, birth_year=1990)
    matches = possible_duplicates(org["paralegal"], typed, 1991, None)
    assert [m.full_name for m in matches] == [known]


def test_birth_year_within_two_years_or_same_phone(org):
    by = org["paralegal"]
    make_case("litigation", by=by, full_name="Awa Traoré", birth_year=1990, phone="76 12 34 56")
    assert possible_duplicates(by, "Awa Traore", 1992, None)
    assert not possible_duplicates(by, "Awa Traore", 1993, None)
    assert possible_duplicates(by, "Awa Traore", 1960, "+223 76123456")
    assert possible_duplicates(by, "Awa Traore", None, None)


def test_different_names_do_not_match(org):
    make_case("litigation", by=org["paralegal"], full_name="Awa Traoré")
    assert not possible_duplicates(org["paralegal"], "Awa Touré", 1990, None)


def test_only_beneficiaries_the_user_may_see_are_offered(org, other_org):
    make_case("litigation", by=other_org["paralegal"], full_name="Awa Traoré")
    make_case("litigation", by=org["other_paralegal"], full_name="Awa Traoré")
    # Not hers: another organisation's, and a colleague's case she is not on.
    assert possible_duplicates(org["paralegal"], "Awa Traore", 1990, None) == []
    # The coordinator sees the whole organisation, not the other one.
    found = possible_duplicates(org["coordinator"], "Awa Traore", 1990, None)
    assert len(found) == 1 and found[0].organisation_id == org["organisation"].id


def test_gbv_survivors_are_never_offered_to_those_who_may_not_see_them(org):
    case = make_case("gbv", by=org["other_paralegal"], full_name="Awa Traoré")
    lawyer = org["lawyer"]
    assert possible_duplicates(lawyer, "Awa Traore", 1990, None) == []
    assign(case, lawyer)
    assert len(possible_duplicates(lawyer, "Awa Traore", 1990, None)) == 1


def test_intake_warns_then_links_to_the_existing_beneficiary(app, org):
    existing = make_case(
        "detention", by=org["paralegal"], full_name="Moussa Keïta", birth_year=1992
    )
    client = client_of(app, org["paralegal"])
    form = beneficiary_form(matter_type="land", forum="court")
    warned = client.post("/cases/new/litigation", data=form)
    assert warned.status_code == 200
    assert "Cette personne est peut-être déjà connue" in warned.text
    assert existing.beneficiary.code in warned.text
    assert 'value="Sévaré"' in warned.text  # nothing typed is lost
    assert db.session.scalar(select(func.count(Case.id))) == 1
    linked = client.post(
        "/cases/new/litigation",
        data={**form, "beneficiary_choice": str(existing.beneficiary_id)},
    )
    assert linked.status_code == 302
    assert db.session.scalar(select(func.count(Beneficiary.id))) == 1
    assert db.session.scalar(select(func.count(Case.id))) == 2


def test_intake_confirms_a_new_beneficiary(app, org):
    make_case("detention", by=org["paralegal"], full_name="Moussa Keïta", birth_year=1992)
    client = client_of(app, org["paralegal"])
    form = beneficiary_form(matter_type="land", forum="court", beneficiary_choice="new")
    assert client.post("/cases/new/litigation", data=form).status_code == 302
    assert db.session.scalar(select(func.count(Beneficiary.id))) == 2


def test_linking_to_someone_out_of_sight_is_refused(app, org, other_org):
    foreign = make_case("litigation", by=other_org["paralegal"], full_name="Moussa Keïta")
    client = client_of(app, org["paralegal"])
    form = beneficiary_form(
        matter_type="land", forum="court", beneficiary_choice=str(foreign.beneficiary_id)
    )
    assert client.post("/cases/new/litigation", data=form).status_code == 404
    assert db.session.scalar(select(func.count(Case.id))) == 1


def test_conflict_of_interest_names_only_what_the_user_may_see(org):
    by = org["paralegal"]
    litigant = make_case("litigation", by=by, full_name="Bakary Coulibaly")
    survivor = make_case("gbv", by=by, full_name="Mariam Cissé")
    parties = ["Bakari Kulibali", "Mariam Sissé", "Personne Inconnue"]
    for user in (by, org["coordinator"]):  # she took both in; he supervises both
        by_party = {w.adverse_party: w for w in possible_conflicts(user, parties)}
        assert set(by_party) == {"Bakari Kulibali", "Mariam Sissé"}
        assert by_party["Bakari Kulibali"].case_references == [litigant.reference]
        assert by_party["Mariam Sissé"].case_references == [survivor.reference]
        assert not any(w.hidden for w in by_party.values())
    # A colleague on neither case learns that conflicts exist, and nothing else.
    for warning in possible_conflicts(org["other_paralegal"], parties):
        assert warning.case_references == [] and warning.hidden


def test_intake_conflict_warning_reveals_no_survivor(app, org):
    gbv = make_case("gbv", by=org["other_paralegal"], full_name="Mariam Cissé")
    client = client_of(app, org["paralegal"])
    form = beneficiary_form(
        full_name="Oumar Sidibé",
        matter_type="family",
        forum="court",
        adverse_parties="Mariam Cisse",
    )
    warned = client.post("/cases/new/litigation", data=form)
    assert (
        "Conflit d&#39;intérêts possible" in warned.text
        or "Conflit d'intérêts possible" in warned.text
    )
    assert gbv.reference not in warned.text
    assert gbv.beneficiary.code not in warned.text
    assert "Mariam Cissé" not in warned.text  # only what the user typed is echoed
    acknowledged = client.post(
        "/cases/new/litigation", data={**form, "conflicts_acknowledged": "y"}
    )
    assert acknowledged.status_code == 302
