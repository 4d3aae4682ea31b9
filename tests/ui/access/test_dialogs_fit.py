"""The access dialogs fit a 1366x768 laptop at 100% and at 125% scaling, and every line of
text in them has the room it needs (a wrapped hint or a long refusal is never cut short)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QLabel, QLineEdit

from resettle.ui.access.change_password_dialog import ChangePasswordDialog
from resettle.ui.access.first_admin_dialog import FirstAdminDialog
from resettle.ui.access.form import CredentialsDialog
from resettle.ui.access.lock_dialog import LockDialog
from resettle.ui.access.outcome import AttemptOutcome
from resettle.ui.access.sign_in_dialog import SignInDialog
from tests.ui.access.support import Attempts

LAPTOP_AT_125 = QRect(0, 0, 1092, 582)  # 1366x728 (less a taskbar) at 125%, logical pixels
POLICY = "At least 12 characters, not your user name, not a common password"
LONG_REFUSAL = (
    "The password is too short: use at least 12 characters. It is in the list of common "
    "passwords. It must not contain your user name."
)
refusing = Attempts([AttemptOutcome(ok=False, message=LONG_REFUSAL)])

DIALOGS: dict[str, Callable[[], CredentialsDialog]] = {
    "sign in": lambda: SignInDialog(
        refusing, database_description="resettle on db.probation.example:5432", demo=True
    ),
    "forced change": lambda: ChangePasswordDialog(refusing, forced=True, policy_hint=POLICY),
    "first administrator": lambda: FirstAdminDialog(refusing, policy_hint=POLICY),
    "locked": lambda: LockDialog("ann.officer"),
}


def cut_short(dialog: CredentialsDialog) -> list[str]:
    return [
        label.text()
        for label in dialog.findChildren(QLabel)
        if label.isVisible()
        and label.wordWrap()
        and label.height() < label.heightForWidth(label.width())
    ]


@pytest.mark.parametrize("make", DIALOGS.values(), ids=DIALOGS.keys())
def test_the_dialog_fits_and_nothing_is_cut_short(qtbot: Any, make: Any) -> None:
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert cut_short(dialog) == []

    dialog.refuse(LONG_REFUSAL, focus=dialog.findChildren(QLineEdit)[0])
    assert dialog.problem.isVisible()
    assert cut_short(dialog) == []
    assert dialog.width() <= LAPTOP_AT_125.width()
    assert dialog.height() <= LAPTOP_AT_125.height()
