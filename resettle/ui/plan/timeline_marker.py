"""Drawing one timeline marker: a circle in the pathway's colour whose fill shows the status
(full: to do; half: in progress; full with a tick: done; hollow grey: not needed), a number
when it stands for several actions, and a ring when its action is chosen."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication

from resettle.domain.plan import ActionStatus

RADIUS = 8
NOT_NEEDED_COLOUR = QColor("#8a8886")
LEGEND_COLOUR = QColor("#605e5c")


def paint_marker(
    painter: QPainter,
    centre: QPointF,
    colour: QColor,
    status: ActionStatus,
    *,
    count: int = 1,
    selected: bool = False,
) -> None:
    palette = QApplication.palette()
    painter.save()
    box = QRectF(centre.x() - RADIUS, centre.y() - RADIUS, 2 * RADIUS, 2 * RADIUS)
    if selected:
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, RADIUS + 4, RADIUS + 4)
    base = palette.color(QPalette.ColorRole.Base)
    if status is ActionStatus.NOT_NEEDED:
        painter.setPen(QPen(NOT_NEEDED_COLOUR, 2))
        painter.setBrush(base)
        painter.drawEllipse(centre, RADIUS - 1, RADIUS - 1)
    elif status is ActionStatus.IN_PROGRESS:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(base)
        painter.drawEllipse(box)
        painter.setBrush(colour)
        painter.drawPie(box, 90 * 16, 180 * 16)  # the left half: started, not finished
        painter.setPen(QPen(colour, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, RADIUS - 1, RADIUS - 1)
    else:
        painter.setPen(QPen(colour.darker(130), 1.5))
        painter.setBrush(colour)
        painter.drawEllipse(centre, RADIUS, RADIUS)
    if count > 1:
        font = QFont(painter.font())
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF() * 0.8, 7))
        painter.setFont(font)
        filled = status in (ActionStatus.TO_DO, ActionStatus.DONE)
        painter.setPen(QColor("white") if filled else palette.color(QPalette.ColorRole.Text))
        if status is ActionStatus.IN_PROGRESS:  # the number needs a plain background
            painter.setBrush(base)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawEllipse(centre, RADIUS - 3, RADIUS - 3)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(count))
    elif status is ActionStatus.DONE:
        painter.setPen(QPen(QColor("white"), 2))
        painter.drawPolyline(
            [
                QPointF(centre.x() - 4, centre.y()),
                QPointF(centre.x() - 1, centre.y() + 3),
                QPointF(centre.x() + 4, centre.y() - 3),
            ]
        )
    painter.restore()
