"""Pre-trial detention as a case kind: a detainee, the prison, the legal-limit clock."""

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, update

from legalaid.casekinds import CaseKindDefinition
from legalaid.cases.forms import DetentionEditForm, DetentionIntakeForm
from legalaid.cases.models import CaseKind
from legalaid.detention import indicators
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db


class DetentionKind(CaseKindDefinition):
    """A pre-trial detainee held in one of the programme's prisons."""

    code = CaseKind.DETENTION.value
    prefix = "DET"
    label = _l("Pre-trial detention")
    detail_model = DetentionRecord
    intake_form = DetentionIntakeForm
    edit_form = DetentionEditForm
    fields_template = "detention/_case_fields.html"
    details_template = "detention/_case_details.html"
    detail_fields = (
        "prison_id",
        "arrested_on",
        "committal_on",
        "offence_class",
        "charges",
        "court_id",
        "investigating_judge",
        "procedure_stage",
        "code_regime",
    )
    outcomes = (
        "released_pending_trial",
        "charges_dismissed",
        "acquitted",
        "sentenced",
        "sentence_served",
        "transferred",
    )
    import_columns = ("prison", "arrested_on", "committal_date", "offence_class", "charges")
    percentages = indicators.PERCENTAGES

    def indicators(self, scope) -> dict[str, Any]:
        """The detainees identified, assisted and held (legalaid/detention/indicators.py)."""
        return {"detainees": indicators.detainees(scope)}

    def protect(self, exact: dict[str, Any], protected: dict[str, Any]) -> None:
        """No median of days held over fewer than 5 detainees."""
        indicators.protect(exact, protected)

    def summary_rows(self, figures: dict[str, Any]) -> list[tuple[str, list[Any]]]:
        """The detainees' rows of the exports' summary sheet."""
        return indicators.summary_rows(figures["detainees"])

    def charts(self, figures: dict[str, Any]) -> list[Any]:
        """The detainees held at the end of the period, by prison and state."""
        return [indicators.held_chart(figures["detainees"])]

    def purge(self, cases: Select) -> None:
        """The charges may name the victim or the co-accused."""
        db.session.execute(
            update(DetentionRecord).where(DetentionRecord.case_id.in_(cases)).values(charges="")
        )


KIND = DetentionKind()
