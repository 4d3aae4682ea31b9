"""The security review's gaps in the database's own rules on the programme tables, each tried
directly in SQL through a Resettle login (``storage/postgres_programmes.py``,
``postgres_writes.py``):

- a move is checked against the roles through which the login reaches the referral's person,
  not every role the account holds;
- a history entry records the move its referral has just made (no made-up entries);
- referrers change a referral's status only (not its offering), and a revision goes up by one;
- a programme history entry is in the login's own name, at the database's time;
- the catalogue is written only by an account holding a role that edits it.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from resettle.domain.staff import Role
from resettle.services import authentication, people
from resettle.services.database_logins import set_login_password, setup_roles
from resettle.services.programme_referrals import (
    correct_last_move,
    move_referral,
    refer_to_programme,
)
from resettle.services.workspace import Workspace
from resettle.storage.database import open_database
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import TEST_PASSWORD, seed_account
from tests.factories import another_person
from tests.services.test_postgres_write_paths import GATE_PASSWORD, Team, team

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
__all__ = ["team"]
MOVE = "UPDATE programme_referrals SET status = :s WHERE id = :r"
ENTRY = (
    "INSERT INTO programme_referral_history (referral_id, person_id, from_status, to_status, "
    "notes, moved_by_id, moved_at, corrects_id) SELECT id, person_id, :f, :t, '', "
    "resettle_login_staff_id(), now(), :c FROM programme_referrals WHERE id = :r"
)


def _refused(workspace: Workspace, steps: list[tuple[str, dict[str, object]]], match: str) -> None:
    """``steps`` in one transaction: the last one is refused (and nothing is kept)."""
    with workspace.uow() as uow, pytest.raises(DBAPIError, match=match):
        for sql, params in steps:
            uow.session.execute(text(sql), params)
        uow.session.flush()


def _owner_scalar(team: Team, sql: str, params: dict[str, object] | None = None) -> object:
    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            result = uow.session.execute(text(sql), params or {})
            value = result.scalar() if getattr(result, "returns_rows", False) else None
            uow.commit()
            return value
    finally:
        owner.close()


def _referral(team: Team) -> int:
    prison = team.sign_in("w.prison")
    try:
        return int(prison.run(refer_to_programme, team.person, {"programme_code": "BC-MOD"}))
    finally:
        prison.close()


def _status(team: Team, referral: int) -> str:
    return str(
        _owner_scalar(team, "SELECT status FROM programme_referrals WHERE id = :r", {"r": referral})
    )


def _officer_and_programme_team_elsewhere(team: Team) -> int:
    """``w.both``: an officer on the test team and the programme team in HMP Away."""
    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            away = uow.staff.add_establishment(EstablishmentRow(code="AWY", name="HMP Away")).id
            uow.commit()
        both = seed_account(
            owner, "w.both", (Role.OFFICER, Role.PROGRAMME_TEAM), establishment_id=away
        )
        with owner.uow() as uow:
            set_login_password(uow, both, TEST_PASSWORD)
            uow.commit()
        return both
    finally:
        owner.close()


def test_a_move_is_checked_against_the_roles_reaching_the_referrals_person(team: Team) -> None:
    """An account that is an officer on the person's team and the programme team in another
    prison reaches the person only as their officer: a referrer."""
    _officer_and_programme_team_elsewhere(team)
    referral = _referral(team)
    workspace = team.sign_in("w.both")
    try:
        # The programme team's move, which its programme team role could make elsewhere.
        for to in ("awaiting_assessment", "not_eligible"):
            _refused(workspace, [(MOVE, {"s": to, "r": referral})], "not one the roles")
        # Its referrer's move, made with its entry, goes through.
        with workspace.uow() as uow:
            uow.session.execute(text(MOVE), {"s": "on_hold_submitted", "r": referral})
            uow.session.execute(
                text(ENTRY),
                {"f": "submitted", "t": "on_hold_submitted", "c": None, "r": referral},
            )
            uow.commit()
    finally:
        workspace.close()
    assert _status(team, referral) == "on_hold_submitted"
    # The programme team of the person's own prison makes the programme team's moves.
    programmes = team.sign_in("w.programmes")
    try:
        revision = programmes.run(move_referral, referral, 1, {"to_status": "submitted"})
        programmes.run(move_referral, referral, revision, {"to_status": "awaiting_assessment"})
    finally:
        programmes.close()
    assert _status(team, referral) == "awaiting_assessment"


def test_named_on_a_restricted_persons_list_where_no_place_holds_them_every_role_acts(
    team: Team,
) -> None:
    """As ``domain/access.roles_reaching``: a restricted person held in a third prison on
    another team, with ``w.both`` named on their list, is reached through every case role of
    it, so its programme team role makes the programme team's move; unnamed, the referral is
    not there to change."""
    both = _officer_and_programme_team_elsewhere(team)
    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            third = uow.staff.add_establishment(EstablishmentRow(code="THR", name="HMP Third")).id
            row = uow.staff.get(team.staff["w.officer"])
            assert row is not None
            officer = authentication.actor_of(uow, row)
            uow.commit()
        person = people.register_person(
            officer, owner.uow(), another_person(3, establishment_id=third)
        ).id
        referral = refer_to_programme(officer, owner.uow(), person, {"programme_code": "BC-MOD"})
        with owner.uow() as uow:
            uow.session.execute(
                text(
                    "UPDATE people SET restricted = true, team_id = (SELECT id FROM teams "
                    "WHERE code = 'OTHER') WHERE id = :p"
                ),
                {"p": person},
            )
            uow.commit()
    finally:
        owner.close()
    workspace = team.sign_in("w.both")
    try:
        move = {"s": "awaiting_assessment", "r": referral}
        with workspace.uow() as uow:
            assert getattr(uow.session.execute(text(MOVE), move), "rowcount", None) == 0
            uow.session.rollback()
        _owner_scalar(
            team,
            "INSERT INTO person_access (person_id, staff_id, kind, reason, set_at) "
            "VALUES (:p, :s, 'allowed', 'Specialist', now())",
            {"p": person, "s": both},
        )
        with workspace.uow() as uow:
            assert getattr(uow.session.execute(text(MOVE), move), "rowcount", None) == 1
            uow.session.execute(
                text(ENTRY),
                {"f": "submitted", "t": "awaiting_assessment", "c": None, "r": referral},
            )
            uow.commit()
    finally:
        workspace.close()
    assert _status(team, referral) == "awaiting_assessment"


def test_a_history_entry_records_the_move_its_referral_has_just_made(team: Team) -> None:
    referral = _referral(team)
    prison = team.sign_in("w.prison")
    try:
        # A move the referrer may make, written into the history without moving the referral.
        _refused(
            prison,
            [(ENTRY, {"f": "submitted", "t": "on_hold_submitted", "c": None, "r": referral})],
            "just made",
        )
        # Moved, but the entry names another move (from a status it was not at, or to
        # another status than the one it is at now).
        for made_up in (
            {"f": "draft", "t": "on_hold_submitted"},
            {"f": "submitted", "t": "withdrawn"},
        ):
            _refused(
                prison,
                [
                    (MOVE, {"s": "on_hold_submitted", "r": referral}),
                    (ENTRY, made_up | {"c": None, "r": referral}),
                ],
                "just made",
            )
        # One move, one entry: a second entry of it is refused.
        _refused(
            prison,
            [
                (MOVE, {"s": "on_hold_submitted", "r": referral}),
                (ENTRY, {"f": "submitted", "t": "on_hold_submitted", "c": None, "r": referral}),
                (ENTRY, {"f": "submitted", "t": "on_hold_submitted", "c": None, "r": referral}),
            ],
            "just made",
        )
        # A move with no entry is refused when the transaction commits.
        with prison.uow() as uow:
            uow.session.execute(text(MOVE), {"s": "on_hold_submitted", "r": referral})
            with pytest.raises(DBAPIError, match="written to its history"):
                uow.commit()
        assert _status(team, referral) == "submitted"
        # The services' path: each move with its one entry.
        revision = prison.run(move_referral, referral, 1, {"to_status": "on_hold_submitted"})
        revision = prison.run(move_referral, referral, revision, {"to_status": "submitted"})
    finally:
        prison.close()
    first = _owner_scalar(
        team,
        "SELECT min(id) FROM programme_referral_history WHERE referral_id = :r",
        {"r": referral},
    )
    programmes = team.sign_in("w.programmes")
    try:
        revision = programmes.run(
            move_referral, referral, revision, {"to_status": "awaiting_assessment"}
        )
        # A correction names the last entry, not an older one, and goes back along it.
        _refused(
            programmes,
            [
                (MOVE, {"s": "submitted", "r": referral}),
                (ENTRY, {"f": "awaiting_assessment", "t": "submitted", "c": first, "r": referral}),
            ],
            "last history entry",
        )
        programmes.run(correct_last_move, referral, revision, {"notes": "Too soon"})
    finally:
        programmes.close()
    assert _status(team, referral) == "submitted"
    entries = _owner_scalar(
        team,
        "SELECT string_agg(coalesce(from_status, '-') || '>' || to_status, ' ' ORDER BY id) "
        "FROM programme_referral_history WHERE referral_id = :r",
        {"r": referral},
    )
    assert entries == (
        "->draft draft>submitted submitted>on_hold_submitted on_hold_submitted>submitted "
        "submitted>awaiting_assessment awaiting_assessment>submitted"
    )


def test_referrers_change_a_referrals_status_only_and_a_revision_goes_up_by_one(
    team: Team,
) -> None:
    referral = _referral(team)
    offering = _owner_scalar(
        team,
        "INSERT INTO programme_offerings (programme_id, establishment_id, contact, active, "
        "created_at) SELECT p.id, e.id, '', true, now() FROM programmes p, establishments e "
        "WHERE p.code = 'BC-MOD' AND e.code = 'HOM' RETURNING id",
    )
    set_offering = "UPDATE programme_referrals SET offering_id = :o WHERE id = :r"
    for referrer in ("w.prison", "w.officer"):
        workspace = team.sign_in(referrer)
        try:
            _refused(
                workspace, [(set_offering, {"o": offering, "r": referral})], "permission denied"
            )
        finally:
            workspace.close()
    programmes = team.sign_in("w.programmes")
    try:
        bump = "UPDATE programme_referrals SET revision = revision + :n WHERE id = :r"
        _refused(programmes, [(bump, {"n": 5, "r": referral})], "up by one")
        _refused(programmes, [(bump, {"n": -1, "r": referral})], "up by one")
        with programmes.uow() as uow:
            uow.session.execute(text(bump), {"n": 1, "r": referral})
            uow.session.execute(text(set_offering), {"o": offering, "r": referral})
            uow.commit()
    finally:
        programmes.close()
    assert (
        _owner_scalar(
            team, "SELECT revision FROM programme_referrals WHERE id = :r", {"r": referral}
        )
        == 2
    )


HISTORY = (
    "INSERT INTO programme_history (person_id, programme_code, programme_name, setting, "
    "outcome, source, recorded_by_id, recorded_by, recorded_at) VALUES (:p, 'BC-MOD', "
    "'Building Choices', 'custody', 'completed', 'recorded', :by, 'Someone', :at)"
)


def test_a_programme_history_entry_is_in_the_logins_name_at_the_databases_time(
    team: Team,
) -> None:
    at = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)
    prison = team.sign_in("w.prison")
    try:
        _refused(
            prison,
            [(HISTORY, {"p": team.person, "by": team.staff["w.officer"], "at": at})],
            "row-level security",
        )
        _refused(
            prison, [(HISTORY, {"p": team.person, "by": None, "at": at})], "row-level security"
        )
        with prison.uow() as uow:
            uow.session.execute(
                text(HISTORY), {"p": team.person, "by": team.staff["w.prison"], "at": at}
            )
            uow.commit()
    finally:
        prison.close()
    recorded = _owner_scalar(
        team,
        "SELECT recorded_at > now() - interval '1 hour' FROM programme_history "
        "WHERE person_id = :p AND recorded_by_id = :by",
        {"p": team.person, "by": team.staff["w.prison"]},
    )
    assert recorded is True


COPY = (
    "INSERT INTO programmes (code, name, active, position, definition) "
    "SELECT 'COPY', name, true, 99, definition FROM programmes WHERE code = 'KAIZEN'"
)
RENAME = "UPDATE programmes SET name = name || ' (edited)' WHERE code = 'KAIZEN'"


def _changed(workspace: Workspace, sql: str) -> int:
    with workspace.uow() as uow:
        count = int(getattr(uow.session.execute(text(sql)), "rowcount", -1))
        uow.session.rollback()
        return count


def test_the_catalogue_is_written_only_by_an_account_holding_a_role_that_edits_it(
    team: Team,
) -> None:
    for editor in ("w.manager", "w.admin"):
        workspace = team.sign_in(editor)
        try:
            assert _changed(workspace, RENAME) == 1
            assert _changed(workspace, COPY) == 1
        finally:
            workspace.close()
    prison = team.sign_in("w.prison")
    try:
        with prison.uow() as uow:  # every login reads it
            assert uow.session.scalar(text("SELECT count(*) FROM programmes")) > 0
        _refused(prison, [(RENAME, {})], "permission denied")
    finally:
        prison.close()
    # The manager's account loses its role while signed in; its login is still in the
    # managers' group until the logins are brought in step: the table itself refuses.
    manager = team.sign_in("w.manager")
    _owner_scalar(
        team,
        "DELETE FROM staff_roles WHERE staff_id = :s AND role = 'manager'",
        {"s": team.staff["w.manager"]},
    )
    try:
        assert _changed(manager, RENAME) == 0
        _refused(manager, [(COPY, {})], "row-level security")
    finally:
        manager.close()
    # Setting the roles up again on the existing database keeps the rules.
    owner = open_database(team.url)
    try:
        setup_roles(owner.uow(), GATE_PASSWORD)
    finally:
        owner.close()
    admin = team.sign_in("w.admin")
    try:
        assert _changed(admin, RENAME) == 1
    finally:
        admin.close()
