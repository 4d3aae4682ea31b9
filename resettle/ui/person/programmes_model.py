"""The programme history table: every entry, oldest start first, superseded and withdrawn
entries greyed and marked, each correction naming the entry it puts right."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from resettle.domain.programme_completion import CompletionOutcome, ProgrammeSetting
from resettle.domain.programme_history import ProgrammeHistoryView, reason_text
from resettle.ui.common.labels import date_text, when_text
from resettle.ui.common.rows_model import Column, RowsTableModel

_SUPERSEDED = QColor("#6b6b6b")


def _start(view: ProgrammeHistoryView) -> str:
    return view.entry.started_on.isoformat() if view.entry.started_on else ""


class ProgrammesModel(RowsTableModel[ProgrammeHistoryView]):
    def __init__(self, parent: QObject | None = None) -> None:
        self._by_id: dict[int, ProgrammeHistoryView] = {}
        self.outcome_words = {
            CompletionOutcome.COMPLETE: self.tr("Completed"),
            CompletionOutcome.NOT_COMPLETED: self.tr("Not completed"),
            CompletionOutcome.CANCELLED: self.tr("Cancelled"),
            CompletionOutcome.IN_PROGRESS: self.tr("In progress"),
            CompletionOutcome.WITHDRAWN: self.tr("Withdrawn (no longer holds)"),
        }
        self.setting_words = {
            ProgrammeSetting.CUSTODY: self.tr("Custody"),
            ProgrammeSetting.COMMUNITY: self.tr("Community"),
        }
        grey = self._grey
        super().__init__(
            [
                Column(self.tr("Programme"), lambda v: v.entry.programme_name, colour=grey),
                Column(
                    self.tr("Setting"),
                    lambda v: self.setting_words[v.entry.setting],
                    colour=grey,
                ),
                Column(self.tr("Where"), lambda v: v.entry.location or "", colour=grey),
                Column(
                    self.tr("Started"),
                    lambda v: date_text(v.entry.started_on),
                    sort_key=_start,
                    colour=grey,
                ),
                Column(self.tr("Ended"), self.end_text, colour=grey),
                Column(
                    self.tr("Outcome"),
                    lambda v: self.outcome_words[v.entry.outcome],
                    colour=grey,
                ),
                Column(self.tr("Reason"), lambda v: reason_text(v.entry), colour=grey),
                Column(self.tr("Correction"), self.correction_text),
            ],
            parent,
        )

    @staticmethod
    def _grey(view: ProgrammeHistoryView) -> QColor | None:
        """Greyed: corrected later, or withdrawn (no programme done or in progress)."""
        return None if view.standing else _SUPERSEDED

    def set_entries(self, views: Sequence[ProgrammeHistoryView]) -> None:
        self._by_id = {view.id: view for view in views}
        self.set_rows(
            sorted(
                views,
                key=lambda v: (v.entry.started_on or dt.date.max, v.recorded_at, v.id),
            )
        )

    def entry(self, entry_id: int) -> ProgrammeHistoryView | None:
        return self._by_id.get(entry_id)

    def end_text(self, view: ProgrammeHistoryView) -> str:
        if view.entry.ended_on is not None:
            return date_text(view.entry.ended_on)
        if view.entry.expected_end_on is not None:
            return self.tr("Expected %1").replace("%1", date_text(view.entry.expected_end_on))
        return ""

    def correction_text(self, view: ProgrammeHistoryView) -> str:
        parts = []
        if view.supersedes_id is not None:
            original = self._by_id.get(view.supersedes_id)
            parts.append(
                self.tr("Corrects the entry of %1").replace(
                    "%1", when_text(original.recorded_at) if original else "?"
                )
            )
        if not view.current:
            parts.append(self.tr("Corrected later"))
        return "; ".join(parts)
