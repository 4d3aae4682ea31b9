"""After release: the points table and history (widget-free), and recording, refusing and
correcting a check through the tab's dialog, which shows only the fields the point asks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt

from resettle.domain import clock
from resettle.domain.outcome_check_views import (
    OutcomeCheckEntry,
    OutcomePointView,
    PointStatus,
)
from resettle.domain.outcome_checks import CheckPoint, OutcomeCheck
from resettle.domain.staff import Role
from resettle.services import outcome_checks
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.outcome_checks_dialog import OutcomeCheckDialog
from resettle.ui.person.outcome_checks_models import OutcomeHistoryModel, OutcomePointsModel
from resettle.ui.person.outcome_checks_tab import OutcomeChecksTab
from resettle.ui.screens import open_person_window
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import another_person, person_data
from tests.ui.person.support import choose, submit

TODAY = clock.today()
RELEASED = TODAY - dt.timedelta(days=50)


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    """Released 50 days ago (the window fixture opens them)."""
    data = person_data(release_date=RELEASED)
    return register_person(workspace.actor, workspace.uow(), data).id


def _check(check_id: int, **change: Any) -> OutcomeCheck:
    return OutcomeCheck.model_validate(
        {
            "id": check_id,
            "person_id": 1,
            "point": "first_night",
            "release_date": RELEASED,
            "checked_on": RELEASED + dt.timedelta(days=1),
            "accommodation": "settled",
            "recorded_by": "Test Officer",
            "recorded_at": dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC),
            **change,
        }
    )


def test_the_points_table_says_each_status_and_the_answers_in_words(qapp: Any) -> None:
    current = _check(2, accommodation="approved_premises_cas", supersedes_id=1)
    model = OutcomePointsModel()
    model.set_rows(
        [
            OutcomePointView(
                point=CheckPoint.FIRST_NIGHT,
                due_on=RELEASED + dt.timedelta(days=1),
                status=PointStatus.RECORDED,
                current=current,
            ),
            OutcomePointView(
                point=CheckPoint.WEEK_6,
                due_on=TODAY - dt.timedelta(days=20),
                status=PointStatus.OVERDUE,
            ),
            OutcomePointView(point=CheckPoint.MONTH_3, due_on=TODAY, status=PointStatus.DUE),
            OutcomePointView(
                point=CheckPoint.MONTH_6,
                due_on=TODAY + dt.timedelta(days=9),
                status=PointStatus.NOT_YET_DUE,
            ),
        ]
    )
    rows = model.display_rows()
    assert [row[0] for row in rows] == ["First night", "6 weeks", "3 months", "6 months"]
    assert [row[2] for row in rows] == ["Recorded", "Overdue", "Due", "Not yet due"]
    assert rows[0][3:] == [
        "Approved premises or CAS",
        (RELEASED + dt.timedelta(days=1)).strftime("%d %b %Y"),
        "Test Officer",
    ]
    assert rows[1][3:] == ["", "", ""]
    assert model.data(model.index(1, 2), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(2, 2), Qt.ItemDataRole.ForegroundRole) is None
    history = OutcomeHistoryModel()
    history.set_rows(
        [
            OutcomeCheckEntry(check=current),
            OutcomeCheckEntry(check=_check(1), superseded_by=2),
            OutcomeCheckEntry(
                check=_check(0, release_date=RELEASED - dt.timedelta(days=400)),
                current_release=False,
            ),
        ]
    )
    states = [row[5] for row in history.display_rows()]
    assert states == ["Current", "Corrected", "Earlier release"]
    greyed = [
        history.data(history.index(row, 0), Qt.ItemDataRole.ForegroundRole) is not None
        for row in range(3)
    ]
    assert greyed == [False, True, True]


def _tab(window: PersonWindow, qtbot: Any) -> OutcomeChecksTab:
    tab = window.tab_of(OutcomeChecksTab)
    assert isinstance(tab, OutcomeChecksTab)
    window.show_tab(tab)
    wait_for_background(qtbot)
    assert tab.view is not None
    return tab


def _date(dialog: OutcomeCheckDialog, name: str, day: dt.date) -> None:
    dialog.form.fields[name].widget.editor.setText(f"{day:%d/%m/%Y}")  # type: ignore[attr-defined]


def _select(tab: OutcomeChecksTab, point: CheckPoint) -> None:
    row = [p.point for p in tab.points.rows()].index(point)
    tab.table.selectRow(row)


def test_record_refuse_and_correct_through_the_dialog(
    qtbot: Any, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _tab(window, qtbot)
    statuses = [row[2] for row in tab.points.display_rows()]
    assert statuses == ["Overdue", "Due", "Not yet due", "Not yet due"]
    assert "Released" in tab.summary.text()
    _select(tab, CheckPoint.FIRST_NIGHT)
    assert tab.record_button.isEnabled() and not tab.correct_button.isEnabled()
    dialog = tab.open_dialog()
    assert isinstance(dialog, OutcomeCheckDialog)
    # The first night asks the accommodation only.
    assert set(dialog.form.fields) == {"checked_on", "accommodation", "note"}
    assert not dialog.ok_button.isEnabled()  # no accommodation chosen yet
    assert "accommodation" in {p.field for p in dialog.form.problems}
    choose(dialog.accommodation, "rough_sleeping")
    _date(dialog, "checked_on", RELEASED - dt.timedelta(days=2))
    problems = {p.field: p.message for p in dialog.form.problems}
    assert "before release" in problems["checked_on"]
    assert not dialog.ok_button.isEnabled()
    _date(dialog, "checked_on", RELEASED + dt.timedelta(days=1))
    assert submit(qtbot, dialog)
    wait_for_background(qtbot)
    night = tab.points.display_rows()[0]
    assert night[2:4] == ["Recorded", "Rough sleeping"]
    assert [row[5] for row in tab.history.display_rows()] == ["Current"]

    _select(tab, CheckPoint.FIRST_NIGHT)
    assert tab.correct_button.isEnabled() and not tab.record_button.isEnabled()
    fix = tab.open_dialog()
    assert fix is not None
    assert fix.form.values()["accommodation"] == "rough_sleeping"  # starts from the check
    choose(fix.accommodation, "approved_premises_cas")
    assert submit(qtbot, fix)
    wait_for_background(qtbot)
    _select(tab, CheckPoint.FIRST_NIGHT)
    assert [row[5] for row in tab.history.display_rows()] == ["Current", "Corrected"]
    saved = outcome_checks.outcome_checks(workspace.actor, workspace.uow(), tab.view.person_id)  # type: ignore[union-attr]
    current = saved.points[0].current
    assert current is not None and current.accommodation is not None
    assert current.accommodation.value == "approved_premises_cas"

    _select(tab, CheckPoint.WEEK_6)
    six = tab.open_dialog()
    assert six is not None
    assert set(six.form.fields) == {"checked_on", "accommodation", "employment", "note"}
    six.reject()


def test_a_point_not_yet_due_cannot_be_recorded_and_says_why(
    qtbot: Any, window: PersonWindow
) -> None:
    """Released 50 days ago: the 3-month check is due on the 91st day or so and may be
    recorded from a week before it, not today."""
    tab = _tab(window, qtbot)
    _select(tab, CheckPoint.MONTH_3)
    assert tab.points.display_rows()[2][2] == "Not yet due"
    assert not tab.record_button.isEnabled() and not tab.correct_button.isEnabled()
    due = tab.selected().due_on  # type: ignore[union-attr]
    first = (due - dt.timedelta(days=7)).strftime("%d %b %Y")
    expected = (
        f"Not due yet: the 3 months check is due on {due:%d %b %Y} and can be recorded "
        f"from {first}."
    )
    assert tab.why.text() == expected
    assert tab.record_button.toolTip() == expected
    assert tab.open_dialog() is None  # a double-click opens nothing either
    _select(tab, CheckPoint.WEEK_6)  # due: recordable, nothing to explain
    assert tab.record_button.isEnabled() and tab.record_button.toolTip() == ""


def test_before_release_the_tab_says_when_checks_start(qtbot: Any, workspace: Workspace) -> None:
    later = TODAY + dt.timedelta(days=12)
    person = register_person(
        workspace.actor, workspace.uow(), another_person(3, release_date=later)
    ).id
    window = open_person_window(workspace, person)
    qtbot.addWidget(window)
    window.show()
    tab = _tab(window, qtbot)
    assert "Not released yet" in tab.summary.text()
    assert (later + dt.timedelta(days=1)).strftime("%d %b %Y") in tab.summary.text()
    assert not tab.record_button.isEnabled() and not tab.correct_button.isEnabled()
    assert tab.open_dialog() is None


def test_a_manager_reads_the_checks_without_recording(
    qtbot: Any, workspace: Workspace, person_id: int
) -> None:
    manager = workspace_as(workspace, Role.MANAGER)
    window = open_person_window(manager, person_id)
    qtbot.addWidget(window)
    window.show()
    tab = _tab(window, qtbot)
    assert len(tab.points.rows()) == 4
    assert not tab.record_button.isVisible() and not tab.correct_button.isVisible()
    assert tab.open_dialog() is None


def test_changing_a_released_persons_release_date_warns_first(  # type: ignore[no-untyped-def]
    qtbot: Any, window: PersonWindow, workspace: Workspace, person_id: int, boxes
) -> None:
    """A trial found a release date change re-opened every check without a word; Keep
    editing saves nothing, Change release date saves it."""
    from PySide6.QtWidgets import QMessageBox

    from resettle.services.people import get_person
    from resettle.ui.person.profile_tab import ProfileTab
    from tests.ui.saving import save_and_wait

    profile = window.tab_of(ProfileTab)
    assert isinstance(profile, ProfileTab)
    moved = RELEASED + dt.timedelta(days=7)
    profile.release_date.set_value(moved)
    boxes.answer(QMessageBox.StandardButton.Cancel)
    assert not save_and_wait(qtbot, window)
    assert boxes.texts()[-1] == (
        f"Change the release date from {RELEASED:%d %b %Y} to {moved:%d %b %Y}?"
    )
    assert window.dirty
    assert get_person(workspace.actor, workspace.uow(), person_id).profile.release_date == RELEASED
    boxes.answer(QMessageBox.StandardButton.Ok)
    assert save_and_wait(qtbot, window)
    assert get_person(workspace.actor, workspace.uow(), person_id).profile.release_date == moved
    # Moved into the future (asked again), then moved again: not released, nothing to warn of.
    later = TODAY + dt.timedelta(days=30)
    profile.release_date.set_value(later)
    boxes.answer(QMessageBox.StandardButton.Ok)
    assert save_and_wait(qtbot, window)
    shown = len(boxes.shown)
    assert shown == 3
    profile.release_date.set_value(later + dt.timedelta(days=1))
    assert save_and_wait(qtbot, window)
    assert len(boxes.shown) == shown
