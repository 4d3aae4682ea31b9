"""Fixtures shared by the UI tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QWidget


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    """Window geometry and layouts (QSettings) go to the test's own folder, never the user's
    configuration, so no test sees what another saved, in this process or another worker."""
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("ResettleTests")


@pytest.fixture
def owner(qtbot: Any) -> Iterator[QWidget]:
    """A plain window on screen, to own background work in tests of the worker's plumbing."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
