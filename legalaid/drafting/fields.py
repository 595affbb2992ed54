"""The values a template may print: the shared ones of every case, then its kind's.

A value is named by its dotted path (`person.name`); lists (`detention.orders`) are looped over
in the template with `{%p for order in detention.orders %}`. The person's name is her name only
for a user who may see it (`identity_visible`), her code otherwise: a document cannot show more
than the page does.
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from legalaid.accounts.models import User
from legalaid.casekinds import case_kind, case_kinds
from legalaid.cases.models import Case
from legalaid.drafting.words import long_date
from legalaid.labels import label

COMMON_FIELDS: Mapping[str, LazyString] = {
    "today": _l("The date the document is generated, in full (3 décembre 2026)"),
    "organisation.name": _l("The organisation that holds the case"),
    "case.reference": _l("The case reference"),
    "case.opened_on": _l("The date the case was opened, in full"),
    "person.name": _l("The person's name (her code for whoever may not see her identity)"),
    "person.code": _l("The person's code"),
    "person.sex": _l("The person's sex, in words"),
    "person.age": _l("The person's age in years, when known"),
    "person.commune": _l("The person's commune"),
    "person.region": _l("The person's region"),
    "author.name": _l("The name of the user generating the document"),
    "author.role": _l("That user's role"),
}
# The referral slip's own values, given at generation (the survivor's consent checked first).
REFERRAL_FIELDS: Mapping[str, LazyString] = {
    "referral.type": _l("The type of service the person is referred to (health, legal…)"),
    "referral.service": _l("The service or place she is referred to, as typed"),
    "referral.note": _l("What the receiving service needs to know, as typed"),
}


def all_fields() -> dict[str, LazyString]:
    """Every placeholder a template may use, shared ones first, then each kind's."""
    fields = {**COMMON_FIELDS, **REFERRAL_FIELDS}
    for kind in case_kinds():
        fields.update(kind.document_fields)
    return fields


def unknown_fields(names: list[str]) -> list[str]:
    """The placeholders of `names` that no case can fill (a typing error in a template)."""
    known = all_fields()
    roots = {name.split(".")[0] for name in known}
    return [name for name in names if name not in known and name not in roots]


def _age(case: Case, on: date) -> int | None:
    person = case.beneficiary
    if person.birth_date is not None:
        born = person.birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return on.year - person.birth_year if person.birth_year else None


def case_values(
    case: Case, details: Any, *, on: date, language: str, sees_identity: bool, by: User
) -> dict[str, Any]:
    """The values of `case` for a template in `language`, as `by` may see them."""
    person = case.beneficiary
    with force_locale(language):
        values = {
            "today": long_date(on, language),
            "organisation": {"name": case.organisation.name},
            "case": {"reference": case.reference, "opened_on": long_date(case.opened_on, language)},
            "person": {
                "name": person.full_name if sees_identity else person.code,
                "code": person.code,
                "sex": label("sex", person.sex).lower(),
                "age": _age(case, on),
                "commune": person.commune if sees_identity else None,
                "region": person.region.name if person.region else None,
            },
            "author": {"name": by.full_name, "role": label("role", by.role).lower()},
        }
        values.update(case_kind(case.kind).document_values(case, details, on, language))
    return values


def sample_values(kind_code: str, *, on: date, language: str) -> dict[str, Any]:
    """Invented values of the shape `case_values` gives, for an admin's preview (admins see
    no case record)."""
    with force_locale(language):
        values = {
            "today": long_date(on, language),
            "organisation": {"name": "Association des juristes maliennes"},
            "case": {"reference": "EX-2026-00001", "opened_on": long_date(on, language)},
            "person": {
                "name": "Fatoumata Traoré",
                "code": "B-EXEMPLE",
                "sex": label("sex", "F").lower(),
                "age": 34,
                "commune": "Sévaré",
                "region": "Mopti",
            },
            "author": {"name": "Mariam Coulibaly", "role": label("role", "paralegal").lower()},
            "referral": {
                "type": "santé" if language == "fr" else "health",
                "service": "Centre de santé de référence de Mopti",
                "note": "",
            },
        }
        values.update(case_kind(kind_code).document_sample(on, language))
    return values
