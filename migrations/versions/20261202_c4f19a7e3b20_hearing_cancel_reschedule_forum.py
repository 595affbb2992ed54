"""workflow: hearings cancelled or moved (kept, with the reason), and held before a forum

Revision ID: c4f19a7e3b20
Revises: c41d7e9a2b36
Create Date: 2026-12-02 18:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c4f19a7e3b20"
down_revision = "c41d7e9a2b36"
branch_labels = None
depends_on = None

EVENT_KINDS_BEFORE = (
    "'intake', 'note', 'action', 'hearing', 'status_change', 'assignment', 'document', "
    "'document_removed', 'edit', 'custody', 'import', 'review'"
)
NEW_EVENT_KINDS = ("hearing_cancel", "hearing_moved")


def _replace_event_kinds(values: str) -> None:
    """Swap the CHECK constraint on timeline kinds (batch mode: SQLite rebuilds the table)."""
    with op.batch_alter_table("case_events") as batch_op:
        batch_op.drop_constraint(op.f("ck_case_events_kind"), type_="check")
        batch_op.create_check_constraint("kind", sa.text(f"kind IN ({values})"))


def upgrade():
    # Every hearing so far was before a court (the form offered courts only).
    with op.batch_alter_table("hearings") as batch_op:
        batch_op.add_column(
            sa.Column("forum", sa.String(length=16), nullable=False, server_default="court")
        )
        batch_op.add_column(sa.Column("place", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("cancellation_reason", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("calendar_sequence", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_hearings_cancelled_by_id_users"), "users", ["cancelled_by_id"], ["id"]
        )
        batch_op.create_check_constraint(
            "forum", sa.text("forum IN ('court', 'land_commission', 'customary')")
        )
        batch_op.create_check_constraint(
            "court_forum", sa.text("court_id IS NULL OR forum = 'court'")
        )
        batch_op.create_check_constraint(
            "cancelled",
            sa.text(
                "(cancelled_at IS NULL AND cancelled_by_id IS NULL AND cancellation_reason IS NULL)"
                " OR (cancelled_at IS NOT NULL AND cancelled_by_id IS NOT NULL"
                " AND cancellation_reason IS NOT NULL AND result IS NULL)"
            ),
        )
    quoted = ", ".join(f"'{kind}'" for kind in NEW_EVENT_KINDS)
    _replace_event_kinds(f"{EVENT_KINDS_BEFORE}, {quoted}")


def downgrade():
    kinds = ", ".join(f"'{kind}'" for kind in NEW_EVENT_KINDS)
    op.execute(f"DELETE FROM case_events WHERE kind IN ({kinds})")  # noqa: S608 - constants
    _replace_event_kinds(EVENT_KINDS_BEFORE)
    with op.batch_alter_table("hearings") as batch_op:
        batch_op.drop_constraint(op.f("ck_hearings_cancelled"), type_="check")
        batch_op.drop_constraint(op.f("ck_hearings_court_forum"), type_="check")
        batch_op.drop_constraint(op.f("ck_hearings_forum"), type_="check")
        batch_op.drop_constraint(op.f("fk_hearings_cancelled_by_id_users"), type_="foreignkey")
        batch_op.drop_column("calendar_sequence")
        batch_op.drop_column("cancellation_reason")
        batch_op.drop_column("cancelled_by_id")
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("place")
        batch_op.drop_column("forum")
