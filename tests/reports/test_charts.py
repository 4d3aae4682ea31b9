"""Charts in a PDF: drawn from the same figures as the screen, every figure printed."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate

from resettle.domain.charts import BarChartData, BarSeries, TrendData
from resettle.reports.charts import bar_chart, trend_line

WEEKS = BarChartData("Releases", ("w/c 2 Nov", "w/c 9 Nov"), (BarSeries("Releases", (3, 17)),))
FIRST_NIGHT = BarChartData(
    "First night",
    ("Oct", "Nov"),
    (
        BarSeries("Settled", (10, 12)),
        BarSeries("Rough sleeping", (1, 2)),
        BarSeries("Unknown", (2, 0)),
    ),
    stacked=True,
)


def _text(*flowables: object) -> str:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(list(flowables))
    return " ".join(page.extract_text() for page in PdfReader(out).pages)


def test_bars_carry_their_categories_and_figures() -> None:
    text = _text(bar_chart(WEEKS, 400, 160))
    for expected in ("w/c 2 Nov", "w/c 9 Nov", "3", "17"):
        assert expected in text


def test_stacked_bars_print_each_total_and_a_legend_of_the_series() -> None:
    drawing = bar_chart(FIRST_NIGHT, 400, 180)
    text = _text(drawing)
    assert "13" in text and "14" in text  # the stacks' totals
    for name in ("Settled", "Rough sleeping", "Unknown"):
        assert name in text


def test_one_series_has_no_legend() -> None:
    assert "Releases" not in _text(bar_chart(WEEKS, 400, 160))


def test_the_value_axis_reaches_past_the_tallest_stack() -> None:
    chart = bar_chart(FIRST_NIGHT, 400, 180).contents[0]
    assert chart.valueAxis.valueMax >= 14
    assert chart.categoryAxis.style == "stacked"


def test_a_trend_with_gaps_draws_its_measured_months_only() -> None:
    trend = TrendData("MI014", ("Sep", "Oct", "Nov", "Dec"), (80.0, None, 84.0, 85.0))
    plot = trend_line(trend, 160, 50).contents[0]
    assert plot.data == [[(0.0, 80.0)], [(2.0, 84.0), (3.0, 85.0)]]
    assert "100%" in _text(trend_line(trend, 160, 50))


def test_a_trend_with_nobody_measured_still_draws() -> None:
    empty = TrendData("MI014", ("Nov", "Dec"), (None, None))
    assert "0%" in _text(trend_line(empty, 160, 50))


def test_labels_too_wide_for_their_bars_are_slanted_not_run_together() -> None:
    """17 weeks' "w/c 14 Dec" ran into each other on the report (a look at the pages)."""
    from reportlab.graphics.charts.barcharts import VerticalBarChart

    many = BarChartData(
        "Releases by week",
        tuple(f"w/c {n + 1} Dec" for n in range(17)),
        (BarSeries("Releases", tuple(range(17))),),
    )

    def labels_angle(data: BarChartData) -> float:
        (chart,) = [
            c for c in bar_chart(data, 480, 200).contents if isinstance(c, VerticalBarChart)
        ]
        return float(chart.categoryAxis.labels.angle)

    assert labels_angle(many) == 30
    assert labels_angle(WEEKS) == 0
