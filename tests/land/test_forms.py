"""The land forms' own validation: GPS point, parties, attendance, decision dates."""

import pytest
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from legalaid.land.forms import DecisionForm, LandEditForm, SessionForm
from legalaid.land.services import party_rows_from_form


@pytest.fixture
def english(data_app):
    """A request in English, the source language."""
    with data_app.test_request_context(), force_locale("en"):
        yield


def _edit(**values) -> LandEditForm:
    data = {
        "opened_on": "02/03/2026",
        "service_level": "advice",
        "commission_id": "1",
        "nature": "boundary",
        "version": "1",
        **values,
    }
    form = LandEditForm(formdata=MultiDict(data))
    form.commission_id.choices = [(1, "Commission foncière de Mopti")]
    return form


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("91", "-4.2", "latitude", "Between -90 and 90."),
        ("-90.5", "-4.2", "latitude", "Between -90 and 90."),
        ("14.5", "180.1", "longitude", "Between -180 and 180."),
        ("14.5", "", "longitude", "Give both the latitude and the longitude, or neither."),
        ("", "-4.2", "latitude", "Give both the latitude and the longitude, or neither."),
        ("quatorze", "-4.2", "latitude", "Not a valid float value."),
    ],
)
def test_a_gps_point_is_in_range_and_whole(english, latitude, longitude, field, message):
    form = _edit(latitude=latitude, longitude=longitude)
    assert not form.validate()
    assert form.errors[field][0] == message


@pytest.mark.parametrize(("latitude", "longitude"), [("", ""), ("90", "-180"), ("14.49", "-4.19")])
def test_a_gps_point_is_optional(english, latitude, longitude):
    assert _edit(latitude=latitude, longitude=longitude).validate()


def test_a_group_has_no_sex(english):
    form = _edit(
        **{"parties-0-kind": "group", "parties-0-full_name": "Lignage Bocoum", "parties-0-sex": "M"}
    )
    assert not form.validate()
    assert form.errors["parties"][0] == {"sex": ["A group has no sex: leave it empty."]}


def test_adding_a_party_keeps_what_was_typed_and_shows_one_more_row(english):
    form = _edit(
        place="Konna",
        add_party="Ajouter une partie",
        **{
            "parties-0-full_name": "Famille Traoré",
            "parties-0-kind": "group",
            "parties-1-full_name": "Moussa Bocoum",
            "parties-2-full_name": "",
        },
    )
    assert not form.validate()
    assert form.errors == {}
    assert len(form.parties) == 4
    assert [entry.form.full_name.data for entry in form.parties] == [
        "Famille Traoré",
        "Moussa Bocoum",
        "",
        None,
    ]
    assert form.place.data == "Konna"


def test_a_new_form_shows_three_empty_party_rows(english):
    assert len(LandEditForm().parties) == 3


def _session(**values) -> SessionForm:
    data = {"held_on": "10/03/2026", "attendance_total": "12", "version": "3", **values}
    form = SessionForm(formdata=MultiDict(data))
    form.present_parties.choices = [(7, "Moussa Bocoum")]
    return form


@pytest.mark.parametrize(
    ("women", "youth", "errors"),
    [
        ("12", "0", {}),
        ("13", "0", {"attendance_women": ["Cannot be more than the total."]}),
        ("0", "13", {"attendance_youth": ["Cannot be more than the total."]}),
        ("-1", "0", {"attendance_women": ["Number must be between 0 and 10000."]}),
    ],
)
def test_women_and_young_people_are_counted_in_the_total(english, women, youth, errors):
    form = _session(attendance_women=women, attendance_youth=youth)
    assert form.validate() == (not errors)
    assert form.errors == errors


def test_present_parties_are_the_disputes_own(english):
    form = _session(attendance_women="1", attendance_youth="1", present_parties="8")
    assert not form.validate()
    assert "present_parties" in form.errors


def test_a_decision_needs_its_kind_and_date(english):
    form = DecisionForm(formdata=MultiDict({"recognition": "", "decided_on": "", "version": "2"}))
    assert not form.validate()
    assert set(form.errors) == {"recognition", "decided_on"}
    form = DecisionForm(formdata=MultiDict({"recognition": "homologue", "decided_on": "1/6/2026"}))
    assert not form.validate()
    assert "recognition" in form.errors


def test_a_blank_looking_sex_is_no_sex(english):
    """`Optional()` lets " " through a subform's select: it must not reach the CHECK."""
    form = _edit(**{"parties-0-full_name": "Moussa Bocoum", "parties-0-sex": " "})
    assert form.validate()
    assert party_rows_from_form(form.parties.entries)[0]["sex"] is None
