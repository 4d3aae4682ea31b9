"""The questions and messages the person window puts to the user (one place, easy to test)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from resettle.ui.common.account_refusals import divert
from resettle.ui.common.window_message import exec_box, window_message_box


def _tr(text: str) -> str:
    return QCoreApplication.translate("PersonWindow", text)


def name_keep_button(button: QAbstractButton, text: str) -> None:
    """Give the "go back" button of a question its own words ("Keep editing") and no icon:
    the style's icon for a Cancel button is a red cross, which reads as "reject"."""
    button.setText(text)
    button.setIcon(QIcon())


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def show_error(parent: QWidget | None, error: Exception | str, title: str = "") -> None:
    """A message a caseworker can act on; never a traceback. A refusal of the account itself
    goes to the app instead (``account_refusals.py``)."""
    if divert(error):
        return
    box = window_message_box(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or _tr("Not saved"))
    box.setText(str(error))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    exec_box(box)


def ask_ok_cancel(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    informative: str,
    ok_text: str,
    cancel_text: str | None = None,
) -> bool:
    """A question with OK and Cancel under their own words, Cancel the default; True for OK."""
    box = window_message_box(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    # Plain text: the words may hold a name or a note typed by someone, never markup.
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setInformativeText(informative)
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Ok).setText(ok_text)
    if cancel_text is not None:
        name_keep_button(box.button(QMessageBox.StandardButton.Cancel), cancel_text)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return exec_box(box) == QMessageBox.StandardButton.Ok


def ask_reload(parent: QWidget | None, message: str) -> bool:
    """After a concurrent edit: reload the record (losing unsaved edits) or keep them on screen."""
    return ask_ok_cancel(
        parent,
        QMessageBox.Icon.Warning,
        _tr("Someone else saved this record"),
        message,
        _tr(
            "Reload to see their changes (your unsaved changes will be lost), or keep your "
            "changes on screen to copy them first."
        ),
        _tr("&Reload"),
        _tr("&Keep my changes"),
    )


def ask_unsaved(parent: QWidget | None, what: str, reloading: bool = False) -> UnsavedChoice:
    """Closing (or reloading) with unsaved changes: Save, Discard or Cancel (go back)."""
    box = window_message_box(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_tr("Unsaved changes"))
    question = (
        _tr("Save your changes to %1 before reloading?")
        if reloading
        else _tr("Save your changes to %1 before closing?")
    )
    box.setText(question.replace("%1", what))
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = exec_box(box)
    if answer == QMessageBox.StandardButton.Save:
        return UnsavedChoice.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return UnsavedChoice.DISCARD
    return UnsavedChoice.CANCEL


def confirm_discard(parent: QWidget | None, where: list[str]) -> bool:
    """Cancel changes: put back what was saved on ``where`` (tab captions)? Keep is the default."""
    box = window_message_box(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_tr("Cancel changes"))
    box.setText(_tr("Throw away your unsaved changes on %1?").replace("%1", ", ".join(where)))
    box.setInformativeText(_tr("What was last saved is shown again. This cannot be undone."))
    box.setStandardButtons(QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Discard).setText(_tr("&Throw away changes"))
    name_keep_button(box.button(QMessageBox.StandardButton.Cancel), _tr("&Keep editing"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return exec_box(box) == QMessageBox.StandardButton.Discard


def confirm_reopen(parent: QWidget | None) -> bool:
    """Reopen a closed case? It goes back on the caseload and its record can be edited again;
    Cancel is the default."""
    return ask_ok_cancel(
        parent,
        QMessageBox.Icon.Question,
        _tr("Reopen case"),
        _tr("Reopen this case?"),
        _tr(
            "It goes back on the caseload and its record can be edited again. Reopening is "
            "recorded in the audit trail."
        ),
        _tr("&Reopen case"),
    )
