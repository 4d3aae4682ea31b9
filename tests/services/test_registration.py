"""Registering people: possible duplicates, allocation, permission, all-or-none lists."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain import clock
from resettle.domain.caseload import CaseloadQuery
from resettle.domain.duplicates import MatchReason, PossibleDuplicates, RowRefused, RowsRefused
from resettle.domain.errors import DuplicateRecord, ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services.caseload import list_caseload
from resettle.services.registration import register_people, register_person
from resettle.services.workspace import Workspace
from tests.factories import another_person, person_data, staff_member
from tests.services.conftest import CountingRunner


def _people(workspace: Workspace) -> int:
    with workspace.uow() as uow:
        return uow.people.count()


def test_the_new_person_is_allocated_to_the_officer_in_one_transaction(
    counting: CountingRunner, workspace: Workspace
) -> None:
    detail = counting.run(register_person, person_data())
    assert (counting.last.entered, counting.last.commits) == (1, 1)
    assert counting.last.audit_rows == [
        ("person.registered", detail.id),
        ("allocation.recorded", detail.id),
    ]
    assert detail.profile.responsible_officer_id == workspace.actor.id
    mine = list_caseload(
        workspace.actor, workspace.uow(), CaseloadQuery(only_officer_id=workspace.actor.id)
    )
    assert [row.id for row in mine.rows] == [detail.id]
    with workspace.uow() as uow:
        (allocation,) = uow.cases.allocations(detail.id)
        assert (allocation.officer_id, allocation.allocated_by_id) == (workspace.actor.id,) * 2
        assert allocation.previous_officer_id is None


@pytest.mark.parametrize("role", [Role.MANAGER, Role.PRISON_STAFF, Role.ADMIN])
def test_only_officers_register(workspace: Workspace, role: Role) -> None:
    someone = staff_member(workspace, f"{role.value}.one", role)
    with pytest.raises(PermissionDenied):
        register_person(someone, workspace.uow(), person_data())
    assert _people(workspace) == 0


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"crn": "Y999999", "pnc_number": None, "given_name": "Ann"}, MatchReason.PRISON_NUMBER),
        ({"prison_number": "B9999ZZ", "pnc_number": None, "given_name": "Ann"}, MatchReason.CRN),
    ],
)
def test_a_prison_number_or_crn_already_recorded_is_refused_even_when_confirmed(
    workspace: Workspace, changes: dict[str, object], reason: MatchReason
) -> None:
    first = register_person(workspace.actor, workspace.uow(), person_data())
    for confirm in (False, True):
        with pytest.raises(PossibleDuplicates) as caught:
            register_person(
                workspace.actor, workspace.uow(), person_data(**changes), confirm_new=confirm
            )
        (match,) = caught.value.matches
        assert (match.person_id, match.reasons) == (first.id, (reason,))
        assert not caught.value.can_confirm
        assert caught.value.field == reason.value
    assert _people(workspace) == 1


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"given_name": "Ann", "date_of_birth": dt.date(1970, 1, 1)}, MatchReason.PNC_NUMBER),
        (
            {"given_name": "ZOE", "family_name": "ni bhriain", "pnc_number": None},
            MatchReason.NAME_AND_DATE_OF_BIRTH,
        ),
        (
            {"given_name": "Ní Bhriain", "family_name": "Zoe", "pnc_number": None},
            MatchReason.NAME_AND_DATE_OF_BIRTH,
        ),
    ],
)
def test_a_pnc_or_name_and_birth_match_is_refused_until_confirmed(
    workspace: Workspace, changes: dict[str, object], reason: MatchReason
) -> None:
    first = register_person(workspace.actor, workspace.uow(), person_data())
    data = person_data(prison_number="B9999ZZ", crn="Y999999", **changes)
    with pytest.raises(PossibleDuplicates) as caught:
        register_person(workspace.actor, workspace.uow(), data)
    (match,) = caught.value.matches
    assert (match.person_id, match.reasons, match.prison_number) == (first.id, (reason,), "A1234BC")
    assert caught.value.can_confirm
    assert _people(workspace) == 1
    second = register_person(workspace.actor, workspace.uow(), data, confirm_new=True)
    assert second.id != first.id
    assert _people(workspace) == 2


def test_someone_else_is_not_a_possible_duplicate(workspace: Workspace) -> None:
    register_person(workspace.actor, workspace.uow(), person_data())
    # Same name, another date of birth; same date of birth, another name.
    register_person(workspace.actor, workspace.uow(), another_person(1, given_name="Zoë"))
    register_person(
        workspace.actor,
        workspace.uow(),
        another_person(2, given_name="Aoife", date_of_birth=dt.date(1990, 5, 17)),
    )
    assert _people(workspace) == 3


def test_a_list_is_saved_all_or_none_naming_the_row(counting: CountingRunner) -> None:
    rows = [another_person(1), another_person(2, date_of_birth=dt.date(2090, 1, 1))]
    with pytest.raises(RowRefused) as caught:
        counting.run(register_people, rows)
    assert caught.value.row == 2
    assert caught.value.fields[0] == "date_of_birth"
    assert str(caught.value).startswith("Row 2: date_of_birth: Date of birth: cannot be in the")
    # A problem only the database can see (a duplicate of row 1) rolls row 1 back too.
    rows = [another_person(1), another_person(2), another_person(3, prison_number="B0001CC")]
    with pytest.raises(RowRefused) as caught:
        counting.run(register_people, rows)
    assert caught.value.row == 3
    assert isinstance(caught.value.error, DuplicateRecord)
    assert caught.value.fields == ["prison_number"]
    assert counting.last.commits == 0
    assert counting.last.audit_rows == []
    details = counting.run(register_people, rows[:2])
    assert [d.profile.prison_number for d in details] == ["B0001CC", "B0002CC"]
    assert [a for a, _ in counting.last.audit_rows] == [
        "person.registered",
        "allocation.recorded",
    ] * 2


def test_every_row_refused_is_named_at_once(counting: CountingRunner) -> None:
    """A list with problems in several rows is refused once, naming each row: the form's and
    the database's problems alike, so a file is corrected in one go."""
    rows = [
        another_person(1),
        another_person(2, date_of_birth=dt.date(2090, 1, 1)),
        another_person(3, prison_number="B0001CC"),  # row 1's prison number
        another_person(4, crn="X12"),
    ]
    with pytest.raises(RowsRefused) as caught:
        counting.run(register_people, rows)
    assert [(r.row, r.fields[0]) for r in caught.value.refusals] == [
        (2, "date_of_birth"),
        (3, "prison_number"),
        (4, "crn"),
    ]
    assert counting.last.commits == 0


def test_check_only_saves_nothing(counting: CountingRunner) -> None:
    details = counting.run(register_people, [another_person(1)], check_only=True)
    assert len(details) == 1
    assert counting.last.commits == 0
    assert counting.run(register_people, [another_person(1)])[0].profile.prison_number == (
        "B0001CC"
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"prison_number": "1234ABC"}, "prison_number"),
        ({"crn": "X12"}, "crn"),
        ({"pnc_number": "not a pnc"}, "pnc_number"),
        ({"date_of_birth": clock.today() + dt.timedelta(days=1)}, "date_of_birth"),
        ({"given_name": "x" * 10_000_000}, "given_name"),
        ({"family_name": "   "}, "family_name"),
        ({"sex": "x"}, "sex"),
        ({"establishment_id": 999}, "establishment_id"),
    ],
)
def test_bad_input_is_refused_by_field(
    workspace: Workspace, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        register_person(workspace.actor, workspace.uow(), person_data(**changes))
    assert caught.value.problems[0].field == field
    assert "xxxxxxxxxx" not in str(caught.value)
    assert _people(workspace) == 0


def test_a_named_officer_must_be_an_officer(workspace: Workspace) -> None:
    manager = staff_member(workspace, "demo.manager", Role.MANAGER)
    with pytest.raises(ValidationFailed) as caught:
        register_person(
            workspace.actor, workspace.uow(), person_data(responsible_officer_id=manager.id)
        )
    assert caught.value.problems[0].field == "responsible_officer_id"
    colleague = staff_member(workspace, "officer.two")
    detail = register_person(
        workspace.actor, workspace.uow(), person_data(responsible_officer_id=colleague.id)
    )
    assert detail.officer == colleague.display_name
