"""Views and disclosures are logged once per opening, with their justification, and "Who has
seen this" lists them for the person's officer and their team's managers only. Runs on both
backends (the ``workspace`` fixture)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.seen_by import MayNotSeeWhoHasSeen
from resettle.domain.staff import Role
from resettle.services import case_access, disclosures, people, seen_by
from resettle.services.case_record import read
from resettle.services.plans import edit, printing
from resettle.services.workspace import Workspace
from tests.disclosures import FOR_THE_PERSON, TO_MAPPA
from tests.factories import person_data, staff_member
from tests.services.conftest import CountingRunner
from tests.services.held_case import ACTION, Case, held_person, readers_of


@pytest.fixture
def case(workspace: Workspace) -> Case:
    person_id, prison_id = held_person(workspace)
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    return readers_of(workspace, person_id, prison_id, "seen")


def _details(workspace: Workspace, person_id: int) -> list[tuple[str, dict[str, Any]]]:
    with workspace.uow() as uow:
        rows = [r for r in uow.audit.latest(1000) if r.person_id == person_id]
        return [(r.action, dict(r.details)) for r in reversed(rows)]


def _note(workspace: Workspace, person_id: int, details: dict[str, Any]) -> tuple[str, str]:
    """The words of the note an audit row names (checked against the row's digest)."""
    with workspace.uow() as uow:
        note = uow.disclosure_notes.by_id(person_id, [details["note_id"]])[details["note_id"]]
    assert note.matches(details["note_sha256"])
    return note.justification_text, note.recipient


# --- each path logs exactly once per opening -----------------------------------------------


def test_each_way_of_opening_a_person_writes_one_view_naming_where(
    counting: CountingRunner, case: Case
) -> None:
    pid = case.person_id
    opened: list[tuple[Any, tuple[Any, ...], str]] = [
        (read.open_case_record, (pid,), "record"),
        (people.get_person, (pid,), "command_line"),
        (printing.open_plan_preview, (pid,), "plan_preview"),
    ]
    for use_case, args, view in opened:
        counting.run(use_case, *args)
        assert counting.last.audit_rows == [("person.viewed", pid)], view
    counting.as_(case.manager).run(case_access.person_access, pid)
    assert counting.last.audit_rows == [("person.viewed", pid)]
    rows = _details(counting.workspace, pid)
    views = [d["view"] for action, d in rows if action == "person.viewed"]
    assert views[-4:] == ["record", "command_line", "plan_preview", "access"]


def test_reading_again_and_the_list_itself_write_nothing(
    counting: CountingRunner, case: Case
) -> None:
    for use_case in (read.refresh_case_record, printing.plan_document, seen_by.who_has_seen):
        counting.run(use_case, case.person_id)
        assert counting.last.audit_rows == [], use_case.__name__


def test_a_preview_refused_for_an_empty_plan_records_nothing(
    counting: CountingRunner,
) -> None:
    person_id = counting.run(people.register_person, person_data()).id
    with pytest.raises(printing.NoPlanToPrint):
        counting.run(printing.open_plan_preview, person_id)
    assert counting.last.audit_rows == []
    counting.run(printing.open_plan_preview, person_id, allow_empty=True)
    assert counting.last.audit_rows == [("person.viewed", person_id)]


# --- disclosures carry their justification ---------------------------------------------------


def test_a_print_keeps_its_justification_and_recipient(workspace: Workspace, case: Case) -> None:
    printing.plan_pdf(case.officer, workspace.uow(), case.person_id, reason=TO_MAPPA, to_file=True)
    action, details = _details(workspace, case.person_id)[-1]
    assert action == "plan.printed"
    assert details["justification"] == "mappa_meeting"
    assert "recipient" not in details and "justification_text" not in details
    assert _note(workspace, case.person_id, details) == ("L2", "MAPPA panel")
    assert details["to_file"] is True


def test_a_print_without_a_valid_justification_is_refused_and_not_logged(
    workspace: Workspace, case: Case, tmp_path: Path
) -> None:
    before = _details(workspace, case.person_id)
    with pytest.raises(ValidationFailed) as refused:
        printing.plan_pdf(
            case.officer, workspace.uow(), case.person_id, reason={"justification": "other"}
        )
    assert refused.value.problems[0].field == "justification_text"
    with pytest.raises(ValidationFailed):
        printing.print_plan_to_file(
            case.officer, workspace.uow(), case.person_id, tmp_path / "out", reason={}
        )
    assert not (tmp_path / "out").exists()
    assert _details(workspace, case.person_id) == before


def test_recording_a_disclosure_needs_a_recipient_and_is_audited(
    workspace: Workspace, case: Case
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        disclosures.record_disclosure(
            case.officer, workspace.uow(), case.person_id, {"justification": "court_report"}
        )
    assert refused.value.problems[0].field == "recipient"
    disclosures.record_disclosure(case.officer, workspace.uow(), case.person_id, TO_MAPPA)
    action, details = _details(workspace, case.person_id)[-1]
    assert action == "person.disclosed"
    assert set(details) == {"justification", "note_id", "note_sha256"}
    assert details["justification"] == "mappa_meeting"
    assert _note(workspace, case.person_id, details) == ("L2", "MAPPA panel")


# --- who has seen this ----------------------------------------------------------------------


def test_the_officer_and_the_team_manager_see_who_has_seen_newest_first(
    workspace: Workspace, case: Case
) -> None:
    read.open_case_record(case.manager, workspace.uow(), case.person_id)
    printing.plan_pdf(case.officer, workspace.uow(), case.person_id, reason=FOR_THE_PERSON)
    disclosures.record_disclosure(case.officer, workspace.uow(), case.person_id, TO_MAPPA)
    for reader in (case.officer, case.manager):
        page = seen_by.who_has_seen(reader, workspace.uow(), case.person_id)
        lines = [(e.staff_name, e.what, e.why, e.recipient) for e in page.entries]
        assert lines == [
            ("Test Officer", "Disclosed to MAPPA panel", "MAPPA meeting: L2", "MAPPA panel"),
            ("Test Officer", "Printed the officer's plan", "Plan for the person", ""),
            (case.manager.display_name, "Opened the record", "", ""),
        ]
        assert page.next_before is None
    first = page.entries[0]
    assert first.staff_roles == "Probation officer"
    assert first.staff_team  # the officer's team is named
    assert page.entries[2].staff_roles == "Manager"


def test_the_list_is_refused_to_everyone_else_with_a_clear_message(
    workspace: Workspace, case: Case
) -> None:
    colleague = staff_member(workspace, "seen.colleague", Role.OFFICER)
    for reader in (case.prison, colleague):
        with pytest.raises(MayNotSeeWhoHasSeen) as refused:
            seen_by.who_has_seen(reader, workspace.uow(), case.person_id)
        assert "officer and the managers of their team" in str(refused.value)
    for reader, may in ((case.officer, True), (case.manager, True), (colleague, False)):
        record = read.refresh_case_record(reader, workspace.uow(), case.person_id)
        assert record.may_see_who_has_seen is may


def test_a_long_history_comes_in_pages(workspace: Workspace, case: Case) -> None:
    for _ in range(7):
        read.open_case_record(case.officer, workspace.uow(), case.person_id)
    first = seen_by.who_has_seen(case.officer, workspace.uow(), case.person_id, limit=3)
    assert len(first.entries) == 3 and first.next_before is not None
    ids = [e.audit_id for e in first.entries]
    before = first.next_before
    while before is not None:
        page = seen_by.who_has_seen(
            case.officer, workspace.uow(), case.person_id, before=before, limit=3
        )
        ids += [e.audit_id for e in page.entries]
        before = page.next_before
    assert ids == sorted(ids, reverse=True) and len(ids) == len(set(ids)) == 7
