"""beneficiary version: the optimistic lock of the person's details

Revision ID: 3c8e1f2a9b47
Revises: d91fc49971f6
Create Date: 2026-11-29 18:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c8e1f2a9b47"
down_revision = "d91fc49971f6"
branch_labels = None
depends_on = None


def upgrade():
    # Existing people start at version 1, as new ones do.
    with op.batch_alter_table("beneficiaries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade():
    with op.batch_alter_table("beneficiaries", schema=None) as batch_op:
        batch_op.drop_column("version")
