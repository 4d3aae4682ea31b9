"""Table model of the Release day tab: the ten essentials, critical ones marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

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
    """One essential as saved, or, while its form holds unsaved edits, as on screen."""

    essential: EssentialBase
    edited: bool = False
    status: ActionStatus | None = None
    action_date: dt.date | None = None


def essential_rows(
    essentials: Iterable[EssentialBase], edited: Mapping[object, Mapping[str, Any]] | None = None
) -> list[EssentialRow]:
    """Rows for ``essentials``; ``edited`` holds the on-screen values of the kinds with
    unsaved edits, whose status and date the list shows (marked as edited), not the old."""
    on_screen = edited or {}
    rows = []
    for essential in essentials:
        values = on_screen.get(essential.kind)
        if values is None:
            rows.append(EssentialRow(essential, False, essential.status, essential.action_date))
            continue
        status = values.get("status")
        when = values.get("action_date")
        rows.append(
            EssentialRow(
                essential,
                True,
                status if isinstance(status, ActionStatus) else None,
                when if isinstance(when, dt.date) else None,
            )
        )
    return rows


class EssentialsModel(RowsTableModel[EssentialRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    self.tr("Essential"),
                    lambda r: label(r.essential.kind),
                    tooltip=self._kind_tooltip,
                ),
                Column(
                    self.tr("Critical"),
                    lambda r: self.tr("Critical") if r.essential.kind.critical else "",
                ),
                Column(
                    self.tr("Status"),
                    self._status_text,
                    colour=_status_colour,
                ),
                Column(
                    self.tr("Due or done"),
                    lambda r: date_text(r.action_date) if r.action_date else "",
                ),
                Column(self.tr("Who"), lambda r: r.essential.who),
            ],
            parent,
        )

    def _status_text(self, row: EssentialRow) -> str:
        """The status on screen; "Done (edited)" while the change is not saved."""
        shown = label(row.status) if row.status is not None else self.tr("Not chosen")
        return self.tr("%1 (edited)").replace("%1", shown) if row.edited else shown

    def _kind_tooltip(self, row: EssentialRow) -> str | None:
        notes = []
        if row.essential.kind.critical:
            notes.append(self.tr("Critical: weighs most in the readiness score."))
        if row.edited:
            notes.append(self.tr("Unsaved changes: Save to keep them."))
        return " ".join(notes) or None


def _status_colour(row: EssentialRow) -> QColor | None:
    if row.edited:
        return None  # not saved yet: neither done nor open in the record
    essential = row.essential
    if essential.status is ActionStatus.DONE:
        return _DONE
    if essential.is_open and essential.kind.critical:
        return _OPEN_CRITICAL
    return None
