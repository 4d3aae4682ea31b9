"""Adding case notes. Notes are append-only: a correction is a new note naming the old one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from resettle.domain.audit_actions import AuditAction
from resettle.domain.case_notes import CaseNoteInput
from resettle.domain.errors import ValidationFailed
from resettle.domain.limits import CASE_NOTES_PER_PERSON_PER_DAY_MAX, check_count
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.person_access import changeable_person
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.tables.notes import CaseNoteRow


def add_case_note(
    actor: Actor, uow: UnitOfWork, person_id: int, data: Mapping[str, Any] | CaseNoteInput
) -> int:
    """Append a note; returns its id. Needs no version: adding never overwrites anything."""
    require(actor, Permission.ADD_NOTES)
    note = validate(CaseNoteInput, data)
    with uow:
        changeable_person(actor, uow, person_id, Permission.ADD_NOTES)
        day_ago = utc_now() - dt.timedelta(days=1)
        check_count(
            "text",
            "Note",
            uow.case.notes_since(person_id, day_ago) + 1,
            CASE_NOTES_PER_PERSON_PER_DAY_MAX,
            "notes on one record in 24 hours",
        )
        if note.corrects_note_id is not None:
            original = uow.case.note(note.corrects_note_id)
            if original is None or original.person_id != person_id:
                raise ValidationFailed.single(
                    "corrects_note_id", "unknown", "Corrects note: not a note on this record"
                )
        row = CaseNoteRow(
            person_id=person_id,
            author_id=actor.id,
            author=actor.display_name,
            pathway=note.pathway.value if note.pathway else None,
            text=note.text,
            corrects_note_id=note.corrects_note_id,
        )
        uow.case.add(row)
        audit.record(
            uow,
            actor,
            AuditAction.NOTE_ADDED,
            row.id,
            person_id=person_id,
            correction=note.is_correction,
        )
        uow.commit()
        return row.id
