"""Garbage collection runs on the UI thread only, as Python would have run it."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest

from resettle.ui.ui_thread_collector import UiThreadCollector, collection_due


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ((10, 0, 0), None),
        ((701, 0, 0), 0),
        ((701, 11, 0), 1),
        ((701, 11, 11), 2),
        ((701, 5, 11), 0),  # an older generation is collected only with the younger ones
        ((700, 11, 11), None),
    ],
)
def test_the_generation_due_is_the_one_python_would_collect(
    counts: tuple[int, int, int], expected: int | None
) -> None:
    assert collection_due(counts, (700, 10, 10)) == expected


def test_a_threshold_of_zero_collects_nothing() -> None:
    assert collection_due((10_000, 10_000, 10_000), (0, 10, 10)) is None


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_cycles_are_collected_by_the_timer_on_the_ui_thread(qtbot: Any) -> None:
    gc.enable()
    collector = UiThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        first, second = _Node(), _Node()
        first.other, second.other = second, first
        gone = weakref.ref(first)
        del first, second
        # Python counts objects made less objects freed: keep some alive to pass the threshold.
        kept = [[] for _ in range(gc.get_threshold()[0] * 2)]
        qtbot.waitUntil(lambda: gone() is None, timeout=5_000)
        del kept
    finally:
        collector.stop()
    assert gc.isenabled()
