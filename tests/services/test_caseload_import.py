"""Caseload import: good rows saved together, bad rows listed by line and column, the import
ledger making a re-import idempotent, people changed since left alone, who may import where."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from resettle.domain.import_file import ImportFile, read_import_file
from resettle.domain.import_reach import ANOTHER_TEAM, OFFICERS_UPDATE
from resettle.domain.permissions import PermissionDenied
from resettle.domain.search import search_text
from resettle.domain.staff import Role
from resettle.services.caseload_import import (
    ALREADY_RECORDED,
    CHANGED_SINCE,
    ImportOutcome,
    ImportRefused,
    NothingImported,
    import_people,
    importable_teams,
)
from resettle.services.people import get_person, update_person
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from tests.accounts import seed_account
from tests.factories import establishment, person_data, staff_member
from tests.services.conftest import CountingRunner

HEADER = "Prison number,CRN,Surname,First name,DOB,Sex,Establishment,Release date"


def _line(n: int, **changes: str) -> str:
    cells = {
        "prison": f"A{n:04d}BC",
        "crn": f"X{n:06d}",
        "surname": f"Person{'abcdefghij'[n % 10]}",
        "given": "Sam",
        "dob": f"17/05/19{80 + n % 20}",
        "sex": "male",
        "place": "LEI",
        "release": "2027-03-25",
    }
    cells.update(changes)
    return ",".join(cells.values())


def _file(lines: Sequence[str], name: str = "caseload.csv") -> ImportFile:
    return read_import_file(name, ("\r\n".join([HEADER, *lines]) + "\r\n").encode())


def _team(workspace: Workspace) -> int:
    ((team_id, *_),) = importable_teams(workspace.actor, workspace.uow())
    return team_id


def _import(
    workspace: Workspace,
    lines: Sequence[str],
    *,
    dry_run: bool = False,
    all_or_nothing: bool = False,
) -> ImportOutcome:
    return import_people(
        workspace.actor,
        workspace.uow(),
        _file(lines),
        _team(workspace),
        dry_run=dry_run,
        all_or_nothing=all_or_nothing,
    )


def _people(workspace: Workspace) -> list[tuple[str, int, str, str]]:
    with workspace.uow() as uow:
        return [
            (row.prison_number, row.version, row.family_name, row.search_text)
            for row in (uow.people.get(i) for i in range(1, 100))
            if row is not None
        ]


@pytest.fixture(autouse=True)
def _leeds(workspace: Workspace) -> None:
    establishment(workspace)


def test_good_rows_are_saved_in_one_transaction_with_one_audit_row_each_and_the_counts(
    counting: CountingRunner, workspace: Workspace
) -> None:
    team_id = _team(workspace)
    outcome = counting.run(import_people, _file([_line(1), _line(2)]), team_id)
    assert (outcome.created, outcome.updated, outcome.committed) == (2, 0, True)
    assert (counting.last.entered, counting.last.commits) == (1, 1)
    actions = [action for action, _entity in counting.last.audit_rows]
    assert actions == [
        "person.registered",
        "person.registered",
        "allocation.recorded",
        "allocation.recorded",
        "caseload.imported",
    ]
    people = _people(workspace)
    assert [(p[0], p[1], p[2]) for p in people] == [
        ("A0001BC", 1, "Personb"),
        ("A0002BC", 1, "Personc"),
    ]
    # The derived search text is the registration's.
    assert people[0][3] == search_text("Sam", "Personb", "A0001BC", "X000001", None)
    with workspace.uow() as uow:
        person = uow.people.get(1)
        assert person is not None and person.team_id == team_id
        (entry,) = uow.import_ledger.entries_of(person.id)
        assert (entry.source_name, entry.source_line, entry.person_version) == (
            "caseload.csv",
            2,
            1,
        )
        assert entry.imported_by_id == workspace.actor.id


def test_a_dry_run_lists_each_bad_row_by_line_and_column_and_saves_nothing(
    workspace: Workspace,
) -> None:
    outcome = _import(
        workspace,
        [_line(1), _line(2, dob="31/02/1990", crn="X12"), _line(3, place="Nowhere")],
        dry_run=True,
    )
    assert (outcome.created, outcome.committed, outcome.dry_run) == (1, False, True)
    assert [str(p) for p in outcome.problems] == [
        "line 3, DOB: is not a date: February 1990 has no day 31",
        "line 3, CRN: must look like X123456 (a letter and six digits)",
        "line 4, Establishment: no establishment has that name or code",
    ]
    assert _people(workspace) == []


def test_good_rows_are_committed_and_bad_ones_listed(workspace: Workspace) -> None:
    outcome = _import(workspace, [_line(1), _line(2, sex="x"), _line(3)])
    assert (outcome.created, outcome.refused_lines) == (2, 1)
    assert [p[0] for p in _people(workspace)] == ["A0001BC", "A0003BC"]


def test_all_or_nothing_saves_nothing_when_a_row_is_refused(workspace: Workspace) -> None:
    with pytest.raises(NothingImported) as refused:
        _import(workspace, [_line(1), _line(2, sex="x")], all_or_nothing=True)
    assert "nothing was saved" in str(refused.value)
    assert refused.value.outcome.refused_lines == 1
    assert _people(workspace) == []


def test_an_import_saving_no_row_is_never_a_success(workspace: Workspace) -> None:
    with pytest.raises(NothingImported):
        _import(workspace, [_line(1, sex="x"), _line(2, crn="")])
    assert _people(workspace) == []


def test_a_row_repeating_an_identifier_is_refused_naming_the_first(workspace: Workspace) -> None:
    outcome = _import(workspace, [_line(1), _line(2, prison="a0001bc")])
    assert [str(p) for p in outcome.problems] == ["line 3, Prison number: the same as line 2"]
    assert outcome.created == 1


def test_importing_the_same_file_again_changes_nothing(workspace: Workspace) -> None:
    _import(workspace, [_line(1), _line(2)])
    with pytest.raises(NothingImported) as again:
        _import(workspace, [_line(1), _line(2)])
    assert (again.value.outcome.unchanged, again.value.outcome.created) == (2, 0)
    assert [p[:2] for p in _people(workspace)] == [("A0001BC", 1), ("A0002BC", 1)]


def test_a_changed_row_updates_the_person_it_made_by_prison_number_or_crn(
    workspace: Workspace,
) -> None:
    _import(workspace, [_line(1), _line(2)])
    outcome = _import(workspace, [_line(1, surname="Renamed"), _line(2)])
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 1, 1)
    assert [p[:3] for p in _people(workspace)] == [
        ("A0001BC", 2, "Renamed"),
        ("A0002BC", 1, "Personc"),
    ]
    # Then again: the ledger holds version 2, so the same file is nothing to do.
    with pytest.raises(NothingImported):
        _import(workspace, [_line(1, surname="Renamed"), _line(2)])


def test_a_person_edited_in_resettle_since_the_import_is_left_and_listed(
    workspace: Workspace,
) -> None:
    _import(workspace, [_line(1), _line(2)])
    detail = get_person(workspace.actor, workspace.uow(), 1)
    changed = detail.profile.model_copy(update={"given_name": "Samantha"})
    update_person(workspace.actor, workspace.uow(), 1, detail.version, changed)
    outcome = _import(workspace, [_line(1, surname="Other"), _line(2, surname="New")])
    assert [(p.line, p.prison_number, p.reason) for p in outcome.changed_since] == [
        (2, "A0001BC", CHANGED_SINCE)
    ]
    assert outcome.updated == 1
    assert [p[:3] for p in _people(workspace)] == [("A0001BC", 2, "Personb"), ("A0002BC", 2, "New")]


def test_a_person_registered_by_hand_is_left_as_it_is(workspace: Workspace) -> None:
    register_person(workspace.actor, workspace.uow(), person_data(prison_number="A0001BC"))
    outcome = _import(workspace, [_line(1, crn="X123456"), _line(2)])
    assert [(p.line, p.reason) for p in outcome.already_recorded] == [(2, ALREADY_RECORDED)]
    assert outcome.created == 1


def test_identifiers_of_two_different_people_are_refused(workspace: Workspace) -> None:
    _import(workspace, [_line(1), _line(2)])
    outcome = _import(workspace, [_line(1, crn="X000002"), _line(3)])
    assert [str(p) for p in outcome.problems] == [
        "line 2, CRN: does not match the person recorded with this row's other identifier"
    ]


def test_a_person_outside_the_importers_reach_is_refused_never_updated(
    workspace: Workspace,
) -> None:
    _import(workspace, [_line(1)])
    with workspace.uow() as uow:
        other_team = uow.staff.add_team("OTH", "Other team")
        uow.commit()
        other_team_id = other_team.id
    seed_account(workspace.database, "other.officer", (Role.OFFICER,), team_id=other_team_id)
    other = staff_member(workspace, "other.officer")
    outcome = import_people(
        other,
        workspace.uow(),
        _file([_line(1, surname="Taken"), _line(5)]),
        other_team_id,
    )
    assert [str(p) for p in outcome.problems] == [f"line 2, Prison number: {ANOTHER_TEAM}"]
    assert [p[2] for p in _people(workspace)] == ["Personb", "Personf"]


def test_importing_into_a_team_out_of_reach_is_refused(workspace: Workspace) -> None:
    with workspace.uow() as uow:
        other_team_id = uow.staff.add_team("OTH", "Other team").id
        uow.commit()
    with pytest.raises(ImportRefused, match="Team: choose a team you belong to or manage"):
        import_people(workspace.actor, workspace.uow(), _file([_line(1)]), other_team_id)
    assert _people(workspace) == []


@pytest.mark.parametrize("role", [Role.PRISON_STAFF, Role.PROGRAMME_TEAM, Role.ADMIN])
def test_other_roles_may_not_import(workspace: Workspace, role: Role) -> None:
    someone = staff_member(workspace, f"{role.value}.one", role)
    with pytest.raises(PermissionDenied):
        import_people(someone, workspace.uow(), _file([_line(1)]), _team(workspace))
    assert _people(workspace) == []


def test_erasing_a_person_removes_their_import_ledger_rows(workspace: Workspace) -> None:
    from resettle.services.erasure.erase import erase_person

    _import(workspace, [_line(1), _line(2)])
    _import(workspace, [_line(1, surname="Renamed"), _line(2)])
    manager = staff_member(workspace, "team.manager", Role.MANAGER)
    with workspace.uow() as uow:
        assert len(uow.import_ledger.entries_of(1)) == 2
    erase_person(manager, workspace.uow(), "A0001BC", "subject_request")
    with workspace.uow() as uow:
        assert uow.import_ledger.entries_of(1) == []
        assert len(uow.import_ledger.entries_of(2)) == 1


def test_an_officer_covering_a_team_may_not_import_into_it(workspace: Workspace) -> None:
    from resettle.domain import clock
    from resettle.services import case_access
    from tests.accounts import workspace_as

    test_team = _team(workspace)
    with workspace.uow() as uow:
        own_team = uow.staff.add_team("OTH", "Other team").id
        uow.commit()
    seed_account(workspace.database, "other.officer", (Role.OFFICER,), team_id=own_team)
    other = staff_member(workspace, "other.officer")
    manager = workspace_as(workspace, Role.MANAGER)
    until = clock.today() + dt.timedelta(days=7)
    manager.run(case_access.grant_cover, other.id, test_team, until, "Leave cover")
    assert [t[0] for t in importable_teams(other, workspace.uow())] == [own_team]
    with pytest.raises(ImportRefused):
        import_people(other, workspace.uow(), _file([_line(1)]), test_team)
    assert _people(workspace) == []


def test_the_caseload_keys_of_imported_people_are_those_a_refresh_computes(
    workspace: Workspace,
) -> None:
    """The bulk insert bypasses the keys' listener: the import brings them up to date."""
    from resettle.domain import clock
    from resettle.storage.postgres_writes import PEOPLE_KEPT

    released = clock.today() - dt.timedelta(days=2)
    _import(workspace, [_line(1, release=released.isoformat()), _line(2)])

    def kept() -> list[tuple[object, ...]]:
        with workspace.uow() as uow:
            rows = [uow.people.get(i) for i in (1, 2)]
            return [tuple(getattr(r, k) for k in ("sort_name", *PEOPLE_KEPT)) for r in rows if r]

    stored = kept()
    first = dict(zip(("sort_name", *PEOPLE_KEPT), stored[0], strict=True))
    # Released two days ago: the first night's check is due the day after release.
    assert (first["sort_name"], first["establishment_sort"]) == ("personb sam", "HMP Leeds")
    assert first["outcome_check_due_on"] == released + dt.timedelta(days=1)
    with workspace.uow() as uow:
        uow.people.refresh_caseload_keys([1, 2])
        uow.commit()
    assert kept() == stored


# --- managers import; allocation -------------------------------------------------------------

OFFICER_HEADER = HEADER + ",Responsible officer"


def _officer_file(lines: Sequence[tuple[str, str]]) -> ImportFile:
    rows = [f"{line},{officer}" for line, officer in lines]
    return read_import_file("o.csv", ("\r\n".join([OFFICER_HEADER, *rows]) + "\r\n").encode())


def _holders(workspace: Workspace) -> dict[str, int | None]:
    with workspace.uow() as uow:
        return {
            row.prison_number: row.responsible_officer_id
            for row in (uow.people.get(i) for i in range(1, 100))
            if row is not None
        }


def _allocations(workspace: Workspace, person_id: int) -> list[tuple[int, int | None, int | None]]:
    with workspace.uow() as uow:
        return [
            (a.officer_id, a.previous_officer_id, a.allocated_by_id)
            for a in uow.cases.allocations(person_id)
        ]


def test_an_officers_import_allocates_the_people_to_them_by_default(
    workspace: Workspace,
) -> None:
    me = workspace.actor.id
    _import(workspace, [_line(1), _line(2)])
    assert _holders(workspace) == {"A0001BC": me, "A0002BC": me}
    assert _allocations(workspace, 1) == [(me, None, me)]


def test_a_manager_imports_into_the_team_they_manage_allocated_as_chosen(
    workspace: Workspace,
) -> None:
    colleague = staff_member(workspace, "col.league")
    manager = staff_member(workspace, "the.manager", Role.MANAGER)
    teams = importable_teams(manager, workspace.uow())
    assert [t.id for t in teams] == [_team(workspace)]
    assert {o.username for o in teams[0].officers} >= {"col.league", workspace.actor.username}
    outcome = import_people(
        manager, workspace.uow(), _file([_line(1)]), teams[0].id, allocate_to=colleague.id
    )
    assert (outcome.created, outcome.committed) == (1, True)
    assert _holders(workspace) == {"A0001BC": colleague.id}
    assert _allocations(workspace, 1) == [(colleague.id, None, manager.id)]


def test_a_manager_may_leave_the_people_unallocated_an_officer_may_not(
    workspace: Workspace,
) -> None:
    manager = staff_member(workspace, "the.manager", Role.MANAGER)
    team_id = _team(workspace)
    import_people(manager, workspace.uow(), _file([_line(1)]), team_id, allocate_to=None)
    assert _holders(workspace) == {"A0001BC": None}
    assert _allocations(workspace, 1) == []
    with pytest.raises(ImportRefused, match="only a manager of the team imports people unall"):
        import_people(
            workspace.actor, workspace.uow(), _file([_line(2)]), team_id, allocate_to=None
        )
    assert set(_holders(workspace)) == {"A0001BC"}


def test_the_responsible_officer_column_allocates_each_row_by_username_or_email(
    workspace: Workspace,
) -> None:
    colleague = staff_member(workspace, "col.league")
    with workspace.uow() as uow:
        row = uow.staff.get(colleague.id)
        assert row is not None
        row.email = "Col.League@probation.example"
        uow.commit()
    me = workspace.actor
    source = _officer_file(
        [
            (_line(1), "col.league"),
            (_line(2), "COL.LEAGUE@probation.example"),
            (_line(3), ""),  # the default: the importing officer
            (_line(4), me.username.upper()),
        ]
    )
    import_people(me, workspace.uow(), source, _team(workspace))
    assert _holders(workspace) == {
        "A0001BC": colleague.id,
        "A0002BC": colleague.id,
        "A0003BC": me.id,
        "A0004BC": me.id,
    }


def test_an_unknown_officer_or_one_of_another_team_refuses_the_row_naming_the_column(
    workspace: Workspace,
) -> None:
    with workspace.uow() as uow:
        other_team = uow.staff.add_team("OTH", "Other team").id
        uow.commit()
    seed_account(workspace.database, "far.officer", (Role.OFFICER,), team_id=other_team)
    seed_account(workspace.database, "a.manager", (Role.MANAGER,))
    source = _officer_file(
        [
            (_line(1), "nobody.here"),
            (_line(2), "far.officer"),
            (_line(3), "a.manager"),  # not an officer
            (_line(4), ""),
        ]
    )
    outcome = import_people(workspace.actor, workspace.uow(), source, _team(workspace))
    assert [(p.line, p.column, p.reason) for p in outcome.problems] == [
        (
            line,
            "Responsible officer",
            "is not the user name or email of an active officer in this team",
        )
        for line in (2, 3, 4)
    ]
    assert "nobody" not in str(outcome.problems) and "far.officer" not in str(outcome.problems)
    assert _holders(workspace) == {"A0004BC": workspace.actor.id}


def test_allocating_to_an_officer_of_another_team_is_refused_and_nothing_saved(
    workspace: Workspace,
) -> None:
    from resettle.domain.errors import ValidationFailed

    with workspace.uow() as uow:
        other_team = uow.staff.add_team("OTH", "Other team").id
        uow.commit()
    far = seed_account(workspace.database, "far.officer", (Role.OFFICER,), team_id=other_team)
    manager = staff_member(workspace, "the.manager", Role.MANAGER)
    with pytest.raises(ImportRefused, match="Allocate to: not an active officer in this team"):
        import_people(
            manager, workspace.uow(), _file([_line(1)]), _team(workspace), allocate_to=far
        )
    with pytest.raises(ValidationFailed, match="not an active probation officer"):
        import_people(
            manager, workspace.uow(), _file([_line(1)]), _team(workspace), allocate_to=manager.id
        )
    assert _people(workspace) == []


def test_a_manager_of_another_team_may_not_import_into_this_one(workspace: Workspace) -> None:
    with workspace.uow() as uow:
        other_team = uow.staff.add_team("OTH", "Other team").id
        uow.commit()
    seed_account(
        workspace.database, "other.manager", (Role.MANAGER,), managed_team_ids=[other_team]
    )
    other = staff_member(workspace, "other.manager", Role.MANAGER)
    assert [t.id for t in importable_teams(other, workspace.uow())] == [other_team]
    with pytest.raises(ImportRefused, match="Team: choose a team you belong to or manage"):
        import_people(other, workspace.uow(), _file([_line(1)]), _team(workspace), allocate_to=None)
    assert _people(workspace) == []


def test_a_manager_lists_a_changed_row_of_a_person_recorded_an_officer_updates_it(
    workspace: Workspace,
) -> None:
    """A manager's import makes people, never updates one (``domain/import_reach.py``): the
    changed row is listed, and an officer of the team re-imports it."""
    manager = staff_member(workspace, "the.manager", Role.MANAGER)
    team_id = _team(workspace)
    import_people(manager, workspace.uow(), _file([_line(1)]), team_id, allocate_to=None)
    renamed = _file([_line(1, surname="Renamed"), _line(2)])
    mixed = import_people(manager, workspace.uow(), renamed, team_id, allocate_to=None)
    assert (mixed.created, mixed.updated, mixed.problems) == (1, 0, ())
    assert [(p.line, p.prison_number, p.reason) for p in mixed.already_recorded] == [
        (2, "A0001BC", OFFICERS_UPDATE)
    ]
    with pytest.raises(NothingImported) as nothing:
        import_people(manager, workspace.uow(), renamed, team_id, allocate_to=None)
    assert [p.reason for p in nothing.value.outcome.already_recorded] == [OFFICERS_UPDATE]
    assert [p[2] for p in _people(workspace)] == ["Personb", "Personc"]
    changed = _import(workspace, [_line(1, surname="Renamed")])
    assert (changed.created, changed.updated) == (0, 1)
    assert [p[2] for p in _people(workspace)] == ["Renamed", "Personc"]


def test_a_person_recorded_on_another_team_is_refused_not_updated(workspace: Workspace) -> None:
    """Reaching a person otherwise (here a manager's establishment) is no leave to update
    them by importing into another team: the row is refused, with no personal data."""
    home = _team(workspace)
    _import(workspace, [_line(1)])
    with workspace.uow() as uow:
        other_team = uow.staff.add_team("OTH", "Other team").id
        uow.commit()
    seed_account(
        workspace.database, "other.manager", (Role.MANAGER,), managed_team_ids=[other_team]
    )
    other = staff_member(workspace, "other.manager", Role.MANAGER)
    renamed = _file([_line(1, surname="Renamed")])
    with pytest.raises(NothingImported) as nothing:
        import_people(other, workspace.uow(), renamed, other_team, allocate_to=None)
    assert [(p.line, p.column, p.reason) for p in nothing.value.outcome.problems] == [
        (2, "Prison number", ANOTHER_TEAM)
    ]
    with workspace.uow() as uow:
        person = uow.people.get(1)
        assert person is not None
        assert (person.family_name, person.team_id, person.version) == ("Personb", home, 1)
