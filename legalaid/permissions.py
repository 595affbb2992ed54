"""The one access policy: who may use which endpoint, and which cases they may see or work on.

Every view declares a permission with `@requires(...)` or `@public`. A view that declares nothing
is refused (deny by default), and so is any check that raises (fail closed). Object rules are SQL
conditions (`case_scope`, `works_on_case`, `identity_visible`, `person_visible`), so that lists,
searches and single pages all ask the same question of the database.

A person with any GBV case is a restricted person: her identity (name, code, contacts, address,
region, birth year, narrative) is one thing, kept on one record for all her cases, so the rule
that guards it is one rule about her, asked through `identity_visible` (a case) or
`person_visible` (a person) by every page, list, search, filter, duplicate and conflict check,
import match, export, notification and feed.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, and_, exists, false, or_, select, true
from sqlalchemy.orm import aliased

from legalaid.activities.models import Activity
from legalaid.audit.services import audit_now
from legalaid.cases.models import (
    Assignment,
    AssignmentRole,
    Beneficiary,
    Case,
    CaseKind,
    CaseStatus,
)
from legalaid.detention.models import DetentionRecord
from legalaid.extensions import db, login_manager
from legalaid.reference.models import Prison
from legalaid.referrals.models import TAKEN, Referral, ReferralMode, ReferralService, ReferralState
from legalaid.roles import Role


class Permission(StrEnum):
    """What an endpoint asks of its user."""

    PUBLIC = "public"
    # Any signed-in user, even one who must still change a first password.
    OWN_ACCOUNT = "own_account"
    SIGNED_IN = "signed_in"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_REFERENCE = "manage_reference"
    VIEW_CASES = "view_cases"
    INTAKE = "intake"
    WORK_ON_CASES = "work_on_cases"
    ASSIGN_CASES = "assign_cases"
    PRISON_ROLL = "prison_roll"
    CUSTODY_FACTS = "custody_facts"
    DETENTION_ORDERS = "detention_orders"
    DETENTION_ALERTS = "detention_alerts"
    RECORD_COURT_DECISIONS = "record_court_decisions"
    VIEW_AUDIT = "view_audit"
    VIEW_REPORTS = "view_reports"
    REPORT_ALL_ORGANISATIONS = "report_all_organisations"
    EXACT_FIGURES = "exact_figures"
    CASE_LEVEL_EXPORT = "case_level_export"
    SEE_CASE_VIEWERS = "see_case_viewers"
    IMPORT_CASES = "import_cases"
    REVIEW_MATCHES = "review_matches"
    VIEW_ACTIVITIES = "view_activities"
    RECORD_ACTIVITIES = "record_activities"
    GENERATE_DOCUMENTS = "generate_documents"
    MANAGE_TEMPLATES = "manage_templates"


ALL_ROLES = frozenset(Role)

POLICY: dict[Permission, frozenset[Role]] = {
    Permission.OWN_ACCOUNT: ALL_ROLES,
    Permission.SIGNED_IN: ALL_ROLES,
    Permission.MANAGE_ACCOUNTS: frozenset({Role.ADMIN}),
    Permission.MANAGE_REFERENCE: frozenset({Role.ADMIN}),
    Permission.VIEW_CASES: ALL_ROLES - {Role.VIEWER},
    Permission.INTAKE: frozenset({Role.COORDINATOR, Role.PARALEGAL}),
    Permission.WORK_ON_CASES: frozenset({Role.COORDINATOR, Role.LAWYER, Role.PARALEGAL}),
    Permission.ASSIGN_CASES: frozenset({Role.COORDINATOR}),
    Permission.PRISON_ROLL: frozenset({Role.PRISON_OFFICER, Role.ADMIN}),
    Permission.CUSTODY_FACTS: frozenset({Role.PRISON_OFFICER}),
    Permission.DETENTION_ORDERS: frozenset({Role.COORDINATOR, Role.LAWYER}),
    Permission.DETENTION_ALERTS: frozenset({Role.COORDINATOR, Role.LAWYER}),
    # A court's decision on a case's paper (a PV's homologation): not for paralegals.
    Permission.RECORD_COURT_DECISIONS: frozenset({Role.COORDINATOR, Role.LAWYER}),
    Permission.VIEW_AUDIT: frozenset({Role.ADMIN}),
    Permission.VIEW_REPORTS: frozenset({Role.ADMIN, Role.COORDINATOR, Role.VIEWER}),
    Permission.REPORT_ALL_ORGANISATIONS: frozenset({Role.ADMIN, Role.VIEWER}),
    # Viewers see aggregates with small groups hidden; the others see exact figures.
    Permission.EXACT_FIGURES: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Permission.CASE_LEVEL_EXPORT: frozenset({Role.ADMIN, Role.COORDINATOR}),
    Permission.SEE_CASE_VIEWERS: frozenset({Role.COORDINATOR}),
    Permission.IMPORT_CASES: frozenset({Role.ADMIN, Role.COORDINATOR}),
    # Matches of a new case to a person its author may not see: the case supervisor decides.
    Permission.REVIEW_MATCHES: frozenset({Role.COORDINATOR}),
    # Programme activities: the organisation's workers record them; admins read every
    # organisation's; viewers see their counts on the dashboard only.
    Permission.VIEW_ACTIVITIES: frozenset(
        {Role.ADMIN, Role.COORDINATOR, Role.LAWYER, Role.PARALEGAL}
    ),
    Permission.RECORD_ACTIVITIES: frozenset({Role.COORDINATOR, Role.LAWYER, Role.PARALEGAL}),
    # Those who work on a case; prison officers only the clock's letters (`may_generate`).
    Permission.GENERATE_DOCUMENTS: frozenset(
        {Role.COORDINATOR, Role.LAWYER, Role.PARALEGAL, Role.PRISON_OFFICER}
    ),
    Permission.MANAGE_TEMPLATES: frozenset({Role.ADMIN}),
}

# Endpoints of extensions, which cannot carry a decorator of ours.
PUBLIC_ENDPOINTS = frozenset({"static", "bootstrap.static"})

View = TypeVar("View", bound=Callable[..., Any])


def requires(permission: Permission) -> Callable[[View], View]:
    """Declare the permission a view needs; checked before the view runs."""

    def mark(view: View) -> View:
        view.required_permission = permission  # type: ignore[attr-defined]
        return view

    return mark


public = requires(Permission.PUBLIC)


def allows(user: Any, permission: Permission) -> bool:
    """Whether `user` holds `permission`; any error counts as a refusal."""
    try:
        if permission == Permission.PUBLIC:
            return True
        if not user.is_authenticated or not user.active:
            return False
        return Role(user.role) in POLICY[permission]
    except Exception:  # fail closed, whatever went wrong
        current_app.logger.exception("access check failed for %s", permission)
        return False


def required_permission(endpoint: str) -> Permission | None:
    """The permission declared by the view behind `endpoint`, if any."""
    if endpoint in PUBLIC_ENDPOINTS:
        return Permission.PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "required_permission", None)


def enforce_access():
    """Request hook: login for everything outside the allow-list, then the declared permission."""
    if request.endpoint is None:
        return None  # no such route: the 404 handler answers
    permission = required_permission(request.endpoint)
    if permission == Permission.PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if permission != Permission.OWN_ACCOUNT:
        if current_user.must_change_password:
            return redirect(url_for("auth.change_password"))
        if (
            current_user.role in current_app.config["MFA_REQUIRED_ROLES"]
            and not current_user.totp_secret
        ):
            return redirect(url_for("auth.second_factor_setup"))
    if permission is None or not allows(current_user, permission):
        audit_now("permission_denied", by=current_user, details=request.endpoint, outcome="refused")
        abort(403)
    return None


def _active_assignment(user: Any, case: Any = Case) -> ColumnElement[bool]:
    return exists().where(
        Assignment.case_id == case.id,
        Assignment.user_id == user.id,
        Assignment.ended_at.is_(None),
    )


# The intake cases looked up inside a query on `cases`: a second name for the table, made once
# because building its columns costs more than running the lookup.
_WAITING_CASES = Case.__table__.alias("waiting_cases")


def _waiting_for_lawyer_ids(user: Any) -> Select:
    """The organisation's intake cases that no lawyer has taken yet, as ids.

    A short list of ids rather than `NOT EXISTS` inside the scope's `OR`, which PostgreSQL
    answers by hashing every active lawyer assignment of every organisation.
    """
    lawyer_on_it = exists().where(
        Assignment.case_id == _WAITING_CASES.c.id,
        Assignment.role_on_case == AssignmentRole.LAWYER,
        Assignment.ended_at.is_(None),
    )
    return select(_WAITING_CASES.c.id).where(
        _WAITING_CASES.c.organisation_id == user.organisation_id,
        _WAITING_CASES.c.status == CaseStatus.INTAKE,
        ~lawyer_on_it,
    )


def _transferred_from(user: Any, case: Any) -> ColumnElement[bool]:
    """SQL condition on `case`: it was transferred away from `user`'s organisation, whose
    coordinator keeps its history to read (never to work on: `works_on_case` says no)."""
    return case.id.in_(
        select(Referral.case_id).where(
            Referral.mode == ReferralMode.TRANSFER,
            Referral.state.in_(TAKEN),
            Referral.from_organisation_id == user.organisation_id,
        )
    )


def case_scope(user: Any, case: Any = Case) -> ColumnElement[bool]:
    """SQL condition on `Case` (or an alias of it): the cases `user` may see (DESIGN.md, roles)."""
    role = Role(user.role)
    own_organisation = case.organisation_id == user.organisation_id
    if role == Role.ADMIN:
        return true()
    if role == Role.COORDINATOR:
        return or_(own_organisation, _transferred_from(user, case))
    if role == Role.LAWYER:
        waiting_for_lawyer = case.id.in_(_waiting_for_lawyer_ids(user))
        return and_(own_organisation, or_(_active_assignment(user, case), waiting_for_lawyer))
    if role == Role.PARALEGAL:
        return and_(
            own_organisation, or_(_active_assignment(user, case), case.created_by_id == user.id)
        )
    if role == Role.PRISON_OFFICER:
        held_in_their_prisons = exists().where(
            DetentionRecord.case_id == case.id,
            DetentionRecord.prison_id.in_([prison.id for prison in user.prisons]),
        )
        return and_(case.kind == CaseKind.DETENTION, held_in_their_prisons)
    return false()


def works_on_case(user: Any, case: Any = Case) -> ColumnElement[bool]:
    """SQL condition on `Case` (or an alias of it): `user` works on it (notes, documents, edits)."""
    role = Role(user.role)
    own_organisation = case.organisation_id == user.organisation_id
    if role == Role.COORDINATOR:
        return own_organisation
    if role == Role.LAWYER:
        return and_(own_organisation, _active_assignment(user, case))
    if role == Role.PARALEGAL:
        return and_(
            own_organisation, or_(_active_assignment(user, case), case.created_by_id == user.id)
        )
    return false()


def _handles_case(user: Any, case: Any) -> ColumnElement[bool]:
    """SQL condition on `case`: `user` deals with this very case and so with its person: works
    on it, or (prison officers) holds its detainee, whose identity the prison register has."""
    if Role(user.role) == Role.PRISON_OFFICER:
        return case_scope(user, case)
    return works_on_case(user, case)


# Her GBV cases, looked up inside a query that may itself be on `cases`: a name of their own,
# so that the lookup never correlates with the outer case.
_HER_GBV_CASES = aliased(Case, name="her_gbv_cases")


def _restriction_lifted(user: Any, person_id: ColumnElement[int]) -> ColumnElement[bool]:
    """SQL condition on the person `person_id`: she is not restricted, or `user` may know her.

    A person with any GBV case is restricted. Her identity is cleared for those who work on one
    of her GBV cases (assigned to it or took it in) and for her organisation's coordinator, who
    works on all of them: they know her and what happened to her already.
    """
    gbv = _HER_GBV_CASES
    hers = and_(gbv.beneficiary_id == person_id, gbv.kind == CaseKind.GBV)
    return or_(~exists().where(hers), exists().where(hers, works_on_case(user, gbv)))


def identity_visible(user: Any, case: Any = Case) -> ColumnElement[bool]:
    """SQL condition on `Case` (or an alias of it): its person's identity may be shown to `user`.

    The one rule about a restricted person (a person with any GBV case), seen through a case:
    - whoever handles the case sees her on it (its workers, its coordinator, the officers of
      the prison that holds her): her own lawyer on a land matter knows his client, and sees
      nothing that ties the case to her GBV case;
    - on her other cases she is shown only to those her restriction is lifted for (above);
      admins, lawyers browsing the intake, prison officers and colleagues see the reference;
    - a GBV case itself, its narrative included, is for its own workers and coordinator only.
    """
    lifted_elsewhere = and_(
        case.kind != CaseKind.GBV, _restriction_lifted(user, case.beneficiary_id)
    )
    return or_(_handles_case(user, case), lifted_elsewhere)


# Her cases, looked up inside a query that may itself be on `cases` (see above).
_HER_CASES = aliased(Case, name="her_cases")


def person_visible(user: Any) -> ColumnElement[bool]:
    """SQL condition on `Beneficiary`: `user` may see who this person is, because some case of
    hers that they may see shows her (duplicate checks, import matches, links)."""
    hers = _HER_CASES
    return exists().where(
        hers.beneficiary_id == Beneficiary.id,
        case_scope(user, hers),
        identity_visible(user, hers),
    )


def cases_showing_identity(user: Any, case_ids: Iterable[int]) -> set[int]:
    """Which of these cases may show their person to `user` (one query, for a list's rows)."""
    ids = set(case_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(Case.id).where(Case.id.in_(ids), identity_visible(user))))


# The referral types a GBV survivor consents to one by one (GbvIncident.consent_<type>).
REFERRAL_CONSENTS = ("health", "psychosocial", "safety", "legal")


def referral_consented(incident: Any, referral_type: str) -> bool:
    """Whether a GBV survivor consented to referrals of this type: without it, nothing about
    her leaves for such a service."""
    if referral_type not in REFERRAL_CONSENTS:
        return False
    return bool(getattr(incident, f"consent_{referral_type}", False))


# What a receiver of an accepted referral sees of the case, by the service asked: what the
# service needs and nothing more. Never the timeline's notes, the documents or a narrative.
SUMMARY = "summary"  # kind, service asked, region, urgency, the sender's reason and message
NAME = "name"  # the person's name (a GBV survivor's code stands in until her referral is taken)
IDENTITY = "identity"  # sex, birth year, phone, commune
CASE_FILE = "case_file"  # the case's summary, service level, status and hearings
INCIDENT = "incident"  # a GBV incident's type and date
ADDRESS = "address"  # where the person lives (a safe house must find her)
WHOLE_CASE = "whole_case"  # a transfer: the case is theirs, its page is open to them
SERVICE_SECTIONS: dict[str, frozenset[str]] = {
    ReferralService.LEGAL: frozenset({CASE_FILE, INCIDENT}),
    ReferralService.HEALTH: frozenset({INCIDENT}),
    ReferralService.PSYCHOSOCIAL: frozenset({INCIDENT}),
    ReferralService.SAFETY: frozenset({INCIDENT, ADDRESS}),
}
# Who refers, receives or works on a referral: those who work on cases.
_REFERRAL_ROLES = frozenset({Role.COORDINATOR, Role.LAWYER, Role.PARALEGAL})
# The referred case, looked up inside a query on `referrals`; and joined to it (load_referral).
_SENT_CASE = aliased(Case, name="sent_case")
_REFERRED_CASE = aliased(Case, name="referred_case")


def missing_referral_consent(
    case: Any, details: Any, service: str, consent_to_share: bool
) -> str | None:
    """The consent a referral of `case` to another organisation lacks ("share", or the GBV
    referral type), None when nothing is missing: her consent to share her case with the
    receiver, recorded on the referral, and for a GBV survivor her consent to that type."""
    if not consent_to_share:
        return "share"
    if case.kind == CaseKind.GBV and not referral_consented(details, service):
        return service
    return None


def sends_referral(user: Any, referral: Any = Referral) -> ColumnElement[bool]:
    """SQL condition on `Referral`: `user` is on its sending side: the sending organisation's
    coordinator, who sent it, or who works on the case while it is still theirs."""
    role = Role(user.role)
    if role not in _REFERRAL_ROLES:
        return false()
    ours = referral.from_organisation_id == user.organisation_id
    if role == Role.COORDINATOR:
        return ours
    case = _SENT_CASE
    works = exists().where(case.id == referral.case_id, works_on_case(user, case))
    return and_(ours, or_(referral.sent_by_id == user.id, works))


def receives_referral(user: Any, referral: Any = Referral) -> ColumnElement[bool]:
    """SQL condition on `Referral`: `user` is on its receiving side: the receiving
    organisation's coordinator, or the worker they put on it once accepted."""
    role = Role(user.role)
    if role not in _REFERRAL_ROLES:
        return false()
    theirs = referral.to_organisation_id == user.organisation_id
    if role == Role.COORDINATOR:
        return theirs
    return and_(theirs, referral.assignee_id == user.id, referral.state.in_(TAKEN))


def referral_scope(user: Any, referral: Any = Referral) -> ColumnElement[bool]:
    """SQL condition on `Referral`: the referrals `user` may see (either side)."""
    return or_(sends_referral(user, referral), receives_referral(user, referral))


def receiver_sections(referral: Any, is_gbv: bool) -> frozenset[str]:
    """What the receiving side sees of the case: a minimal summary until it accepts (a GBV
    survivor's code, never her name), then what the service needs; a transfer, everything."""
    if referral.state not in TAKEN:
        return frozenset({SUMMARY} if is_gbv else {SUMMARY, NAME})
    if referral.mode == ReferralMode.TRANSFER:
        return frozenset({SUMMARY, NAME, IDENTITY, CASE_FILE, INCIDENT, ADDRESS, WHOLE_CASE})
    return frozenset({SUMMARY, NAME, IDENTITY}) | SERVICE_SECTIONS[referral.service]


@dataclass(frozen=True)
class ReferralAccess:
    """A referral as one user may see it: on which side they are, and what of the case."""

    referral: Referral
    sends: bool
    receives: bool
    coordinator: bool
    sees_case: bool
    sections: frozenset[str]

    def may(self, action: str) -> bool:
        """Whether this user may take the referral a step further (`REFERRAL_ACTIONS`)."""
        return REFERRAL_ACTIONS[action](self, self.referral)


def _answers(access: ReferralAccess, referral: Referral) -> bool:
    return (
        access.receives
        and access.coordinator
        and referral.state == ReferralState.SENT
        and not referral.outside
    )


def _assigns(access: ReferralAccess, referral: Referral) -> bool:
    return (
        access.receives
        and access.coordinator
        and referral.state == ReferralState.ACCEPTED
        and referral.mode == ReferralMode.REFERRAL
    )


def _completes(access: ReferralAccess, referral: Referral) -> bool:
    if referral.outside:  # no one on the platform receives it: the sender enters the outcome
        return access.sends and referral.state == ReferralState.SENT
    return (
        access.receives
        and referral.state == ReferralState.ACCEPTED
        and referral.mode == ReferralMode.REFERRAL
    )


def _revokes(access: ReferralAccess, referral: Referral) -> bool:
    return access.sends and referral.state == ReferralState.SENT


# The steps of a referral and who may take them: the receiving coordinator accepts, declines
# and puts a worker on it; the receiver (or, outside the platform, the sender) records the
# outcome; the sending side revokes while it waits.
REFERRAL_ACTIONS: dict[str, Callable[[ReferralAccess, Referral], bool]] = {
    "accept": _answers,
    "decline": _answers,
    "assign": _assigns,
    "complete": _completes,
    "revoke": _revokes,
}


def load_referral(user: Any, referral_id: int) -> ReferralAccess:
    """The referral if `user` is on one of its sides, with what they see; 404 otherwise."""
    row = _found_or_404(
        user,
        lambda: db.session.execute(
            select(
                Referral,
                sends_referral(user).label("sends"),
                receives_referral(user).label("receives"),
                exists().where(Case.id == Referral.case_id, case_scope(user)).label("sees_case"),
                identity_visible(user, _REFERRED_CASE).label("sees_identity"),
            )
            .join(_REFERRED_CASE, _REFERRED_CASE.id == Referral.case_id)
            .where(Referral.id == referral_id, referral_scope(user))
        ).first(),
        "referral",
        referral_id,
    )
    referral = row.Referral
    sections: frozenset[str] = frozenset()
    if row.receives:
        sections = receiver_sections(referral, referral.case.is_gbv)
    if row.sends:
        sections |= {SUMMARY, NAME} if row.sees_case and row.sees_identity else {SUMMARY}
    return ReferralAccess(
        referral,
        bool(row.sends),
        bool(row.receives),
        Role(user.role) == Role.COORDINATOR,
        bool(row.sees_case),
        sections,
    )


@dataclass(frozen=True)
class CaseAccess:
    """A case as one user may see it."""

    case: Case
    may_work: bool
    sees_identity: bool


def load_case(user: Any, case_id: int) -> CaseAccess:
    """The case if `user` may see it, with what they may do; 404 otherwise (no IDOR)."""
    row = _found_or_404(
        user,
        lambda: db.session.execute(
            select(
                Case,
                works_on_case(user).label("may_work"),
                identity_visible(user).label("sees_identity"),
            ).where(Case.id == case_id, case_scope(user))
        ).first(),
        "case",
        case_id,
    )
    return CaseAccess(row.Case, bool(row.may_work), bool(row.sees_identity))


def may_generate(user: Any, access: CaseAccess, template: Any) -> bool:
    """Whether `user` may fill `template` from this case: those who work on it, any template
    of its kind; a prison officer, for a detainee on their roll, only the letters the legal
    limit calls for (a template of detention cases that names detention states), which say
    nothing the roll does not."""
    if not allows(user, Permission.GENERATE_DOCUMENTS):
        return False
    if access.may_work:
        return True
    return (
        Role(user.role) == Role.PRISON_OFFICER
        and template.kinds == {CaseKind.DETENTION.value}
        and bool(template.states)
    )


def prison_scope(user: Any) -> ColumnElement[bool]:
    """SQL condition on `Prison`: the prisons whose roll `user` may read."""
    role = Role(user.role)
    if role == Role.ADMIN:
        return true()
    if role == Role.PRISON_OFFICER:
        return Prison.id.in_([prison.id for prison in user.prisons])
    return false()


def _found_or_404(user: Any, find: Callable[[], Any], name: str, object_id: int) -> Any:
    """What `find()` returns for `user`; when nothing (or an unknown role makes the query fail),
    404, the attempt audited as `<name>_denied` (no IDOR)."""
    try:
        found = find()
    except ValueError:  # an unknown role: fail closed
        found = None
    if found is None:
        audit_now(f"{name}_denied", by=user, details=f"{name} {object_id}", outcome="refused")
        abort(404)
    return found


def _load_in_scope(user: Any, model: Any, object_id: int, scope: Any, name: str) -> Any:
    """The row of `model` with this id if `scope(user)` lets `user` have it; 404 otherwise."""
    return _found_or_404(
        user,
        lambda: db.session.scalar(select(model).where(model.id == object_id, scope(user))),
        name,
        object_id,
    )


def load_prison(user: Any, prison_id: int) -> Prison:
    """The prison if `user` may read its roll; 404 otherwise."""
    return _load_in_scope(user, Prison, prison_id, prison_scope, "prison")


def activity_scope(user: Any) -> ColumnElement[bool]:
    """SQL condition on `Activity`: the activities `user` may open (a partner: its own only)."""
    role = Role(user.role)
    if role == Role.ADMIN:
        return true()
    if role in (Role.COORDINATOR, Role.LAWYER, Role.PARALEGAL):
        return Activity.organisation_id == user.organisation_id
    return false()


def sees_roster(user: Any, activity: Activity) -> bool:
    """Whether `user` may read the names on the activity's roster: personal data, for the
    organisation that held it (not for admins of the platform)."""
    return (
        Role(user.role) in (Role.COORDINATOR, Role.LAWYER, Role.PARALEGAL)
        and activity.organisation_id == user.organisation_id
    )


def load_activity(user: Any, activity_id: int) -> Activity:
    """The activity if `user` may open it; 404 otherwise (no IDOR)."""
    return _load_in_scope(user, Activity, activity_id, activity_scope, "activity")
