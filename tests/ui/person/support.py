"""Helpers for driving the person window in tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QApplication, QDialog

from resettle.domain import clock
from resettle.domain.case_record import CaseRecord
from resettle.services.case_record.read import open_case_record
from resettle.services.workspace import Workspace
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.person.form_dialog import FormDialog
from tests.background import wait_for_background


def saved_record(workspace: Workspace, person_id: int) -> CaseRecord:
    """What the database holds now (not what the window shows)."""
    return open_case_record(workspace.actor, workspace.uow(), person_id)


def choose(combo: ChoiceCombo, value: Any) -> None:
    """Pick ``value`` as a user would (by index), so change signals fire."""
    combo.setCurrentIndex(list(combo.values()).index(value))


def submit(qtbot: Any, dialog: FormDialog) -> bool:
    """Click OK and wait for the save; True when the dialog closed accepted (saved)."""
    qtbot.waitExposed(dialog)
    assert dialog.ok_button.isEnabled(), dialog.form.problems
    dialog.ok_button.click()
    wait_for_background(qtbot)
    QApplication.processEvents()
    return dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def days_ago(days: int) -> dt.date:
    return clock.today() - dt.timedelta(days=days)
