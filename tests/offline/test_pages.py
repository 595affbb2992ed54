"""The offline page, what a device is told to keep, and the files that make the app installable."""

import json
import re

from legalaid.extensions import db
from tests.builders import assign, make_case
from tests.cases.test_intake import client_of


def test_the_service_worker_is_served_from_the_root_and_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert "pageFromNetworkFirst" in response.text


def test_the_manifest_makes_the_app_installable_in_french(client):
    manifest = client.get("/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    assert manifest.json["start_url"] == "/offline/"
    assert manifest.json["display"] == "standalone"
    assert manifest.json["icons"][0]["src"].startswith("/static/icon.svg?v=")
    assert 'rel="manifest" href="/manifest.webmanifest"' in client.get("/auth/login").text


def test_a_paralegal_is_told_to_keep_the_intake_forms_and_a_lawyer_is_not(app, org):
    state = client_of(app, org["paralegal"]).get("/offline/state").json
    assert state["user_id"] == org["paralegal"].id and state["csrf_token"]
    pages = [url for url in state["urls"] if "/static/" not in url]
    assert pages == [
        "/offline/",
        "/cases/new",
        "/cases/new/detention",
        "/cases/new/gbv",
        "/cases/new/litigation",
        "/cases/new/land_conciliation",
    ]
    assert all(re.search(r"\?v=[0-9a-f]{12}$", url) for url in state["urls"] if "/static/" in url)
    lawyer = client_of(app, org["lawyer"]).get("/offline/state").json
    assert [url for url in lawyer["urls"] if "/static/" not in url] == ["/offline/"]


def test_the_offline_page_offers_notes_corrections_and_visits(app, org):
    page = client_of(app, org["paralegal"]).get("/offline/").text
    for form in ("note", "edit", "visit"):
        assert f'data-offline-form="{form}"' in page
    assert "Le travail hors connexion demande JavaScript." in page
    assert 'id="offline-texts"' in page
    texts = json.loads(page.split('id="offline-texts">')[1].split("</script>")[0])
    assert texts["waiting"] == "En attente d'envoi ({count})"


def kept(page: str) -> dict | None:
    found = re.search(r"data-offline-case='([^']+)'", page)
    return json.loads(found.group(1)) if found else None


def test_a_case_page_lets_a_device_keep_its_reference_never_a_name_nor_a_gbv_case(app, org):
    detention = make_case("detention", by=org["coordinator"], full_name="Moussa Keïta")
    gbv = make_case("gbv", by=org["coordinator"], full_name="Awa Traoré")
    for case in (detention, gbv):
        assign(case, org["paralegal"])
    db.session.commit()
    paralegal = client_of(app, org["paralegal"])
    snapshot = kept(paralegal.get(f"/cases/{detention.id}").text)
    assert set(snapshot) == {
        "id",
        "reference",
        "kind",
        "kind_label",
        "version",
        "seen_at",
        "prison_id",
    }
    assert (snapshot["reference"], snapshot["version"]) == (detention.reference, detention.version)
    assert "Keïta" not in json.dumps(snapshot)
    assert kept(paralegal.get(f"/cases/{gbv.id}").text) is None


def test_a_copy_kept_for_the_device_neither_shows_nor_takes_a_message(app, org):
    case = make_case("detention", by=org["coordinator"])
    assign(case, org["paralegal"])
    db.session.commit()
    paralegal = client_of(app, org["paralegal"])
    saved = paralegal.post(f"/cases/{case.id}/timeline", data={"text": "Vu au parloir"})
    assert saved.status_code == 302  # "Added to the timeline." waits for the next page
    copy = paralegal.get("/cases/new/detention", headers={"X-Offline-Copy": "1"}).text
    assert "Ajouté" not in copy and "data-saved" not in copy
    page = paralegal.get(f"/cases/{case.id}").text
    assert "Ajouté à l" in page and "data-saved" in page
