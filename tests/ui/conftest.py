"""Fixtures shared by the UI tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget


@pytest.fixture
def owner(qtbot: Any) -> Iterator[QWidget]:
    """A plain window on screen, to own background work in tests of the worker's plumbing."""
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
