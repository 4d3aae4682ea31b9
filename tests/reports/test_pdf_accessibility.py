"""Every PDF says its language, shows its title and carries XMP metadata (issue 17); right-to-left
names print in reading order, Arabic joined."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from resettle.domain.erasure import ErasedTable, ErasureReason, ErasureRecord
from resettle.domain.plan_document import PlanDocument
from resettle.reports import render_officer_plan, render_person_plan
from resettle.reports.bidi_text import KEEP_TOGETHER, NO_BREAK_SPACE, visual
from resettle.reports.erasure_certificate import render_erasure_certificate
from resettle.reports.page_templates import PageFurniture, build_pdf
from resettle.reports.samples import sample_plan_document
from resettle.reports.styles import make_styles
from resettle.reports.text import esc, para

ARABIC = "محمد علي"
HEBREW = "דוד כהן"
MIXED = "Ali (علي) Smith"
PACKAGE = Path(__file__).parents[2] / "resettle"


def _erasure_certificate() -> bytes:
    record = ErasureRecord(
        tombstone_id=3,
        person_id=9,
        erased_at=dt.datetime(2026, 12, 2, 9, 45, tzinfo=dt.UTC),
        authorised_by="Morgan Reyes",
        authorised_by_username="m.reyes",
        reason=ErasureReason.SUBJECT_REQUEST,
        tables=(ErasedTable(table="people", rows=1),),
    )
    return render_erasure_certificate(record)


def _plain_pdf() -> bytes:
    furniture = PageFurniture(marking="OFFICIAL", title="T", subject="S", footer_note="n")
    return build_pdf(
        [para("x", make_styles().body)], furniture, title="A title", subject="A subject"
    )


RENDERERS: dict[str, tuple[Callable[[], bytes], str]] = {
    "officer": (
        lambda: render_officer_plan(sample_plan_document()),
        "Through-the-gate resettlement plan (officer's copy)",
    ),
    "person": (lambda: render_person_plan(sample_plan_document()), "Your plan for leaving prison"),
    "large print": (
        lambda: render_person_plan(sample_plan_document(), large_print=True),
        "Your plan for leaving prison",
    ),
    "erasure certificate": (_erasure_certificate, "Erasure certificate"),
    "build_pdf": (_plain_pdf, "A title"),
}


@pytest.mark.parametrize("kind", RENDERERS)
def test_every_pdf_says_its_language_title_author_and_subject(kind: str) -> None:
    render, title = RENDERERS[kind]
    reader = PdfReader(io.BytesIO(render()))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712 (a PDF boolean)
    info = reader.metadata
    assert info is not None and info.title == title and info.author == "Resettle"
    assert info.subject
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": title}
    assert xmp.dc_creator == ["Resettle"]
    assert xmp.dc_description == {"x-default": info.subject}
    assert xmp.dc_language == ["en-GB"]


def test_the_metadata_escapes_its_text() -> None:
    furniture = PageFurniture(marking="OFFICIAL", title="T", subject="S", footer_note="n")
    data = build_pdf([], furniture, title='Plans <&> "quotes" & Zoë', subject="a < b")
    xmp = PdfReader(io.BytesIO(data)).xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": 'Plans <&> "quotes" & Zoë'}
    assert xmp.dc_description == {"x-default": "a < b"}


def test_every_pdf_is_built_by_build_pdf() -> None:
    """So none escapes the language and metadata: no other document template or canvas."""
    others = [
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if re.search(r"\b(SimpleDocTemplate|BaseDocTemplate|canvas\.Canvas)\b", path.read_text())
    ]
    assert others == ["reports/page_templates.py"]


# -- right to left ------------------------------------------------------------------------


def _drawn_lines(pdf: bytes, page: int = 0) -> list[str]:
    """The page's lines as drawn: each line's characters sorted left to right by position
    (pdfium reads Arabic presentation forms back as the plain letters)."""
    textpage = pdfium.PdfDocument(pdf)[page].get_textpage()
    lines: dict[int, list[tuple[float, str]]] = {}
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        if char.strip("\r\n") == "":
            continue
        left, bottom, _right, _top = textpage.get_charbox(i, loose=True)
        lines.setdefault(round(bottom), []).append((left, char.replace(NO_BREAK_SPACE, " ")))
    return ["".join(c for _x, c in sorted(chars)) for _y, chars in sorted(lines.items())]


def _drawn(pdf: bytes, text: str) -> bool:
    """`text` appears on one drawn line. pdfium mirrors a bracket beside right-to-left letters
    when it reads it back (the page shows "(علي)" as it should), so brackets are compared
    without their direction."""
    unsided = str.maketrans(")", "(")
    return any(text.translate(unsided) in line.translate(unsided) for line in _drawn_lines(pdf))


def _named(name: str) -> PlanDocument:
    doc = sample_plan_document()
    return doc.model_copy(update={"person": doc.person.model_copy(update={"name": name})})


#: Each name as it must be drawn, left to right, written out by hand.
DRAWN = {ARABIC: "يلع دمحم", HEBREW: "ןהכ דוד", MIXED: "Ali (يلع) Smith"}


@pytest.mark.parametrize("name", [ARABIC, HEBREW, MIXED])
@pytest.mark.parametrize("render", [render_officer_plan, render_person_plan])
def test_a_right_to_left_name_is_drawn_in_display_order(
    name: str, render: Callable[[PlanDocument], bytes]
) -> None:
    """The first letter of a right-to-left word rightmost, the first word right of the
    second; English around it keeps its order."""
    pdf = render(_named(name))
    assert _drawn(pdf, DRAWN[name]), _drawn_lines(pdf)[:12]
    assert not _drawn(pdf, name)  # reading order drawn left to right: what printed before


def test_a_right_to_left_name_in_the_page_header() -> None:
    """The header names the person on every page, drawn on the canvas, not in a Paragraph."""
    pdf = render_officer_plan(_named(HEBREW))
    assert _drawn(pdf, f"{DRAWN[HEBREW]} · A1234BC")


def test_arabic_letters_print_joined() -> None:
    """The presentation forms (initial, medial, final) are drawn, not the isolated letters."""
    text = PdfReader(io.BytesIO(render_officer_plan(_named(ARABIC)))).pages[0].extract_text()
    assert "\ufee3" in text  # meem, initial form: joined to the letter after it
    assert "\ufef2" in text  # yeh, final form


def test_left_to_right_text_is_left_alone() -> None:
    assert visual("Zoë O'Brien & Łukasz") == "Zoë O'Brien & Łukasz"
    assert esc("a <b> & c") == "a &lt;b&gt; &amp; c"


def test_each_line_is_reordered_on_its_own() -> None:
    assert esc(f"{HEBREW}\nLine two") == f"{visual(HEBREW)}<br/>Line two"
    assert visual(HEBREW) == "ןהכ" + NO_BREAK_SPACE + "דוד"


def test_a_short_right_to_left_run_does_not_break_across_lines() -> None:
    """A name split over two lines would read bottom line first."""
    style = make_styles().body
    paragraph = Paragraph(esc(f"Contact {ARABIC} today"), style)
    paragraph.wrap(style.fontSize * 9, 1000)
    lines = [" ".join(str(w) for w in line[1]) for line in paragraph.blPara.lines]
    assert any(visual(ARABIC) in line for line in lines), lines


def test_a_long_right_to_left_sentence_may_still_wrap() -> None:
    sentence = " ".join([ARABIC] * 8)
    assert len(sentence) > KEEP_TOGETHER
    assert NO_BREAK_SPACE not in visual(sentence)
