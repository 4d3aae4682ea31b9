"""Programme referrals through each role's own PostgreSQL login: the grants and policies of
``resettle db setup-roles`` let referrers refer and make their moves, and the programme team
make its moves and give group places, for the people each reaches and no others; history
rows are never updated nor deleted.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server (as
``test_postgres_write_paths.py``, whose accounts and person this reuses).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from resettle.domain.access import OutOfScope
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
from resettle.storage.database import open_database
from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeOfferingRow
from resettle.storage.tables.staff import EstablishmentRow
from tests.factories import another_person
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
        revision = programmes.run(give_group_place, referral, revision, group_id)
        listed = programmes.run(list_establishment_referrals, "HOM")
        assert [(r.id, r.status) for r in listed.rows] == [(referral, "submitted")]
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
        ]
        assert [p.group_code for p in view.places] == ["HOM-1"]
        assert view.revision == revision
        with officer.uow() as uow, pytest.raises(DBAPIError, match="permission denied"):
            uow.session.execute(
                text("DELETE FROM programme_referral_history WHERE referral_id = :r"),
                {"r": referral},
            )
        with officer.uow() as uow, pytest.raises(DBAPIError, match="permission denied"):
            uow.session.execute(
                text("UPDATE programme_group_members SET left_at = now() WHERE referral_id = :r"),
                {"r": referral},
            )
    finally:
        officer.close()
