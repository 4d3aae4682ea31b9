"""The preview's pages: rendered page images one under another on a grey desk, zoomable.

Images arrive at ``PREVIEW_DPI``; 100% shows a page at its printed size on a 96 dpi screen.
"Fit width" follows the window as it is resized.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

#: Pages are rendered once at this resolution and scaled for the zoom chosen.
PREVIEW_DPI = 144
SCREEN_DPI = 96
ZOOMS = (50, 75, 100, 125, 150, 200)
FIT_WIDTH = 0


class PreviewPages(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: list[QImage] = []
        self.zoom = FIT_WIDTH
        desk = QWidget()
        desk.setObjectName("previewDesk")
        desk.setStyleSheet("#previewDesk { background: #8a8886; }")
        self._layout = QVBoxLayout(desk)
        self._layout.setSpacing(16)
        self._layout.setContentsMargins(20, 20, 20, 20)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.message = QLabel(self.tr("Preparing the preview…"))
        self.message.setStyleSheet("color: white;")
        self.message.setWordWrap(True)
        self._layout.addWidget(self.message)
        self.setWidget(desk)
        self.setWidgetResizable(True)
        self.setAccessibleName(self.tr("Pages"))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._rescale = QTimer(self)
        self._rescale.setSingleShot(True)
        self._rescale.setInterval(60)
        self._rescale.timeout.connect(self._show)

    def set_images(self, images: list[QImage]) -> None:
        self.images = images
        self._show()

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    def set_zoom(self, zoom: int) -> None:
        self.zoom = zoom
        self._show()

    def zoom_percent(self) -> int:
        """The zoom shown, as a percentage (for "Fit width" too)."""
        if self.zoom != FIT_WIDTH or not self.images:
            return self.zoom or 100
        image = self.images[0]
        return round(self._width(image) / (image.width() * SCREEN_DPI / PREVIEW_DPI) * 100)

    def page_labels(self) -> list[QLabel]:
        found = []
        for i in range(self._layout.count()):
            item = self._layout.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel) and widget is not self.message:
                found.append(widget)
        return found

    def _width(self, image: QImage) -> int:
        if self.zoom == FIT_WIDTH:
            available = self.viewport().width() - 44
            return max(min(available, image.width() * 2), 200)
        return int(image.width() * SCREEN_DPI / PREVIEW_DPI * self.zoom / 100)

    def _show(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.message:
                widget.deleteLater()
        self.message.setVisible(not self.images)
        if not self.images:
            self._layout.addWidget(self.message)
            return
        ratio = self.devicePixelRatioF()
        for number, image in enumerate(self.images, start=1):
            scaled = image.scaledToWidth(
                max(int(self._width(image) * ratio), 1), Qt.TransformationMode.SmoothTransformation
            )
            pixmap = QPixmap.fromImage(scaled)
            pixmap.setDevicePixelRatio(ratio)
            page = QLabel()
            page.setPixmap(pixmap)
            page.setAccessibleName(self.tr("Page %1").replace("%1", str(number)))
            page.setStyleSheet("background: white; border: 1px solid #605e5c;")
            self._layout.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.zoom == FIT_WIDTH and self.images:
            self._rescale.start()
