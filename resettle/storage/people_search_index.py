"""The caseload search's trigram index on PostgreSQL (``pg_trgm``), outside the models.

The caseload search is a substring match (``search_text LIKE '%term%'`` for every word), which
a B-tree index cannot serve. On PostgreSQL a GIN index of the text's trigrams can, for a term
of three characters or more. Migration 0013 makes it when the ``pg_trgm`` extension is there
or may be created (a trusted extension: the database's owner may create it); otherwise it
skips the index with a warning, and search stays a scan. SQLite has no such index.

The index is not in the models (SQLite has none, nor has a server without ``pg_trgm``), so
comparing the migrated schema with the models leaves it out: ``outside_models``.
"""

from __future__ import annotations

INDEX_NAME = "ix_people_search_trigram"
#: pg_trgm extracts no trigram from a shorter term, so the index cannot narrow its search.
SHORTEST_INDEXED_TERM = 3


def outside_models(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """An Alembic ``include_object`` hook: False for the trigram index, True for the rest."""
    return not (type_ == "index" and name == INDEX_NAME and reflected)
