"""The activity forms' own rules."""

import pytest
from werkzeug.datastructures import MultiDict

from legalaid.activities.forms import ActivityForm, ParticipantForm


def activity(**fields):
    data = {
        "type": "training",
        "title": "Formation",
        "start_on": "02/03/2026",
        "f_youth": "3",
        "m_adult": "2",
        **fields,
    }
    form = ActivityForm(formdata=MultiDict(data), meta={"csrf": False})
    for name in ("region_id", "commission_id", "prison_id", "court_id"):
        getattr(form, name).choices = [(0, "—")]
    form.facilitator_ids.choices = []
    return form


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"counted_total": "6"}, "counted_total"),
        ({"f_youth": "-1"}, "f_youth"),
        ({"end_on": "01/03/2026"}, "end_on"),
        ({"start_on": "31/02/2026"}, "start_on"),
        ({"title": ""}, "title"),
        ({"type": "picnic"}, "type"),
        ({"case_references": "DET-2026-00001"}, "case_references"),
    ],
)
def test_refused(app, fields, field):
    with app.test_request_context():
        form = activity(**fields)
        assert not form.validate()
        assert field in form.errors


def test_accepted_with_a_total_that_adds_up(app):
    with app.test_request_context():
        form = activity(counted_total="5", end_on="03/03/2026")
        assert form.validate(), form.errors
        assert sum(form.grid().values()) == 5


def test_a_participant_gives_a_birth_year_or_an_age(app):
    with app.test_request_context():
        data = {"full_name": "Awa Diallo", "sex": "F", "birth_year": "1990", "age": "36"}
        form = ParticipantForm(formdata=MultiDict(data), meta={"csrf": False})
        form.commission_id.choices = [(0, "—")]
        assert not form.validate() and "age" in form.errors
        form = ParticipantForm(
            formdata=MultiDict({**data, "age": "", "commission_id": "0"}), meta={"csrf": False}
        )
        form.commission_id.choices = [(0, "—")]
        assert form.validate(), form.errors
