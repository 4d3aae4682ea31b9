"""After release: the person's outcome checks (first night; 6 weeks, 3 and 6 months; the
treatment start for a person with a drugs or alcohol treatment need).

Read off the UI thread when the tab loads (the checks are not part of the case record). One
row per point with its due date and status (Not yet due, Due, Overdue: due over 14 days ago,
Recorded) and the current answers; below, the chosen point's history, corrected checks and
earlier releases' greyed. "Record check…" and "Correct…" open a dialog showing only the
fields the point asks; checks are never edited (a correction is a new check). Before release
the tab says when the checks start. Read-only for everyone but officers (managers read).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from resettle.domain import clock
from resettle.domain.case_record import CaseRecord
from resettle.domain.outcome_check_views import OutcomeChecksView, OutcomePointView
from resettle.domain.outcome_checks import earliest_check_on
from resettle.domain.permissions import Permission
from resettle.services.outcome_checks import outcome_checks
from resettle.ui import worker
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.labels import date_text
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.tab_access import TabAccess
from resettle.ui.common.views import note_label, push_button, source_row, table_view
from resettle.ui.person.outcome_checks_dialog import OutcomeCheckDialog
from resettle.ui.person.outcome_checks_models import OutcomeHistoryModel, OutcomePointsModel


class OutcomeChecksTab(PersonTab):
    ACCESS = TabAccess(view=Permission.VIEW_OUTCOME_CHECKS, edit=Permission.RECORD_OUTCOME_CHECKS)
    TITLE = "After release"
    #: The checks were read (and shown).
    loaded = Signal()

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.dialog: OutcomeCheckDialog | None = None
        self.view: OutcomeChecksView | None = None
        self._read_only = False
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleName(self.tr("Outcome checks"))
        self.points = OutcomePointsModel(self)
        self.table = table_view(self.points, self.tr("Outcome checks"), stretch_column=3)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._chosen())
        self.table.doubleClicked.connect(lambda *_: self.open_dialog())
        self.record_button = push_button(self.tr("&Record check…"))
        self.record_button.clicked.connect(self.open_dialog)
        self.correct_button = push_button(self.tr("C&orrect…"))
        self.correct_button.clicked.connect(self.open_dialog)
        self.why = note_label("")
        buttons = QHBoxLayout()
        for button in (self.record_button, self.correct_button):
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.why, 1)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.summary)
        column.addLayout(buttons)
        column.addWidget(self.table, 1)
        self.history = OutcomeHistoryModel(self)
        self.history_caption = QLabel(self.tr("&History of the chosen check"))
        self.history_table = table_view(
            self.history, self.tr("History of the chosen check"), stretch_column=6
        )
        self.history_caption.setBuddy(self.history_table)
        bottom = QWidget()
        lower = QVBoxLayout(bottom)
        lower.setContentsMargins(0, 0, 0, 0)
        lower.addWidget(self.history_caption)
        lower.addWidget(self.history_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._chosen()

    # --- reading -------------------------------------------------------------------------
    def reload_checks(self) -> None:
        session = self.session
        worker.run_in_background(
            self, lambda _job: session.read(outcome_checks, session.person_id), self._arrived
        )

    def _arrived(self, view: OutcomeChecksView) -> None:
        chosen = self.selected()
        self.view = view
        self.summary.setText(self._summary_text(view))
        self.points.set_rows(view.points)
        self.table.setVisible(bool(view.points))
        if view.points:
            wanted = chosen.point if chosen is not None else None
            row = next((i for i, p in enumerate(view.points) if p.point is wanted), None)
            if row is None:  # the first point still open, else the first
                row = next((i for i, p in enumerate(view.points) if p.current is None), 0)
            self.table.selectRow(row)
        self._chosen()
        self.loaded.emit()

    def _summary_text(self, view: OutcomeChecksView) -> str:
        if view.release_date is None:
            return self.tr(
                "No release date is recorded: outcome checks are planned from the release date."
            )
        if not view.released:
            return (
                self.tr(
                    "Not released yet. Outcome checks start after release on %1: the first "
                    "night is checked from %2."
                )
                .replace("%1", date_text(view.release_date))
                .replace("%2", date_text(view.points[0].due_on))
            )
        text = self.tr("Released %1. Each check is due on its date; overdue after 14 days.")
        text = text.replace("%1", date_text(view.release_date))
        if not view.treatment_need:
            text += " " + self.tr(
                "No treatment start is asked: the drugs and alcohol pathway shows no treatment "
                "need."
            )
        return text

    # --- choosing and recording ------------------------------------------------------------
    def selected(self) -> OutcomePointView | None:
        row = source_row(self.table)
        return self.points.row_at(row) if row is not None else None

    def _chosen(self) -> None:
        point = self.selected()
        self.history.set_rows(point.history if point is not None else ())
        released = self.view is not None and self.view.released
        may = not self._read_only and released and point is not None
        early = self._too_early(point)
        self.record_button.setEnabled(
            may and point is not None and point.current is None and not early
        )
        self.correct_button.setEnabled(may and point is not None and point.current is not None)
        if self._read_only:
            why = ""
        elif not released:
            why = self.tr("Checks are recorded after release.")
        elif point is not None and point.current is not None:
            why = self.tr("Recorded: correct it if it is wrong.")
        elif early:
            why = self._early_text(point)
        else:
            why = ""
        self.why.setText(why)
        # A disabled button says why when the pointer rests on it.
        self.record_button.setToolTip(why if not self.record_button.isEnabled() else "")

    def _too_early(self, point: OutcomePointView | None) -> bool:
        """True when ``point`` is not due yet and may not be recorded yet: before its earliest
        day (a week before its date; the first night and a treatment start from release), as
        the service refuses it (``outcome_checks.release_problems``)."""
        view = self.view
        if point is None or point.current is not None or view is None:
            return False
        if view.release_date is None or not view.released:
            return False
        return clock.today() < earliest_check_on(point.point, view.release_date)

    def _early_text(self, point: OutcomePointView | None) -> str:
        assert point is not None and self.view is not None and self.view.release_date
        first = earliest_check_on(point.point, self.view.release_date)
        return (
            self.tr("Not due yet: the %1 check is due on %2 and can be recorded from %3.")
            .replace("%1", point.point.label.lower())
            .replace("%2", date_text(point.due_on))
            .replace("%3", date_text(first))
        )

    def open_dialog(self) -> OutcomeCheckDialog | None:
        """Record the chosen point's check, or correct its current one."""
        point = self.selected()
        if self._read_only or point is None or self.view is None or not self.view.released:
            return None
        if self._too_early(point):  # a double-click on a point not due yet
            return None
        dialog = OutcomeCheckDialog(self.session, point, self.view.release_date, self)
        self.dialog = dialog
        dialog.start()
        return dialog

    # --- PersonTab -----------------------------------------------------------------------
    def load(self, record: CaseRecord) -> None:
        self.reload_checks()

    def refresh(self, record: CaseRecord) -> None:
        self.load(record)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.record_button.setVisible(not read_only)
        self.correct_button.setVisible(not read_only)
        self._chosen()


__all__ = ["OutcomeChecksTab"]
