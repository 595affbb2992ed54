"""cases: timeline entries keep their coded facts, so each reader gets them in their language

Revision ID: e5a81c3d7f02
Revises: c4f19a7e3b20
Create Date: 2026-12-02 18:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e5a81c3d7f02"
down_revision = "c4f19a7e3b20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case_events") as batch_op:
        batch_op.add_column(sa.Column("facts", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("case_events") as batch_op:
        batch_op.drop_column("facts")
