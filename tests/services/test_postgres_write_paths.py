"""Whole user actions of every role, signed in as the account's own PostgreSQL login: the
narrow grants and write policies of ``resettle db setup-roles`` (``storage/postgres_writes.py``)
still let each role do everything its services do.

Skipped unless ``RESETTLE_TEST_DATABASE_URL`` names a PostgreSQL server whose non-superuser
logins authenticate by password (``scripts/postgres.sh`` sets one up so).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from resettle.domain import clock
from resettle.domain.errors import ConcurrentEdit, ValidationFailed
from resettle.domain.outcome_checks import OutcomeCheck
from resettle.domain.staff import Role
from resettle.domain.subject_access import Period
from resettle.services import (
    accounts,
    allocation,
    authentication,
    case_access,
    case_status,
    disclosures,
    outcome_checks,
    people,
    retention,
    seen_by,
)
from resettle.services.case_record import essentials
from resettle.services.database_logins import set_login_password, setup_roles
from resettle.services.erasure.erase import erase_person
from resettle.services.subject_access.export import export_subject_access
from resettle.services.workspace import Workspace, signed_in_workspace
from resettle.storage.database import Database, open_database
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import TEST_PASSWORD, seed_account
from tests.databases import PostgresServer
from tests.factories import another_person

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
GATE_PASSWORD = "gate-keeper-password-9"
TODAY = clock.today()
ID_IN_PROGRESS = {"kind": "id_document", "status": "in_progress", "id_type": "passport"}


@dataclass
class Team:
    url: str
    person: int
    staff: dict[str, int]

    def sign_in(self, username: str) -> Workspace:
        database = open_database(self.url)
        try:
            return signed_in_workspace(database, username, TEST_PASSWORD)
        except Exception:
            database.close()
            raise


@pytest.fixture
def team(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Team]:
    """An officer (the test team), a colleague on another team, prison staff, the programme
    team and a manager (of the test team and every establishment), an administrator; the
    officer's person, held at home."""
    name = postgres_server.create("resettle_writes", postgres_template)
    url = postgres_server.url(name)
    database = open_database(url)
    try:
        with database.uow() as uow:
            home = uow.staff.add_establishment(EstablishmentRow(code="HOM", name="HMP Home")).id
            other = uow.staff.add_team("OTHER", "Other team").id
            uow.commit()
        staff = {
            "w.officer": seed_account(database, "w.officer"),
            "w.colleague": seed_account(database, "w.colleague", team_id=other),
            "w.prison": seed_account(
                database, "w.prison", (Role.PRISON_STAFF,), establishment_id=home
            ),
            "w.manager": seed_account(database, "w.manager", (Role.MANAGER,)),
            "w.admin": seed_account(database, "w.admin", (Role.ADMIN,)),
            "w.newcomer": seed_account(database, "w.newcomer", (Role.PRISON_STAFF,)),
            "w.programmes": seed_account(
                database, "w.programmes", (Role.PROGRAMME_TEAM,), establishment_id=home
            ),
        }
        person = _register(database, staff["w.officer"], home)
        setup_roles(database.uow(), GATE_PASSWORD)
        with database.uow() as uow:
            for staff_id in staff.values():
                set_login_password(uow, staff_id, TEST_PASSWORD)
            uow.commit()
        yield Team(url, person, staff)
    finally:
        database.close()
        postgres_server.drop(name)


def _register(database: Database, officer_id: int, home: int) -> int:
    with database.uow() as uow:
        row = uow.staff.get(officer_id)
        assert row is not None
        actor = authentication.actor_of(uow, row)
    data = another_person(
        1, establishment_id=home, release_date=TODAY + dt.timedelta(days=30), aliases=["Jo"]
    )
    return people.register_person(actor, database.uow(), data).id


def test_an_officer_replaces_aliases_and_closes_and_reopens_the_case(team: Team) -> None:
    workspace = team.sign_in("w.officer")
    try:
        detail = workspace.run(people.get_person, team.person)
        profile = detail.profile.model_copy(update={"aliases": ["Joe"]})
        changed = workspace.run(people.update_person, team.person, detail.version, profile)
        assert changed.profile.aliases == ["Joe"]
        workspace.run(case_status.close_case, team.person, {"reason": "transferred_out"})
        workspace.run(case_status.reopen_case, team.person)
    finally:
        workspace.close()


def test_prison_staff_record_an_essential_and_its_open_count(team: Team) -> None:
    prison = team.sign_in("w.prison")
    try:
        assert prison.run(essentials.save_essential, team.person, 0, ID_IN_PROGRESS) == 1
    finally:
        prison.close()
    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            row = uow.people.get(team.person)
            assert row is not None
            assert row.open_critical_essentials + row.open_other_essentials > 0
    finally:
        owner.close()


def test_a_manager_restricts_allocates_and_grants_cover(team: Team) -> None:
    workspace = team.sign_in("w.manager")
    try:
        access = workspace.run(
            case_access.set_person_access,
            team.person,
            restricted=True,
            allowed_staff_ids=[team.staff["w.officer"]],
            excluded_staff_ids=[],
            reason="A member of staff knows the person",
            expected_revision=0,
        )
        assert access.restricted
        workspace.run(
            case_access.set_person_access,
            team.person,
            restricted=False,
            allowed_staff_ids=[],
            excluded_staff_ids=[],
            reason="No longer needed",
            expected_revision=access.revision,
        )
        moved = workspace.run(allocation.allocate_people, [team.person], team.staff["w.colleague"])
        assert moved == 1
        team_id = workspace.run(case_access.managed_teams)[0].id
        cover = workspace.run(
            case_access.grant_cover,
            team.staff["w.colleague"],
            team_id,
            TODAY + dt.timedelta(days=7),
            "Annual leave",
        )
        workspace.run(case_access.end_cover, cover)
    finally:
        workspace.close()


def test_an_administrator_gives_another_account_a_role_but_not_themself(team: Team) -> None:
    workspace = team.sign_in("w.admin")
    try:
        detail = workspace.run(
            accounts.set_roles, team.staff["w.newcomer"], [Role.PRISON_STAFF, Role.MANAGER]
        )
        assert set(detail.roles) == {Role.PRISON_STAFF, Role.MANAGER}
    finally:
        workspace.close()


def test_an_administrator_sets_a_rule_and_a_manager_keeps_then_erases(team: Team) -> None:
    admin = team.sign_in("w.admin")
    try:
        admin.run(
            retention.save_retention_rule,
            None,
            {"name": "After release", "counts_from": "release_date", "months": 1},
        )
    finally:
        admin.close()
    manager = team.sign_in("w.manager")
    try:
        later = TODAY + dt.timedelta(days=90)
        assert [p.person_id for p in manager.run(retention.list_due_for_review, later)] == [
            team.person
        ]
        manager.run(
            retention.keep_after_review,
            team.person,
            {"reason": "Licence recall", "next_review_on": TODAY + dt.timedelta(days=30)},
        )
        number = manager.run(people.get_person, team.person).profile.prison_number
        record = manager.run(erase_person, number, "recorded_in_error")
        assert record.rows_removed > 1
    finally:
        manager.close()
    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            assert uow.people.get(team.person) is None
    finally:
        owner.close()


def test_a_disclosure_by_prison_staff_is_read_back_by_the_officer_and_the_manager(
    team: Team,
) -> None:
    """Prison staff write the note (and may not read it back: no ``RETURNING``); the
    person's officer and the team's manager read the words, through the notes' read policy."""
    words = {"justification": "other", "justification_text": "Chaplain", "recipient": "Vicar"}
    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            uow.session.execute(
                text("UPDATE people SET responsible_officer_id = :o WHERE id = :p"),
                {"o": team.staff["w.officer"], "p": team.person},
            )
            uow.commit()
    finally:
        owner.close()
    prison = team.sign_in("w.prison")
    try:
        prison.run(disclosures.record_disclosure, team.person, words)
    finally:
        prison.close()
    for reader in ("w.officer", "w.manager"):
        workspace = team.sign_in(reader)
        try:
            entry = workspace.run(seen_by.who_has_seen, team.person).entries[0]
            assert (entry.why, entry.recipient) == ("Other: Chaplain", "Vicar"), reader
        finally:
            workspace.close()
    manager = team.sign_in("w.manager")
    try:
        number = manager.run(people.get_person, team.person).profile.prison_number
        exported = manager.run(export_subject_access, number, Period())
        assert '"recipient": "Vicar"' in exported.json_text
        record = manager.run(erase_person, number, "recorded_in_error")
        assert {t.table: t.rows for t in record.tables}["disclosure_notes"] == 1
    finally:
        manager.close()


def test_a_manager_sets_up_programme_delivery_and_an_administrator_edits_the_catalogue(
    team: Team,
) -> None:
    from resettle.services import programme_catalogue, programme_offerings, programme_sessions
    from tests.domain.test_programme_catalogue import programme_data

    manager = team.sign_in("w.manager")
    try:
        home = manager.run(programme_offerings.list_programme_offerings).catalogue
        assert len(home.programmes) == 8
        with manager.uow() as uow:
            establishment = uow.staff.establishment_by_code("HOM")
            assert establishment is not None
            home_id = establishment.id
        offering = manager.run(
            programme_offerings.create_offering,
            {"programme_code": "BC-HIGH", "establishment_id": home_id},
        )
        group = manager.run(
            programme_offerings.create_group,
            {
                "offering_id": offering.id,
                "code": "BC-1",
                "capacity": 12,
                "starts_on": "2027-01-04",
                "ends_on": "2027-06-25",  # 52 sessions, three a week
                "schedule": [
                    {"weekday": "monday", "starts_at": "09:30", "minutes": 150},
                    {"weekday": "wednesday", "starts_at": "09:30", "minutes": 150},
                    {"weekday": "thursday", "starts_at": "09:30", "minutes": 150},
                ],
            },
        )
        manager.run(programme_sessions.generate_group_sessions, group.id)
        first = manager.run(programme_sessions.list_group_sessions, group.id)[0]
        manager.run(
            programme_sessions.reschedule_session,
            first.id,
            first.starts_at + dt.timedelta(days=1),
        )
        manager.run(programme_catalogue.set_programme_active, "BSR", False)
    finally:
        manager.close()
    admin = team.sign_in("w.admin")
    try:
        admin.run(programme_catalogue.add_programme, programme_data())
    finally:
        admin.close()
    prison = team.sign_in("w.prison")
    try:
        listing = prison.run(programme_offerings.list_programme_offerings)
        assert [o.programme_code for o in listing.offerings] == ["BC-HIGH"]
        assert listing.groups[0].session_count == 52
        assert listing.catalogue.require("TEST-PROG").active
    finally:
        prison.close()


def test_the_programme_team_reads_its_prisons_people_discloses_and_reads_the_workflow(
    team: Team,
) -> None:
    """Through its own login: the record opens (and is audited), a disclosure is recorded,
    the workflow is read from its tables, and a person held elsewhere is out of reach."""
    from resettle.domain.access import OutOfScope
    from resettle.domain.programme_referral_workflow import STANDARD_WORKFLOW
    from resettle.services.case_record.read import open_case_record
    from resettle.services.programme_workflow import read_workflow

    words = {"justification": "other", "justification_text": "Group", "recipient": "Tutor"}
    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            away = uow.staff.add_establishment(EstablishmentRow(code="AWY", name="HMP Away")).id
            uow.commit()
        with owner.uow() as uow:
            row = uow.staff.get(team.staff["w.officer"])
            assert row is not None
            officer = authentication.actor_of(uow, row)
        elsewhere = people.register_person(
            officer, owner.uow(), another_person(2, establishment_id=away)
        ).id
        with owner.uow() as uow:
            uow.session.execute(
                text(
                    "UPDATE people SET team_id = (SELECT id FROM teams WHERE code = 'OTHER') "
                    "WHERE id = :p"
                ),
                {"p": elsewhere},
            )
            uow.commit()
    finally:
        owner.close()
    programmes = team.sign_in("w.programmes")
    try:
        record = programmes.run(open_case_record, team.person)
        assert record.permissions and "view_risk_details" not in record.permissions
        programmes.run(disclosures.record_disclosure, team.person, words)
        workflow = programmes.run(read_workflow)
        assert frozenset(workflow.moves) == frozenset(STANDARD_WORKFLOW.moves)
        with pytest.raises(OutOfScope):
            programmes.run(open_case_record, elsewhere)
    finally:
        programmes.close()


def test_prison_staff_open_a_record_through_their_own_login(team: Team) -> None:
    """Their login reads no case notes: the record opens without them (not refused)."""
    from resettle.services.case_record.read import open_case_record

    prison = team.sign_in("w.prison")
    try:
        record = prison.run(open_case_record, team.person)
        assert record.notes == () or not record.notes
    finally:
        prison.close()


def test_the_programme_team_runs_its_prisons_group_sessions(team: Team) -> None:
    """Through its own login: a manager sets up the group, the programme team generates its
    sessions, reschedules one (the old one is kept, marked replaced) and adds a catch-up."""
    from resettle.services import programme_offerings, programme_sessions

    manager = team.sign_in("w.manager")
    try:
        with manager.uow() as uow:
            establishment = uow.staff.establishment_by_code("HOM")
            assert establishment is not None
            home_id = establishment.id
        offering = manager.run(
            programme_offerings.create_offering,
            {"programme_code": "KAIZEN", "establishment_id": home_id},
        )
        group = manager.run(
            programme_offerings.create_group,
            {
                "offering_id": offering.id,
                "code": "KZ-1",
                "capacity": 10,
                "starts_on": "2027-01-04",
                "ends_on": "2027-12-20",
                # Kaizen's 79 sessions: three a week (Monday, Wednesday, Friday).
                "schedule": [
                    {"weekday": day, "starts_at": "09:00", "minutes": 150}
                    for day in ("monday", "wednesday", "friday")
                ],
            },
        )
    finally:
        manager.close()
    programmes = team.sign_in("w.programmes")
    try:
        generated = programmes.run(programme_sessions.generate_group_sessions, group.id)
        first = programmes.run(programme_sessions.list_group_sessions, group.id)[0]
        moved = programmes.run(
            programme_sessions.reschedule_session, first.id, first.starts_at + dt.timedelta(days=1)
        )
        programmes.run(
            programme_sessions.add_catch_up_session,
            moved.id,
            moved.starts_at + dt.timedelta(days=2),
        )
        sessions = programmes.run(programme_sessions.list_group_sessions, group.id)
        assert len(sessions) == len(generated.sessions) + 2
        assert [s.id for s in sessions if s.replaced] == [first.id]
    finally:
        programmes.close()


def _released_three_days_ago(team: Team) -> None:
    database = open_database(team.url)
    try:
        with database.engine.begin() as connection:  # released since (set as the owner)
            connection.execute(
                text("UPDATE people SET release_date = :day WHERE id = :id"),
                {"day": TODAY - dt.timedelta(days=3), "id": team.person},
            )
    finally:
        database.close()


def test_an_officer_records_and_corrects_an_outcome_check_and_a_manager_reads_it(
    team: Team,
) -> None:
    """Through the officer's own login: the check, its correction, the record part that
    serialises them and the person's due key; the manager's login reads them."""
    _released_three_days_ago(team)
    officer = team.sign_in("w.officer")
    night = {"point": "first_night", "checked_on": TODAY, "accommodation": "unknown"}
    try:
        first = officer.run(outcome_checks.record_outcome_check, team.person, night)
        officer.run(
            outcome_checks.record_outcome_check,
            team.person,
            {**night, "accommodation": "settled"},
            first.id,
        )
    finally:
        officer.close()
    manager = team.sign_in("w.manager")
    try:
        view = manager.run(outcome_checks.outcome_checks, team.person)
    finally:
        manager.close()
    current = view.points[0].current
    assert current is not None and current.supersedes_id == first.id
    assert not view.may_record


def test_a_manager_closes_and_reopens_a_released_case_with_a_check_due(team: Team) -> None:
    """Closing clears the person's outcome-check due date and reopening sets it again: the
    manager's login may write that kept column (``postgres_writes.PEOPLE_KEPT``)."""
    _released_three_days_ago(team)
    manager = team.sign_in("w.manager")
    try:
        manager.run(case_status.close_case, team.person, {"reason": "transferred_out"})
        manager.run(case_status.reopen_case, team.person)
    finally:
        manager.close()


def test_two_logins_recording_the_same_first_night_at_once_one_is_refused(team: Team) -> None:
    """Both read the point as not recorded; the record part they both claim lets one save
    and refuses the other (as a concurrent edit, or as already recorded when they did not
    overlap): never two current checks of one point."""
    _released_three_days_ago(team)
    logins = [team.sign_in("w.officer") for _ in range(2)]
    start = threading.Barrier(len(logins))
    outcomes: list[object] = [None] * len(logins)
    night = {"point": "first_night", "checked_on": TODAY, "accommodation": "settled"}

    def record(index: int) -> None:
        start.wait()
        try:
            outcomes[index] = logins[index].run(
                outcome_checks.record_outcome_check, team.person, night
            )
        except Exception as error:  # the outcome is what is checked
            outcomes[index] = error

    try:
        threads = [threading.Thread(target=record, args=(i,)) for i in range(len(logins))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        saved = [o for o in outcomes if isinstance(o, OutcomeCheck)]
        refused = [o for o in outcomes if isinstance(o, ConcurrentEdit | ValidationFailed)]
        assert (len(saved), len(refused)) == (1, 1), outcomes
        view = logins[0].run(outcome_checks.outcome_checks, team.person)
        assert len(view.points[0].history) == 1
    finally:
        for login in logins:
            login.close()


_IMPORT = (
    "Prison number,CRN,Given name,Family name,Date of birth,Sex\r\n"
    "I0001AA,I000001,Ira,{family},01/01/1980,male\r\n"
    "I0002AA,I000002,Ivy,Imported,02/02/1982,female\r\n"
)


def test_an_officer_imports_a_caseload_and_re_imports_a_changed_row(team: Team) -> None:
    """Through the officer's own login: the bulk insert of people, their caseload keys, the
    audit rows and the ledger; then an update of a person the import made."""
    from resettle.domain.import_file import read_import_file
    from resettle.services.caseload_import import import_people, importable_teams

    workspace = team.sign_in("w.officer")
    try:
        ((team_id, *_),) = workspace.run(importable_teams)
        for family, made, updated in (("Imported", 2, 0), ("Renamed", 0, 1)):
            source = read_import_file("team.csv", _IMPORT.format(family=family).encode())
            outcome = workspace.run(import_people, source, team_id)
            assert (outcome.created, outcome.updated, outcome.problems) == (made, updated, ())
    finally:
        workspace.close()


def test_a_manager_imports_into_the_team_they_manage_allocated_and_re_imports(
    team: Team,
) -> None:
    """Through the manager's own login: people inserted on a team they manage, allocated to
    the team's officer (history and audit rows), then a changed row listed, not updated (an
    officer of the team re-imports it); an officer to allocate to outside the team refused."""
    from resettle.domain.import_file import read_import_file
    from resettle.domain.import_reach import OFFICERS_UPDATE
    from resettle.services.caseload_import import (
        ImportRefused,
        NothingImported,
        import_people,
        importable_teams,
    )

    manager = team.sign_in("w.manager")
    try:
        (only,) = manager.run(importable_teams)
        officer = next(o.id for o in only.officers if o.username == "w.officer")
        source = read_import_file("team.csv", _IMPORT.format(family="Imported").encode())
        outcome = manager.run(import_people, source, only.id, allocate_to=officer)
        assert (outcome.created, outcome.updated, outcome.problems) == (2, 0, ())
        with pytest.raises(NothingImported) as nothing:
            source = read_import_file("team.csv", _IMPORT.format(family="Renamed").encode())
            manager.run(import_people, source, only.id, allocate_to=officer)
        assert [p.reason for p in nothing.value.outcome.already_recorded] == [OFFICERS_UPDATE]
        with pytest.raises(ImportRefused):
            source = read_import_file("team.csv", _IMPORT.format(family="X").encode())
            manager.run(import_people, source, only.id, allocate_to=team.staff["w.colleague"])
    finally:
        manager.close()
    owner = open_database(team.url)
    try:
        with owner.uow() as uow:
            row = uow.people.by_prison_number("I0001AA")
            assert row is not None
            assert (row.family_name, row.responsible_officer_id) == ("Imported", officer)
            assert [a.allocated_by_id for a in uow.cases.allocations(row.id)] == [
                team.staff["w.manager"]
            ]
    finally:
        owner.close()
