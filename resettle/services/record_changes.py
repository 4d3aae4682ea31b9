"""Has anything changed since the last look? The cheap question another copy's writes are
noticed by (``ui/common/change_watch.py`` asks it every few seconds)."""

from __future__ import annotations

from resettle.domain.permissions import Permission, require
from resettle.domain.record_changes import ERASED, RecordChanges, summarise
from resettle.domain.staff import Actor
from resettle.services.access_scope import scope_of
from resettle.services.unit_of_work import UnitOfWork

#: The most audit rows one look reads; beyond it every screen reads again.
MOST_ROWS = 500
#: How far behind the newest row seen each look reads again. On PostgreSQL an audit row's id
#: is taken when it is inserted but the row is seen only when its transaction commits, so a
#: slower transaction can commit a lower id after a look has passed it (review); rows already
#: seen are skipped by id.
LOOK_BACK = 200


def changes_since(
    actor: Actor, uow: UnitOfWork, after_id: int | None, seen: frozenset[int] = frozenset()
) -> RecordChanges:
    """The writes audited after row ``after_id``, and those within :data:`LOOK_BACK` rows
    behind it not in ``seen`` (ids and part names only: what screens need to know to read
    again, nothing of the record). ``None`` starts watching: it returns the newest row's id and
    no changes. Not audited: it reads no record. One range of the audit log's primary key."""
    require(actor, Permission.VIEW_CASELOAD)  # roles that see no records have nothing to watch
    with uow:
        if after_id is None:  # rows up to now are not news, including those looked back on
            last = uow.audit.last_id()
            behind = uow.audit.entries_after(max(last - LOOK_BACK, 0), LOOK_BACK)
            return RecordChanges(last_id=last, seen=frozenset(entry[0] for entry in behind))
        start = max(after_id - LOOK_BACK, 0)
        read = uow.audit.entries_after(start, LOOK_BACK + MOST_ROWS + 1)
        complete = len(read) <= LOOK_BACK + MOST_ROWS
        fresh = [entry for entry in read[: LOOK_BACK + MOST_ROWS] if entry[0] not in seen]
        return _visible_changes(actor, uow, summarise(after_id, fresh, complete))


def _visible_changes(actor: Actor, uow: UnitOfWork, changes: RecordChanges) -> RecordChanges:
    """Changes about people the actor reaches only: outside the access (a limited-access case,
    another team) a person does not exist, so their writes are not news either. An erased
    person is reached by no one any more, so an erasure is news to every screen (a caseload
    row or an open record of theirs goes): only the id is told, of someone who is gone."""
    if not changes.parts:
        return changes
    reached = uow.access.reached_ids(scope_of(actor, uow), set(changes.parts))
    parts = {
        person: found
        for person, found in changes.parts.items()
        if person in reached or ERASED in found
    }
    return changes.model_copy(update={"parts": parts})
