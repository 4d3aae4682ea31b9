"""The Retention tab: the seeded rule listed, a new rule added and an existing one changed,
a rule with no period refused under the field it names."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.retention import RetentionBasis
from resettle.services.workspace import Workspace
from resettle.ui.admin.retention_tab import RetentionRuleDialog
from resettle.ui.common import screen_fit
from tests.ui.admin.support import admin_workspace, open_window, save, the_dialog, type_into


@pytest.fixture
def admin(workspace: Workspace) -> Workspace:
    return admin_workspace(workspace)


def _rows(tab: Any) -> list[list[str]]:
    return tab.model.display_rows()  # type: ignore[no-any-return]


def test_rules_are_listed_added_and_changed(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, admin)
    window.tabs.setCurrentWidget(window.retention)
    tab = window.retention
    assert _rows(tab) == [
        ["7 years after licence end", "Licence (sentence) end", "7 years", "Review", "Active"]
    ]
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = the_dialog(window)
    assert isinstance(dialog, RetentionRuleDialog)
    type_into(dialog.name, "Closed cases")
    dialog.counts_from.set_value(RetentionBasis.CASE_CLOSED)
    assert dialog.years.value() == 1  # a new rule starts at a period that can be saved
    dialog.years.setValue(0)
    dialog.submit()  # no period: refused under Years, nothing saved
    assert dialog.isVisible()
    assert dialog.errors.shown() == {
        "period": "Period: give at least one month (in years, months or both)"
    }
    assert dialog.errors._labels["period"][0].isVisible()
    dialog.months.setValue(6)
    save(qtbot, window, dialog)
    assert ["Closed cases", "Case closed", "6 months", "Review", "Active"] in _rows(tab)
    assert window.message.text() == "New retention rule added."
    chosen = tab.selected()
    assert chosen is not None and chosen.name == "Closed cases"

    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # Enter edits the chosen rule
    dialog = the_dialog(window)
    assert isinstance(dialog, RetentionRuleDialog)
    assert (dialog.name.text(), dialog.months.value()) == ("Closed cases", 6)
    dialog.years.setValue(2)
    dialog.active.setChecked(False)
    save(qtbot, window, dialog)
    assert ["Closed cases", "Case closed", "2 years 6 months", "Review", "Not used"] in _rows(tab)


def test_a_refusal_grows_the_dialog_so_no_field_scrolls_away(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 1366x768 the messages under Name and the period take room of their own: the form
    does not turn into a small scrolling area."""
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _w=None: QRect(0, 0, 1366, 728))

    def refuse(_data: dict[str, Any]) -> None:
        raise ValidationFailed(
            [
                FieldProblem("name", "duplicate", "Name: there is already a rule called X."),
                FieldProblem("period", "period_empty", "Period: give at least one month"),
            ]
        )

    dialog = RetentionRuleDialog(None, refuse)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    before = dialog.height()
    dialog.submit()
    assert dialog.isVisible() and len(dialog.errors.shown()) == 2
    assert dialog.height() > before
    assert dialog.scroll_area.verticalScrollBar().maximum() == 0
