"""“Agree…”: record that the plan is agreed, and whether (when, how) the person agreed it.

Actions whose text names a weekday other than their due date's are listed first, and the
officer confirms they checked them before the agreement can be recorded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.plan import PersonAgreementMethod
from resettle.ui.common.date_field import DateField
from resettle.ui.common.views import note_label
from resettle.ui.common.widgets import ChoiceCombo, ProblemLabel
from resettle.ui.plan.labels import agreement_method_text, name_buttons


class AgreeDialog(QDialog):
    def __init__(
        self,
        actor_name: str,
        actions: int,
        parent: QWidget | None = None,
        wrong_weekdays: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Agree the plan"))
        self.setModal(True)
        self.setMinimumWidth(460)
        intro = note_label(
            self.tr(
                "You (%1) are recording that this plan of %2 action(s) is agreed. Changing the "
                "actions afterwards returns the plan to draft; ticking them off does not."
            )
            .replace("%1", actor_name)
            .replace("%2", str(actions))
        )
        self.by_person = QCheckBox(self.tr("The &person agreed the plan"))
        self.by_person.setChecked(True)
        self.on = DateField(required=True)
        self.on.set_value(clock.today())
        self.on.maximum = clock.today()
        self.on.set_accessible_name(self.tr("Date the person agreed"))
        self.how = ChoiceCombo()
        self.how.set_choices(
            ((m, agreement_method_text(m).capitalize()) for m in PersonAgreementMethod),
            self.tr("Choose how"),
        )
        self.how.setAccessibleName(self.tr("How the person agreed"))
        self.problem = ProblemLabel()
        #: The actions naming another weekday (one line each) and the tick confirming them.
        self.wrong_weekdays = note_label(
            "\n".join(
                [
                    self.tr(
                        "%n action(s) name a weekday other than the day they are due:",
                        "",
                        len(wrong_weekdays),
                    ),
                    *(f"\u2022 {line}" for line in wrong_weekdays),
                ]
            )
        )
        self.wrong_weekdays.setAccessibleName(self.tr("Actions naming another weekday"))
        self.days_checked = QCheckBox(self.tr("I have &checked these days and they are right"))
        self.wrong_weekdays.setVisible(bool(wrong_weekdays))
        self.days_checked.setVisible(bool(wrong_weekdays))
        self.days_checked.setChecked(not wrong_weekdays)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(self.by_person)
        form.addRow(self.tr("&On:"), self.on)
        form.addRow(self.tr("&How:"), self.how)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Record agreement"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.wrong_weekdays)
        layout.addWidget(self.days_checked)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        name_buttons(self)
        self.by_person.toggled.connect(self._update)
        self.how.value_changed.connect(self._update)
        self.on.value_changed.connect(self._update)
        self.days_checked.toggled.connect(self._update)
        self._update()

    def values(self) -> dict[str, Any]:
        """What ``edit.agree`` takes."""
        agreed = self.by_person.isChecked()
        return {
            "agreed_by_person": agreed,
            "person_agreed_on": self.on.value() if agreed else None,
            "person_agreed_how": self.how.value() if agreed else None,
        }

    def _update(self) -> None:
        agreed = self.by_person.isChecked()
        self.on.setEnabled(agreed)
        self.how.setEnabled(agreed)
        missing = agreed and self.how.value() is None
        date_problem = self.on.problem() if agreed else ""
        unchecked = not self.days_checked.isChecked()
        self.ok_button.setEnabled(not missing and not date_problem and not unchecked)
        if unchecked:
            self.ok_button.setToolTip(self.tr("Check the days of the actions listed first"))
        else:
            self.ok_button.setToolTip(self.tr("Say how the person agreed") if missing else "")
        self.problem.show_problem(date_problem)

    def show_problem(self, text: str) -> None:
        """A refusal from the service, shown above the buttons (the dialog stays open)."""
        self.problem.show_problem(text)
