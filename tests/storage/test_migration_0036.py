"""Migration 0036: the measures' keys on ``people`` filled for the rows there are, as the
application computes them (``repositories/measure_keys.py``), and ``ix_people_measures``
widened to answer the measures from the index; on SQLite and PostgreSQL, and back down."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from resettle.storage.repositories.measure_keys import unmaintained_keys
from resettle.storage.tables.outcome_checks import OutcomeCheckRow
from resettle.storage.tables.plans import PlanActionRow, PlanVersionRow
from tests.storage.migration_steps import migration_steps, people_table_before, table_before

RELEASE = dt.date(2026, 10, 31)
KEYS = (
    "overdue_action_from",
    "plan_agreed_in_time",
    "plan_issued_in_time",
    "outcome_first_night",
    "outcome_week_6",
    "outcome_treatment",
)


def _person(number: int, release_date: dt.date | None) -> dict[str, object]:
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
        "case_closed": False,
    }


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), dt.UTC)


def _version(id_: int, version: int, agreed: dt.date | None, issued: dt.date | None) -> Any:
    return {
        "id": id_,
        "person_id": 1,
        "version": version,
        "state": "issued" if issued else "agreed",
        "created_by": "Test",
        "agreed_by": "Test",
        "agreed_at": _at(agreed) if agreed else None,
        "issued_at": _at(issued) if issued else None,
    }


def _action(version_id: int, **due: object) -> dict[str, object]:
    return {
        "plan_version_id": version_id,
        "position": 1,
        "pathway": "accommodation",
        "what": "Test action",
        "status": "to_do",
        "due_kind": None,
        "due_on": None,
        "due_offset_days": None,
        **due,
    }


def _check(id_: int, point: str, release: dt.date, **answers: object) -> dict[str, object]:
    return {
        "id": id_,
        "person_id": 1,
        "point": point,
        "release_date": release,
        "checked_on": RELEASE,
        "note": "",
        "recorded_by": "Test",
        "recorded_at": _at(RELEASE),
        "accommodation": None,
        "employment": None,
        "treatment": None,
        "treatment_started_on": None,
        "supersedes_id": None,
        **answers,
    }


def _as_date(value: object) -> object:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def test_the_keys_are_filled_as_the_application_computes_them(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0034")
        with engine.begin() as connection:
            connection.execute(
                people_table_before("0036").insert(), [_person(1, RELEASE), _person(2, None)]
            )
            connection.execute(
                table_before(PlanVersionRow.__table__, "0036").insert(),  # type: ignore[arg-type]
                [
                    # agreed 30 days before release, issued 11 days before (late)
                    _version(
                        1, 1, RELEASE - dt.timedelta(days=30), RELEASE - dt.timedelta(days=11)
                    ),
                    _version(2, 2, None, None),
                ],
            )
            connection.execute(
                table_before(PlanActionRow.__table__, "0036").insert(),  # type: ignore[arg-type]
                [
                    _action(1, due_kind="absolute", due_on=dt.date(2026, 1, 1)),  # not latest
                    _action(2, due_kind="relative", due_offset_days=-7),
                ],
            )
            checks = table_before(OutcomeCheckRow.__table__, "0036")  # type: ignore[arg-type]
            connection.execute(
                checks.insert(),
                [
                    _check(1, "first_night", RELEASE, accommodation="settled"),
                    _check(2, "first_night", RELEASE, accommodation="rough_sleeping"),
                    _check(
                        4,
                        "treatment",
                        RELEASE,
                        treatment="started",
                        treatment_started_on=RELEASE + dt.timedelta(days=10),
                    ),
                    # of an earlier release: no answer for this one
                    _check(5, "week_6", dt.date(2026, 1, 1), employment="employed"),
                ],
            )
            connection.execute(checks.update().where(checks.c.id == 2).values(supersedes_id=1))
        migrate("0036")
        with engine.connect() as connection:
            rows = {
                row.id: {
                    key: _as_date(getattr(row, key)) if key == KEYS[0] else getattr(row, key)
                    for key in KEYS
                }
                for row in connection.execute(sa.text(f"SELECT id, {', '.join(KEYS)} FROM people"))
            }
        assert rows[1] == {
            "overdue_action_from": RELEASE - dt.timedelta(days=7),
            "plan_agreed_in_time": True,
            "plan_issued_in_time": False,
            "outcome_first_night": "rough_sleeping",
            "outcome_week_6": None,
            "outcome_treatment": "started_in_time",
        }
        assert rows[2] == {
            **dict.fromkeys(KEYS),
            "plan_agreed_in_time": False,
            "plan_issued_in_time": False,
        }
        # The application's own computation reads columns later migrations add (an action's
        # pinned due date, 0038); none of them rewrites these keys.
        migrate("head")
        with Session(engine) as session:
            assert unmaintained_keys(session) == {}
        indexed = {
            index["name"]: index["column_names"]
            for index in sa.inspect(engine).get_indexes("people")
        }
        assert "outcome_treatment" in indexed["ix_people_measures"]

        migrate("0034", down=True)
        columns = {c["name"] for c in sa.inspect(engine).get_columns("people")}
        assert not columns & set(KEYS)
        indexed = {
            index["name"]: index["column_names"]
            for index in sa.inspect(engine).get_indexes("people")
        }
        assert indexed["ix_people_measures"][-1] == "id"
