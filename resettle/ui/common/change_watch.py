"""Noticing changes made by another copy of the app: another officer on the shared server, or
a second copy on the same SQLite file. The change notice (``changes.py``) only hears this
copy's writes; every write also leaves an audit row, in its own transaction, so every
:data:`POLL_MS`, whether or not the app is in front (a caseload left open on a second screen
stays current: user trial), and again when it comes to the front, one small read off
the UI thread asks for the audit rows after the last one seen (``services/record_changes``:
one primary-key range). What it finds is announced on the change notice as an ``external``
change, and the screens read again as after a write here: the caseload its visible rows
(keeping selection and scroll), an open person window its record (keeping unsaved edits, and
saying so when someone else changed the same part).

This copy's own writes are seen too; the screens notice nothing differs (a person window
compares revisions) and say nothing. Nothing personal is logged: a failed look logs its kind.
"""

from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from resettle.domain.record_changes import RecordChanges
from resettle.services.record_changes import LOOK_BACK, changes_since
from resettle.services.workspace import Workspace
from resettle.ui import worker
from resettle.ui.common.changes import change_notice

#: How often to look, in front or behind (a look costs about a millisecond at 100,000 people).
POLL_MS = 20_000
log = logging.getLogger(__name__)


class ChangeWatch(QObject):
    def __init__(self, owner: QWidget, workspace: Workspace, poll_ms: int | None = None) -> None:
        super().__init__(owner)
        self._owner = owner
        self._workspace = workspace
        self._last_id: int | None = None
        #: Audit row ids already announced within LOOK_BACK of ``_last_id``.
        self._seen: frozenset[int] = frozenset()
        self._looking = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS if poll_ms is None else poll_ms)
        self.timer.timeout.connect(self._tick)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.connect(self._state_changed)
        self.poll()  # where watching starts: the newest audit row now
        self.timer.start()

    def poll(self) -> None:
        """Look now (off the UI thread); a look already on its way is not doubled."""
        if self._looking:
            return
        self._looking = True
        workspace, after, seen = self._workspace, self._last_id, self._seen
        watch = weakref.ref(self)

        def arrived(changes: RecordChanges) -> None:
            found = watch()
            if found is not None:
                found._arrived(changes)

        def failed(error: Exception) -> None:
            found = watch()
            if found is not None:
                found._looking = False
            log.warning("change_watch.look_failed %s", type(error).__name__)

        worker.run_in_background(
            self._owner,
            lambda _job: workspace.run(changes_since, after, seen),
            arrived,
            on_failure=failed,
        )

    def _arrived(self, changes: RecordChanges) -> None:
        self._looking = False
        first = self._last_id is None
        self._last_id = changes.last_id
        horizon = changes.last_id - LOOK_BACK
        self._seen = frozenset(i for i in self._seen | changes.seen if i > horizon)
        if first or not changes.any:
            return
        parts = {part for found in changes.parts.values() for part in found}
        change_notice(self._workspace).announce(
            changes.parts.keys(), parts, origin=self, everyone=changes.everyone, external=True
        )

    def _tick(self) -> None:
        self.poll()

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.poll()
