"""Migration 0011: the stored readiness day is forgotten, so the next caseload read computes
every score with the rule that a missing agreed plan brings the caps of an open critical
essential (at most 69 within 42 days of release, 39 within 14); on SQLite and PostgreSQL, and
the same on downgrade."""

from __future__ import annotations

from resettle.domain.readiness import PLAN_NOT_AGREED_SCORE, readiness_score
from tests.storage.migration_steps import migration_steps
from tests.storage.test_migration_0009 import (
    _person,
    assert_the_day_is_forgotten,
    scores_after_the_next_caseload_read,
    set_readiness_day,
)


def test_people_without_an_agreed_plan_near_release_are_recomputed(
    empty_database_url: str,
) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0010")
        with engine.begin() as connection:  # the keys as the previous rule stored them
            three_weeks = _person(connection, 1, 21, 0, agreed=False, stored=PLAN_NOT_AGREED_SCORE)
            ten_days = _person(connection, 2, 10, 0, agreed=False, stored=PLAN_NOT_AGREED_SCORE)
            agreed = _person(connection, 3, 21, 0, agreed=True, stored=100)
            far_off = _person(connection, 4, 60, 0, agreed=False, stored=PLAN_NOT_AGREED_SCORE)
            set_readiness_day(connection)
        migrate("0011")
        scores = scores_after_the_next_caseload_read(engine)
        assert scores == {three_weeks: 58, ten_days: 35, agreed: 100, far_off: 99}
        assert readiness_score(0, 0, 21) == 100  # the plan, not the essentials, moved them
        migrate("0010", down=True)
        assert_the_day_is_forgotten(engine)
