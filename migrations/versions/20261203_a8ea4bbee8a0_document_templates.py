"""drafting: document templates (shared and per organisation), their versions, generated documents

Revision ID: a8ea4bbee8a0
Revises: 4258a8f260d0
Create Date: 2026-12-03 14:16:41.066718

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a8ea4bbee8a0"
down_revision = "4258a8f260d0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("case_kinds", sa.String(length=200), nullable=False),
        sa.Column("detention_states", sa.String(length=200), nullable=False),
        sa.Column("needs_referral_consent", sa.Boolean(), nullable=False),
        sa.Column("document_type", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "document_type IN ('court', 'identity', 'medical', 'correspondence', 'other')",
            name=op.f("ck_document_templates_document_type"),
        ),
        sa.CheckConstraint("language IN ('fr', 'en')", name=op.f("ck_document_templates_language")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_document_templates_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_templates")),
        sa.UniqueConstraint(
            "organisation_id", "code", "language", name="uq_document_templates_code_language"
        ),
    )
    op.create_table(
        "template_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["document_templates.id"],
            name=op.f("fk_template_versions_template_id_document_templates"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_template_versions_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_template_versions")),
        sa.UniqueConstraint("template_id", "number", name="uq_template_versions_number"),
    )
    with op.batch_alter_table("template_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_template_versions_template_id"), ["template_id"], unique=False
        )

    op.create_table(
        "generated_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("template_version_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("docx_document_id", sa.Integer(), nullable=False),
        sa.Column("pdf_document_id", sa.Integer(), nullable=False),
        sa.Column("missing_fields", sa.Text(), nullable=False),
        sa.Column("identity_shown", sa.Boolean(), nullable=False),
        sa.Column("generated_by_id", sa.Integer(), nullable=False),
        sa.Column("generated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_generated_documents_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["docx_document_id"],
            ["documents.id"],
            name=op.f("fk_generated_documents_docx_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["generated_by_id"],
            ["users.id"],
            name=op.f("fk_generated_documents_generated_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["pdf_document_id"],
            ["documents.id"],
            name=op.f("fk_generated_documents_pdf_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["document_templates.id"],
            name=op.f("fk_generated_documents_template_id_document_templates"),
        ),
        sa.ForeignKeyConstraint(
            ["template_version_id"],
            ["template_versions.id"],
            name=op.f("fk_generated_documents_template_version_id_template_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_generated_documents")),
        sa.UniqueConstraint(
            "case_id", "template_id", "number", name="uq_generated_documents_number"
        ),
    )
    with op.batch_alter_table("generated_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_generated_documents_case_id"), ["case_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("generated_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_generated_documents_case_id"))

    op.drop_table("generated_documents")
    with op.batch_alter_table("template_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_template_versions_template_id"))

    op.drop_table("template_versions")
    op.drop_table("document_templates")
