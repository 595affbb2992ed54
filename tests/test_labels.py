"""The label registry: one label per code, in the reader's language; dates as people write them."""

from datetime import date, datetime

import pytest
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from wtforms import SelectField

from legalaid.cases.forms import CaseFilterForm
from legalaid.detention.services import record_census
from legalaid.formutils import QuickSelect, choices
from legalaid.i18n import format_day, format_moment
from legalaid.labels import GROUPS, label, labels, options
from legalaid.notifications.models import NotificationKind
from legalaid.workflow.models import HearingResult
from tests.builders import make_user
from tests.conftest import sign_in


def test_a_code_reads_in_the_current_language(app):
    with app.test_request_context():
        with force_locale("fr"):
            assert label("status", "in_progress") == "En cours"
            assert label("hearing_result", HearingResult.ADJOURNED) == "Renvoi"
            assert labels("age_group")["minor"] == "Mineurs (moins de 18 ans)"
        with force_locale("en"):
            assert label("status", "in_progress") == "In progress"
            assert label("audit_action", "user_create") == "User created"


def test_no_code_reads_as_nothing_and_an_unknown_one_as_itself(app):
    with app.test_request_context():
        assert label("outcome", None) == "" and label("outcome", "") == ""
        assert label("outcome", "not_a_code") == "not_a_code"


def test_forms_offer_the_registry_labels(app):
    with app.test_request_context(), force_locale("fr"):
        form = CaseFilterForm()
        offered = {choice.value: str(choice.label) for choice in form.status.choices}
        assert offered["intake"] == label("status", "intake")
        assert [code for code, _text in options("outcome", "mediation", "referred")] == [
            "mediation",
            "referred",
        ]


def test_every_enum_shown_to_people_is_registered_whole():
    assert set(GROUPS["notification_kind"]) == {kind.value for kind in NotificationKind}
    assert set(GROUPS["hearing_result"]) == {result.value for result in HearingResult}


def test_intake_and_home_read_differently_in_french(app):
    """ "Accueil" was both the first status of a case and the link to the home page."""
    with app.test_request_context(), force_locale("fr"):
        assert label("status", "intake") != gettext("Home")
        assert gettext("Home") == "Accueil"


@pytest.mark.parametrize(
    ("language", "style", "expected"),
    [
        ("en", "short", "03/12/2026"),
        ("en", "medium", "3 Dec 2026"),
        ("fr", "short", "03/12/2026"),
        ("fr", "medium", "3 déc. 2026"),
    ],
)
def test_dates_read_day_first_in_both_languages(app, language, style, expected):
    with app.test_request_context(), force_locale(language):
        assert format_day(date(2026, 12, 3), style) == expected


def test_english_times_never_read_the_american_way(app):
    with app.test_request_context(), force_locale("en"):
        assert format_moment(datetime(2026, 12, 3, 10, 0), "short") == "03/12/2026, 10:00"


def test_the_date_filters_of_the_pages_follow(app):
    with app.test_request_context(), force_locale("en"):
        template = app.jinja_env.from_string("{{ day|dateformat('short') }}")
        assert template.render(day=date(2026, 3, 2)) == "02/03/2026"


@pytest.mark.parametrize(("language", "total"), [("fr", "1\u202f250"), ("en", "1,250")])
def test_counts_on_pages_carry_thousands_separators(app, reference, language, total):
    officer = make_user("prison_officer", preferred_language=language)
    prison = officer.prisons[0]
    record_census(prison, officer, counted_on=date(2026, 11, 2), total=1250, pretrial=1000)
    client = app.test_client()
    sign_in(client, officer)
    page = client.get(f"/prisons/{prison.id}").text
    assert f"<td>{total}</td>" in page


def test_remembered_labels_and_dates_follow_the_language_and_the_registry(app):
    """Each label and date is worked out once per language (issue 21): switching language,
    or a group replaced by a package, still reads right."""
    with app.test_request_context():
        for _ in range(2):  # the second round reads what the first remembered
            with force_locale("fr"):
                assert label("status", "closed") == "Clos"
                assert format_day(date(2026, 12, 3), "medium") == "3 déc. 2026"
            with force_locale("en"):
                assert label("status", "closed") == "Closed"
                assert format_day(date(2026, 12, 3), "medium") == "3 Dec 2026"
        saved = GROUPS["status"]
        try:
            GROUPS["status"] = {**saved, "closed": "Fermé"}
            assert label("status", "closed") == "Fermé"
        finally:
            GROUPS["status"] = saved
        with pytest.raises(TypeError):
            labels("status")["closed"] = "shared by every request"  # type: ignore[index]


def test_a_quick_select_writes_what_wtforms_writes(app):
    """The case list's selects skip `html_params` per option (issue 21), not a character."""
    choices_ = choices([("", "—"), ("a&b", 'Quote " <b>'), ("in_progress", _l("Status"))])

    class Form(CaseFilterForm):
        plain = SelectField(choices=choices_, default="a&b")
        quick = SelectField(choices=choices_, default="a&b", widget=QuickSelect())

    with app.test_request_context(), force_locale("fr"):
        form = Form()
        assert str(form.quick()).replace('id="quick"', "").replace('name="quick"', "") == str(
            form.plain()
        ).replace('id="plain"', "").replace('name="plain"', "")
        assert '<option selected value="a&amp;b">Quote &#34; &lt;b&gt;</option>' in form.quick()
