"""Document templates, their versions, and the documents generated from them."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from legalaid.accounts.models import Organisation, User
from legalaid.cases.models import Document, DocumentType
from legalaid.extensions import check_in, db
from legalaid.timeutils import utcnow

LANGUAGES = ("fr", "en")


class DocumentTemplate(db.Model):
    """A letter or record the programme writes again and again, with the case filling it in.

    `organisation_id` NULL is the shared default set; an organisation's own template of the same
    `code` and language replaces the shared one for its cases. What a template applies to is
    data: `case_kinds` and `detention_states` (comma-separated, empty for any), so an admin
    adds a template without a release.
    """

    __tablename__ = "document_templates"
    __table_args__ = (
        UniqueConstraint(
            "organisation_id", "code", "language", name="uq_document_templates_code_language"
        ),
        CheckConstraint(check_in("language", LANGUAGES), name="language"),
        CheckConstraint(check_in("document_type", DocumentType), name="document_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2), default="fr")
    case_kinds: Mapped[str] = mapped_column(String(200), default="")
    detention_states: Mapped[str] = mapped_column(String(200), default="")
    # A referral slip: generated for one referral type, only with the survivor's consent to it.
    needs_referral_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    document_type: Mapped[str] = mapped_column(
        String(16), default=DocumentType.CORRESPONDENCE.value
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation | None] = relationship()
    versions: Mapped[list["TemplateVersion"]] = relationship(
        back_populates="template", order_by="TemplateVersion.number"
    )

    @property
    def kinds(self) -> frozenset[str]:
        """The case kinds it applies to; empty: every kind."""
        return frozenset(filter(None, self.case_kinds.split(",")))

    @property
    def states(self) -> frozenset[str]:
        """The detention states it applies to; empty: whatever the state."""
        return frozenset(filter(None, self.detention_states.split(",")))

    @property
    def current(self) -> "TemplateVersion":
        """The version documents are generated from: the latest."""
        return self.versions[-1]


class TemplateVersion(db.Model):
    """One upload of a template's Word file; never changed, so every document says what it
    was generated from."""

    __tablename__ = "template_versions"
    __table_args__ = (
        UniqueConstraint("template_id", "number", name="uq_template_versions_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("document_templates.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    # The placeholders it uses (`detention.limit_date`), comma-separated, read at upload.
    fields: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    template: Mapped[DocumentTemplate] = relationship(back_populates="versions")
    uploaded_by: Mapped[User | None] = relationship()

    @property
    def field_names(self) -> list[str]:
        """The placeholders, in the order they were found."""
        return list(filter(None, self.fields.split(",")))


class GeneratedDocument(db.Model):
    """A document filled from a case: its Word file and its PDF, both case documents.

    `number` counts the documents of one template for one case: generating again gives the
    next one, never an overwrite.
    """

    __tablename__ = "generated_documents"
    __table_args__ = (
        UniqueConstraint("case_id", "template_id", "number", name="uq_generated_documents_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("document_templates.id"))
    template_version_id: Mapped[int] = mapped_column(ForeignKey("template_versions.id"))
    number: Mapped[int] = mapped_column(Integer)
    docx_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    pdf_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    # The placeholders printed «à compléter», comma-separated.
    missing_fields: Mapped[str] = mapped_column(Text, default="")
    identity_shown: Mapped[bool] = mapped_column(Boolean)
    generated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    generated_at: Mapped[datetime] = mapped_column(default=utcnow)

    template: Mapped[DocumentTemplate] = relationship()
    template_version: Mapped[TemplateVersion] = relationship()
    docx: Mapped[Document] = relationship(foreign_keys=[docx_document_id])
    pdf: Mapped[Document] = relationship(foreign_keys=[pdf_document_id])
    generated_by: Mapped[User] = relationship()
