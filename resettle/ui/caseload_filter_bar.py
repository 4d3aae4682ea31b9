"""The caseload window's filter controls: release window, pathway with an open need, plan
state and readiness band, with "My caseload only", "Outcome checks due" and "Show closed
cases". It shows a
:class:`CaseloadFilters` and says when the user changes it; the main window runs the query
and remembers the choice."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from resettle.domain.caseload import CaseloadFilters, PlanStateFilter, ReleaseWindow
from resettle.domain.pathways import Pathway
from resettle.domain.readiness import ReadinessLevel
from resettle.domain.staff import Role
from resettle.ui.common.labels import label

READINESS_ORDER = [
    ReadinessLevel.RELEASED_NO_PLAN,
    ReadinessLevel.OVERDUE,
    ReadinessLevel.URGENT,
    ReadinessLevel.AT_RISK,
    ReadinessLevel.ON_TRACK,
    ReadinessLevel.PLAN_NOT_AGREED,
    ReadinessLevel.READY,
    ReadinessLevel.NO_RELEASE_DATE,
]


class CaseloadFilterBar(QWidget):
    #: The user changed a filter (the new filters).
    changed = Signal(CaseloadFilters)

    def __init__(self, role: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.release_window = self._combo(
            self.tr("Release window"), [(label(w), w) for w in ReleaseWindow]
        )
        self.pathway = self._combo(
            self.tr("Pathway with an open need"),
            [(self.tr("Any pathway"), None), *[(label(p), p) for p in Pathway]],
        )
        self.plan_state = self._combo(
            self.tr("Plan"),
            [(self.tr("Any plan state"), None), *[(label(s), s) for s in PlanStateFilter]],
        )
        self.readiness = self._combo(
            self.tr("Readiness"),
            [(self.tr("Any readiness"), None), *[(label(r), r) for r in READINESS_ORDER]],
        )
        self.mine = QCheckBox(
            self.tr("People I &key-work only")
            if role is Role.PRISON_STAFF
            else self.tr("&My caseload only")
        )
        self.mine.setAccessibleName(self.tr("Show only my own caseload"))
        self.mine.setToolTip(
            self.tr("Only the people you key-work")
            if role is Role.PRISON_STAFF
            else self.tr("Only the people you are the responsible officer for")
        )
        self.mine.setVisible(role in (Role.OFFICER, Role.PRISON_STAFF))
        self.outcome_checks_due = QCheckBox(self.tr("Outcome checks d&ue"))
        self.outcome_checks_due.setAccessibleName(
            self.tr("Show only people with outcome checks due")
        )
        self.outcome_checks_due.setToolTip(
            self.tr("Only people released with an outcome check due today or earlier")
        )
        self.show_closed = QCheckBox(self.tr("Show c&losed cases"))
        self.show_closed.setAccessibleName(self.tr("Show closed cases"))
        self.show_closed.setToolTip(self.tr("Closed cases leave the caseload; tick to find them"))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        caption = QLabel(self.tr("&Show:"))
        caption.setBuddy(self.release_window)
        layout.addWidget(caption)
        for combo in (self.release_window, self.pathway, self.plan_state, self.readiness):
            layout.addWidget(combo, stretch=1)
        # The tick boxes sit beside the search box (the main window places them).

        for combo in (self.release_window, self.pathway, self.plan_state, self.readiness):
            combo.currentIndexChanged.connect(self._emit)
        self.mine.toggled.connect(self._emit)
        self.outcome_checks_due.toggled.connect(self._emit)
        self.show_closed.toggled.connect(self._emit)

    def _combo(self, name: str, items: list[tuple[str, Enum | None]]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        # Narrow enough for a small window; the list opens at full width, and the tooltip
        # names the filter.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    def filters(self) -> CaseloadFilters:
        return CaseloadFilters(
            release_window=self.release_window.currentData(),
            pathway=self.pathway.currentData(),
            plan_state=self.plan_state.currentData(),
            readiness=self.readiness.currentData(),
            mine=not self.mine.isHidden() and self.mine.isChecked(),
            outcome_checks_due=not self.outcome_checks_due.isHidden()
            and self.outcome_checks_due.isChecked(),
            include_closed=self.show_closed.isChecked(),
        )

    def show_filters(self, filters: CaseloadFilters) -> None:
        """Show ``filters`` without announcing a change."""
        self.blockSignals(True)
        try:
            for combo, value in (
                (self.release_window, filters.release_window),
                (self.pathway, filters.pathway),
                (self.plan_state, filters.plan_state),
                (self.readiness, filters.readiness),
            ):
                combo.blockSignals(True)
                combo.setCurrentIndex(_index_of(combo, value))
                combo.blockSignals(False)
            checks = (
                (self.mine, filters.mine),
                (self.outcome_checks_due, filters.outcome_checks_due),
                (self.show_closed, filters.include_closed),
            )
            for box, checked in checks:
                box.blockSignals(True)
                box.setChecked(checked and not box.isHidden())
                box.blockSignals(False)
        finally:
            self.blockSignals(False)

    def _emit(self) -> None:
        self.changed.emit(self.filters())


def _index_of(combo: QComboBox, value: Enum | None) -> int:
    for index in range(combo.count()):
        if combo.itemData(index) == value:
            return index
    return 0
