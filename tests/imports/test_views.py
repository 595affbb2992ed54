"""The web flow: upload, read the check, confirm, follow the links; who may; bad uploads."""

import io
import os
import re
import time

import pytest
from sqlalchemy import select

from legalaid.cases.models import Beneficiary, Case
from legalaid.extensions import db
from legalaid.imports import services
from legalaid.imports.services import CHECK_SUFFIX
from tests.builders import make_user
from tests.cases.test_intake import client_of
from tests.conftest import build_app
from tests.imports.conftest import (
    HEADER,
    case_row,
    count,
    workbook_with_name,
    write_csv,
    write_xlsx,
)
from tests.imports.test_services import audit_entries

pytestmark = pytest.mark.usefixtures("imports_folder")


def csv_bytes(tmp_path, rows) -> bytes:
    return write_csv(tmp_path / "upload.csv", rows).read_bytes()


def upload(client, content: bytes, filename: str = "export.csv", **fields):
    """Post the upload form."""
    data = {"file": (io.BytesIO(content), filename), **fields}
    return client.post("/imports/", data=data, content_type="multipart/form-data")


def waiting(imports_folder) -> list[str]:
    """The names of the files waiting for import; each has its check beside it, and nothing
    else is left in the folder."""
    names = (
        sorted(path.name for path in imports_folder.glob("*")) if imports_folder.exists() else []
    )
    uploads = [name for name in names if not name.endswith(CHECK_SUFFIX)]
    assert names == sorted(uploads + [name + CHECK_SUFFIX for name in uploads])
    return uploads


def confirm_token(page: str) -> str:
    return re.search(r'name="upload" type="hidden" value="([0-9a-f]+)"', page).group(1)


def test_upload_check_confirm_and_follow_the_links(app, org, tmp_path, imports_folder):
    coordinator = client_of(app, org["coordinator"])
    form = coordinator.get("/imports/")
    assert form.status_code == 200 and "external_id" in form.text and "nom_complet" in form.text
    rows = [case_row("detention", 1), case_row("gbv", 2), case_row("litigation", 3)]
    response = upload(coordinator, csv_bytes(tmp_path, rows), "../../terrain/export.csv")
    assert response.status_code == 302 and response.headers["Location"] == "/imports/review"
    [stored] = waiting(imports_folder)
    assert re.fullmatch(r"[0-9a-f]{48}", stored)
    review = coordinator.get("/imports/review")
    assert (
        review.status_code == 200 and "export.csv" in review.text and "terrain" not in review.text
    )
    assert "<script>" not in review.text and count(Case) == 0
    queued = coordinator.post("/imports/confirm", data={"upload": confirm_token(review.text)})
    assert re.fullmatch(r"/imports/jobs/\d+", queued.headers["Location"])
    result = coordinator.get(queued.headers["Location"])
    assert result.status_code == 200 and "Import terminé" in result.text
    assert 'http-equiv="refresh"' not in result.text
    cases = list(db.session.scalars(select(Case).order_by(Case.id)))
    assert [case.reference for case in cases] == [
        "DET-2026-00001",
        "GBV-2026-00001",
        "LIT-2026-00001",
    ]
    for case in cases:
        assert f'href="/cases/{case.id}">{case.reference}</a>' in result.text
    assert waiting(imports_folder) == []
    assert coordinator.get("/imports/review").headers["Location"] == "/imports/"
    assert coordinator.get(f"/cases/{cases[1].id}").status_code == 200


def test_row_errors_are_shown_and_nothing_is_imported_without_consent(app, org, tmp_path):
    coordinator = client_of(app, org["coordinator"])
    rows = [case_row(number=1), case_row(number=2, sex="X"), case_row(number=3)]
    upload(coordinator, csv_bytes(tmp_path, rows))
    review = coordinator.get("/imports/review")
    assert re.search(r"<td>3</td><td><code>sex</code></td><td>[^<]*X", review.text)
    assert 'name="skip_invalid"' in review.text
    token = confirm_token(review.text)
    refused = coordinator.post("/imports/confirm", data={"upload": token})
    assert refused.status_code == 200 and "<code>sex</code>" in refused.text
    assert "cochez cette case pour les laisser de côté" in refused.text
    assert count(Case) == 0
    done = coordinator.post("/imports/confirm", data={"upload": token, "skip_invalid": "y"})
    assert done.status_code == 302 and count(Case) == 2


def test_a_refused_file_shows_why(app, org):
    coordinator = client_of(app, org["coordinator"])
    coordinator.post("/language", data={"language": "en"})
    upload(coordinator, b"")
    review = coordinator.get("/imports/review")
    assert "The file is empty." in review.text and 'action="/imports/confirm"' not in review.text


def test_a_coordinator_imports_into_their_own_organisation_only(app, org, other_org, tmp_path):
    coordinator = client_of(app, org["coordinator"])
    page = coordinator.get("/imports/").text
    assert "Association des juristes maliennes" in page and "Barreau du Mali" not in page
    content = csv_bytes(tmp_path, [case_row()])
    response = upload(coordinator, content, organisation_id=str(other_org["organisation"].id))
    assert response.status_code == 200
    rows = [case_row(organisation="Barreau du Mali")]
    upload(coordinator, csv_bytes(tmp_path, rows), organisation_id=str(org["organisation"].id))
    review = coordinator.get("/imports/review")
    assert "<code>organisation</code>" in review.text and count(Case) == 0


def test_an_admin_chooses_the_organisation(app, org, other_org, tmp_path):
    admin = client_of(app, make_user("admin"))
    assert "Barreau du Mali" in admin.get("/imports/").text
    content = csv_bytes(tmp_path, [case_row()])
    upload(admin, content, organisation_id=str(other_org["organisation"].id))
    review = admin.get("/imports/review")
    admin.post("/imports/confirm", data={"upload": confirm_token(review.text)})
    assert db.session.scalar(select(Case.organisation_id)) == other_org["organisation"].id


@pytest.mark.parametrize("role", ["lawyer", "paralegal", "viewer", "prison_officer"])
def test_other_roles_are_refused(login_as, tmp_path, role):
    client = login_as(role)
    assert client.get("/imports/").status_code == 403
    assert upload(client, csv_bytes(tmp_path, [case_row()])).status_code == 403
    assert client.get("/imports/review").status_code == 403
    assert client.post("/imports/confirm", data={"upload": "0" * 48}).status_code == 403
    assert 'href="/imports/"' not in client.get("/").text


def test_the_navigation_offers_the_import_to_coordinators(app, org):
    assert 'href="/imports/"' in client_of(app, org["coordinator"]).get("/").text


def test_a_file_above_the_import_limit_is_a_form_error(
    app, org, tmp_path, imports_folder, monkeypatch
):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 100)
    coordinator = client_of(app, org["coordinator"])
    response = upload(coordinator, csv_bytes(tmp_path, [case_row()]))
    assert response.status_code == 200 and "is-invalid" in response.text
    assert waiting(imports_folder) == []


def test_a_request_above_the_server_limit_gets_413(app, org, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1000)
    coordinator = client_of(app, org["coordinator"])
    coordinator.post("/language", data={"language": "en"})
    response = upload(coordinator, b"x" * 5000)
    assert response.status_code == 413
    assert "The file is too large: 0 MB at most." in response.text


def test_a_confirmation_of_another_file_is_refused(app, org, tmp_path, imports_folder):
    coordinator = client_of(app, org["coordinator"])
    upload(coordinator, csv_bytes(tmp_path, [case_row()]))
    response = coordinator.post("/imports/confirm", data={"upload": "a" * 48})
    assert response.status_code == 302 and count(Case) == 0
    assert len(waiting(imports_folder)) == 1


def test_discarding_the_file(app, org, tmp_path, imports_folder):
    coordinator = client_of(app, org["coordinator"])
    upload(coordinator, csv_bytes(tmp_path, [case_row()]))
    upload(coordinator, csv_bytes(tmp_path, [case_row(number=2)]))
    assert len(waiting(imports_folder)) == 1  # a new upload replaces the one waiting
    response = coordinator.post("/imports/cancel")
    assert response.headers["Location"] == "/imports/"
    assert waiting(imports_folder) == [] and count(Case) == 0


def test_a_request_too_large_is_refused_before_anything_reads_it(database_url, org):
    """Even the CSRF check, which reads the form first in production."""
    app = build_app(database_url, WTF_CSRF_ENABLED=True, MAX_CONTENT_LENGTH=1000)
    client = app.test_client()
    response = upload(client, b"x" * 5000)
    assert response.status_code == 413 and "0 Mo" in response.text


def test_a_workbook_is_checked_and_imported(app, org, tmp_path, imports_folder):
    """The waiting file has no extension; the workbook is still read (it once was refused)."""
    coordinator = client_of(app, org["coordinator"])
    rows = [case_row("detention", 1), case_row("litigation", 2, full_name="Awa Traoré")]
    workbook = write_xlsx(tmp_path / "export.xlsx", rows).read_bytes()
    assert upload(coordinator, workbook, "export.xlsx").headers["Location"] == "/imports/review"
    review = coordinator.get("/imports/review")
    assert "classeur XLSX lisible" not in review.text
    assert re.search(r"Dossiers à créer</dt><dd[^>]*>2<", review.text)
    coordinator.post("/imports/confirm", data={"upload": confirm_token(review.text)})
    names = db.session.scalars(select(Beneficiary.full_name).order_by(Beneficiary.id))
    assert list(names) == ["Personne Numéro 1", "Awa Traoré"]
    assert waiting(imports_folder) == []


def test_a_huge_cell_gets_a_short_answer(app, org, tmp_path):
    coordinator = client_of(app, org["coordinator"])
    workbook = workbook_with_name(tmp_path, shared="<t>" + "x" * 30_000_000 + "</t>")
    upload(coordinator, workbook.read_bytes(), "export.xlsx")
    review = coordinator.get("/imports/review")
    assert "Une cellule du fichier contient plus de 32" in review.text
    assert "xxxxxxxxxx" not in review.text and len(review.text) < 20_000


def test_the_review_lists_the_first_unknown_columns_and_counts_the_others(app, org, tmp_path):
    coordinator = client_of(app, org["coordinator"])
    header = HEADER + ["<b>gras</b>", "z" * 500] + [f"_kobo_{n}" for n in range(10_000)]
    path = write_csv(tmp_path / "wide.csv", [case_row()], header=header)
    upload(coordinator, path.read_bytes())
    review = coordinator.get("/imports/review")
    assert "&lt;b&gt;gras&lt;/b&gt;, " + "z" * 79 + "…, _kobo_0," in review.text
    assert "_kobo_27 … et 9972 autres colonnes.</div>" in review.text
    assert len(review.text) < 20_000


def test_the_review_lists_the_first_errors_and_counts_the_others(app, org, tmp_path):
    coordinator = client_of(app, org["coordinator"])
    rows = [case_row(number=number, sex="X") for number in range(1, 511)]
    upload(coordinator, csv_bytes(tmp_path, rows))
    review = coordinator.get("/imports/review")
    assert review.text.count("<td><code>sex</code></td>") == 500
    assert "… et 10 autres erreurs." in review.text


def test_the_check_is_run_once_however_often_the_review_is_shown(app, org, tmp_path, monkeypatch):
    passes = []
    read_the_file = services._run
    monkeypatch.setattr(
        services, "_run", lambda *args, **kw: passes.append(1) or read_the_file(*args, **kw)
    )
    coordinator = client_of(app, org["coordinator"])
    upload(coordinator, csv_bytes(tmp_path, [case_row(), case_row(number=2, sex="X")]))
    first, second = coordinator.get("/imports/review"), coordinator.get("/imports/review")
    for review in (first, second):
        assert re.search(r"<td>3</td><td><code>sex</code></td>", review.text)
    assert len(passes) == 1
    assert len(audit_entries("import_dry_run")) == 1


def test_a_forgotten_file_goes_with_its_check(app, org, other_org, tmp_path, imports_folder):
    upload(client_of(app, org["coordinator"]), csv_bytes(tmp_path, [case_row()]))
    [forgotten] = waiting(imports_folder)
    two_days_ago = time.time() - 2 * 24 * 3600
    for path in imports_folder.iterdir():
        os.utime(path, (two_days_ago, two_days_ago))
    upload(client_of(app, other_org["coordinator"]), csv_bytes(tmp_path, [case_row()]))
    [kept] = waiting(imports_folder)
    assert kept != forgotten


def test_an_upload_that_fails_midway_leaves_no_partial_file(
    app, org, tmp_path, imports_folder, monkeypatch
):
    coordinator = client_of(app, org["coordinator"])
    content = csv_bytes(tmp_path, [case_row()])
    real_open = services.Path.open

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, chunk):
            self.handle.write(chunk[:10])
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(
        services.Path, "open", lambda path, *a, **kw: FullDisk(real_open(path, *a, **kw))
    )
    response = upload(coordinator, content)
    monkeypatch.undo()
    assert response.status_code == 200
    assert "Le fichier n’a pas pu être enregistré sur le serveur" in response.text
    assert waiting(imports_folder) == [] and count(Case) == 0
