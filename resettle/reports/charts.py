"""Charts in a PDF, drawn with ReportLab's graphics from the figures the screen draws
(``domain/charts.py``): a bar chart (stacked or side by side) and a small trend line.

Each drawing is a flowable. The figures are printed on the chart itself (above each bar or
stack), and the reports put the same figures in a table next to it, so the page reads
without colour and a screen reader reading the PDF's text gets every number.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from resettle.domain.charts import BarChartData, TrendData
from resettle.reports.fonts import REGULAR, register_fonts
from resettle.reports.styles import INK, RULE

#: The on-screen palette (Okabe and Ito, colour-blind safe), in the same order.
PALETTE = tuple(
    colors.HexColor(code)
    for code in ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442")
)
LABEL_SIZE = 7
LEGEND_ROW = 11


def bar_chart(data: BarChartData, width: float, height: float) -> Drawing:
    """``data`` as bars in a ``width`` by ``height`` drawing (points), the legend under it."""
    register_fonts()
    legend_height = LEGEND_ROW * _legend_rows(data, width) if len(data.series) > 1 else 0
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    plot_width = width - 36
    # Labels wider than their bar's slot (17 weeks' "w/c 14 Dec") are slanted, the plot
    # raised to make room, so none runs into the next.
    widest = max((stringWidth(c, REGULAR, LABEL_SIZE) for c in data.categories), default=0)
    slanted = widest > plot_width / max(len(data.categories), 1) * 0.9
    below = widest * 0.5 + 4 if slanted else 0
    chart.x, chart.y = 28, 18 + legend_height + below
    chart.width, chart.height = plot_width, height - 30 - legend_height - below
    chart.data = [list(series.values) for series in data.series] or [[0] * len(data.categories)]
    chart.categoryAxis.categoryNames = list(data.categories)
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.strokeColor = RULE
    if slanted:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
        chart.categoryAxis.labels.dy = -2
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = data.largest * 1.15
    chart.valueAxis.valueStep = _step(data.largest)
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.strokeColor = RULE
    chart.barSpacing = 1
    chart.groupSpacing = max(2.0, chart.width / max(len(data.categories), 1) * 0.2)
    for number in range(len(data.series)):
        chart.bars[number].fillColor = PALETTE[number % len(PALETTE)]
        chart.bars[number].strokeColor = colors.white
        chart.bars[number].strokeWidth = 0.5
    if data.stacked:
        chart.categoryAxis.style = "stacked"
    chart.barLabelFormat = None if data.stacked else "%d"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabels.nudge = 6
    drawing.add(chart)
    if data.stacked:
        _stack_totals(drawing, chart, data)
    if len(data.series) > 1:
        drawing.add(_legend(data, width, legend_height))
    return drawing


def _stack_totals(drawing: Drawing, chart: VerticalBarChart, data: BarChartData) -> None:
    """Each stack's total above it (the segments' own figures are in the table beside)."""
    step = chart.width / max(len(data.categories), 1)
    scale = chart.height / (data.largest * 1.15)
    for index in range(len(data.categories)):
        total = sum(series.values[index] for series in data.series)
        drawing.add(
            String(
                chart.x + step * (index + 0.5),
                chart.y + total * scale + 2,
                str(total),
                fontName=REGULAR,
                fontSize=LABEL_SIZE,
                fillColor=INK,
                textAnchor="middle",
            )
        )


def _legend_rows(data: BarChartData, width: float) -> int:
    per_row = max(int(width // 110), 1)
    return -(-len(data.series) // per_row)


def _legend(data: BarChartData, width: float, height: float) -> Legend:
    legend = Legend()
    legend.x, legend.y = 28, height - 2
    legend.alignment = "right"
    legend.fontName = REGULAR
    legend.fontSize = LABEL_SIZE
    legend.boxAnchor = "nw"
    legend.columnMaximum = _legend_rows(data, width)
    legend.deltax = 110
    legend.deltay = LEGEND_ROW
    legend.dx = legend.dy = 6
    legend.colorNamePairs = [
        (PALETTE[number % len(PALETTE)], series.name) for number, series in enumerate(data.series)
    ]
    return legend


def _step(largest: int) -> int:
    """A round value-axis step giving about five gridlines."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if largest / step <= 6:
            return step
    return max(largest // 5, 1)


def trend_line(data: TrendData, width: float, height: float) -> Drawing:
    """``data`` as a small line over 0 to 100 per cent; months with nobody measured are gaps."""
    register_fonts()
    drawing = Drawing(width, height)
    segments: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(data.values):
        if value is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append((float(index), value))
    plotted = [segment for segment in segments if segment]
    plot = LinePlot()
    plot.x, plot.y = 26, 6
    plot.width, plot.height = width - 30, height - 12
    plot.data = plotted or [[(0.0, 0.0)]]
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.valueMax = max(len(data.values) - 1, 1)
    plot.xValueAxis.visibleLabels = False
    plot.xValueAxis.visibleTicks = False
    plot.xValueAxis.strokeColor = RULE
    plot.yValueAxis.valueMin = 0
    plot.yValueAxis.valueMax = 100
    plot.yValueAxis.valueSteps = [0, 50, 100]
    plot.yValueAxis.labelTextFormat = "%d%%"
    plot.yValueAxis.labels.fontName = REGULAR
    plot.yValueAxis.labels.fontSize = 6
    plot.yValueAxis.strokeColor = RULE
    for number in range(len(plot.data)):
        plot.lines[number].strokeColor = PALETTE[0] if plotted else colors.white
        plot.lines[number].strokeWidth = 1.4
    drawing.add(plot)
    return drawing
