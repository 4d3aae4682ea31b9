"""A new plan action's default due date is never in the past (a release days away, or none)."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.plan import resolve_due
from resettle.ui.plan.action_dialog import ActionDialog, DueChoice
from tests.ui.plan.support import SENTENCE, TODAY


def _dialog(qtbot, release: dt.date | None) -> ActionDialog:  # type: ignore[no-untyped-def]
    dialog = ActionDialog(None, release, SENTENCE)
    qtbot.addWidget(dialog)
    return dialog


def test_two_weeks_before_a_release_a_month_away(qtbot) -> None:  # type: ignore[no-untyped-def]
    release = TODAY + dt.timedelta(days=30)
    dialog = _dialog(qtbot, release)
    assert dialog.due_choice.value() is DueChoice.BEFORE_RELEASE
    assert resolve_due(dialog.due(), release) == release - dt.timedelta(days=14)


@pytest.mark.parametrize("days_to_release", [14, 13, 0, -5])
def test_today_when_two_weeks_before_release_has_passed(  # type: ignore[no-untyped-def]
    qtbot, days_to_release: int
) -> None:
    release = TODAY + dt.timedelta(days=days_to_release)
    dialog = _dialog(qtbot, release)
    expected = release - dt.timedelta(days=14) if days_to_release == 14 else TODAY
    assert resolve_due(dialog.due(), release) == expected
    assert resolve_due(dialog.due(), release) >= TODAY  # type: ignore[operator]


def test_today_without_a_release_date(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, None)
    assert dialog.due_choice.value() is DueChoice.ON_DATE
    assert dialog.due() is not None and dialog.due().on == TODAY  # type: ignore[union-attr]
