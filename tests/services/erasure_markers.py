"""Planting a marker in every text column of every person table for one person (the erasure
marker test's set-up), the tables and columns found from the models through the erasure's
own coverage, so a table added later is planted too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    Text,
    Time,
    text,
)

from resettle.services.erasure.coverage import erasure_plan
from resettle.storage.base import Base

MARKER = "QZXMARKER7731"


def plant_markers(connection: Connection, person_id: int, staff_id: int) -> dict[str, int]:
    """Replace the person's rows in every person table but ``people`` by one row each whose
    every text column holds ``MARKER`` (cut to the column's length, for PostgreSQL), and set
    every text column of the ``people`` row but its identifiers to it. Returns the rows
    planted per table."""
    plan = erasure_plan()
    tables = {table.name: table for table in Base.metadata.sorted_tables}
    for erased in plan:  # children first
        if erased.name != "people":
            connection.execute(
                text(f"DELETE FROM {erased.name} WHERE {erased.condition}"),
                {"person_id": person_id},
            )
    people = tables["people"]
    identifiers = {"prison_number", "crn"}
    connection.execute(
        people.update()
        .where(people.c.id == person_id)
        .values(
            {
                name: _text_value(people.c[name])
                for name in plan[-1].text_columns
                if name not in identifiers
            }
        )
    )
    ids: dict[str, Any] = {"people": person_id, "staff": staff_id}
    ids["providers"] = _provider(connection)
    ids.update(_programme_session(connection))
    code = connection.execute(text("SELECT code FROM support_need_catalogue LIMIT 1")).scalar()
    planted: dict[str, int] = {}
    for erased in reversed(plan):  # parents first
        if erased.name == "people":
            continue
        table = tables[erased.name]
        values = {
            column.name: _value(column, table, ids, code)
            for column in table.columns
            if not (column.primary_key and column.name == "id" and _numbered(column))
        }
        statement = table.insert().values(values)
        if "id" in table.columns:
            ids[table.name] = connection.execute(statement.returning(table.c.id)).scalar_one()
        else:
            connection.execute(statement)
        planted[table.name] = 1
    return planted


def _numbered(column: Any) -> bool:
    """An id the database numbers (an id the application makes, such as a disclosure note's,
    is given: the marker)."""
    return isinstance(column.type, Integer)


def _provider(connection: Connection) -> int:
    found = connection.execute(text("SELECT id FROM providers LIMIT 1")).scalar()
    if found is not None:
        return int(found)
    providers = Base.metadata.tables["providers"]
    made = connection.execute(
        providers.insert()
        .values(name="Marker test provider", phone="", email="", address="", active=True)
        .returning(providers.c.id)
    )
    return int(made.scalar_one())


def _programme_session(connection: Connection) -> dict[str, int]:
    """A programme, an offering, a group and a session for the programme tables' rows to name
    (reference data: not the person's, not erased)."""
    tables = Base.metadata.tables
    programme = connection.execute(text("SELECT id FROM programmes LIMIT 1")).scalar_one()
    place = connection.execute(text("SELECT id FROM establishments LIMIT 1")).scalar()
    if place is None:
        place = connection.execute(
            tables["establishments"].insert().values(code="MRK", name="Marker prison")
        ).inserted_primary_key[0]
    offering = connection.execute(
        tables["programme_offerings"]
        .insert()
        .values(programme_id=programme, establishment_id=place, contact="", active=True)
    ).inserted_primary_key[0]
    group = connection.execute(
        tables["programme_groups"]
        .insert()
        .values(
            offering_id=offering,
            code="MRK",
            capacity=12,
            starts_on=dt.date(2020, 1, 1),
            ends_on=dt.date(2020, 3, 1),
            schedule=[],
            facilitator_ids=[],
        )
    ).inserted_primary_key[0]
    moment = dt.datetime(2020, 1, 6, 9, tzinfo=dt.UTC)
    session = connection.execute(
        tables["programme_sessions"]
        .insert()
        .values(
            group_id=group,
            sequence=1,
            module_number=1,
            session_number=1,
            name="Marker",
            session_type="group",
            starts_at=moment,
            ends_at=moment,
            is_catch_up=False,
        )
    ).inserted_primary_key[0]
    return {
        "programmes": int(programme),
        "programme_offerings": int(offering),
        "programme_groups": int(group),
        "programme_sessions": int(session),
    }


def _text_value(column: Any) -> Any:
    if isinstance(column.type, JSON):
        return {"note": MARKER}
    length = getattr(column.type, "length", None)
    return MARKER[:length] if length else MARKER


def _value(column: Any, table: Table, ids: dict[str, Any], code: Any) -> Any:
    for key in column.foreign_keys:
        target = key.column.table.name
        if target == table.name:
            return None  # a self-reference (a correction's note): left empty
        if target == "support_need_catalogue":
            return code
        if target == "programme_referral_statuses":
            return "submitted"
        return ids.get(target)
    kind = getattr(column.type, "impl", column.type)  # UtcDateTime: a DateTime inside
    if isinstance(kind, JSON | String | Text):
        return _text_value(column)
    if isinstance(kind, Boolean):
        return False
    if isinstance(kind, DateTime):
        return dt.datetime.now(dt.UTC)
    if isinstance(kind, Date):
        return dt.date(2020, 1, 1)
    if isinstance(kind, Time):
        return dt.time(10, 0)
    if isinstance(kind, Float):
        return 1.0
    if isinstance(kind, Integer):
        return 1
    raise TypeError(f"no test value for {table.name}.{column.name} ({kind!r})")
