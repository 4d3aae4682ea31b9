"""Where the timeline puts things (no widgets)."""

from __future__ import annotations

import datetime as dt

from resettle.domain.plan import ActionStatus, DueDate, PlanAction
from resettle.ui.plan.timeline_layout import WEEK, date_range, groups, outside, stack

RELEASE = dt.date(2027, 1, 15)


def _action(due: DueDate | None, pathway: str = "health", status: str = "to_do") -> PlanAction:
    return PlanAction.model_validate(
        {"pathway": pathway, "what": "x", "owner": "prison", "due": due, "status": status}
    )


def test_six_weeks_either_side_at_least() -> None:
    assert date_range([], RELEASE) == (RELEASE - 6 * WEEK, RELEASE + 6 * WEEK)


def test_range_widens_in_whole_weeks_but_not_past_six_months() -> None:
    actions = [_action(DueDate.relative(-60)), _action(DueDate.relative(400))]
    start, end = date_range(actions, RELEASE)
    assert start == RELEASE - 9 * WEEK  # 60 days rounds out to 9 weeks
    assert end == RELEASE + 6 * WEEK
    assert outside(actions, RELEASE, (start, end)) == (0, 1, 0)


def test_actions_of_one_pathway_on_one_day_share_a_marker_showing_the_least_done() -> None:
    actions = [
        _action(DueDate.relative(-7), status="done"),
        _action(DueDate.relative(-7), status="in_progress"),
        _action(DueDate.relative(-7), pathway="finance_id"),
        _action(None),
    ]
    found = groups(actions, RELEASE, *date_range(actions, RELEASE))
    assert [(g.pathway.value, g.rows, g.status) for g in found] == [
        ("health", (0, 1), ActionStatus.IN_PROGRESS),
        ("finance_id", (2,), ActionStatus.TO_DO),
    ]
    assert outside(actions, RELEASE, date_range(actions, RELEASE)) == (0, 0, 1)


def test_markers_too_close_together_stack_in_rows() -> None:
    assert stack([0, 30, 5, 60, 8], spacing=10) == [0, 0, 1, 0, 2]


def test_a_repeating_action_has_a_marker_for_every_time() -> None:
    """Weekly on Mondays to an end: one marker a week, the bank holiday left out; until
    something happens: every week to the end of what is shown, the bank holiday left out too."""
    release = dt.date(2027, 5, 17)  # a Monday; 31 May is a bank holiday
    mondays = PlanAction.model_validate(
        {
            "pathway": "health",
            "what": "Recovery group",
            "owner": "person",
            "due": DueDate.relative(7),
            "repeat": {"every": "week", "weekday": 0, "ends": DueDate.relative(28)},
        }
    )
    start, end = date_range([mondays], release)
    assert [g.on for g in groups([mondays], release, start, end)] == [
        dt.date(2027, 5, 24),
        dt.date(2027, 6, 7),
        dt.date(2027, 6, 14),
    ]
    assert mondays.repeat is not None
    open_ended = mondays.model_copy(
        update={"repeat": mondays.repeat.model_copy(update={"ends": None, "until": "you work"})}
    )
    days = [g.on for g in groups([open_ended], release, start, end)]
    # Every Monday to the end shown, the bank holiday (31 May) left out as in a dated series.
    mondays_shown = [
        dt.date(2027, 5, 24) + WEEK * n for n in range((end - dt.date(2027, 5, 24)).days // 7 + 1)
    ]
    assert days == [d for d in mondays_shown if d != dt.date(2027, 5, 31)]
