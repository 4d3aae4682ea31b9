"""The measures as data: the official figures as the research gives them, the cohort's last
release date for each point, the default period and the refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.measure_figures import Figure, MeasureFilters, Part
from resettle.domain.measures import (
    MEASURES,
    MEASURES_BY_CODE,
    MeasureKind,
    latest_release_counted,
    measure,
    split_key,
)
from resettle.domain.outcome_checks import CheckPoint, Employment, due_on


def test_the_national_figures_are_those_of_the_research() -> None:
    national = {
        m.code: (m.national.percent, m.national.year) for m in MEASURES if m.national is not None
    }
    assert national == {
        "MI014": ("84.0", "2024/25"),
        "MI015": ("73.5", "2023/24"),
        "MI016": ("19.3", "2023/24"),
        "MI017": ("31.1", "2023/24"),
        "PHOF_C20": ("38.1", "2020/21"),
    }
    assert MEASURES_BY_CODE["PHOF_C20"].source_code == "C20"


def test_codes_are_unique_and_outcome_measures_say_their_rule() -> None:
    assert len(MEASURES_BY_CODE) == len(MEASURES)
    for m in MEASURES:
        if m.kind is MeasureKind.OUTCOME:
            assert m.point is not None and m.outcome is not None
            assert not m.outcome.counted & m.outcome.excluded
            assert "unknown" in m.outcome.excluded


def test_employment_counts_work_only_and_excludes_the_unavailable() -> None:
    rule = MEASURES_BY_CODE["MI016"].outcome
    assert rule is not None
    assert rule.counted == {Employment.EMPLOYED.value, Employment.SELF_EMPLOYED.value}
    assert Employment.EDUCATION_TRAINING.value not in rule.counted | rule.excluded
    assert Employment.UNAVAILABLE.value in rule.excluded


@pytest.mark.parametrize("point", list(CheckPoint))
@pytest.mark.parametrize(
    "today",
    [dt.date(2026, 11, 23), dt.date(2026, 3, 31), dt.date(2024, 2, 29), dt.date(2026, 5, 1)],
)
def test_the_last_release_counted_is_the_last_whose_point_has_come(
    point: CheckPoint, today: dt.date
) -> None:
    last = latest_release_counted(point, today)
    assert due_on(point, last) <= today
    assert due_on(point, last + dt.timedelta(days=1)) > today


def test_the_period_defaults_to_the_twelve_months_to_today() -> None:
    filters = MeasureFilters.for_period(dt.date(2026, 11, 23))
    assert (filters.period_from, filters.period_to) == (
        dt.date(2025, 11, 24),
        dt.date(2026, 11, 23),
    )
    ending = MeasureFilters.for_period(dt.date(2026, 11, 23), period_to=dt.date(2026, 3, 31))
    assert ending.period_from == dt.date(2025, 4, 1)


def test_a_period_ending_before_it_starts_is_refused_naming_the_start() -> None:
    with pytest.raises(ValidationFailed) as refused:
        MeasureFilters.for_period(
            dt.date(2026, 11, 23), period_from=dt.date(2026, 6, 2), period_to=dt.date(2026, 6, 1)
        )
    assert [(p.field, p.code) for p in refused.value.problems] == [("period_from", "after_end")]


def test_unknown_codes_and_groups_are_refused_naming_the_measure() -> None:
    with pytest.raises(ValidationFailed) as unknown:
        measure("MI999")
    assert unknown.value.problems[0].field == "measure"
    with pytest.raises(ValidationFailed):
        split_key("MI014:urgent")
    assert split_key("readiness:urgent") == (MEASURES_BY_CODE["readiness"], "urgent")


def test_a_figure_says_its_parts_and_counts() -> None:
    outcome = Figure(
        code="MI014",
        name="x",
        kind=MeasureKind.OUTCOME,
        numerator=3,
        denominator=4,
        excluded=3,
        not_recorded=2,
    )
    assert outcome.percent == 75.0
    assert outcome.count(Part.COHORT) == 7
    assert outcome.parts() == (
        Part.NUMERATOR,
        Part.DENOMINATOR,
        Part.EXCLUDED,
        Part.NOT_RECORDED,
        Part.NOT_COUNTED,
        Part.UNKNOWN,
    )
    assert outcome.count(Part.NOT_COUNTED) == 1 and outcome.count(Part.UNKNOWN) == 1
    process = Figure(
        code="caseload_per_officer",
        name="x",
        kind=MeasureKind.PROCESS,
        group="7",
        numerator=5,
        denominator=None,
    )
    assert process.key == "caseload_per_officer:7" and process.percent is None
    assert process.parts() == (Part.NUMERATOR,)
