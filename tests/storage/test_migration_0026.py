"""Migration 0026: the rows hanging from a referral or a group place name it together with
the person, on both backends; the downgrade puts the single-column keys back."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from resettle.services import authentication, people
from resettle.services.programme_referrals import refer_to_programme
from resettle.storage.database import open_database
from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeOfferingRow
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import seed_account
from tests.factories import another_person
from tests.storage.migration_steps import migration_steps

#: child table -> the composite keys migration 0026 gives it.
KEYS = {
    "programme_referral_history": {("referral_id", "person_id"): "programme_referrals"},
    "programme_group_members": {("referral_id", "person_id"): "programme_referrals"},
    "programme_attendance": {
        ("referral_id", "person_id"): "programme_referrals",
        ("member_id", "person_id"): "programme_group_members",
    },
    "programme_one_to_one_sessions": {("member_id", "person_id"): "programme_group_members"},
}


def _keys(engine: sa.Engine, table: str) -> dict[tuple[str, ...], str]:
    return {
        tuple(key["constrained_columns"]): key["referred_table"]
        for key in sa.inspect(engine).get_foreign_keys(table)
        if key["referred_table"] in ("programme_referrals", "programme_group_members")
    }


def test_the_keys_name_the_person_and_go_back(empty_database_url: str) -> None:
    with migration_steps(empty_database_url) as (engine, migrate):
        migrate("0026")
        for table, keys in KEYS.items():
            assert _keys(engine, table) == keys
        migrate("0025", down=True)
        for table, keys in KEYS.items():
            assert _keys(engine, table) == {(c[0],): parent for c, parent in keys.items()}
        migrate("0026")
        for table, keys in KEYS.items():
            assert _keys(engine, table) == keys


def test_a_row_never_hangs_from_another_persons_referral_or_place(database_url: str) -> None:
    database = open_database(database_url)
    try:
        with database.uow() as uow:
            home = uow.staff.add_establishment(EstablishmentRow(code="HOM", name="HMP Home")).id
            uow.commit()
        officer_id = seed_account(database, "k.officer")
        with database.uow() as uow:
            row = uow.staff.get(officer_id)
            assert row is not None
            officer = authentication.actor_of(uow, row)
        one, two = (
            people.register_person(
                officer, database.uow(), another_person(n, establishment_id=home)
            ).id
            for n in (1, 2)
        )
        referral = refer_to_programme(officer, database.uow(), one, {"programme_code": "BC-MOD"})
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
        history = sa.text(
            "INSERT INTO programme_referral_history (referral_id, person_id, from_status, "
            "to_status, notes, moved_at) VALUES (:r, :p, 'submitted', 'withdrawn', '', "
            "CURRENT_TIMESTAMP)"
        )
        place = sa.text(
            "INSERT INTO programme_group_members (group_id, referral_id, person_id, joined_at) "
            "VALUES (:g, :r, :p, CURRENT_TIMESTAMP)"
        )
        for statement, params in (
            (history, {"r": referral, "p": two}),
            (place, {"g": group_id, "r": referral, "p": two}),
        ):
            with pytest.raises(sa.exc.IntegrityError), database.uow() as uow:
                uow.session.execute(statement, params)
                uow.session.flush()
        # The same rows naming the referral's own person are taken.
        with database.uow() as uow:
            uow.session.execute(history, {"r": referral, "p": one})
            uow.session.execute(place, {"g": group_id, "r": referral, "p": one})
            uow.commit()
    finally:
        database.close()
