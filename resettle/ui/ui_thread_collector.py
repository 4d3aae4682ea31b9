"""Python's cyclic garbage collection on the UI thread only (after Anki's aqt garbage collector).

Python runs a collection in whichever thread happens to allocate when a generation's count
passes its threshold. In this app that is often a worker thread running a save or a search,
and a collection there finalises whatever unreachable cycles it finds, including Qt objects
that belong to the UI thread: a crash ("Fatal Python error: Segmentation fault ...
Garbage-collecting" on a worker thread, seen in the test suite during a person-window save).

So while the app runs, automatic collection is off, and a timer on the UI thread makes the
collections Python would have made: it reads the same counts and thresholds and collects the
oldest generation whose count has passed its threshold. Objects are still freed as soon as
nothing refers to them; only cycles wait for the UI thread, at most one interval.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the UI thread looks at the counts (ms); a collection of the young generation
#: takes well under a millisecond.
CHECK_INTERVAL_MS = 250


class UiThreadCollector(QObject):
    """Create on the UI thread; ``stop()`` gives collection back to Python as it was."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = CHECK_INTERVAL_MS):
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def collect_due(self) -> int | None:
        """Collect the oldest generation whose count has passed its threshold; the generation
        collected, or None when none was due."""
        due = collection_due(gc.get_count(), self._thresholds)
        if due is not None:
            gc.collect(due)
        return due

    def stop(self) -> None:
        self._timer.stop()
        if self._was_enabled:
            gc.enable()


def collection_due(counts: tuple[int, int, int], thresholds: tuple[int, ...]) -> int | None:
    """The generation Python itself would collect now, or None."""
    due = None
    for generation in range(3):
        threshold = thresholds[generation] if generation < len(thresholds) else 0
        if threshold and counts[generation] > threshold:
            due = generation
        else:
            break
    return due
