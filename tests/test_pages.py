"""Pages: no request to another host, error pages in both languages, health check."""

import re

import pytest
from werkzeug.exceptions import InternalServerError

from tests.builders import make_user
from tests.conftest import build_app, sign_in

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z]+:)?//""", re.IGNORECASE)
ASSET = re.compile(r"""(?:src|href)="(/[^"]+\.(?:css|js))""")


def pages_of(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        yield path, response.text


@pytest.mark.parametrize("role", ["admin", "coordinator", "lawyer", "prison_officer"])
def test_main_pages_use_no_other_host_and_their_assets_exist(login_as, client, role):
    signed_in = login_as(role)
    paths = ["/", "/auth/password"]
    if role == "admin":
        target = make_user("paralegal")
        paths += [
            "/admin/users",
            "/admin/users/new",
            f"/admin/users/{target.id}",
            "/admin/organisations",
            "/admin/organisations/new",
            "/reference/",
        ]
    rendered = list(pages_of(signed_in, paths)) + list(pages_of(client, ["/auth/login"]))
    for path, html in rendered:
        assert not EXTERNAL.search(html), path
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
        for asset in ASSET.findall(html):
            assert client.get(asset).status_code == 200, asset


def test_every_form_field_has_a_label(login_as):
    admin = login_as("admin")
    html = admin.get("/admin/users/new").text
    fields = re.findall(
        r'<(?:input|select)(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', html
    )
    assert len(fields) >= 7
    for field_id in fields:
        assert f'for="{field_id}"' in html, field_id


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Page introuvable"), ("en", "Page not found")]
)
def test_404_in_both_languages(client, language, title):
    client.post("/language", data={"language": language})
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert title in response.text


def test_403_page(login_as):
    response = login_as("lawyer").get("/admin/users")
    assert response.status_code == 403 and "Accès refusé" in response.text


def test_405_page(client):
    response = client.delete("/auth/login")
    assert response.status_code == 405


def test_413_page(database_url, client):
    small = build_app(database_url, MAX_CONTENT_LENGTH=1024)
    response = small.test_client().post("/auth/login", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.text


def test_500_page_has_no_traceback(database_url, reference):
    app = build_app(database_url, TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise ZeroDivisionError("secret internals")

    boom.required_permission = "signed_in"
    user = make_user("lawyer")
    client = app.test_client()
    sign_in(client, user)
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Erreur du serveur" in response.text
    assert "Traceback" not in response.text and "secret internals" not in response.text
    assert isinstance(InternalServerError(), InternalServerError)


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok"
