"""The kind's templates as the shared case pages include them: fields, details rows, panels."""

from datetime import date

from flask import render_template_string
from flask_babel import force_locale
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from legalaid.extensions import db
from legalaid.land.forms import LandIntakeForm
from legalaid.land.kind import KIND
from legalaid.land.services import SessionData, dispute_of, record_session
from legalaid.permissions import CaseAccess
from legalaid.reference.models import Court
from tests.land.conftest import resolve

FIELDS = '{% from "land/_case_fields.html" import kind_fields %}{{ kind_fields(form) }}'


def _panel(template: str, case, user, may_work: bool = True) -> str:
    access = CaseAccess(case, may_work, True)
    panel = next(p for p in KIND.panels if p.template == template)
    context = panel.context(case, dispute_of(case), access, user)
    return render_template_string(f'{{% include "{template}" %}}', **context)


def test_the_intake_fields_show_three_party_rows_and_the_add_button(data_app, commissions):
    with data_app.test_request_context(), force_locale("en"):
        form = LandIntakeForm()
        KIND.prepare_form(form)
        html = render_template_string(FIELDS, form=form)
    assert html.count('name="parties-') == 3 * 6  # id, kind, name, sex, role, phone
    assert 'name="parties-2-full_name"' in html and 'name="parties-3-full_name"' not in html
    assert 'name="add_party"' in html and "formnovalidate" in html
    assert "Commission foncière de Socoura" in html


def test_a_fourth_row_after_add_party_keeps_the_typed_names(data_app, commissions):
    with data_app.test_request_context(), force_locale("en"):
        form = LandIntakeForm(
            formdata=MultiDict({"parties-0-full_name": "Famille Traoré", "add_party": "y"})
        )
        form.validate()
        html = render_template_string(FIELDS, form=form)
    assert 'name="parties-3-full_name"' in html
    assert 'value="Famille Traoré"' in html


def test_the_details_rows_name_the_commission_and_every_party(data_app, org, land):
    dispute = dispute_of(land)
    dispute.latitude, dispute.longitude = 14.4936, -4.196
    db.session.commit()
    with data_app.test_request_context(), force_locale("fr"):
        html = render_template_string(
            '{% include "land/_case_details.html" %}',
            case=land,
            details=dispute,
            access=CaseAccess(land, True, True),
        )
    assert "Commission foncière de Socoura" in html
    assert "14.49360, -4.19600" in html
    assert "Aminata Togo" in html
    assert "Hamadoun Cissé" in html and "76 12 34 56" in html
    assert "boundary" not in html and "witness" not in html


def test_the_panels_show_sessions_and_the_path(data_app, org, land):
    session = SessionData(date(2026, 3, 10), "Socoura", True, [], 12, 5, 4, "Accord trouvé")
    record_session(land, org["paralegal"], session, expected_version=land.version)
    resolve(land)
    with data_app.test_request_context(), force_locale("en"):
        sessions = _panel("land/_sessions.html", land, org["paralegal"])
        path = _panel("land/_path.html", land, org["paralegal"])
        reader = _panel("land/_sessions.html", land, org["paralegal"], may_work=False)
    assert "Accord trouvé" in sessions and "12, of whom 5 women and 4 young people" in sessions
    assert f"/cases/{land.id}/land/sessions/new" in sessions
    assert f"/cases/{land.id}/land/sessions/new" not in reader
    assert "1 session, the last on" in path
    assert "PV: Conciliation agreement" in path
    assert f"/cases/{land.id}/land/filing" in path
    assert f"/cases/{land.id}/land/decision" not in path  # not filed yet
    dispute = dispute_of(land)
    dispute.pv_court_id = db.session.scalar(select(Court.id).where(Court.code == "TGI-MOP"))
    dispute.pv_filed_on = date(2026, 5, 10)
    db.session.commit()
    with data_app.test_request_context(), force_locale("en"):
        paralegal_path = _panel("land/_path.html", land, org["paralegal"])
        lawyer_path = _panel("land/_path.html", land, org["lawyer"])
    assert f"/cases/{land.id}/land/decision" not in paralegal_path
    assert f"/cases/{land.id}/land/decision" in lawyer_path
