"""The Risk tab's programme need items while the page scrolls: the wheel turned over an item
box changes no answer, even once the user has clicked into it (the page gets the turn), and
changing an item with the page scrolled down leaves the page where it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QSpinBox

from resettle.services.case_record import risk
from resettle.services.workspace import Workspace
from resettle.ui.common.wheel import wheel_only_when_focused
from resettle.ui.person import PersonWindow
from resettle.ui.person.risk_tab import RiskTab
from resettle.ui.screens import open_person_window
from tests.background import wait_for_background


def _wheel(widget: Any, notches: int = -1) -> QWheelEvent:
    """One wheel turn over the middle of ``widget`` (down for a negative count)."""
    middle = QPointF(widget.rect().center())
    event = QWheelEvent(
        middle,
        QPointF(widget.mapToGlobal(middle.toPoint())),
        QPoint(),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)
    return event


def _open_risk(qtbot: Any, workspace: Workspace, person_id: int) -> tuple[PersonWindow, RiskTab]:
    risk.record_score(
        workspace.actor,
        workspace.uow(),
        person_id,
        0,
        {"tool": "ogrs3", "percent": 75, "assessed_on": dt.date(2024, 3, 1), "source": "OASys"},
    )
    window = open_person_window(workspace, person_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.tab_of(RiskTab)
    assert isinstance(tab, RiskTab)
    window.show_tab(tab)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    wait_for_background(qtbot)
    return window, tab


def test_a_guarded_combo_never_takes_the_wheel_while_closed(qtbot: Any) -> None:
    combo = QComboBox()
    combo.addItems(["a", "b", "c"])
    qtbot.addWidget(combo)
    wheel_only_when_focused(combo)
    combo.show()
    qtbot.waitExposed(combo)
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel gives it no focus
    combo.clearFocus()
    turn = _wheel(combo)
    assert combo.currentIndex() == 0
    assert not turn.isAccepted()  # passed on to the page
    # Clicked into (focused), list closed: the wheel still changes nothing.
    combo.activateWindow()
    qtbot.waitUntil(combo.isActiveWindow)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    turn = _wheel(combo)
    assert combo.currentIndex() == 0
    assert not turn.isAccepted()
    # The keys still change it.
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentIndex() == 1


def test_a_guarded_spin_box_takes_the_wheel_only_when_focused(qtbot: Any) -> None:
    spin = QSpinBox()
    qtbot.addWidget(spin)
    wheel_only_when_focused(spin)
    spin.show()
    qtbot.waitExposed(spin)
    spin.clearFocus()
    turn = _wheel(spin, 1)
    assert spin.value() == 0
    assert not turn.isAccepted()
    spin.activateWindow()
    qtbot.waitUntil(spin.isActiveWindow)
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    _wheel(spin, 1)
    assert spin.value() == 1


def test_the_wheel_over_the_item_boxes_changes_no_answer(
    qtbot: Any, workspace: Workspace, person_id: int
) -> None:
    window, tab = _open_risk(qtbot, workspace, person_id)
    panel = tab.programme
    for name, combo in panel.combos.items():
        assert not combo.hasFocus()
        turn = _wheel(combo)  # down: would choose the first answer
        assert combo.value() is None, name
        assert not turn.isAccepted(), name  # left to the page, which scrolls
    assert not tab.dirty
    # In the box (clicked, then Escape), the wheel still changes no answer.
    combo = panel.combos["impulsivity"]
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_Escape)
    turn = _wheel(combo)
    assert combo.value() is None
    assert not turn.isAccepted()
    assert not tab.dirty
    wait_for_background(qtbot)
    window.close()


def test_changing_an_item_keeps_the_page_where_it_is(
    qtbot: Any, workspace: Workspace, person_id: int
) -> None:
    window, tab = _open_risk(qtbot, workspace, person_id)
    window.resize(window.width(), 520)  # the page scrolls
    qtbot.wait(50)
    panel = tab.programme
    page = next(
        area
        for area in tab.findChildren(QScrollArea)
        if area.widget() is not None and area.widget().isAncestorOf(panel)
    )
    bar = page.verticalScrollBar()
    assert bar.maximum() > 0, "the page does not scroll at this size"
    combo = panel.combos["temper_control"]
    page.ensureWidgetVisible(combo)
    qtbot.wait(20)
    scrolled = bar.value()
    assert scrolled > 0
    where = combo.mapTo(window, QPoint(0, 0))
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    for key in (Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Up):
        qtbot.keyClick(combo, key)
        qtbot.wait(20)
        assert bar.value() == scrolled
        assert combo.mapTo(window, QPoint(0, 0)) == where
    assert combo.value() == 0 and tab.dirty
    wait_for_background(qtbot)
    window.close()
