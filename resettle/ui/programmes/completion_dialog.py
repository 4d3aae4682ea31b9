"""Confirming a referral's completion from the Programmes view's Referrals tab.

The dialog shows what the completion rule finds (``completion_for_referral``, read before it
opens): the sessions planned, how many have an outcome, how many were attended and how many
still have none, and the rule's outcome in words. The programme team confirms a completion
the rule finds with ``confirm_completion`` at the revision read; when the rule does not find
the programme complete, the dialog says why and offers no confirmation (the service refuses
it too, and a refusal, such as someone else's change meanwhile, is shown in the dialog).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from resettle.domain.programme_completion import CompletionOutcome, CompletionResult
from resettle.domain.programme_referral_statuses import CATEGORIES, STATUSES
from resettle.domain.programme_register import ReferralCompletion
from resettle.services.programme_attendance import confirm_completion
from resettle.services.workspace import Workspace
from resettle.ui.common.referral_move_dialog import SavingDialog

_LABELS = {status.code: status.label for status in STATUSES}
_CATEGORY_LABELS = {category.code: category.label for category in CATEGORIES}


def _tr(text: str) -> str:
    return QCoreApplication.translate("CompletionDialog", text)


def completion_lines(result: CompletionResult) -> list[tuple[str, str]]:
    """The rule's counts as (caption, value) rows."""
    return [
        (_tr("Sessions planned:"), str(result.planned)),
        (_tr("With an outcome:"), str(result.with_outcome)),
        (_tr("Attended:"), str(result.attended)),
        (_tr("Still without an outcome:"), str(result.without_outcome)),
    ]


def outcome_words(result: CompletionResult) -> str:
    """What the rule finds, in words."""
    if result.outcome is CompletionOutcome.COMPLETE:
        if result.substantive_attended == 1:
            return _tr(
                "Complete: every planned session has an outcome and 1 substantive session was "
                "attended."
            )
        return _tr(
            "Complete: every planned session has an outcome and %1 substantive sessions were "
            "attended."
        ).replace("%1", str(result.substantive_attended))
    if result.outcome is CompletionOutcome.IN_PROGRESS:
        if result.planned == 0:
            return _tr("Not complete: no session is planned for this referral yet.")
        if result.planned == 1:
            words = _tr("Not complete: its one planned session has no outcome yet.")
        else:
            words = (
                (
                    _tr("Not complete: 1 of the %2 planned sessions has no outcome yet.")
                    if result.without_outcome == 1
                    else _tr("Not complete: %1 of the %2 planned sessions have no outcome yet.")
                )
                .replace("%1", str(result.without_outcome))
                .replace("%2", str(result.planned))
            )
        if result.catch_ups_needed:
            modules = result.catch_up_modules
            words += " " + (
                (
                    _tr(
                        "Catch-ups needed: %1 (module %2), for the group sessions held before "
                        "they joined: plan a catch-up of each and record its outcome."
                    )
                    if len(modules) == 1
                    else _tr(
                        "Catch-ups needed: %1 (modules %2), for the group sessions held before "
                        "they joined: plan a catch-up of each and record its outcome."
                    )
                )
                .replace("%1", str(len(result.catch_ups_needed)))
                .replace("%2", ", ".join(str(number) for number in modules))
            )
        return words
    if result.outcome is CompletionOutcome.CANCELLED and result.ended_early is None:
        return _tr(
            "Not complete: every planned session has an outcome but none was attended, so "
            "the programme is cancelled. Next: plan a catch-up session for them and record "
            "its outcome, or, if they will not take part, move the referral to Deselected."
        )
    status = _LABELS.get(str(result.ended_early or ""), str(result.ended_early or ""))
    category = _CATEGORY_LABELS.get(result.reason_category or "", result.reason_category or "")
    words = (
        _tr("not completed")
        if result.outcome is CompletionOutcome.NOT_COMPLETED
        else _tr("cancelled (no substantive session was attended)")
    )
    return (
        _tr(
            "Not complete: the referral was moved to %1 (%2) before its sessions ran out, so "
            "the programme is %3. There is nothing to confirm. If the move to %1 was a "
            "mistake, correct the last move in the person's window (Programme referrals tab): "
            "the referral reopens and its completion can be checked again."
        )
        .replace("%1", status)
        .replace("%2", category)
        .replace("%3", words)
    )


class CompletionDialog(SavingDialog):
    """``CompletionDialog(workspace, referral_id, name, completion, parent)`` (``name``: the
    person and programme, shown as the heading): OK confirms
    (only when the rule finds the programme complete); ``saved`` carries the new revision."""

    def __init__(
        self,
        workspace: Workspace,
        referral_id: int,
        name: str,
        completion: ReferralCompletion,
        parent: QWidget | None,
    ) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(self.tr("Confirm completion - %1").replace("%1", name))
        self.referral_id = referral_id
        self.completion = completion
        result = completion.result
        heading = QLabel(name)
        heading.setWordWrap(True)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        self.form.addRow(heading)
        for caption, value in completion_lines(result):
            shown = QLabel(value)
            shown.setAccessibleName(caption.rstrip(":"))
            self.form.addRow(caption, shown)
        self.outcome = QLabel(outcome_words(result))
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName(self.tr("What the rule finds"))
        self.form.addRow(self.tr("The rule:"), self.outcome)
        self.complete = result.outcome is CompletionOutcome.COMPLETE
        self.ok_button.setText(self.tr("Confirm completion"))
        self.ok_button.setEnabled(self.complete)
        if not self.complete:
            self.problem.setText(
                self.tr("Completion cannot be confirmed until the rule finds it complete.")
            )
            self.problem.show()
        self.setMinimumWidth(460)

    def submit(self) -> None:
        if self.complete:
            super().submit()

    def call(self) -> Any:
        return self.workspace.run(confirm_completion, self.referral_id, self.completion.revision)
