"""Paragraph and table styles for plan documents, in normal and large print."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from resettle.reports.fonts import BOLD, REGULAR, register_fonts

INK = colors.HexColor("#1b1b1b")
MUTED = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
HEADER_FILL = colors.HexColor("#dee0e2")
ZEBRA_FILL = colors.HexColor("#f3f2f1")
ACCENT = colors.HexColor("#1d70b8")
MARKING = colors.HexColor("#942514")


@dataclass(frozen=True)
class Styles:
    body_size: float
    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    head_cell: ParagraphStyle
    callout: ParagraphStyle

    @property
    def gap(self) -> float:
        """Vertical space between blocks, in points."""
        return self.body_size * 0.9


def make_styles(large_print: bool = False) -> Styles:
    """Styles for a document; large print has a 16pt body and bigger headings."""
    register_fonts()
    size = 16.0 if large_print else 9.5
    cell = size if large_print else 8.5
    muted = size if large_print else size * 0.9  # large print never goes below 16pt

    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": REGULAR,
            "fontSize": size,
            "leading": size * 1.3,
            "textColor": INK,
            "alignment": TA_LEFT,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)  # type: ignore[arg-type]

    title_size = size * (1.75 if large_print else 1.9)
    return Styles(
        body_size=size,
        title=style(
            "title",
            fontName=BOLD,
            fontSize=title_size,
            leading=title_size * 1.2,
            spaceAfter=size * 0.6,
        ),
        h1=style(
            "h1",
            fontName=BOLD,
            fontSize=size * 1.4,
            leading=size * 1.75,
            spaceBefore=size * 1.1,
            spaceAfter=size * 0.45,
            textColor=ACCENT,
        ),
        h2=style(
            "h2",
            fontName=BOLD,
            fontSize=size * 1.12,
            leading=size * 1.45,
            spaceBefore=size * 0.7,
            spaceAfter=size * 0.3,
        ),
        body=style("body", spaceAfter=size * 0.35),
        muted=style("muted", textColor=MUTED, fontSize=muted, leading=muted * 1.3),
        cell=style("cell", fontSize=cell, leading=cell * 1.25),
        cell_bold=style("cell_bold", fontName=BOLD, fontSize=cell, leading=cell * 1.25),
        head_cell=style("head_cell", fontName=BOLD, fontSize=cell, leading=cell * 1.25),
        callout=style(
            "callout",
            fontSize=size * 1.05,
            leading=size * 1.4,
            backColor=ZEBRA_FILL,
            borderPadding=(size * 0.5, size * 0.6),
            leftIndent=size * 0.6,
            rightIndent=size * 0.6,
            spaceBefore=size * 0.5,
            spaceAfter=size * 0.9,
        ),
    )
