"""The Plan tab's buttons: editing the actions above the list, the plan's steps below it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton

from resettle.domain.plan import ActionStatus, PlanAction, PlanState


class PlanControls(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.add = self._button(self.tr("&Add action…"), self.tr("Add an action (Insert)"))
        self.change = self._button(self.tr("&Change…"), self.tr("Change the chosen action (Enter)"))
        self.delete = self._button(self.tr("De&lete"), self.tr("Delete the chosen action (Delete)"))
        self.up = self._button(self.tr("Move &up"), self.tr("Move the action up (Ctrl+Up)"))
        self.down = self._button(self.tr("Move do&wn"), self.tr("Move the action down (Ctrl+Down)"))
        self.done = self._button(self.tr("&Tick off"), self.tr("Mark the action done (Space)"))
        self.suggest = self._button(
            self.tr("Add &suggestions from the record…"),
            self.tr(
                "Open essentials, support needs, accepted recommendations and booked "
                "appointments that are not in the plan yet"
            ),
        )
        self.table_view = QToolButton()
        self.table_view.setText(self.tr("Table"))
        self.timeline_view = QToolButton()
        self.timeline_view.setText(self.tr("Timeline"))
        self.view_group = QButtonGroup(self)
        for button, tip in (
            (self.table_view, self.tr("The actions as a list, in plan order")),
            (self.timeline_view, self.tr("The actions on the weeks around release day")),
        ):
            button.setCheckable(True)
            button.setToolTip(tip)
            button.setAccessibleName(button.text())
            self.view_group.addButton(button)
        self.table_view.setChecked(True)

        self.counts = QLabel()
        self.agree = self._button(
            self.tr("A&gree…"), self.tr("Record that the plan is agreed with the person")
        )
        self.issue = self._button(
            self.tr("&Issue…"), self.tr("Freeze the agreed plan so it can be handed over")
        )
        self.preview = self._button(
            self.tr("&Preview and print…"), self.tr("See the plan as it prints; print or save it")
        )

        self.edit_row = QHBoxLayout()
        for button in (self.add, self.change, self.delete):
            self.edit_row.addWidget(button)
        self.edit_row.addWidget(self._divider())
        for button in (self.up, self.down, self.done):
            self.edit_row.addWidget(button)
        self.edit_row.addWidget(self._divider())
        self.edit_row.addWidget(self.suggest)
        self.edit_row.addStretch(1)
        self.edit_row.addWidget(self.table_view)
        self.edit_row.addWidget(self.timeline_view)
        self.edit_row.setSpacing(6)
        self.bottom_row = QHBoxLayout()
        self.bottom_row.addWidget(self.counts, 1)
        self.bottom_row.addWidget(self.agree)
        self.bottom_row.addWidget(self.issue)
        self.bottom_row.addWidget(self.preview)

    @staticmethod
    def _button(text: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        return button

    @staticmethod
    def _divider() -> QFrame:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        return line

    def update(
        self,
        *,
        editable: bool,
        row: int | None,
        rows: int,
        done: bool,
        can_agree: bool,
        can_issue: bool,
        can_print: bool,
        state: PlanState | None,
        dirty: bool,
    ) -> None:
        chosen = row is not None
        for button in (self.add, self.suggest):
            button.setVisible(editable)
        for button in (self.delete, self.up, self.down, self.done):
            button.setVisible(editable)
        self.change.setText(self.tr("&Change…") if editable else self.tr("&Open…"))
        self.change.setEnabled(chosen)
        self.delete.setEnabled(editable and chosen)
        self.up.setEnabled(editable and chosen and row > 0)  # type: ignore[operator]
        self.down.setEnabled(editable and chosen and row < rows - 1)  # type: ignore[operator]
        self.done.setEnabled(editable and chosen)
        self.done.setText(self.tr("Un&tick") if done else self.tr("&Tick off"))
        self.agree.setVisible(editable)
        self.issue.setVisible(editable)
        self.agree.setEnabled(can_agree)
        self.issue.setEnabled(can_issue)
        # A role that may not print plans (prison staff) is not offered a grey button: the
        # banner says who prints them.
        self.preview.setVisible(can_print)
        if dirty:
            reason = self.tr("Save the plan first (Ctrl+S)")
        elif state is None:
            reason = self.tr("Add actions and save the plan first")
        else:
            reason = ""
        self.agree.setToolTip(
            reason
            if reason and state is not PlanState.AGREED
            else self.tr("Record that the plan is agreed with the person")
        )
        self.issue.setToolTip(
            reason
            or (
                self.tr("Freeze the agreed plan so it can be handed over")
                if state is PlanState.AGREED
                else self.tr("Agree the plan before issuing it")
            )
        )

    def show_counts(self, actions: Sequence[PlanAction]) -> None:
        total = len(actions)
        done = sum(a.status is ActionStatus.DONE for a in actions)
        unowned = sum(a.owner is None for a in actions)
        parts = [
            self.tr("1 action") if total == 1 else self.tr("%1 actions").replace("%1", str(total))
        ]
        if total:
            parts.append(self.tr("%1 done").replace("%1", str(done)))
        if unowned:
            parts.append(self.tr("%1 without an owner").replace("%1", str(unowned)))
        self.counts.setText(" · ".join(parts))
