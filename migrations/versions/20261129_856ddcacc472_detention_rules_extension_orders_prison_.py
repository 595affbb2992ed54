"""detention rules, extension orders, prison censuses, audit entries

Revision ID: 856ddcacc472
Revises: 24ccf15cad5b
Create Date: 2026-11-29 14:52:52.606920

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "856ddcacc472"
down_revision = "24ccf15cad5b"
branch_labels = None
depends_on = None


EVENT_KINDS_BEFORE = (
    "'intake', 'note', 'action', 'hearing', 'status_change', 'assignment', 'document', "
    "'document_removed', 'edit'"
)
NOTIFICATION_KINDS_BEFORE = (
    "'assigned', 'hearing_tomorrow', 'status_changed', 'reopened', 'case_requested'"
)


def _replace_check(table: str, name: str, values: str) -> None:
    """Swap a CHECK constraint (batch mode: SQLite rebuilds the table)."""
    with op.batch_alter_table(table) as batch_op:
        batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
        batch_op.create_check_constraint(name, sa.text(f"{name} IN ({values})"))


def upgrade():
    # Custody facts on the timeline; custody updates and detention alerts as notifications.
    _replace_check("case_events", "kind", EVENT_KINDS_BEFORE + ", 'custody'")
    _replace_check(
        "notifications",
        "kind",
        NOTIFICATION_KINDS_BEFORE + ", 'custody_update', 'detention_alert'",
    )
    op.create_table(
        "detention_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_regime", sa.String(length=8), nullable=False),
        sa.Column("offence_class", sa.String(length=16), nullable=False),
        sa.Column("base_amount", sa.Integer(), nullable=False),
        sa.Column("base_unit", sa.String(length=8), nullable=False),
        sa.Column("extension_amount", sa.Integer(), nullable=True),
        sa.Column("extension_unit", sa.String(length=8), nullable=True),
        sa.Column("max_extensions", sa.Integer(), nullable=False),
        sa.Column("cap_amount", sa.Integer(), nullable=False),
        sa.Column("cap_unit", sa.String(length=8), nullable=False),
        sa.Column("renewal_window_working_days", sa.Integer(), nullable=True),
        sa.Column("legal_basis", sa.String(length=200), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "base_unit IN ('hours', 'days', 'months')", name=op.f("ck_detention_rules_base_unit")
        ),
        sa.CheckConstraint(
            "cap_unit IN ('hours', 'days', 'months')", name=op.f("ck_detention_rules_cap_unit")
        ),
        sa.CheckConstraint(
            "extension_unit IS NULL OR extension_unit IN ('hours', 'days', 'months')",
            name=op.f("ck_detention_rules_extension_unit"),
        ),
        sa.CheckConstraint(
            "offence_class IN ('police_custody', 'delit_minor', 'delit_major', 'crime')",
            name=op.f("ck_detention_rules_offence_class"),
        ),
        sa.CheckConstraint(
            "base_amount > 0 AND cap_amount > 0 AND max_extensions >= 0",
            name=op.f("ck_detention_rules_positive"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_detention_rules")),
        sa.UniqueConstraint(
            "code_regime", "offence_class", "effective_from", name="uq_detention_rules_key"
        ),
    )
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=32), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=64), nullable=True),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_entries_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entries_object", ["object_type", "object_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_audit_entries_occurred_at"), ["occurred_at"], unique=False
        )

    op.create_table(
        "prison_censuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prison_id", sa.Integer(), nullable=False),
        sa.Column("counted_on", sa.Date(), nullable=False),
        sa.Column("total_held", sa.Integer(), nullable=False),
        sa.Column("pretrial_held", sa.Integer(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "total_held >= 0 AND pretrial_held >= 0 AND pretrial_held <= total_held",
            name=op.f("ck_prison_censuses_counts"),
        ),
        sa.ForeignKeyConstraint(
            ["prison_id"], ["prisons.id"], name=op.f("fk_prison_censuses_prison_id_prisons")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_prison_censuses_recorded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prison_censuses")),
        sa.UniqueConstraint("prison_id", "counted_on", name="uq_prison_censuses_prison_day"),
    )
    op.create_table(
        "detention_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("ordered_on", sa.Date(), nullable=False),
        sa.Column("length_months", sa.Integer(), nullable=False),
        sa.Column("deciding_body", sa.String(length=24), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "deciding_body IN ('investigating_judge', 'liberty_college', 'chamber', 'tribunal')",
            name=op.f("ck_detention_orders_deciding_body"),
        ),
        sa.CheckConstraint("length_months > 0", name=op.f("ck_detention_orders_length_months")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_detention_orders_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["detention_records.id"],
            name=op.f("fk_detention_orders_record_id_detention_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_detention_orders")),
    )
    with op.batch_alter_table("detention_orders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_detention_orders_record_id"), ["record_id"], unique=False
        )


def downgrade():
    op.execute("DELETE FROM notifications WHERE kind IN ('custody_update', 'detention_alert')")
    op.execute("DELETE FROM case_events WHERE kind = 'custody'")
    _replace_check("notifications", "kind", NOTIFICATION_KINDS_BEFORE)
    _replace_check("case_events", "kind", EVENT_KINDS_BEFORE)
    with op.batch_alter_table("detention_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_detention_orders_record_id"))

    op.drop_table("detention_orders")
    op.drop_table("prison_censuses")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entries_occurred_at"))
        batch_op.drop_index("ix_audit_entries_object")

    op.drop_table("audit_entries")
    op.drop_table("detention_rules")
