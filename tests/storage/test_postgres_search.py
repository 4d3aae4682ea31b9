"""The caseload search under row-level security: ``resettle_matching_people`` (the search
the trigram index serves for a login, ``storage/people_search_index.py``) gives each login
exactly the matching people its policies give it, and the app's search through it finds what
the plain search finds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import event

from resettle.domain.caseload import CaseloadFilters, CaseloadQuery
from resettle.domain.staff import Role
from resettle.services.caseload import list_caseload
from resettle.services.workspace import Workspace, signed_in_workspace
from resettle.storage.database import open_database
from tests.accounts import TEST_PASSWORD
from tests.storage import test_postgres_access
from tests.storage.secured_postgres import GATE_PASSWORD, ROLES, Secured, username_of

pytestmark = test_postgres_access.pytestmark
secured = test_postgres_access.secured  # the same people and logins, set up for this module

PATTERNS = (["%person%"], ["%person%", "%3%"], ["%person 1%"], ["%nobody%"])


def _ids(connection: psycopg.Connection, sql: str, *parameters: object) -> set[int]:
    return {row[0] for row in connection.execute(sql, parameters)}


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_each_login_finds_only_the_people_it_reads(secured: Secured, role: Role) -> None:
    with secured.login(role) as login:
        for patterns in PATTERNS:
            found = login.execute(
                "SELECT resettle_matching_people(%s::text[])", (patterns,)
            ).fetchone()
            assert found is not None
            read = _ids(
                login, "SELECT id FROM people WHERE search_text LIKE ALL (%s::text[])", patterns
            )
            assert set(found[0]) == read, patterns
        everyone = login.execute("SELECT resettle_matching_people(ARRAY['%%person%%'])")
        assert set(everyone.fetchone()[0]) == _ids(login, "SELECT id FROM people")  # type: ignore[index]


def test_the_gate_login_cannot_search(secured: Secured) -> None:
    with (
        secured.connect("gate", GATE_PASSWORD) as gate,
        pytest.raises(errors.InsufficientPrivilege),
    ):
        gate.execute("SELECT resettle_matching_people(ARRAY['%%person%%'])")


@pytest.fixture
def officer(secured: Secured) -> Iterator[Workspace]:
    workspace = signed_in_workspace(
        open_database(secured.url), username_of(Role.OFFICER), TEST_PASSWORD
    )
    yield workspace
    workspace.close()


def _search(workspace: Workspace, words: str) -> tuple[set[int], list[str]]:
    statements: list[str] = []

    def capture(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(workspace.database.engine, "before_cursor_execute", capture)
    try:
        page = workspace.run(
            list_caseload,
            CaseloadQuery(search=words, filters=CaseloadFilters(include_closed=True)),
        )
    finally:
        event.remove(workspace.database.engine, "before_cursor_execute", capture)
    return {row.id for row in page.rows}, statements


def test_an_officers_search_goes_through_the_function_and_finds_the_same(
    secured: Secured, officer: Workspace
) -> None:
    people = secured.people
    # _seed's people are "person 1" to "person 5", in the order of CASES.
    expected = {
        "Person": {people["in_scope"], people["restricted_named"]},
        "person 1": {people["in_scope"]},
        "son 3": {people["restricted_named"]},
        "person 2": set(),  # out of scope
        "person 4": set(),  # restricted, not named
        "person 5": set(),  # excluded
    }
    for words, reached in expected.items():
        found, statements = _search(officer, words)
        assert found == reached, words
        assert any("resettle_matching_people" in s for s in statements), words
    # A search with no term long enough for the index is the plain search: the same answer.
    found, statements = _search(officer, "pe")
    assert found == expected["Person"]
    assert not any("resettle_matching_people" in s for s in statements)
