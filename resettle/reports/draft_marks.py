"""What marks a plan that is not agreed yet on every page: a large, light, diagonal DRAFT
behind the content, and a banner under the header saying so in words.

Both are drawn when a page begins (the page template's ``onPage``), before its content, so the
content is drawn over the watermark and the banner is the first text of the page.

The watermark is drawn as the letters' outlines (read from the embedded TrueType font with
fontTools), not as text: it is never selected, copied, searched, read aloud or extracted in
the middle of the page's words. It is also enclosed in a marked-content sequence tagged
``/Artifact`` with subtype ``/Watermark`` (ISO 32000-1 14.8.2.2; PDF/UA requires page
decoration to be an artifact), so a tagging tool or a screen reader treats it as decoration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import FILL_NON_ZERO, Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

from resettle.reports.fonts import BOLD, font_dir

#: The watermark's word; the banner's words are the document's own (``labels.NOT_AGREED_YET``).
WATERMARK = "DRAFT"
#: Light enough that dark text drawn over it keeps its contrast (the page is white, the text
#: near black), dark enough to be seen at a glance on screen and on paper.
WATERMARK_FILL = colors.HexColor("#e4e4e4")
#: The watermark's width across the page's diagonal, as a share of the diagonal.
WATERMARK_SPAN = 0.72
#: The marked-content tag the watermark's drawing is enclosed in.
ARTIFACT_BEGIN = "/Artifact <</Type /Pagination /Subtype /Watermark>> BDC"
ARTIFACT_END = "EMC"

BANNER_INK = colors.HexColor("#942514")  # the protective marking's red
BANNER_FILL = colors.HexColor("#fbeeec")
#: The banner's height, in multiples of its font size: one line of capitals and padding of
#: about half a size above and below them (2.2 with the gap below cost a 20-action draft of the
#: person's copy a fourth page: it is on every page).
BANNER_LINES = 1.8
#: The gap under the banner, in multiples of its font size (the page's body keeps its own
#: margin of 4mm below that, as under the header).
BANNER_GAP = 0.3

_BOLD_FILE = "DejaVuSans-Bold.ttf"  # the file behind fonts.BOLD


@dataclass(frozen=True)
class Outline:
    """A word's outline in font units: (operator, points) in drawing order."""

    commands: tuple[tuple[str, tuple[tuple[float, float], ...]], ...]
    advance: float  # the word's width
    units_per_em: int


class _OutlinePen(BasePen):
    """Collects a glyph's contours; quadratic curves become cubic ones (what PDF draws)."""

    def __init__(self, glyph_set: object, dx: float) -> None:
        super().__init__(glyph_set)  # type: ignore[arg-type]
        self.dx = dx
        self.commands: list[tuple[str, tuple[tuple[float, float], ...]]] = []

    def _at(self, point: tuple[float, float]) -> tuple[float, float]:
        return (point[0] + self.dx, point[1])

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.commands.append(("move", (self._at(pt),)))

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.commands.append(("line", (self._at(pt),)))

    def _curveToOne(
        self, pt1: tuple[float, float], pt2: tuple[float, float], pt3: tuple[float, float]
    ) -> None:
        self.commands.append(("curve", (self._at(pt1), self._at(pt2), self._at(pt3))))

    def _closePath(self) -> None:
        self.commands.append(("close", ()))


@cache
def word_outline(word: str = WATERMARK) -> Outline:
    """The outline of `word` in the bold font, glyphs side by side (no kerning: capitals)."""
    font = TTFont(str(font_dir() / _BOLD_FILE), lazy=True)
    glyph_set = font.getGlyphSet()
    cmap = font.getBestCmap()
    commands: list[tuple[str, tuple[tuple[float, float], ...]]] = []
    x = 0.0
    for char in word:
        name = cmap[ord(char)]
        pen = _OutlinePen(glyph_set, x)
        glyph_set[name].draw(pen)
        commands += pen.commands
        x += glyph_set[name].width
    return Outline(tuple(commands), x, int(font["head"].unitsPerEm))


def _path(canvas: Canvas, outline: Outline, scale: float) -> PDFPathObject:
    path = canvas.beginPath()
    for op, points in outline.commands:
        p = [(x * scale, y * scale) for x, y in points]
        if op == "move":
            path.moveTo(*p[0])
        elif op == "line":
            path.lineTo(*p[0])
        elif op == "curve":
            path.curveTo(p[0][0], p[0][1], p[1][0], p[1][1], p[2][0], p[2][1])
        else:
            path.close()
    return path


def draw_watermark(canvas: Canvas, word: str = WATERMARK) -> None:
    """`word`, large and light, corner to corner across the page (bottom left to top right),
    as an artifact of outlines: no text. The outlines are a form drawn once per document and
    page size, which each page shows (a 200-action draft does not carry 40 copies of them)."""
    width, height = canvas._pagesize
    name = f"ResettleWatermark{word}{round(width)}x{round(height)}"
    if not canvas.hasForm(name):
        canvas.beginForm(name)
        _draw_outlines(canvas, word, width, height)
        canvas.endForm()
    canvas.saveState()
    canvas.addLiteral(ARTIFACT_BEGIN)
    canvas.doForm(name)
    canvas.addLiteral(ARTIFACT_END)
    canvas.restoreState()


def _draw_outlines(canvas: Canvas, word: str, width: float, height: float) -> None:
    outline = word_outline(word)
    diagonal = math.hypot(width, height)
    scale = diagonal * WATERMARK_SPAN / outline.advance
    cap_height = 0.73 * outline.units_per_em * scale  # DejaVu's capitals: 0.73 em
    canvas.saveState()
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    canvas.translate(-outline.advance * scale / 2, -cap_height / 2)
    canvas.setFillColor(WATERMARK_FILL)
    path = _path(canvas, outline, scale)
    canvas.drawPath(path, stroke=0, fill=1, fillMode=FILL_NON_ZERO)
    canvas.restoreState()


def banner_height(font_size: float) -> float:
    """The room a banner in `font_size` takes below the header, its gap included."""
    return font_size * (BANNER_LINES + BANNER_GAP)


def draw_banner(
    canvas: Canvas,
    text: str,
    *,
    top: float,
    left: float,
    right: float,
    font_size: float,
    smallest: float = 6.0,
) -> None:
    """A box from `left` to `right` whose top is at `top`, `text` bold and centred in it (made
    smaller to fit, down to `smallest`: large print never goes under 16pt)."""
    box = font_size * BANNER_LINES
    canvas.saveState()
    canvas.setFillColor(BANNER_FILL)
    canvas.setStrokeColor(BANNER_INK)
    canvas.setLineWidth(max(1.0, font_size / 8))
    canvas.rect(left, top - box, right - left, box, stroke=1, fill=1)
    canvas.setFillColor(BANNER_INK)
    baseline = top - box / 2 - font_size * 0.35
    size = font_size
    while stringWidth(text, BOLD, size) > (right - left) - font_size and size - 0.5 >= smallest:
        size -= 0.5  # a narrow page: the words stay whole, smaller
    canvas.setFont(BOLD, size)
    canvas.drawCentredString((left + right) / 2, baseline, text)
    canvas.restoreState()
