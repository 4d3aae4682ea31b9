"""The application-wide change notice: after a write, every screen showing what changed refreshes.

Modelled on Anki's operation hooks (``qt/aqt/operations``): the code that runs writes announces
each completed write once, on the UI thread, saying whose record changed and which parts; the
windows listen and read again only what they show. One notice serves all the windows of one
:class:`~resettle.services.workspace.Workspace` (one database, one signed-in user):
:func:`change_notice` gives it.

- ``CaseRecordSession`` announces every save it runs (any tab, dialog, plan, closing a case), and
  every other session of the same person reads the record again (``ui/common/case_record_session``).
- The dialogs that write outside a session announce too: New person, allocation, pack import.
- The caseload window re-reads the rows it shows (``ui/caseload_refresh.py``).

A change never carries personal data: ids and part names only.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from resettle.services.workspace import Workspace

#: Part names beyond the record's own (``RecordPart`` values and ``referral:N``).
PLAN = "plan"
NOTES = "notes"
CASE_STATUS = "case_status"
ALLOCATION = "allocation"
NEW_PERSON = "new_person"
EVIDENCE_PACK = "evidence_pack"
#: A write that names no part (an addition such as a referral).
RECORD = "record"


@dataclass(frozen=True)
class Change:
    """What one completed write changed: whose record (``person_ids``; every person when
    ``everyone``, as after a pack import), which parts, and where it was made (``origin``, the
    session or dialog that wrote, so it need not refresh itself). ``external``: found in the
    database by the change watch (``change_watch.py``), perhaps another copy's write, perhaps
    this copy's own seen again; screens compare what they hold before saying anything."""

    person_ids: frozenset[int]
    parts: frozenset[str]
    origin: object | None = None
    everyone: bool = False
    external: bool = False

    def concerns(self, person_id: int) -> bool:
        return self.everyone or person_id in self.person_ids


class ChangeNotice(QObject):
    #: A write completed (a :class:`Change`). Emitted on the UI thread, once per write.
    changed = Signal(object)

    def announce(
        self,
        person_ids: Iterable[int],
        parts: Iterable[str],
        origin: object | None = None,
        *,
        everyone: bool = False,
        external: bool = False,
    ) -> Change:
        change = Change(frozenset(person_ids), frozenset(parts), origin, everyone, external)
        self.changed.emit(change)
        return change


_notices: dict[int, ChangeNotice] = {}


def change_notice(workspace: Workspace) -> ChangeNotice:
    """The notice shared by every window working in ``workspace`` (made on first use, dropped
    with the workspace)."""
    key = id(workspace)
    notice = _notices.get(key)
    if notice is None:
        notice = _notices[key] = ChangeNotice()
        weakref.finalize(workspace, _notices.pop, key, None)
    return notice


__all__ = [
    "ALLOCATION",
    "CASE_STATUS",
    "EVIDENCE_PACK",
    "NEW_PERSON",
    "NOTES",
    "PLAN",
    "RECORD",
    "Change",
    "ChangeNotice",
    "change_notice",
]
