"""accounts: a notification tells a user their second factor was replaced

Revision ID: b7e2c4d91a05
Revises: 6a30f4b82582
Create Date: 2026-12-02 14:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b7e2c4d91a05"
down_revision = "6a30f4b82582"
branch_labels = None
depends_on = None

KINDS_BEFORE = (
    "'assigned', 'hearing_tomorrow', 'status_changed', 'reopened', 'case_requested', "
    "'custody_update', 'detention_alert'"
)


def _replace_kinds(values: str) -> None:
    """Swap the CHECK constraint on notification kinds (batch mode: SQLite rebuilds the table)."""
    with op.batch_alter_table("notifications") as batch_op:
        batch_op.drop_constraint(op.f("ck_notifications_kind"), type_="check")
        batch_op.create_check_constraint("kind", sa.text(f"kind IN ({values})"))


def upgrade():
    _replace_kinds(KINDS_BEFORE + ", 'second_factor_changed'")


def downgrade():
    op.execute("DELETE FROM notifications WHERE kind = 'second_factor_changed'")
    _replace_kinds(KINDS_BEFORE)
