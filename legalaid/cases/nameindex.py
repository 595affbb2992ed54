"""The index behind the name search of the case list: words of `beneficiaries.name_key` found
without reading every person's key (`LIKE '%…%'` over every case of the scope).

The keys and the query's words both come from `matching.py` (folded, canonical spelling), so
the index changes how a match is found, never what matches: a word matches a key holding it
anywhere, as `name_key.contains(word)` does.

- PostgreSQL: a `pg_trgm` GIN index on `name_key`, which `LIKE '%word%'` uses as it is.
- SQLite: an FTS5 table of trigrams (`beneficiary_names`, external content: it holds only the
  index, kept by three triggers on `beneficiaries`), asked with `MATCH`. A trigram index cannot
  look up words of fewer than three letters: those keep `LIKE`.

Both come from the migration `20261204_7c1e0f9a3b52_name_search_index`. On SQLite a batch
migration that rebuilds `beneficiaries` drops its triggers with it: such a migration must
create them again, which tests/test_migrations.py checks at head.
"""

from sqlalchemy import Select, column, literal_column, select, table

from legalaid.cases.models import Beneficiary
from legalaid.extensions import db

FTS_TABLE = "beneficiary_names"
FTS_SHADOWS = ("config", "data", "docsize", "idx")  # FTS5's own tables, `beneficiary_names_*`
TRIGRAM_INDEX = "ix_beneficiaries_name_key_trgm"
TRIGGERS = ("beneficiary_names_insert", "beneficiary_names_delete", "beneficiary_names_update")
SHORTEST_INDEXED_WORD = 3  # a trigram

_fts = table(FTS_TABLE, column("rowid"))


def persons_named(words: list[str]) -> Select:
    """The ids of the persons whose name key holds every one of `words` (canonical words)."""
    short = [Beneficiary.name_key.contains(w) for w in words if len(w) < SHORTEST_INDEXED_WORD]
    indexed = [w for w in words if len(w) >= SHORTEST_INDEXED_WORD]
    if db.session.get_bind().dialect.name != "sqlite" or not indexed:
        return select(Beneficiary.id).where(*(Beneficiary.name_key.contains(w) for w in words))
    query = " AND ".join('"{}"'.format(word.replace('"', '""')) for word in indexed)
    found = select(_fts.c.rowid).where(literal_column(FTS_TABLE).op("MATCH")(query))
    if not short:
        return found
    return select(Beneficiary.id).where(Beneficiary.id.in_(found), *short)


def migration_includes(obj, name: str | None, type_: str, reflected: bool, compare_to) -> bool:
    """Alembic's `include_object`: the index lives outside the models (a virtual table and its
    shadow tables on SQLite, an operator-class index on PostgreSQL), so autogenerate and the
    migration test leave it alone."""
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "index" and name == TRIGRAM_INDEX)
