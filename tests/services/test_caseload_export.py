""" "Export list": the caseload view as CSV, every page of it, in the view's order, kept to the
account's reach, audited, and safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from sqlalchemy import select, update

from resettle.domain.caseload import (
    CaseloadQuery,
)
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Actor, Role
from resettle.services.caseload import CSV_HEADER, caseload_csv, list_caseload
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.people import PersonRow
from tests.accounts import seed_account
from tests.factories import TODAY, another_person, establishment, staff_member


def _rows(text: str) -> list[list[str]]:
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed[0] == list(CSV_HEADER)
    return parsed[1:]


def _every_listed(workspace: Workspace, actor: Actor, query: CaseloadQuery) -> list[str]:
    """The prison numbers the window would show, page after page."""
    numbers: list[str] = []
    page_query = query
    while True:
        page = list_caseload(actor, workspace.uow(), page_query)
        numbers += [row.prison_number for row in page.rows]
        if page.next_cursor is None:
            return numbers
        page_query = page_query.model_copy(update={"after": page.next_cursor})


def _exports(workspace: Workspace, actor_id: int) -> list[tuple[int | None, object]]:
    """(person id, details) of the account's export audit rows, in order."""
    with workspace.uow() as uow:
        return list(
            uow.session.execute(
                select(AuditEntryRow.person_id, AuditEntryRow.details)
                .where(
                    AuditEntryRow.action == "caseload.exported",
                    AuditEntryRow.actor_id == actor_id,
                )
                .order_by(AuditEntryRow.id)
            )
        )


def test_each_column_holds_what_the_caseload_shows(workspace: Workspace) -> None:
    leeds = establishment(workspace)
    released = TODAY - dt.timedelta(days=20)
    person = register_person(
        workspace.actor,
        workspace.uow(),
        another_person(1, release_date=released, establishment_id=leeds),
    )
    register_person(workspace.actor, workspace.uow(), another_person(2, release_date=None))
    text = caseload_csv(workspace.actor, workspace.uow(), CaseloadQuery(today=TODAY))
    first, second = _rows(text)
    assert first == [
        "Zoë Ní Bhriain",
        person.profile.prison_number,
        person.profile.crn,
        released.isoformat(),
        "-20",  # a number, not escaped text: a spreadsheet can add it up
        "Test Officer",
        "HMP Leeds",
        "Released: no agreed plan",
        "No plan",
        (released + dt.timedelta(days=1)).isoformat(),
        "First night",  # the check that is due, named beside its date
    ]
    assert second[3:5] == ["", ""] and second[7] == "No release date" and second[9:] == ["", ""]
    assert text.endswith("\r\n") and "\ufeff" not in text  # the file's writer adds the BOM


@pytest.mark.parametrize("first", ["=", "+", "-", "@", "\t", "\r", "\0"])
def test_cells_a_spreadsheet_would_run_are_escaped(workspace: Workspace, first: str) -> None:
    person = register_person(workspace.actor, workspace.uow(), another_person(1)).id
    with workspace.uow() as uow:  # whatever is stored, however it got there
        if first == "\0" and uow.session.get_bind().dialect.name == "postgresql":
            pytest.skip("PostgreSQL text holds no NUL, so none can be exported")
        uow.session.execute(
            update(PersonRow)
            .where(PersonRow.id == person)
            .values(given_name=f"{first}SUM(A1)", family_name="Smith")
        )
        uow.commit()
    (row,) = _rows(caseload_csv(workspace.actor, workspace.uow(), CaseloadQuery(today=TODAY)))
    assert row[0] == f"'{first}SUM(A1) Smith"


def test_only_the_people_reached_and_only_officers_and_managers(workspace: Workspace) -> None:
    with workspace.uow() as uow:
        team = uow.staff.add_team("ELSE", "Another team")
        uow.commit()
        team_id = team.id
    elsewhere_id = seed_account(workspace.database, "officer.elsewhere", team_id=team_id)
    elsewhere = Actor(
        id=elsewhere_id,
        username="officer.elsewhere",
        display_name="Officer Elsewhere",
        roles=frozenset({Role.OFFICER}),
    )
    mine = register_person(
        workspace.actor, workspace.uow(), another_person(1)
    ).profile.prison_number
    theirs = register_person(elsewhere, workspace.uow(), another_person(2)).profile.prison_number
    everyone = CaseloadQuery(today=TODAY)
    assert [r[1] for r in _rows(caseload_csv(workspace.actor, workspace.uow(), everyone))] == [mine]
    assert [r[1] for r in _rows(caseload_csv(elsewhere, workspace.uow(), everyone))] == [theirs]
    manager = staff_member(workspace, "mo.manager", Role.MANAGER)
    assert [r[1] for r in _rows(caseload_csv(manager, workspace.uow(), everyone))] == [mine]
    leeds = establishment(workspace)
    for role in (Role.PRISON_STAFF, Role.PROGRAMME_TEAM):
        refused = staff_member(workspace, f"{role.value}.one", role, leeds)
        with pytest.raises(PermissionDenied):
            caseload_csv(refused, workspace.uow(), everyone)
        assert _exports(workspace, refused.id) == []
