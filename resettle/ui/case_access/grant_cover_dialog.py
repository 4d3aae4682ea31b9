"""A manager grants an officer cover on one of their teams: the officer (typed, from hundreds),
the team, the last day of cover and the reason (audited). Saved in the background through
``case_access.grant_cover``; a refusal shows under the field it names."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.staff import StaffSummary
from resettle.services import case_access
from resettle.services.case_access import TeamView
from resettle.services.workspace import Workspace
from resettle.ui.case_access.problems import FieldProblems
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.date_field import DateField
from resettle.ui.common.staff_labels import staff_labels
from resettle.ui.common.typed_choice import TypedChoiceCombo
from resettle.ui.common.widgets import ChoiceCombo, plain_text_edit


class GrantCoverDialog(QDialog):
    #: Cover was granted (its id).
    granted = Signal(int)

    def __init__(
        self,
        runner: Workspace,
        officers: Sequence[StaffSummary],
        teams: Sequence[TeamView],
        parent: QWidget | None = None,
        workplaces: Mapping[int, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.saving = False
        self.busy = BusyIndicator(self)
        self.setWindowTitle(self.tr("Grant cover"))
        self.setModal(True)
        self.problems = FieldProblems(self)
        self.officer = TypedChoiceCombo(self.tr("officer"), self.tr("officers"))
        self.officer.setAccessibleName(self.tr("Officer"))
        self.officer.set_choices(staff_labels((o for o in officers if o.active), workplaces or {}))
        self.officer.setEditText("")
        officer_edit = self.officer.lineEdit()
        assert officer_edit is not None  # the combo is editable
        officer_edit.setPlaceholderText(self.tr("Type part of a name, user name or team…"))
        self.team = ChoiceCombo(long_items=True)
        self.team.setAccessibleName(self.tr("Team"))
        self.team.set_choices((t.id, t.name) for t in teams)
        self.ends_on = DateField(required=True)
        self.ends_on.set_accessible_name(self.tr("Ends on"))
        self.ends_on.minimum = clock.today()
        self.reason = plain_text_edit(self.tr("Reason"), height=60)
        self.reason.setPlaceholderText(self.tr("Say why: it is kept in the audit trail"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for caption, widget, field in (
            (self.tr("&Officer"), self.officer, "staff_id"),
            (self.tr("&Team"), self.team, "team_id"),
            (self.tr("&Ends on (last day)"), self.ends_on, "ends_on"),
            (self.tr("&Reason"), self.reason, "reason"),
        ):
            label = QLabel(caption)
            label.setBuddy(widget)
            form.addRow(label, self.problems.under(widget, field))
        self.officer.value_changed.connect(lambda: self.problems.clear_field("staff_id"))
        self.team.value_changed.connect(lambda: self.problems.clear_field("team_id"))
        self.ends_on.value_changed.connect(lambda: self.problems.clear_field("ends_on"))
        self.reason.textChanged.connect(lambda: self.problems.clear_field("reason"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Grant cover"))
        self.buttons.accepted.connect(self.grant)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problems.general)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.busy.label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def grant(self) -> bool:
        """Check every field the form can (officer, team, date, reason) and show all their
        problems together; then ask the service (which also says all of its at once)."""
        if self.saving:
            return False
        local = [
            (field, text)
            for field, text in (
                ("staff_id", self._officer_problem()),
                ("team_id", self._team_problem()),
                ("ends_on", self.ends_on.problem()),
                ("reason", self._reason_problem()),
            )
            if text
        ]
        if local:
            self.problems.show_texts(local)
            return False
        self.saving = True
        self.ok_button.setEnabled(False)
        self.problems.clear()
        runner = self.runner
        officer, team = self.officer.value(), self.team.value()
        ends_on, reason = self.ends_on.value(), self.reason.toPlainText()
        assert ends_on is not None and team is not None  # neither field has a problem
        self.busy.run(
            lambda _job: runner.run(case_access.grant_cover, officer, team, ends_on, reason),
            self._granted,
            on_failure=self._refused,
        )
        return True

    def _officer_problem(self) -> str:
        if self.officer.value() is not None:
            return ""
        return self.officer.problem() or self.tr("Officer: choose the officer who covers")

    def _team_problem(self) -> str:
        return "" if self.team.value() is not None else self.tr("Team: choose the team to cover")

    def _reason_problem(self) -> str:
        text = self.reason.toPlainText().strip()
        if not text:
            return self.tr("Reason: say why (it is audited)")
        if len(text) > case_access.MAX_REASON:
            return self.tr("Reason: at most %1 characters").replace(
                "%1", f"{case_access.MAX_REASON:,}"
            )
        return ""

    def _granted(self, cover_id: int) -> None:
        self.saving = False
        self.granted.emit(cover_id)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.saving = False
        self.ok_button.setEnabled(True)
        self.problems.show_failure(error, "granting cover")

    def reject(self) -> None:
        if not self.saving:
            super().reject()
