"""Questions put to the user show their words as typed: a name or a note holding markup is
shown as text, never rendered (a security review found a person's name going into a box
that rendered HTML)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from resettle.ui.common.messages import ask_ok_cancel


def test_a_question_shows_markup_in_its_words_as_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[Qt.TextFormat, str, str]] = []

    def answer() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
        box = next(b for b in boxes if b.isVisible())
        seen.append((box.textFormat(), box.text(), box.informativeText()))
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, answer)
    given = ask_ok_cancel(
        None,
        QMessageBox.Icon.Question,
        "Join a group already under way",
        "Group <b>BC-1</b> has already held 2 sessions.",
        "<img src='x'>Ann will need catch-ups. Give the place?",
        "&Give place",
    )
    assert given is False
    assert seen == [
        (
            Qt.TextFormat.PlainText,
            "Group <b>BC-1</b> has already held 2 sessions.",
            "<img src='x'>Ann will need catch-ups. Give the place?",
        )
    ]
