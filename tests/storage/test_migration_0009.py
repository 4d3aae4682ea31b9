"""Migration 0009: stored readiness keys recomputed for the rule that nobody without an agreed
plan is ready; on SQLite and PostgreSQL, and back again on downgrade."""

from __future__ import annotations

import datetime as dt

from alembic import command
from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import Session

from resettle.domain.readiness import readiness_score
from resettle.storage.engine import build_engine, normalise_url
from resettle.storage.migrate import alembic_config
from resettle.storage.repositories import caseload_keys
from resettle.storage.tables import MetaRow, PersonRow
from tests.storage.migration_steps import people_table_before

DAY = dt.date(2026, 12, 1)


def _person(
    connection: Connection,
    n: int,
    days: int | None,
    open_critical: int,
    agreed: bool,
    stored: int | None,
) -> int:
    values = {
        "prison_number": f"Z000{n}AA",
        "crn": f"Z00000{n}",
        "given_name": "Test",
        "family_name": f"Person {n}",
        "sort_name": f"person {n} test",
        "search_text": "test",
        "date_of_birth": dt.date(1990, 1, 1),
        "sex": "male",
        "release_date": None if days is None else DAY + dt.timedelta(days=days),
        "open_critical_essentials": open_critical,
        "open_other_essentials": 0,
        "plan_agreed": agreed,
        "readiness_score": stored,
    }
    table = people_table_before("0012")
    return int(connection.execute(table.insert().values(values)).inserted_primary_key[0])  # type: ignore[attr-defined,index]


def set_readiness_day(connection: Connection) -> None:
    """Store the keys as of ``DAY``."""
    connection.execute(
        MetaRow.__table__.update()  # type: ignore[attr-defined]
        .where(MetaRow.key == caseload_keys.READINESS_DAY_KEY)
        .values(value=DAY.isoformat())
    )


def _scores(connection: Connection) -> dict[int, int | None]:
    return dict(connection.execute(select(PersonRow.id, PersonRow.readiness_score)).all())  # type: ignore[arg-type]


def scores_after_the_next_caseload_read(engine: Engine) -> dict[int, int | None]:
    """After a migration that forgets the readiness day: the day is forgotten, and the scores
    the next caseload read stores (it brings readiness to ``DAY`` with the rule in the code)."""
    with Session(engine) as session:
        assert caseload_keys.readiness_day(session) is None
        caseload_keys.bring_readiness_to(session, DAY)
        session.commit()
    with engine.connect() as connection:
        return _scores(connection)


def assert_the_day_is_forgotten(engine: Engine) -> None:
    with Session(engine) as session:
        assert caseload_keys.readiness_day(session) is None


def test_people_without_an_agreed_plan_are_no_longer_stored_as_ready(
    empty_database_url: str,
) -> None:
    engine = build_engine(normalise_url(empty_database_url))
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0008")
        with engine.begin() as connection:  # the keys as the previous rule stored them
            # 60 days away: outside the caps a missing plan brings since migration 0011
            draft = _person(connection, 1, 60, 0, agreed=False, stored=100)
            agreed = _person(connection, 2, 60, 0, agreed=True, stored=100)
            released = _person(connection, 3, -3, 0, agreed=False, stored=0)
            open_one = _person(connection, 4, 60, 1, agreed=False, stored=readiness_score(1, 0, 60))
            no_date = _person(connection, 5, None, 0, agreed=False, stored=None)
            set_readiness_day(connection)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0009")
        with engine.connect() as connection:
            upgraded = _scores(connection)
        assert upgraded == {draft: 99, agreed: 100, released: 0, open_one: 81, no_date: None}
        with Session(engine) as session:  # exactly what the application computes today
            assert caseload_keys.count_unmaintained(session) == 0
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0008")
        with engine.connect() as connection:
            assert _scores(connection) == upgraded | {draft: 100}
    finally:
        engine.dispose()
