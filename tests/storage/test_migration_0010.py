"""Migration 0010: the stored readiness day is forgotten, so the next caseload read computes
every score with the rule that a person leaving today without an agreed plan is "Released: no
agreed plan" (0); on SQLite and PostgreSQL, and the same on downgrade."""

from __future__ import annotations

from alembic import command
from sqlalchemy.orm import Session

from resettle.domain.readiness import readiness_score
from resettle.storage.engine import build_engine, normalise_url
from resettle.storage.migrate import alembic_config
from resettle.storage.repositories import caseload_keys
from tests.storage.test_migration_0009 import DAY, _person, _scores, set_readiness_day


def test_a_person_leaving_today_without_an_agreed_plan_is_recomputed(
    empty_database_url: str,
) -> None:
    engine = build_engine(normalise_url(empty_database_url))
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0009")
        with engine.begin() as connection:  # the keys as the previous rule stored them
            leaving = _person(connection, 1, 0, 1, agreed=False, stored=readiness_score(1, 0, 0))
            agreed = _person(connection, 2, 0, 1, agreed=True, stored=readiness_score(1, 0, 0))
            later = _person(connection, 3, 30, 1, agreed=False, stored=readiness_score(1, 0, 30))
            set_readiness_day(connection)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0010")
        with Session(engine) as session:
            assert caseload_keys.readiness_day(session) is None
            caseload_keys.bring_readiness_to(session, DAY)  # what the next caseload read does
            session.commit()
        with engine.connect() as connection:
            scores = _scores(connection)
        assert scores[leaving] == 0
        assert scores[agreed] == readiness_score(1, 0, 0)
        assert scores[later] == readiness_score(1, 0, 30)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0009")
        with Session(engine) as session:
            assert caseload_keys.readiness_day(session) is None
    finally:
        engine.dispose()
