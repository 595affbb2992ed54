"""land: land commissions (reference data) and land-conciliation cases with parties and sessions

Revision ID: 4258a8f260d0
Revises: e5a81c3d7f02
Create Date: 2026-12-03 10:53:05.854400

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "4258a8f260d0"
down_revision = "e5a81c3d7f02"
branch_labels = None
depends_on = None

KINDS_BEFORE = "'detention', 'gbv', 'litigation'"
KINDS_AFTER = KINDS_BEFORE + ", 'land_conciliation'"


def _replace_case_kinds(values: str, length: int) -> None:
    """Swap the CHECK constraint on case kinds and size the columns that hold a kind
    (`land_conciliation` is 17 characters), in batch mode: SQLite rebuilds the tables."""
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_constraint(op.f("ck_cases_kind"), type_="check")
        batch_op.alter_column("kind", type_=sa.String(length=length), existing_nullable=False)
        batch_op.create_check_constraint("kind", sa.text(f"kind IN ({values})"))
    with op.batch_alter_table("reference_counters") as batch_op:
        batch_op.alter_column("kind", type_=sa.String(length=length), existing_nullable=False)


def upgrade():
    _replace_case_kinds(KINDS_AFTER, 32)
    op.create_table(
        "land_commissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("commune", sa.String(length=120), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "level IN ('village', 'commune', 'cercle')", name=op.f("ck_land_commissions_level")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_land_commissions_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_land_commissions")),
        sa.UniqueConstraint("code", name=op.f("uq_land_commissions_code")),
        sa.UniqueConstraint("name", name=op.f("uq_land_commissions_name")),
    )
    with op.batch_alter_table("land_commissions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_land_commissions_region_id"), ["region_id"], unique=False
        )

    op.create_table(
        "land_disputes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("commission_id", sa.Integer(), nullable=False),
        sa.Column("nature", sa.String(length=24), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("parcel", sa.Text(), nullable=True),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("seized_on", sa.Date(), nullable=False),
        sa.Column("pv_filed_on", sa.Date(), nullable=True),
        sa.Column("pv_court_id", sa.Integer(), nullable=True),
        sa.Column("recognition", sa.String(length=16), nullable=True),
        sa.Column("recognised_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "nature IN ('boundary', 'ownership', 'land_inheritance', 'farmer_herder', 'women_access', 'other')",
            name=op.f("ck_land_disputes_nature"),
        ),
        sa.CheckConstraint(
            "recognition IS NULL OR recognition IN ('recognised', 'refused')",
            name=op.f("ck_land_disputes_recognition"),
        ),
        sa.CheckConstraint(
            "(latitude IS NULL) = (longitude IS NULL) AND (latitude IS NULL OR (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180))",
            name=op.f("ck_land_disputes_gps_point"),
        ),
        sa.CheckConstraint(
            "(recognition IS NULL) = (recognised_on IS NULL)",
            name=op.f("ck_land_disputes_recognition_dated"),
        ),
        sa.CheckConstraint(
            "recognition IS NULL OR pv_filed_on IS NOT NULL",
            name=op.f("ck_land_disputes_recognition_filed"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_land_disputes_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["commission_id"],
            ["land_commissions.id"],
            name=op.f("fk_land_disputes_commission_id_land_commissions"),
        ),
        sa.ForeignKeyConstraint(
            ["pv_court_id"], ["courts.id"], name=op.f("fk_land_disputes_pv_court_id_courts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_land_disputes")),
        sa.UniqueConstraint("case_id", name=op.f("uq_land_disputes_case_id")),
    )
    with op.batch_alter_table("land_disputes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_land_disputes_commission_id"), ["commission_id"], unique=False
        )

    op.create_table(
        "land_parties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.CheckConstraint("kind IN ('person', 'group')", name=op.f("ck_land_parties_kind")),
        sa.CheckConstraint(
            "role IN ('requesting', 'other', 'witness')", name=op.f("ck_land_parties_role")
        ),
        sa.CheckConstraint(
            "sex IS NULL OR (kind = 'person' AND sex IN ('F', 'M'))",
            name=op.f("ck_land_parties_sex"),
        ),
        sa.ForeignKeyConstraint(
            ["dispute_id"],
            ["land_disputes.id"],
            name=op.f("fk_land_parties_dispute_id_land_disputes"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_land_parties")),
    )
    with op.batch_alter_table("land_parties", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_land_parties_dispute_id"), ["dispute_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_land_parties_name_key"), ["name_key"], unique=False)

    op.create_table(
        "land_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("beneficiary_present", sa.Boolean(), nullable=False),
        sa.Column("attendance_total", sa.Integer(), nullable=False),
        sa.Column("attendance_women", sa.Integer(), nullable=False),
        sa.Column("attendance_youth", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "attendance_women <= attendance_total AND attendance_youth <= attendance_total AND attendance_women >= 0 AND attendance_youth >= 0",
            name=op.f("ck_land_sessions_attendance"),
        ),
        sa.ForeignKeyConstraint(
            ["dispute_id"],
            ["land_disputes.id"],
            name=op.f("fk_land_sessions_dispute_id_land_disputes"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_land_sessions_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_land_sessions")),
    )
    with op.batch_alter_table("land_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_land_sessions_dispute_id"), ["dispute_id"], unique=False
        )

    op.create_table(
        "land_session_parties",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["land_parties.id"],
            name=op.f("fk_land_session_parties_party_id_land_parties"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["land_sessions.id"],
            name=op.f("fk_land_session_parties_session_id_land_sessions"),
        ),
        sa.PrimaryKeyConstraint("session_id", "party_id", name=op.f("pk_land_session_parties")),
    )


def downgrade():
    # Land cases have a whole history hanging off them: never dropped by a schema change.
    land_cases = op.get_bind().scalar(
        sa.text("SELECT count(*) FROM cases WHERE kind = 'land_conciliation'")
    )
    if land_cases:
        raise RuntimeError(f"{land_cases} land-conciliation cases exist: export them first.")
    op.drop_table("land_session_parties")
    with op.batch_alter_table("land_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_land_sessions_dispute_id"))

    op.drop_table("land_sessions")
    with op.batch_alter_table("land_parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_land_parties_name_key"))
        batch_op.drop_index(batch_op.f("ix_land_parties_dispute_id"))

    op.drop_table("land_parties")
    with op.batch_alter_table("land_disputes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_land_disputes_commission_id"))

    op.drop_table("land_disputes")
    with op.batch_alter_table("land_commissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_land_commissions_region_id"))

    op.drop_table("land_commissions")
    _replace_case_kinds(KINDS_BEFORE, 16)
