"""A draft is marked on every page of both copies, in both sizes (issue 17): a banner saying
"This plan is not agreed yet" and a large, light, diagonal DRAFT drawn behind the content as
outlines in an artifact, never as text. An agreed plan has neither."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.lib.rl_accel import fp_str
from reportlab.platypus import NextPageTemplate, PageBreak

from resettle.domain.plan import PlanState
from resettle.domain.plan_document import PlanDocument
from resettle.reports import render_officer_plan, render_person_plan, render_person_plan_html
from resettle.reports.draft_marks import (
    ARTIFACT_BEGIN,
    ARTIFACT_END,
    WATERMARK,
    WATERMARK_FILL,
    word_outline,
)
from resettle.reports.labels import NOT_AGREED_YET
from resettle.reports.officer_plan import TITLE as OFFICER_TITLE
from resettle.reports.page_templates import PageFurniture, build_pdf
from resettle.reports.person_plan import TITLE as PERSON_TITLE
from resettle.reports.samples import sample_plan_document
from resettle.reports.styles import make_styles
from resettle.reports.text import para

RENDERERS: dict[str, Callable[[PlanDocument], bytes]] = {
    "officer": render_officer_plan,
    "person": render_person_plan,
    "person large print": lambda doc: render_person_plan(doc, large_print=True),
}


def _draft(n_actions: int = 13) -> PlanDocument:
    doc = sample_plan_document(n_actions)
    return doc.model_copy(update={"state": PlanState.DRAFT, "agreed_by_person": False})


@pytest.fixture(scope="module")
def built() -> dict[tuple[str, str], bytes]:
    docs = {"draft": _draft(), "agreed": sample_plan_document()}
    return {
        (kind, state): render(docs[state]) for kind, render in RENDERERS.items() for state in docs
    }


def _pages(pdf: bytes) -> list[tuple[str, bytes]]:
    """Each page's extracted text and its content stream."""
    reader = PdfReader(io.BytesIO(pdf))
    return [(page.extract_text(), page.get_contents().get_data()) for page in reader.pages]


def _artifact(stream: bytes) -> bytes:
    """What lies between the watermark artifact's BDC and EMC in a page's stream."""
    start = stream.index(ARTIFACT_BEGIN.encode())
    return stream[start : stream.index(ARTIFACT_END.encode(), start)]


def _watermarks(pdf: bytes) -> list[bytes]:
    """Each page's watermark as drawn: the stream of the one form its artifact shows."""
    drawings = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        shown = re.findall(rb"/(\S+) Do", _artifact(page.get_contents().get_data()))
        assert len(shown) == 1, shown
        form = page["/Resources"]["/XObject"]["/" + shown[0].decode()]
        drawings.append(form.get_object().get_data())
    return drawings


def _fill() -> bytes:
    """The watermark's fill colour operator, as ReportLab writes it."""
    return f"{fp_str(*WATERMARK_FILL.rgb())} rg".encode()


@pytest.mark.parametrize("kind", RENDERERS)
def test_every_page_of_a_draft_opens_with_the_banner(
    kind: str, built: dict[tuple[str, str], bytes]
) -> None:
    pages = _pages(built[kind, "draft"])
    assert len(pages) >= 2
    for number, (text, _stream) in enumerate(pages, start=1):
        # The first words of the page as it is read (drawn before the content).
        assert text.lstrip().startswith(NOT_AGREED_YET), f"page {number}: {text[:80]!r}"
        assert text.count(NOT_AGREED_YET) == 1


@pytest.mark.parametrize("kind", RENDERERS)
def test_every_page_of_a_draft_has_the_watermark_behind_the_content(
    kind: str, built: dict[tuple[str, str], bytes]
) -> None:
    pages, drawings = _pages(built[kind, "draft"]), _watermarks(built[kind, "draft"])
    assert len(set(drawings)) == 1  # one drawing, shown on every page
    for number, ((text, stream), drawing) in enumerate(zip(pages, drawings, strict=True), 1):
        assert stream.count(ARTIFACT_BEGIN.encode()) == 1, f"page {number}"
        # Outlines filled in the light colour: curves and a fill, no text object in it.
        assert _fill() in drawing
        assert len(re.findall(rb" c\b", drawing)) >= 20
        assert re.search(rb"\sf\s", drawing)  # non-zero winding, as TrueType outlines are
        assert b"BT" not in drawing and b"Tj" not in drawing
        # Drawn first: before any text of the page, so the content lies over it.
        assert stream.index(ARTIFACT_BEGIN.encode()) < stream.index(b"BT")
        # Never text: no word "DRAFT" to select, search or read aloud (the footer's
        # "(draft)" and the banner are the words that say it).
        assert re.search(rf"\b{WATERMARK}\b", text) is None, f"page {number}"


@pytest.mark.parametrize("kind", RENDERERS)
def test_an_agreed_plan_has_neither(kind: str, built: dict[tuple[str, str], bytes]) -> None:
    for text, stream in _pages(built[kind, "agreed"]):
        assert NOT_AGREED_YET not in text
        assert ARTIFACT_BEGIN.encode() not in stream
        assert _fill() not in stream


def test_a_long_draft_is_marked_on_every_one_of_its_pages() -> None:
    pdf = render_person_plan(_draft(200), large_print=True)
    pages = _pages(pdf)
    assert len(pages) > 10
    assert all(text.lstrip().startswith(NOT_AGREED_YET) for text, _stream in pages)
    assert all(stream.count(ARTIFACT_BEGIN.encode()) == 1 for _text, stream in pages)
    assert len(_watermarks(pdf)) == len(pages)


@pytest.mark.parametrize("kind", RENDERERS)
def test_a_draft_says_the_same_about_itself_as_an_agreed_plan(
    kind: str, built: dict[tuple[str, str], bytes]
) -> None:
    """Title, subject, language and XMP are the document's, with no watermark word in them."""
    draft, agreed = (PdfReader(io.BytesIO(built[kind, s])) for s in ("draft", "agreed"))
    assert draft.metadata is not None and agreed.metadata is not None
    assert draft.metadata.title == agreed.metadata.title
    assert draft.metadata.subject == agreed.metadata.subject
    assert draft.trailer["/Root"]["/Lang"] == "en-GB"
    draft_xmp, agreed_xmp = draft.xmp_metadata, agreed.xmp_metadata
    assert draft_xmp is not None and agreed_xmp is not None
    assert draft_xmp.dc_title == agreed_xmp.dc_title
    assert draft_xmp.dc_description == agreed_xmp.dc_description


@pytest.mark.parametrize("kind", RENDERERS)
def test_the_banner_takes_room_of_its_own(kind: str, built: dict[tuple[str, str], bytes]) -> None:
    """The body starts lower on a draft's pages, so the banner covers nothing: the document's
    title (its first line) sits lower on the draft's first page than on the agreed plan's."""
    title = OFFICER_TITLE if kind == "officer" else PERSON_TITLE

    def title_top(pdf: bytes) -> float:
        textpage = pdfium.PdfDocument(pdf)[0].get_textpage()
        searcher = textpage.search(title)
        tops = []  # the header repeats the title, higher up and smaller
        while (found := searcher.get_next()) is not None:
            tops.append(textpage.get_charbox(found[0])[3])
        return float(min(tops))

    draft, agreed = title_top(built[kind, "draft"]), title_top(built[kind, "agreed"])
    assert draft < agreed - 20


def test_a_landscape_page_is_marked_too() -> None:
    """The watermark is laid across each page as it is, portrait or landscape."""
    furniture = PageFurniture(
        marking="OFFICIAL",
        title="T",
        subject="S",
        footer_note="n",
        banner=NOT_AGREED_YET,
        watermark=WATERMARK,
    )
    s = make_styles()
    story = [para("portrait", s.body), NextPageTemplate("landscape"), PageBreak()]
    story.append(para("landscape", s.body))
    pdf = build_pdf(story, furniture, title="T", subject="S", with_landscape=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages] == [
        False,
        True,
    ]
    for page in reader.pages:
        assert page.extract_text().lstrip().startswith(NOT_AGREED_YET)
    # Laid across each page's own diagonal: one drawing per page size.
    assert len(set(_watermarks(pdf))) == 2


def test_the_outline_is_the_fonts_letters() -> None:
    outline = word_outline(WATERMARK)
    moves = [op for op, _points in outline.commands if op == "move"]
    # D, R and A have a hole each: two contours; F and T one each.
    assert len(moves) == 8
    assert outline.advance > 4 * outline.units_per_em * 0.6


@pytest.mark.parametrize("kind", ["person", "person large print"])
def test_a_draft_never_says_the_person_agreed_it(kind: str) -> None:
    """A draft made from an agreed plan's document keeps its agreement fields (the samples did):
    the person's copy must still not say "You agreed this plan on"."""
    agreed = sample_plan_document()
    assert agreed.agreed_by_person and agreed.person_agreed_on is not None
    draft = agreed.model_copy(update={"state": PlanState.DRAFT})
    said = " ".join(" ".join(text.split()) for text, _stream in _pages(RENDERERS[kind](draft)))
    assert "You agreed this plan" not in said
    assert "You agreed this plan" in " ".join(
        " ".join(text.split()) for text, _stream in _pages(RENDERERS[kind](agreed))
    )
    html = render_person_plan_html(draft).decode("utf-8")
    assert "You agreed this plan" not in html
