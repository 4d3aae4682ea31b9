"""Allocating people to officers (with history) and closing and reopening cases."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.access import OutOfScope
from resettle.domain.case_status import CaseIsClosed, ClosureReason
from resettle.domain.caseload import CaseloadFilters, CaseloadQuery
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.record_parts import RecordPart
from resettle.domain.staff import Actor, Role
from resettle.services.allocation import (
    allocate_people,
    allocation_candidates,
    allocation_history,
)
from resettle.services.case_record.essentials import save_essential
from resettle.services.case_record.notes import add_case_note
from resettle.services.case_record.read import refresh_case_record
from resettle.services.case_status import (
    CaseAlreadyClosed,
    CaseNotClosed,
    close_case,
    reopen_case,
)
from resettle.services.caseload import caseload_is_empty, list_caseload
from resettle.services.people import update_person
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from tests.accounts import seed_account
from tests.factories import another_person, establishment, staff_member
from tests.services.conftest import CountingRunner


@pytest.fixture
def people(workspace: Workspace) -> list[int]:
    return [
        register_person(workspace.actor, workspace.uow(), another_person(n)).id for n in range(3)
    ]


@pytest.fixture
def manager(workspace: Workspace) -> Actor:
    return staff_member(workspace, "demo.manager", Role.MANAGER)


def _caseload(workspace: Workspace, **query: object) -> list[int]:
    page = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery(**query))  # type: ignore[arg-type]
    return [row.id for row in page.rows]


def test_a_manager_reallocates_several_people_in_one_action(
    counting: CountingRunner, workspace: Workspace, people: list[int], manager: Actor
) -> None:
    colleague = staff_member(workspace, "officer.two")
    changed = counting.as_(manager).run(allocate_people, people[:2], colleague.id)
    assert changed == 2
    assert (counting.last.entered, counting.last.commits) == (1, 1)
    assert counting.last.audit_rows == [("allocation.recorded", pid) for pid in people[:2]]
    assert _caseload(workspace, only_officer_id=colleague.id) == people[:2]
    assert _caseload(workspace, only_officer_id=workspace.actor.id) == people[2:]
    history = allocation_history(manager, workspace.uow(), people[0])
    assert [(h.officer, h.previous_officer, h.allocated_by) for h in history] == [
        ("Test Officer", None, "Test Officer"),
        (colleague.display_name, "Test Officer", manager.display_name),
    ]
    # Allocating to whoever already holds them changes nothing and writes nothing.
    assert counting.as_(manager).run(allocate_people, people[:2], colleague.id) == 0
    assert counting.last.audit_rows == []


def test_only_managers_allocate_and_only_to_officers(
    workspace: Workspace, people: list[int], manager: Actor
) -> None:
    with pytest.raises(PermissionDenied):
        allocate_people(workspace.actor, workspace.uow(), people, workspace.actor.id)
    with pytest.raises(ValidationFailed) as caught:
        allocate_people(manager, workspace.uow(), people, manager.id)
    assert caught.value.problems[0].field == "officer_id"
    with pytest.raises(ValidationFailed) as caught:
        allocate_people(manager, workspace.uow(), [], workspace.actor.id)
    assert caught.value.problems[0].field == "person_ids"
    assert [len(allocation_history(manager, workspace.uow(), p)) for p in people] == [1, 1, 1]


def test_one_unreachable_person_refuses_the_whole_allocation(
    workspace: Workspace, people: list[int], manager: Actor
) -> None:
    colleague = staff_member(workspace, "officer.two")
    with pytest.raises(Exception, match="no longer exists"):
        allocate_people(manager, workspace.uow(), [people[0], 99_999], colleague.id)
    assert _caseload(workspace, only_officer_id=colleague.id) == []


def test_changing_the_officer_on_the_profile_is_kept_in_the_history(
    workspace: Workspace, people: list[int]
) -> None:
    colleague = staff_member(workspace, "officer.two")
    record = refresh_case_record(workspace.actor, workspace.uow(), people[0])
    data = {**record.person.profile.model_dump(), "responsible_officer_id": colleague.id}
    update_person(workspace.actor, workspace.uow(), people[0], record.person.version, data)
    record = refresh_case_record(workspace.actor, workspace.uow(), people[0])
    assert [a.officer for a in record.allocations] == ["Test Officer", colleague.display_name]


def _officer_of_another_team(workspace: Workspace) -> int:
    with workspace.uow() as uow:
        team = uow.staff.add_team("ELSE", "Another team")
        uow.commit()
        team_id = team.id
    return seed_account(workspace.database, "officer.elsewhere", team_id=team_id)


def test_an_officer_cannot_hand_a_person_to_a_team_they_do_not_reach(
    workspace: Workspace, people: list[int]
) -> None:
    """On both backends (PostgreSQL's row-level security refuses it too): the person would
    leave the officer's own reach, so it is a manager's hand-over, and nothing is saved."""
    elsewhere = _officer_of_another_team(workspace)
    record = refresh_case_record(workspace.actor, workspace.uow(), people[0])
    data = {**record.person.profile.model_dump(), "responsible_officer_id": elsewhere}
    with pytest.raises(ValidationFailed) as caught:
        update_person(workspace.actor, workspace.uow(), people[0], record.person.version, data)
    problem = caught.value.problems[0]
    assert (problem.field, problem.code) == ("responsible_officer_id", "outside_your_reach")
    assert "Allocate to an officer" in problem.message
    record = refresh_case_record(workspace.actor, workspace.uow(), people[0])
    assert [a.officer for a in record.allocations] == ["Test Officer"]
    assert record.person.profile.responsible_officer_id == workspace.actor.id


def test_a_manager_cannot_allocate_to_a_team_they_do_not_manage(
    workspace: Workspace, people: list[int], manager: Actor
) -> None:
    elsewhere = _officer_of_another_team(workspace)
    with pytest.raises(ValidationFailed) as caught:
        allocate_people(manager, workspace.uow(), people[:2], elsewhere)
    assert (caught.value.problems[0].field, caught.value.problems[0].code) == (
        "officer_id",
        "outside_your_reach",
    )
    assert _caseload(workspace, only_officer_id=workspace.actor.id) == people


def test_closing_a_case_takes_it_off_the_caseload_until_reopened(
    counting: CountingRunner, workspace: Workspace, people: list[int]
) -> None:
    closed = counting.run(
        close_case, people[1], {"reason": "other", "other_reason": "Moved to Jersey"}
    )
    assert (closed.reason, closed.other_reason, closed.closed_by) == (
        ClosureReason.OTHER,
        "Moved to Jersey",
        "Test Officer",
    )
    assert counting.last.audit_rows == [("case.closed", people[1])]
    with workspace.uow() as uow:
        entry = uow.audit.latest(1)[0]
        assert entry.details == {"reason": "other"}  # the words stay out of the trail
    assert _caseload(workspace) == [people[0], people[2]]
    everyone = list_caseload(
        workspace.actor,
        workspace.uow(),
        CaseloadQuery(filters=CaseloadFilters(include_closed=True)),
    )
    assert [(row.id, row.closed) for row in everyone.rows] == [
        (people[0], False),
        (people[1], True),
        (people[2], False),
    ]
    record = refresh_case_record(workspace.actor, workspace.uow(), people[1])
    assert record.closure == closed
    with pytest.raises(CaseAlreadyClosed):
        close_case(workspace.actor, workspace.uow(), people[1], {"reason": "died"})

    counting.run(reopen_case, people[1])
    assert counting.last.audit_rows == [("case.reopened", people[1])]
    assert _caseload(workspace) == people
    assert refresh_case_record(workspace.actor, workspace.uow(), people[1]).closure is None
    with pytest.raises(CaseNotClosed):
        reopen_case(workspace.actor, workspace.uow(), people[1])
    # Closed again later: a new closure, the old one kept.
    released = dt.date(2028, 2, 1)  # after the factory's release and licence end dates
    close_case(
        workspace.actor, workspace.uow(), people[1], {"reason": "licence_ended"}, today=released
    )
    with workspace.uow() as uow:
        assert uow.cases.open_closure(people[1]) is not None


def test_closing_needs_a_reason_permission_and_scope(
    workspace: Workspace, people: list[int], manager: Actor
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        close_case(workspace.actor, workspace.uow(), people[0], {"reason": "other"})
    assert caught.value.problems[0].field == "other_reason"
    leeds = establishment(workspace)
    key_worker = staff_member(workspace, "keyworker.one", Role.PRISON_STAFF, leeds)
    with pytest.raises(PermissionDenied):
        close_case(key_worker, workspace.uow(), people[0], {"reason": "died"})
    close_case(manager, workspace.uow(), people[0], {"reason": "transferred_out"})
    reopen_case(manager, workspace.uow(), people[0])
    assert _caseload(workspace) == people


def test_an_empty_caseload_is_told_apart_from_a_closed_one(
    workspace: Workspace, manager: Actor
) -> None:
    assert caseload_is_empty(workspace.actor, workspace.uow())
    pid = register_person(workspace.actor, workspace.uow(), another_person(1)).id
    close_case(workspace.actor, workspace.uow(), pid, {"reason": "died"})
    assert _caseload(workspace) == []
    assert not caseload_is_empty(workspace.actor, workspace.uow())


def test_prison_staff_reach_only_their_establishment(workspace: Workspace, manager: Actor) -> None:
    leeds = establishment(workspace)
    elsewhere = establishment(workspace, "BLI", "HMP Bristol")
    pid = register_person(
        workspace.actor, workspace.uow(), another_person(1, establishment_id=elsewhere)
    ).id
    key_worker = staff_member(workspace, "keyworker.one", Role.PRISON_STAFF, leeds)
    assert caseload_is_empty(key_worker, workspace.uow())
    with pytest.raises(OutOfScope):
        allocation_history(key_worker, workspace.uow(), pid)


def test_demo_people_start_with_their_allocation(workspace: Workspace) -> None:
    from tests.accounts import load_demo_for

    today = dt.date(2026, 12, 1)
    load_demo_for(workspace, 12, seed=3, today=today)
    page = list_caseload(workspace.actor, workspace.uow(), CaseloadQuery())
    days = set()
    for row in page.rows:
        history = allocation_history(workspace.actor, workspace.uow(), row.id)
        assert [h.officer for h in history] == [row.officer]
        # By the demo manager, on a day of their own (not all "today" with no one's name).
        (first,) = history
        assert first.allocated_by is not None and first.allocated_by != row.officer
        assert first.allocated_at.date() <= today
        if row.release_date is not None:
            assert first.allocated_at.date() <= row.release_date
        days.add(first.allocated_at.date())
    assert len(days) > 1


@pytest.mark.parametrize(
    ("release_date", "why"),
    [(None, "no release date is recorded"), (dt.date(2027, 1, 15), "still to come")],
)
def test_licence_ended_is_refused_before_release(
    workspace: Workspace, release_date: dt.date | None, why: str
) -> None:
    person = register_person(
        workspace.actor, workspace.uow(), another_person(7, release_date=release_date)
    ).id
    with pytest.raises(ValidationFailed) as caught:
        close_case(
            workspace.actor,
            workspace.uow(),
            person,
            {"reason": "licence_ended"},
            today=dt.date(2026, 12, 1),
        )
    problem = caught.value.problems[0]
    assert (problem.field, problem.code) == ("reason", "not_released")
    assert problem.message.startswith("Reason: ") and why in problem.message
    assert refresh_case_record(workspace.actor, workspace.uow(), person).closure is None
    # Any other reason closes it; after release and licence end, so does "licence ended".
    if release_date is not None:
        close_case(
            workspace.actor,
            workspace.uow(),
            person,
            {"reason": "licence_ended"},
            today=dt.date(2028, 2, 1),  # after the factory's licence end date
        )
    else:
        close_case(workspace.actor, workspace.uow(), person, {"reason": "transferred_out"})
    assert refresh_case_record(workspace.actor, workspace.uow(), person).closure is not None


def test_licence_ended_is_refused_while_the_licence_end_date_is_to_come(
    workspace: Workspace,
) -> None:
    """Released today, licence ending in 2028: the licence has not ended."""
    today = dt.date(2026, 12, 1)
    person = register_person(
        workspace.actor,
        workspace.uow(),
        another_person(8, release_date=today, licence_end_date=dt.date(2028, 6, 30)),
    ).id
    with pytest.raises(ValidationFailed) as caught:
        close_case(
            workspace.actor, workspace.uow(), person, {"reason": "licence_ended"}, today=today
        )
    problem = caught.value.problems[0]
    assert (problem.field, problem.code) == ("reason", "licence_not_ended")
    assert problem.message.startswith("Reason: ") and "licence end date" in problem.message
    assert refresh_case_record(workspace.actor, workspace.uow(), person).closure is None
    close_case(
        workspace.actor,
        workspace.uow(),
        person,
        {"reason": "licence_ended"},
        today=dt.date(2028, 7, 1),
    )
    assert refresh_case_record(workspace.actor, workspace.uow(), person).closure is not None


def test_licence_ended_needs_a_recorded_licence_end_date(workspace: Workspace) -> None:
    """Released a week ago with no licence end date recorded: "licence ended" is refused,
    naming the field to record; once the date is recorded (and has come) it closes."""
    today = dt.date(2026, 12, 1)
    person = register_person(
        workspace.actor,
        workspace.uow(),
        another_person(9, release_date=today - dt.timedelta(days=7), licence_end_date=None),
    ).id
    with pytest.raises(ValidationFailed) as caught:
        close_case(
            workspace.actor, workspace.uow(), person, {"reason": "licence_ended"}, today=today
        )
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("reason", "licence_end_not_recorded")
    assert problem.message.startswith("Licence end date: record it on the Profile tab")
    assert refresh_case_record(workspace.actor, workspace.uow(), person).closure is None
    record = refresh_case_record(workspace.actor, workspace.uow(), person)
    profile = {**record.person.profile.model_dump(), "licence_end_date": today}
    update_person(workspace.actor, workspace.uow(), person, record.person.version, profile)
    close_case(workspace.actor, workspace.uow(), person, {"reason": "licence_ended"}, today=today)
    assert refresh_case_record(workspace.actor, workspace.uow(), person).closure is not None


def test_a_closed_case_is_read_only_until_reopened(workspace: Workspace, people: list[int]) -> None:
    """Saves to a closed case are refused in the service, whatever the window shows."""
    person = people[0]
    close_case(workspace.actor, workspace.uow(), person, {"reason": "died"})
    record = refresh_case_record(workspace.actor, workspace.uow(), person)
    profile = {**record.person.profile.model_dump(), "gender": "Man"}
    essential = {"kind": "gp_registration", "status": "in_progress"}
    revision = record.revisions.get(RecordPart.ESSENTIALS.value, 0)
    attempts = [
        lambda: update_person(
            workspace.actor, workspace.uow(), person, record.person.version, profile
        ),
        lambda: save_essential(workspace.actor, workspace.uow(), person, revision, essential),
        lambda: add_case_note(workspace.actor, workspace.uow(), person, {"text": "Seen today"}),
    ]
    for attempt in attempts:
        with pytest.raises(CaseIsClosed, match=r"closed.*Reopen the case to edit it"):
            attempt()
    reopen_case(workspace.actor, workspace.uow(), person)
    update_person(workspace.actor, workspace.uow(), person, record.person.version, profile)
    assert refresh_case_record(workspace.actor, workspace.uow(), person).person.profile.gender == (
        "Man"
    )


def test_the_people_chosen_for_allocation_are_listed_with_their_officer(
    workspace: Workspace, people: list[int], manager: Actor
) -> None:
    colleague = staff_member(workspace, "officer.two")
    allocate_people(manager, workspace.uow(), [people[1]], colleague.id)
    listed = allocation_candidates(manager, workspace.uow(), [people[1], people[0], people[1]])
    assert [(c.person_id, c.officer) for c in listed] == [
        (people[1], colleague.display_name),
        (people[0], "Test Officer"),
    ]
    assert listed[0].prison_number and listed[0].name
    with pytest.raises(PermissionDenied):
        allocation_candidates(workspace.actor, workspace.uow(), people)
