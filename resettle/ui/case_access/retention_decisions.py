"""A manager's decision on a person due for a retention review: keep the record (a reason and
the next review date) or erase it (a reason code, and the person's prison number typed to
confirm). Each runs in the background through the workspace; a refusal shows under the field
it names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from resettle.domain.erasure import ErasureReason
from resettle.domain.identifiers import normalise_identifier
from resettle.domain.retention import KEEP_REASON_MAX, DueForReview
from resettle.services import retention
from resettle.services.erasure.certificate import certificate_folder, write_certificate
from resettle.services.erasure.erase import erase_person
from resettle.services.workspace import Workspace
from resettle.ui.case_access.problems import FieldProblems
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.changes import RECORD, change_notice
from resettle.ui.common.date_field import DateField
from resettle.ui.common.views import note_label
from resettle.ui.common.widgets import ChoiceCombo, line_edit, plain_text_edit


class _DecisionDialog(QDialog):
    """A form of captioned fields, each with its problem under it, saved in the background."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.saving = False
        self.busy = BusyIndicator(self)
        self.problems = FieldProblems(self)
        self.intro = note_label()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problems.general)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.busy.label, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def add_row(self, caption: str, widget: QWidget, field: str) -> None:
        label = QLabel(caption)
        label.setBuddy(widget)
        if not widget.accessibleName():
            widget.setAccessibleName(caption.replace("&", ""))
        self.form.addRow(label, self.problems.under(widget, field))

    def local_problems(self) -> list[tuple[str, str]]:
        return []

    def work(self) -> Callable[[Any], Any]:  # pragma: no cover - each dialog has its own
        raise NotImplementedError

    def done_with(self, result: Any) -> None:
        self.accept()

    def submit(self) -> bool:
        if self.saving:
            return False
        local = self.local_problems()
        if local:
            self.problems.show_texts(local)
            return False
        self.saving = True
        self.ok_button.setEnabled(False)
        self.problems.clear()
        self.busy.run(self.work(), self._saved, on_failure=self._refused)
        return True

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.done_with(result)

    def _refused(self, error: Exception) -> None:
        self.saving = False
        self.ok_button.setEnabled(True)
        self.problems.show_failure(error, "retention")


class KeepDialog(_DecisionDialog):
    """Keep the record until the next review; ``kept`` is emitted with the next review's
    date (a ``datetime.date``)."""

    kept = Signal(object)

    def __init__(self, runner: Workspace, person: DueForReview, parent: QWidget | None) -> None:
        super().__init__(self.tr("Keep the record"), self.tr("&Keep"), parent)
        self.runner, self.person = runner, person
        self.intro.setText(
            self.tr(
                "Keep the record of %1 (%2): say why it is still needed and when to look again."
            )
            .replace("%1", person.name)
            .replace("%2", person.prison_number)
        )
        self.reason = plain_text_edit(self.tr("Reason"), height=70)
        self.next_review = DateField(required=True)
        self.next_review.set_accessible_name(self.tr("Next review"))
        self.next_review.minimum = clock.today() + dt.timedelta(days=1)
        self.add_row(self.tr("&Reason"), self.reason, "reason")
        self.add_row(self.tr("&Next review"), self.next_review, "next_review_on")
        self.reason.textChanged.connect(lambda: self.problems.clear_field("reason"))
        self.next_review.value_changed.connect(lambda: self.problems.clear_field("next_review_on"))

    def local_problems(self) -> list[tuple[str, str]]:
        found = []
        text = self.reason.toPlainText().strip()
        if not text:
            found.append(("reason", self.tr("Reason: say why the record is still needed")))
        elif len(text) > KEEP_REASON_MAX:
            limit = self.tr("Reason: at most %1 characters").replace("%1", str(KEEP_REASON_MAX))
            found.append(("reason", limit))
        if problem := self.next_review.problem():
            found.append(("next_review_on", problem))
        return found

    def work(self) -> Callable[[Any], Any]:
        runner, person_id = self.runner, self.person.person_id
        data = {"reason": self.reason.toPlainText(), "next_review_on": self.next_review.value()}
        return lambda _job: runner.run(retention.keep_after_review, person_id, data)

    def done_with(self, result: Any) -> None:
        self.kept.emit(result)
        self.accept()


class EraseDialog(_DecisionDialog):
    """Erase the person, after their prison number is typed to confirm; ``erased`` is emitted
    with where the certificate was written."""

    erased = Signal(Path)

    def __init__(
        self, runner: Workspace, person: DueForReview, data_dir: Path, parent: QWidget | None
    ) -> None:
        super().__init__(self.tr("Erase a person's record"), self.tr("&Erase"), parent)
        self.runner, self.person, self.data_dir = runner, person, data_dir
        self.intro.setText(
            self.tr(
                "Erase every record of %1 (%2) from Resettle: profile, needs, notes, plans, "
                "referrals, risk and history. This cannot be undone. An erasure certificate "
                "is written beside the database; the audit trail keeps codes and ids only."
            )
            .replace("%1", person.name)
            .replace("%2", person.prison_number)
        )
        self.reason = ChoiceCombo()
        self.reason.set_choices(
            ((reason, reason.label) for reason in ErasureReason), none_text=self.tr("Choose…")
        )
        self.typed = line_edit(16, self.tr("the prison number shown above"))
        self.add_row(self.tr("&Reason"), self.reason, "reason")
        self.add_row(self.tr("&Type the prison number to confirm"), self.typed, "prison_number")
        self.reason.value_changed.connect(lambda: self.problems.clear_field("reason"))
        self.typed.textChanged.connect(self._typed)
        self._typed()

    def _typed(self) -> None:
        self.problems.clear_field("prison_number")
        self.ok_button.setEnabled(not self.saving and self.confirmed())

    def confirmed(self) -> bool:
        return normalise_identifier(self.typed.text()) == self.person.prison_number

    def local_problems(self) -> list[tuple[str, str]]:
        found = []
        if self.reason.value() is None:
            found.append(("reason", self.tr("Reason: choose why the record is erased")))
        if not self.confirmed():
            confirm = self.tr("Prison number: type %1 to confirm")
            found.append(("prison_number", confirm.replace("%1", self.person.prison_number)))
        return found

    def work(self) -> Callable[[Any], Any]:
        runner, number, reason = self.runner, self.person.prison_number, self.reason.value()
        folder = certificate_folder(runner, self.data_dir)

        def erase(_job: Any) -> Path:
            record = runner.run(erase_person, number, reason)
            return write_certificate(record, folder)

        return erase

    def done_with(self, result: Any) -> None:
        # Every screen showing the person reads again (and finds them gone).
        change_notice(self.runner).announce([self.person.person_id], [RECORD], origin=self)
        self.erased.emit(result)
        self.accept()
