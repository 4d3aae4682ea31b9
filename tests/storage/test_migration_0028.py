"""Migration 0028: the places of referrals closed before closing moves ended them end at the
time the referral closed; places of open referrals, and places already ended, are untouched."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from resettle.storage.migrate import current_revision
from tests.storage.migration_steps import migration_steps
from tests.storage.test_migration_0027 import _place_and_two_referrals

CLOSED_AT = dt.datetime(2027, 2, 1, 12, 0)


def _left_at(engine: sa.Engine, member_id: int) -> dt.datetime | None:
    with engine.connect() as connection:
        value = connection.scalar(
            sa.text("SELECT left_at FROM programme_group_members WHERE id = :m"), {"m": member_id}
        )
    if isinstance(value, str):  # SQLite's text timestamps
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=None) if value is not None else None


def _second_place(engine: sa.Engine, ids: dict[str, int]) -> int:
    with engine.begin() as connection:
        group = connection.scalar(
            sa.text("SELECT group_id FROM programme_group_members WHERE id = :m"), ids
        )
        member = connection.scalar(
            sa.text(
                "INSERT INTO programme_group_members (group_id, referral_id, person_id, "
                "joined_at) VALUES (:g, :r, :p, CURRENT_TIMESTAMP) RETURNING id"
            ),
            {"g": group, "r": ids["second"], "p": ids["p"]},
        )
    assert isinstance(member, int)
    return member


def test_places_of_closed_referrals_end_when_the_referral_closed(database_url: str) -> None:
    ids = _place_and_two_referrals(database_url)
    with migration_steps(database_url) as (engine, migrate):
        migrate("0027", down=True)
        open_place = _second_place(engine, ids)
        with engine.begin() as connection:  # closed at 0027, its place left holding a seat
            connection.execute(
                sa.text(
                    "UPDATE programme_referrals SET status = 'programme_complete', "
                    "status_since = :at WHERE id = :r"
                ),
                {"at": CLOSED_AT, "r": ids["first"]},
            )
        assert _left_at(engine, ids["m"]) is None
        migrate("0028")
        assert current_revision(engine) == "0028"
        assert _left_at(engine, ids["m"]) == CLOSED_AT
        assert _left_at(engine, open_place) is None  # the second referral is still open
        migrate("0027", down=True)
        assert _left_at(engine, ids["m"]) == CLOSED_AT
