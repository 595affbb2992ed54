"""The access matrix: one table (endpoint × method → roles) checked against every route.

For each role, every rule of `app.url_map` is requested with objects of the user's own
organisation (allowed roles must get through, the others get 403 or 404) and, for case and prison
pages, with another organisation's objects (404). An endpoint missing from the table fails.
"""

import io

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from legalaid.cases.documents import store_document
from legalaid.cases.models import Document
from legalaid.cases.services import details_of
from legalaid.drafting.models import DocumentTemplate
from legalaid.drafting.services import draft, generate
from legalaid.extensions import db
from legalaid.land.models import ConciliationSession, LandCommission
from legalaid.land.services import dispute_of, seed_commissions
from legalaid.reference.models import DetentionRule, Prison
from legalaid.referrals.models import OutsideService, Referral
from legalaid.workflow.models import Hearing
from tests.activities.builders import make_activity
from tests.builders import assign, first_prison, make_case, make_organisation, make_user
from tests.cases.test_documents import PDF
from tests.conftest import sign_in
from tests.land.conftest import land_labels, make_land_case  # noqa: F401 - a fixture

# The land pages read the kind's label groups (merged by the registry once shared code asks it).
pytestmark = pytest.mark.usefixtures("land_labels")

A, C, L, P, PO, V = "admin", "coordinator", "lawyer", "paralegal", "prison_officer", "viewer"
EVERYONE = {A, C, L, P, PO, V}
WORKERS = {C, L, P}
PUBLIC = "public"

ACCESS: dict[tuple[str, str], set[str] | str] = {
    ("static", "GET"): PUBLIC,
    ("bootstrap.static", "GET"): PUBLIC,
    ("auth.login", "GET"): PUBLIC,
    ("auth.login", "POST"): PUBLIC,
    ("auth.second_factor", "GET"): PUBLIC,
    ("auth.second_factor", "POST"): PUBLIC,
    ("main.language", "POST"): PUBLIC,
    ("main.healthz", "GET"): PUBLIC,
    ("ops.metrics", "GET"): PUBLIC,  # no login: its own token or network check (tests/ops)
    ("workflow.calendar", "GET"): PUBLIC,
    ("main.home", "GET"): EVERYONE,
    ("auth.logout", "POST"): EVERYONE,
    ("auth.keep_alive", "POST"): EVERYONE,
    ("auth.sign_in_again", "POST"): PUBLIC,
    ("auth.change_password", "GET"): EVERYONE,
    ("auth.change_password", "POST"): EVERYONE,
    ("auth.second_factor_setup", "GET"): EVERYONE,
    ("auth.second_factor_setup", "POST"): EVERYONE,
    ("auth.sessions", "GET"): EVERYONE,
    ("auth.end_session", "POST"): EVERYONE,
    ("notifications.index", "GET"): EVERYONE,
    ("notifications.read_all", "POST"): EVERYONE,
    ("accounts.users", "GET"): {A},
    ("accounts.new_user", "GET"): {A},
    ("accounts.new_user", "POST"): {A},
    ("accounts.edit_user", "GET"): {A},
    ("accounts.edit_user", "POST"): {A},
    ("accounts.confirm_user_action", "GET"): {A},
    ("accounts.confirm_user_action", "POST"): {A},
    ("accounts.unlock_user", "POST"): {A},
    ("accounts.organisations", "GET"): {A},
    ("accounts.edit_organisation", "GET"): {A},
    ("accounts.edit_organisation", "POST"): {A},
    ("audit.index", "GET"): {A},
    ("audit.export", "GET"): {A},
    ("reference.index", "GET"): {A},
    ("detention.rules", "GET"): {A},
    ("land.commissions", "GET"): {A},
    ("land.edit_commission", "GET"): {A},
    ("land.edit_commission", "POST"): {A},
    ("land.deactivate", "POST"): {A},
    ("land.session", "GET"): WORKERS,
    ("land.session", "POST"): WORKERS,
    ("land.filing", "GET"): WORKERS,
    ("land.filing", "POST"): WORKERS,
    ("land.decision", "GET"): {C, L},
    ("land.decision", "POST"): {C, L},
    ("detention.edit_rule", "GET"): {A},
    ("detention.edit_rule", "POST"): {A},
    ("cases.index", "GET"): {A, C, L, P, PO},
    ("cases.show", "GET"): {A, C, L, P, PO},
    ("cases.choose_kind", "GET"): {C, P},
    ("cases.intake", "GET"): {C, P},
    ("cases.intake", "POST"): {C, P},
    ("cases.edit", "GET"): WORKERS,
    ("cases.edit", "POST"): WORKERS,
    ("cases.edit_person", "GET"): WORKERS,
    ("cases.edit_person", "POST"): WORKERS,
    ("cases.edit_consents", "GET"): WORKERS,
    ("cases.edit_consents", "POST"): WORKERS,
    ("cases.add_entry", "POST"): WORKERS,
    ("cases.upload_document", "POST"): WORKERS,
    ("cases.download_document", "GET"): WORKERS,
    ("cases.remove_document_view", "GET"): WORKERS,
    ("cases.remove_document_view", "POST"): WORKERS,
    ("cases.reviews", "GET"): {C},
    ("cases.decide", "POST"): {C},
    ("workflow.assign_case", "GET"): {C},
    ("workflow.assign_case", "POST"): {C},
    ("workflow.request_to_take", "POST"): WORKERS,
    ("workflow.decide", "POST"): {C},
    ("workflow.transition", "GET"): WORKERS,
    ("workflow.transition", "POST"): WORKERS,
    ("workflow.new_hearing", "GET"): WORKERS,
    ("workflow.new_hearing", "POST"): WORKERS,
    ("workflow.hearing_result", "GET"): WORKERS,
    ("workflow.hearing_result", "POST"): WORKERS,
    ("workflow.hearing_cancel", "GET"): WORKERS,
    ("workflow.hearing_cancel", "POST"): WORKERS,
    ("workflow.hearing_reschedule", "GET"): WORKERS,
    ("workflow.hearing_reschedule", "POST"): WORKERS,
    ("workflow.my_hearings", "GET"): WORKERS,
    ("workflow.new_calendar_address", "POST"): WORKERS,
    ("detention.prisons", "GET"): {A, PO},
    ("detention.roll", "GET"): {A, PO},
    ("detention.prison", "GET"): {A, PO},
    ("detention.prison", "POST"): {PO},
    ("detention.custody_fact", "GET"): {PO},
    ("detention.custody_fact", "POST"): {PO},
    ("detention.new_order", "GET"): {C, L},
    ("detention.new_order", "POST"): {C, L},
    ("detention.alerts", "GET"): {C, L},
    ("reports.dashboard", "GET"): {A, C, V},
    ("reports.export_csv", "GET"): {A, C, V},
    ("reports.export_xlsx", "GET"): {A, C, V},
    ("reports.export_pdf", "GET"): {A, C, V},
    ("reports.export_cases", "GET"): {A, C},
    ("imports.upload", "GET"): {A, C},
    ("imports.upload", "POST"): {A, C},
    ("imports.template", "GET"): {A, C},
    ("imports.review", "GET"): {A, C},
    ("imports.confirm", "POST"): {A, C},
    ("imports.cancel", "POST"): {A, C},
    ("imports.job", "GET"): {A, C},
    ("activities.index", "GET"): {A, C, L, P},
    ("activities.show", "GET"): {A, C, L, P},
    ("activities.edit", "GET"): WORKERS,
    ("activities.edit", "POST"): WORKERS,
    ("activities.participant", "GET"): WORKERS,
    ("activities.participant", "POST"): WORKERS,
    ("activities.remove", "POST"): WORKERS,
    ("activities.recommendation", "POST"): WORKERS,
    ("activities.follow", "POST"): WORKERS,
    ("activities.import_page", "GET"): {A, C},
    ("activities.import_page", "POST"): {A, C},
    ("activities.import_template", "GET"): {A, C},
    ("drafting.generate_document", "GET"): WORKERS,
    ("drafting.generate_document", "POST"): WORKERS,
    ("drafting.generated", "GET"): WORKERS,
    ("drafting.download_generated", "GET"): WORKERS,
    ("drafting.templates", "GET"): {A},
    ("offline.index", "GET"): WORKERS,
    ("offline.state", "GET"): WORKERS,
    ("offline.sync", "POST"): WORKERS,
    ("offline.service_worker", "GET"): PUBLIC,
    ("offline.manifest", "GET"): PUBLIC,
    ("drafting.new_template", "GET"): {A},
    ("drafting.new_template", "POST"): {A},
    ("drafting.template_page", "GET"): {A},
    ("drafting.upload_version", "POST"): {A},
    ("drafting.copy_template", "POST"): {A},
    ("drafting.download_version", "GET"): {A},
    ("drafting.preview_version", "GET"): {A},
    ("referrals.new", "GET"): WORKERS,
    ("referrals.new", "POST"): WORKERS,
    ("referrals.incoming", "GET"): WORKERS,
    ("referrals.outgoing", "GET"): WORKERS,
    ("referrals.show", "GET"): WORKERS,
    ("referrals.revoke_referral", "POST"): WORKERS,
    # Asked of a referral to the fixture's organisation (`INCOMING`): its coordinator answers.
    ("referrals.accept_referral", "POST"): {C},
    ("referrals.decline_referral", "POST"): {C},
    ("referrals.assign_referral", "POST"): {C},
    ("referrals.complete_referral", "POST"): {C},
    ("referrals.outside_services", "GET"): {A},
    ("referrals.edit_outside_service", "GET"): {A},
    ("referrals.edit_outside_service", "POST"): {A},
    ("referrals.deactivate_service", "POST"): {A},
}
# Allowed, but the fixture has no such object: 404 is the right answer there.
NO_OBJECT = {"workflow.decide", "cases.decide", "imports.job"}
# Pages of one kind of case only: asked of the fixture's case of that kind.
ONE_KIND = {
    "cases.edit_consents": "gbv_case_id",
    "land.session": "land_case_id",
    "land.filing": "land_case_id",
    "land.decision": "land_case_id",
}
# Steps of a referral the fixture's organisation receives (the others: one it sent).
INCOMING = {
    "referrals.accept_referral",
    "referrals.decline_referral",
    "referrals.assign_referral",
    "referrals.complete_referral",
}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def routes(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(set(METHODS) & rule.methods):
            yield rule, method


def test_every_route_has_an_entry(app):
    missing = {(rule.endpoint, method) for rule, method in routes(app)} - set(ACCESS)
    assert missing == set(), f"add these to ACCESS: {sorted(missing)}"


@pytest.fixture
def world(reference):
    """Two organisations, a detention case of each, and what hangs off the first one."""
    ours = make_organisation("Organisation A")
    theirs = make_organisation("Organisation B")
    prison, other_prison = first_prison(), db.session.scalars(select(Prison).offset(1)).first()
    people = {
        A: make_user(A),
        C: make_user(C, organisation=ours),
        L: make_user(L, organisation=ours),
        P: make_user(P, organisation=ours),
        PO: make_user(PO, organisation=ours, prisons=[prison]),
        V: make_user(V, organisation=ours),
    }
    case = make_case("detention", by=people[P], details={"prison_id": prison.id})
    assign(case, people[L])
    assign(case, people[P])
    case.status = "assigned"
    store_document(case, FileStorage(io.BytesIO(PDF), "pièce.pdf"), "court", people[P])
    hearing = Hearing(case_id=case.id, scheduled_at=case.created_at, created_by_id=people[L].id)
    db.session.add(hearing)
    db.session.commit()
    gbv_case = make_case("gbv", by=people[P], full_name="Survivante")
    assign(gbv_case, people[L])
    seed_commissions()
    land_case = make_land_case(people[P])
    assign(land_case, people[L])
    session = ConciliationSession(
        dispute_id=dispute_of(land_case).id,
        held_on=land_case.opened_on,
        recorded_by_id=people[P].id,
    )
    db.session.add(session)
    db.session.commit()
    activity = make_activity(people[C], type="monitoring_mission")
    legal_aid = db.session.scalar(
        select(DocumentTemplate).where(DocumentTemplate.code == "legal_aid_request")
    )
    made = draft(
        case, details_of(case), legal_aid, by=people[P], sees_identity=True, on=case.opened_on
    )
    generated = generate(case, made, by=people[P])
    their_paralegal = make_user(P, organisation=theirs)
    their_case = make_case(
        "detention", by=their_paralegal, full_name="Autre", details={"prison_id": other_prison.id}
    )
    their_land_case = make_land_case(their_paralegal, full_name="Autre partie")
    their_activity = make_activity(make_user(C, organisation=theirs), type="monitoring_mission")
    outside = OutsideService(name="CSRéf de Sévaré", service="health", region_id=prison.region_id)
    db.session.add(outside)
    sent = _referral(case, ours, theirs, people[P])
    incoming = _referral(their_case, theirs, ours, their_paralegal)
    own = {
        "referral_id": sent.id,
        "incoming_referral_id": incoming.id,
        "service_id": outside.id,
        "case_id": case.id,
        "gbv_case_id": gbv_case.id,
        "land_case_id": land_case.id,
        "session_id": session.id,
        "commission_id": db.session.scalar(select(LandCommission.id)),
        "document_id": db.session.scalar(select(Document.id)),
        "hearing_id": hearing.id,
        "prison_id": prison.id,
        "rule_id": db.session.scalar(select(DetentionRule.id)),
        "user_id": their_paralegal.id,
        "organisation_id": theirs.id,
        "request_id": 999_999,
        "review_id": 999_999,
        "job_id": 999_999,
        "activity_id": activity.id,
        "participant_id": activity.participants[0].id,
        "recommendation_id": activity.recommendations[0].id,
        "outcome": "dismissed",
        "handle": "not-a-session",
        "token": "not-a-token",
        "kind": "detention",
        "extension": "xlsx",
        "fact": "hearing",
        "decision": "decline",
        "filename": "legalaid.css",
        "template_id": legal_aid.id,
        "generated_id": generated.id,
        "number": 1,
        "format": "pdf",
    }
    foreign = {
        **own,
        "case_id": their_case.id,
        "gbv_case_id": their_case.id,
        "land_case_id": their_land_case.id,
        "prison_id": other_prison.id,
        "activity_id": their_activity.id,
        "participant_id": their_activity.participants[0].id,
        "recommendation_id": their_activity.recommendations[0].id,
    }
    return people, own, foreign


def _referral(case, sender, receiver, by) -> Referral:
    referral = Referral(
        case_id=case.id,
        service="legal",
        from_organisation_id=sender.id,
        to_organisation_id=receiver.id,
        reason="Représentation",
        consent_to_share=True,
        consent_given_on=case.opened_on,
        consent_recorded_by_id=by.id,
        sent_by_id=by.id,
    )
    db.session.add(referral)
    db.session.commit()
    return referral


def build(app, rule, values) -> str:
    if rule.endpoint in ONE_KIND:
        values = {**values, "case_id": values[ONE_KIND[rule.endpoint]]}
    if rule.endpoint in INCOMING:
        values = {**values, "referral_id": values["incoming_referral_id"]}
    values = {name: values[name] for name in rule.arguments if name in values}
    if "action" in rule.arguments:
        values["action"] = "start" if rule.endpoint == "workflow.transition" else "end-sessions"
    return app.url_map.bind("localhost").build(rule.endpoint, values)


def request(client, method, path):
    response = client.open(path, method=method, data={})
    location = response.headers.get("Location", "")
    return response.status_code, location


@pytest.mark.parametrize("role", [A, C, L, P, PO, V])
def test_matrix(app, world, role):
    people, own, _foreign = world
    client = app.test_client()
    assert sign_in(client, people[role]).status_code == 302
    checked = 0
    for rule, method in sorted(routes(app), key=lambda item: item[0].endpoint == "auth.logout"):
        allowed = ACCESS[(rule.endpoint, method)]
        if allowed == PUBLIC:
            continue
        status, location = request(client, method, build(app, rule, own))
        if rule.endpoint != "auth.logout":  # the one page whose answer is the login page
            assert "/auth/login" not in location, (role, rule.endpoint, method)
        if role in allowed:
            refused = {403} if rule.endpoint in NO_OBJECT else {403, 404}
            assert status not in refused, (role, rule.endpoint, method, status)
        else:
            assert status in (403, 404), (role, rule.endpoint, method, status)
        checked += 1
    assert checked > 60


@pytest.mark.parametrize("role", [C, L, P, PO])
def test_another_organisations_objects_are_not_found(app, world, role):
    people, _own, foreign = world
    client = app.test_client()
    sign_in(client, people[role])
    for rule, method in routes(app):
        allowed = ACCESS[(rule.endpoint, method)]
        if allowed == PUBLIC or role not in allowed:
            continue
        if not {"case_id", "prison_id", "activity_id"} & set(rule.arguments):
            continue
        status, _location = request(client, method, build(app, rule, foreign))
        assert status == 404, (role, rule.endpoint, method, status)
