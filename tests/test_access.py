"""Deny by default: every endpoint needs login and a declared permission."""

import pytest

from legalaid.permissions import PUBLIC_ENDPOINTS, Permission, required_permission
from tests.conftest import build_app

# The only endpoints an anonymous visitor may use. Adding one is a decision: update this list.
EXPECTED_PUBLIC = {
    "static",
    "bootstrap.static",
    "auth.login",
    "main.language",
    "main.healthz",
    "ops.metrics",  # no login for Prometheus: its token or network check (legalaid/ops/access.py)
    "workflow.calendar",  # the secret token in its address is the credential
    "auth.second_factor",  # between the password and the code: a pending login, no data
    "auth.sign_in_again",  # the password again after expiry: the same rules as the login
    "offline.service_worker",  # the same script for everyone, fetched by the browser itself
    "offline.manifest",  # browsers fetch it without cookies; names and icons only
}
URL_ARGUMENTS = {
    "user_id": 1,
    "organisation_id": 1,
    "action": "deactivate",
    "filename": "css/bootstrap.min.css",
    "case_id": 1,
    "document_id": 1,
    "kind": "detention",
    "hearing_id": 1,
    "request_id": 1,
    "decision": "accept",
    "review_id": 1,
    "job_id": 1,
    "outcome": "linked",
    "token": "no-such-token",
    "prison_id": 1,
    "fact": "release",
    "rule_id": 1,
    "session_id": 1,
    "commission_id": 1,
    "handle": "no-such-session",
    "extension": "csv",
    "activity_id": 1,
    "participant_id": 1,
    "recommendation_id": 1,
    "template_id": 1,
    "generated_id": 1,
    "number": 1,
    "format": "pdf",
    "referral_id": 1,
    "service_id": 1,
}
ENDPOINT_ARGUMENTS = {"workflow.transition": {"action": "resolve"}}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def every_route(app):
    for rule in app.url_map.iter_rules():
        values = {name: URL_ARGUMENTS[name] for name in rule.arguments}
        values.update(ENDPOINT_ARGUMENTS.get(rule.endpoint, {}))
        with app.test_request_context():
            path = app.url_map.bind("localhost").build(rule.endpoint, values)
        for method in sorted(set(METHODS) & rule.methods):
            yield rule.endpoint, method, path


def test_public_endpoints_are_exactly_the_allow_list(app):
    with app.test_request_context():
        public = {
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if required_permission(rule.endpoint) == Permission.PUBLIC
        }
    assert public == EXPECTED_PUBLIC
    assert PUBLIC_ENDPOINTS <= EXPECTED_PUBLIC


def test_every_view_declares_a_permission(app):
    with app.test_request_context():
        undeclared = [
            rule.endpoint
            for rule in app.url_map.iter_rules()
            if required_permission(rule.endpoint) is None
        ]
    assert undeclared == []


def test_anonymous_requests_get_no_data(app, client):
    """Walk the whole url_map: anything outside the allow-list sends the visitor to login."""
    checked = 0
    for endpoint, method, path in every_route(app):
        if endpoint in EXPECTED_PUBLIC:
            continue
        response = client.open(path, method=method)
        assert response.status_code == 302, (endpoint, method, response.status_code)
        assert response.headers["Location"].startswith("/auth/login"), (endpoint, method)
        checked += 1
    assert checked >= 10


def test_a_view_without_a_declared_permission_is_refused(database_url, reference):
    from tests.builders import make_user
    from tests.conftest import sign_in

    app = build_app(database_url)

    @app.get("/forgotten")
    def forgotten():
        return "secret data"

    admin = make_user("admin")
    client = app.test_client()
    sign_in(client, admin)
    response = client.get("/forgotten")
    assert response.status_code == 403
    assert "secret data" not in response.text


def test_access_checks_fail_closed(login_as, monkeypatch):
    admin = login_as("admin")

    class BrokenPolicy(dict):
        def __getitem__(self, key):
            raise RuntimeError("policy store unavailable")

    monkeypatch.setattr("legalaid.permissions.POLICY", BrokenPolicy())
    assert admin.get("/admin/users").status_code == 403


@pytest.mark.parametrize("path", ["/", "/auth/password"])
def test_every_role_reaches_its_home_and_password_page(login_as, path):
    for role in ("admin", "coordinator", "lawyer", "paralegal", "prison_officer", "viewer"):
        assert login_as(role).get(path).status_code == 200
