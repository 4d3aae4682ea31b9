"""Chart data: the figures a chart draws, its table alternative and its description."""

from __future__ import annotations

import pytest

from resettle.domain.charts import BarChartData, BarSeries, TrendData

OUTCOMES = BarChartData(
    "First night",
    ("Oct", "Nov"),
    (BarSeries("Settled", (10, 12), ("s-oct", "s-nov")), BarSeries("Unknown", (2, 0))),
    stacked=True,
)


def test_a_series_must_have_a_value_per_category() -> None:
    with pytest.raises(ValueError, match="'Settled' has 1 values for 2 categories"):
        BarChartData("First night", ("Oct", "Nov"), (BarSeries("Settled", (10,)),))


def test_the_tallest_bar_is_the_stack_total_when_stacked() -> None:
    assert OUTCOMES.largest == 12
    side_by_side = BarChartData(OUTCOMES.title, OUTCOMES.categories, OUTCOMES.series)
    assert side_by_side.largest == 12
    sums = BarChartData("x", ("a", "b"), (BarSeries("p", (3, 1)), BarSeries("q", (4, 9))), True)
    assert sums.largest == 10


def test_an_empty_chart_still_has_a_scale() -> None:
    assert BarChartData("Nothing", ("a",), (BarSeries("p", (0,)),)).largest == 1
    assert BarChartData("Nothing", (), ()).largest == 1


def test_the_table_alternative_has_a_row_per_category_and_a_column_per_series() -> None:
    assert OUTCOMES.table_header() == ("", "Settled", "Unknown")
    assert OUTCOMES.table_rows() == (("Oct", "10", "2"), ("Nov", "12", "0"))


def test_the_description_names_every_figure() -> None:
    assert OUTCOMES.describe() == (
        "First night (people). Oct: Settled 10, Unknown 2; Nov: Settled 12, Unknown 0."
    )
    one = BarChartData(
        "Releases", ("w1", "w2"), (BarSeries("Releases", (3, 0)),), False, "releases"
    )
    assert one.describe() == "Releases (releases). w1: 3; w2: 0."


def test_drill_keys_are_optional_per_bar() -> None:
    settled, unknown = OUTCOMES.series
    assert settled.key_at(1) == "s-nov"
    assert unknown.key_at(0) is None


def test_a_trend_says_where_no_one_was_measured() -> None:
    trend = TrendData("MI014", ("Oct", "Nov"), (83.25, None))
    assert trend.describe() == "MI014. Oct: 83.2%; Nov: no one measured."
    with pytest.raises(ValueError, match="1 values for 2 labels"):
        TrendData("MI014", ("Oct", "Nov"), (1.0,))
