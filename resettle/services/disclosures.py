"""Recording a disclosure made outside the app: the person's data given to someone (a MAPPA
panel, a court), with the justification and the recipient (``domain/disclosure.py``).

Every disclosure (this one and ``plan.printed``) stores its words through
``stage_disclosure_note``: the words typed go to a note of the person's
(``domain/disclosure_notes.py``), the audit row keeps the justification code and the note's
id and digest, both in the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resettle.domain.audit_actions import AuditAction
from resettle.domain.disclosure import DisclosureReason, RecordedDisclosure
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.person_access import reachable_person
from resettle.services.unit_of_work import UnitOfWork


def stage_disclosure_note(
    uow: UnitOfWork, person_id: int, reason: DisclosureReason
) -> dict[str, Any]:
    """Staging helper (inside the caller's unit of work, no commit): the note of the words
    typed, when there are any, stored for the person; returns the details the disclosure's
    audit row keeps (the justification code and the note's id and digest)."""
    note = reason.note()
    if note is not None:
        uow.disclosure_notes.add(person_id, note)
    return reason.audit_details(note)


def record_disclosure(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    disclosure: Mapping[str, Any] | RecordedDisclosure,
) -> RecordedDisclosure:
    """One ``person.disclosed`` row: by anyone who reaches the person and may read the
    record; bad input is refused naming the field, and nothing is recorded."""
    require(actor, Permission.VIEW_PERSON)
    checked = validate(RecordedDisclosure, disclosure)
    with uow:
        row = reachable_person(actor, uow, person_id, Permission.VIEW_PERSON)
        audit.record(
            uow,
            actor,
            AuditAction.PERSON_DISCLOSED,
            row.id,
            person_id=row.id,
            **stage_disclosure_note(uow, row.id, checked),
        )
        uow.commit()
    return checked
