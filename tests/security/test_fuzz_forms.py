"""Random payloads posted to every form of the app (issue 14), as a user allowed to use it.

Each field gets, at random, a plausible value or an attacker's: text with NUL bytes, control
characters, bidi overrides and non-ASCII digits, huge strings, several values for one field,
dates from year 1 to 9999 in every writing, times like `²:30`. Whatever comes, the answer is
never a server error; when the answer is an error, nothing at all is stored; and no control
character ever reaches the database (PostgreSQL refuses NUL, SQLite would keep it). Runs on
SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, Text, func, select
from wtforms import BooleanField, HiddenField, IntegerField, SelectFieldBase

from legalaid.accounts.forms import OrganisationForm, UserForm
from legalaid.accounts.models import Organisation, User
from legalaid.auth.forms import ChangePasswordForm, LoginForm
from legalaid.cases.forms import (
    BeneficiaryEditForm,
    DetentionEditForm,
    DetentionIntakeForm,
    GbvConsentForm,
    GbvEditForm,
    GbvIntakeForm,
    LitigationEditForm,
    LitigationIntakeForm,
    TimelineEntryForm,
)
from legalaid.cases.models import Beneficiary, Case
from legalaid.detention.forms import (
    CensusForm,
    HearingSeenForm,
    OrderForm,
    ReleaseForm,
    RuleForm,
    TransferForm,
)
from legalaid.extensions import db
from legalaid.formutils import FlexibleDateField, TimeField, control_character
from legalaid.i18n import LanguageForm
from legalaid.reference.models import Prison
from legalaid.workflow.forms import (
    AssignForm,
    CancelHearingForm,
    HearingForm,
    HearingResultForm,
    RescheduleHearingForm,
    TransitionForm,
)
from legalaid.workflow.models import Hearing
from tests.builders import PASSWORD, assign, first_prison, make_case, make_organisation, make_user
from tests.conftest import sign_in

# Tables every request may write to, whatever its answer: who did what, and the session.
LOGS = frozenset({"audit_entries", "user_sessions"})
# A failed sign-in is counted on the account (the lockout): only its row counts stay the same.
COUNTED_FAILURES = frozenset({"login"})

CONTROLS = ["\x00", "\x01", "\x08", "\x0b", "\x1b[31m", "\x1f", "\x7f", "\x85", "\r", "\n", "\t"]
ODD_PIECES = st.sampled_from(
    [*CONTROLS, "²", "٣", "３", "\u202e", "\u200b", "\ufeff", "é", "𝒜", "'", '"', "<b>", "{{7*7}}"]
)
ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=8), ODD_PIECES, st.text(max_size=8)),
    st.sampled_from(
        ["", " ", "0", "-1", "1e3", "9" * 40, "None", "[]", "x" * 10_001, "\ufdfa" * 12, "1" * 30]
    ),
)
DAY_TEXT = st.builds(
    lambda day, writing: day.strftime(writing),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.sampled_from(["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d/%m/%y"]),
)
DATE_TEXT = st.one_of(
    DAY_TEXT,
    st.sampled_from(["31/02/1985", "29/02/2023", "00/00/0000", "01/01/0001", "²1/01/2026"]),
    ODD_TEXT,
)
TIME_TEXT = st.one_of(
    st.builds(
        lambda h, sep, m: f"{h}{sep}{m}",
        st.integers(-1, 30),
        st.sampled_from([":", "h", ".", "", " "]),
        st.integers(-1, 99),
    ),
    st.sampled_from(["²:30", "٩:٣٠", "24:00", "9h", "930", "12345"]),
    ODD_TEXT,
)
NUMBER_TEXT = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(["²", "٣", "１", "9" * 12, " 1", "1 ", "0x1", "new"]),
    ODD_TEXT,
)


def _odd_value(field) -> st.SearchStrategy:
    """An attacker's value for a field of this type."""
    if isinstance(field, FlexibleDateField):
        return DATE_TEXT
    if isinstance(field, TimeField):
        return TIME_TEXT
    if isinstance(field, IntegerField | HiddenField | SelectFieldBase):
        return NUMBER_TEXT
    if isinstance(field, BooleanField):
        return st.sampled_from(["y", "", "0", "\x00"])
    return ODD_TEXT


def _payloads(form_class, base: dict[str, str]) -> st.SearchStrategy:
    """The form's plausible values with one to three fields changed (left out, or given an
    attacker's value, sometimes twice, as two values of one field), so that most payloads get
    past the other fields; or every field at random."""
    form = form_class(meta={"csrf": False})
    odd = {
        field.name: st.one_of(
            _odd_value(field), st.lists(_odd_value(field), min_size=2, max_size=2), st.none()
        )
        for field in form
        if field.type != "FileField"
    }

    @st.composite
    def changed(draw) -> dict:
        data = dict(base)
        for name in draw(st.lists(st.sampled_from(sorted(odd)), min_size=1, max_size=3)):
            data[name] = draw(odd[name])
        return data

    anything = st.fixed_dictionaries(odd)
    return st.one_of(changed(), changed(), changed(), anything).map(
        lambda data: {name: value for name, value in data.items() if value is not None}
    )


def _snapshot(name: str) -> dict[str, list[str] | int]:
    """Every row of every table but the logs (only how many for a form that counts failures),
    to tell that an answer stored nothing."""
    db.session.expire_all()
    return {
        table.name: (
            db.session.scalar(select(func.count()).select_from(table))
            if name in COUNTED_FAILURES
            else sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
        )
        for table in db.metadata.sorted_tables
        if table.name not in LOGS
    }


def _stored_control_characters() -> list[tuple[str, str]]:
    """The text columns holding a control character (other than tab, newline and CR)."""
    found = []
    for table in db.metadata.sorted_tables:
        if table.name in LOGS:
            continue
        for column in table.columns:
            if isinstance(column.type, String | Text):
                for value in db.session.scalars(select(column).where(column.is_not(None))):
                    if control_character(value, multiline=True):
                        found.append((table.name, column.name))
    return found


def _is_error(response) -> bool:
    """An answer that refuses the form: a 4xx, or the form shown again with its errors."""
    if response.status_code >= 400:
        return True
    return response.status_code == 200 and (
        "invalid-feedback" in response.text or "alert-danger" in response.text
    )


@pytest.fixture
def world(reference):
    """One organisation with a case of each kind, a hearing, its people, and an admin."""
    organisation = make_organisation("Organisation fuzz")
    prison = first_prison()
    people = {
        role: make_user(role, organisation=organisation)
        for role in ("coordinator", "lawyer", "paralegal")
    }
    people["prison_officer"] = make_user(
        "prison_officer", organisation=organisation, prisons=[prison]
    )
    people["admin"] = make_user("admin")
    people["visitor"] = make_user(
        "paralegal", organisation=organisation, email="visiteur@example.org"
    )
    cases = {
        kind: make_case(kind, by=people["paralegal"], full_name=f"Awa {kind}")
        for kind in ("detention", "gbv", "litigation")
    }
    for case in cases.values():
        assign(case, people["lawyer"])
        assign(case, people["paralegal"])
        case.status = "in_progress"
    hearing = Hearing(
        case_id=cases["detention"].id,
        scheduled_at=cases["detention"].created_at,
        created_by_id=people["lawyer"].id,
    )
    db.session.add(hearing)
    db.session.commit()
    ids = {f"{kind}_id": case.id for kind, case in cases.items()}
    ids |= {
        "hearing_id": hearing.id,
        "prison_id": prison.id,
        "other_prison_id": db.session.scalars(
            select(Prison.id).order_by(Prison.code).offset(1)
        ).first(),
        "lawyer_id": make_user("lawyer", organisation=organisation).id,
        "organisation_id": organisation.id,
    }
    return {
        "people": people,
        "ids": ids,
        "organisation": organisation,
    }


TODAY = date.today()
NEW_PASSWORD = "Le fleuve Niger à Ségou 2027"
SOON = (TODAY + timedelta(days=7)).strftime("%d/%m/%Y")
PERSON = {
    "full_name": "Fanta Diarra",
    "sex": "F",
    "birth_year": "1990",
    "preferred_language": "fr",
    "opened_on": "02/03/2026",
    "service_level": "advice",
}
DETENTION = {
    "prison_id": "{prison_id}",
    "offence_class": "crime",
    "arrested_on": "01/02/2026",
    "procedure_stage": "investigation",
    "code_regime": "2001",
}
GBV = {"incident_type": "rape", "incident_date": "01/02/2026"}
LITIGATION = {"matter_type": "land", "forum": "court", "adverse_parties": "Bakary Coulibaly"}

# (name, role, path, form, plausible values); `{…}` is filled from the world and the case's
# current version.
FORMS = [
    ("intake detention", "paralegal", "/cases/new/detention", DetentionIntakeForm,
     PERSON | DETENTION),
    ("intake gbv", "paralegal", "/cases/new/gbv", GbvIntakeForm, PERSON | GBV),
    ("intake litigation", "paralegal", "/cases/new/litigation", LitigationIntakeForm,
     PERSON | LITIGATION),
    ("edit detention", "paralegal", "/cases/{detention_id}/edit", DetentionEditForm,
     PERSON | DETENTION | {"version": "{detention_version}"}),
    ("edit gbv", "paralegal", "/cases/{gbv_id}/edit", GbvEditForm,
     PERSON | GBV | {"version": "{gbv_version}"}),
    ("edit litigation", "paralegal", "/cases/{litigation_id}/edit", LitigationEditForm,
     PERSON | LITIGATION | {"version": "{litigation_version}"}),
    ("person", "paralegal", "/cases/{litigation_id}/person", BeneficiaryEditForm,
     PERSON | {"version": "{person_version}"}),
    ("note", "paralegal", "/cases/{gbv_id}/timeline", TimelineEntryForm,
     {"text": "Visite au domicile", "action_type": "visit"}),
    ("hearing", "lawyer", "/cases/{detention_id}/hearings/new", HearingForm,
     {"day": SOON, "time": "9h30"}),
    ("hearing result", "lawyer", "/hearings/{hearing_id}/result", HearingResultForm,
     {"result": "adjourned", "adjournment_reason": "Absence", "next_day": SOON}),
    ("reschedule", "lawyer", "/hearings/{hearing_id}/reschedule", RescheduleHearingForm,
     {"day": SOON, "time": "11h", "reason": "Renvoi demandé"}),
    ("cancel hearing", "lawyer", "/hearings/{hearing_id}/cancel", CancelHearingForm,
     {"reason": "Audience annulée"}),
    ("consents", "paralegal", "/cases/{gbv_id}/consents", GbvConsentForm,
     {"consent_reporting": "y", "referrals_made": "Centre de santé", "version": "{gbv_version}"}),
    ("release", "prison_officer", "/cases/{detention_id}/custody/release", ReleaseForm,
     {"released_on": "01/03/2026", "reason": "Liberté provisoire"}),
    ("transfer", "prison_officer", "/cases/{detention_id}/custody/transfer", TransferForm,
     {"transferred_on": "01/03/2026", "prison_id": "{other_prison_id}"}),
    ("hearing seen", "prison_officer", "/cases/{detention_id}/custody/hearing", HearingSeenForm,
     {"day": SOON, "time": "08:30"}),
    ("order", "lawyer", "/cases/{detention_id}/orders/new", OrderForm,
     {"ordered_on": "01/03/2026", "length_months": "6", "deciding_body": "investigating_judge"}),
    ("census", "prison_officer", "/prisons/{prison_id}", CensusForm,
     {"counted_on": "01/03/2026", "total_held": "400", "pretrial_held": "300"}),
    ("resolve", "coordinator", "/cases/{litigation_id}/status/resolve", TransitionForm,
     {"outcome": "referred", "version": "{litigation_version}"}),
    ("close", "coordinator", "/cases/{gbv_id}/status/close", TransitionForm,
     {"reason": "withdrawn", "note": "Retrait", "version": "{gbv_version}"}),
    ("reopen", "coordinator", "/cases/{gbv_id}/status/reopen", TransitionForm,
     {"note": "Nouvelle plainte", "version": "{gbv_version}"}),
    ("assign", "coordinator", "/cases/{detention_id}/assign", AssignForm,
     {"person_id": "{lawyer_id}"}),
    ("new user", "admin", "/admin/users/new", UserForm,
     {"email": "nouvelle@example.org", "full_name": "Kadia Sow", "role": "viewer",
      "organisation_id": "{organisation_id}"}),
    ("new organisation", "admin", "/admin/organisations/new", OrganisationForm,
     {"name": "Clinique juridique", "kind": "ngo"}),
    ("edit organisation", "admin", "/admin/organisations/{organisation_id}", OrganisationForm,
     {"name": "Organisation renommée", "kind": "ngo", "active": "y",
      "version": "{organisation_version}"}),
    ("edit user", "admin", "/admin/users/{lawyer_id}", UserForm,
     {"email": "avocate@example.org", "full_name": "Maître Sow", "role": "lawyer",
      "organisation_id": "{organisation_id}", "preferred_language": "fr",
      "version": "{user_version}"}),
    ("new rule", "admin", "/admin/detention-rules/new", RuleForm,
     {"code_regime": "2024", "offence_class": "crime", "base_amount": "1", "base_unit": "months",
      "extension_unit": "months", "cap_amount": "3", "cap_unit": "months",
      "legal_basis": "art. 1", "effective_from": "01/01/2027"}),
    ("password", "visitor", "/auth/password", ChangePasswordForm,
     {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
      "confirm_password": NEW_PASSWORD}),
    ("language", "visitor", "/language", LanguageForm, {"language": "en"}),
    ("login", None, "/auth/login", LoginForm,
     {"email": "visiteur@example.org", "password": PASSWORD}),
]  # fmt: skip


def _fill(value, world) -> str:
    """A plausible value with the world's ids and the current versions filled in."""
    ids = world["ids"]
    versions = {
        f"{kind}_version": db.session.get(Case, ids[f"{kind}_id"]).version
        for kind in ("detention", "gbv", "litigation")
    }
    person = db.session.get(Case, ids["litigation_id"]).beneficiary_id
    versions["person_version"] = db.session.get(Beneficiary, person).version
    versions["user_version"] = db.session.get(User, ids["lawyer_id"]).version
    versions["organisation_version"] = db.session.get(Organisation, ids["organisation_id"]).version
    return value.format(**ids, **versions)


@pytest.mark.parametrize(
    ("name", "role", "path", "form_class", "base"), FORMS, ids=[form[0] for form in FORMS]
)
def test_random_payloads_never_fail_and_errors_store_nothing(
    app, data_app, world, name, role, path, form_class, base
):
    client = app.test_client()
    if role is not None:
        assert sign_in(client, world["people"][role]).status_code == 302
    with data_app.test_request_context():
        payloads = _payloads(form_class, base)

    @settings(
        max_examples=15,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(payload=payloads)
    def post(payload):
        data = {
            key: _fill(value, world) if value == base.get(key) else value
            for key, value in payload.items()
        }
        before = _snapshot(name)
        response = client.post(path.format(**world["ids"]), data=data)
        assert response.status_code < 500, (name, data)
        if _is_error(response):
            assert _snapshot(name) == before, (name, data, response.status_code)
        assert _stored_control_characters() == [], (name, data)

    post()
