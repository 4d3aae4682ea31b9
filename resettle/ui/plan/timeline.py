"""The plan as a timeline: the weeks around release day, one lane per pathway, a marker per
action on its due date (several on one day share a numbered marker).

Six weeks either side of release day are always shown; the range widens to take in actions up
to six months away, and anything further off is counted at the edge. Clicking a marker selects
its action in the table; double-clicking opens it. The table stays the accessible way in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from resettle.domain import clock
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionStatus
from resettle.ui.common.labels import date_text
from resettle.ui.plan.actions_model import PlanActionsModel
from resettle.ui.plan.labels import (
    action_due_text,
    owner_text,
    pathway_colour,
    pathway_text,
    status_text,
)
from resettle.ui.plan.timeline_layout import (
    STATUS_ORDER,
    WEEK,
    Group,
    date_range,
    groups,
    outside,
    stack,
)
from resettle.ui.plan.timeline_marker import LEGEND_COLOUR, RADIUS, paint_marker

LANE_HEIGHT = 34
LANE_MOST = 60
STACK_STEP = 20
AXIS_HEIGHT = 54
FOOTER_HEIGHT = 44
RELEASE_COLOUR = QColor("#a4262c")


@dataclass(frozen=True)
class Marker:
    group: Group
    centre: QPointF

    @property
    def rows(self) -> tuple[int, ...]:
        return self.group.rows

    @property
    def status(self) -> ActionStatus:
        return self.group.status


class PlanTimeline(QWidget):
    #: A marker was clicked: the first action (model row) it stands for.
    action_clicked = Signal(int)
    #: A marker was double-clicked.
    action_activated = Signal(int)

    def __init__(
        self,
        model: PlanActionsModel,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = clock.today,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.today = today
        self.selected_row: int | None = None
        self._markers: list[Marker] = []
        self._lanes: list[tuple[float, float]] = []  # (top, height) per pathway
        self._shown: tuple[dt.date, dt.date] | None = None
        self.setAccessibleName(self.tr("Plan timeline"))
        self.setMouseTracking(True)
        self.setMinimumWidth(640)
        for signal in (
            model.modelReset,
            model.dataChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.rowsMoved,
        ):
            signal.connect(self.relayout)
        self.relayout()

    def sizeHint(self) -> QSize:
        return QSize(900, self.minimumHeight())

    def set_selected_row(self, row: int | None) -> None:
        self.selected_row = row
        self.update()

    # --- layout --------------------------------------------------------------------------
    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """First and last day shown, or None without a release date."""
        return self._shown

    def markers(self) -> list[Marker]:
        """Every marker with its centre (for painting, clicks and tests)."""
        return list(self._markers)

    def _label_width(self) -> int:
        widest = max(self.fontMetrics().horizontalAdvance(pathway_text(p)) for p in Pathway)
        return min(widest + 28, max(160, self.width() // 4))

    def _plot_left_right(self) -> tuple[float, float]:
        left = float(self._label_width())
        return left, max(self.width() - 24.0, left + 100)

    def _x(self, on: dt.date, left: float, right: float) -> float:
        assert self._shown is not None
        start, end = self._shown
        span = max((end - start).days, 1)
        return left + (on - start).days / span * (right - left)

    def relayout(self) -> None:
        """Place lanes and markers for the current actions and width."""
        actions = self.model.actions()
        release = self.model.release_date
        self._shown = date_range(actions, release) if release is not None else None
        self._markers, self._lanes = [], []
        if self._shown is None or release is None:
            self.setMinimumHeight(AXIS_HEIGHT + LANE_HEIGHT * len(Pathway) + FOOTER_HEIGHT)
            self.update()
            return
        left, right = self._plot_left_right()
        found = groups(actions, release, *self._shown)
        by_lane: dict[Pathway, list[tuple[Group, float]]] = {p: [] for p in Pathway}
        for group in found:
            by_lane[group.pathway].append((group, self._x(group.on, left, right)))
        levels = {
            p: stack([x for _g, x in members], 2 * RADIUS + 3) for p, members in by_lane.items()
        }
        needed = {p: max(levels[p], default=0) + 1 for p in Pathway}
        heights = [max(LANE_HEIGHT, needed[p] * STACK_STEP + 14) for p in Pathway]
        minimum = AXIS_HEIGHT + sum(heights) + FOOTER_HEIGHT
        self.setMinimumHeight(int(minimum))
        spare = max(self.height() - minimum, 0) / len(Pathway)
        top = float(AXIS_HEIGHT)
        for lane, pathway in enumerate(Pathway):
            height = heights[lane] + min(spare, LANE_MOST - LANE_HEIGHT)
            self._lanes.append((top, height))
            block = needed[pathway] * STACK_STEP
            for (group, x), level in zip(by_lane[pathway], levels[pathway], strict=True):
                y = top + (height - block) / 2 + level * STACK_STEP + STACK_STEP / 2
                self._markers.append(Marker(group, QPointF(x, y)))
            top += height
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.relayout()

    def marker_at(self, point: QPointF) -> Marker | None:
        for marker in self._markers:
            offset = marker.centre - point
            if offset.x() ** 2 + offset.y() ** 2 <= (RADIUS + 3) ** 2:
                return marker
        return None

    def outside(self) -> tuple[int, int, int]:
        """Actions not drawn: (earlier than shown, later than shown, without a date)."""
        return outside(self.model.actions(), self.model.release_date, self._shown)

    # --- events --------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        marker = self.marker_at(event.position())
        if marker is not None and event.button() == Qt.MouseButton.LeftButton:
            self.set_selected_row(marker.rows[0])
            self.action_clicked.emit(marker.rows[0])
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        marker = self.marker_at(event.position())
        if marker is not None:
            self.action_activated.emit(marker.rows[0])
        super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hovering = self.marker_at(event.position()) is not None
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if hovering else Qt.CursorShape.ArrowCursor
        )
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            marker = self.marker_at(QPointF(event.pos()))
            if marker is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.tooltip(marker), self)
            return True
        return super().event(event)

    def tooltip(self, marker: Marker) -> str:
        lines = []
        for row in marker.rows:
            action = self.model.action_at(row)
            what = " ".join(action.what.split())
            what = what if len(what) <= 90 else what[:89] + "…"
            lines.append(
                self.tr("%1. %2 — %3, %4 (%5)")
                .replace("%1", str(row + 1))
                .replace("%2", what)
                .replace("%3", owner_text(action.owner))
                .replace("%4", action_due_text(action, self.model.release_date))
                .replace("%5", status_text(action.status))
            )
        return "\n".join(lines)

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        release = self.model.release_date
        if self._shown is None or release is None:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.rect().adjusted(40, 0, -40, 0),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.tr(
                    "No release date is recorded, so the plan cannot be laid out around it. "
                    "Record the release date on the person's profile."
                ),
            )
            return
        left, right = self._plot_left_right()
        bottom = self._lanes[-1][0] + self._lanes[-1][1]
        self._paint_lanes(painter, left)
        self._paint_weeks(painter, left, right, bottom, release)
        self._paint_day_line(painter, left, right, bottom, self.today(), today=True)
        self._paint_day_line(painter, left, right, bottom, release, today=False)
        for marker in self._markers:
            paint_marker(
                painter,
                marker.centre,
                pathway_colour(marker.group.pathway),
                marker.status,
                count=len(marker.rows),
                selected=self.selected_row in marker.rows,
            )
        self._paint_footer(painter, left, right, bottom)

    def _paint_lanes(self, painter: QPainter, left: float) -> None:
        palette = self.palette()
        metrics = self.fontMetrics()
        for i, (pathway, (top, height)) in enumerate(zip(Pathway, self._lanes, strict=True)):
            if i % 2:
                painter.fillRect(
                    QRectF(0, top, self.width(), height),
                    palette.color(QPalette.ColorRole.AlternateBase),
                )
            painter.fillRect(QRectF(6, top + 8, 4, height - 16), pathway_colour(pathway))
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            name = metrics.elidedText(
                pathway_text(pathway), Qt.TextElideMode.ElideRight, int(left) - 28
            )
            painter.drawText(
                QRectF(18, top, left - 22, height),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                name,
            )

    def _paint_weeks(
        self, painter: QPainter, left: float, right: float, bottom: float, release: dt.date
    ) -> None:
        assert self._shown is not None
        start, end = self._shown
        palette = self.palette()
        grid = QPen(palette.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DotLine)
        small = QFont(self.font())
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 7))
        painter.setFont(small)
        metrics = painter.fontMetrics()
        weeks = (end - start).days // 7
        step = 1
        while weeks / step * metrics.horizontalAdvance("88 Mmm") * 1.5 > right - left:
            step += 1
        for week in range(weeks + 1):
            on = start + week * WEEK
            x = self._x(on, left, right)
            painter.setPen(grid)
            painter.drawLine(QPointF(x, AXIS_HEIGHT), QPointF(x, bottom))
            offset = (on - release).days // 7
            if offset == 0 or offset % step:
                continue
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            relative = self.tr("%1 wk").replace("%1", f"{offset:+d}")
            for text, top in ((f"{on.day} {on:%b}", 8), (relative, 26)):
                width = metrics.horizontalAdvance(text)
                painter.drawText(
                    QRectF(x - width / 2 - 2, top, width + 4, 18),
                    Qt.AlignmentFlag.AlignCenter,
                    text,
                )
        painter.setFont(self.font())

    def _paint_day_line(
        self,
        painter: QPainter,
        left: float,
        right: float,
        bottom: float,
        on: dt.date,
        *,
        today: bool,
    ) -> None:
        assert self._shown is not None
        if not self._shown[0] <= on <= self._shown[1]:
            return
        x = self._x(on, left, right)
        if today:
            painter.setPen(
                QPen(self.palette().color(QPalette.ColorRole.Text), 1, Qt.PenStyle.DashLine)
            )
            painter.drawLine(QPointF(x, AXIS_HEIGHT), QPointF(x, bottom))
            text = self.tr("Today")
            width = painter.fontMetrics().horizontalAdvance(text) + 8
            painter.drawText(
                QRectF(x - width / 2, bottom + 2, width, 18), Qt.AlignmentFlag.AlignCenter, text
            )
            return
        painter.setPen(QPen(RELEASE_COLOUR, 2))
        painter.drawLine(QPointF(x, AXIS_HEIGHT - 6), QPointF(x, bottom))
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        text = self.tr("Release day\n%1").replace("%1", date_text(on))
        width = max(painter.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
        width += 12
        box_left = min(max(x - width / 2, left - 12), self.width() - width - 4)
        box = QRectF(box_left, 4, width, AXIS_HEIGHT - 14)
        painter.fillRect(box, self.palette().color(QPalette.ColorRole.Base))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.setFont(self.font())

    def _paint_footer(self, painter: QPainter, left: float, right: float, bottom: float) -> None:
        palette = self.palette()
        top = bottom + 22
        x = left
        for status in STATUS_ORDER:
            paint_marker(painter, QPointF(x + 8, top + 9), LEGEND_COLOUR, status)
            words = status_text(status)
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            width = painter.fontMetrics().horizontalAdvance(words)
            painter.drawText(
                QRectF(x + 20, top, width + 4, 18), Qt.AlignmentFlag.AlignVCenter, words
            )
            x += width + 44
        earlier, later, undated = self.outside()
        notes = []
        if earlier:
            notes.append(self.tr("%1 earlier, not shown").replace("%1", str(earlier)))
        if later:
            notes.append(self.tr("%1 later, not shown").replace("%1", str(later)))
        if undated:
            notes.append(self.tr("%1 without a date").replace("%1", str(undated)))
        if notes:
            text = " · ".join(notes)
            width = painter.fontMetrics().horizontalAdvance(text) + 4
            painter.drawText(
                QRectF(right - width, top, width, 18),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                text,
            )
