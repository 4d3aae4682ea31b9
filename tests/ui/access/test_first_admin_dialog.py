from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from resettle.ui.access.first_admin_dialog import FirstAdminDialog
from resettle.ui.access.outcome import AttemptOutcome
from tests.ui.access.support import Attempts

POLICY = "At least 12 characters, not your user name, not a common password"


def dialog_for(qtbot: Any, attempts: Attempts) -> FirstAdminDialog:
    dialog = FirstAdminDialog(attempts, policy_hint=POLICY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill(
    qtbot: Any, dialog: FirstAdminDialog, username: str, full_name: str, password: str, repeat: str
) -> None:
    dialog.username.setText(username)
    dialog.full_name.setText(full_name)
    dialog.password.setText(password)
    dialog.repeat.setText(repeat)
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)


def test_it_explains_and_creates_the_first_administrator(qtbot: Any) -> None:
    attempts = Attempts()
    dialog = dialog_for(qtbot, attempts)
    assert "no accounts yet" in dialog.intro.text()
    assert dialog.policy_label.text() == POLICY
    fill(qtbot, dialog, " admin ", " Sam Admin ", "a long pass phrase", "a long pass phrase")
    assert attempts.calls == [("admin", "Sam Admin", "a long pass phrase")]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.created_username == "admin"


def test_empty_fields_are_named(qtbot: Any) -> None:
    attempts = Attempts()
    dialog = dialog_for(qtbot, attempts)
    for values, message, field in [
        (("", "Sam", "pw", "pw"), "Enter a user name.", dialog.username),
        (("admin", " ", "pw", "pw"), "Enter the administrator's full name.", dialog.full_name),
        (("admin", "Sam", "", ""), "Enter a password.", dialog.password),
        (("admin", "Sam", "pw", ""), "Repeat the password.", dialog.repeat),
    ]:
        fill(qtbot, dialog, *values)
        assert dialog.problem.text() == message
        assert dialog.focusWidget() is field
    assert attempts.calls == []


def test_a_mistyped_repeat_is_caught_here(qtbot: Any) -> None:
    attempts = Attempts()
    dialog = dialog_for(qtbot, attempts)
    fill(qtbot, dialog, "admin", "Sam Admin", "a long pass phrase", "a long pass phrass")
    assert attempts.calls == []
    assert "not the same" in dialog.problem.text()
    assert (dialog.password.text(), dialog.repeat.text()) == ("", "")
    assert dialog.username.text() == "admin"


def test_a_refusal_shows_the_services_words(qtbot: Any) -> None:
    problems = "The password must not contain the user name."
    attempts = Attempts([AttemptOutcome(ok=False, message=problems)])
    dialog = dialog_for(qtbot, attempts)
    fill(qtbot, dialog, "admin", "Sam Admin", "admin-admin-admin", "admin-admin-admin")
    assert dialog.isVisible()
    assert dialog.problem.text() == problems
    assert dialog.created_username == ""


def test_an_encrypted_database_names_its_key_file_to_keep(qtbot: Any) -> None:
    dialog = FirstAdminDialog(Attempts(), policy_hint=POLICY, key_file="resettle.sqlite3.keys")
    qtbot.addWidget(dialog)
    assert "resettle.sqlite3.keys" in dialog.encryption_note.text()
    plain = FirstAdminDialog(Attempts(), policy_hint=POLICY)
    qtbot.addWidget(plain)
    assert not hasattr(plain, "encryption_note")
