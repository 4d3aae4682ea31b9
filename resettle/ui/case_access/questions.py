"""The questions the access dialogs put to a manager before a change they may not mean."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from resettle.ui.common.messages import ask_ok_cancel


def _tr(text: str) -> str:
    return QCoreApplication.translate("case_access", text)


def restrict_without_officer(parent: QWidget | None, officer: str, team: str) -> bool:
    """The restriction leaves out the person's responsible officer: restrict without them
    (True), or keep them named (False, the default)?"""
    whose = (
        _tr("%1 and the rest of %2").replace("%1", officer).replace("%2", team) if team else officer
    )
    return ask_ok_cancel(
        parent,
        QMessageBox.Icon.Warning,
        _tr("Responsible officer not named"),
        _tr("%1 is this person's responsible officer but is not on the named staff.").replace(
            "%1", officer
        ),
        _tr(
            "Restricted without them, %1 will no longer find this person or their record. "
            "Keep them named unless the case should be taken from them."
        ).replace("%1", whose),
        _tr("Restrict &without them"),
        _tr("&Keep them named"),
    )
