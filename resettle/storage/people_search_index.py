"""The caseload search's trigram index on PostgreSQL (``pg_trgm``), outside the models.

The caseload search is a substring match (``search_text LIKE '%term%'`` for every word), which
a B-tree index cannot serve. On PostgreSQL a GIN index of the text's trigrams can, for a term
of three characters or more. Migration 0014 makes it when the ``pg_trgm`` extension is there
or may be created (a trusted extension: the database's owner may create it); otherwise it
skips the index with a warning, and search stays a scan. SQLite has no such index.

The index is not in the models (SQLite has none, nor has a server without ``pg_trgm``), so
comparing the migrated schema with the models leaves it out: ``outside_models``.

Row-level security keeps the index from an officer's search: the policies on ``people`` are
security quals, and PostgreSQL evaluates a user's condition that is not LEAKPROOF, as ``LIKE``
is not, only on rows the policies have passed, never as an index condition (marking ``LIKE``
leakproof needs a superuser, and would be a claim about a built-in). So the search is also a
SECURITY DEFINER function, ``resettle_matching_people(patterns)``, run as the owner (whom the
policies do not bind, so the index serves it) and limited by the very same reach as the people
policy: it returns the ids, among the people the session's login reaches, whose text matches
every pattern. The caseload query then takes ``people.id = ANY (those ids)``, a leakproof
condition the primary key serves, under the policies as before
(``repositories/caseload_search.py``).
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


def matching_people_sql(reach: str) -> str:
    """The body of ``resettle_matching_people(p_patterns text[])``: the reached people (``reach``,
    the people policy's condition) whose search text matches every pattern; the first pattern
    is the one the index looks up (the caller puts the longest term first)."""
    return (
        "SELECT coalesce(array_agg(people.id), '{}') FROM people "
        "WHERE people.search_text LIKE p_patterns[1] "
        f"AND people.search_text LIKE ALL (p_patterns) AND {reach}"
    )
