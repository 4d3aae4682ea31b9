"""Migration 0010: the stored readiness day is forgotten, so the next caseload read computes
every score with the rule that a person leaving today without an agreed plan is "Released: no
agreed plan" (0); on SQLite and PostgreSQL, and the same on downgrade."""

from __future__ import annotations

from resettle.domain.readiness import readiness_score
from tests.storage.migration_steps import migration_steps
from tests.storage.test_migration_0009 import (
    _person,
    assert_the_day_is_forgotten,
    scores_after_the_next_caseload_read,
    set_readiness_day,
)


def test_a_person_leaving_today_without_an_agreed_plan_is_recomputed(
    empty_database_url: str,
) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0009")
        with engine.begin() as connection:  # the keys as the previous rule stored them
            leaving = _person(connection, 1, 0, 1, agreed=False, stored=readiness_score(1, 0, 0))
            agreed = _person(connection, 2, 0, 1, agreed=True, stored=readiness_score(1, 0, 0))
            later = _person(connection, 3, 30, 1, agreed=False, stored=readiness_score(1, 0, 30))
            set_readiness_day(connection)
        migrate("0010")
        scores = scores_after_the_next_caseload_read(engine)
        assert scores[leaving] == 0
        assert scores[agreed] == readiness_score(1, 0, 0)
        assert scores[later] == readiness_score(1, 0, 30)
        migrate("0009", down=True)
        assert_the_day_is_forgotten(engine)
