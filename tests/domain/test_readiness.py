"""Release readiness: worked values, the level bands, and monotonicity over a grid."""

from __future__ import annotations

from datetime import date

import pytest

from resettle.domain.essentials import FirstNightAddress, Naloxone, Travel
from resettle.domain.plan import ActionStatus
from resettle.domain.readiness import (
    Readiness,
    ReadinessLevel,
    critical_cap,
    level_for_score,
    person_score,
    readiness,
    readiness_of,
    readiness_score,
)

L = ReadinessLevel


@pytest.mark.parametrize(
    ("critical", "other", "days", "score", "level"),
    [
        (0, 0, 30, 100, L.READY),
        (0, 0, -5, 100, L.READY),  # released with nothing open and an agreed plan
        (1, 0, -1, 0, L.OVERDUE),
        (0, 1, -1, 0, L.OVERDUE),
        (0, 3, 100, 88, L.ON_TRACK),  # load 12, pressure 1
        (1, 0, 60, 81, L.ON_TRACK),  # 10 x (84 + 3 x 24) / 84 = 18.6 -> 19
        (1, 0, 30, 63, L.AT_RISK),  # 10 x 246 / 84 = 29.3 -> 30 -> 70, capped at 55 + 16 // 2
        (2, 3, 84, 68, L.AT_RISK),  # load 32, pressure 1
        (1, 0, 10, 35, L.URGENT),  # 10 x 306 / 84 = 36.4 -> 37 -> 63, capped at 25 + 10
        (0, 5, 10, 27, L.URGENT),  # 20 x 306 / 84 = 72.9 -> 73
        (5, 5, 0, 1, L.URGENT),  # load 70 x 4: floor of 1 while not released
    ],
)
def test_worked_values(
    critical: int, other: int, days: int | None, score: int, level: ReadinessLevel
) -> None:
    assert readiness(critical, other, days, plan_agreed=True) == Readiness(score, level)


@pytest.mark.parametrize("agreed", [False, True])
@pytest.mark.parametrize(("critical", "other"), [(0, 0), (1, 0), (0, 2), (3, 3)])
def test_no_release_date_is_never_ready(critical: int, other: int, agreed: bool) -> None:
    assert readiness(critical, other, None, agreed) == Readiness(None, L.NO_RELEASE_DATE, agreed)


@pytest.mark.parametrize("days", [-1, -5, -29, -400])
@pytest.mark.parametrize(("critical", "other"), [(0, 0), (1, 0), (0, 2)])
def test_released_without_an_agreed_plan_is_never_ready(
    critical: int, other: int, days: int
) -> None:
    assert readiness(critical, other, days, plan_agreed=False) == Readiness(
        0, L.RELEASED_NO_PLAN, False
    )


@pytest.mark.parametrize("days", [43, 50, 100])
def test_before_release_nothing_open_but_no_agreed_plan_is_not_ready(days: int) -> None:
    """The trial saw "Ready (100)" for a person with only a draft plan."""
    assert readiness(0, 0, days, plan_agreed=False) == Readiness(99, L.PLAN_NOT_AGREED, False)
    assert readiness(0, 0, days, plan_agreed=True) == Readiness(100, L.READY)


@pytest.mark.parametrize(
    ("days", "score", "level"),
    [(42, 69, L.AT_RISK), (15, 55, L.AT_RISK), (14, 39, L.URGENT), (1, 26, L.URGENT)],
)
def test_near_release_no_agreed_plan_caps_as_an_open_critical_essential_does(
    days: int, score: int, level: ReadinessLevel
) -> None:
    """Officers' trial: "On track (87)" three weeks from release with no plan at all."""
    assert readiness(0, 0, days, plan_agreed=False) == Readiness(score, level, False)
    assert readiness(0, 1, days, plan_agreed=False).score == min(readiness_score(0, 1, days), score)


def test_far_from_release_open_essentials_score_the_same_with_or_without_a_plan() -> None:
    for days in (43, 50, 100):
        for critical, other in ((1, 0), (0, 1), (1, 2)):
            without = readiness(critical, other, days, False)
            assert without.score == readiness(critical, other, days, True).score
            assert not without.plan_agreed


def test_a_missing_plan_never_scores_better_than_an_agreed_one() -> None:
    for critical in range(4):
        for other in range(4):
            for days in range(-3, 120):
                assert person_score(critical, other, days, False) <= person_score(  # type: ignore[operator]
                    critical, other, days, True
                )


@pytest.mark.parametrize(("critical", "other"), [(0, 0), (0, 1), (1, 2)])
def test_leaving_today_without_an_agreed_plan_is_released_with_no_plan(
    critical: int, other: int
) -> None:
    """Officers' trial: a person leaving today with a draft plan showed "On track (84)"."""
    assert readiness(critical, other, 0, plan_agreed=False) == Readiness(
        0, L.RELEASED_NO_PLAN, False
    )
    assert readiness(critical, other, 0, plan_agreed=True).level is not L.RELEASED_NO_PLAN


def test_anything_open_scores_below_the_plan_not_agreed_score() -> None:
    """99 means "plan not agreed" and nothing else: anything open costs at least 4 points."""
    for days in DAYS:
        for critical, other in ((1, 0), (0, 1)):
            assert readiness_score(critical, other, days) <= 96


def test_levels_are_labelled_honestly() -> None:
    assert L.NO_RELEASE_DATE.label == "No release date"
    assert L.RELEASED_NO_PLAN.label == "Released: no agreed plan"
    assert L.PLAN_NOT_AGREED.label == "Plan not agreed"
    assert L.OVERDUE.label == "Released: essentials open"
    for honest in (L.NO_RELEASE_DATE, L.RELEASED_NO_PLAN, L.PLAN_NOT_AGREED):
        assert not Readiness(99, honest).shows_score
    assert Readiness(82, L.ON_TRACK).shows_score


def test_levels_read_from_the_score() -> None:
    assert [level_for_score(s) for s in (100, 99, 98, 70, 69, 40, 39, 1, 0)] == [
        L.READY, L.PLAN_NOT_AGREED, L.ON_TRACK, L.ON_TRACK, L.AT_RISK, L.AT_RISK, L.URGENT,
        L.URGENT, L.OVERDUE,
    ]  # fmt: skip


def test_negative_counts_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="negative"):
        readiness_score(-1, 0, 10)


DAYS = [None, *range(120, -4, -1)]  # from no date, then ever fewer days


def test_more_open_essentials_or_fewer_days_never_improve_it() -> None:
    for critical in range(7):
        for other in range(9):
            previous = None
            for days in DAYS:
                score = readiness_score(critical, other, days)
                assert readiness_score(critical + 1, other, days) <= score
                assert readiness_score(critical, other + 1, days) <= score
                if previous is not None:
                    assert score <= previous, (critical, other, days)
                previous = score


def test_level_order_follows_the_score() -> None:
    order = [L.OVERDUE, L.URGENT, L.AT_RISK, L.ON_TRACK, L.PLAN_NOT_AGREED, L.READY]
    ranks = [order.index(level_for_score(s)) for s in range(101)]
    assert ranks == sorted(ranks)


def test_readiness_of_essential_records() -> None:
    essentials = [
        FirstNightAddress(status=ActionStatus.IN_PROGRESS),  # open, critical
        Naloxone(status=ActionStatus.NOT_NEEDED),  # closed
        Travel(status=ActionStatus.TO_DO),  # open, other
    ]
    got = readiness_of(essentials, date(2025, 7, 1), today=date(2025, 5, 1), plan_agreed=True)
    assert got == readiness(1, 1, 61, True)  # 61 days
    assert readiness_of([], None, date(2025, 5, 1), plan_agreed=True).level is L.NO_RELEASE_DATE
    released = readiness_of([], date(2025, 4, 1), date(2025, 5, 1), plan_agreed=False)
    assert released.level is L.RELEASED_NO_PLAN


def test_a_cap_falls_day_by_day_so_the_closest_release_sorts_first() -> None:
    """Second trial: twelve people without an agreed plan read "Urgent (39)", and the one
    leaving tomorrow sorted last of them."""
    for critical, agreed in ((0, False), (1, True)):
        scores = [person_score(critical, 0, days, agreed) for days in range(1, 43)]
        assert scores == sorted(scores)  # never higher for a closer release
        assert len(set(scores[:14])) == 14  # within two weeks, every day its own score
    assert [critical_cap(d) for d in (0, 1, 14, 15, 16, 42, 43)] == [25, 26, 39, 55, 56, 69, None]
