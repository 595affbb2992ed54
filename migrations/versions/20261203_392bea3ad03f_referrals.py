"""referrals: referral and transfer of a case to another organisation, with the person's
consent recorded; the directory of outside services; referral steps on the timeline and in
notifications

Revision ID: 392bea3ad03f
Revises: d04fbc87c39b
Create Date: 2026-12-03 14:34:23

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "392bea3ad03f"
down_revision = "d04fbc87c39b"
branch_labels = None
depends_on = None

EVENT_KINDS_BEFORE = (
    "'intake', 'note', 'action', 'hearing', 'hearing_cancel', 'hearing_moved', "
    "'status_change', 'assignment', 'document', 'document_removed', 'edit', 'custody', "
    "'import', 'review'"
)
NOTIFICATION_KINDS_BEFORE = (
    "'assigned', 'hearing_tomorrow', 'status_changed', 'reopened', 'case_requested', "
    "'custody_update', 'detention_alert', 'second_factor_changed'"
)
SERVICES = "service IN ('legal', 'health', 'psychosocial', 'safety')"


def _replace_check(table: str, column: str, values: str) -> None:
    """Swap a CHECK constraint on codes (batch mode: SQLite rebuilds the table)."""
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
        batch_op.create_check_constraint(column, sa.text(f"{column} IN ({values})"))


def upgrade():
    op.create_table(
        "outside_services",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(SERVICES, name=op.f("ck_outside_services_service")),
        sa.ForeignKeyConstraint(
            ["region_id"], ["regions.id"], name=op.f("fk_outside_services_region_id_regions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outside_services")),
        sa.UniqueConstraint("name", name=op.f("uq_outside_services_name")),
    )
    with op.batch_alter_table("outside_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outside_services_region_id"), ["region_id"], unique=False
        )

    users = [
        "assignee_id",
        "consent_recorded_by_id",
        "decided_by_id",
        "done_by_id",
        "revoked_by_id",
        "sent_by_id",
    ]
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=False),
        sa.Column("from_organisation_id", sa.Integer(), nullable=False),
        sa.Column("to_organisation_id", sa.Integer(), nullable=True),
        sa.Column("outside_service_id", sa.Integer(), nullable=True),
        sa.Column("urgency", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("consent_to_share", sa.Boolean(), nullable=False),
        sa.Column("consent_given_on", sa.Date(), nullable=True),
        sa.Column("consent_recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("slip_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "mode = 'referral' OR to_organisation_id IS NOT NULL",
            name=op.f("ck_referrals_transfer_on_platform"),
        ),
        sa.CheckConstraint("mode IN ('referral', 'transfer')", name=op.f("ck_referrals_mode")),
        sa.CheckConstraint(SERVICES, name=op.f("ck_referrals_service")),
        sa.CheckConstraint(
            "state IN ('sent', 'accepted', 'declined', 'done', 'revoked')",
            name=op.f("ck_referrals_state"),
        ),
        sa.CheckConstraint("urgency IN ('normal', 'urgent')", name=op.f("ck_referrals_urgency")),
        sa.CheckConstraint(
            "(to_organisation_id IS NULL) <> (outside_service_id IS NULL)",
            name=op.f("ck_referrals_destination"),
        ),
        sa.CheckConstraint(
            "consent_to_share AND consent_given_on IS NOT NULL",
            name=op.f("ck_referrals_consent_recorded"),
        ),
        *(
            sa.ForeignKeyConstraint(
                [column], ["users.id"], name=op.f(f"fk_referrals_{column}_users")
            )
            for column in users
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_referrals_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["from_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_referrals_from_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["to_organisation_id"],
            ["organisations.id"],
            name=op.f("fk_referrals_to_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["outside_service_id"],
            ["outside_services.id"],
            name=op.f("fk_referrals_outside_service_id_outside_services"),
        ),
        sa.ForeignKeyConstraint(
            ["slip_id"],
            ["generated_documents.id"],
            name=op.f("fk_referrals_slip_id_generated_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referrals")),
    )
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referrals_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "ix_referrals_from_organisation_state", ["from_organisation_id", "state"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referrals_sent_at"), ["sent_at"], unique=False)
        batch_op.create_index(
            "ix_referrals_to_organisation_state", ["to_organisation_id", "state"], unique=False
        )
    _replace_check("case_events", "kind", EVENT_KINDS_BEFORE + ", 'referral'")
    _replace_check("notifications", "kind", NOTIFICATION_KINDS_BEFORE + ", 'referral'")


def downgrade():
    op.execute("DELETE FROM notifications WHERE kind = 'referral'")
    _replace_check("notifications", "kind", NOTIFICATION_KINDS_BEFORE)
    op.execute("DELETE FROM case_events WHERE kind = 'referral'")
    _replace_check("case_events", "kind", EVENT_KINDS_BEFORE)
    with op.batch_alter_table("referrals", schema=None) as batch_op:
        batch_op.drop_index("ix_referrals_to_organisation_state")
        batch_op.drop_index(batch_op.f("ix_referrals_sent_at"))
        batch_op.drop_index("ix_referrals_from_organisation_state")
        batch_op.drop_index(batch_op.f("ix_referrals_case_id"))
    op.drop_table("referrals")
    with op.batch_alter_table("outside_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outside_services_region_id"))
    op.drop_table("outside_services")
