"""Moving a programme referral, shared by the person window's Programme referrals tab and the
Programmes view's Referrals tab.

``MoveDialog`` offers only the moves the workflow allows the signed-in account for this
referral (``ReferralView.moves_open``, worked out by the service from the transitions table);
the category, reason and override fields appear when the chosen move asks for them. It saves
off the UI thread through the services and closes when saved; a refusal (naming the field, or
the move and the role) is shown in the dialog and nothing is saved. Once saved, both windows
confirm it in the same words (:func:`moved_text`, :func:`corrected_text`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.errors import DomainError, ValidationFailed
from resettle.domain.programme_needs import ProgrammePathway
from resettle.domain.programme_referral_statuses import ReasonGroup
from resettle.domain.programme_referral_workflow import Workflow
from resettle.domain.programme_referrals import MoveOption, ReferralView
from resettle.services.programme_referrals import correct_last_move, move_referral
from resettle.services.workspace import Workspace
from resettle.ui import worker
from resettle.ui.common.dialog_fit import grow_to_fit


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReferralMoveDialog", text)


def moved_text(referral: str, option: MoveOption | None) -> str:
    """The confirmation of a move: ``referral`` names the referral as the window does ("The
    referral of Ann Smith (B0001CC)" where people are listed, "The referral to Kaizen" in the
    person's own window)."""
    if option is None:
        return _tr("%1 was moved.").replace("%1", referral)
    return _tr("%1 moved to %2.").replace("%1", referral).replace("%2", option.to_label)


def corrected_text(referral: str, back_to: str) -> str:
    """The confirmation of a corrected last move (named as for :func:`moved_text`)."""
    return (
        _tr("%1: the last move was corrected; it is back at %2.")
        .replace("%1", referral)
        .replace("%2", back_to)
    )


def ended_group_place(option: MoveOption | None, workflow: Workflow, holds_place: bool) -> bool:
    """Did a deselection keep the referral open while it held a group place? The move ended
    the place (``programme_outcomes.end_place_after_move``): the referral is back on the
    waiting list."""
    return (
        option is not None
        and holds_place
        and option.reason_group == ReasonGroup.DESELECTED.value
        and not workflow.status(option.to_status).closed
    )


class SavingDialog(QDialog):
    """A dialog whose OK runs one use case in the background (``call``, through the
    workspace): ``saved`` carries its result and the dialog closes; a refusal is shown in it
    and nothing is saved."""

    saved = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a4262c;")
        self.problem.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        # The dialog grows to fit a refusal shown under the form, never drawing it over the
        # fields above.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addLayout(self.form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self) -> Any:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def call(self) -> Any:
        raise NotImplementedError

    def missing_choice(self) -> str | None:
        """A problem found before saving (naming the field), or None; nothing is sent."""
        return None

    def submit(self) -> None:
        missing = self.missing_choice()
        if missing is not None:
            self.problem.setText(missing)
            self.problem.show()
            grow_to_fit(self)
            return
        self.ok_button.setEnabled(False)
        self.problem.hide()
        worker.run_in_background(
            self, lambda _job: self.call(), self._done, on_failure=self._refused
        )

    def _done(self, result: Any) -> None:
        self.saved.emit(result)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.ok_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            text = "\n".join(problem.message for problem in error.problems)
        elif isinstance(error, DomainError):
            text = str(error)
        else:
            worker.show_failure(self, error)
            return
        self.problem.setText(text)
        self.problem.show()
        grow_to_fit(self)


class MoveDialog(SavingDialog):
    """Move a referral: only the moves open to the account; the reasons a move asks for."""

    def __init__(
        self,
        workspace: Workspace,
        referral: ReferralView,
        workflow: Workflow,
        parent: QWidget | None = None,
        *,
        person_name: str | None = None,
    ) -> None:
        """``person_name``: shown first where the window is not the person's own."""
        super().__init__(workspace, parent)
        self.setWindowTitle(
            self.tr("Move the referral to %1").replace("%1", referral.programme_code)
        )
        self.referral = referral
        self.workflow = workflow
        self.moves = QComboBox()
        self.moves.setAccessibleName(self.tr("Move to"))
        # The ordinary next move first: the workflow's status order, a deselection (even one
        # keeping the referral open) after the moves onward.
        ordered = sorted(
            referral.moves_open,
            key=lambda option: option.reason_group == ReasonGroup.DESELECTED.value,
        )
        # Nothing chosen at first: OK at once must not make a move the user never picked.
        self.moves.addItem(self.tr("Choose a move…"), None)
        for option in ordered:
            self.moves.addItem(f"{option.to_label}: {option.description}", option.to_status)
        self.category = QComboBox()
        self.category.setAccessibleName(self.tr("Category"))
        self.reason = QComboBox()
        self.reason.setAccessibleName(self.tr("Reason"))
        self.override = QComboBox()
        self.override.setAccessibleName(self.tr("Override reason"))
        self.override.addItem(self.tr("Choose a reason…"), None)
        for category in workflow.categories_of(ReasonGroup.PATHWAY_OVERRIDE):
            for reason in category.reasons:
                self.override.addItem(f"{category.label}: {reason.label}", reason.code)
        self.override_why = QLabel()
        self.override_why.setWordWrap(True)
        #: Shown with a withdrawal: a move made by mistake is corrected, not undone by
        #: withdrawing the referral.
        self.withdraw_hint = QLabel(
            self.tr(
                "Withdraw a referral only to end it. If the last move was a mistake, cancel "
                'and use Correct the last move instead. "Referral made in error" is for a '
                "referral that should never have been made."
            )
        )
        self.withdraw_hint.setWordWrap(True)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setFixedHeight(90)
        if person_name:
            self.form.addRow(self.tr("Person:"), QLabel(person_name))
        self.form.addRow(
            self.tr("Programme:"),
            QLabel(f"{referral.programme_name} ({referral.programme_code})"),
        )
        self.form.addRow(self.tr("From:"), QLabel(referral.status_label))
        self.form.addRow(self.tr("&Move to:"), self.moves)
        self.form.addRow(self.tr("&Category:"), self.category)
        self.form.addRow(self.tr("&Reason:"), self.reason)
        self.form.addRow(self.withdraw_hint)
        self.form.addRow(self.override_why)
        self.form.addRow(self.tr("&Override reason:"), self.override)
        self.form.addRow(self.tr("&Notes:"), self.notes)
        self.moves.currentIndexChanged.connect(lambda _i: self._chosen())
        self.category.currentIndexChanged.connect(lambda _i: self._category_chosen())
        # A problem shown for a field goes when that field changes.
        self.reason.currentIndexChanged.connect(lambda _i: self._clear_problem())
        self.override.currentIndexChanged.connect(lambda _i: self._clear_problem())
        self._chosen()

    def _clear_problem(self) -> None:
        self.problem.hide()
        self.problem.clear()

    def chosen_move(self) -> MoveOption | None:
        """The move chosen (None while the placeholder is shown)."""
        return self._option()  # type: ignore[no-any-return]

    def _option(self) -> Any:
        code = self.moves.currentData()
        return next((o for o in self.referral.moves_open if o.to_status == code), None)

    def _show_row(self, widget: QWidget, shown: bool) -> None:
        self.form.setRowVisible(widget, shown)

    def _override_words(self) -> str:
        code = self.referral.pathway
        pathway = (
            ProgrammePathway(code).label.lower()
            if code in {p.value for p in ProgrammePathway}
            else self.tr("not worked out (no need items recorded)")
        )
        intensity = self.referral.intensity.replace("_", " ")
        return (
            self.tr(
                "Programme pathway: %1; this programme is %2 intensity: "
                "choose the reason for the override."
            )
            .replace("%1", pathway)
            .replace("%2", intensity)
        )

    def _chosen(self) -> None:
        option = self._option()
        group = ReasonGroup(option.reason_group) if option and option.reason_group else None
        self._clear_problem()
        self.ok_button.setEnabled(option is not None)
        self.category.clear()
        if group is not None:
            self.category.addItem(self.tr("Choose a category…"), None)
            keeps_open = self._keeps_open()
            for category in self.workflow.categories_of(group):
                if (
                    keeps_open
                    and category.reasons
                    and not any(reason.may_stay_open for reason in category.reasons)
                ):
                    continue  # every reason of it closes the referral
                self.category.addItem(category.label, category.code)
        self._show_row(self.category, group is not None)
        self._show_row(self.withdraw_hint, group is ReasonGroup.WITHDRAWN)
        needs_override = bool(option and option.needs_override)
        self.override.setCurrentIndex(0)
        self.override_why.setText(self._override_words() if needs_override else "")
        self._show_row(self.override_why, needs_override)
        self._show_row(self.override, needs_override)
        self._category_chosen()

    def _keeps_open(self) -> bool:
        """Is the chosen move a deselection that keeps the referral open (back to Assessed as
        suitable or Suitable but not ready)? Only the reasons that let it stay open fit."""
        option = self._option()
        return bool(
            option is not None
            and option.reason_group == ReasonGroup.DESELECTED.value
            and not self.workflow.status(option.to_status).closed
        )

    def _category_chosen(self) -> None:
        self._clear_problem()
        code = self.category.currentData()
        found = next((c for c in self.workflow.categories if c.code == code), None)
        # A deselection keeping the referral open offers only the reasons that may (not
        # "Died" or "Deported", which close it: the service refuses those for such a move).
        keeps_open = self._keeps_open()
        reasons = [
            reason
            for reason in (found.reasons if found else ())
            if reason.may_stay_open or not keeps_open
        ]
        self.reason.clear()
        if reasons:
            self.reason.addItem(self.tr("Choose a reason…"), None)
        for reason in reasons:
            self.reason.addItem(reason.label, reason.code)
        self._show_row(self.reason, bool(reasons))

    def missing_choice(self) -> str | None:
        if self._option() is None:
            return self.tr("Move to: choose one from the list")
        for widget, field in (
            (self.category, self.tr("Category")),
            (self.reason, self.tr("Reason")),
            (self.override, self.tr("Override reason")),
        ):
            if self.form.isRowVisible(widget) and widget.currentData() is None:
                return self.tr("%1: choose one from the list").replace("%1", field)
        return None

    def call(self) -> Any:
        option = self._option()
        return self.workspace.run(
            move_referral,
            self.referral.id,
            self.referral.revision,
            {
                "to_status": self.moves.currentData() or "",
                "category": self.category.currentData()
                if self.form.isRowVisible(self.category)
                else None,
                "reason": self.reason.currentData()
                if self.form.isRowVisible(self.reason)
                else None,
                "override_reason": self.override.currentData()
                if option is not None and option.needs_override
                else None,
                "notes": self.notes.toPlainText(),
            },
        )


class CorrectDialog(SavingDialog):
    """Correct the referral's last move: a new history entry moving it back, with the notes
    saying why (required); earlier entries are never changed."""

    def __init__(
        self,
        workspace: Workspace,
        referral: ReferralView,
        workflow: Workflow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(self.tr("Correct the last move"))
        self.referral = referral
        last = referral.history[-1] if referral.history else None
        back = (
            workflow.status(last.from_status).label
            if last is not None and last.from_status is not None
            else ""
        )
        #: The status the correction moves the referral back to, in words.
        self.back_label = back
        about = QLabel(
            self.tr(
                "The last move, to %1, is corrected by a new entry moving the referral back "
                "to %2. Earlier entries are kept as they are."
            )
            .replace("%1", referral.status_label)
            .replace("%2", back)
        )
        about.setWordWrap(True)
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setFixedHeight(90)
        self.form.addRow(
            self.tr("Programme:"),
            QLabel(f"{referral.programme_name} ({referral.programme_code})"),
        )
        self.form.addRow(about)
        self.form.addRow(self.tr("&Notes (why):"), self.notes)

    def missing_choice(self) -> str | None:
        if not self.notes.toPlainText().strip():
            return self.tr("Notes: say why the last move is corrected")
        return None

    def call(self) -> Any:
        return self.workspace.run(
            correct_last_move,
            self.referral.id,
            self.referral.revision,
            {"notes": self.notes.toPlainText()},
        )
