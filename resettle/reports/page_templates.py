"""Shared page furniture: header, footer, protective marking and "Page X of Y".

Pages are drawn once by Platypus; `NumberedCanvas` holds each finished page back until the
document ends, then draws the furniture with the page count known (the pretix invoice pattern).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from io import BytesIO
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from resettle.asset_paths import asset_path
from resettle.reports.bidi_text import visual
from resettle.reports.draft_marks import banner_height, draw_banner, draw_watermark
from resettle.reports.fonts import BOLD, REGULAR, register_fonts
from resettle.reports.pdf_metadata import AUTHOR, DocumentMetadata, attach_xmp
from resettle.reports.styles import MARKING, MUTED, RULE

OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"
PERSONAL_COPY = "OFFICIAL - PERSONAL: your copy"
#: The logo (icon and wordmark) drawn at the top left of every page; its height in font sizes.
LOGO_FILE = ("logo", "resettle-logo.png")
LOGO_HEIGHT = 1.6
#: The widest "Page X of Y" a footer makes room for.
WIDEST_PAGE = "Page 999 of 999"


@dataclass(frozen=True)
class PageFurniture:
    marking: str  # protective marking, top and bottom of every page
    title: str  # header, left
    subject: str  # header, right (whose plan)
    footer_note: str  # footer, left: plan version and print time
    font_size: float = 8.0
    margin_x: float = 18 * mm
    #: Words in a box under the header of every page ("" for none): a draft says so.
    banner: str = ""
    #: A word drawn large and light across every page, behind the content ("" for none).
    watermark: str = ""

    @property
    def band(self) -> float:
        """Height kept at the top for the header (49.6pt for 8pt furniture; in proportion to
        the size, less the 8pt that does not need to grow with it)."""
        return max(17 * mm, self.font_size * 5.2 + 8)

    @property
    def footer_lines(self) -> int:
        """1 when the footer note and the widest page number fit side by side, else 2 (the
        page number on a line of its own under the note: large print)."""
        register_fonts()
        room = A4[0] - 2 * self.margin_x - stringWidth(WIDEST_PAGE, REGULAR, self.font_size)
        return 1 if stringWidth(self.footer_note, REGULAR, self.font_size) <= room - 12 else 2

    @property
    def foot_band(self) -> float:
        """Height kept at the bottom for the footer: a second line takes 1.25 sizes more."""
        return self.band + (self.footer_lines - 1) * self.font_size * 1.25 / 0.6

    @property
    def banner_size(self) -> float:
        """The banner's font size: half as large again as the header's."""
        return self.font_size * 1.5

    @property
    def top_band(self) -> float:
        """Height kept at the top: the header's band and the banner under it."""
        return self.band + (banner_height(self.banner_size) if self.banner else 0.0)


@lru_cache(maxsize=64)
def _fit(text: str, font: str, size: float, width: float) -> str:
    """`text`, or its longest beginning that fits `width` with "…" after it. The same text is
    fitted on every page (a report's scope can name every team: 1,000 pages of it), so the
    answer is kept, and the beginning is found by halving, not a character at a time."""
    if stringWidth(text, font, size) <= width:
        return text
    fits, longer = 0, len(text)  # text[:fits] + "…" fits (or fits is 0); text[:longer] does not
    while longer - fits > 1:
        middle = (fits + longer) // 2
        if stringWidth(text[:middle] + "…", font, size) <= width:
            fits = middle
        else:
            longer = middle
    return text[:fits] + "…"


class NumberedCanvas(Canvas):
    def __init__(
        self, *args: Any, furniture: PageFurniture, metadata: DocumentMetadata, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        attach_xmp(self, metadata)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_furniture(number, total)
            super().showPage()
        super().save()

    def _draw_furniture(self, number: int, total: int) -> None:
        f = self._furniture
        width, height = self._pagesize
        left, right = f.margin_x, width - f.margin_x
        size = f.font_size
        self.saveState()
        # Header: logo (left) and marking (centred), then title (left) and subject (right)
        # above a rule.
        top = height - f.band * 0.38
        # The logo is a picture, not text: in large print it keeps clear of the marking.
        marking_left = (width - stringWidth(f.marking, BOLD, size * 1.1)) / 2
        self._draw_logo(left, top - size * 0.35, size * LOGO_HEIGHT, marking_left - left - 8)
        self.setFillColor(MARKING)
        self.setFont(BOLD, size * 1.1)
        self.drawCentredString(width / 2, top, f.marking)
        line_y = height - f.band * 0.82
        self.setFillColor(MUTED)
        self.setFont(BOLD, size)
        self.drawString(left, line_y + size * 0.45, f.title)
        self.setFont(REGULAR, size)
        room = (right - left) - stringWidth(f.title, BOLD, size) - 12
        subject = _fit(visual(f.subject), REGULAR, size, room)
        self.drawRightString(right, line_y + size * 0.45, subject)
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        self.line(left, line_y, right, line_y)
        # Footer: rule, version note (left) and page number (right), marking centred below.
        foot_y = f.foot_band * 0.82
        self.line(left, foot_y, right, foot_y)
        page = f"Page {number} of {total}"
        self.setFont(REGULAR, size)
        page_y = foot_y - size * (1.4 + 1.25 * (f.footer_lines - 1))
        self.drawRightString(right, page_y, page)
        room = (right - left) - (
            stringWidth(page, REGULAR, size) + 12 if f.footer_lines == 1 else 0
        )
        self.drawString(left, foot_y - size * 1.4, _fit(f.footer_note, REGULAR, size, room))
        self.setFillColor(MARKING)
        self.setFont(BOLD, size * 1.1)
        self.drawCentredString(width / 2, f.foot_band * 0.22, f.marking)
        self.restoreState()

    def _draw_logo(self, x: float, y: float, height: float, room: float) -> None:
        """The logo with its bottom left corner at (x, y), `height` high or less to be at most
        `room` wide; embedded once per document."""
        logo = _logo()
        image_width, image_height = logo.getSize()
        natural = height * image_width / image_height
        width = min(natural, max(room, natural / 2))
        height = width * image_height / image_width
        self.drawImage(logo, x, y, width=width, height=height, mask="auto")


@cache
def _logo() -> ImageReader:
    """Read and decoded once per process (about 1 ms per document to draw)."""
    return ImageReader(str(asset_path(*LOGO_FILE)))


def build_pdf(
    story: Sequence[Flowable],
    furniture: PageFurniture,
    *,
    title: str,
    subject: str,
    with_landscape: bool = False,
) -> bytes:
    """Lay out `story` on A4 pages with the shared furniture; returns the PDF bytes.

    The PDF says its language (en-GB), the viewer shows `title` in its title bar, and the
    title, author (Resettle) and `subject` (the kind of document, no personal data) are in
    both the info dictionary and an XMP metadata stream (`pdf_metadata`).

    With ``with_landscape`` the story may switch to landscape pages (template "landscape",
    for wide tables) and back ("portrait") with ``NextPageTemplate`` before a page break.
    """
    return _build(story, furniture, title=title, subject=subject, with_landscape=with_landscape)[0]


def build_balanced_pdf(
    make_story: Callable[[], Sequence[Flowable]],
    furniture: PageFurniture,
    *,
    title: str,
    subject: str,
    last_page_least: float,
) -> bytes:
    """`build_pdf` of portrait pages whose last page holds at least `last_page_least` points
    of the story, unless the document is one page: when the story first ends with a few lines
    on a page of their own, it is laid out again with the page before ending higher up, so
    that enough of it carries over to keep them company. A fresh story from `make_story` for
    each layout (Platypus uses a story up)."""
    pdf, blanks = _build(make_story(), furniture, title=title, subject=subject)
    used = body_height(furniture) - blanks[-1]
    if len(blanks) < 2 or used >= last_page_least:
        return pdf
    shorten = blanks[-2] + (last_page_least - used) + 1
    balanced, again = _build(
        make_story(), furniture, title=title, subject=subject, short=(len(blanks) - 1, shorten)
    )
    return balanced if len(again) == len(blanks) else pdf


def body_height(furniture: PageFurniture) -> float:
    """The height of a portrait page's body, between the header (and banner) and the footer."""
    return A4[1] - (furniture.top_band + 4 * mm) - (furniture.foot_band + 3 * mm)


def _build(
    story: Sequence[Flowable],
    furniture: PageFurniture,
    *,
    title: str,
    subject: str,
    with_landscape: bool = False,
    short: tuple[int, float] | None = None,
) -> tuple[bytes, list[float]]:
    """The PDF and the height left blank at the foot of each page. With ``short`` (a page
    number and a height), that portrait page's body ends that much higher up."""
    register_fonts()
    metadata = DocumentMetadata(title=title, subject=subject)
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=furniture.margin_x,
        rightMargin=furniture.margin_x,
        topMargin=furniture.top_band + 4 * mm,
        bottomMargin=furniture.foot_band + 3 * mm,
        title=title,
        author=AUTHOR,
        subject=subject,
        creator=AUTHOR,
        lang=metadata.language,
        displayDocTitle=True,
        initialFontName=REGULAR,
    )
    blanks: list[float] = []
    under = partial(_under_content, furniture=furniture)
    ended = partial(_page_ended, blanks=blanks, short=short)
    plan = PageTemplate(
        id="plan", frames=[_body_frame(doc, A4)], pagesize=A4, onPage=under, onPageEnd=ended
    )
    templates = [plan]
    if short is not None:
        shortened = PageTemplate(
            id="short",
            frames=[_body_frame(doc, A4, raise_by=short[1])],
            pagesize=A4,
            onPage=under,
            onPageEnd=ended,
            autoNextPageTemplate="plan",
        )
        templates = [shortened, plan] if short[0] == 1 else [plan, shortened]
    if with_landscape:
        for page_id, size in (("landscape", landscape(A4)), ("portrait", A4)):
            templates.append(
                PageTemplate(
                    id=page_id,
                    frames=[_body_frame(doc, size)],
                    pagesize=size,
                    onPage=under,
                    onPageEnd=ended,
                )
            )
    doc.addPageTemplates(templates)
    # Binary (Flate only) streams: ASCII85 on top makes files larger and costs ~10% of the time.
    previous_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        doc.build(
            list(story),
            canvasmaker=partial(NumberedCanvas, furniture=furniture, metadata=metadata),
        )
    finally:
        rl_config.useA85 = previous_a85
    return buffer.getvalue(), blanks


def _page_ended(
    _canvas: Canvas, doc: BaseDocTemplate, *, blanks: list[float], short: tuple[int, float] | None
) -> None:
    """Notes the blank height under the page's content; the page before the short one asks
    for the short one next."""
    blanks.append(doc.frame._y - doc.frame._y1)
    if short is not None and doc.page == short[0] - 1:
        doc.handle_nextPageTemplate("short")


def _under_content(canvas: Canvas, _doc: BaseDocTemplate, *, furniture: PageFurniture) -> None:
    """Drawn as each page begins, before its content: the watermark (under everything) and
    the banner (the page's first words)."""
    if furniture.watermark:
        draw_watermark(canvas, furniture.watermark)
    if furniture.banner:
        width, height = canvas._pagesize
        draw_banner(
            canvas,
            furniture.banner,
            top=height - furniture.band - 1 * mm,
            left=furniture.margin_x,
            right=width - furniture.margin_x,
            font_size=furniture.banner_size,
            smallest=furniture.font_size,
        )


def _body_frame(
    doc: BaseDocTemplate, pagesize: tuple[float, float], *, raise_by: float = 0.0
) -> Frame:
    width, height = pagesize
    return Frame(
        doc.leftMargin,
        doc.bottomMargin + raise_by,
        width - doc.leftMargin - doc.rightMargin,
        height - doc.topMargin - doc.bottomMargin - raise_by,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def content_width(furniture: PageFurniture, *, wide: bool = False) -> float:
    """The body's width on a portrait page (on a landscape one with ``wide``)."""
    return (landscape(A4) if wide else A4)[0] - 2 * furniture.margin_x
