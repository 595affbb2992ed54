"""restricted person: matches held for the coordinator's review

Revision ID: 6a30f4b82582
Revises: 3c8e1f2a9b47
Create Date: 2026-12-02 14:31:19.262465

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "6a30f4b82582"
down_revision = "3c8e1f2a9b47"
branch_labels = None
depends_on = None


EVENT_KINDS_BEFORE = (
    "'intake', 'note', 'action', 'hearing', 'status_change', 'assignment', 'document', "
    "'document_removed', 'edit', 'custody', 'import'"
)


def _replace_check(table: str, name: str, values: str) -> None:
    """Swap a CHECK constraint (batch mode: SQLite rebuilds the table)."""
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
        batch_op.create_check_constraint(name, sa.text(f"{name} IN ({values})"))


def upgrade():
    # A new case whose person (or adverse party) may be someone its author may not see is never
    # linked silently: the match waits here for the coordinator, and the case's timeline gets a
    # `review` entry when it is flagged and when it is decided.
    op.create_table(
        "match_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("beneficiary_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("adverse_party", sa.String(length=200), nullable=True),
        sa.Column("flagged_by_id", sa.Integer(), nullable=False),
        sa.Column("flagged_at", sa.DateTime(), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome IS NULL OR outcome IN ('linked', 'dismissed')",
            name=op.f("ck_match_reviews_outcome"),
        ),
        sa.CheckConstraint(
            "reason IN ('duplicate', 'conflict')", name=op.f("ck_match_reviews_reason")
        ),
        sa.ForeignKeyConstraint(
            ["beneficiary_id"],
            ["beneficiaries.id"],
            name=op.f("fk_match_reviews_beneficiary_id_beneficiaries"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_match_reviews_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_match_reviews_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["flagged_by_id"], ["users.id"], name=op.f("fk_match_reviews_flagged_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_match_reviews")),
        sa.UniqueConstraint(
            "case_id", "beneficiary_id", "reason", name="uq_match_reviews_case_beneficiary_reason"
        ),
    )
    with op.batch_alter_table("match_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_match_reviews_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_match_reviews_outcome"), ["outcome"], unique=False)
    _replace_check("case_events", "kind", EVENT_KINDS_BEFORE + ", 'review'")


def downgrade():
    op.execute("DELETE FROM case_events WHERE kind = 'review'")
    _replace_check("case_events", "kind", EVENT_KINDS_BEFORE)
    with op.batch_alter_table("match_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_match_reviews_outcome"))
        batch_op.drop_index(batch_op.f("ix_match_reviews_case_id"))
    op.drop_table("match_reviews")
