"""Programme referrals through each role's own PostgreSQL login: the grants and policies of
``resettle db setup-roles`` let referrers refer and make their moves, and the programme team
make its moves and give group places, for the people each reaches and no others; history
rows are never updated nor deleted. A group's capacity counts the places of people the login
does not see, and two people giving the last place at once cannot both succeed.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server (as
``test_postgres_write_paths.py``, whose accounts and person this reuses).
"""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from resettle.domain.access import OutOfScope
from resettle.domain.programme_referrals import GroupFull
from resettle.domain.staff import Actor
from resettle.services import authentication, people
from resettle.services.programme_referral_lists import (
    list_establishment_referrals,
    list_person_referrals,
)
from resettle.services.programme_referral_places import give_group_place
from resettle.services.programme_referrals import (
    correct_last_move,
    move_referral,
    refer_to_programme,
)
from resettle.storage.database import Database, open_database
from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeOfferingRow
from resettle.storage.tables.staff import EstablishmentRow
from tests.factories import another_person
from tests.programme_steps import acting, assess_as_suitable
from tests.services.test_postgres_write_paths import Team, team

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
__all__ = ["team"]


def _group_and_elsewhere(team: Team) -> tuple[int, int]:
    """A BC-MOD group at the team's prison, and a person held in another prison on another
    team with a referral the owner wrote (nobody of the team reaches them)."""
    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            home = uow.staff.establishment_by_code("HOM")
            programme = uow.programmes.programme_by_code("BC-MOD")
            assert home is not None and programme is not None
            offering = ProgrammeOfferingRow(programme_id=programme.id, establishment_id=home.id)
            uow.programmes.add(offering)
            group = ProgrammeGroupRow(
                offering_id=offering.id,
                code="HOM-1",
                capacity=2,
                starts_on=dt.date(2027, 1, 4),
                ends_on=dt.date(2027, 3, 29),
                schedule=[],
                facilitator_ids=[],
            )
            uow.programmes.add(group)
            away = uow.staff.add_establishment(EstablishmentRow(code="AWY", name="HMP Away")).id
            uow.commit()
            group_id = group.id
        with owner.uow() as uow:
            row = uow.staff.get(team.staff["w.officer"])
            assert row is not None
            officer = authentication.actor_of(uow, row)
        elsewhere = people.register_person(
            officer, owner.uow(), another_person(2, establishment_id=away)
        ).id
        referral = refer_to_programme(officer, owner.uow(), elsewhere, {"programme_code": "BC-MOD"})
        with owner.uow() as uow:
            uow.session.execute(
                text(
                    "UPDATE people SET team_id = (SELECT id FROM teams WHERE code = 'OTHER') "
                    "WHERE id = :p"
                ),
                {"p": elsewhere},
            )
            uow.commit()
        return group_id, referral
    finally:
        owner.close()


def test_referrers_and_the_programme_team_act_through_their_logins(team: Team) -> None:
    group_id, elsewhere = _group_and_elsewhere(team)
    prison = team.sign_in("w.prison")
    try:
        referral = prison.run(
            refer_to_programme, team.person, {"programme_code": "BC-MOD", "notes": "Keen"}
        )
        with pytest.raises(OutOfScope):
            prison.run(move_referral, elsewhere, 1, {"to_status": "on_hold_submitted"})
    finally:
        prison.close()
    programmes = team.sign_in("w.programmes")
    try:
        revision = programmes.run(move_referral, referral, 1, {"to_status": "awaiting_assessment"})
        revision = programmes.run(
            correct_last_move, referral, revision, {"notes": "Accepted too soon"}
        )
        revision = assess_as_suitable(programmes.run, referral, revision)
        revision = programmes.run(give_group_place, referral, revision, group_id)
        listed = programmes.run(list_establishment_referrals, "HOM")
        assert [(r.id, r.status) for r in listed.rows] == [(referral, "assessed_suitable")]
        assert [(r.group_id, r.programme_name) for r in listed.rows] == [
            (group_id, "Building Choices: moderate intensity")
        ]
        assert listed.places_taken == {group_id: 1}
        with pytest.raises(OutOfScope):
            programmes.run(move_referral, elsewhere, 1, {"to_status": "awaiting_assessment"})
        with programmes.uow() as uow:
            # Row-level security: a referral of a person out of reach is not there to change.
            changed = uow.session.execute(
                text("UPDATE programme_referrals SET revision = revision + 1 WHERE id = :r"),
                {"r": elsewhere},
            )
            assert getattr(changed, "rowcount", None) == 0
            uow.session.rollback()
        with programmes.uow() as uow, pytest.raises(DBAPIError, match="permission denied"):
            uow.session.execute(
                text("UPDATE programme_referral_history SET notes = '' WHERE referral_id = :r"),
                {"r": referral},
            )
    finally:
        programmes.close()
    officer = team.sign_in("w.officer")
    try:
        (view,) = officer.run(list_person_referrals, team.person)
        assert [h.to_status for h in view.history] == [
            "draft",
            "submitted",
            "awaiting_assessment",
            "submitted",
            "awaiting_assessment",
            "assessment_started",
            "assessed_suitable",
        ]
        assert [p.group_code for p in view.places] == ["HOM-1"]
        assert view.revision == revision
        with officer.uow() as uow, pytest.raises(DBAPIError, match="permission denied"):
            uow.session.execute(
                text("DELETE FROM programme_referral_history WHERE referral_id = :r"),
                {"r": referral},
            )
        # A referrer ends a place only with the move that closes its referral.
        with officer.uow() as uow, pytest.raises(DBAPIError, match="given by the programme team"):
            uow.session.execute(
                text("UPDATE programme_group_members SET left_at = now() WHERE referral_id = :r"),
                {"r": referral},
            )
    finally:
        officer.close()


def _actor(owner: Database, staff_id: int) -> Actor:
    with owner.uow() as uow:
        row = uow.staff.get(staff_id)
        assert row is not None
        return authentication.actor_of(uow, row)


def _group_of_one(owner: Database, code: str) -> int:
    """A BC-MOD group of one place at the team's prison."""
    with owner.uow() as uow:
        home = uow.staff.establishment_by_code("HOM")
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert home is not None and programme is not None
        offering = ProgrammeOfferingRow(programme_id=programme.id, establishment_id=home.id)
        uow.programmes.add(offering)
        group = ProgrammeGroupRow(
            offering_id=offering.id,
            code=code,
            capacity=1,
            starts_on=dt.date(2027, 1, 4),
            ends_on=dt.date(2027, 3, 29),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        uow.commit()
        return group.id


def _referred_at_home(owner: Database, team: Team, number: int) -> tuple[int, int]:
    """Another person held at home on the officer's team, referred to BC-MOD: (person,
    referral)."""
    officer = _actor(owner, team.staff["w.officer"])
    with owner.uow() as uow:
        home = uow.staff.establishment_by_code("HOM")
        assert home is not None
        home_id = home.id
    person = people.register_person(
        officer, owner.uow(), another_person(number, establishment_id=home_id)
    ).id
    referral = refer_to_programme(officer, owner.uow(), person, {"programme_code": "BC-MOD"})
    return person, referral


def test_a_place_held_by_a_limited_access_person_the_login_cannot_see_fills_the_group(
    team: Team,
) -> None:
    owner = open_database(team.url)
    try:
        group_id = _group_of_one(owner, "HOM-ONE")
        hidden, hidden_referral = _referred_at_home(owner, team, 3)
        team_actor = _actor(owner, team.staff["w.programmes"])
        revision = assess_as_suitable(acting(team_actor, owner.uow), hidden_referral, 1)
        give_group_place(team_actor, owner.uow(), hidden_referral, revision, group_id)
        with owner.uow() as uow:
            # Limited access: only the officer is on the person's list.
            uow.session.execute(
                text("UPDATE people SET restricted = true WHERE id = :p"), {"p": hidden}
            )
            uow.commit()
        referral = refer_to_programme(
            _actor(owner, team.staff["w.officer"]),
            owner.uow(),
            team.person,
            {"programme_code": "BC-MOD"},
        )
        revision = assess_as_suitable(acting(team_actor, owner.uow), referral, 1)
    finally:
        owner.close()
    programmes = team.sign_in("w.programmes")
    try:
        with programmes.uow() as uow:
            # The login does not see the place's row: a plain count would find the group empty.
            seen = uow.session.scalar(
                text("SELECT count(*) FROM programme_group_members WHERE group_id = :g"),
                {"g": group_id},
            )
            assert seen == 0
        with pytest.raises(GroupFull, match="HOM-ONE is full"):
            programmes.run(give_group_place, referral, revision, group_id)
        listed = programmes.run(list_establishment_referrals, "HOM")
        assert listed.places_taken.get(group_id) == 1
        assert hidden_referral not in {row.id for row in listed.rows}
        with programmes.uow() as uow:
            assert uow.programme_referrals.current_place(referral) is None
    finally:
        programmes.close()


def test_two_logins_giving_the_last_place_at_once_one_succeeds(team: Team) -> None:
    owner = open_database(team.url)
    try:
        group_id = _group_of_one(owner, "HOM-LAST")
        referrals = [_referred_at_home(owner, team, number)[1] for number in (4, 5)]
        team_actor = _actor(owner, team.staff["w.programmes"])
        assessed = [
            assess_as_suitable(acting(team_actor, owner.uow), referral, 1) for referral in referrals
        ]
    finally:
        owner.close()
    logins = [team.sign_in("w.programmes") for _ in referrals]
    start = threading.Barrier(len(logins))
    outcomes: list[object] = [None] * len(logins)

    def give(index: int) -> None:
        start.wait()
        try:
            outcomes[index] = logins[index].run(
                give_group_place, referrals[index], assessed[index], group_id
            )
        except Exception as error:  # the outcome is what is checked
            outcomes[index] = error

    try:
        threads = [threading.Thread(target=give, args=(i,)) for i in range(len(logins))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        given = [outcome for outcome in outcomes if outcome == assessed[0] + 1]
        refused = [outcome for outcome in outcomes if isinstance(outcome, GroupFull)]
        assert (len(given), len(refused)) == (1, 1), outcomes
        listed = logins[0].run(list_establishment_referrals, "HOM")
        assert listed.places_taken.get(group_id) == 1
    finally:
        for login in logins:
            login.close()
