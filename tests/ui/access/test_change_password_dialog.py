from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from resettle.ui.access.change_password_dialog import ChangePasswordDialog
from resettle.ui.access.outcome import AttemptOutcome
from tests.ui.access.support import Attempts

POLICY = "At least 12 characters, not your user name, not a common password"


def dialog_for(qtbot: Any, attempts: Attempts, *, forced: bool = False) -> ChangePasswordDialog:
    dialog = ChangePasswordDialog(attempts, forced=forced, policy_hint=POLICY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def change(qtbot: Any, dialog: ChangePasswordDialog, current: str, new: str, repeat: str) -> None:
    dialog.current.setText(current)
    dialog.new.setText(new)
    dialog.repeat.setText(repeat)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)


def test_changing_the_password(qtbot: Any) -> None:
    attempts = Attempts()
    dialog = dialog_for(qtbot, attempts)
    change(qtbot, dialog, "old-password", "a much longer pass phrase", "a much longer pass phrase")
    assert attempts.calls == [("old-password", "a much longer pass phrase")]
    assert attempts.busy_cursor_seen == [True]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (dialog.current.text(), dialog.new.text(), dialog.repeat.text()) == ("", "", "")


def test_a_mistyped_repeat_is_caught_here(qtbot: Any) -> None:
    attempts = Attempts()
    dialog = dialog_for(qtbot, attempts)
    change(qtbot, dialog, "old-password", "a much longer pass phrase", "a much longer pass phrse")
    assert attempts.calls == []
    assert "new password and its repeat are not the same" in dialog.problem.text()
    assert (dialog.new.text(), dialog.repeat.text()) == ("", "")
    assert dialog.current.text() == "old-password"
    assert dialog.focusWidget() is dialog.new


def test_empty_fields_are_named(qtbot: Any) -> None:
    attempts = Attempts()
    dialog = dialog_for(qtbot, attempts)
    change(qtbot, dialog, "", "x", "x")
    assert dialog.problem.text() == "Enter your current password."
    change(qtbot, dialog, "old", "", "")
    assert dialog.problem.text() == "Enter a new password."
    change(qtbot, dialog, "old", "new one", "")
    assert dialog.problem.text() == "Repeat the new password."
    assert dialog.focusWidget() is dialog.repeat
    assert attempts.calls == []


def test_the_same_password_again_is_refused_here(qtbot: Any) -> None:
    attempts = Attempts()
    dialog = dialog_for(qtbot, attempts)
    change(qtbot, dialog, "same password", "same password", "same password")
    assert attempts.calls == []
    assert "different from the current one" in dialog.problem.text()


def test_policy_problems_come_back_in_the_message(qtbot: Any) -> None:
    problems = "The password is too short: use at least 12 characters. It is a common password."
    attempts = Attempts([AttemptOutcome(ok=False, message=problems)])
    dialog = dialog_for(qtbot, attempts)
    assert dialog.policy_label.text() == POLICY
    change(qtbot, dialog, "old-password", "password1", "password1")
    assert dialog.isVisible()
    assert dialog.problem.text() == problems
    assert (dialog.new.text(), dialog.repeat.text()) == ("", "")


def test_a_forced_change_says_why_and_cancel_signs_out(qtbot: Any) -> None:
    attempts = Attempts()
    dialog = dialog_for(qtbot, attempts, forced=True)
    assert "administrator set your password" in dialog.heading.text()
    assert dialog.cancel_button.text().replace("&", "") == "Sign out"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert attempts.calls == []


def test_an_ordinary_change_can_be_cancelled(qtbot: Any) -> None:
    dialog = dialog_for(qtbot, Attempts())
    assert "administrator" not in dialog.heading.text()
    assert dialog.cancel_button.text() == "Cancel"
