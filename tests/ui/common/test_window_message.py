"""User trial: the "Not saved" message stayed at the top-left of the screen, apart from the
window it was about. Every message box belongs to its window (``window_message.py``): over
it, inside its geometry, and closed with it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from resettle.ui import failures
from resettle.ui.common import messages
from resettle.ui.plan import messages as plan_messages


def _window(qtbot, where: QRect | None = None) -> tuple[QWidget, QWidget]:  # type: ignore[no-untyped-def]
    """A window holding a tab page (the kind of widget a save's refusal names)."""
    window = QWidget()
    tabs = QTabWidget(window)
    page = QWidget()
    tabs.addTab(QWidget(), "Profile")
    tabs.addTab(page, "Plan")  # not the current tab: hidden, as a save's tab can be
    QVBoxLayout(window).addWidget(tabs)
    qtbot.addWidget(window)
    window.setGeometry(where or QRect(300, 200, 1000, 700))
    window.show()
    qtbot.waitExposed(window)
    return window, page


def _while_shown(check: Callable[[QMessageBox], None]) -> list[QMessageBox]:
    """Run ``check`` on the box once it is on screen (inside its own event loop)."""
    seen: list[QMessageBox] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, look)
            return
        seen.append(box)
        # Placed on its window once shown (``exec_box``): looked at a moment later, and
        # closed whatever the check found, so a failed check never leaves the test waiting.
        QTimer.singleShot(50, lambda: checked(box))

    def checked(box: QMessageBox) -> None:
        try:
            check(box)
        finally:
            if box.isVisible():
                box.reject()

    QTimer.singleShot(0, look)
    return seen


def test_not_saved_is_on_its_window_and_goes_when_dismissed(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, page = _window(qtbot)

    def inside_then_ok(box: QMessageBox) -> None:
        assert box.parentWidget() is window
        assert box.windowTitle() == "Not saved"
        assert window.frameGeometry().contains(box.frameGeometry()), (
            window.frameGeometry(),
            box.frameGeometry(),
        )
        box.button(QMessageBox.StandardButton.Ok).click()

    seen = _while_shown(inside_then_ok)
    messages.show_error(page, "Date of birth: cannot be in the future")
    assert len(seen) == 1 and not seen[0].isVisible()


def test_the_plan_tabs_messages_are_placed_on_their_window_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, page = _window(qtbot, QRect(600, 400, 900, 600))

    def inside_then_ok(box: QMessageBox) -> None:
        assert box.parentWidget() is window
        assert window.frameGeometry().contains(box.frameGeometry())
        box.accept()

    seen = _while_shown(inside_then_ok)
    plan_messages.show_refusal(page, ["Open a bank account: needs a due date"])
    assert len(seen) == 1 and not seen[0].isVisible()


def test_a_message_goes_when_its_window_closes(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A sign-out (or anything else) closing the window while it asks: the question ends as
    Cancel and is not left on the screen."""
    window, page = _window(qtbot)
    seen = _while_shown(lambda _box: window.close())
    assert messages.confirm_discard(page, ["Profile"]) is False
    assert len(seen) == 1 and not seen[0].isVisible()


def test_a_failure_box_that_runs_no_loop_goes_with_its_window_too(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, page = _window(qtbot)
    box = failures.show_failure_box(page, "The disk is full.")
    qtbot.waitUntil(box.isVisible)
    assert box.parentWidget() is window
    assert window.frameGeometry().contains(box.frameGeometry())
    closed: list[int] = []
    box.finished.connect(closed.append)
    window.close()
    qtbot.waitUntil(lambda: closed == [QMessageBox.DialogCode.Rejected])


def test_a_window_smaller_than_the_message_still_holds_its_top_left(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, page = _window(qtbot, QRect(500, 300, 200, 120))
    box = failures.show_failure_box(page, "A long message " * 20)
    qtbot.waitUntil(box.isVisible)
    assert box.pos().x() >= window.frameGeometry().left()
    assert box.pos().y() >= window.frameGeometry().top()
    box.close()
