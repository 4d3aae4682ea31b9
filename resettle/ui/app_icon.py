"""The application icon, built from the PNG sizes shipped in assets/icon."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from resettle.asset_paths import icon_files


def application_icon() -> QIcon:
    """One QIcon holding every shipped size, so Qt picks a sharp one for each place it shows."""
    icon = QIcon()
    for path in icon_files().values():
        icon.addFile(str(path))
    return icon
