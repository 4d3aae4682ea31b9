"""Getting a plan PDF onto a printer (page images, one per sheet).

It runs off the UI thread: Qt allows painting on a ``QPrinter`` from a worker thread. Saving a
PDF file is the printing service's (``plan_pdf`` with a ``target``), through the one safe
writer (``resettle/private_files.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrinter

from resettle.ui.plan.pdf_pages import iter_pages, page_count

#: Pages are rasterised at the printer's resolution, but no finer than this (memory, speed).
MAX_PRINT_DPI = 300


class PrintFailed(Exception):
    """The printer could not be started (no printer, file not writable...)."""


def print_pdf(
    pdf: bytes,
    printer: QPrinter,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Paint the PDF's pages onto ``printer`` (honouring a chosen page range); returns pages
    printed. Each page is scaled to fit the paper, keeping its shape."""
    total = page_count(pdf)
    first = printer.fromPage() or 1
    last = printer.toPage() or total
    wanted = range(max(first, 1), min(last, total) + 1)
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    printer.setFullPage(True)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed("The printer could not be started.")
    printed = 0
    try:
        for number, image in enumerate(iter_pages(pdf, dpi, cancelled), start=1):
            if number not in wanted:
                continue
            if printed:
                printer.newPage()
            paper = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            size = QSizeF(image.size()).scaled(paper.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(
                paper.left() + (paper.width() - size.width()) / 2,
                paper.top() + (paper.height() - size.height()) / 2,
                size.width(),
                size.height(),
            )
            painter.drawImage(target, image)
            printed += 1
            if progress is not None:
                progress(printed, len(wanted))
            if number >= wanted.stop - 1:
                break
    finally:
        painter.end()
    return printed
