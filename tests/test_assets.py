"""Static files: content-hashed URLs cached for a year, working 304s, private pages never kept."""

import re

import pytest
from flask import url_for

from tests.builders import make_case, make_user
from tests.conftest import sign_in
from tests.security.test_headers_and_input import check_headers

IMMUTABLE = "public, max-age=31536000, immutable"
STATIC_FILES = [
    ("static", "legalaid.css"),
    ("bootstrap.static", "css/bootstrap.min.css"),
    ("bootstrap.static", "js/bootstrap.min.js"),
]


def hashed_url(app, endpoint: str, filename: str) -> str:
    with app.test_request_context():
        return url_for(endpoint, filename=filename)


@pytest.mark.parametrize(("endpoint", "filename"), STATIC_FILES)
def test_a_hashed_url_is_kept_a_year(app, client, endpoint, filename):
    url = hashed_url(app, endpoint, filename)
    assert re.search(r"\?v=[0-9a-f]{12}$", url)
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE


@pytest.mark.parametrize(("endpoint", "filename"), STATIC_FILES)
def test_an_unhashed_url_revalidates_with_a_304(app, client, endpoint, filename):
    url = hashed_url(app, endpoint, filename).split("?")[0]
    for encoding in ("gzip", "identity"):
        first = client.get(url, headers={"Accept-Encoding": encoding})
        assert first.status_code == 200
        assert first.headers["Cache-Control"] == "public, max-age=300"
        again = client.get(
            url, headers={"Accept-Encoding": encoding, "If-None-Match": first.headers["ETag"]}
        )
        assert again.status_code == 304, encoding
        assert again.data == b""


def test_a_stale_hash_is_not_kept_a_year(client):
    response = client.get("/static/legalaid.css?v=000000000000")
    assert response.status_code == 200
    assert "immutable" not in response.headers["Cache-Control"]


def test_a_changed_file_gets_a_new_url(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    stylesheet = tmp_path / "site.css"
    stylesheet.write_text("body { color: black; }")
    before = hashed_url(app, "static", "site.css")
    assert hashed_url(app, "static", "site.css") == before
    stylesheet.write_text("body { color: navy; }")
    after = hashed_url(app, "static", "site.css")
    assert after != before
    assert after.split("?")[0] == before.split("?")[0] == "/static/site.css"


def test_a_missing_file_gets_no_hash_and_a_404(app, client):
    assert hashed_url(app, "static", "nothing-here.css") == "/static/nothing-here.css"
    assert client.get("/static/nothing-here.css").status_code == 404


def test_pages_load_bootstrap_from_hashed_local_urls_only(client):
    html = client.get("/auth/login").text
    sources = re.findall(r'(?:href|src)="([^"]+\.(?:css|js)[^"]*)"', html)
    # Bootstrap's CSS and JS, Popper, legalaid.css, forms.js, offline.js
    assert len(sources) == 6, sources
    for source in sources:
        assert source.startswith("/") and not source.startswith("//"), source
        assert re.search(r"\?v=[0-9a-f]{12}$", source), source


def test_signed_in_static_files_are_cacheable_but_pages_are_not(app):
    paralegal = make_user("paralegal")
    case = make_case("litigation", by=paralegal)
    client = app.test_client()
    sign_in(client, paralegal)
    page = client.get(f"/cases/{case.id}")
    assert page.status_code == 200
    check_headers(page, signed_in=True)
    stylesheet = client.get(hashed_url(app, "static", "legalaid.css"))
    assert stylesheet.headers["Cache-Control"] == IMMUTABLE
    check_headers(client.get("/static/nothing-here.css"), signed_in=True)
