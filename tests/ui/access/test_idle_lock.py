"""The idle lock: it fires after the time without use, covers every window without closing
anything, and only the right password takes the cover away."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QLineEdit,
    QMainWindow,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from resettle.ui.access.idle_lock import IdleLock
from resettle.ui.access.outcome import AttemptOutcome
from resettle.ui.access.window_cover import LockedPanel

PASSWORD = "the right pass phrase"
WRONG = AttemptOutcome(ok=False, message="The password is not right.")
PERSON_TITLE = "Jane Example (A1234BC) — Resettle"


def unlock(password: str) -> AttemptOutcome:
    return AttemptOutcome(ok=True) if password == PASSWORD else WRONG


@dataclass
class Windows:
    main: QMainWindow
    search: QLineEdit
    person: QWidget
    note: QLineEdit
    locks: list[IdleLock]


@pytest.fixture
def windows(qtbot: Any) -> Iterator[Windows]:
    main = QMainWindow()
    main.setWindowTitle("Resettle")
    search = QLineEdit()
    main.setCentralWidget(search)
    main.setStatusBar(QStatusBar())
    main.menuBar().addMenu("&File")
    person = QWidget()
    person.setWindowTitle(PERSON_TITLE)
    note = QLineEdit(person)
    QVBoxLayout(person).addWidget(note)
    for window in (main, person):
        qtbot.addWidget(window)
        window.resize(600, 400)
        window.show()
        qtbot.waitExposed(window)
    qtbot.keyClicks(note, "unsaved edit")
    found = Windows(main, search, person, note, [])
    yield found
    for lock in found.locks:  # one lock per app: none outlives its test
        lock.stop()
        lock.deleteLater()


def idle_lock(
    windows: Windows, minutes: float, check: Callable[[str], AttemptOutcome] = unlock
) -> IdleLock:
    lock = IdleLock(windows.main, minutes, check, "ann.officer")
    windows.locks.append(lock)
    return lock


def type_password(qtbot: Any, lock: IdleLock, password: str) -> None:
    assert lock.dialog is not None
    lock.dialog.password.setText(password)
    qtbot.keyClick(lock.dialog.password, Qt.Key.Key_Return)


def panel(window: QWidget) -> LockedPanel | None:
    panels = window.findChildren(LockedPanel)
    return next((p for p in panels if p.isVisible()), None)


def assert_covered(windows: Windows) -> None:
    for window, field in ((windows.main, windows.search), (windows.person, windows.note)):
        assert window.isVisible()  # open, not closed or hidden
        assert not field.isVisible()  # its content is out of sight
        covering = panel(window)
        assert covering is not None and covering.geometry() == window.rect()
        assert window.windowTitle() == "Resettle (locked)"  # no names in the title
    assert not windows.main.menuBar().isVisible()
    assert not windows.main.statusBar().isVisible()


def test_it_locks_after_the_idle_time_and_covers_every_window(qtbot: Any, windows: Windows) -> None:
    lock = idle_lock(windows, 0.002)
    with qtbot.waitSignal(lock.locked, timeout=10_000):
        pass
    assert lock.is_locked
    assert_covered(windows)
    assert lock.dialog is not None and lock.dialog.isVisible()
    assert lock.dialog.windowModality() == Qt.WindowModality.ApplicationModal
    assert "ann.officer" in lock.dialog.note.text()


def test_wrong_then_right_password_and_the_edits_survive(qtbot: Any, windows: Windows) -> None:
    lock = idle_lock(windows, 0)
    lock.lock_now()
    dialog = lock.dialog
    assert dialog is not None

    type_password(qtbot, lock, "a guess")
    assert lock.is_locked
    assert dialog.problem.text() == "The password is not right."
    assert dialog.password.text() == ""
    assert_covered(windows)

    with qtbot.waitSignal(lock.unlocked, timeout=2000):
        type_password(qtbot, lock, PASSWORD)
    assert not lock.is_locked
    assert windows.note.isVisible() and windows.note.text() == "unsaved edit"
    assert windows.search.isVisible()
    assert windows.main.menuBar().isVisible() and windows.main.statusBar().isVisible()
    assert windows.person.windowTitle() == PERSON_TITLE
    assert windows.main.windowTitle() == "Resettle"
    assert panel(windows.main) is None and panel(windows.person) is None


def test_an_empty_password_is_not_tried(qtbot: Any, windows: Windows) -> None:
    calls: list[str] = []

    def counting(password: str) -> AttemptOutcome:
        calls.append(password)
        return WRONG

    lock = idle_lock(windows, 0, counting)
    lock.lock_now()
    type_password(qtbot, lock, "")
    assert calls == []
    assert lock.dialog is not None and lock.dialog.problem.text() == "Enter your password."


def test_escape_does_not_unlock(qtbot: Any, windows: Windows) -> None:
    lock = idle_lock(windows, 0)
    lock.lock_now()
    assert lock.dialog is not None
    qtbot.keyClick(lock.dialog, Qt.Key.Key_Escape)
    lock.dialog.close()
    assert lock.dialog.isVisible()
    assert lock.is_locked


def test_an_open_dialog_keeps_running_under_the_lock(qtbot: Any, windows: Windows) -> None:
    """A dialog in the middle of an edit is covered, not closed: hiding it would end it."""
    dialog = QDialog(windows.person)
    field = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(field)
    field.setText("half-typed")
    dialog.open()
    qtbot.waitExposed(dialog)
    lock = idle_lock(windows, 0)
    lock.lock_now()
    assert dialog.isVisible() and not field.isVisible()
    type_password(qtbot, lock, PASSWORD)
    assert dialog.isVisible() and dialog.result() == 0
    assert field.isVisible() and field.text() == "half-typed"


def test_a_window_opened_while_locked_is_covered(qtbot: Any, windows: Windows) -> None:
    lock = idle_lock(windows, 0)
    lock.lock_now()
    late = QWidget()
    qtbot.addWidget(late)
    late.setWindowTitle("John Example — Resettle")
    text = QLineEdit("case notes", late)
    late.show()
    assert late.isVisible() and not text.isVisible()
    assert late.windowTitle() == "Resettle (locked)"
    type_password(qtbot, lock, PASSWORD)
    assert text.isVisible() and late.windowTitle() == "John Example — Resettle"


def test_a_title_changed_while_locked_stays_hidden_and_comes_back(
    qtbot: Any, windows: Windows
) -> None:
    lock = idle_lock(windows, 0)
    lock.lock_now()
    windows.person.setWindowTitle("Jane Example (A1234BC)* — Resettle")
    assert windows.person.windowTitle() == "Resettle (locked)"
    type_password(qtbot, lock, PASSWORD)
    assert windows.person.windowTitle() == "Jane Example (A1234BC)* — Resettle"


def test_use_of_the_app_starts_the_idle_time_again(qtbot: Any, windows: Windows) -> None:
    lock = idle_lock(windows, 1)
    assert lock.timer.isActive() and lock.timer.interval() == 60_000
    passed = QTimer(singleShot=True, interval=300)
    with qtbot.waitSignal(passed.timeout, timeout=5000):
        passed.start()
    assert lock.timer.remainingTime() < 59_800

    qtbot.keyClick(windows.note, Qt.Key.Key_A)
    assert lock.timer.remainingTime() > 59_800
    for use in (
        lambda: qtbot.mouseClick(windows.search, Qt.MouseButton.LeftButton),
        lambda: qtbot.mouseMove(windows.search, QPoint(5, 5)),
    ):
        with qtbot.waitSignal(passed.timeout, timeout=5000):
            passed.start()
        use()
        assert lock.timer.remainingTime() > 59_800


def test_it_does_not_lock_while_someone_types(qtbot: Any, windows: Windows) -> None:
    """Key presses every 60 ms for longer than the idle time (0.3 s) keep it open; once they
    stop, it locks."""
    lock = idle_lock(windows, 0.005)
    typing = QTimer(interval=60)
    presses: list[int] = []

    def press() -> None:
        qtbot.keyClick(windows.note, Qt.Key.Key_X)
        presses.append(1)
        if len(presses) == 12:
            typing.stop()

    typing.timeout.connect(press)
    with qtbot.assertNotEmitted(lock.locked):
        typing.start()
        qtbot.waitUntil(lambda: len(presses) == 12, timeout=10_000)
    with qtbot.waitSignal(lock.locked, timeout=10_000):
        pass
    assert windows.note.text() == "unsaved edit" + "x" * 12


def test_disabled_with_no_minutes_but_lock_now_still_locks(qtbot: Any, windows: Windows) -> None:
    lock = idle_lock(windows, 0)
    assert not lock.timer.isActive()
    qtbot.keyClick(windows.note, Qt.Key.Key_A)
    assert not lock.timer.isActive()
    lock.set_minutes(15)
    assert lock.timer.isActive() and lock.timer.interval() == 15 * 60_000
    with qtbot.waitSignal(lock.locked, timeout=2000):
        lock.lock_now()
    assert not lock.timer.isActive()  # no idle time counts while locked
    type_password(qtbot, lock, PASSWORD)
    assert lock.timer.isActive()
    lock.set_minutes(-1)
    assert not lock.timer.isActive()
    lock.set_minutes(10**9)  # longer than a timer can count: as long as it can
    assert lock.timer.isActive() and lock.timer.interval() == 2**31 - 1


def test_sign_out_is_asked_for_and_stop_uncovers(qtbot: Any, windows: Windows) -> None:
    lock = idle_lock(windows, 0.5)
    lock.lock_now()
    assert lock.dialog is not None
    with qtbot.waitSignal(lock.sign_out_requested, timeout=2000):
        qtbot.mouseClick(lock.dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert lock.is_locked  # the app decides what happens to the windows
    assert_covered(windows)
    lock.stop()
    assert not lock.is_locked and not lock.timer.isActive()
    assert windows.note.isVisible()
    qtbot.keyClick(windows.note, Qt.Key.Key_A)
    assert not lock.timer.isActive()  # stopped for good


def test_a_widget_added_while_locked_is_hidden_and_shown_after(
    qtbot: Any, windows: Windows
) -> None:
    """A widget put straight into a covered window (a banner a background read adds) is
    hidden under the cover too, and shown after unlocking; unlocking at once, before the
    cover has looked at it, leaves it shown."""
    lock = idle_lock(windows, 0)
    lock.lock_now()
    late = QLineEdit("late news", windows.person)
    late.show()
    qtbot.waitUntil(lambda: not late.isVisible(), timeout=2000)
    type_password(qtbot, lock, PASSWORD)
    assert late.isVisible()

    lock.lock_now()
    quick = QLineEdit("quick", windows.person)
    quick.show()
    type_password(qtbot, lock, PASSWORD)
    idle = QTimer(singleShot=True, interval=50)
    with qtbot.waitSignal(idle.timeout, timeout=2000):
        idle.start()
    assert quick.isVisible() and windows.note.isVisible()
