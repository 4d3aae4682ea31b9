"""Why nothing can be changed when the database cannot be written, in one place for the tabs
that say it (the plan's banner, the recommendations): the storage's reason, never a role's."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from resettle.domain.read_only_opening import ReadOnlyBecause


def storage_reason(because: ReadOnlyBecause) -> str:
    """ "The database can only be read" or "The disk that holds the database is full"."""
    if because is ReadOnlyBecause.DISK_FULL:
        return QCoreApplication.translate(
            "StorageReadOnly", "The disk that holds the database is full"
        )
    return QCoreApplication.translate("StorageReadOnly", "The database can only be read")
