"""Opening a person's case record from the caseload window: read in the background, shown in
its own window when it arrives (or a message says why it cannot be), brought to the front if
it is open already."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QWidget

from resettle.services.workspace import Workspace
from resettle.ui.access.banners import DemoBanner
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.worker import show_failure

if TYPE_CHECKING:  # the person windows' modules are loaded when a person is first opened
    from resettle.domain.case_record import CaseRecord
    from resettle.ui.common.person_tab import PersonTab


class PersonOpener(QObject):
    """Opens person windows as children of ``window``, showing work on ``busy``."""

    def __init__(
        self, window: QWidget, workspace: Workspace, busy: BusyIndicator, *, demo: bool = False
    ) -> None:
        super().__init__(window)
        #: A demo database: each person window says so at the top.
        self.demo = demo
        self.owner = window
        self.workspace = workspace
        self.busy = busy
        self._opening: set[int] = set()  # people whose record is being read

    def open(
        self,
        person_id: int,
        tab: type[PersonTab] | None = None,
        then: Callable[[PersonTab], None] | None = None,
    ) -> None:
        """Open the person's case record, or bring its window to the front if already open;
        on ``tab`` when given (and the window has it), then hand that tab to ``then``. Asking
        again while it is read does nothing."""
        # Loaded on first use, on this thread (not the worker's): start-up does not need them.
        from resettle.services.case_record.read import open_case_record
        from resettle.ui.person import PersonWindow

        for window in self.owner.findChildren(PersonWindow):
            if window.session.person_id == person_id and window.isVisible():
                _show_tab(window, tab, then)
                window.raise_()
                window.activateWindow()
                return
        if person_id in self._opening:
            return
        self._opening.add(person_id)
        workspace = self.workspace

        def arrived(record: CaseRecord) -> None:
            self._opening.discard(person_id)
            self._show(person_id, record, tab, then)

        def could_not_open(error: Exception) -> None:
            self._opening.discard(person_id)
            show_failure(self.owner, error)

        self.busy.run(
            lambda _job: workspace.run(open_case_record, person_id),
            arrived,
            on_failure=could_not_open,
        )

    def _show(
        self,
        person_id: int,
        record: CaseRecord,
        tab: type[PersonTab] | None,
        then: Callable[[PersonTab], None] | None,
    ) -> None:
        from resettle.ui.screens import open_person_window  # loaded on first use: faster start-up

        window = open_person_window(self.workspace, person_id, self.owner, record=record)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.demo:
            window.show_banner(DemoBanner(encrypted=self.workspace.encrypted))
        window.show()
        if tab is not None:  # after the window's own first focus (the first tab) on showing
            QTimer.singleShot(0, window, lambda: _show_tab(window, tab, then))


def _show_tab(
    window: Any, tab: type[PersonTab] | None, then: Callable[[PersonTab], None] | None = None
) -> None:
    """Bring ``tab`` forward in the person window, if it has one of that kind, and hand it to
    ``then``."""
    if tab is None:
        return
    try:
        shown = window.tab_of(tab)
    except StopIteration:  # not a tab of this window (the account does not see it)
        return
    window.show_tab(shown)
    if then is not None:
        then(shown)
