"""What a login's audit rows may hold on PostgreSQL: the details rule of
``domain/audit_details.py`` applied by ``resettle_audit_append``, which writes the details'
canonical text itself; a row about a person only from a login reaching them; and
``person.erased`` only from the erasure (``postgres_audit.py``). Each attack a security review
made as plain SQL is refused for every role, and the chain still verifies after them.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server (``scripts/postgres.sh``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
from psycopg import errors
from sqlalchemy import select, text

from resettle.domain.audit_chain import canonical_details
from resettle.domain.audit_details import MAX_CANONICAL_CHARACTERS, check_audit_details
from resettle.domain.staff import Role
from resettle.storage.tables.audit import AuditEntryRow
from tests.audit_chain_helpers import verified
from tests.databases import PostgresServer
from tests.storage.secured_postgres import ROLES, Secured, secured_database

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)

_APPEND = "SELECT resettle_audit_append(%s, %s, %s, %s, %s, false)"
#: Details the rule allows, written in every shape the app uses and at the edges.
ALLOWED_DETAILS: list[dict[str, Any]] = [
    {},
    {"view": "record"},
    {"fields": ["name", "date_of_birth"], "version": 3},
    {"b": 1, "a": 2, "B": 3, "_": 4, "A1": 5, "a.b": 6, "a-b": 7, "a:b": 8, "a+b": 9},
    {"z": None, "y": True, "x": False, "w": 0, "v": -12, "u": 2**53 - 1, "t": -(2**53 - 1)},
    {"nested": [[1, [2, []]], {"k": ["a", {"j": None}]}, {}], "empty": [], "obj": {}},
    {"on": "2026-12-02", "at": "2026-12-02T09:15:00.000000+00:00", "z": "2026-12-02T09:15Z"},
    {"sha256": "ab" * 32, "note_id": "0f" * 16, "code": "X" * 100},
    {"roles": ["officer", "manager"], "team_ids": [3, 1, 2], "previous": []},
]


@pytest.fixture(scope="module")
def secured(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Secured]:
    with secured_database(postgres_server, postgres_template) as database:
        yield database


@pytest.mark.parametrize("details", ALLOWED_DETAILS)
def test_the_databases_canonical_details_are_the_domains(
    secured: Secured, details: dict[str, Any]
) -> None:
    check_audit_details(details)
    spaced = json.dumps(details, indent=2)  # another layout, keys in the given order
    with secured.database.engine.connect() as connection:
        written = connection.scalar(
            text("SELECT resettle_audit_canonical(CAST(:details AS jsonb))"), {"details": spaced}
        )
    assert written == canonical_details(details)


def _append_as(secured: Secured, role: Role, action: str, person: int | None, details: str) -> None:
    entity = person if action.startswith("person.") else 1
    entity_type = action.partition(".")[0]
    with secured.login(role) as login:
        login.execute(_APPEND, (action, entity_type, entity, person, details))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("person", ["out_of_scope", "restricted_not_named", "excluded"])
@pytest.mark.parametrize("action", ["person.viewed", "person.disclosed", "subject_access.exported"])
def test_no_login_appends_a_row_about_a_person_out_of_its_reach(
    secured: Secured, role: Role, person: str, action: str
) -> None:
    with pytest.raises(errors.InsufficientPrivilege, match="reaching the person"):
        _append_as(secured, role, action, secured.people[person], '{"view":"record"}')


def test_an_administrator_reaches_no_person(secured: Secured) -> None:
    with pytest.raises(errors.InsufficientPrivilege, match="reaching the person"):
        _append_as(
            secured,
            Role.ADMIN,
            "person.disclosed",
            secured.people["in_scope"],
            '{"justification":"court_report"}',
        )


@pytest.mark.parametrize("role", ROLES)
def test_no_login_appends_an_erasure(secured: Secured, role: Role) -> None:
    details = '{"reason":"retention_period_ended","rows":1,"tombstone_id":1}'
    with pytest.raises(errors.InsufficientPrivilege, match="not an audit action"):
        _append_as(secured, role, "person.erased", secured.people["in_scope"], details)


@pytest.mark.parametrize("role", ROLES)
def test_no_login_executes_the_owners_appends(secured: Secured, role: Role) -> None:
    with secured.login(role) as login:
        with pytest.raises(errors.InsufficientPrivilege):
            login.execute(
                "SELECT resettle_audit_append_as(%s, 'team.renamed', 'team', 1, NULL, '{}')",
                (secured.accounts[role],),
            )
        with pytest.raises(errors.InsufficientPrivilege):
            login.execute("SELECT resettle_audit_canonical('{}'::jsonb)")


_TYPED = "John Smith DOB 1980 lives at 12 High St"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "details",
    [
        json.dumps({"reason": _TYPED}),
        json.dumps({"fields": ["name", _TYPED]}),
        json.dumps({"deep": {"deeper": [{"words": "two words"}]}}),
        json.dumps({"a": ""}),
        json.dumps({"a": "x" * 101}),
        json.dumps({"a": "é"}),
        json.dumps({"two words": 1}),
        json.dumps({"a": 1.5}),
        json.dumps({"a": 1.0}),
        json.dumps({"a": 2**53}),
        json.dumps({"justification_text": "solicitor"}),
        json.dumps({"recipient": "MAPPA"}),
        json.dumps({"note_changed": True}),
        json.dumps({"a": ["x"] * 1100}),  # over the canonical size, under 4 times it
        json.dumps({"a": "x" * (5 * 1024 * 1024)}),  # 5 MB
        "[1]",
        '"text"',
    ],
)
def test_no_login_appends_words_or_too_much_in_the_details(
    secured: Secured, role: Role, details: str
) -> None:
    with pytest.raises(errors.CheckViolation, match="audit details"):
        _append_as(secured, role, "team.renamed", None, details)


def test_details_in_another_layout_are_stored_canonically_and_the_chain_verifies(
    secured: Secured,
) -> None:
    with secured.database.uow() as uow:
        last = uow.audit.last_id()
    for role in ROLES:
        _append_as(secured, role, "team.renamed", None, '{ "fields" : [ "name" ], "code": "Z"}')
    for role in (Role.OFFICER, Role.PRISON_STAFF, Role.MANAGER):
        _append_as(secured, role, "person.viewed", secured.people["in_scope"], '{"view" :"record"}')
    with secured.database.engine.connect() as connection:
        stored = connection.scalars(
            select(text("details::text")).select_from(AuditEntryRow).where(AuditEntryRow.id > last)
        ).all()
    assert sorted(set(stored)) == ['{"code":"Z","fields":["name"]}', '{"view":"record"}']
    assert verified(secured.database).intact


def test_the_size_cap_is_the_canonical_texts(secured: Secured) -> None:
    fits = {"a": "x" * 100, "b": ["y" * 100] * ((MAX_CANONICAL_CHARACTERS - 120) // 103)}
    check_audit_details(fits)
    assert len(canonical_details(fits)) > MAX_CANONICAL_CHARACTERS - 200
    _append_as(secured, Role.OFFICER, "team.renamed", None, json.dumps(fits, indent=4))
    assert verified(secured.database).intact
