"""Case documents: content checks and storage outside static/, under random names.

A document's type is judged from its bytes, and the name it is downloaded under ends as that type
does: a PDF uploaded as `invoice.html` comes back as `invoice.pdf`, never as a page a browser would
open. A DOCX is a zip archive, so it is accepted only when its parts are those of a Word document.
"""

import hashlib
import secrets
import zipfile
from io import BytesIO
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from legalaid.accounts.models import User
from legalaid.audit.services import audit
from legalaid.cases.models import Case, CaseEvent, Document, EventKind
from legalaid.extensions import db
from legalaid.timeutils import utcnow

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The file name endings of each accepted type; a download ends with the first unless the
# uploader's name already ends with one of them.
EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    DOCX_TYPE: (".docx",),
}
# The parts a Word document has (ECMA-376): its own folders and the package's; nothing else.
DOCX_REQUIRED = frozenset({"[Content_Types].xml", "word/document.xml"})
DOCX_FOLDERS = ("word/", "docProps/", "_rels/", "customXml/")
# Under those folders, a macro project, an ActiveX control, an embedded macro-enabled document or
# a program runs code: never in a .docx.
DOCX_CODE = ("vbaproject.bin", "vbadata.xml", "word/activex/")
DOCX_CODE_SUFFIXES = (
    *(".exe", ".dll", ".com", ".bat", ".cmd", ".scr", ".msi", ".js", ".vbs", ".ps1", ".jar"),
    *(".docm", ".dotm", ".xlsm", ".pptm"),
)


class DocumentRejected(ValueError):
    """A file that is not one of the accepted kinds; the message says why, for the uploader."""


class DocumentTooLarge(DocumentRejected):
    """A file above MAX_DOCUMENT_BYTES: answered like any request too large (413)."""


def sniff_content_type(content: bytes) -> str | None:
    """The content type judged from the bytes themselves (never from the name), or None; a
    Word document that holds anything else than its own parts is refused."""
    if content.startswith(b"%PDF-"):
        return "application/pdf"
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if not DOCX_REQUIRED.issubset(names):
            return None
        if not all(_word_part(name) for name in names):
            raise DocumentRejected(
                _(
                    "This Word document holds more than a document (macros, programs or other "
                    "files): save it again as a plain .docx, or as PDF."
                )
            )
        return DOCX_TYPE
    return None


def _word_part(name: str) -> bool:
    """Whether an archive entry is one a Word document has, and runs no code."""
    folded = name.lower()
    if name in DOCX_REQUIRED:
        return True
    return (
        name.startswith(DOCX_FOLDERS)
        and not any(code in folded for code in DOCX_CODE)
        and not folded.endswith(DOCX_CODE_SUFFIXES)
    )


def download_name(document: Document) -> str:
    """The name a document is sent under: the uploader's, ending as its recognised type does."""
    name = Path(document.original_name)
    extensions = EXTENSIONS[document.content_type]
    if name.suffix.lower() in extensions:
        return document.original_name
    return name.stem + extensions[0]


def upload_folder() -> Path:
    """Where documents live: `instance/uploads/` unless UPLOAD_FOLDER says otherwise."""
    configured = current_app.config.get("UPLOAD_FOLDER")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_document(case: Case, upload: FileStorage, document_type: str, by: User) -> Document:
    """Check and store an uploaded file, and record it on the case's timeline."""
    content = upload.stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge()
    content_type = sniff_content_type(content)
    if content_type is None:
        raise DocumentRejected(_("Only PDF, JPEG, PNG and DOCX files are accepted."))
    stored_name, path = write_file(content)
    try:
        # Keep the name the user knows (without any folder part); it is only ever shown and sent
        # back as the download name, never used as a path.
        original_name = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
        document = new_document(
            case, content, content_type, original_name, document_type, by, stored_name
        )
        db.session.add(
            CaseEvent(
                case_id=case.id, kind=EventKind.DOCUMENT, author=by, text=document.original_name
            )
        )
        case.last_activity_at = utcnow()
        db.session.flush()
        audit("document_upload", by=by, obj=document, details=content_type)
        db.session.commit()
    except BaseException:  # the database refused it: no file without its record
        path.unlink(missing_ok=True)
        raise
    return document


def new_document(
    case: Case,
    content: bytes,
    content_type: str,
    name: str,
    document_type: str,
    by: User,
    stored_name: str,
) -> Document:
    """The row of a document whose file `write_file` stored, added to the session."""
    document = Document(
        case_id=case.id,
        original_name=(name or "document")[:255],
        stored_name=stored_name,
        content_type=content_type,
        document_type=document_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_id=by.id,
    )
    db.session.add(document)
    return document


def write_file(content: bytes) -> tuple[str, Path]:
    """Write a document's file whole under a new random name, or leave nothing of it (a full
    disk fails midway); its stored name and path."""
    stored_name = secrets.token_hex(24)
    path = upload_folder() / stored_name
    try:
        path.write_bytes(content)
    except OSError as error:
        path.unlink(missing_ok=True)
        current_app.logger.error("document upload not stored: %s", error)
        raise DocumentRejected(
            _(
                "The file could not be saved on the server: nothing was kept. Try again later, "
                "or tell the administrator."
            )
        ) from error
    return stored_name, path


def document_path(document: Document) -> Path:
    """The stored file of a document."""
    return upload_folder() / document.stored_name


def remove_document(case: Case, document: Document, by: User) -> None:
    """Soft delete: the file and row stay, the timeline says who removed it."""
    document.deleted_at = utcnow()
    document.deleted_by_id = by.id
    db.session.add(
        CaseEvent(
            case_id=case.id,
            kind=EventKind.DOCUMENT_REMOVED,
            author=by,
            text=document.original_name,
        )
    )
    case.last_activity_at = utcnow()
    audit("document_remove", by=by, obj=document)
    db.session.commit()
