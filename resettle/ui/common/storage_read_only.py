"""Why nothing can be changed when the database cannot be written, in one place for the tabs
that say it (the plan's banner, the recommendations): the storage's reason, never a role's."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from resettle.domain.read_only_opening import ReadOnlyBecause


def storage_reason(because: ReadOnlyBecause) -> str:
    """ "The database can only be read" or "The disk that holds the database is full"."""
    if because is ReadOnlyBecause.DISK_FULL:
        return QCoreApplication.translate(
            "StorageReadOnly", "The disk that holds the database is full"
        )
    return QCoreApplication.translate("StorageReadOnly", "The database can only be read")


def offer_only_when_writable(action: QAction, because: ReadOnlyBecause | None) -> QAction:
    """A menu item that only writes (New person…, Import people…, Record a disclosure…):
    greyed on a database that cannot be written, its status tip and tooltip saying why, so no
    one fills in a form that cannot be saved (user trial T2)."""
    if because is not None:
        why = storage_reason(because) + QCoreApplication.translate(
            "StorageReadOnly", ", so this cannot be used now."
        )
        action.setEnabled(False)
        action.setStatusTip(why)
        action.setToolTip(why)
    return action
