"""Window geometry and splitter/header layouts kept between sessions (QSettings: only these)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings


def restore(key: str, apply: Callable[[QByteArray], object]) -> bool:
    """Apply the saved state under ``key``; False when there is none (use a default)."""
    value = QSettings().value(key)
    if isinstance(value, QByteArray) and not value.isEmpty():
        apply(value)
        return True
    return False


def save(**states: QByteArray) -> None:
    """Save states by key, e.g. ``save(**{GEOMETRY_KEY: window.saveGeometry()})``."""
    settings = QSettings()
    for key, value in states.items():
        settings.setValue(key, value)
