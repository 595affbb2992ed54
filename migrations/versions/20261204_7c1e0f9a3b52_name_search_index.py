"""name search index: pg_trgm GIN index on beneficiaries.name_key (PostgreSQL), an FTS5 trigram
table kept by triggers (SQLite); see legalaid/cases/nameindex.py

Revision ID: 7c1e0f9a3b52
Revises: 392bea3ad03f
Create Date: 2026-12-04 18:50:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "7c1e0f9a3b52"
down_revision = "392bea3ad03f"
branch_labels = None
depends_on = None

TRIGRAM_INDEX = "ix_beneficiaries_name_key_trgm"
# External content: the table holds only the index of `beneficiaries.name_key`.
SQLITE_INDEX = [
    "CREATE VIRTUAL TABLE beneficiary_names USING fts5(name_key, content='beneficiaries', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER beneficiary_names_insert AFTER INSERT ON beneficiaries BEGIN "
    "INSERT INTO beneficiary_names(rowid, name_key) VALUES (new.id, new.name_key); END",
    "CREATE TRIGGER beneficiary_names_delete AFTER DELETE ON beneficiaries BEGIN "
    "INSERT INTO beneficiary_names(beneficiary_names, rowid, name_key) "
    "VALUES ('delete', old.id, old.name_key); END",
    "CREATE TRIGGER beneficiary_names_update AFTER UPDATE OF name_key ON beneficiaries BEGIN "
    "INSERT INTO beneficiary_names(beneficiary_names, rowid, name_key) "
    "VALUES ('delete', old.id, old.name_key); "
    "INSERT INTO beneficiary_names(rowid, name_key) VALUES (new.id, new.name_key); END",
    # The persons already recorded.
    "INSERT INTO beneficiary_names(beneficiary_names) VALUES ('rebuild')",
]


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        # A trusted extension since PostgreSQL 13: the database's owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index(
            TRIGRAM_INDEX,
            "beneficiaries",
            ["name_key"],
            postgresql_using="gin",
            postgresql_ops={"name_key": "gin_trgm_ops"},
        )
    elif dialect == "sqlite":
        for statement in SQLITE_INDEX:
            op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        # The extension stays: it may have been there before, and other objects may use it.
        op.drop_index(TRIGRAM_INDEX, table_name="beneficiaries")
    elif dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER beneficiary_names_{trigger}")
        op.execute("DROP TABLE beneficiary_names")
