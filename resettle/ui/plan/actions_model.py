"""The plan's actions as a table the officer edits: add, change, delete, reorder, tick off.

The model holds the working copy of the actions (frozen ``PlanAction`` values, replaced on each
edit) in the order they will be saved. ``edited`` fires after every change. Problems from a
refused save are attached to rows (``set_problems``) and shown as a tinted row with the message
as its tooltip. The Status column carries a tick box that toggles the action done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from resettle.domain import clock
from resettle.domain.linked_actions import LinkKind, link_of
from resettle.domain.overdue import is_overdue
from resettle.domain.plan import ActionStatus, PlanAction, renumber
from resettle.domain.plan_calendar import weekday_mismatch
from resettle.ui.common.control_pictures import shown
from resettle.ui.common.message_style import (
    MUTED_CELL_TEXT,
    PROBLEM_CELL_BACKGROUND,
    PROBLEM_CELL_TEXT,
)
from resettle.ui.plan.labels import (
    action_due_text,
    due_phrase_text,
    owner_text,
    pathway_icon,
    pathway_text,
    status_text,
    warning_icon,
    weekday_mismatch_text,
)

Index = QModelIndex | QPersistentModelIndex
ACTION_ROLE = Qt.ItemDataRole.UserRole + 1

NUMBER, PATHWAY, WHAT, OWNER, DUE, STATUS = range(6)
PROBLEM_BACKGROUND = PROBLEM_CELL_BACKGROUND
PROBLEM_TEXT = PROBLEM_CELL_TEXT
DONE_TEXT = QColor("#107c10")
MUTED_TEXT = MUTED_CELL_TEXT


def _one_line(text: str, limit: int = 160) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class PlanActionsModel(QAbstractTableModel):
    #: After any change the user made (add, edit, delete, move, tick).
    edited = Signal()
    #: A tick was refused at once (row, the action as it stayed, the problems' words).
    tick_refused = Signal(int, object, list)
    #: Whether the actions may be edited changed (``set_editable``).
    editable_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions: list[PlanAction] = []
        self._release_date: dt.date | None = None
        self._problems: dict[int, list[str]] = {}
        self._editable = True
        #: What "overdue" is measured against (tests set a fixed day).
        self.today: Callable[[], dt.date] = clock.today
        #: Why ticking an action to a status cannot be done (its linked record's problems);
        #: empty: it can. The Plan tab asks the record.
        self.tick_check: Callable[[PlanAction, ActionStatus], list[str]] = lambda _a, _s: []
        self._headers = [
            self.tr("#"),
            self.tr("Pathway"),
            self.tr("Action"),
            self.tr("Owner"),
            self.tr("Due"),
            self.tr("Status"),
        ]

    # --- contents ------------------------------------------------------------------------
    def set_plan(self, actions: Iterable[PlanAction], release_date: dt.date | None) -> None:
        """Show ``actions`` (in position order), dropping problems. Not an edit."""
        self.beginResetModel()
        self._actions = sorted(actions, key=lambda a: a.position)
        self._release_date = release_date
        self._problems = {}
        self.endResetModel()

    def actions(self) -> list[PlanAction]:
        """The actions in table order, positions 0, 1, 2, ... (what Save writes)."""
        return list(renumber(self._actions))

    def action_at(self, row: int) -> PlanAction:
        return self._actions[row]

    @property
    def release_date(self) -> dt.date | None:
        return self._release_date

    def set_release_date(self, release_date: dt.date | None) -> None:
        """The release date changed on the record: due dates move with it (not an edit)."""
        self._release_date = release_date
        if self._actions:
            self.dataChanged.emit(self.index(0, DUE), self.index(len(self._actions) - 1, DUE))

    @property
    def editable(self) -> bool:
        return self._editable

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.editable_changed.emit()
        if self._actions:
            self.dataChanged.emit(self.index(0, STATUS), self.index(len(self._actions) - 1, STATUS))

    # --- edits ---------------------------------------------------------------------------
    def add(self, actions: Sequence[PlanAction]) -> int:
        """Append ``actions``; returns the row of the first one."""
        first = len(self._actions)
        if actions:
            self.beginInsertRows(QModelIndex(), first, first + len(actions) - 1)
            self._actions.extend(actions)
            self.endInsertRows()
            self.edited.emit()
        return first

    def replace(self, row: int, action: PlanAction) -> None:
        self._actions[row] = action
        self._problems.pop(row, None)
        self.dataChanged.emit(self.index(row, 0), self.index(row, STATUS))
        self.edited.emit()

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._actions[row]
        self._problems = {
            (r if r < row else r - 1): p for r, p in self._problems.items() if r != row
        }
        self.endRemoveRows()
        self._renumbered()
        self.edited.emit()

    def move(self, row: int, delta: int) -> int:
        """Move one action up (-1) or down (+1); returns its new row."""
        target = row + delta
        if delta == 0 or not (0 <= row < len(self._actions) and 0 <= target < len(self._actions)):
            return row
        # beginMoveRows takes the row *before which* the moved row lands.
        destination = target + 1 if delta > 0 else target
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
        self._actions.insert(target, self._actions.pop(row))
        moved = {row: self._problems.get(target), target: self._problems.get(row)}
        for key, value in moved.items():
            if value:
                self._problems[key] = value
            else:
                self._problems.pop(key, None)
        self.endMoveRows()
        self._renumbered()
        self.edited.emit()
        return target

    def toggle_done(self, row: int) -> None:
        """Tick off an action (done), or untick it back to "To do"."""
        action = self._actions[row]
        status = ActionStatus.TO_DO if action.status is ActionStatus.DONE else ActionStatus.DONE
        problems = self.tick_check(action, status)
        if problems:  # refused now, not at Save
            self.tick_refused.emit(row, action, problems)
            return
        self.replace(row, action.model_copy(update={"status": status}))

    def set_problems(self, problems: Mapping[int, list[str]]) -> None:
        """Tint the rows a refused save named (row -> messages); an empty mapping clears."""
        self._problems = {row: list(messages) for row, messages in problems.items()}
        if self._actions:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._actions) - 1, STATUS))

    def problems(self) -> dict[int, list[str]]:
        return dict(self._problems)

    def _renumbered(self) -> None:
        if self._actions:
            self.dataChanged.emit(self.index(0, NUMBER), self.index(len(self._actions) - 1, NUMBER))

    # --- Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._actions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == STATUS and self._editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._actions):
            return None
        row, column = index.row(), index.column()
        action = self._actions[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column, action)
        if role == ACTION_ROLE:
            return action
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column, action)
        if role == Qt.ItemDataRole.DecorationRole and column == PATHWAY:
            return pathway_icon(action.pathway)
        if role == Qt.ItemDataRole.DecorationRole and column == DUE and self.wrong_weekday(action):
            return warning_icon()
        if role == Qt.ItemDataRole.CheckStateRole and column == STATUS:
            done = action.status is ActionStatus.DONE
            return Qt.CheckState.Checked if done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and row in self._problems:
            return PROBLEM_BACKGROUND
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(column, action)
        if role == Qt.ItemDataRole.FontRole and action.status is ActionStatus.NOT_NEEDED:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role == Qt.ItemDataRole.CheckStateRole
            and index.isValid()
            and index.column() == STATUS
            and self._editable
        ):
            done = self._actions[index.row()].status is ActionStatus.DONE
            wanted = Qt.CheckState(value) == Qt.CheckState.Checked
            if wanted != done:
                self.toggle_done(index.row())
            return True
        return False

    def _display(self, row: int, column: int, action: PlanAction) -> str:
        if column == NUMBER:
            return str(row + 1)
        if column == PATHWAY:
            return pathway_text(action.pathway)
        if column == WHAT:
            return _one_line(shown(action.what, multi_line=True))
        if column == OWNER:
            return owner_text(action.owner)
        if column == DUE:
            text = action_due_text(action, self._release_date)
            if self.wrong_weekday(action):
                text += self.tr(" · check the day")
            return text + self.tr(" · overdue") if self.overdue(action) else text
        return status_text(action.status)

    def overdue(self, action: PlanAction) -> bool:
        """Still to do (or under way) after its due day: shown in red with "overdue", which
        both officers' trials missed ("due 13 Nov — To do", three days before release). The
        managers' count of people with overdue actions asks the same question."""
        return is_overdue(
            action.due, action.status, self._release_date, self.today(), action.repeat
        )

    def wrong_weekday(self, action: PlanAction) -> bool:
        """The text names a weekday other than the due date's ("Tuesday mornings" due on a
        Thursday): marked on the row, and listed before the plan is agreed."""
        return weekday_mismatch(action, self._release_date)

    def wrong_weekday_actions(self) -> list[tuple[int, PlanAction]]:
        """(row, action) of every action whose text names another weekday, in table order."""
        return [(row, a) for row, a in enumerate(self._actions) if self.wrong_weekday(a)]

    def _tooltip(self, row: int, column: int, action: PlanAction) -> str | None:
        if row in self._problems:
            return "\n".join(self._problems[row])
        if column == WHAT and (len(action.what) > 80 or "\n" in action.what):
            return action.what
        if column == DUE and self.wrong_weekday(action):
            return weekday_mismatch_text(action, self._release_date)
        if column == DUE and action.due is not None:
            phrase = due_phrase_text(action.due)
            if self.overdue(action):
                return self.tr("Overdue: %1, and not done yet.").replace("%1", phrase)
            return phrase
        if column == STATUS:
            return self._status_tooltip(action)
        return None

    def _status_tooltip(self, action: PlanAction) -> str | None:
        link = link_of(action.source)
        tick = self.tr("Tick when done (Space)") if self._editable else ""
        if link is None:
            return tick or None
        where = {
            LinkKind.ESSENTIAL: self.tr("the Release day tab's essential"),
            LinkKind.SUPPORT_NEED: self.tr("the support need on the Needs tab"),
            LinkKind.REFERRAL: self.tr("the referral on the Aftercare tab"),
        }[link[0]]
        linked = self.tr("Linked to %1: one status for both; a tick here changes it too.")
        return " ".join(part for part in (tick, linked.replace("%1", where)) if part)

    def _foreground(self, column: int, action: PlanAction) -> QColor | None:
        if column == OWNER and action.owner is None:
            return PROBLEM_TEXT
        if column == DUE and self.overdue(action):
            return PROBLEM_TEXT
        if column == STATUS and action.status is ActionStatus.DONE:
            return DONE_TEXT
        if action.status is ActionStatus.NOT_NEEDED:
            return MUTED_TEXT
        return None
