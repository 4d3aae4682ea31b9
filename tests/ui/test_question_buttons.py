"""The "go back" buttons of the conflict and discard questions carry their own words and no
icon: the style's Cancel icon is a red cross, which reads as "reject my changes"."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QProxyStyle, QStyle

from resettle.ui.common import messages
from resettle.ui.plan import messages as plan_messages


class _IconsOnButtons(QProxyStyle):
    """A style that puts icons on dialog buttons, as desktop themes on Linux do (the
    offscreen platform's Fusion does not)."""

    def styleHint(self, hint, option=None, widget=None, returnData=None):  # type: ignore[no-untyped-def]
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, returnData)


@pytest.fixture
def icon_style(qapp: QApplication) -> object:
    before = qapp.style().name()
    qapp.setStyle(_IconsOnButtons(before))
    yield
    qapp.setStyle(before)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    """The message boxes put up, each answered at once with its default (Cancel)."""
    boxes: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        boxes.append(box)
        return int(QMessageBox.StandardButton.Cancel.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return boxes


@pytest.mark.parametrize(
    ("ask", "keep_text"),
    [
        (lambda: messages.ask_reload(None, "Saved elsewhere."), "&Keep my changes"),
        (lambda: messages.confirm_discard(None, ["Profile"]), "&Keep editing"),
        (lambda: plan_messages.ask_reload_plan(None, "Changed elsewhere."), "&Keep my changes"),
    ],
)
def test_keep_buttons_have_no_reject_icon(
    icon_style: object, shown: list[QMessageBox], ask: Callable[[], bool], keep_text: str
) -> None:
    assert ask() is False
    (box,) = shown
    keep = box.button(QMessageBox.StandardButton.Cancel)
    go = next(button for button in box.buttons() if button is not keep)
    assert not go.icon().isNull()  # the style does put icons on buttons
    assert keep.text() == keep_text
    assert keep.icon().isNull()
