"""The lines of text a PDF draws, with their font sizes and places, read back with pdfium.

A line is the characters drawn on one baseline (a table row's cells share one). Sizes are
the sizes the characters are drawn at (their font size in the text matrix), so a test sees
what a reader sees, whatever style the story asked for.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


@dataclass(frozen=True)
class Char:
    text: str
    x: float  # left of the character's origin, points from the page's left edge
    size: float


@dataclass(frozen=True)
class Line:
    page: int  # from 0
    y: float  # baseline, points from the page's foot
    chars: tuple[Char, ...]  # left to right

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars).strip()

    @property
    def squeezed(self) -> str:
        """The text without any white space (for finding words a line wrapped)."""
        return "".join(c.text for c in self.chars if not c.text.isspace())

    @property
    def smallest(self) -> float:
        return min(c.size for c in self.chars if not c.text.isspace())

    @property
    def largest(self) -> float:
        return max(c.size for c in self.chars if not c.text.isspace())


def pdf_lines(data: bytes) -> list[list[Line]]:
    """Each page's lines, top to bottom."""
    pages = []
    document = pdfium.PdfDocument(data)
    try:
        for number in range(len(document)):
            textpage = document[number].get_textpage()
            rows: dict[float, list[Char]] = {}
            for i in range(textpage.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(textpage.raw, i):
                    continue  # a space or line end pdfium made up, not drawn
                text = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
                if text in "\r\n\x00":
                    continue
                x, y = ctypes.c_double(), ctypes.c_double()
                pdfium_c.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
                size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i)
                rows.setdefault(round(y.value, 1), []).append(Char(text, x.value, size))
            pages.append(
                [
                    Line(number, y, tuple(sorted(chars, key=lambda c: c.x)))
                    for y, chars in sorted(rows.items(), reverse=True)
                    if any(not c.text.isspace() for c in chars)
                ]
            )
    finally:
        document.close()
    return pages


def columns_of(header: Line, labels: Sequence[str]) -> list[float]:
    """Where each column of a table starts, from its header row `header` (labels in order)."""
    glyphs = [c for c in header.chars if not c.text.isspace()]
    squeezed = "".join(c.text for c in glyphs)
    starts, at = [], 0
    for label in labels:
        at = squeezed.index(label.replace(" ", ""), at)
        starts.append(glyphs[at].x)
        at += 1
    return starts


def column_text(line: Line, starts: Sequence[float], column: int) -> str:
    """The squeezed text of `line` in `column` (columns starting at `starts`)."""
    left = starts[column] - 1
    right = starts[column + 1] - 1 if column + 1 < len(starts) else float("inf")
    return "".join(c.text for c in line.chars if left <= c.x < right and not c.text.isspace())
