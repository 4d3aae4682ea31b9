"""Every input in the plan dialogs has a name a screen reader can say."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.plan.action_dialog import ActionDialog
from resettle.ui.plan.agree_dialog import AgreeDialog
from resettle.ui.plan.batch_dialog import BatchPrintDialog
from resettle.ui.plan.preview import PlanPreviewDialog
from resettle.ui.plan.suggestions_dialog import SuggestionsDialog
from resettle.ui.plan.tab import PlanTab
from tests.ui.plan.support import RELEASE, SENTENCE

INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractButton,
    QAbstractItemView,
)


def _inside_a_control(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QCalendarWidget | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def _unnamed(root: QWidget) -> list[str]:
    return [
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r} in {type(root).__name__}"
        for w in root.findChildren(QWidget)
        if isinstance(w, INPUTS) and not _inside_a_control(w) and not w.accessibleName()
    ]


def test_every_input_is_named(qtbot, workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    session = CaseRecordSession(workspace, person_id)
    plan_tab = PlanTab(session)
    plan_tab.load(session.record)  # as the person window does when the tab is first shown
    widgets: list[QWidget] = [
        plan_tab,
        ActionDialog(None, RELEASE, SENTENCE),
        AgreeDialog("Demo Officer", 3),
        SuggestionsDialog([], RELEASE),
        PlanPreviewDialog(workspace, person_id),
        BatchPrintDialog(workspace),
    ]
    for widget in widgets:
        qtbot.addWidget(widget)
    unnamed = [name for widget in widgets for name in _unnamed(widget)]
    assert unnamed == [], "\n".join(unnamed)


def _mnemonics(root: QWidget) -> list[str]:
    letters = []
    for widget in root.findChildren(QWidget):
        text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
        match = re.search(r"&([^&])", text)
        if match and widget.isVisibleTo(root):
            letters.append(match.group(1).lower())
    return letters


def test_mnemonics_are_unique_in_each_dialog(qtbot, workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    for dialog in (
        ActionDialog(None, RELEASE, SENTENCE),
        AgreeDialog("Demo Officer", 3),
        SuggestionsDialog([], RELEASE),
        PlanPreviewDialog(workspace, person_id),
        BatchPrintDialog(workspace),
    ):
        qtbot.addWidget(dialog)
        letters = _mnemonics(dialog)
        assert letters and len(letters) == len(set(letters)), (type(dialog).__name__, letters)
