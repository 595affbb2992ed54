"""Migrations are the only way the schema changes: they must match the models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from legalaid.cases.nameindex import FTS_TABLE, TRIGGERS, TRIGRAM_INDEX, migration_includes
from legalaid.extensions import db


def test_downgrade_to_base_then_upgrade_to_head_matches_the_models(app):
    with app.app_context():
        downgrade(revision="base")
        remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert remaining == set()
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    "include_object": migration_includes,
                },
            )
            diff = compare_metadata(context, db.metadata)
        assert diff == []
        assert set(inspect(db.engine).get_table_names()) >= set(db.metadata.tables)


def test_the_name_search_index_is_there_at_head(app):
    """A batch migration that rebuilds `beneficiaries` on SQLite drops its triggers: the name
    index would then silently miss every person recorded after it (issue 21)."""
    with app.app_context(), db.engine.connect() as connection:
        if db.engine.dialect.name == "sqlite":
            found = connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table')"
            ).scalars()
            assert {FTS_TABLE, *TRIGGERS} <= set(found)
        else:
            found = connection.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'beneficiaries'"
            ).scalars()
            assert TRIGRAM_INDEX in set(found)
