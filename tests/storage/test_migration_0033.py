"""Migration 0033: ``outcome_checks`` is created, and ``people.outcome_check_due_on`` starts
as the day after release (the first night's check, the earliest outstanding) for everyone
released or due, and empty for a closed case or no release date; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tests.storage.migration_steps import migration_steps, people_table_before

RELEASE = dt.date(2026, 10, 31)


def _person(number: int, release_date: dt.date | None, closed: bool) -> dict[str, object]:
    return {
        "id": number,
        "prison_number": f"Z000{number}AA",
        "crn": f"Z00000{number}",
        "given_name": "Test",
        "family_name": f"Person {number}",
        "sort_name": f"person {number} test",
        "search_text": "test",
        "date_of_birth": dt.date(1990, 1, 1),
        "sex": "male",
        "release_date": release_date,
        "case_closed": closed,
    }


def test_due_dates_start_the_day_after_release_for_open_cases(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0032")
        with engine.begin() as connection:
            connection.execute(
                people_table_before("0033").insert(),
                [_person(1, RELEASE, False), _person(2, RELEASE, True), _person(3, None, False)],
            )
        migrate("0033")
        with engine.connect() as connection:
            due = dict(
                connection.execute(sa.text("SELECT id, outcome_check_due_on FROM people")).all()
            )
        as_dates = {
            key: value
            if value is None or isinstance(value, dt.date)
            else dt.date.fromisoformat(value)
            for key, value in due.items()
        }
        assert as_dates == {1: dt.date(2026, 11, 1), 2: None, 3: None}
        assert "outcome_checks" in sa.inspect(engine).get_table_names()
        migrate("0032", down=True)
        assert "outcome_checks" not in sa.inspect(engine).get_table_names()
        columns = {c["name"] for c in sa.inspect(engine).get_columns("people")}
        assert "outcome_check_due_on" not in columns
