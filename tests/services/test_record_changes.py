"""What another copy of the app learns from the audit trail: whose record changed and which
part, views not counted; two workspaces on one database, as two copies of the app."""

from __future__ import annotations

import pytest

from resettle.domain.record_changes import changed_part, summarise
from resettle.domain.staff import Role
from resettle.services.case_record.read import open_case_record
from resettle.services.erasure.erase import erase_person
from resettle.services.people import register_person, update_person
from resettle.services.record_changes import MOST_ROWS, changes_since
from resettle.services.workspace import Workspace
from tests.factories import person_data, staff_member


def test_writes_by_another_copy_are_found_by_person_and_part_and_views_are_not(
    workspace: Workspace, other_copy: Workspace
) -> None:
    start = workspace.run(changes_since, None)
    assert not start.any and start.last_id > 0  # watching starts at the newest row
    seen = start.seen
    person_id = other_copy.run(register_person, person_data()).id
    found = workspace.run(changes_since, start.last_id, seen)
    assert found.parts == {person_id: frozenset({"new_person", "allocation"})}
    assert not found.everyone
    assert found.last_id > start.last_id
    seen |= found.seen

    other_copy.run(open_case_record, person_id)  # a view: no change
    viewed = workspace.run(changes_since, found.last_id, seen)
    assert not viewed.any and viewed.last_id > found.last_id  # and not looked at again
    seen |= viewed.seen

    other_copy.run(update_person, person_id, 1, person_data(release_date=None))
    changed = workspace.run(changes_since, viewed.last_id, seen)
    assert changed.parts == {person_id: frozenset({"profile"})}
    assert not workspace.run(changes_since, changed.last_id, seen | changed.seen).any


def test_a_row_committed_late_with_a_lower_id_is_still_found(
    workspace: Workspace, other_copy: Workspace
) -> None:
    """On PostgreSQL a row's id is taken at insert but seen at commit: a slower transaction
    can commit id 100 after a look has passed 101 (review). Each look reads again a little
    way behind the newest row it saw, skipping what it has seen."""
    start = workspace.run(changes_since, None)
    person_id = other_copy.run(register_person, person_data()).id
    everything = workspace.run(changes_since, start.last_id, start.seen)
    missed = min(everything.seen)  # as if that row had not been committed at the last look
    late = workspace.run(changes_since, everything.last_id, start.seen | everything.seen - {missed})
    assert person_id in late.parts  # the late row is announced
    assert late.last_id == everything.last_id
    assert not workspace.run(changes_since, late.last_id, start.seen | everything.seen).any


def test_watching_needs_a_role_that_sees_the_caseload(workspace: Workspace) -> None:
    from resettle.domain.permissions import PermissionDenied
    from resettle.domain.staff import Role
    from tests.factories import actor

    with pytest.raises(PermissionDenied):
        changes_since(actor(Role.ADMIN), workspace.uow(), None)


def test_audit_actions_name_the_parts_screens_refresh_by() -> None:
    assert changed_part("referral.updated", 7) == "referral:7"
    assert changed_part("essential.saved", 1) == "essentials"
    assert changed_part("support_need.status_changed", 3) == "needs"
    assert changed_part("risk.rosh_recorded", None) == "risk"
    assert changed_part("plan.actions_followed", 2) == "plan"
    assert changed_part("case.reopened", 2) == "case_status"
    entries = [(5, "person.viewed", 1, 1), (6, "note.added", 9, 1), (7, "plan.printed", 3, 2)]
    summary = summarise(4, entries, complete=True)
    assert summary.parts == {1: frozenset({"notes"})} and summary.last_id == 7
    assert summarise(4, [(5, "evidence_pack.imported", 1, None)], complete=True).everyone
    too_many = summarise(4, [(n, "note.added", 1, 1) for n in range(5, 5 + MOST_ROWS)], False)
    assert too_many.everyone  # more than one look reads: every screen reads again
    assert summarise(9, [], complete=True).last_id == 9


def test_an_erasure_is_news_though_no_one_reaches_the_person_any_more(
    workspace: Workspace, other_copy: Workspace
) -> None:
    """The caseload and an open record of the erased person must read again; after erasure
    the access check finds nobody reaching them, so the erasure is told by its id alone."""
    person_id = other_copy.run(register_person, person_data()).id
    start = workspace.run(changes_since, None)
    manager = Workspace(
        workspace.database, staff_member(workspace, "changes.manager", Role.MANAGER)
    )
    manager.run(erase_person, person_data()["prison_number"], "subject_request")

    found = workspace.run(changes_since, start.last_id, start.seen)

    assert found.parts == {person_id: frozenset({"erased"})}
