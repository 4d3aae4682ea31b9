"""Fixtures for the person window: a registered person, an open window, answered message boxes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.screens import open_person_window
from tests.background import wait_for_background
from tests.factories import person_data


class MessageBoxes:
    """Stands in for ``QMessageBox.exec``: records every box and answers from a queue.

    With no queued answer a box gets Discard if it offers it, else its default button (Keep my
    changes, OK), so a test never blocks on a modal box.
    """

    def __init__(self) -> None:
        self.answers: list[QMessageBox.StandardButton] = []
        self.shown: list[tuple[str, str]] = []

    def answer(self, *buttons: QMessageBox.StandardButton) -> None:
        self.answers.extend(buttons)

    def texts(self) -> list[str]:
        return [text for _title, text in self.shown]

    def __call__(self, box: QMessageBox) -> int:
        self.shown.append((box.windowTitle(), box.text()))
        if self.answers:
            return int(self.answers.pop(0).value)
        if box.button(QMessageBox.StandardButton.Discard) is not None:
            return int(QMessageBox.StandardButton.Discard.value)
        default = box.defaultButton()
        return (
            int(box.standardButton(default).value)
            if default
            else int(QMessageBox.StandardButton.Ok.value)
        )


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> Iterator[MessageBoxes]:
    recorder = MessageBoxes()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: recorder(box))
    yield recorder


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    return register_person(workspace.actor, workspace.uow(), person_data()).id


@pytest.fixture
def window(qtbot, workspace: Workspace, person_id: int) -> PersonWindow:  # type: ignore[no-untyped-def]
    opened = open_person_window(workspace, person_id)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    # The tabs' first loads (the programme tabs read in the background) have reported back,
    # so a test that only looks at the window does not end with work still in flight.
    wait_for_background(qtbot)
    return opened
