"""A re-import whose row differs from the last only in its Responsible officer column: the
import never moves a person already recorded (reallocation is Cases > Allocate), so the row
counts as unchanged and is listed as not re-allocated, never counted as "updated"."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from resettle.domain.import_file import ImportFile, read_import_file
from resettle.services.caseload_import import (
    NOT_REALLOCATED,
    NothingImported,
    import_people,
    importable_teams,
)
from resettle.services.workspace import Workspace
from tests.factories import establishment, staff_member

HEADER = "Prison number,CRN,Surname,First name,DOB,Sex,Establishment,Responsible officer"


def _file(rows: Sequence[tuple[int, str, str]]) -> ImportFile:
    lines = [
        f"A{n:04d}BC,X{n:06d},{surname},Sam,17/05/1980,male,LEI,{officer}"
        for n, surname, officer in rows
    ]
    return read_import_file("o.csv", ("\r\n".join([HEADER, *lines]) + "\r\n").encode())


def _state(workspace: Workspace) -> list[tuple[str, int, str, int | None]]:
    with workspace.uow() as uow:
        return [
            (row.prison_number, row.version, row.family_name, row.responsible_officer_id)
            for row in (uow.people.get(i) for i in range(1, 10))
            if row is not None
        ]


@pytest.fixture
def team_id(workspace: Workspace) -> int:
    establishment(workspace)
    ((team, *_),) = importable_teams(workspace.actor, workspace.uow())
    return team


def test_a_row_naming_another_officer_only_is_unchanged_and_listed(
    workspace: Workspace, team_id: int
) -> None:
    colleague = staff_member(workspace, "col.league")
    me = workspace.actor
    import_people(me, workspace.uow(), _file([(1, "Smith", "col.league")]), team_id)
    before = _state(workspace)
    assert before == [("A0001BC", 1, "Smith", colleague.id)]
    again = _file([(1, "Smith", me.username)])
    with pytest.raises(NothingImported) as nothing:
        import_people(me, workspace.uow(), again, team_id)
    outcome = nothing.value.outcome
    assert (outcome.updated, outcome.unchanged) == (0, 1)
    assert [(p.line, p.column, p.prison_number, p.reason) for p in outcome.not_reallocated] == [
        (2, "Responsible officer", "A0001BC", NOT_REALLOCATED)
    ]
    # A dry run counts it the same way.
    dry = import_people(me, workspace.uow(), again, team_id, dry_run=True)
    assert (dry.updated, dry.unchanged, len(dry.not_reallocated)) == (0, 1, 1)
    assert _state(workspace) == before


def test_a_changed_row_naming_another_officer_updates_the_profile_not_the_allocation(
    workspace: Workspace, team_id: int
) -> None:
    colleague = staff_member(workspace, "col.league")
    me = workspace.actor
    import_people(
        me, workspace.uow(), _file([(1, "Smith", "col.league"), (2, "Jones", "")]), team_id
    )
    outcome = import_people(
        me, workspace.uow(), _file([(1, "Renamed", me.username), (2, "Jones", "")]), team_id
    )
    assert (outcome.updated, outcome.unchanged) == (1, 1)
    assert [p.line for p in outcome.not_reallocated] == [2]
    assert _state(workspace) == [
        ("A0001BC", 2, "Renamed", colleague.id),
        ("A0002BC", 1, "Jones", me.id),
    ]


def test_a_row_naming_the_officer_who_holds_the_person_is_not_listed(
    workspace: Workspace, team_id: int
) -> None:
    me = workspace.actor
    import_people(me, workspace.uow(), _file([(1, "Smith", "")]), team_id)
    # The column now names the importing officer, who holds the person already.
    with pytest.raises(NothingImported) as nothing:
        import_people(me, workspace.uow(), _file([(1, "Smith", me.username)]), team_id)
    outcome = nothing.value.outcome
    assert (outcome.updated, outcome.unchanged, outcome.not_reallocated) == (0, 1, ())
