"""The land kind as the registry declares it, and its intake hooks (details, parties, conflicts)."""

from datetime import date

import pytest
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from legalaid.casekinds import UnknownCaseKind, case_kind, kind_codes
from legalaid.cases.intake import prepare_person_form
from legalaid.cases.matching import name_key
from legalaid.extensions import db
from legalaid.land.forms import LandEditForm, LandIntakeForm
from legalaid.land.kind import KIND
from legalaid.land.models import ConciliationSession, LandDispute, LandParty
from legalaid.land.services import dispute_of, other_party_rows
from tests.land.conftest import make_land_case


def test_the_kind_is_registered_under_its_code():
    assert case_kind("land_conciliation") is KIND
    assert kind_codes() == ("detention", "gbv", "litigation", "land_conciliation")
    assert KIND.prefix == "COF"
    assert KIND.outcomes == ("conciliation_agreement", "non_conciliation", "withdrawn")
    assert KIND.paralegal_outcomes == KIND.outcomes
    assert KIND.import_columns == (
        "commission",
        "dispute_type",
        "seized_on",
        "adverse_parties",  # the file's one column of other parties, also read as "parties"
        "pv_filed_on",
        "recognition",
        "recognised_on",
    )
    assert KIND.import_parties_column == "adverse_parties"
    assert [panel.template for panel in KIND.panels] == ["land/_path.html", "land/_sessions.html"]
    with pytest.raises(UnknownCaseKind):
        case_kind("land")


def test_its_label_groups_cover_its_codes():
    groups = KIND.label_groups
    assert set(groups["dispute_nature"]) == {
        "boundary",
        "ownership",
        "land_inheritance",
        "farmer_herder",
        "women_access",
        "other",
    }
    assert set(groups["party_role"]) == {"requesting", "other", "witness"}
    assert set(groups["party_kind"]) == {"person", "group"}
    assert set(groups["commission_level"]) == {"village", "commune", "cercle"}
    assert set(groups["recognition"]) == {"recognised", "refused"}
    assert set(groups["outcome"]) == {"non_conciliation"}


def _intake_form(commissions, **overrides) -> LandIntakeForm:
    data = {
        "full_name": "Aminata Togo",
        "sex": "F",
        "opened_on": "02/03/2026",
        "service_level": "advice",
        "preferred_language": "fr",
        "commission_id": str(commissions["COFO-MOP-SOCOURA"].id),
        "nature": "boundary",
        "place": " Socoura ",
        "parcel": "Champ de 2 ha au bord du fleuve",
        "latitude": "14.4936",
        "longitude": "-4.1960",
        "parties-0-kind": "group",
        "parties-0-full_name": "Lignage Kouyaté de Socoura",
        "parties-0-sex": "",
        "parties-0-role": "other",
        "parties-1-kind": "person",
        "parties-1-full_name": "Hamadoun Cissé",
        "parties-1-sex": "M",
        "parties-1-role": "other",
        "parties-1-phone": "76 12 34 56",
        "parties-2-kind": "person",
        "parties-2-full_name": "Fatoumata Djiré",
        "parties-2-sex": "F",
        "parties-2-role": "witness",
        **overrides,
    }
    form = LandIntakeForm(formdata=MultiDict(data))
    prepare_person_form(form)
    KIND.prepare_form(form)
    return form


def test_intake_with_three_parties_makes_three_rows_with_name_keys(data_app, org, commissions):
    with data_app.test_request_context():
        form = _intake_form(commissions)
        assert form.validate(), form.errors
        details = KIND.details_from_form(form)
        other_side = KIND.other_parties_from_form(form)
    assert details["seized_on"] == date(2026, 3, 2)  # the opening date by default
    assert details["place"] == "Socoura"
    assert (details["latitude"], details["longitude"]) == (14.4936, -4.196)
    assert other_side == ["Lignage Kouyaté de Socoura", "Hamadoun Cissé"]
    case = make_land_case(org["paralegal"], parties=[])
    db.session.delete(db.session.scalars(select(LandDispute)).one())
    db.session.flush()
    db.session.add(KIND.new_details(case, details, other_side))
    db.session.commit()
    rows = db.session.execute(
        select(
            LandParty.kind,
            LandParty.full_name,
            LandParty.name_key,
            LandParty.sex,
            LandParty.role,
            LandParty.phone,
        ).order_by(LandParty.id)
    ).all()
    assert [tuple(row) for row in rows] == [
        (
            "group",
            "Lignage Kouyaté de Socoura",
            name_key("Lignage Kouyaté de Socoura"),
            None,
            "other",
            None,
        ),
        ("person", "Hamadoun Cissé", "hamadun sise", "M", "other", "76 12 34 56"),
        ("person", "Fatoumata Djiré", name_key("Fatoumata Djiré"), "F", "witness", None),
    ]
    assert name_key("Hamadoun Cissé") == "hamadun sise"


def test_an_import_gives_the_other_parties_by_name_only(org, commissions):
    case = make_land_case(org["paralegal"], parties=[])
    dispute = db.session.scalars(select(LandDispute)).one()
    db.session.delete(dispute)
    db.session.flush()
    details = {
        "commission_id": dispute.commission_id,
        "nature": "ownership",
        "seized_on": date(2026, 3, 2),
    }
    db.session.add(KIND.new_details(case, details, ["Famille Traoré", "Boubacar Diallo"]))
    db.session.commit()
    dispute = db.session.scalars(select(LandDispute)).one()
    assert KIND.other_parties(dispute) == ["Famille Traoré", "Boubacar Diallo"]
    assert {party.role for party in dispute.parties} == {"other"}


def test_the_other_side_table_lists_other_parties_only(org, commissions):
    case = make_land_case(org["paralegal"])
    rows = db.session.execute(KIND.other_parties_table()).all()
    assert sorted(tuple(row) for row in rows) == sorted(
        [
            (case.id, "Lignage Kouyaté de Socoura", name_key("Lignage Kouyaté de Socoura")),
            (case.id, "Hamadoun Cissé", "hamadun sise"),
        ]
    )


def test_setting_the_other_side_keeps_witnesses_and_known_rows(org, commissions):
    make_land_case(org["paralegal"])
    dispute = db.session.scalars(select(LandDispute)).one()
    kept_id = next(p.id for p in dispute.parties if p.full_name == "Hamadoun Cissé")
    KIND.set_other_parties(dispute, ["Hamadoun Cissé", "Moussa Bocoum"])
    db.session.commit()
    parties = {party.full_name: party for party in dispute.parties}
    assert set(parties) == {"Hamadoun Cissé", "Moussa Bocoum", "Fatoumata Djiré"}
    assert parties["Hamadoun Cissé"].id == kept_id
    assert parties["Hamadoun Cissé"].phone == "76 12 34 56"
    assert parties["Moussa Bocoum"].name_key == name_key("Moussa Bocoum")


def test_editing_the_parties_keeps_their_attendance(data_app, org, commissions):
    case = make_land_case(org["paralegal"])
    dispute = db.session.scalars(select(LandDispute)).one()
    first, _second, witness = dispute.parties
    session = ConciliationSession(
        dispute_id=dispute.id,
        held_on=date(2026, 3, 10),
        recorded_by_id=org["paralegal"].id,
        present_parties=[first, witness],
    )
    db.session.add(session)
    db.session.commit()
    with data_app.test_request_context():
        form = LandEditForm(obj=dispute, data=KIND.edit_defaults(case, dispute))
        assert [entry.full_name.data for entry in form.parties] == [
            "Lignage Kouyaté de Socoura",
            "Hamadoun Cissé",
            "Fatoumata Djiré",
        ]
    rows = dispute.party_rows
    rows[0]["full_name"] = "Lignage Kouyaté"
    dispute.party_rows = rows[:1] + rows[2:]  # the second party is dropped
    db.session.commit()
    assert [p.id for p in dispute.parties] == [first.id, witness.id]
    assert dispute.parties[0].name_key == name_key("Lignage Kouyaté")
    assert [p.id for p in session.present_parties] == [first.id, witness.id]


def test_the_commission_list_offers_active_commissions(data_app, commissions):
    closed = commissions["COFO-MOP-KONNA"]
    closed.active = False
    db.session.commit()
    with data_app.test_request_context():
        form = LandIntakeForm()
        KIND.prepare_form(form)
        names = [str(choice.label) for choice in form.commission_id.choices]
        assert "Commission foncière de Konna" not in names
        assert "Commission foncière de Socoura" in names
        assert len(names) == len(commissions)  # "— choose —" first
        edit = LandEditForm(data={"commission_id": closed.id})
        KIND.prepare_form(edit)
        assert "Commission foncière de Konna" in [c.label for c in edit.commission_id.choices]


def test_a_party_id_of_another_dispute_never_moves_that_party(org, commissions):
    ours = dispute_of(make_land_case(org["paralegal"], parties=[]))
    theirs = dispute_of(make_land_case(org["paralegal"], full_name="Kadiatou Guindo"))
    foreign = theirs.parties[0]
    ours.party_rows = [{**ours_row, "id": foreign.id} for ours_row in other_party_rows(["Ali"])]
    db.session.commit()
    db.session.refresh(foreign)
    assert (foreign.dispute_id, foreign.full_name) == (theirs.id, "Lignage Kouyaté de Socoura")
    assert [(p.full_name, p.id != foreign.id) for p in ours.parties] == [("Ali", True)]
