"""The subject access export says in words how a plan action repeats, in its "due" field; the
raw columns stay in the JSON for machines but are not shown to the reader."""

from __future__ import annotations

from typing import Any

from resettle.domain.action_repeats import REPEAT_COLUMNS
from resettle.reports.subject_access_fields import Lookups
from resettle.reports.subject_access_items import Shown, readable_rows

ONCE: dict[str, Any] = {
    "pathway": "education_skills_work",
    "what": "Go to the job club",
    "owner": "person",
    "due_kind": "relative",
    "due_offset_days": 7,
    "status": "to_do",
    **dict.fromkeys(REPEAT_COLUMNS),
}


def _due(**repeat: Any) -> str:
    _name, headers, _widths, body = readable_rows(
        "plans.actions", [{**ONCE, **repeat}], Shown({}, Lookups())
    )
    assert not set(headers) & {"Repeat every", "Repeat weekday"}
    return body[0][headers.index("Due")][0]


def test_an_action_done_once_says_only_its_due_date() -> None:
    assert _due() == "7 days after release"


def test_a_repeat_is_said_with_its_day_and_end() -> None:
    assert (
        _due(
            repeat_every="week",
            repeat_weekday=1,
            repeat_part_of_day="morning",
            repeat_ends_kind="relative",
            repeat_ends_offset_days=56,
        )
        == "7 days after release; repeats every week on Tuesday morning, to 56 days after release"
    )
    assert (
        _due(repeat_every="fortnight", repeat_weekday=4, repeat_until="you start work")
        == "7 days after release; repeats every other week on Friday, until you start work"
    )
    ends_on = _due(
        repeat_every="week",
        repeat_weekday=0,
        repeat_ends_kind="absolute",
        repeat_ends_on="2027-03-01",
    )
    assert ends_on.startswith("7 days after release; repeats every week on Monday, to ")
    assert "2027" in ends_on and "no date" not in ends_on.lower()
