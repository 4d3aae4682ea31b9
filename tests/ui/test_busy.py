"""The shared busy indicator: shown only for work slower than its delay, hidden on the result."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from resettle.ui.common.busy import BUSY_DELAY_MS, BusyIndicator
from tests.background import Gate, wait_for_background


def _busy_cursor(owner: QWidget) -> bool:
    return owner.cursor().shape() == Qt.CursorShape.BusyCursor


def test_slow_work_shows_the_indicator_until_its_result_arrives(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    busy = BusyIndicator(owner)
    assert BUSY_DELAY_MS == 200 and not busy.shown
    gate = Gate()
    results: list[Any] = []
    busy.run(gate, results.append)
    assert gate.started.wait(10)
    qtbot.waitUntil(lambda: busy.shown)
    assert _busy_cursor(owner) and busy.label.text() == "Working…"
    gate.release.set()
    wait_for_background(qtbot)
    assert results == ["done"]
    assert not busy.shown and not _busy_cursor(owner)


def test_work_that_ends_before_the_delay_shows_nothing(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    busy = BusyIndicator(owner, delay_ms=60_000)
    gate = Gate()
    results: list[Any] = []
    busy.run(gate, results.append)
    assert gate.started.wait(10)
    assert not busy.shown
    gate.release.set()
    wait_for_background(qtbot)
    assert results == ["done"]
    assert not busy.shown and not busy._timer.isActive()  # the pending show was cancelled


def test_indicator_stays_until_the_last_overlapping_operation_ends(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    busy = BusyIndicator(owner, delay_ms=0)
    first, second = Gate(), Gate()
    results: list[Any] = []
    busy.run(first, results.append)
    busy.run(second, results.append)
    qtbot.waitUntil(lambda: busy.shown)
    first.release.set()
    qtbot.waitUntil(lambda: len(results) == 1)
    assert busy.shown
    second.release.set()
    wait_for_background(qtbot)
    assert not busy.shown


def test_a_failure_hides_the_indicator_and_reaches_its_handler(qtbot, owner: QWidget) -> None:  # type: ignore[no-untyped-def]
    busy = BusyIndicator(owner, delay_ms=0)
    gate = Gate(ValueError("The prison number must look like A1234BC."))
    failures: list[str] = []
    busy.run(gate, lambda _result: None, on_failure=lambda error: failures.append(str(error)))
    qtbot.waitUntil(lambda: busy.shown)
    gate.release.set()
    wait_for_background(qtbot)
    assert failures == ["The prison number must look like A1234BC."]
    assert not busy.shown and not _busy_cursor(owner)
