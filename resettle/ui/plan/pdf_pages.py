"""PDF pages as images (pypdfium2), for the preview and for printing.

Safe to call off the UI thread: it makes ``QImage`` objects only (never pixmaps or widgets).
PDFium is not thread-safe, so every call holds one lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pypdfium2 as pdfium
from PySide6.QtGui import QImage

POINTS_PER_INCH = 72
_lock = threading.Lock()


def page_count(pdf: bytes) -> int:
    with _lock:
        document = pdfium.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def _image(page: pdfium.PdfPage, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, rev_byteorder=True)
    try:
        # rev_byteorder gives RGB (3 channels) or RGBA (4), top row first.
        channels = bitmap.n_channels
        fmt = QImage.Format.Format_RGBA8888 if channels == 4 else QImage.Format.Format_RGB888
        image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride, fmt)
        return image.copy()  # own the pixels: the buffer goes with the bitmap
    finally:
        bitmap.close()


def iter_pages(
    pdf: bytes, dpi: float, cancelled: Callable[[], bool] | None = None
) -> Iterator[QImage]:
    """Each page at ``dpi``, one at a time (a long plan need not be held in memory at once)."""
    with _lock:
        document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            if cancelled is not None and cancelled():
                return
            with _lock:
                page = document[index]
                try:
                    image = _image(page, dpi)
                finally:
                    page.close()
            yield image
    finally:
        with _lock:
            document.close()


def render_pages(
    pdf: bytes,
    dpi: float,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[QImage]:
    """Every page at ``dpi``; ``progress(done, total)`` after each page."""
    total = page_count(pdf)
    pages: list[QImage] = []
    for image in iter_pages(pdf, dpi, cancelled):
        pages.append(image)
        if progress is not None:
            progress(len(pages), total)
    return pages
