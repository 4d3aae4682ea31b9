"""The words typed with a disclosure live in a note of the person's, never in the audit trail:
"Who has seen this" shows them from the note, erasure removes the note while the audit row and
its digest stay (and the chain verifies), and a note changed afterwards no longer matches the
digest. Runs on both backends (the ``workspace`` fixture, the database owner's connection)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from resettle.domain.audit_actions import AuditAction
from resettle.domain.disclosure import DisclosureReason, Justification, RecordedDisclosure
from resettle.domain.erasure import ErasureReason
from resettle.domain.seen_by import NOTE_CHANGED_MARK
from resettle.domain.staff import Role
from resettle.services import disclosures, seen_by
from resettle.services.audit_chain import verify_audit_chain
from resettle.services.erasure.erase import erase_person
from resettle.services.plans import edit, printing
from resettle.services.workspace import Workspace
from tests.factories import staff_member
from tests.services.held_case import ACTION, Case, held_person, readers_of

WHY = "Solicitor Quillfeather asked on the phone"
WHO = "Brackenbury Legal LLP"
TYPED = RecordedDisclosure(justification=Justification.OTHER, justification_text=WHY, recipient=WHO)


@pytest.fixture
def case(workspace: Workspace) -> Case:
    person_id, prison_id = held_person(workspace)
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    return readers_of(workspace, person_id, prison_id, "notes")


def _audit_text(workspace: Workspace) -> str:
    """Every audit row's details, as stored."""
    with workspace.database.engine.connect() as connection:
        found = connection.execute(text("SELECT CAST(details AS TEXT) FROM audit_log"))
        return "\n".join(row[0] or "" for row in found)


def _notes(workspace: Workspace, person_id: int) -> list[tuple[str, str]]:
    with workspace.database.engine.connect() as connection:
        found = connection.execute(
            text(
                "SELECT justification_text, recipient FROM disclosure_notes "
                "WHERE person_id = :p ORDER BY created_at, id"
            ),
            {"p": person_id},
        )
        return [(row[0], row[1]) for row in found]


def test_a_disclosure_and_a_print_write_notes_and_no_typed_word_reaches_the_audit_trail(
    workspace: Workspace, case: Case
) -> None:
    disclosures.record_disclosure(case.prison, workspace.uow(), case.person_id, TYPED)
    printing.plan_pdf(case.officer, workspace.uow(), case.person_id, reason=TYPED)
    plain = DisclosureReason(justification=Justification.PLAN_FOR_PERSON)
    printing.plan_pdf(case.officer, workspace.uow(), case.person_id, reason=plain)
    assert _notes(workspace, case.person_id) == [(WHY, WHO), (WHY, WHO)]  # none for `plain`
    trail = _audit_text(workspace)
    for word in ("Quillfeather", "Brackenbury", "Solicitor", "LLP"):
        assert word not in trail


def test_who_has_seen_this_shows_the_words_from_the_note(workspace: Workspace, case: Case) -> None:
    disclosures.record_disclosure(case.officer, workspace.uow(), case.person_id, TYPED)
    entry = seen_by.who_has_seen(case.manager, workspace.uow(), case.person_id).entries[0]
    assert (entry.what, entry.why, entry.recipient) == (
        f"Disclosed to {WHO}",
        f"Other: {WHY}",
        WHO,
    )


def test_a_note_changed_afterwards_no_longer_matches_its_digest(
    workspace: Workspace, case: Case
) -> None:
    disclosures.record_disclosure(case.officer, workspace.uow(), case.person_id, TYPED)
    with workspace.database.engine.begin() as connection:
        connection.execute(
            text("UPDATE disclosure_notes SET justification_text = 'Routine' WHERE person_id = :p"),
            {"p": case.person_id},
        )
    entry = seen_by.who_has_seen(case.officer, workspace.uow(), case.person_id).entries[0]
    assert entry.why == f"Other: Routine {NOTE_CHANGED_MARK}"


def test_erasure_removes_the_notes_and_keeps_the_audit_rows_and_digests(
    workspace: Workspace, case: Case
) -> None:
    disclosures.record_disclosure(case.officer, workspace.uow(), case.person_id, TYPED)
    printing.plan_pdf(case.officer, workspace.uow(), case.person_id, reason=TYPED)
    with workspace.uow() as uow:
        kept = [
            (row.action, row.details)
            for row in uow.audit.latest(100)
            if row.person_id == case.person_id and "note_id" in row.details
        ]
        prison_number = uow.people.get(case.person_id).prison_number  # type: ignore[union-attr]
    assert len(kept) == 2
    manager = Workspace(workspace.database, staff_member(workspace, "notes.eraser", Role.MANAGER))
    record = manager.run(erase_person, prison_number, ErasureReason.SUBJECT_REQUEST)
    assert {t.table: t.rows for t in record.tables}["disclosure_notes"] == 2
    assert record.disclosures == 1 and record.printed_copies == 1
    assert _notes(workspace, case.person_id) == []
    with workspace.uow() as uow:
        after = [
            (row.action, row.details)
            for row in uow.audit.latest(100)
            if row.person_id == case.person_id and "note_id" in row.details
        ]
    assert sorted(after, key=str) == sorted(kept, key=str)  # ids and digests stay
    chain = verify_audit_chain(workspace.database)
    assert chain.fault is None


def test_a_row_from_before_notes_still_shows_the_words_it_holds(
    workspace: Workspace, case: Case
) -> None:
    # As rows were written before schema 0018: past today's details rule (services/audit.py).
    with workspace.uow() as uow:
        uow.audit.record(
            actor_id=case.officer.id,
            action=AuditAction.PERSON_DISCLOSED.value,
            entity_type=AuditAction.PERSON_DISCLOSED.entity_type,
            entity_id=case.person_id,
            person_id=case.person_id,
            details={
                "justification": "court_report",
                "justification_text": "Typed before",
                "recipient": "Crown Court",
            },
        )
        uow.commit()
    entry = seen_by.who_has_seen(case.officer, workspace.uow(), case.person_id).entries[0]
    assert (entry.why, entry.recipient) == ("Court report: Typed before", "Crown Court")
