"""The database's own rules on the programme tables (``storage/postgres_programmes.py``),
through each role's PostgreSQL login: what the client sends cannot skip the workflow's moves,
change whose referral it is, hang a row on another person's referral or group place, name
another account as its writer, or set its own time; the services' own path still works.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server.
"""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from resettle.services.programme_referral_places import give_group_place
from resettle.services.programme_referrals import (
    correct_last_move,
    move_referral,
    refer_to_programme,
)
from resettle.services.workspace import Workspace
from tests.programme_steps import assess_as_suitable
from tests.services.test_postgres_programme_referrals import _group_and_elsewhere
from tests.services.test_postgres_write_paths import Team, team

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
__all__ = ["team"]
REFUSED = "not one the roles|keeps its person|starts as a draft|names its referrer"


def _refused(workspace: Workspace, sql: str, params: dict[str, object], match: str) -> None:
    with workspace.uow() as uow, pytest.raises(DBAPIError, match=match):
        uow.session.execute(text(sql), params)
        uow.session.flush()


def _owner_scalar(team: Team, sql: str, referral: int) -> object:
    """One value read by the database's owner (no row-level security) about ``referral``."""
    from resettle.storage.database import open_database

    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            return uow.session.scalar(text(sql), {"r": referral})
    finally:
        owner.close()


def _status(team: Team, referral: int) -> str:
    return str(
        _owner_scalar(team, "SELECT status FROM programme_referrals WHERE id = :r", referral)
    )


def test_a_login_moves_a_referral_only_as_the_workflow_lets_its_roles(team: Team) -> None:
    _group_and_elsewhere(team)
    prison = team.sign_in("w.prison")
    try:
        referral = prison.run(refer_to_programme, team.person, {"programme_code": "BC-MOD"})
        # A referrer may not declare the programme complete, nor skip to assessment.
        for status in ("programme_complete", "awaiting_assessment"):
            _refused(
                prison,
                "UPDATE programme_referrals SET status = :s WHERE id = :r",
                {"s": status, "r": referral},
                "not one the roles",
            )
        for column, value in (
            ("pathway", "'high_intensity'"),
            ("referred_by_id", str(team.staff["w.officer"])),
            ("referred_at", "now() - interval '1 year'"),
            ("programme_id", "(SELECT max(id) FROM programmes)"),
        ):
            _refused(
                prison,
                f"UPDATE programme_referrals SET {column} = {value} WHERE id = :r",
                {"r": referral},
                # No grant of the column to a referrer; the trigger would refuse it too.
                "permission denied|keeps its person",
            )
        # A new referral starts as a draft, in the login's own name.
        insert = (
            "INSERT INTO programme_referrals (person_id, programme_id, status, status_since, "
            "referred_by_id, referred_at, revision) SELECT :p, id, :s, now(), :by, now(), 1 "
            "FROM programmes WHERE code = 'BC-MOD'"
        )
        _refused(
            prison,
            insert,
            {"p": team.person, "s": "programme_complete", "by": team.staff["w.prison"]},
            "starts as a draft",
        )
        _refused(
            prison,
            insert,
            {"p": team.person, "s": "draft", "by": team.staff["w.officer"]},
            "row-level security|names its referrer",
        )
        # The referrers' own move still goes through the service.
        prison.run(move_referral, referral, 1, {"to_status": "on_hold_submitted"})
        assert _status(team, referral) == "on_hold_submitted"
        prison.run(move_referral, referral, 2, {"to_status": "submitted"})
    finally:
        prison.close()
    programmes = team.sign_in("w.programmes")
    try:
        # The programme team may not jump from submitted to complete either.
        _refused(
            programmes,
            "UPDATE programme_referrals SET status = 'programme_complete' WHERE id = :r",
            {"r": referral},
            "not one the roles",
        )
        # A forged "correction" entry opens no shortcut: an entry records a move the
        # referral has just made (and a correction goes back along the last entry).
        with programmes.uow() as uow, pytest.raises(DBAPIError, match="just made"):
            uow.session.execute(
                text(
                    "INSERT INTO programme_referral_history (referral_id, person_id, "
                    "from_status, to_status, notes, moved_by_id, moved_at, corrects_id) "
                    "SELECT :r, person_id, 'submitted', 'programme_complete', '', "
                    "resettle_login_staff_id(), now(), (SELECT max(id) FROM "
                    "programme_referral_history WHERE referral_id = :r) "
                    "FROM programme_referrals WHERE id = :r"
                ),
                {"r": referral},
            )
            uow.session.execute(
                text("UPDATE programme_referrals SET status = 'programme_complete' WHERE id = :r"),
                {"r": referral},
            )
        revision = programmes.run(move_referral, referral, 3, {"to_status": "awaiting_assessment"})
        # Back along the last move: a correction (the service's path) ...
        revision = programmes.run(correct_last_move, referral, revision, {"notes": "Too soon"})
        assert _status(team, referral) == "submitted"
        # ... but a correction opens no other way: assessment started is no move from
        # submitted, nor back along the last entry (the correction itself).
        _refused(
            programmes,
            "UPDATE programme_referrals SET status = 'assessment_started' WHERE id = :r",
            {"r": referral},
            "not one the roles",
        )
    finally:
        programmes.close()
    assert _status(team, referral) == "submitted"


def test_rows_hang_only_from_the_same_persons_referral_in_the_logins_name(team: Team) -> None:
    group_id, elsewhere = _group_and_elsewhere(team)
    prison = team.sign_in("w.prison")
    try:
        referral = prison.run(refer_to_programme, team.person, {"programme_code": "BC-MOD"})
        history = (
            "INSERT INTO programme_referral_history (referral_id, person_id, from_status, "
            "to_status, notes, moved_by_id, moved_at) VALUES (:r, :p, 'on_programme', "
            "'programme_complete', '', :by, :at)"
        )
        at = dt.datetime(2001, 1, 1, tzinfo=dt.UTC)
        # A forged move on the referral of someone out of reach, under a reachable person (it
        # records no move of that referral either).
        _refused(
            prison,
            history,
            {"r": elsewhere, "p": team.person, "by": team.staff["w.prison"], "at": at},
            "row-level security|just made",
        )
        move = "UPDATE programme_referrals SET status = 'on_hold_submitted' WHERE id = :r"
        held = history.replace("'on_programme'", "'submitted'").replace(
            "'programme_complete'", "'on_hold_submitted'"
        )
        # The entry of a move just made, in another account's name.
        with prison.uow() as uow, pytest.raises(DBAPIError, match="row-level security"):
            uow.session.execute(text(move), {"r": referral})
            uow.session.execute(
                text(held),
                {"r": referral, "p": team.person, "by": team.staff["w.officer"], "at": at},
            )
        # The login's own entry of the move its referral has just made: written, at the
        # database's time.
        with prison.uow() as uow:
            uow.session.execute(text(move), {"r": referral})
            uow.session.execute(
                text(held),
                {"r": referral, "p": team.person, "by": team.staff["w.prison"], "at": at},
            )
            moved_at = uow.session.scalar(
                text("SELECT max(moved_at) FROM programme_referral_history WHERE referral_id = :r"),
                {"r": referral},
            )
            assert moved_at is not None and moved_at.year > 2001
            uow.session.rollback()
    finally:
        prison.close()
    programmes = team.sign_in("w.programmes")
    try:
        places = (
            "INSERT INTO programme_group_members (group_id, referral_id, person_id, joined_at, "
            "added_by_id) VALUES (:g, :r, :p, now(), :by)"
        )
        # A place for a referral not assessed yet (nor in assessment) is refused however it is
        # written: the group's places are for people assessed for it.
        own = {"g": group_id, "r": referral, "p": team.person, "by": team.staff["w.programmes"]}
        _refused(programmes, places, own, "given only to a referral assessed as suitable")
        revision = programmes.run(move_referral, referral, 1, {"to_status": "awaiting_assessment"})
        _refused(programmes, places, own, r"given only to a referral .* at awaiting_assessment")
        revision = assess_as_suitable(programmes.run, referral, revision, at="awaiting_assessment")
        # Another person's referral (out of reach: the rule says nothing of its status), or a
        # place in another account's name.
        _refused(
            programmes,
            places,
            {"g": group_id, "r": elsewhere, "p": team.person, "by": team.staff["w.programmes"]},
            "row-level security",
        )
        _refused(
            programmes,
            places,
            {"g": group_id, "r": referral, "p": team.person, "by": team.staff["w.prison"]},
            "row-level security",
        )
        programmes.run(give_group_place, referral, revision, group_id)
    finally:
        programmes.close()


def test_the_programme_team_saves_a_register_and_ties_a_one_to_one_through_its_login(
    team: Team,
) -> None:
    """The service's own path through the rules: the marks and the tie are in the login's
    name, hang from the person's own place and referral, and carry the database's time."""
    from resettle.domain.programme_attendance import RegisterRow
    from resettle.services.programme_attendance import (
        assign_one_to_one,
        record_attendance,
        register_for_session,
    )
    from resettle.storage.database import open_database

    group_id, _ = _group_and_elsewhere(team)
    prison = team.sign_in("w.prison")
    try:
        referral = prison.run(refer_to_programme, team.person, {"programme_code": "BC-MOD"})
    finally:
        prison.close()
    programmes = team.sign_in("w.programmes")
    try:
        revision = assess_as_suitable(programmes.run, referral, 1)
        programmes.run(give_group_place, referral, revision, group_id)
        # Sessions held since the place was given (a register lists only the places held
        # when its session starts; the person is released in 30 days).
        owner = open_database(team.url)
        try:
            with owner.uow() as uow:
                joined = uow.session.scalar(
                    text("SELECT joined_at FROM programme_group_members WHERE referral_id = :r"),
                    {"r": referral},
                )
                sessions = [
                    uow.session.scalar(
                        text(
                            "INSERT INTO programme_sessions (group_id, sequence, module_number, "
                            "session_number, name, session_type, starts_at, ends_at, "
                            "is_catch_up) VALUES (:g, :n, 1, :n, 'S', :kind, :at, "
                            ":at + interval '2 hours', false) RETURNING id"
                        ),
                        {"g": group_id, "n": n, "kind": kind, "at": at},
                    )
                    for n, kind, at in (
                        (1, "group", joined + dt.timedelta(milliseconds=100)),
                        (2, "one_to_one", joined + dt.timedelta(milliseconds=200)),
                    )
                ]
                uow.commit()
        finally:
            owner.close()
        time.sleep(
            max(
                0.0,
                (joined + dt.timedelta(milliseconds=300) - dt.datetime.now(dt.UTC)).total_seconds(),
            )
        )
        sheet = programmes.run(register_for_session, sessions[0]).sheet
        rows = [
            RegisterRow.model_validate({**row.model_dump(), "outcome": "attended_complied"})
            for row in sheet.rows
        ]
        programmes.run(
            record_attendance,
            sessions[0],
            sheet.with_rows(rows),
        )
        programmes.run(assign_one_to_one, sessions[1], referral)
        with programmes.uow() as uow:
            marks = uow.session.execute(
                text(
                    "SELECT a.person_id, a.recorded_by_id, a.recorded_at > now() - "
                    "interval '1 minute' FROM programme_attendance a WHERE a.referral_id = :r"
                ),
                {"r": referral},
            ).all()
            tie = uow.session.execute(
                text(
                    "SELECT person_id, assigned_by_id FROM programme_one_to_one_sessions "
                    "WHERE session_id = :s"
                ),
                {"s": sessions[1]},
            ).all()
        assert [tuple(m) for m in marks] == [(team.person, team.staff["w.programmes"], True)]
        assert [tuple(t) for t in tie] == [(team.person, team.staff["w.programmes"])]
    finally:
        programmes.close()


OFFERING = (
    "INSERT INTO programme_offerings (programme_id, establishment_id, contact, active, "
    "created_at) SELECT p.id, :e, '', true, now() FROM programmes p WHERE p.code = 'KAIZEN'"
)
GROUP = (
    "INSERT INTO programme_groups (offering_id, code, capacity, starts_on, ends_on, schedule, "
    "facilitator_ids, created_at) VALUES (:o, 'NEW', 8, '2027-01-04', '2027-03-29', '[]', "
    "'[]', now())"
)
SESSION = (
    "INSERT INTO programme_sessions (group_id, sequence, module_number, session_number, name, "
    "session_type, starts_at, ends_at, is_catch_up) VALUES (:g, 9, 1, 9, 'S', 'group', "
    "'2027-01-11 09:00+00', '2027-01-11 11:00+00', false)"
)


def _changed(workspace: Workspace, sql: str, params: dict[str, object]) -> int:
    with workspace.uow() as uow:
        count = int(getattr(uow.session.execute(text(sql), params), "rowcount", -1))
        uow.session.rollback()
        return count


def test_offerings_groups_and_sessions_are_written_only_where_the_login_runs_them(
    team: Team,
) -> None:
    """The manager manages HOM (not AWY); the programme team works at HOM."""
    from resettle.storage.database import open_database

    home_group, _ = _group_and_elsewhere(team)
    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            ids = {}
            for code in ("HOM", "AWY"):
                place = uow.session.scalar(
                    text("SELECT id FROM establishments WHERE code = :c"), {"c": code}
                )
                offering = uow.session.scalar(text(f"{OFFERING} RETURNING id"), {"e": place})
                group = uow.session.scalar(
                    text(GROUP.replace("'NEW'", "'OLD'") + " RETURNING id"), {"o": offering}
                )
                session = uow.session.scalar(text(f"{SESSION} RETURNING id"), {"g": group})
                ids[code] = {"e": place, "o": offering, "g": group, "s": session}
            uow.commit()
    finally:
        owner.close()
    home, away = ids["HOM"], ids["AWY"]
    manager = team.sign_in("w.manager")
    try:
        with manager.uow() as uow:
            uow.session.execute(text(OFFERING), {"e": home["e"]})
            uow.session.execute(text(GROUP), {"o": home["o"]})
            uow.session.execute(text(SESSION), {"g": home["g"]})
            uow.session.rollback()
        _refused(manager, OFFERING, {"e": away["e"]}, "row-level security")
        _refused(manager, GROUP, {"o": away["o"]}, "row-level security")
        _refused(manager, SESSION, {"g": away["g"]}, "row-level security")
        update = "UPDATE programme_offerings SET contact = 'x' WHERE id = :o"
        assert _changed(manager, update, home) == 1
        assert _changed(manager, update, away) == 0
        # Nor move an offering it manages to a place it does not.
        _refused(
            manager,
            "UPDATE programme_offerings SET establishment_id = :e WHERE id = :o",
            {"e": away["e"], "o": home["o"]},
            "row-level security",
        )
        group_update = "UPDATE programme_groups SET capacity = 9 WHERE id = :g"
        assert _changed(manager, group_update, home) == 1
        assert _changed(manager, group_update, away) == 0
    finally:
        manager.close()
    programmes = team.sign_in("w.programmes")
    try:
        with programmes.uow() as uow:
            uow.session.execute(text(SESSION), {"g": home["g"]})
            uow.session.rollback()
        _refused(programmes, SESSION, {"g": away["g"]}, "row-level security")
        replaced = "UPDATE programme_sessions SET replaced_at = now() WHERE id = :s"
        assert _changed(programmes, replaced, home) == 1
        assert _changed(programmes, replaced, away) == 0
        assert home_group != away["g"]
    finally:
        programmes.close()


def test_a_referrer_withdrawing_a_referral_that_holds_a_place_ends_the_place(
    team: Team,
) -> None:
    """A referrer's move that closes a referral ends its group place in the same unit of work
    (``record_referral_ending``), through the referrer's own login (it failed with the
    database's refusal); correcting that move holds the place again. A referrer ends or holds
    no place by hand."""
    group, _elsewhere = _group_and_elsewhere(team)
    prison = team.sign_in("w.prison")
    programmes = team.sign_in("w.programmes")
    try:
        referral, revision = _placed_referral(team, prison, programmes, group)
        # The place of an open referral is the programme team's to withdraw.
        _refused(
            prison,
            "UPDATE programme_group_members SET left_at = now() WHERE referral_id = :r",
            {"r": referral},
            "given by the programme team",
        )
        revision = prison.run(
            move_referral,
            referral,
            revision,
            {
                "to_status": "withdrawn",
                "category": "withdrawn_administrative",
                "reason": "withdrawn_duplicate",
            },
        )
        assert _status(team, referral) == "withdrawn"
        assert _place_left(team, referral) is True
        # The referrer may not set the place's end back by hand ...
        _refused(
            prison,
            "UPDATE programme_group_members SET left_at = NULL WHERE referral_id = :r",
            {"r": referral},
            "given by the programme team",
        )
        # ... the programme team corrects the withdrawal, and the place is held again.
        programmes.run(correct_last_move, referral, revision, {"notes": "Withdrawn in error"})
        assert _status(team, referral) == "assessed_suitable"
        assert _place_left(team, referral) is False
    finally:
        prison.close()
        programmes.close()


def _place_left(team: Team, referral: int) -> bool:
    return bool(
        _owner_scalar(
            team,
            "SELECT left_at IS NOT NULL FROM programme_group_members "
            "WHERE referral_id = :r ORDER BY id DESC LIMIT 1",
            referral,
        )
    )


def _placed_referral(
    team: Team, prison: Workspace, programmes: Workspace, group: int
) -> tuple[int, int]:
    """A referral made by prison staff, assessed as suitable by the programme team and given
    a place in ``group``: (referral id, its revision)."""
    referral = prison.run(refer_to_programme, team.person, {"programme_code": "BC-MOD"})
    revision = assess_as_suitable(programmes.run, referral, 1)
    return referral, programmes.run(give_group_place, referral, revision, group)


PLACE_RULES = "given by the programme team"


def test_a_place_changes_only_as_the_services_change_it(team: Team) -> None:
    """Security review: through SQL a referrer closed a referral and left its place held (no
    later register of the group could then be saved); the programme team backdated a place's
    end, ended an on-programme referral's place and held a closed referral's place again; and
    a move back along the last entry was written as a plain move, not a correction."""
    group, _elsewhere = _group_and_elsewhere(team)
    prison = team.sign_in("w.prison")
    programmes = team.sign_in("w.programmes")
    try:
        referral, _revision = _placed_referral(team, prison, programmes, group)
        # A referrer's withdrawal that leaves the place held is refused at commit.
        with prison.uow() as uow, pytest.raises(DBAPIError, match="ends its group place"):
            uow.session.execute(
                text("UPDATE programme_referrals SET status = 'withdrawn' WHERE id = :r"),
                {"r": referral},
            )
            uow.session.execute(
                text(
                    "INSERT INTO programme_referral_history (referral_id, person_id, "
                    "from_status, to_status, category, reason, notes, moved_by_id, moved_at) "
                    "SELECT id, person_id, 'assessed_suitable', 'withdrawn', "
                    "'withdrawn_administrative', 'withdrawn_duplicate', '', "
                    "resettle_login_staff_id(), now() FROM programme_referrals WHERE id = :r"
                ),
                {"r": referral},
            )
            uow.commit()
        assert _status(team, referral) == "assessed_suitable"
        # The programme team's withdrawal ends the place now, whatever time it sends.
        with programmes.uow() as uow:
            uow.session.execute(
                text(
                    "UPDATE programme_group_members SET left_at = '2020-01-01' "
                    "WHERE referral_id = :r"
                ),
                {"r": referral},
            )
            ended = uow.session.scalar(
                text(
                    "SELECT left_at > now() - interval '1 minute' FROM programme_group_members "
                    "WHERE referral_id = :r"
                ),
                {"r": referral},
            )
            assert ended is True
            # ... and an ended place is not held again by hand, nor its end moved.
            for value in ("NULL", "'2020-01-01'"):
                with pytest.raises(DBAPIError, match=PLACE_RULES), uow.session.begin_nested():
                    uow.session.execute(
                        text(
                            f"UPDATE programme_group_members SET left_at = {value} "
                            "WHERE referral_id = :r"
                        ),
                        {"r": referral},
                    )
        assert _place_left(team, referral) is False  # that transaction was rolled back
        revision = programmes.run(move_referral, referral, _revision, {"to_status": "on_programme"})
        _refused(
            programmes,
            "UPDATE programme_group_members SET left_at = now() WHERE referral_id = :r",
            {"r": referral},
            PLACE_RULES,
        )
        assert _status(team, referral) == "on_programme" and revision > 0
        # A move back along the last entry written as a plain move (not a correction).
        other = prison.run(refer_to_programme, team.person, {"programme_code": "BC-HIGH"})
        programmes.run(move_referral, other, 1, {"to_status": "awaiting_assessment"})
        with programmes.uow() as uow, pytest.raises(DBAPIError, match="not one the roles"):
            uow.session.execute(
                text("UPDATE programme_referrals SET status = 'submitted' WHERE id = :r"),
                {"r": other},
            )
            uow.session.execute(
                text(
                    "INSERT INTO programme_referral_history (referral_id, person_id, "
                    "from_status, to_status, notes, moved_by_id, moved_at) "
                    "SELECT id, person_id, 'awaiting_assessment', 'submitted', '', "
                    "resettle_login_staff_id(), now() FROM programme_referrals WHERE id = :r"
                ),
                {"r": other},
            )
            uow.session.flush()
        assert _status(team, other) == "awaiting_assessment"
    finally:
        prison.close()
        programmes.close()


def _place_end(team: Team, referral: int) -> tuple[object, ...]:
    from resettle.storage.database import open_database

    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            row = uow.session.execute(
                text(
                    "SELECT left_at IS NOT NULL, ended_by_id, end_reason "
                    "FROM programme_group_members WHERE referral_id = :r ORDER BY id DESC LIMIT 1"
                ),
                {"r": referral},
            ).one()
            return tuple(row)
    finally:
        owner.close()


def test_a_deselection_keeping_the_referral_open_ends_the_place_through_the_login(
    team: Team,
) -> None:
    """Second user trial: a deselection back to an open status ends the group place in the
    same unit of work; the database allows exactly that (and names the login as who ended it,
    for the reason it sees), and the correction of the deselection holds the place again.
    Who ended a place and why are not changed by hand."""
    group, _elsewhere = _group_and_elsewhere(team)
    prison = team.sign_in("w.prison")
    programmes = team.sign_in("w.programmes")
    deselect = {
        "category": "deselected_motivation_behaviour",
        "reason": "deselected_motivation",
    }
    try:
        referral, revision = _placed_referral(team, prison, programmes, group)
        revision = programmes.run(move_referral, referral, revision, {"to_status": "on_programme"})
        revision = programmes.run(
            move_referral, referral, revision, {"to_status": "suitable_not_ready", **deselect}
        )
        assert _status(team, referral) == "suitable_not_ready"
        assert _place_end(team, referral) == (True, team.staff["w.programmes"], "deselected")
        for column, value in (("end_reason", "'withdrawn'"), ("ended_by_id", "NULL")):
            _refused(
                programmes,
                f"UPDATE programme_group_members SET {column} = {value} WHERE referral_id = :r",
                {"r": referral},
                "Who ended a group place",
            )
        programmes.run(correct_last_move, referral, revision, {"notes": "Deselected in error"})
        assert _status(team, referral) == "on_programme"
        assert _place_end(team, referral) == (False, None, None)
    finally:
        prison.close()
        programmes.close()


def test_a_released_persons_place_is_free_through_the_logins_count(team: Team) -> None:
    """A person released from custody holds no custody group's place: the count every login
    reads (``resettle_group_places_taken``, which sees every place) leaves their place out
    from the day after release, as SQLite's count does; the members list too."""
    from resettle.services.programme_group_members import list_group_members
    from resettle.services.programme_referral_lists import list_establishment_referrals
    from resettle.storage.database import open_database

    group, _elsewhere = _group_and_elsewhere(team)
    prison = team.sign_in("w.prison")
    programmes = team.sign_in("w.programmes")
    try:
        _placed_referral(team, prison, programmes, group)
        listed = programmes.run(list_establishment_referrals, "HOM")
        assert listed.places_taken == {group: 1}
        assert len(programmes.run(list_group_members, group).members) == 1
        owner = open_database(team.url)
        try:
            with owner.uow() as uow:
                person = uow.people.get(team.person)
                assert person is not None
                person.release_date = dt.date.today() - dt.timedelta(days=1)
                uow.commit()
        finally:
            owner.close()
        listed = programmes.run(list_establishment_referrals, "HOM")
        assert listed.places_taken.get(group, 0) == 0
        members = programmes.run(list_group_members, group)
        assert members.members == () and members.others == 0
        # The count takes no date from its caller (a login asking day by day would learn
        # when a person it may not see is released): the old form is gone.
        with prison.uow() as uow:
            old = "resettle_group_places_taken(integer[], timestamp with time zone, date)"
            assert uow.session.scalar(text("SELECT to_regprocedure(:f)"), {"f": old}) is None
    finally:
        prison.close()
        programmes.close()
