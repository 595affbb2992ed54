"""case list indexes

Revision ID: d91fc49971f6
Revises: afa1d4e7542f
Create Date: 2026-11-29 16:54:20.574683

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "d91fc49971f6"
down_revision = "afa1d4e7542f"
branch_labels = None
depends_on = None


def upgrade():
    # The case list reads an organisation's cases newest first, whole or by status, straight
    # from an index (no sort); (organisation_id, status) is a prefix of the second one. The
    # lawyers' and paralegals' scopes read "my active assignments" from the index alone.
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_organisation_status")
        batch_op.create_index(
            "ix_cases_organisation_opened_on", ["organisation_id", "opened_on"], unique=False
        )
        batch_op.create_index(
            "ix_cases_organisation_status_opened_on",
            ["organisation_id", "status", "opened_on"],
            unique=False,
        )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index("ix_assignments_user_ended")
        batch_op.create_index(
            "ix_assignments_user_ended_case", ["user_id", "ended_at", "case_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index("ix_assignments_user_ended_case")
        batch_op.create_index("ix_assignments_user_ended", ["user_id", "ended_at"], unique=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_organisation_status_opened_on")
        batch_op.drop_index("ix_cases_organisation_opened_on")
        batch_op.create_index(
            "ix_cases_organisation_status", ["organisation_id", "status"], unique=False
        )
