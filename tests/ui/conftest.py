"""Fixtures shared by the UI tests."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QWidget

from tests.background import LEAK_WAIT_MS


@pytest.fixture(autouse=True)
def _collections_on_the_test_thread() -> Iterator[None]:
    """As in the app (``resettle.ui.ui_thread_collector``): no garbage collection on a worker
    thread, where finalising Qt objects of the UI thread crashes the process. Collection is off
    while the test runs; afterwards, once its background work has finished, the test thread
    collects and switches it back on."""
    from resettle.ui.worker import wait_for_background_work

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        wait_for_background_work(LEAK_WAIT_MS)
        gc.collect()
        if was_enabled:
            gc.enable()


@pytest.fixture(autouse=True)
def _change_watch_looks_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The change watch's timer (every 20 s) never fires in the middle of a slow test: tests
    ask it to look (``ChangeWatch.poll``)."""
    from resettle.ui.common import change_watch

    monkeypatch.setattr(change_watch, "POLL_MS", 24 * 60 * 60 * 1000)


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
