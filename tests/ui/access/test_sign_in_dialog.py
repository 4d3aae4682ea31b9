from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from resettle.ui.access.outcome import AttemptOutcome
from resettle.ui.access.sign_in_dialog import SignInDialog
from tests.ui.access.support import REFUSED, Attempts


def dialog_for(qtbot: Any, attempts: Attempts, **options: Any) -> SignInDialog:
    options.setdefault("database_description", "this computer (resettle.sqlite3)")
    options.setdefault("demo", False)
    dialog = SignInDialog(attempts, **options)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def sign_in(qtbot: Any, dialog: SignInDialog, username: str, password: str) -> None:
    dialog.username.setText(username)
    dialog.password.setText(password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # the default button: Sign in


def test_signing_in_accepts_with_the_user_name(qtbot: Any) -> None:
    attempts = Attempts()
    dialog = dialog_for(qtbot, attempts)
    sign_in(qtbot, dialog, "  ann.officer ", "correct horse battery")

    assert attempts.calls == [("ann.officer", "correct horse battery")]
    assert attempts.busy_cursor_seen == [True]
    assert QApplication.overrideCursor() is None
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.signed_in_username == "ann.officer"
    assert not dialog.needs_password_change
    assert dialog.password.text() == ""  # no password left in a closed dialog


def test_a_refusal_is_shown_and_the_password_cleared(qtbot: Any) -> None:
    attempts = Attempts([REFUSED])
    dialog = dialog_for(qtbot, attempts)
    sign_in(qtbot, dialog, "ann.officer", "wrong password")

    assert dialog.isVisible()
    assert dialog.problem.text() == "The user name or password is not right."
    assert dialog.problem.isVisible()
    assert dialog.password.text() == ""
    assert dialog.username.text() == "ann.officer"
    assert dialog.focusWidget() is dialog.password
    assert dialog.signed_in_username == ""


def test_a_lockout_message_is_shown_word_for_word(qtbot: Any) -> None:
    message = "This account is locked after too many attempts: try again after 14:35."
    attempts = Attempts([AttemptOutcome(ok=False, message=message), AttemptOutcome(ok=True)])
    dialog = dialog_for(qtbot, attempts)
    sign_in(qtbot, dialog, "ann.officer", "guess")
    assert dialog.problem.text() == message

    sign_in(qtbot, dialog, "ann.officer", "the right one")
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_empty_fields_are_named_and_nothing_is_tried(qtbot: Any) -> None:
    attempts = Attempts()
    dialog = dialog_for(qtbot, attempts)
    sign_in(qtbot, dialog, "   ", "something")
    assert dialog.problem.text() == "Enter your user name."
    assert dialog.focusWidget() is dialog.username

    sign_in(qtbot, dialog, "ann.officer", "")
    assert dialog.problem.text() == "Enter your password."
    assert dialog.focusWidget() is dialog.password
    assert attempts.calls == []
    assert dialog.isVisible()


def test_a_reset_password_must_be_changed(qtbot: Any) -> None:
    attempts = Attempts([AttemptOutcome(ok=True, must_change_password=True)])
    dialog = dialog_for(qtbot, attempts)
    sign_in(qtbot, dialog, "ann.officer", "temporary-password")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.needs_password_change


def test_the_password_is_not_shown_and_quit_rejects(qtbot: Any) -> None:
    dialog = dialog_for(qtbot, Attempts())
    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.ok_button.text().replace("&", "") == "Sign in"
    assert dialog.ok_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_it_names_the_database_and_demo_password(qtbot: Any) -> None:
    plain = dialog_for(qtbot, Attempts(), database_description="resettle on db.example:5432")
    assert "resettle on db.example:5432" in plain.database_label.text()
    assert not hasattr(plain, "demo_note")

    demo = dialog_for(qtbot, Attempts(), demo=True)
    assert demo.demo_note.isVisible()
    assert "demo-password" in demo.demo_note.text()
    assert demo.demo_note.text().startswith("Demo data")


def test_a_remembered_user_name_starts_on_the_password(qtbot: Any) -> None:
    dialog = dialog_for(qtbot, Attempts(), remembered_username="ann.officer")
    assert dialog.username.text() == "ann.officer"
    assert dialog.focusWidget() is dialog.password

    fresh = dialog_for(qtbot, Attempts())
    assert fresh.focusWidget() is fresh.username


def test_fields_have_names_for_screen_readers(qtbot: Any) -> None:
    dialog = dialog_for(qtbot, Attempts())
    assert dialog.username.accessibleName() == "User name"
    assert dialog.password.accessibleName() == "Password"


def test_enter_signs_in_after_a_refusal_clicked_with_the_mouse(qtbot: Any) -> None:
    attempts = Attempts([REFUSED, AttemptOutcome(ok=True)])
    dialog = dialog_for(qtbot, attempts)
    dialog.username.setText("ann.officer")
    dialog.password.setText("wrong password")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.ok_button.isDefault()
    dialog.password.setText("correct horse battery")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert attempts.calls[-1] == ("ann.officer", "correct horse battery")
    assert dialog.result() == QDialog.DialogCode.Accepted
