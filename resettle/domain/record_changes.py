"""What the audit trail says changed, in the words screens refresh by: whose record and which
part of it (``profile``, ``needs``, ``referral:N``, ``plan``...), never what the values were.

Another copy of the app (another officer on the shared server, a second window on the same
SQLite file) writes no notice this copy can hear; its audit rows are the trace every write
leaves, in the same transaction. Reads (opening a record, printing a plan) are not changes.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from resettle.domain.audit_actions import AuditAction
from resettle.domain.record_parts import RecordPart, referral_part

#: Audit actions that record a read, not a change.
READS = frozenset({AuditAction.PERSON_VIEWED.value, AuditAction.PLAN_PRINTED.value})
#: Actions after which every screen reads again (no single person, or everyone at once).
EVERYONE = frozenset({AuditAction.DEMO_LOADED.value, AuditAction.EVIDENCE_PACK_IMPORTED.value})

_PARTS: dict[str, str] = {
    "person.registered": "new_person",
    "person.updated": RecordPart.PROFILE.value,
    "allocation.recorded": "allocation",
    "case.closed": "case_status",
    "case.reopened": "case_status",
    "need.saved": RecordPart.NEEDS.value,
    "support_need.added": RecordPart.NEEDS.value,
    "support_need.status_changed": RecordPart.NEEDS.value,
    "essential.saved": RecordPart.ESSENTIALS.value,
    "note.added": "notes",
    "recommendation.accepted": "plan",
    "person.erased": "erased",
}
#: The part of an erasure: the person is gone, so no access check can say who reached them.
ERASED = "erased"
_PREFIXES: dict[str, str] = {"risk.": RecordPart.RISK.value, "plan.": "plan"}


def changed_part(action: str, entity_id: int | None) -> str:
    """The part of a record an audited write changed ("record" when it names none)."""
    if action.startswith("referral.") and entity_id is not None:
        return referral_part(entity_id)
    if action in _PARTS:
        return _PARTS[action]
    for prefix, part in _PREFIXES.items():
        if action.startswith(prefix):
            return part
    return "record"


class RecordChanges(BaseModel):
    """The writes after an audit row id: ``last_id`` to ask after next time; each changed
    person's id with the parts changed; ``everyone`` when every screen should read again
    (a pack import, a demo load, or more changes than one look reads)."""

    model_config = ConfigDict(frozen=True)

    last_id: int
    parts: dict[int, frozenset[str]] = {}
    everyone: bool = False
    #: The audit row ids this look read (the watch skips them when it looks back again).
    seen: frozenset[int] = frozenset()

    @property
    def any(self) -> bool:
        return self.everyone or bool(self.parts)


def summarise(
    last_id: int, entries: list[tuple[int, str, int | None, int | None]], complete: bool
) -> RecordChanges:
    """``entries`` (``(id, action, entity_id, person_id)``, oldest first) as changes by person;
    ``complete`` is False when there were more than were read."""
    parts: dict[int, set[str]] = {}
    everyone = not complete
    for _id, action, entity_id, person_id in entries:
        if action in READS:
            continue
        if action in EVERYONE:
            everyone = True
        elif person_id is not None:
            parts.setdefault(person_id, set()).add(changed_part(action, entity_id))
    last = max([last_id, *(entry[0] for entry in entries)])
    return RecordChanges(
        last_id=last,
        parts={person: frozenset(found) for person, found in parts.items()},
        everyone=everyone,
        seen=frozenset(entry[0] for entry in entries),
    )
