"""A bar chart on screen (matplotlib's Qt canvas), with its table alternative and drill-down.

Drawn from :class:`domain.charts.BarChartData`, the same figures the PDF draws. Choosing a bar
(a click) or a cell of the table (Enter, or a double click) emits :attr:`BarChartView.drill`
with that bar's drill key, so the keyboard reaches every figure the mouse does. "Show as table"
swaps the chart for the table, which a screen reader reads cell by cell; the chart itself
carries the same figures as its accessible description.

matplotlib, not Qt Charts (deprecated since Qt 6.10). pyqtgraph was tried first: with
PySide6 6.12 a test run that made a few of its plots ended in "Fatal Python error:
bool_dealloc" at exit, an abort no test can tolerate.
"""

from __future__ import annotations

import html
import textwrap

from matplotlib.backend_bases import MouseEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator
from PySide6.QtCore import QCoreApplication, QPoint, Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.charts import BarChartData, TrendData

#: Okabe and Ito's colour-blind-safe palette, in the order series take it.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
BAR_SPAN = 0.8
#: Category labels wrap at this many characters; past CROWDED categories they stand upright.
LABEL_WIDTH = 12
CROWDED = 8
DRILL_ROLE = Qt.ItemDataRole.UserRole + 1
TEXT = "#222222"


def _tr(text: str) -> str:
    return QCoreApplication.translate("BarChartView", text)


class _Canvas(FigureCanvasQTAgg):
    """matplotlib's canvas, but the mouse wheel scrolls the page it sits in (a dashboard
    chart has nothing to zoom)."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()


def _canvas(height_inches: float) -> FigureCanvasQTAgg:
    figure = Figure(figsize=(6, height_inches), dpi=96, layout="constrained")
    canvas = _Canvas(figure)  # type: ignore[no-untyped-call]
    canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return canvas


class BarChartView(QWidget):
    """One chart: its title, the bars (or the table), and "Show as table"."""

    drill = Signal(str)

    def __init__(self, data: BarChartData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.title = QLabel(data.title)
        self.title.setWordWrap(True)
        self.toggle = QPushButton(_tr("Show as table"))
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._show_table)
        self.canvas = _canvas(2.4)
        self.canvas.setMinimumHeight(160)
        self.axes = self.canvas.figure.add_subplot()
        self.canvas.mpl_connect("button_press_event", self._clicked)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName(data.title)
        self.table.activated.connect(self._cell_chosen)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.canvas)
        self.stack.addWidget(self.table)
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.legend)
        self._bars: list[tuple[Rectangle, str | None]] = []
        self.show_data(data)

    def show_data(self, data: BarChartData) -> None:
        """Draw ``data`` (the dashboard's filters changed)."""
        self.data = data
        self.title.setText(data.title)
        self.canvas.setAccessibleName(data.title)
        self.canvas.setAccessibleDescription(data.describe())
        self._draw_bars()
        self._fill_table()

    def bar_count(self) -> int:
        return len(self._bars)

    def choose_bar(self, index: int) -> None:
        """Choose the bar ``index`` (in drawing order), as a click on it would."""
        key = self._bars[index][1]
        if key is not None:
            self.drill.emit(key)

    def bar_point(self, index: int) -> QPoint:
        """The middle of bar ``index`` on the canvas widget, in Qt's coordinates."""
        self.canvas.draw()  # type: ignore[no-untyped-call]
        bar = self._bars[index][0]
        middle = (bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2)
        x, y = self.axes.transData.transform(middle)
        ratio = self.canvas.device_pixel_ratio
        return QPoint(round(x / ratio), round(self.canvas.height() - y / ratio))

    def _draw_bars(self) -> None:
        axes, data = self.axes, self.data
        axes.clear()
        self._bars = []
        count = len(data.series) or 1
        width = BAR_SPAN if data.stacked else BAR_SPAN / count
        bottoms = [0] * len(data.categories)
        for number, series in enumerate(data.series):
            xs = [
                index if data.stacked else index - BAR_SPAN / 2 + width * (number + 0.5)
                for index in range(len(data.categories))
            ]
            container = axes.bar(
                xs,
                series.values,
                width,
                bottom=bottoms if data.stacked else None,
                color=PALETTE[number % len(PALETTE)],
                edgecolor="white",
                linewidth=0.8,
            )
            for index, bar in enumerate(container.patches):
                self._bars.append((bar, series.key_at(index)))
            if not data.stacked:
                axes.bar_label(container, color=TEXT, fontsize=8, padding=2)
            else:
                bottoms = [low + value for low, value in zip(bottoms, series.values, strict=True)]
        if data.stacked:
            for index, total in enumerate(bottoms):
                axes.annotate(
                    str(total), (index, total), ha="center", va="bottom", color=TEXT, fontsize=8
                )
        many = len(data.categories) > CROWDED
        axes.set_xticks(
            range(len(data.categories)),
            [textwrap.fill(category, LABEL_WIDTH) for category in data.categories],
            fontsize=7 if many else 8,
            color=TEXT,
            rotation=90 if many else 0,
        )
        axes.tick_params(axis="y", labelsize=8, colors=TEXT)
        axes.set_xlim(-0.6, max(len(data.categories) - 0.4, 0.4))
        axes.set_ylim(0, data.largest * 1.15)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        self.legend.setText(self._legend_text())
        self.legend.setVisible(len(data.series) > 1)
        self.canvas.draw_idle()  # type: ignore[no-untyped-call]

    def _legend_text(self) -> str:
        """The series' names beside their colours, under the chart (none for one series)."""
        if len(self.data.series) < 2:
            return ""
        return "&nbsp;&nbsp;&nbsp;".join(
            f'<span style="color:{PALETTE[number % len(PALETTE)]}">&#9632;</span>&nbsp;'
            f"{html.escape(series.name)}"
            for number, series in enumerate(self.data.series)
        )

    def _fill_table(self) -> None:
        data, table = self.data, self.table
        header = data.table_header()
        table.clear()
        table.setColumnCount(len(header) - 1)
        table.setRowCount(len(data.categories))
        table.setHorizontalHeaderLabels(list(header[1:]))
        table.setVerticalHeaderLabels(list(data.categories))
        for row in range(len(data.categories)):
            for column, series in enumerate(data.series):
                item = QTableWidgetItem(str(series.values[row]))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                key = series.key_at(row)
                item.setData(DRILL_ROLE, key)
                if key is not None:
                    item.setToolTip(_tr("Enter or double-click: open these people"))
                table.setItem(row, column, item)
        table.resizeColumnsToContents()

    def _show_table(self, as_table: bool) -> None:
        self.stack.setCurrentWidget(self.table if as_table else self.canvas)
        self.toggle.setText(_tr("Show as chart") if as_table else _tr("Show as table"))
        if as_table:
            self.table.setFocus()

    def _cell_chosen(self, _index: object) -> None:
        item = self.table.item(self.table.currentRow(), self.table.currentColumn())
        key = None if item is None else item.data(DRILL_ROLE)
        if key:
            self.drill.emit(str(key))

    def _clicked(self, event: MouseEvent) -> None:
        if event.inaxes is not self.axes:
            return
        for bar, key in self._bars:
            if bar.contains(event)[0]:
                if key is not None:
                    self.drill.emit(key)
                return


class TrendLineView(QWidget):
    """A small line of a measure over the last 12 months, with its figures as a description."""

    def __init__(self, data: TrendData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = _canvas(0.9)
        self.canvas.setFixedHeight(80)
        self.axes = self.canvas.figure.add_subplot()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas)
        self.show_data(data)

    def show_data(self, data: TrendData) -> None:
        self.data = data
        axes = self.axes
        axes.clear()
        xs = list(range(len(data.values)))
        ys = [float("nan") if value is None else value for value in data.values]
        axes.plot(xs, ys, color=PALETTE[0], linewidth=1.6, marker="o", markersize=3)
        axes.set_ylim(0, 100)
        axes.set_yticks([0, 50, 100], ["0%", "50%", "100%"], fontsize=7, color=TEXT)
        # The first, middle and last months, so the line reads against the calendar.
        marks = sorted({0, len(xs) // 2, len(xs) - 1}) if xs else []
        axes.set_xticks(marks, [data.labels[n] for n in marks], fontsize=7, color=TEXT)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        self.canvas.draw_idle()  # type: ignore[no-untyped-call]
        self.setAccessibleName(data.title)
        self.setAccessibleDescription(data.describe())
        self.setToolTip(data.describe())
