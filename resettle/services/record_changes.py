"""Has anything changed since the last look? The cheap question another copy's writes are
noticed by (``ui/common/change_watch.py`` asks it every few seconds)."""

from __future__ import annotations

from resettle.domain.record_changes import RecordChanges, summarise
from resettle.domain.staff import Actor
from resettle.services.unit_of_work import UnitOfWork

#: The most audit rows one look reads; beyond it every screen reads again.
MOST_ROWS = 500


def changes_since(actor: Actor, uow: UnitOfWork, after_id: int | None) -> RecordChanges:
    """The writes audited after row ``after_id`` (ids and part names only: what screens need
    to know to read again, nothing of the record). ``None`` starts watching: it returns the
    newest row's id and no changes. Not audited: it reads no record. At most two index
    lookups on the audit log's primary key."""
    del actor  # any signed-in user may learn that something changed; reads stay checked
    with uow:
        if after_id is None:
            return RecordChanges(last_id=uow.audit.last_id())
        entries = uow.audit.entries_after(after_id, MOST_ROWS + 1)
        complete = len(entries) <= MOST_ROWS
        return summarise(after_id, entries[:MOST_ROWS], complete)
