"""The Retention tab: the retention rules (what date each counts from, the period, then a
review), with New rule… and Edit… (a rule is deactivated, not deleted, so the review history
it produced keeps its name)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QCheckBox, QSpinBox, QWidget

from resettle.domain.retention import (
    MAX_YEARS,
    RULE_NAME_MAX,
    RetentionBasis,
    RetentionRule,
)
from resettle.services import retention
from resettle.services.workspace import Workspace
from resettle.ui.admin.form_dialog import FormDialog
from resettle.ui.admin.host import AdminHost
from resettle.ui.admin.list_page import ListPage
from resettle.ui.common.rows_model import Column
from resettle.ui.common.widgets import ChoiceCombo, line_edit

COLUMNS: list[Column[RetentionRule]] = [
    Column("Name", lambda r: r.name),
    Column("Counts from", lambda r: r.counts_from.label),
    Column("Period", lambda r: r.period_text, sort_key=lambda r: r.years * 12 + r.months),
    Column("Then", lambda r: r.action.label),
    Column("Status", lambda r: r.status_text),
]


class RetentionRuleDialog(FormDialog):
    """A new rule (``rule`` None) or a change to one; ``save_rule(data)`` runs the service."""

    def __init__(
        self,
        rule: RetentionRule | None,
        save_rule: Callable[[dict[str, Any]], Any],
        parent: QWidget | None = None,
    ) -> None:
        title = "New retention rule" if rule is None else "Edit retention rule"
        super().__init__(title, title, "&Save rule", parent)
        self._save_rule = save_rule
        self.name = line_edit(RULE_NAME_MAX, "for example 7 years after licence end")
        self.counts_from = ChoiceCombo()
        self.counts_from.set_choices((basis, basis.label) for basis in RetentionBasis)
        self.years = QSpinBox()
        self.years.setRange(0, MAX_YEARS)
        self.years.setValue(1)  # a new rule starts at a period that can be saved
        self.months = QSpinBox()
        self.months.setRange(0, 11)
        self.active = QCheckBox("Use this rule to find records due for review")
        self.active.setChecked(True)
        self.add_row("&Name", self.name, "name")
        self.add_row("&Counts from", self.counts_from, "counts_from")
        self.add_row("&Years", self.years, "years")
        self.add_row("&Months", self.months, "months")
        # An empty period is the years' and the months' problem: said below both rows.
        self.form.addRow(self.errors.label_for("period", self.years))
        self.add_row("&Active", self.active, "active")
        if rule is not None:
            self.name.setText(rule.name)
            self.counts_from.set_value(rule.counts_from)
            self.years.setValue(rule.years)
            self.months.setValue(rule.months)
            self.active.setChecked(rule.active)
        self.fit(560)

    def save(self) -> None:
        saved = self._save_rule(
            {
                "name": self.name.text(),
                "counts_from": self.counts_from.value(),
                "years": self.years.value(),
                "months": self.months.value(),
                "active": self.active.isChecked(),
            }
        )
        self.created_id = getattr(saved, "id", None)


class RetentionTab(ListPage[RetentionRule]):
    def __init__(self, host: AdminHost) -> None:
        super().__init__(COLUMNS, "Retention rules", "&Filter rules", stretch_column=0)
        self.host = host
        self.new_button = self.add_action("&New rule…", self.new_rule)
        self.edit_button = self.add_action("&Edit…", self.edit_rule)
        self.selection_changed.connect(self._enable_actions)
        self.activated.connect(self.edit_rule)
        self._enable_actions()

    @property
    def runner(self) -> Workspace:
        return self.host.runner

    def show_lists(self) -> None:
        self.set_rows(self.host.lists.retention_rules)
        self._enable_actions()

    def _enable_actions(self) -> None:
        self.edit_button.setEnabled(self.selected() is not None)

    def new_rule(self) -> None:
        runner = self.runner
        dialog = RetentionRuleDialog(
            None, lambda data: runner.run(retention.save_retention_rule, None, data), self
        )
        self.host.open_form(dialog, "New retention rule added.", created_in=self)

    def edit_rule(self) -> None:
        rule = self.selected()
        if rule is None:
            return
        runner = self.runner
        dialog = RetentionRuleDialog(
            rule, lambda data: runner.run(retention.save_retention_rule, rule.id, data), self
        )
        self.host.open_form(dialog, "Retention rule saved.")
