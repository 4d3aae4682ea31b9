"""Table model of the Release day tab: the ten essentials, critical ones marked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from resettle.domain.essentials import EssentialBase
from resettle.domain.plan import ActionStatus
from resettle.ui.common.labels import date_text, label
from resettle.ui.common.rows_model import Column, RowsTableModel

_OPEN_CRITICAL = QColor("#a4262c")
_DONE = QColor("#107c10")


@dataclass(frozen=True)
class EssentialRow:
    essential: EssentialBase
    edited: bool = False


def essential_rows(
    essentials: Iterable[EssentialBase], edited: Iterable[object] = ()
) -> list[EssentialRow]:
    changed = set(edited)
    return [EssentialRow(e, e.kind in changed) for e in essentials]


class EssentialsModel(RowsTableModel[EssentialRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    self.tr("Essential"),
                    lambda r: label(r.essential.kind) + (" *" if r.edited else ""),
                    tooltip=self._kind_tooltip,
                ),
                Column(
                    self.tr("Critical"),
                    lambda r: self.tr("Critical") if r.essential.kind.critical else "",
                ),
                Column(
                    self.tr("Status"),
                    lambda r: label(r.essential.status),
                    colour=_status_colour,
                ),
                Column(
                    self.tr("Due or done"),
                    lambda r: date_text(r.essential.action_date) if r.essential.action_date else "",
                ),
                Column(self.tr("Who"), lambda r: r.essential.who),
            ],
            parent,
        )

    def _kind_tooltip(self, row: EssentialRow) -> str | None:
        notes = []
        if row.essential.kind.critical:
            notes.append(self.tr("Critical: weighs most in the readiness score."))
        if row.edited:
            notes.append(self.tr("Unsaved changes."))
        return " ".join(notes) or None


def _status_colour(row: EssentialRow) -> QColor | None:
    essential = row.essential
    if essential.status is ActionStatus.DONE:
        return _DONE
    if essential.is_open and essential.kind.critical:
        return _OPEN_CRITICAL
    return None
