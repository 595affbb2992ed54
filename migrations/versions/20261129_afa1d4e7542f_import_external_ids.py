"""import: external ids

Revision ID: afa1d4e7542f
Revises: 8b572b9dc450
Create Date: 2026-11-29 15:16:00.039589

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "afa1d4e7542f"
down_revision = "8b572b9dc450"
branch_labels = None
depends_on = None


EVENT_KINDS_BEFORE = (
    "'intake', 'note', 'action', 'hearing', 'status_change', 'assignment', 'document', "
    "'document_removed', 'edit', 'custody'"
)


def _replace_check(table: str, name: str, values: str) -> None:
    """Swap a CHECK constraint (batch mode: SQLite rebuilds the table)."""
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
        batch_op.create_check_constraint(name, sa.text(f"{name} IN ({values})"))


def upgrade():
    # Bulk import finds a case again by the identifier of the field data collection tool, and
    # writes an `import` entry on the timeline of each case it changes.
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint(
            "uq_cases_organisation_external_id", ["organisation_id", "external_id"]
        )
    _replace_check("case_events", "kind", EVENT_KINDS_BEFORE + ", 'import'")


def downgrade():
    op.execute("DELETE FROM case_events WHERE kind = 'import'")
    _replace_check("case_events", "kind", EVENT_KINDS_BEFORE)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_constraint("uq_cases_organisation_external_id", type_="unique")
        batch_op.drop_column("external_id")
