"""offline sync: the items devices sent while offline, by client id (a retried sync is a no-op)
and by device (who sent what)

Revision ID: 6103d26ba11b
Revises: b3d9e2a61c47
Create Date: 2026-12-04 18:39:49

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "6103d26ba11b"
down_revision = "b3d9e2a61c47"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "synced_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("item_type", sa.String(length=10), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=500), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "item_type IN ('intake', 'note', 'edit', 'visit')",
            name=op.f("ck_synced_items_item_type"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_synced_items_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_synced_items_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_synced_items")),
        sa.UniqueConstraint("client_id", name=op.f("uq_synced_items_client_id")),
    )
    with op.batch_alter_table("synced_items") as batch_op:
        batch_op.create_index(batch_op.f("ix_synced_items_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_synced_items_user_id_received_at", ["user_id", "received_at"], unique=False
        )


def downgrade():
    op.drop_table("synced_items")
