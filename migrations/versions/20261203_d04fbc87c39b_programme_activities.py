"""activities: programme activities (sensitisation, trainings, missions), counted and listed
participants, the missions' recommendations and cases

Revision ID: d04fbc87c39b
Revises: a8ea4bbee8a0
Create Date: 2026-12-03 14:21:17.331682

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d04fbc87c39b"
down_revision = "a8ea4bbee8a0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("start_on", sa.Date(), nullable=False),
        sa.Column("end_on", sa.Date(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("commune", sa.String(length=120), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=True),
        sa.Column("topics", sa.Text(), nullable=True),
        sa.Column("commission_id", sa.Integer(), nullable=True),
        sa.Column("prison_id", sa.Integer(), nullable=True),
        sa.Column("court_id", sa.Integer(), nullable=True),
        sa.Column("members", sa.Text(), nullable=True),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("f_minor", sa.Integer(), nullable=False),
        sa.Column("f_youth", sa.Integer(), nullable=False),
        sa.Column("f_adult", sa.Integer(), nullable=False),
        sa.Column("f_unknown", sa.Integer(), nullable=False),
        sa.Column("m_minor", sa.Integer(), nullable=False),
        sa.Column("m_youth", sa.Integer(), nullable=False),
        sa.Column("m_adult", sa.Integer(), nullable=False),
        sa.Column("m_unknown", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(length=100), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "type IN ('sensitisation', 'training', 'community_engagement', 'monitoring_mission', 'media', 'other')",
            name=op.f("ck_activities_type"),
        ),
        sa.CheckConstraint("end_on >= start_on", name=op.f("ck_activities_dates_in_order")),
        sa.CheckConstraint(
            "f_minor >= 0 AND f_youth >= 0 AND f_adult >= 0 AND f_unknown >= 0 AND m_minor >= 0 AND m_youth >= 0 AND m_adult >= 0 AND m_unknown >= 0",
            name=op.f("ck_activities_counts"),
        ),
        sa.ForeignKeyConstraint(
            ["commission_id"],
            ["land_commissions.id"],
            name=op.f("fk_activities_commission_id_land_commissions"),
        ),
        sa.ForeignKeyConstraint(
            ["court_id"], ["courts.id"], name=op.f("fk_activities_court_id_courts")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_activities_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_activities_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["prison_id"], ["prisons.id"], name=op.f("fk_activities_prison_id_prisons")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_activities_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
        sa.UniqueConstraint(
            "organisation_id", "external_id", name=op.f("uq_activities_organisation_external_id")
        ),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activities_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_activities_region_id"), ["region_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_activities_start_on"), ["start_on"], unique=False)

    op.create_table(
        "activity_facilitators",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_facilitators_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_activity_facilitators_user_id_users")
        ),
        sa.PrimaryKeyConstraint("activity_id", "user_id", name=op.f("pk_activity_facilitators")),
    )
    op.create_table(
        "activity_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=120), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("commission_id", sa.Integer(), nullable=True),
        sa.Column("member_of", sa.String(length=200), nullable=True),
        sa.CheckConstraint("sex IN ('F', 'M')", name=op.f("ck_activity_participants_sex")),
        sa.CheckConstraint(
            "birth_year IS NULL OR birth_year >= 1900",
            name=op.f("ck_activity_participants_birth_year"),
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_participants_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["commission_id"],
            ["land_commissions.id"],
            name=op.f("fk_activity_participants_commission_id_land_commissions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_participants")),
    )
    with op.batch_alter_table("activity_participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_participants_activity_id"), ["activity_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_activity_participants_name_key"), ["name_key"], unique=False
        )

    op.create_table(
        "activity_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("addressee", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'in_progress', 'implemented', 'not_implemented')",
            name=op.f("ck_activity_recommendations_status"),
        ),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_recommendations_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_recommendations")),
    )
    with op.batch_alter_table("activity_recommendations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activity_recommendations_activity_id"), ["activity_id"], unique=False
        )

    op.create_table(
        "activity_cases",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_cases_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_activity_cases_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("activity_id", "case_id", name=op.f("pk_activity_cases")),
    )


def downgrade():
    op.drop_table("activity_cases")
    with op.batch_alter_table("activity_recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_recommendations_activity_id"))

    op.drop_table("activity_recommendations")
    with op.batch_alter_table("activity_participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_participants_name_key"))
        batch_op.drop_index(batch_op.f("ix_activity_participants_activity_id"))

    op.drop_table("activity_participants")
    op.drop_table("activity_facilitators")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_start_on"))
        batch_op.drop_index(batch_op.f("ix_activities_region_id"))
        batch_op.drop_index(batch_op.f("ix_activities_organisation_id"))

    op.drop_table("activities")
