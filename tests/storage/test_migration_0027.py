"""Migration 0027: an attendance mark's group place is a place of the mark's own referral, on
both backends: a mark naming one referral's place and another referral of the same person is
refused; an older database holding such a mark is not upgraded (nothing changes), and the
downgrade takes the key away again."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from resettle.services import authentication, people
from resettle.services.programme_referrals import refer_to_programme
from resettle.storage.database import open_database
from resettle.storage.migrate import current_revision
from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeOfferingRow
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import seed_account
from tests.factories import another_person
from tests.storage.migration_steps import migration_steps

MARK = sa.text(
    "INSERT INTO programme_attendance (session_id, member_id, referral_id, person_id, "
    "mark_number, outcome, note, recorded_at) VALUES (:s, :m, :r, :p, :n, "
    "'attended_complied', '', CURRENT_TIMESTAMP)"
)


def _place_and_two_referrals(url: str) -> dict[str, int]:
    """A person with two referrals (Building Choices at moderate and at high intensity), a
    place in a group given for the first, and a session of that group."""
    database = open_database(url)
    try:
        with database.uow() as uow:
            home = uow.staff.add_establishment(EstablishmentRow(code="HOM", name="HMP Home")).id
            uow.commit()
        officer_id = seed_account(database, "k.officer")
        with database.uow() as uow:
            row = uow.staff.get(officer_id)
            assert row is not None
            officer = authentication.actor_of(uow, row)
        person = people.register_person(
            officer, database.uow(), another_person(1, establishment_id=home)
        ).id
        first, second = (
            refer_to_programme(officer, database.uow(), person, {"programme_code": code})
            for code in ("BC-MOD", "BC-HIGH")
        )
        with database.uow() as uow:
            programme = uow.programmes.programme_by_code("BC-MOD")
            assert programme is not None
            offering = ProgrammeOfferingRow(programme_id=programme.id, establishment_id=home)
            uow.programmes.add(offering)
            group = ProgrammeGroupRow(
                offering_id=offering.id,
                code="G1",
                capacity=4,
                starts_on=dt.date(2027, 1, 4),
                ends_on=dt.date(2027, 3, 29),
                schedule=[],
                facilitator_ids=[],
            )
            uow.programmes.add(group)
            uow.commit()
            group_id = group.id
        with database.uow() as uow:
            member = uow.session.scalar(
                sa.text(
                    "INSERT INTO programme_group_members (group_id, referral_id, person_id, "
                    "joined_at) VALUES (:g, :r, :p, CURRENT_TIMESTAMP) RETURNING id"
                ),
                {"g": group_id, "r": first, "p": person},
            )
            session = uow.session.scalar(
                sa.text(
                    "INSERT INTO programme_sessions (group_id, sequence, module_number, "
                    "session_number, name, session_type, starts_at, ends_at, is_catch_up) "
                    "VALUES (:g, 1, 1, 1, 'S', 'group', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
                    ":no) RETURNING id"
                ),
                {"g": group_id, "no": False},
            )
            uow.commit()
        assert isinstance(member, int) and isinstance(session, int)
        return {"p": person, "first": first, "second": second, "m": member, "s": session}
    finally:
        database.close()


def test_a_mark_names_the_place_of_its_own_referral(database_url: str) -> None:
    ids = _place_and_two_referrals(database_url)
    database = open_database(database_url)
    try:
        # The place was given for the first referral: a mark naming the second is refused.
        with pytest.raises(sa.exc.IntegrityError), database.uow() as uow:
            uow.session.execute(
                MARK, {"s": ids["s"], "m": ids["m"], "r": ids["second"], "p": ids["p"], "n": 1}
            )
            uow.session.flush()
        with database.uow() as uow:
            uow.session.execute(
                MARK, {"s": ids["s"], "m": ids["m"], "r": ids["first"], "p": ids["p"], "n": 1}
            )
            uow.commit()
    finally:
        database.close()


def _has_key(engine: sa.Engine) -> bool:
    return any(
        tuple(key["constrained_columns"]) == ("member_id", "referral_id")
        and key["referred_table"] == "programme_group_members"
        for key in sa.inspect(engine).get_foreign_keys("programme_attendance")
    )


def test_a_crossed_mark_stops_the_upgrade_and_the_key_goes_back(database_url: str) -> None:
    ids = _place_and_two_referrals(database_url)
    with migration_steps(database_url) as (engine, migrate):
        assert _has_key(engine)
        migrate("0026", down=True)
        assert not _has_key(engine)
        with engine.begin() as connection:  # allowed before 0027: the same person
            connection.execute(
                MARK, {"s": ids["s"], "m": ids["m"], "r": ids["second"], "p": ids["p"], "n": 1}
            )
        with pytest.raises(RuntimeError, match="1 programme attendance mark"):
            migrate("0027")
        assert current_revision(engine) == "0026"
        assert not _has_key(engine)
        with engine.begin() as connection:
            connection.execute(
                sa.text("UPDATE programme_attendance SET referral_id = :r"),
                ids | {"r": ids["first"]},
            )
        migrate("0027")
        assert _has_key(engine)
