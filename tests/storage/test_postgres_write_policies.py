"""What each login may write on PostgreSQL, the lock and the gate (``resettle db setup-roles``),
attacked with plain psycopg connections as the logins: no Resettle code in the attack.

Every write a role's services never make is refused by the database; the ones they make
still work (each tried in a transaction rolled back, so the shared database stays as seeded).

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server whose non-superuser
logins authenticate by password (``scripts/postgres.sh`` sets one up so).
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import errors

from resettle.domain.lockout import MAX_FAILED_ATTEMPTS
from resettle.domain.staff import Role
from resettle.services.database_logins import set_login_password, sync_login
from resettle.storage.postgres_access import person_tables
from resettle.storage.postgres_writes import ACCOUNT_PLACES, DELETED_BY_OFFICERS
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.staff import ManagedRegionRow
from tests.accounts import TEST_PASSWORD, seed_account
from tests.databases import PostgresServer
from tests.storage.secured_postgres import Secured, secured_database

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
#: An officer of the other team (people allocated to them move onto it).
COLLEAGUE = "rls.colleague"
#: Prison staff at the home establishment and an officer of the other team, in one account.
BOTH = "rls.both"
#: An account with no role or place yet.
NEWCOMER = "rls.newcomer"
COVER_GRANT = (
    "INSERT INTO cover_grants (staff_id, team_id, starts_on, ends_on, reason, granted_by_id, "
    "granted_at) VALUES (%s, %s, current_date, current_date, 'x', %s, now())"
)


@pytest.fixture(scope="module")
def secured(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Secured]:
    with secured_database(postgres_server, postgres_template) as database:
        with database.database.uow() as uow:
            other = uow.staff.team_by_code("OTHER").id
            home = uow.staff.establishment_by_code("HOM").id
        colleague = seed_account(database.database, COLLEAGUE, team_id=other)
        both = seed_account(
            database.database,
            BOTH,
            (Role.OFFICER, Role.PRISON_STAFF),
            team_id=other,
            establishment_id=home,
        )
        with database.database.uow() as uow:
            for staff_id in (colleague, both):
                sync_login(uow, staff_id)
                set_login_password(uow, staff_id, TEST_PASSWORD)
            uow.commit()
        newcomer = seed_account(database.database, NEWCOMER, ())
        database.named = {COLLEAGUE: colleague, BOTH: both, NEWCOMER: newcomer}
        yield database


def _owner_value(secured: Secured, sql: str, *params: object) -> object:
    url = secured.url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as owner:
        row = owner.execute(sql, params).fetchone()
    return None if row is None else row[0]


def _team(secured: Secured, code: str) -> int:
    return int(str(_owner_value(secured, "SELECT id FROM teams WHERE code = %s", code)))


def _refused(connection: psycopg.Connection, sql: str, *params: object) -> None:
    """The statement is refused outright: a missing privilege, or a row the policies forbid."""
    with pytest.raises(errors.InsufficientPrivilege):
        connection.execute(sql, params)


def _rolled_back(connection: psycopg.Connection, sql: str, *params: object) -> int:
    """Rows the statement changes, in a transaction rolled back afterwards."""
    with connection.transaction(force_rollback=True):
        return connection.execute(sql, params).rowcount


# --- prison staff: release-day essentials only -------------------------------------------------


@pytest.mark.parametrize(
    "assignment",
    [
        "restricted = true",
        "team_id = NULL",
        "responsible_officer_id = NULL",
        "family_name = 'Changed'",
        "case_closed = true",
        "establishment_id = NULL",
    ],
)
def test_prison_staff_cannot_change_a_persons_placement_or_profile(
    secured: Secured, assignment: str
) -> None:
    with secured.login(Role.PRISON_STAFF) as prison:
        person = secured.people["in_scope"]
        _refused(prison, f"UPDATE people SET {assignment} WHERE id = %s", person)


def test_prison_staff_keep_the_essentials_counts_and_nothing_else_of_a_plan(
    secured: Secured,
) -> None:
    person = secured.people["in_scope"]
    with secured.login(Role.PRISON_STAFF) as prison:
        assert (
            _rolled_back(
                prison, "UPDATE people SET open_critical_essentials = 0 WHERE id = %s", person
            )
            == 1
        )
        _refused(prison, "UPDATE plan_actions SET what = 'Changed'")
        _refused(prison, "DELETE FROM essentials")
        _refused(
            prison, "INSERT INTO case_notes (person_id, text, author) VALUES (%s, 'x', 'x')", person
        )


# --- officers: no deletes beyond the services', no restriction, no team of their choosing ------


@pytest.mark.parametrize(
    "table",
    sorted({t.name for t in person_tables()} - DELETED_BY_OFFICERS),
)
def test_an_officer_deletes_nothing_the_services_never_delete(secured: Secured, table: str) -> None:
    with secured.login(Role.OFFICER) as officer:
        _refused(officer, f"DELETE FROM {table}")


def test_an_officer_cannot_rewrite_case_notes_or_lift_a_restriction(secured: Secured) -> None:
    with secured.login(Role.OFFICER) as officer:
        _refused(officer, "UPDATE case_notes SET text = 'Changed'")
        _refused(
            officer,
            "UPDATE people SET restricted = false WHERE id = %s",
            secured.people["restricted_named"],
        )


def test_an_officer_writes_no_access_list_and_no_cover(secured: Secured) -> None:
    person = secured.people["in_scope"]
    me = secured.accounts[Role.OFFICER]
    with secured.login(Role.OFFICER) as officer:
        _refused(officer, "DELETE FROM person_access")
        _refused(
            officer,
            "INSERT INTO person_access (person_id, staff_id, kind, reason, set_by_id, set_at) "
            "VALUES (%s, %s, 'allowed', 'x', %s, now())",
            person,
            me,
            me,
        )
        _refused(
            officer,
            COVER_GRANT,
            me,
            _team(secured, "OTHER"),
            me,
        )


def test_a_person_moves_team_only_with_their_officer(secured: Secured) -> None:
    person = secured.people["in_scope"]  # my team, held at home
    other = _team(secured, "OTHER")
    colleague = secured.named[COLLEAGUE]
    move = "UPDATE people SET responsible_officer_id = %s, team_id = %s WHERE id = %s"
    with secured.login(Role.MANAGER) as manager:
        _refused(manager, "UPDATE people SET team_id = %s WHERE id = %s", other, person)
        # Allocated to an officer of the other team, the person moves onto it (and stays
        # within the manager's reach: they manage the home establishment).
        assert _rolled_back(manager, move, colleague, other, person) == 1
    with secured.login(Role.OFFICER) as officer:
        _refused(officer, "UPDATE people SET team_id = %s WHERE id = %s", other, person)
        # PostgreSQL checks a changed row against the read policy too: an officer cannot hand
        # a person out of their own reach (see docs/accounts.md).
        _refused(officer, move, colleague, other, person)


# --- managers: access lists and cover only for what they manage -----------------------------


def _access_row(person: int, staff: int, kind: str, set_by: int) -> tuple[str, tuple[object, ...]]:
    return (
        "INSERT INTO person_access (person_id, staff_id, kind, reason, set_by_id, set_at) "
        "VALUES (%s, %s, %s, 'x', %s, now())",
        (person, staff, kind, set_by),
    )


def test_a_manager_writes_access_lists_only_for_people_they_manage(secured: Secured) -> None:
    me = secured.accounts[Role.MANAGER]
    officer = secured.accounts[Role.OFFICER]
    mine, theirs = secured.people["in_scope"], secured.people["out_of_scope"]
    with secured.login(Role.MANAGER) as manager:
        for refused in (
            _access_row(theirs, officer, "allowed", me),
            _access_row(mine, me, "excluded", me),
            _access_row(mine, officer, "allowed", officer),
        ):
            _refused(manager, refused[0], *refused[1])
        allowed = _access_row(mine, officer, "allowed", me)
        assert _rolled_back(manager, allowed[0], *allowed[1]) == 1
        # The manager's own exclusion (rows exist) is not theirs to lift.
        excluded = secured.people["excluded"]
        assert _owner_value(
            secured, "SELECT count(*) FROM person_access WHERE person_id = %s", excluded
        )
        assert (
            _rolled_back(manager, "DELETE FROM person_access WHERE person_id = %s", excluded) == 0
        )
        _refused(manager, "UPDATE people SET family_name = 'Changed' WHERE id = %s", mine)
        # Erasure goes through resettle_erase_person (test_postgres_erasure.py): no deletes.
        _refused(manager, "DELETE FROM people WHERE id = %s", mine)


_LEDGER = (
    "INSERT INTO import_ledger (import_id, source_name, source_sha256, source_line, "
    "row_sha256, imported_by_id, person_id, person_version) "
    "SELECT 'i', 'f.csv', 'h', 2, 'r', %s, id, version - %s FROM people WHERE id = %s"
)
#: A copy of a person the manager reads, with new identifiers, a team and restriction.
_CHANGED = {"prison_number": "'M9999MM'", "crn": "'M999999'", "team_id": "%s", "restricted": "%s"}
_COPIED = [c.name for c in PersonRow.__table__.columns if c.name not in ("id", "pnc_number")]
_NEW_PERSON = (
    f"INSERT INTO people ({', '.join(_COPIED)}) "
    f"SELECT {', '.join(_CHANGED.get(c, c) for c in _COPIED)} FROM people WHERE id = %s"
)


def test_a_manager_inserts_people_only_onto_a_team_they_manage_unrestricted(
    secured: Secured,
) -> None:
    """What a manager's caseload import writes (``postgres_imports.py``)."""
    with secured.database.uow() as uow:
        mine, other = uow.staff.team_by_code("MINE").id, uow.staff.team_by_code("OTHER").id
    with secured.login(Role.MANAGER) as manager:
        source = secured.people["in_scope"]
        assert _rolled_back(manager, _NEW_PERSON, mine, False, source) == 1
        _refused(manager, _NEW_PERSON, other, False, source)
        _refused(manager, _NEW_PERSON, mine, True, source)
    with secured.login(Role.PRISON_STAFF) as prison:
        _refused(prison, _NEW_PERSON, mine, False, source)


def _refused_within(connection: psycopg.Connection, sql: str, *params: object) -> None:
    """As :func:`_refused`, inside an open transaction (a savepoint keeps it usable)."""
    with pytest.raises(errors.InsufficientPrivilege), connection.transaction():
        connection.execute(sql, params)


def test_a_manager_changes_no_profile_and_records_only_the_people_their_import_made(
    secured: Secured,
) -> None:
    """A manager's import makes people and records them in the ledger, in their own name and
    in the same transaction; it updates no profile, with or without a ledger row
    (``postgres_imports.py``)."""
    me = secured.accounts[Role.MANAGER]
    officer = secured.accounts[Role.OFFICER]
    mine = secured.people["in_scope"]
    team = _team(secured, "MINE")
    rename = "UPDATE people SET family_name = 'Imported', version = version + 1 WHERE id = %s"
    with secured.login(Role.MANAGER) as manager:
        _refused(manager, rename, mine)
        # A person recorded before: no ledger row in anyone's name, so no way to a profile.
        for importer in (me, officer):
            _refused(manager, _LEDGER, importer, 0, mine)
        with manager.transaction(force_rollback=True):
            # Allocation stays the manager's own; it opens no profile.
            move = "UPDATE people SET responsible_officer_id = %s WHERE id = %s"
            assert manager.execute(move, (officer, mine)).rowcount == 1
            _refused_within(manager, rename, mine)
            made = manager.execute(_NEW_PERSON + " RETURNING id", (team, False, mine)).fetchone()
            assert made is not None
            _refused_within(manager, _LEDGER, officer, 0, made[0])
            assert manager.execute(_LEDGER, (me, 0, made[0])).rowcount == 1
            # One ledger row per person made: a second would vouch for a later version.
            _refused_within(manager, _LEDGER, me, 0, made[0])
            _refused_within(manager, rename, made[0])
    with secured.login(Role.OFFICER) as officer_login:
        assert _rolled_back(officer_login, rename, mine) == 1


def test_a_manager_cannot_name_themself_onto_a_restricted_persons_list(
    secured: Secured,
) -> None:
    """A restricted person on a team they manage, whose list does not name them: as in the
    services, they do not reach the person, so they may not add themself (nor learn the
    person exists by asking)."""
    me = secured.accounts[Role.MANAGER]
    hidden = secured.people["restricted_not_named"]
    with secured.login(Role.MANAGER) as manager:
        assert manager.execute("SELECT resettle_manages_person(%s)", (hidden,)).fetchone() == (
            False,
        )
        row = _access_row(hidden, me, "allowed", me)
        _refused(manager, row[0], *row[1])
        assert manager.execute("SELECT id FROM people WHERE id = %s", (hidden,)).fetchall() == []


def test_a_manager_grants_cover_only_on_their_teams_in_their_own_name(secured: Secured) -> None:
    me = secured.accounts[Role.MANAGER]
    officer = secured.accounts[Role.OFFICER]
    grant = COVER_GRANT
    mine, other = _team(secured, "MINE"), _team(secured, "OTHER")
    with secured.login(Role.MANAGER) as manager:
        _refused(manager, grant, officer, other, me)
        _refused(manager, grant, officer, mine, officer)
        assert _rolled_back(manager, grant, officer, mine, me) == 1
        _refused(manager, "UPDATE cover_grants SET team_id = %s", other)


# --- administrators: never themself, never a password hash ---------------------------------


@pytest.mark.parametrize("table", ACCOUNT_PLACES)
def test_an_administrator_cannot_give_themself_a_role_or_a_place(
    secured: Secured, table: str
) -> None:
    me = secured.accounts[Role.ADMIN]
    values = {
        "staff_roles": ("role", "'officer'"),
        "team_members": ("team_id", str(_team(secured, "MINE"))),
        "managed_teams": ("team_id", str(_team(secured, "MINE"))),
        "establishment_staff": ("establishment_id", "(SELECT min(id) FROM establishments)"),
        "managed_establishments": ("establishment_id", "(SELECT min(id) FROM establishments)"),
        "managed_regions": ("region_id", "(SELECT min(id) FROM regions)"),
    }
    if table == "managed_regions":
        with secured.database.uow() as uow:
            if uow.regions.by_code("RLS") is None:
                region = uow.regions.add("RLS", "A region")
                # Another account's row, for the update below.
                uow.session.add(
                    ManagedRegionRow(staff_id=secured.accounts[Role.MANAGER], region_id=region.id)
                )
                uow.commit()
    column, value = values[table]
    with secured.login(Role.ADMIN) as admin:
        _refused(admin, f"INSERT INTO {table} (staff_id, {column}) VALUES (%s, {value})", me)
        _refused(
            admin,
            f"UPDATE {table} SET staff_id = %s "
            f"WHERE staff_id = (SELECT min(staff_id) FROM {table} WHERE staff_id <> %s)",
            me,
            me,
        )
        others = secured.named[NEWCOMER]
        insert = f"INSERT INTO {table} (staff_id, {column}) VALUES (%s, {value})"
        assert _rolled_back(admin, insert, others) == 1


def test_an_administrator_reads_no_password_hash_and_renames_no_login(secured: Secured) -> None:
    with secured.login(Role.ADMIN) as admin:
        _refused(admin, "SELECT password_hash FROM staff")
        _refused(admin, "UPDATE staff SET display_name = 'x' RETURNING password_hash")
        _refused(admin, "UPDATE staff SET username = 'rls.admin2' WHERE username = 'rls.officer'")
        _refused(admin, "DELETE FROM staff")


# --- several roles: case notes through the casework roles only --------------------------------


def test_an_account_reads_notes_only_of_people_its_casework_roles_reach(secured: Secured) -> None:
    held_here = secured.people["in_scope"]  # home establishment, my team: prison staff reach
    their_team = secured.people["out_of_scope"]  # the other team: the officer role reaches
    with secured.connect(BOTH) as both:
        people = {row[0] for row in both.execute("SELECT id FROM people")}
        notes = {row[0] for row in both.execute("SELECT person_id FROM case_notes")}
        _refused(
            both,
            "INSERT INTO case_notes (person_id, text, author) VALUES (%s, 'x', 'x')",
            held_here,
        )
    assert {held_here, their_team} <= people
    assert their_team in notes
    assert held_here not in notes


# --- the gate and the lock ---------------------------------------------------------------------


def test_a_staff_login_cannot_count_failures_against_another_account(secured: Secured) -> None:
    with secured.login(Role.OFFICER) as officer:
        for call in (
            "resettle_gate_sign_in_failed",
            "resettle_gate_before_sign_in",
            "resettle_sign_in_failed_of",
            "resettle_lift_ended_lock_of",
        ):
            _refused(officer, f"SELECT {call}('rls.manager')")
    failures = _owner_value(
        secured, "SELECT failed_sign_ins FROM staff WHERE username = 'rls.manager'"
    )
    assert failures == 0


def test_the_gate_cannot_ask_whether_an_account_is_locked(secured: Secured) -> None:
    with secured.gate() as gate, pytest.raises(errors.UndefinedFunction):
        gate.execute("SELECT resettle_gate_locked('rls.officer')")


def _lockable(secured: Secured, username: str) -> int:
    staff_id = seed_account(secured.database, username)
    with secured.database.uow() as uow:
        sync_login(uow, staff_id)
        set_login_password(uow, staff_id, TEST_PASSWORD)
        uow.commit()
    secured.connect(username).close()
    return staff_id


def _lock_through_the_gate(secured: Secured, username: str) -> None:
    with secured.gate() as gate:
        for _ in range(MAX_FAILED_ATTEMPTS):
            gate.execute("SELECT resettle_gate_sign_in_failed(%s)", (username,))


def test_postgresql_refuses_a_locked_accounts_right_password(secured: Secured) -> None:
    _lockable(secured, "rls.locked")
    _lock_through_the_gate(secured, "rls.locked")
    with pytest.raises(psycopg.OperationalError) as refused:
        secured.connect("rls.locked").close()
    # The same refusal as a wrong password: nothing says the account exists or is locked.
    with pytest.raises(psycopg.OperationalError) as wrong:
        secured.connect("rls.locked", "not-the-password-at-all").close()
    assert str(refused.value) == str(wrong.value)
    # An administrator's unlock (or a password reset) opens the login again.
    _owner_value(
        secured,
        "UPDATE staff SET locked_until = NULL WHERE username = 'rls.locked' RETURNING id",
    )
    secured.connect("rls.locked").close()


def test_a_lock_that_ran_out_is_lifted_at_the_next_sign_in(secured: Secured) -> None:
    _lockable(secured, "rls.expired")
    _lock_through_the_gate(secured, "rls.expired")
    # As if the 15 minutes had passed: the row's lock ends, the login is still refused
    # (the trigger is left out, as time passing fires none).
    url = secured.url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as owner:
        owner.execute("SET session_replication_role = replica")
        owner.execute(
            "UPDATE staff SET locked_until = now() - interval '1 second' "
            "WHERE username = 'rls.expired'"
        )
    with pytest.raises(psycopg.OperationalError):
        secured.connect("rls.expired").close()
    with secured.gate() as gate:
        gate.execute("SELECT resettle_gate_before_sign_in('rls.expired')")
    secured.connect("rls.expired").close()


def test_a_login_counts_its_own_failures_only(secured: Secured) -> None:
    staff_id = _lockable(secured, "rls.own")
    with secured.connect("rls.own") as own:
        own.execute("SELECT resettle_own_sign_in_failed()")
    count = "SELECT failed_sign_ins FROM staff WHERE id = %s"
    assert _owner_value(secured, count, staff_id) == 1
    assert _owner_value(secured, count, secured.accounts[Role.OFFICER]) == 0


def test_a_login_moves_the_readiness_day_only_to_a_date(secured: Secured) -> None:
    """Every login may bring the readiness day on (the caseload keeps scores as of it), but
    write nothing else there."""
    _owner_value(
        secured,
        "INSERT INTO resettle_meta (key, value) VALUES ('readiness_as_of', '2026-12-01') "
        "ON CONFLICT (key) DO NOTHING RETURNING key",
    )
    update = "UPDATE resettle_meta SET value = %s WHERE key = 'readiness_as_of'"
    with secured.login(Role.PRISON_STAFF) as login:
        _refused(login, update, "9999-99-99; not a day")
    with secured.login(Role.PRISON_STAFF) as login:
        assert _rolled_back(login, update, "2026-12-02") == 1
        other = "UPDATE resettle_meta SET value = 'x' WHERE key <> 'readiness_as_of'"
        assert _rolled_back(login, other) == 0


# --- the programme history: added to by officers and prison staff, never changed -------------

#: In the login's own name (``postgres_programmes.WRITTEN_BY``).
PROGRAMME_ENTRY = (
    "INSERT INTO programme_history (person_id, programme_code, programme_name, setting, "
    "outcome, source, recorded_by, recorded_at, recorded_by_id) "
    "VALUES (%s, 'KAIZEN', 'Kaizen', 'custody', 'complete', 'recorded', 'x', now(), "
    "resettle_login_staff_id())"
)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PRISON_STAFF])
def test_the_programme_history_is_added_to_for_people_reached_and_never_changed(
    secured: Secured, role: Role
) -> None:
    with secured.login(role) as login:
        assert _rolled_back(login, PROGRAMME_ENTRY, secured.people["in_scope"]) == 1
        _refused(login, PROGRAMME_ENTRY, secured.people["out_of_scope"])
        _refused(login, "UPDATE programme_history SET outcome = 'cancelled'")
        _refused(login, "DELETE FROM programme_history")


def test_a_manager_records_no_programme(secured: Secured) -> None:
    with secured.login(Role.MANAGER) as manager:
        _refused(manager, PROGRAMME_ENTRY, secured.people["in_scope"])


# --- outcome checks after release: added by officers, never changed --------------------------

OUTCOME_CHECK = (
    "INSERT INTO outcome_checks (person_id, point, release_date, checked_on, accommodation, "
    "note, recorded_by, recorded_at, recorded_by_id) "
    "VALUES (%s, 'first_night', current_date - 2, current_date, 'settled', '', 'x', now(), "
    "resettle_login_staff_id())"
)


def test_officers_add_outcome_checks_for_people_reached_and_nobody_changes_them(
    secured: Secured,
) -> None:
    with secured.login(Role.OFFICER) as login:
        assert _rolled_back(login, OUTCOME_CHECK, secured.people["in_scope"]) == 1
        _refused(login, OUTCOME_CHECK, secured.people["out_of_scope"])
        _refused(login, "UPDATE outcome_checks SET accommodation = 'unknown'")
        _refused(login, "DELETE FROM outcome_checks")


def test_an_outcome_check_is_in_the_officers_own_name_and_corrects_the_same_persons_check(
    secured: Secured,
) -> None:
    forged = OUTCOME_CHECK.replace("resettle_login_staff_id())", "resettle_login_staff_id() + 1)")
    other = _owner_value(
        secured,
        OUTCOME_CHECK.replace("resettle_login_staff_id()", "NULL") + " RETURNING id",
        secured.people["out_of_scope"],
    )
    correcting = OUTCOME_CHECK.replace("recorded_by_id)", "recorded_by_id, supersedes_id)").replace(
        "resettle_login_staff_id())", "resettle_login_staff_id(), %s)"
    )
    with secured.login(Role.OFFICER) as login:
        _refused(login, forged, secured.people["in_scope"])
        _refused(login, correcting, secured.people["in_scope"], other)


@pytest.mark.parametrize("role", [Role.PRISON_STAFF, Role.MANAGER, Role.PROGRAMME_TEAM])
def test_other_roles_record_no_outcome_check(secured: Secured, role: Role) -> None:
    with secured.login(role) as login:
        _refused(login, OUTCOME_CHECK, secured.people["in_scope"])


# --- programme attendance: the programme team adds marks, nobody changes them ---------------


def _place_for(secured: Secured, person: int) -> tuple[int, int, int]:
    """A session and a group place of ``person`` (made as the owner): session, place, referral."""
    value = _owner_value
    programme = value(secured, "SELECT id FROM programmes WHERE code = 'BC-MOD'")
    home = value(secured, "SELECT id FROM establishments WHERE code = 'HOM'")
    offering = value(
        secured,
        "INSERT INTO programme_offerings (programme_id, establishment_id, contact, active, "
        "created_at) VALUES (%s, %s, '', true, now()) RETURNING id",
        programme,
        home,
    )
    group = value(
        secured,
        "INSERT INTO programme_groups (offering_id, code, capacity, starts_on, ends_on, "
        "schedule, facilitator_ids, created_at) VALUES (%s, %s, 12, '2026-11-02', '2027-01-29', "
        "'[]', '[]', now()) RETURNING id",
        offering,
        f"G{person}",
    )
    session = value(
        secured,
        "INSERT INTO programme_sessions (group_id, sequence, module_number, session_number, "
        "name, session_type, starts_at, ends_at, is_catch_up) VALUES (%s, 1, 1, 1, 'S', "
        "'group', '2026-11-02 09:00+00', '2026-11-02 11:00+00', false) RETURNING id",
        group,
    )
    referral = value(
        secured,
        "INSERT INTO programme_referrals (person_id, programme_id, offering_id, status, "
        "status_since, referred_at, revision) VALUES (%s, %s, %s, 'on_programme', now(), now(), "
        "1) RETURNING id",
        person,
        programme,
        offering,
    )
    place = value(
        secured,
        "INSERT INTO programme_group_members (group_id, referral_id, person_id, joined_at) "
        "VALUES (%s, %s, %s, now()) RETURNING id",
        group,
        referral,
        person,
    )
    return int(str(session)), int(str(place)), int(str(referral))


MARK = (
    "INSERT INTO programme_attendance (session_id, member_id, referral_id, person_id, "
    "mark_number, outcome, note, recorded_by_id, recorded_at) "
    "VALUES (%s, %s, %s, %s, 1, 'attended_complied', '', resettle_login_staff_id(), now())"
)


def test_the_programme_team_adds_marks_for_people_reached_and_nobody_changes_them(
    secured: Secured,
) -> None:
    inside, outside = secured.people["in_scope"], secured.people["out_of_scope"]
    session, place, referral = _place_for(secured, inside)
    far_session, far_place, far_referral = _place_for(secured, outside)
    with secured.login(Role.PROGRAMME_TEAM) as team:
        assert _rolled_back(team, MARK, session, place, referral, inside) == 1
        _refused(team, MARK, far_session, far_place, far_referral, outside)
        _refused(team, "UPDATE programme_attendance SET outcome = 'unacceptable_absence'")
        _refused(team, "DELETE FROM programme_attendance")
    for role in (Role.OFFICER, Role.PRISON_STAFF, Role.MANAGER):
        with secured.login(role) as login:
            _refused(login, MARK, session, place, referral, inside)


def test_a_mark_names_the_same_persons_place_and_referral_and_its_own_recorder(
    secured: Secured,
) -> None:
    """Foreign keys are checked without row-level security: a mark of a reached person may not
    name the group place or referral of someone out of reach, nor another account as its
    recorder; its time is the database's."""
    inside, outside = secured.people["in_scope"], secured.people["out_of_scope"]
    session, place, referral = _place_for(secured, inside)
    _, far_place, far_referral = _place_for(secured, outside)
    with secured.login(Role.PROGRAMME_TEAM) as team:
        _refused(team, MARK, session, far_place, far_referral, inside)
        _refused(team, MARK, session, far_place, referral, inside)
        _refused(team, MARK, session, place, far_referral, inside)
        _refused(
            team,
            MARK.replace("resettle_login_staff_id()", "%s"),
            session,
            place,
            referral,
            inside,
            secured.named[NEWCOMER],
        )
        with team.transaction(force_rollback=True):
            team.execute(
                MARK.replace("now()", "'2001-01-01 00:00+00'"), (session, place, referral, inside)
            )
            row = team.execute(
                "SELECT recorded_at > now() - interval '1 minute' FROM programme_attendance "
                "WHERE member_id = %s",
                (place,),
            ).fetchone()
            assert row == (True,)
