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
    #: Space around a table cell's text, in points.
    cell_pad: float
    #: A body paragraph introducing what follows it, kept with its start like a heading.
    lead: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    head_cell: ParagraphStyle
    callout: ParagraphStyle

    @property
    def gap(self) -> float:
        """Vertical space between blocks, in points."""
        return self.body_size * 0.9


@dataclass(frozen=True)
class TypeScale:
    """The sizes of a document's type, in points, and its spacing, in multiples of a size."""

    body: float
    cell: float  # table cells
    muted: float  # secondary lines ("Who does it: ...")
    title_ratio: float  # the title's size over the body's
    leading: float  # line height over font size, body and muted text
    cell_leading: float  # line height over font size in table cells
    space_after: float  # space after a body paragraph, over the body size
    cell_pad: float  # space around a table cell's text, over the body size
    #: Whether a paragraph may leave its last line alone at the head of the next page.
    widows: bool = True


#: Large print never sets a character below this size (RNIB's clear print guidance).
LARGE_PRINT_MIN = 16.0
#: The officer's copy and the reports: compact, for people who read them every day.
COMPACT = TypeScale(
    body=9.5,
    cell=8.5,
    muted=9.5 * 0.9,
    title_ratio=1.9,
    leading=1.3,
    cell_leading=1.25,
    space_after=0.35,
    cell_pad=0.3,
)
#: The person's copy: body at least 12pt, tables at least 11pt.
PERSON = TypeScale(
    body=12.0,
    cell=11.0,
    muted=12.0,
    title_ratio=1.75,
    leading=1.3,
    cell_leading=1.2,
    space_after=0.3,
    cell_pad=0.22,
    widows=False,
)
#: The person's copy in large print: 16pt everywhere, lines and paragraphs further apart.
PERSON_LARGE = TypeScale(
    body=LARGE_PRINT_MIN,
    cell=LARGE_PRINT_MIN,
    muted=LARGE_PRINT_MIN,
    title_ratio=1.75,
    leading=1.45,
    cell_leading=1.4,
    space_after=0.55,
    cell_pad=0.3,
    widows=False,
)


def person_styles(large_print: bool = False) -> Styles:
    """Styles for the person's copy of a plan, in normal or large print."""
    return make_styles(PERSON_LARGE if large_print else PERSON)


def make_styles(scale: TypeScale = COMPACT) -> Styles:
    """Styles for a document set in `scale` (the officer's and the reports' sizes unless told)."""
    register_fonts()
    size, cell, muted = scale.body, scale.cell, scale.muted

    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": REGULAR,
            "fontSize": size,
            "leading": size * scale.leading,
            "textColor": INK,
            "alignment": TA_LEFT,
            "allowWidows": int(scale.widows),
        }
        base.update(kw)
        return ParagraphStyle(name, **base)  # type: ignore[arg-type]

    title_size = size * scale.title_ratio
    cell_leading = cell * scale.cell_leading
    return Styles(
        body_size=size,
        cell_pad=size * scale.cell_pad,
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
        body=style("body", spaceAfter=size * scale.space_after),
        lead=style("lead", spaceAfter=size * scale.space_after),
        muted=style("muted", textColor=MUTED, fontSize=muted, leading=muted * scale.leading),
        cell=style("cell", fontSize=cell, leading=cell_leading),
        cell_bold=style("cell_bold", fontName=BOLD, fontSize=cell, leading=cell_leading),
        head_cell=style("head_cell", fontName=BOLD, fontSize=cell, leading=cell_leading),
        callout=style(
            "callout",
            fontSize=size * 1.05,
            leading=size * (scale.leading + 0.1),
            backColor=ZEBRA_FILL,
            borderPadding=(size * 0.5, size * 0.6),
            leftIndent=size * 0.6,
            rightIndent=size * 0.6,
            spaceBefore=size * 0.5,
            spaceAfter=size * 0.9,
        ),
    )
