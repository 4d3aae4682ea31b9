"""Saving in UI tests: saves run in the background, so a test starts one and waits for it."""

from __future__ import annotations

from typing import Any

from tests.background import wait_for_background


def save_and_wait(qtbot: Any, window: Any) -> bool:
    """Press the person window's Save and wait until it has reported back: True when
    everything was saved, False when nothing started or something was refused."""
    saved: list[bool] = []
    started = window.save(then=lambda: saved.append(True))
    wait_for_background(qtbot)
    return bool(started and saved)


def save_tab_and_wait(qtbot: Any, tab: Any) -> bool:
    """Save one tab's edits, as the window's Save does for it, and wait: True when saved."""
    outcome: list[bool] = []
    if not tab.session.save(tab, tab.writes(), done=outcome.append):
        return False
    wait_for_background(qtbot)
    return outcome == [True]
