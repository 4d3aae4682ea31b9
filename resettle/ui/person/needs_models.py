"""Table models of the Needs tab: the seven pathways, a pathway's support needs, and the
history of one support need."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor

from resettle.domain.case_record import PathwayNeedView, SupportNeedView
from resettle.domain.needs import (
    PathwayStatus,
    Severity,
    SupportNeedStatus,
    SupportNeedStatusChange,
)
from resettle.domain.pathways import Pathway
from resettle.ui.common.labels import label, when_text
from resettle.ui.common.rows_model import Column, RowsTableModel

OPEN_SUPPORT = frozenset({SupportNeedStatus.NOT_STARTED, SupportNeedStatus.IN_PROGRESS})
_ATTENTION = QColor("#8a5300")


@dataclass(frozen=True)
class PathwayRow:
    pathway: Pathway
    status: PathwayStatus
    severity: Severity
    linked_to_offending: bool
    open_needs: int
    total_needs: int
    edited: bool = False


def pathway_rows(
    views: Iterable[PathwayNeedView], edits: Mapping[Pathway, Mapping[str, Any]] | None = None
) -> list[PathwayRow]:
    """One row per pathway; unsaved ``edits`` (form values) show instead of what is saved."""
    rows = []
    for view in views:
        need = view.need
        edit = (edits or {}).get(need.pathway)
        saved = need.model_dump()
        shown = {**saved, **(edit or {})}
        rows.append(
            PathwayRow(
                pathway=need.pathway,
                status=PathwayStatus(shown["status"]),
                severity=Severity(shown["severity"]),
                linked_to_offending=bool(shown["linked_to_offending"]),
                open_needs=sum(1 for s in view.support_needs if s.status in OPEN_SUPPORT),
                total_needs=len(view.support_needs),
                edited=edit is not None and shown != saved,
            )
        )
    return rows


class PathwaysModel(RowsTableModel[PathwayRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    self.tr("Pathway"),
                    lambda r: label(r.pathway) + (" *" if r.edited else ""),
                    tooltip=lambda r: self.tr("Unsaved changes") if r.edited else None,
                ),
                Column(
                    self.tr("Status"),
                    lambda r: label(r.status),
                    colour=lambda r: (
                        _ATTENTION if r.status is PathwayStatus.SUPPORT_REQUIRED else None
                    ),
                ),
                Column(self.tr("Severity"), lambda r: label(r.severity)),
                Column(
                    self.tr("Support needs"),
                    self._needs_text,
                    tooltip=lambda r: (
                        self.tr("%1 of %2 support needs still open")
                        .replace("%1", str(r.open_needs))
                        .replace("%2", str(r.total_needs))
                    ),
                    align_right=True,
                ),
            ],
            parent,
        )

    def _needs_text(self, row: PathwayRow) -> str:
        if not row.total_needs:
            return "—"
        return (
            self.tr("%1 open of %2")
            .replace("%1", str(row.open_needs))
            .replace("%2", str(row.total_needs))
        )


class SupportNeedsModel(RowsTableModel[SupportNeedView]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(self.tr("Support need"), lambda s: s.label),
                Column(self.tr("Details"), lambda s: s.detail),
                Column(
                    self.tr("Status"),
                    lambda s: label(s.status),
                    colour=lambda s: (
                        _ATTENTION if s.status is SupportNeedStatus.NOT_STARTED else None
                    ),
                ),
                Column(
                    self.tr("Last changed"),
                    lambda s: when_text(s.history[-1].changed_at) if s.history else "",
                    sort_key=lambda s: s.history[-1].changed_at.isoformat() if s.history else "",
                ),
            ],
            parent,
        )


class SupportNeedHistoryModel(RowsTableModel[SupportNeedStatusChange]):
    """Every status change of one support need, oldest first (who, when, from, to, note)."""

    NOTE_COLUMN = 4

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(self.tr("When"), lambda h: when_text(h.changed_at)),
                Column(self.tr("Who"), lambda h: h.changed_by),
                Column(
                    self.tr("From"),
                    lambda h: label(h.from_status) if h.from_status else self.tr("(added)"),
                ),
                Column(self.tr("To"), lambda h: label(h.to_status)),
                Column(self.tr("Note"), lambda h: h.note, tooltip=lambda h: h.note or None),
            ],
            parent,
        )
