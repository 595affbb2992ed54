"""The GBV figures of a report: victims assisted by lawyers, cases left out without consent."""

from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, distinct, func, select

from legalaid.cases.models import AssignmentRole, Beneficiary, Case, CaseKind
from legalaid.extensions import db
from legalaid.reports.exports import people_rows
from legalaid.reports.presentation import PeopleMeasure, number, plural_count
from legalaid.reports.sentences import including_women
from legalaid.reports.services import Scope, consented_or_not_gbv, has_assignment, people

KIND_CODE = CaseKind.GBV.value


def figures(scope: Scope) -> dict[str, Any]:
    """The GBV block of the indicators, under the keys donors know."""
    victims = and_(Case.kind == KIND_CODE, has_assignment(AssignmentRole.LAWYER))
    return {
        "victims_assisted_by_lawyers": people(scope, victims),
        "gbv_left_out_without_consent": left_out(scope),
    }


def left_out(scope: Scope) -> dict[str, int]:
    """GBV cases in scope left out of every figure for lack of consent, and their survivors."""
    cases, survivors = db.session.execute(
        select(func.count(Case.id), func.count(distinct(Case.beneficiary_id)))
        .join(Beneficiary, Beneficiary.id == Case.beneficiary_id)
        .where(*scope.filters(), Case.kind == KIND_CODE, ~consented_or_not_gbv())
    ).one()
    return {"cases": cases, "survivors": survivors}


def summary_rows(figures: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """The GBV rows of the exports' summary sheet: victims assisted, cases left out."""
    left_out = figures["gbv_left_out_without_consent"]
    return [
        *people_rows(_("GBV victims assisted by lawyers"), figures["victims_assisted_by_lawyers"]),
        (_("GBV cases left out for lack of consent"), [left_out["cases"]]),
        (_("GBV survivors left out for lack of consent"), [left_out["survivors"]]),
    ]


def headline_sentences(figures: dict[str, Any]) -> list[str]:
    """The victims assisted by lawyers, and how many of them are women."""
    victims = figures["victims_assisted_by_lawyers"]
    return [
        ngettext(
            "%(total)s victim of gender-based violence, %(women)s, was assisted by lawyers.",
            "%(total)s victims of gender-based violence, %(women)s, were assisted by lawyers.",
            plural_count(victims["total"]),
            total=number(victims["total"]),
            women=including_women(victims),
        )
    ]


def people_measures(figures: dict[str, Any]) -> list[PeopleMeasure]:
    """The victims assisted by lawyers."""
    victims = figures["victims_assisted_by_lawyers"]
    return [PeopleMeasure(_("GBV victims assisted by lawyers"), victims["total"], victims)]


def consent_note(figures: dict[str, Any]) -> str:
    """Why the GBV figures are lower than the caseload: only survivors who consented count."""
    cases = figures["gbv_left_out_without_consent"]["cases"]
    return ngettext(
        "GBV figures count only survivors who consented to reporting; %(cases)s case was "
        "left out for lack of consent.",
        "GBV figures count only survivors who consented to reporting; %(cases)s cases were "
        "left out for lack of consent.",
        plural_count(cases),
        cases=number(cases),
    )
