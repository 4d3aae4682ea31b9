"""The After release tab's tables: one row per point asked of the person (its due date,
status and current answers), and the history of the chosen point, corrected checks and
earlier releases' greyed."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from resettle.domain.outcome_check_views import (
    OutcomeCheckEntry,
    OutcomePointView,
    PointStatus,
    answers_in_words,
)
from resettle.ui.common.labels import date_text, when_text
from resettle.ui.common.rows_model import Column, RowsTableModel

_GREY = QColor("#6b6b6b")
_OVERDUE = QColor("#a4262c")


class OutcomePointsModel(RowsTableModel[OutcomePointView]):
    def __init__(self, parent: QObject | None = None) -> None:
        self.status_words = {
            PointStatus.NOT_YET_DUE: self.tr("Not yet due"),
            PointStatus.DUE: self.tr("Due"),
            PointStatus.OVERDUE: self.tr("Overdue"),
            PointStatus.RECORDED: self.tr("Recorded"),
        }
        super().__init__(
            [
                Column(self.tr("Check"), lambda p: p.point.label),
                Column(self.tr("Due"), lambda p: date_text(p.due_on), sort_key=lambda p: p.due_on),
                Column(
                    self.tr("Status"),
                    lambda p: self.status_words[p.status],
                    colour=lambda p: _OVERDUE if p.status is PointStatus.OVERDUE else None,
                    header_tooltip=self.tr(
                        "Overdue: due more than 14 days ago and not recorded yet."
                    ),
                ),
                Column(
                    self.tr("Answer(s)"),
                    lambda p: answers_in_words(p.current) if p.current else "",
                ),
                Column(
                    self.tr("Checked on"),
                    lambda p: date_text(p.current.checked_on) if p.current else "",
                ),
                Column(
                    self.tr("Recorded by"),
                    lambda p: p.current.recorded_by if p.current else "",
                ),
            ],
            parent,
        )


class OutcomeHistoryModel(RowsTableModel[OutcomeCheckEntry]):
    def __init__(self, parent: QObject | None = None) -> None:
        grey = self._grey
        super().__init__(
            [
                Column(self.tr("Answer(s)"), lambda e: answers_in_words(e.check), colour=grey),
                Column(self.tr("Checked on"), lambda e: date_text(e.check.checked_on), colour=grey),
                Column(
                    self.tr("For the release on"),
                    lambda e: date_text(e.check.release_date),
                    colour=grey,
                ),
                Column(self.tr("Recorded by"), lambda e: e.check.recorded_by, colour=grey),
                Column(self.tr("Recorded"), lambda e: when_text(e.check.recorded_at), colour=grey),
                Column(self.tr("State"), self.state_text, colour=grey),
                Column(self.tr("Note"), lambda e: e.check.note, colour=grey),
            ],
            parent,
        )

    @staticmethod
    def _grey(entry: OutcomeCheckEntry) -> QColor | None:
        return _GREY if entry.superseded or not entry.current_release else None

    def state_text(self, entry: OutcomeCheckEntry) -> str:
        if entry.superseded:
            return self.tr("Corrected")
        if not entry.current_release:
            return self.tr("Earlier release")
        return self.tr("Current")
