"""The person window's case status: a banner while the case is closed (when, why, by whom;
the record is read-only until it is reopened), Close case… and Reopen case (for roles that
may; reopening asks first), and the allocation history (a button by the officer line opens
it as a list)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from resettle.domain import clock
from resettle.domain.case_record import CaseRecord
from resettle.domain.permissions import Permission
from resettle.domain.staff import Actor
from resettle.services.case_status import reopen_case
from resettle.services.unit_of_work import UnitOfWork
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.changes import CASE_STATUS
from resettle.ui.common.labels import date_text, label
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.messages import confirm_reopen, show_error
from resettle.ui.person.allocation_history import AllocationHistoryDialog
from resettle.ui.person.close_case_dialog import CloseCaseDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("PersonWindow", text)


def allocation_history_text(record: CaseRecord) -> str:
    """Every allocation, newest first (the tooltip of the window's header)."""
    if not record.allocations:
        return ""
    lines = [_tr("Allocation history:")]
    for item in reversed(record.allocations):
        line = (
            _tr("%1: allocated to %2")
            .replace("%1", date_text(clock.day_of(item.allocated_at)))
            .replace("%2", item.officer)
        )
        if item.previous_officer:
            line += _tr(" (from %1)").replace("%1", item.previous_officer)
        if item.allocated_by:
            line += _tr(" by %1").replace("%1", item.allocated_by)
        lines.append(line)
    return "\n".join(lines)


class CaseStatusControls(QObject):
    """Widgets the window lays out: ``closed_label`` under the header, the two buttons in
    its button row."""

    #: The case was closed or reopened (the caseload shows open cases only by default).
    changed = Signal()

    def __init__(self, session: CaseRecordSession, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self.window = window
        #: True while the window holds unsaved edits (closing the case waits for them).
        self.has_unsaved_edits: Callable[[], bool] = lambda: False
        self.closed_label = QLabel()
        self.closed_label.setWordWrap(True)
        style_banner(self.closed_label, Tone.NOTICE)
        self.closed_label.setAccessibleName(_tr("Case closed"))
        self.closed_label.hide()
        self.close_case_button = QPushButton(_tr("Close case…"))
        self.close_case_button.setToolTip(_tr("Close this case with a reason"))
        self.close_case_button.clicked.connect(lambda _checked=False: self.close_case())
        self.reopen_button = QPushButton(_tr("Reopen case"))
        self.reopen_button.setToolTip(_tr("Put this case back on the caseload"))
        self.reopen_button.clicked.connect(lambda _checked=False: self.reopen_case())
        self.history_button = QPushButton(_tr("Allocation &history…"))
        self.history_button.setAccessibleName(_tr("Allocation history"))
        self.history_button.setToolTip(_tr("Who has held this case, from when, and who chose"))
        self.history_button.setAutoDefault(False)
        self.history_button.clicked.connect(lambda _checked=False: self.show_history())
        self.may_close = session.may(Permission.CLOSE_CASE)
        for button in (self.close_case_button, self.reopen_button):
            button.setAccessibleName(button.text().replace("…", ""))
            button.setAutoDefault(False)
            button.setVisible(self.may_close)
        session.writing_changed.connect(self._writing_changed)

    def show_record(self, record: CaseRecord) -> None:
        closure = record.closure
        self.close_case_button.setVisible(self.may_close and closure is None)
        self.reopen_button.setVisible(self.may_close and closure is not None)
        self.closed_label.setVisible(closure is not None)
        if closure is None:
            self.closed_label.clear()
            return
        reason = label(closure.reason)
        if closure.other_reason:
            reason = f"{reason}: {closure.other_reason}"
        text = (
            _tr("Case closed on %1 (%2). Reopen to edit.")
            if self.may_close and self.session.can_edit
            else _tr("Case closed on %1 (%2). The record is read-only.")
        )
        self.closed_label.setText(
            text.replace("%1", date_text(clock.day_of(closure.closed_at))).replace("%2", reason)
        )
        self.closed_label.setToolTip(_tr("Closed by %1").replace("%1", closure.closed_by))

    def show_history(self) -> AllocationHistoryDialog:
        """The allocation history as a list (the header's tooltip said it to the mouse only)."""
        record = self.session.record
        dialog = AllocationHistoryDialog(record.person.name, record.allocations, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def close_case(self) -> CloseCaseDialog | None:
        """Ask for the reason, then close the case (saved in the background)."""
        if self.session.writing or self.session.record.closure is not None:
            return None
        if self.has_unsaved_edits():
            show_error(
                self.window,
                _tr("Save or cancel your changes first: a closed case cannot be edited."),
                _tr("Close case"),
            )
            return None
        dialog = CloseCaseDialog(self.session, self.window)
        dialog.accepted.connect(lambda: self._did(dialog.closed_text()))
        dialog.start()
        return dialog

    def reopen_case(self) -> bool:
        """Ask, then reopen a closed case (saved in the background, audited); False if
        nothing started."""
        if self.session.writing or self.session.record.closure is None:
            return False
        if not confirm_reopen(self.window):
            return False
        person_id = self.session.person_id

        def action(actor: Actor, uow: UnitOfWork, _revision: int) -> None:
            reopen_case(actor, uow, person_id)

        return self.session.write(
            self.window, action, part=CASE_STATUS, then=lambda: self._did(_tr("Case reopened"))
        )

    def _did(self, text: str) -> None:
        """What the close or reopen did, for the status bar instead of "Saved."."""
        self.session.say_saved(text)
        self.changed.emit()

    def _writing_changed(self, writing: bool) -> None:
        for button in (self.close_case_button, self.reopen_button):
            button.setEnabled(not writing)
