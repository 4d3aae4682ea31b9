"""The caseload search's conditions: every word a substring of the person's search text.

On PostgreSQL under row-level security (a signed-in login), a term long enough for the trigram
index also goes through ``resettle_matching_people`` (``storage/people_search_index.py``: the
policies keep ``LIKE`` from the index), which returns the ids of the reached people matching
every term; the ``LIKE`` conditions stay, so the rows are exactly those of the plain search.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, Text, any_, bindparam, cast, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from resettle.storage.people_search_index import SHORTEST_INDEXED_TERM
from resettle.storage.tables.people import PersonRow

MATCHING_PEOPLE = "resettle_matching_people(text[])"
#: Per pooled connection (its login never changes): whether the search function applies.
_INFO_KEY = "resettle_search_through_function"


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _pattern(term: str) -> str:
    return f"%{_escape_like(term)}%"


def search_conditions(session: Session, terms: list[str]) -> list[Any]:
    conditions: list[Any] = [
        PersonRow.search_text.like(_pattern(term), escape="\\") for term in terms
    ]
    if not terms:
        return conditions
    ordered = sorted(terms, key=len, reverse=True)
    if len(ordered[0]) >= SHORTEST_INDEXED_TERM and _through_function(session.connection()):
        patterns = bindparam(
            "search_patterns", [_pattern(term) for term in ordered], type_=ARRAY(Text)
        )
        matching = select(func.resettle_matching_people(patterns)).scalar_subquery()
        # An array computed once (an InitPlan), not ``= ANY (subquery)``, a join per row.
        conditions.append(PersonRow.id == any_(cast(matching, ARRAY(Integer))))
    return conditions


def _through_function(connection: Connection) -> bool:
    """PostgreSQL, row-level security binding this login, and the function there for it
    (``resettle db setup-roles`` makes it); asked once per pooled connection."""
    if connection.dialect.name != "postgresql":
        return False
    info = connection.info
    if _INFO_KEY not in info:
        info[_INFO_KEY] = bool(
            connection.exec_driver_sql(
                "SELECT row_security_active('people') AND coalesce(has_function_privilege("
                f"to_regprocedure('{MATCHING_PEOPLE}'), 'EXECUTE'), false)"
            ).scalar()
        )
    return bool(info[_INFO_KEY])
