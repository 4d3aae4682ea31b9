"""The actions table model without widgets: what each cell says, reordering, ticking off."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from resettle.domain.plan import ActionStatus, DueDate, PlanAction
from resettle.ui.plan.actions_model import (
    DUE,
    NUMBER,
    OWNER,
    PROBLEM_BACKGROUND,
    STATUS,
    WHAT,
    PlanActionsModel,
)
from resettle.ui.plan.labels import due_text, short_hash

RELEASE = dt.date(2027, 1, 15)


def _action(what: str, due: DueDate | None = None, **overrides: object) -> PlanAction:
    return PlanAction.model_validate(
        {"pathway": "accommodation", "what": what, "owner": "probation", "due": due, **overrides}
    )


@pytest.fixture
def model(qapp) -> PlanActionsModel:  # type: ignore[no-untyped-def]
    model = PlanActionsModel()
    model.today = lambda: dt.date(2026, 12, 1)  # nothing is overdue yet
    model.set_plan(
        [
            _action("First", DueDate.relative(-14), position=0),
            _action("Second", DueDate.release_day(), position=1),
            _action("Third", DueDate.relative(7), position=2),
        ],
        RELEASE,
    )
    return model


def _cells(model: PlanActionsModel, column: int) -> list[str]:
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_due_column_says_how_the_date_was_set_and_the_date_it_falls_on(model) -> None:  # type: ignore[no-untyped-def]
    assert _cells(model, DUE) == [
        "14 days before release (01 Jan 2027)",
        "Release day (15 Jan 2027)",
        "7 days after release (22 Jan 2027)",
    ]


def test_an_open_action_past_its_due_day_is_marked_overdue(model) -> None:  # type: ignore[no-untyped-def]
    """Both officers' trials: "due 13 Nov — To do" three days before release looked like any
    other row."""
    model.today = lambda: dt.date(2027, 1, 10)  # after "First" (1 Jan), before the others
    assert _cells(model, DUE)[0] == "14 days before release (01 Jan 2027) · overdue"
    assert not _cells(model, DUE)[1].endswith("overdue")
    first = model.index(0, DUE)
    assert model.data(first, Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(first, Qt.ItemDataRole.ToolTipRole).startswith("Overdue:")
    model.toggle_done(0)  # done: no longer overdue
    assert _cells(model, DUE)[0] == "14 days before release (01 Jan 2027)"


def test_due_phrases_for_fixed_dates_missing_dates_and_no_release_date() -> None:
    assert due_text(DueDate.absolute(dt.date(2027, 2, 3)), RELEASE) == "03 Feb 2027"
    assert due_text(DueDate.relative(-1), RELEASE) == "1 day before release (14 Jan 2027)"
    assert due_text(None, RELEASE) == "No date set"
    assert due_text(DueDate.relative(-3), None) == "3 days before release (no release date yet)"


def test_rows_are_numbered_in_plan_order_and_rows_sorted_by_position(qapp) -> None:  # type: ignore[no-untyped-def]
    model = PlanActionsModel()
    model.set_plan([_action("B", position=1), _action("A", position=0)], RELEASE)
    assert _cells(model, WHAT) == ["A", "B"]
    assert _cells(model, NUMBER) == ["1", "2"]


def test_move_reorders_and_renumbers_positions(model) -> None:  # type: ignore[no-untyped-def]
    edits = []
    model.edited.connect(lambda: edits.append(True))
    assert model.move(0, 1) == 1
    assert _cells(model, WHAT) == ["Second", "First", "Third"]
    assert model.move(2, -1) == 1
    assert [a.what for a in model.actions()] == ["Second", "Third", "First"]
    assert [a.position for a in model.actions()] == [0, 1, 2]
    assert model.move(0, -1) == 0  # already first: nothing happens
    assert len(edits) == 2


def test_problems_follow_their_row_when_it_moves_or_a_row_above_goes(model) -> None:  # type: ignore[no-untyped-def]
    model.set_problems({2: ["Choose who owns action 3"]})
    background = Qt.ItemDataRole.BackgroundRole
    assert model.data(model.index(2, WHAT), background) == PROBLEM_BACKGROUND
    model.move(2, -1)
    assert model.problems() == {1: ["Choose who owns action 3"]}
    assert model.data(model.index(1, WHAT), Qt.ItemDataRole.ToolTipRole) == (
        "Choose who owns action 3"
    )
    model.remove(0)
    assert model.problems() == {0: ["Choose who owns action 3"]}
    model.replace(0, _action("Fixed"))
    assert model.problems() == {}


def test_ticking_the_status_box_toggles_done(model) -> None:  # type: ignore[no-untyped-def]
    index = model.index(1, STATUS)
    assert model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.action_at(1).status is ActionStatus.DONE
    assert model.data(index) == "Done"
    assert model.data(index, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    model.toggle_done(1)
    assert model.action_at(1).status is ActionStatus.TO_DO


def test_read_only_model_has_no_tick_boxes_to_change(model) -> None:  # type: ignore[no-untyped-def]
    model.set_editable(False)
    index = model.index(0, STATUS)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert model.action_at(0).status is ActionStatus.TO_DO


def test_an_action_without_owner_says_so(qapp) -> None:  # type: ignore[no-untyped-def]
    model = PlanActionsModel()
    model.set_plan([_action("Nobody's", owner=None)], RELEASE)
    assert model.data(model.index(0, OWNER)) == "No owner"


def test_add_appends_and_reports_the_first_new_row(model) -> None:  # type: ignore[no-untyped-def]
    assert model.add([_action("Fourth"), _action("Fifth")]) == 3
    assert _cells(model, NUMBER)[-1] == "5"


def test_release_date_change_moves_relative_due_dates(model) -> None:  # type: ignore[no-untyped-def]
    model.set_release_date(RELEASE + dt.timedelta(days=1))
    assert _cells(model, DUE)[1] == "Release day (16 Jan 2027)"


def test_short_hash_keeps_both_ends() -> None:
    digest = "0123456789abcdef" * 4
    assert short_hash(digest) == "01234567…cdef"
