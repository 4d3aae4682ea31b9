"""Outcome checks after release: due dates (month ends included), the points asked, the
answers each point needs, the dates against the release, and the status of a point."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.outcome_check_views import PointStatus, answers_in_words, point_status
from resettle.domain.outcome_checks import (
    Accommodation,
    CheckPoint,
    Employment,
    OutcomeCheck,
    OutcomeCheckInput,
    TreatmentStart,
    add_months,
    due_on,
    earliest_outstanding,
    point_due_on,
    points_for,
    release_problems,
)
from resettle.domain.validation import validate

RELEASE = dt.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        (CheckPoint.FIRST_NIGHT, dt.date(2026, 2, 1)),
        (CheckPoint.WEEK_6, dt.date(2026, 3, 14)),
        (CheckPoint.MONTH_3, dt.date(2026, 4, 30)),  # 31 April does not exist
        (CheckPoint.MONTH_6, dt.date(2026, 7, 31)),
        (CheckPoint.TREATMENT, dt.date(2026, 2, 21)),
    ],
)
def test_each_point_is_due_on_its_day_after_a_release_on_31_january(
    point: CheckPoint, expected: dt.date
) -> None:
    assert due_on(point, RELEASE) == expected


def test_the_point_due_is_read_back_from_its_due_day_for_every_release_of_a_year() -> None:
    """The caseload names the check due from the stored due day: every point's day differs
    from every other's, whatever the release day (month ends and leap days included)."""
    for offset in range(366 * 2):
        release = dt.date(2027, 1, 1) + dt.timedelta(days=offset)
        for point in CheckPoint:
            assert point_due_on(release, due_on(point, release)) is point
    assert point_due_on(RELEASE, RELEASE) is None
    assert point_due_on(None, RELEASE) is None and point_due_on(RELEASE, None) is None


def test_a_month_on_from_a_month_end_is_that_months_last_day() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)  # leap year
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)  # across the year
    assert add_months(dt.date(2026, 8, 15), 6) == dt.date(2027, 2, 15)


def test_the_treatment_start_is_asked_only_with_a_treatment_need() -> None:
    assert CheckPoint.TREATMENT not in points_for(False)
    assert points_for(True)[-1] is CheckPoint.TREATMENT
    assert len(points_for(True)) == 5 and len(points_for(False)) == 4


def test_the_earliest_outstanding_point_is_the_due_key() -> None:
    assert earliest_outstanding(None, True, set()) is None
    assert earliest_outstanding(RELEASE, False, set()) == dt.date(2026, 2, 1)
    night = {CheckPoint.FIRST_NIGHT}
    assert earliest_outstanding(RELEASE, True, night) == dt.date(2026, 2, 21)  # treatment
    assert earliest_outstanding(RELEASE, False, night) == dt.date(2026, 3, 14)
    assert earliest_outstanding(RELEASE, False, set(points_for(False))) is None


def _problems(data: dict[str, Any]) -> set[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as refused:
        validate(OutcomeCheckInput, data)
    return {(p.field, p.code) for p in refused.value.problems}


def test_a_point_needs_its_answers_and_no_others() -> None:
    day = dt.date(2026, 2, 2)
    assert _problems({"point": "first_night", "checked_on": day}) == {("accommodation", "missing")}
    assert _problems(
        {
            "point": "first_night",
            "checked_on": day,
            "accommodation": "settled",
            "employment": "employed",
        }
    ) == {("employment", "not_asked")}
    assert _problems({"point": "month_3", "checked_on": day, "accommodation": "settled"}) == {
        ("employment", "missing")
    }
    assert _problems({"point": "treatment", "checked_on": day, "treatment": "started"}) == {
        ("treatment_started_on", "missing")
    }
    assert _problems(
        {
            "point": "treatment",
            "checked_on": day,
            "treatment": "not_started",
            "treatment_started_on": day,
        }
    ) == {("treatment_started_on", "not_asked")}
    assert _problems({"point": "first_night", "checked_on": day, "accommodation": "tent"}) == {
        ("accommodation", "enum")
    }


def test_dates_are_checked_against_the_release_and_today() -> None:
    today = dt.date(2026, 3, 1)
    check = OutcomeCheckInput(
        point=CheckPoint.TREATMENT,
        checked_on=dt.date(2026, 3, 2),
        treatment="started",  # type: ignore[arg-type]
        treatment_started_on=dt.date(2026, 1, 30),
    )
    codes = {(p.field, p.code) for p in release_problems(check, RELEASE, today)}
    assert codes == {("checked_on", "future"), ("treatment_started_on", "before_release")}
    assert [p.code for p in release_problems(check, None, today)] == ["no_release_date"]
    early = OutcomeCheckInput(
        point=CheckPoint.FIRST_NIGHT,
        checked_on=dt.date(2026, 1, 20),
        accommodation=Accommodation.UNKNOWN,
    )
    codes = {(p.field, p.code) for p in release_problems(early, RELEASE, dt.date(2026, 1, 25))}
    assert ("point", "not_released") in codes and ("checked_on", "before_release") in codes


@pytest.mark.parametrize(
    ("days_after_due", "recorded", "expected"),
    [
        (-1, False, PointStatus.NOT_YET_DUE),
        (0, False, PointStatus.DUE),
        (14, False, PointStatus.DUE),
        (15, False, PointStatus.OVERDUE),
        (30, True, PointStatus.RECORDED),
    ],
)
def test_a_points_status(days_after_due: int, recorded: bool, expected: PointStatus) -> None:
    due = dt.date(2026, 3, 14)
    assert point_status(due, recorded, due + dt.timedelta(days=days_after_due)) is expected


def test_answers_read_in_words_and_a_start_inside_three_weeks_counts() -> None:
    check = OutcomeCheck(
        id=1,
        person_id=1,
        point=CheckPoint.TREATMENT,
        release_date=RELEASE,
        checked_on=dt.date(2026, 2, 25),
        treatment="started",  # type: ignore[arg-type]
        treatment_started_on=dt.date(2026, 2, 21),
        recorded_by="Officer",
        recorded_at=dt.datetime(2026, 2, 25, tzinfo=dt.UTC),
    )
    assert answers_in_words(check) == "Started on 21 Feb 2026"
    assert check.treatment_in_window
    late = check.model_copy(update={"treatment_started_on": dt.date(2026, 2, 22)})
    assert not late.treatment_in_window


def test_a_later_check_is_refused_more_than_a_week_before_its_date() -> None:
    due = due_on(CheckPoint.MONTH_3, RELEASE)
    today = due + dt.timedelta(days=30)

    def codes(checked_on: dt.date) -> set[tuple[str, str]]:
        check = OutcomeCheckInput(
            point=CheckPoint.MONTH_3,
            checked_on=checked_on,
            accommodation=Accommodation.SETTLED,
            employment=Employment.EMPLOYED,
        )
        return {(p.field, p.code) for p in release_problems(check, RELEASE, today)}

    assert codes(due - dt.timedelta(days=8)) == {("checked_on", "too_early")}
    assert codes(due - dt.timedelta(days=7)) == set()
    first_night = OutcomeCheckInput(
        point=CheckPoint.FIRST_NIGHT, checked_on=RELEASE, accommodation=Accommodation.SETTLED
    )
    assert release_problems(first_night, RELEASE, today) == []


def test_no_treatment_start_is_recorded_only_once_the_3_weeks_are_over() -> None:
    window_ends = due_on(CheckPoint.TREATMENT, RELEASE)
    today = window_ends + dt.timedelta(days=10)

    def codes(answer: TreatmentStart, checked_on: dt.date) -> set[tuple[str, str]]:
        started = checked_on if answer is TreatmentStart.STARTED else None
        check = OutcomeCheckInput(
            point=CheckPoint.TREATMENT,
            checked_on=checked_on,
            treatment=answer,
            treatment_started_on=started,
        )
        return {(p.field, p.code) for p in release_problems(check, RELEASE, today)}

    early = window_ends - dt.timedelta(days=1)
    assert codes(TreatmentStart.NOT_STARTED, early) == {("treatment", "too_early")}
    assert codes(TreatmentStart.UNKNOWN, early) == {("treatment", "too_early")}
    assert codes(TreatmentStart.STARTED, RELEASE + dt.timedelta(days=2)) == set()
    assert codes(TreatmentStart.NOT_STARTED, window_ends) == set()
