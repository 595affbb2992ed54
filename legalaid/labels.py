"""Every code a person may read, with its label in their language: the one registry.

Codes (enum values, audit actions, detention states, age groups…) are what the database, the URLs
and the machine exports keep. Whatever a person reads goes through this module instead:

    label("status", case.status)            # "En cours" in French, "In progress" in English
    {{ case.status|label("status") }}       # the same in a template
    options("kind")                         # [(code, lazy label), …] for a form's choices
    labels("state")                         # {code: label}, translated now, for a table's rows

A group is named after the field that holds its codes (`status`, `outcome`, `audit_action`…);
`GROUPS` lists them all, and tests/test_no_raw_codes.py reads it to know which strings must
never reach a page. A code missing from its group reads as itself, so that a page never breaks
on an unknown value, but that test fails on it.
"""

from collections.abc import Mapping
from types import MappingProxyType

from babel import Locale
from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from legalaid.accounts.models import OrganisationKind
from legalaid.casekinds import CaseKindDefinition
from legalaid.cases.models import (
    ActionType,
    AssignmentRole,
    CaseKind,
    CaseStatus,
    DocumentType,
    EventKind,
    Forum,
    GbvIncidentType,
    MatterType,
    ReviewOutcome,
    ReviewReason,
    ServiceLevel,
    Sex,
    SpokenLanguage,
)
from legalaid.detention.models import CodeRegime, DecidingBody, OffenceClass, ProcedureStage
from legalaid.imports.models import ImportStatus
from legalaid.notifications.models import NotificationKind
from legalaid.reference.models import CourtKind, DurationUnit
from legalaid.referrals.labels import LABEL_GROUPS as REFERRAL_GROUPS
from legalaid.roles import Role
from legalaid.workflow.models import CloseReason, HearingResult, RequestStatus

Labels = Mapping[str, LazyString]

GROUPS: dict[str, Labels] = {
    # Each registered kind's `label`, set by `add_case_kind`. The first three are here already
    # because legalaid/cases/forms.py builds its kind filter's choices when it is imported,
    # which is before the kinds register (their kind.py imports those forms).
    "kind": {
        CaseKind.DETENTION: _l("Pre-trial detention"),
        CaseKind.GBV: _l("Gender-based violence"),
        CaseKind.LITIGATION: _l("Litigation"),
    },
    "status": {
        # Translators: a case's first status, just taken in (not the home page).
        CaseStatus.INTAKE: _l("Intake"),
        CaseStatus.ASSIGNED: _l("Assigned"),
        CaseStatus.IN_PROGRESS: _l("In progress"),
        CaseStatus.RESOLVED: _l("Resolved"),
        CaseStatus.CLOSED: _l("Closed"),
    },
    "service_level": {
        ServiceLevel.ADVICE: _l("Legal advice (aide juridique)"),
        ServiceLevel.REPRESENTATION: _l("Legal representation (assistance judiciaire)"),
    },
    "sex": {Sex.FEMALE: _l("Female"), Sex.MALE: _l("Male")},
    "preferred_language": {
        SpokenLanguage.FRENCH: _l("French"),
        SpokenLanguage.BAMBARA: _l("Bambara"),
        SpokenLanguage.FULFULDE: _l("Fulfulde (Peul)"),
        SpokenLanguage.SONGHAY: _l("Songhay"),
        SpokenLanguage.SONINKE: _l("Soninke"),
        SpokenLanguage.TAMASHEQ: _l("Tamasheq"),
        SpokenLanguage.DOGON: _l("Dogon"),
        SpokenLanguage.OTHER: _l("Other"),
    },
    "offence_class": {
        OffenceClass.DELIT_MINOR: _l("Délit punishable by 2 years or less"),
        OffenceClass.DELIT_MAJOR: _l("Délit punishable by more than 2 years"),
        OffenceClass.CRIME: _l("Crime"),
    },
    "procedure_stage": {
        ProcedureStage.POLICE_CUSTODY: _l("Police custody (garde à vue)"),
        ProcedureStage.INVESTIGATION: _l("Under investigation (instruction)"),
        ProcedureStage.AWAITING_TRIAL: _l("Awaiting trial"),
        ProcedureStage.APPEAL: _l("Appeal"),
    },
    "code_regime": {
        CodeRegime.CODE_2001: _l("2001 Code of Criminal Procedure (Loi 01-080)"),
        CodeRegime.CODE_2024: _l("2024 Code of Criminal Procedure (Loi 2024-028)"),
    },
    "incident_type": {
        GbvIncidentType.RAPE: _l("Rape"),
        GbvIncidentType.SEXUAL_ASSAULT: _l("Sexual assault"),
        GbvIncidentType.PHYSICAL_ASSAULT: _l("Physical assault"),
        GbvIncidentType.FORCED_MARRIAGE: _l("Forced marriage"),
        GbvIncidentType.DENIAL_OF_RESOURCES: _l("Denial of resources, opportunities or services"),
        GbvIncidentType.PSYCHOLOGICAL_ABUSE: _l("Psychological or emotional abuse"),
    },
    "matter_type": {
        MatterType.LAND: _l("Land"),
        MatterType.FAMILY: _l("Family"),
        MatterType.INHERITANCE: _l("Inheritance"),
        MatterType.CIVIL_STATUS: _l("Civil status"),
        MatterType.LABOUR: _l("Labour"),
        MatterType.DEBT: _l("Debt"),
        MatterType.OTHER: _l("Other"),
    },
    "forum": {
        Forum.COURT: _l("Court"),
        Forum.LAND_COMMISSION: _l("Land commission (CoFo)"),
        Forum.CUSTOMARY: _l("Customary authority"),
        Forum.NONE: _l("None yet"),
    },
    "action_type": {
        ActionType.VISIT: _l("Visit"),
        ActionType.ADVICE: _l("Advice"),
        ActionType.MEDIATION: _l("Mediation"),
        ActionType.FILING: _l("Filing"),
        ActionType.REFERRAL: _l("Referral"),
    },
    "document_type": {
        DocumentType.COURT: _l("Court document"),
        DocumentType.IDENTITY: _l("Identity document"),
        DocumentType.MEDICAL: _l("Medical certificate"),
        DocumentType.CORRESPONDENCE: _l("Correspondence"),
        DocumentType.OTHER: _l("Other"),
    },
    "review_reason": {
        ReviewReason.DUPLICATE: _l("Possible duplicate"),
        ReviewReason.CONFLICT: _l("Possible conflict of interest"),
    },
    "review_outcome": {
        ReviewOutcome.FLAGGED: _l("A possible match is waiting for the coordinator's review"),
        ReviewOutcome.LINKED: _l("Linked by the coordinator to the person already known"),
        ReviewOutcome.DISMISSED: _l("Possible match dismissed by the coordinator"),
    },
    "assignment_role": {
        AssignmentRole.LAWYER: _l("lawyer"),
        AssignmentRole.PARALEGAL: _l("paralegal"),
    },
    "event_kind": {
        EventKind.INTAKE: _l("Case opened"),
        EventKind.NOTE: _l("Note"),
        EventKind.ACTION: _l("Action"),
        EventKind.HEARING: _l("Hearing"),
        EventKind.HEARING_CANCELLED: _l("Hearing cancelled"),
        EventKind.HEARING_RESCHEDULED: _l("Hearing rescheduled"),
        EventKind.STATUS_CHANGE: _l("Status change"),
        EventKind.ASSIGNMENT: _l("Assignment"),
        EventKind.DOCUMENT: _l("Document added"),
        EventKind.DOCUMENT_REMOVED: _l("Document removed"),
        EventKind.EDIT: _l("Details edited"),
        EventKind.CUSTODY: _l("Custody fact"),
        EventKind.IMPORT: _l("Import from a file"),
        EventKind.REVIEW: _l("Match review"),
    },
    # The outcome codes of the three first kinds (which kind offers which: their `outcomes`);
    # another kind adds its own through its `label_groups`.
    "outcome": {
        "released_pending_trial": _l("Released pending trial (liberté provisoire)"),
        "charges_dismissed": _l("Charges dismissed (non-lieu)"),
        "acquitted": _l("Acquitted (relaxe, acquittement)"),
        "sentenced": _l("Sentenced"),
        "sentence_served": _l("Sentence already served"),
        "transferred": _l("Transferred"),
        "judgment_obtained": _l("Judgment obtained"),
        "mediation": _l("Mediation"),
        "referred": _l("Referred to services"),
        # Shared by GBV cases and land disputes: the survivor, or the requesting party, withdrew.
        "withdrawn": _l("Withdrawn by the beneficiary"),
        "conciliation_agreement": _l("Conciliation agreement"),
        "judgment_in_favour": _l("Judgment in favour"),
        "judgment_against": _l("Judgment against"),
        "abandoned": _l("Abandoned"),
    },
    "close_reason": {
        CloseReason.RESOLVED: _l("Resolved"),
        CloseReason.WITHDRAWN: _l("Withdrawn"),
        CloseReason.NO_CONTACT: _l("No contact"),
        CloseReason.TRANSFERRED: _l("Transferred"),
        CloseReason.OTHER: _l("Other"),
    },
    # The workflow's actions, as their buttons say them.
    "transition": {
        "start": _l("Start work"),
        "resolve": _l("Record the outcome"),
        "close": _l("Close the case"),
        "reopen": _l("Reopen the case"),
    },
    "hearing_result": {
        HearingResult.HELD: _l("Held"),
        HearingResult.ADJOURNED: _l("Adjourned (renvoi)"),
    },
    "import_status": {
        ImportStatus.QUEUED: _l("Waiting"),
        ImportStatus.RUNNING: _l("In progress"),
        ImportStatus.DONE: _l("Finished"),
        ImportStatus.FAILED: _l("Stopped on an error"),
    },
    "request_status": {
        RequestStatus.PENDING: _l("Waiting for the coordinator"),
        RequestStatus.ACCEPTED: _l("Accepted"),
        RequestStatus.DECLINED: _l("Declined"),
    },
    "deciding_body": {
        DecidingBody.INVESTIGATING_JUDGE: _l("Investigating judge (juge d'instruction)"),
        DecidingBody.LIBERTY_COLLEGE: _l("Liberty and detention panel (collège des libertés)"),
        DecidingBody.CHAMBER: _l("Chamber"),
        DecidingBody.TRIBUNAL: _l("Tribunal"),
    },
    # The legal-limit engine's states (legalaid/detention/engine.py).
    "state": {
        "released": _l("Released"),
        "ok": _l("Within the limit"),
        "renewal_due": _l("Renewal due"),
        "overdue": _l("Overdue: past the limit"),
        "beyond_cap": _l("Beyond the absolute maximum"),
        "rules_not_configured": _l("Rules not configured"),
        "no_start_date": _l("No committal or arrest date"),
    },
    "custody": {
        "ok": _l("Police custody within 48 hours"),
        "extension_needed": _l("Police custody past 48 hours: extension needed"),
        "overdue": _l("Police custody beyond 72 hours"),
    },
    # The prison roll's and the alerts' filters.
    "alert_filter": {
        "no_counsel": _l("No counsel"),
        "overdue": _l("Overdue"),
        "renewal_due": _l("Renewal due"),
        "beyond_cap": _l("Beyond cap"),
        "no_hearing": _l("No hearing for 90 days"),
    },
    "duration_unit": {
        DurationUnit.HOURS: _l("hours"),
        DurationUnit.DAYS: _l("days"),
        DurationUnit.MONTHS: _l("months"),
    },
    "court_kind": {
        CourtKind.COURT_OF_APPEAL: _l("Court of appeal"),
        CourtKind.HIGH_COURT: _l("High court (tribunal de grande instance)"),
        CourtKind.SPECIALISED_POLE: _l("Specialised division (pôle spécialisé)"),
    },
    "role": {
        Role.ADMIN: _l("Administrator"),
        Role.COORDINATOR: _l("Coordinator"),
        Role.LAWYER: _l("Lawyer"),
        Role.PARALEGAL: _l("Paralegal"),
        Role.PRISON_OFFICER: _l("Prison liaison officer"),
        Role.VIEWER: _l("Viewer (indicators only)"),
    },
    "organisation_kind": {
        OrganisationKind.BAR_ASSOCIATION: _l("Bar association"),
        OrganisationKind.NGO: _l("Non-governmental organisation"),
        OrganisationKind.UN_AGENCY: _l("United Nations agency"),
        OrganisationKind.PUBLIC_BODY: _l("Public body"),
    },
    "notification_kind": {
        NotificationKind.ASSIGNED: _l("Assigned to you"),
        NotificationKind.HEARING_TOMORROW: _l("Hearing tomorrow"),
        NotificationKind.STATUS_CHANGED: _l("Status changed"),
        NotificationKind.REOPENED: _l("Case reopened"),
        NotificationKind.CASE_REQUESTED: _l("A lawyer asks for a case"),
        NotificationKind.CUSTODY_UPDATE: _l("Custody fact"),
        NotificationKind.DETENTION_ALERT: _l("Detention alert"),
        NotificationKind.SECOND_FACTOR_CHANGED: _l("Second factor replaced"),
    },
    # Age groups of the reports (reports.services.AGE_GROUPS).
    "age_group": {
        "minor": _l("Minors (under 18)"),
        "youth": _l("Youth (18–35)"),
        "adult": _l("Adults (36 and over)"),
        "unknown": _l("Age unknown"),
    },
    # The kinds of object an audit entry names (model class names).
    "object_type": {
        "Case": _l("Case"),
        "Beneficiary": _l("Person"),
        "Document": _l("Document"),
        "User": _l("User account"),
        "Organisation": _l("Organisation"),
        "Prison": _l("Prison"),
        "DetentionRule": _l("Detention rule"),
    },
    "audit_outcome": {
        "ok": _l("Done"),
        "refused": _l("Refused"),
        "failed": _l("Failed"),
    },
    "audit_action": {
        "login": _l("Signed in"),
        "login_failed": _l("Failed sign-in"),
        "logout": _l("Signed out"),
        "lockout": _l("Account locked"),
        "password_change": _l("Password changed"),
        "session_end": _l("Session ended"),
        "session_end_all": _l("All sessions ended"),
        "mfa_enrol": _l("Second factor set up"),
        "mfa_replace": _l("Second factor replaced"),
        "mfa_replace_refused": _l("Second factor replacement refused"),
        "mfa_failed": _l("Wrong second-factor code"),
        "mfa_code_reuse": _l("Second-factor code used twice"),
        "mfa_recovery_code": _l("Recovery code used"),
        "mfa_reset": _l("Second factor removed"),
        "permission_denied": _l("Permission denied"),
        "case_denied": _l("Case out of sight"),
        "prison_denied": _l("Prison out of sight"),
        "user_create": _l("User created"),
        "user_update": _l("User edited"),
        "user_deactivate": _l("User deactivated"),
        "user_reactivate": _l("User reactivated"),
        "user_unlock": _l("User unlocked"),
        "user_password_reset": _l("Password reset"),
        "organisation_create": _l("Organisation created"),
        "organisation_update": _l("Organisation edited"),
        "case_create": _l("Case opened"),
        "case_view": _l("Case viewed"),
        "case_update": _l("Case edited"),
        "case_status": _l("Status changed"),
        "case_assign": _l("Case assigned"),
        "case_timeline_entry": _l("Timeline entry added"),
        "beneficiary_update": _l("Person's details corrected"),
        "hearing_create": _l("Hearing scheduled"),
        "hearing_result": _l("Hearing result recorded"),
        "hearing_cancel": _l("Hearing cancelled"),
        "hearing_reschedule": _l("Hearing rescheduled"),
        "custody_fact": _l("Custody fact recorded"),
        "detention_order": _l("Extension order recorded"),
        "detention_rule_create": _l("Detention rule created"),
        "detention_rule_update": _l("Detention rule edited"),
        "prison_census": _l("Prison count recorded"),
        "document_upload": _l("Document uploaded"),
        "document_download": _l("Document downloaded"),
        "document_remove": _l("Document removed"),
        "match_review_flag": _l("Possible match flagged"),
        "match_review_linked": _l("Possible match linked"),
        "match_review_dismissed": _l("Possible match dismissed"),
        "import_dry_run": _l("Import checked"),
        "import_cases": _l("Cases imported"),
        "retention_purge": _l("Expired records anonymised"),
        "export_audit": _l("Audit trail exported"),
        "export_calendar": _l("Calendar feed read"),
        "export_cases": _l("Case list exported"),
        "export_roll_csv": _l("Prison roll exported (CSV)"),
        "export_roll_pdf": _l("Prison roll exported (PDF)"),
        "export_csv_indicators": _l("Indicators exported (CSV)"),
        "export_xlsx_indicators": _l("Indicators exported (XLSX)"),
        "export_pdf_report": _l("Donor report exported (PDF)"),
        "export_csv_cases": _l("Case-level data exported (CSV)"),
    },
}

# What a detention rule applies to: police custody, or a class of offence.
GROUPS["rule_class"] = {
    ProcedureStage.POLICE_CUSTODY: GROUPS["procedure_stage"][ProcedureStage.POLICE_CUSTODY],
    **GROUPS["offence_class"],
}

# The referrals' own groups, and their audit actions.
for _group, _entries in REFERRAL_GROUPS.items():
    GROUPS[_group] = {**GROUPS.get(_group, {}), **_entries}


def add_case_kind(kind: CaseKindDefinition) -> None:
    """Give a registered kind its label, and its own groups (or more codes of a shared group,
    such as its outcomes) to the registry; harmless when done again."""
    GROUPS["kind"] = {**GROUPS["kind"], kind.code: kind.label}
    add_groups(kind.label_groups)


def add_groups(groups: dict[str, Mapping[str, LazyString]]) -> None:
    """Add a package's own groups (or more codes of a shared group, such as audit actions) to
    the registry; harmless when done again."""
    for group, entries in groups.items():
        GROUPS[group] = {**GROUPS.get(group, {}), **entries}


# (group, language) -> (the group's entries, their labels in that language): a table reads one
# label per row, and a gettext call per cell cost more than the rest of the row. The entries are
# kept to check that the group was not replaced since (`add_groups`, a test's own kind).
_TRANSLATED: dict[tuple[str, Locale], tuple[Mapping[str, LazyString], Mapping[str, str]]] = {}


def labels(group: str) -> Mapping[str, str]:
    """The whole group translated now (read-only: it is shared), for a table's rows."""
    entries = GROUPS[group]
    language = get_locale() if has_request_context() else None
    cached = _TRANSLATED.get((group, language))
    if cached is not None and cached[0] is entries:
        return cached[1]
    translated = MappingProxyType({code: str(text) for code, text in entries.items()})
    if language is not None:
        _TRANSLATED[(group, language)] = (entries, translated)
    return translated


def label(group: str, code: str | None) -> str:
    """What a person reads for `code` of `group`, in the current language ("" for no code)."""
    if code is None or code == "":
        return ""
    text = labels(group).get(code)
    return text if text is not None else str(code)


def options(group: str, *codes: str) -> list[tuple[str, LazyString]]:
    """(code, lazy label) pairs for a form's choices: the whole group, or `codes` in that order."""
    entries = GROUPS[group]
    return [(code, entries[code]) for code in (codes or entries)]
