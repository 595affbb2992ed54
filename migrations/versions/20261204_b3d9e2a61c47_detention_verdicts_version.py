"""detention verdicts version: the token that tells each process whether the prison rolls it
keeps in memory still hold (legalaid/detention/verdictcache.py)

Revision ID: b3d9e2a61c47
Revises: 7c1e0f9a3b52
Create Date: 2026-12-04 19:00:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b3d9e2a61c47"
down_revision = "7c1e0f9a3b52"
branch_labels = None
depends_on = None


def upgrade():
    version = op.create_table(
        "detention_verdicts_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_detention_verdicts_version")),
    )
    # A first token, so that the rolls of the data already there are kept from now on.
    op.bulk_insert(version, [{"id": 1, "token": secrets.token_hex(16)}])


def downgrade():
    op.drop_table("detention_verdicts_version")
