"""The on-screen bar chart: bars drawn from the figures, a click and the keyboard both open
the people behind a bar, and the table alternative holds the same figures."""

from __future__ import annotations

from PySide6.QtCore import Qt

from resettle.domain.charts import BarChartData, BarSeries, TrendData
from resettle.ui.common.bar_chart import BarChartView, TrendLineView

WEEKS = BarChartData(
    "Releases by week",
    ("w1", "w2", "w3"),
    (BarSeries("Releases", (3, 0, 5), ("week-1", None, "week-3")),),
)
STACKED = BarChartData(
    "First night",
    ("Oct", "Nov"),
    (
        BarSeries("Housed", (4, 6), ("h-oct", "h-nov")),
        BarSeries("Not housed", (2, 1), ("n-oct", "n-nov")),
    ),
    stacked=True,
)


def _chart(qtbot, data: BarChartData) -> BarChartView:  # type: ignore[no-untyped-def]
    view = BarChartView(data)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


def _click_bar(qtbot, view: BarChartView, index: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=view.bar_point(index))


def test_clicking_a_bar_opens_its_people(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _chart(qtbot, WEEKS)
    chosen: list[str] = []
    view.drill.connect(chosen.append)
    _click_bar(qtbot, view, 2)
    _click_bar(qtbot, view, 0)
    assert chosen == ["week-3", "week-1"]


def test_a_stacked_bar_is_chosen_by_its_own_segment(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _chart(qtbot, STACKED)
    chosen: list[str] = []
    view.drill.connect(chosen.append)
    assert view.bar_count() == 4
    for index in range(4):
        _click_bar(qtbot, view, index)
    assert chosen == ["h-oct", "h-nov", "n-oct", "n-nov"]
    assert view.legend.isVisible() and "Not housed" in view.legend.text()


def test_a_bar_with_nothing_behind_it_opens_nothing(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _chart(qtbot, WEEKS)
    chosen: list[str] = []
    view.drill.connect(chosen.append)
    view.choose_bar(1)
    assert chosen == []


def test_the_table_alternative_reaches_every_figure_from_the_keyboard(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _chart(qtbot, STACKED)
    chosen: list[str] = []
    view.drill.connect(chosen.append)
    qtbot.mouseClick(view.toggle, Qt.MouseButton.LeftButton)
    assert view.stack.currentWidget() is view.table
    assert view.toggle.text() == "Show as chart"
    table = view.table
    assert [table.item(r, c).text() for r in range(2) for c in range(2)] == ["4", "2", "6", "1"]
    assert table.horizontalHeaderItem(1).text() == "Not housed"
    assert table.verticalHeaderItem(1).text() == "Nov"
    table.setCurrentCell(1, 1)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert chosen == ["n-nov"]


def test_the_chart_describes_its_figures_to_a_screen_reader(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = _chart(qtbot, WEEKS)
    assert view.canvas.accessibleDescription() == WEEKS.describe()
    assert not view.legend.isVisible()
    view.show_data(STACKED)
    assert view.canvas.accessibleDescription() == STACKED.describe()
    assert view.title.text() == "First night"


def test_a_trend_line_carries_its_figures(qtbot) -> None:  # type: ignore[no-untyped-def]
    trend = TrendData("MI014", ("Oct", "Nov"), (80.0, None))
    view = TrendLineView(trend)
    qtbot.addWidget(view)
    assert view.accessibleDescription() == "MI014. Oct: 80.0%; Nov: no one measured."
