"""Documents: checked by content, 10 MB at most, stored outside static/, served by permission."""

import io
import zipfile

import pytest
from sqlalchemy import select

from legalaid.cases.documents import MAX_DOCUMENT_BYTES, document_path, sniff_content_type
from legalaid.cases.models import CaseEvent, Document
from legalaid.extensions import db
from tests.builders import make_case
from tests.cases.test_intake import client_of

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


# The parts Word writes for a document with a picture, an embedded sheet and custom XML.
WORD_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "docProps/app.xml",
    "docProps/core.xml",
    "docProps/thumbnail.jpeg",
    "customXml/item1.xml",
    "customXml/_rels/item1.xml.rels",
    "word/document.xml",
    "word/_rels/document.xml.rels",
    "word/styles.xml",
    "word/media/image1.png",
    "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
    "word/embeddings/oleObject1.bin",
    "word/fonts/font1.odttf",
)


def docx_bytes(*parts: str) -> bytes:
    """A zip archive of these parts (the least a Word document has, by default)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts or ("[Content_Types].xml", "word/document.xml"):
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


def upload(client, case, content: bytes, name: str, document_type: str = "court"):
    return client.post(
        f"/cases/{case.id}/documents",
        data={"document_type": document_type, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "application/pdf"),
        (PNG, "image/png"),
        (JPEG, "image/jpeg"),
        (b"MZ\x90\x00 windows executable", None),
        (b"<html><script>alert(1)</script>", None),
        (b"PK\x03\x04 not really a zip", None),
    ],
)
def test_content_sniffing(content, expected):
    assert sniff_content_type(content) == expected


def test_docx_is_recognised_by_its_parts():
    assert sniff_content_type(docx_bytes()).endswith("wordprocessingml.document")
    assert sniff_content_type(docx_bytes(*WORD_PARTS)).endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    "extra",
    [
        "evil.exe",
        "word/evil.exe",
        "word/vbaProject.bin",
        "word/vbaData.xml",
        "word/activeX/activeX1.bin",
        "word/embeddings/Macros.docm",
        "index.html",
        "xl/workbook.xml",
    ],
)
def test_a_docx_with_parts_a_document_has_not_is_refused(app, org, extra):
    case = make_case("litigation", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    response = upload(client, case, docx_bytes(*WORD_PARTS, extra), "lettre.docx")
    assert response.status_code == 400
    assert "Ce document Word contient plus qu" in response.text
    assert db.session.scalar(select(Document)) is None


@pytest.mark.parametrize(
    ("content", "uploaded_as", "downloaded_as"),
    [
        (PDF, "invoice.html", "invoice.pdf"),
        (PNG, "setup.exe", "setup.png"),
        (JPEG, "photo", "photo.jpg"),
        (JPEG, "photo.JPEG", "photo.JPEG"),
        (docx_bytes(*WORD_PARTS), "lettre.pdf", "lettre.docx"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_a_download_is_named_after_what_the_file_is(app, org, content, uploaded_as, downloaded_as):
    case = make_case("detention", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    assert upload(client, case, content, uploaded_as).status_code == 302
    document = db.session.scalar(select(Document))
    assert document.original_name == uploaded_as  # shown as the uploader named it
    download = client.get(f"/cases/{case.id}/documents/{document.id}")
    assert download.headers["Content-Disposition"] == f"attachment; filename={downloaded_as}"


def test_upload_download_and_timeline(app, org):
    case = make_case("detention", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    response = upload(client, case, PDF, "mandat de dépôt.pdf")
    assert response.status_code == 302
    document = db.session.scalar(select(Document))
    assert document.original_name == "mandat de dépôt.pdf"
    assert document.content_type == "application/pdf" and document.size == len(PDF)
    path = document_path(document)
    assert path.read_bytes() == PDF
    assert "static" not in path.parts and document.stored_name not in document.original_name
    assert len(document.stored_name) >= 32
    download = client.get(f"/cases/{case.id}/documents/{document.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "Document ajouté : mandat de dépôt.pdf" in client.get(f"/cases/{case.id}").text


def test_a_renamed_executable_is_refused(app, org):
    case = make_case("detention", by=org["paralegal"])
    response = upload(client_of(app, org["paralegal"]), case, b"MZ\x90\x00" * 10, "scan.pdf")
    assert response.status_code == 400
    assert "Seuls les fichiers PDF, JPEG, PNG et DOCX sont acceptés." in response.text
    assert db.session.scalar(select(Document)) is None


def test_more_than_ten_megabytes_is_refused_with_413(app, org):
    case = make_case("detention", by=org["paralegal"])
    big = PDF + b"0" * MAX_DOCUMENT_BYTES
    response = upload(client_of(app, org["paralegal"]), case, big, "gros.pdf")
    assert response.status_code == 413
    assert "Fichier trop volumineux" in response.text
    assert db.session.scalar(select(Document)) is None


def test_removal_is_a_confirmed_soft_delete(app, org):
    case = make_case("litigation", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    upload(client, case, PNG, "photo.png", "identity")
    document = db.session.scalar(select(Document))
    confirm = client.get(f"/cases/{case.id}/documents/{document.id}/remove")
    assert "Retirer le document « photo.png »" in confirm.text
    assert client.post(f"/cases/{case.id}/documents/{document.id}/remove").status_code == 302
    db.session.refresh(document)
    assert document.deleted_at is not None and document_path(document).exists()
    assert client.get(f"/cases/{case.id}/documents/{document.id}").status_code == 404
    page = client.get(f"/cases/{case.id}").text
    assert "Document retiré : photo.png" in page
    kinds = list(db.session.scalars(select(CaseEvent.kind).order_by(CaseEvent.id)))
    assert kinds == ["intake", "document", "document_removed"]


def test_documents_of_another_case_cannot_be_reached_through_mine(app, org):
    mine = make_case("litigation", by=org["paralegal"], full_name="A Un")
    theirs = make_case("litigation", by=org["other_paralegal"], full_name="B Deux")
    upload(client_of(app, org["other_paralegal"]), theirs, PDF, "secret.pdf")
    document = db.session.scalar(select(Document))
    client = client_of(app, org["paralegal"])
    assert client.get(f"/cases/{mine.id}/documents/{document.id}").status_code == 404
    assert client.get(f"/cases/{theirs.id}/documents/{document.id}").status_code == 404


def _disk_full_after(written: int):
    """A `Path.write_bytes` that writes `written` bytes, then fails as a full disk does."""

    def write_bytes(path, data):
        with open(path, "wb") as handle:
            handle.write(data[:written])
        raise OSError(28, "No space left on device")

    return write_bytes


def test_a_write_that_fails_midway_leaves_no_partial_file(app, org, monkeypatch):
    case = make_case("detention", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    folder = document_path(Document(stored_name="x")).parent
    before = set(folder.iterdir())
    monkeypatch.setattr("pathlib.Path.write_bytes", _disk_full_after(10))
    response = upload(client, case, PDF, "jugement.pdf")
    monkeypatch.undo()
    assert response.status_code == 400
    assert "Le fichier n’a pas pu être enregistré sur le serveur" in response.text
    assert set(folder.iterdir()) == before
    assert db.session.scalar(select(Document)) is None


def test_a_record_the_database_refuses_leaves_no_file(app, org, monkeypatch):
    case = make_case("detention", by=org["paralegal"])
    client = client_of(app, org["paralegal"])
    folder = document_path(Document(stored_name="x")).parent
    before = set(folder.iterdir())

    def refused(*_args, **_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("legalaid.cases.documents.audit", refused)
    with pytest.raises(RuntimeError):
        upload(client, case, PDF, "jugement.pdf")
    assert set(folder.iterdir()) == before
