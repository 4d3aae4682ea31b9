"""Headings kept with what follows (user trial: "Evidence basis for recommended
interventions" alone at the foot of a page of the officer's copy, its table on the next)."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.pagesizes import A6
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from resettle.reports import render_officer_plan
from resettle.reports.keep_heading import HeadingWithStart, keep_headings
from resettle.reports.officer_plan import officer_story
from resettle.reports.person_plan import person_story
from resettle.reports.samples import sample_plan_document
from resettle.reports.styles import make_styles, person_styles
from resettle.reports.tables import data_table
from tests.reports.conftest import pdf_pages

EVIDENCE = "Evidence basis for recommended interventions"


def _pages(story: list[Flowable]) -> list[str]:
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A6).build(story)
    return [page.extract_text() for page in PdfReader(out).pages]


def _story(room_left: float) -> list[Flowable]:
    """A spacer leaving about ``room_left`` points at the foot of the first page, then a
    heading and a long table whose first row is three lines deep."""
    s = make_styles()
    frame_height = A6[1] - 2 * 72 - 12  # SimpleDocTemplate's margins and frame padding
    rows = [["Row one\nsecond line\nthird line", "x"]] + [[f"Row {n}", "y"] for n in range(2, 40)]
    return [
        Spacer(1, frame_height - room_left),
        Paragraph("The heading", s.h1),
        data_table(("Column", "Other"), rows, (0.5, 0.5), s, total_width=150),
    ]


def test_a_heading_with_no_room_for_the_start_of_its_table_goes_over_with_it() -> None:
    s = make_styles()
    room = 32.0  # the heading fits; the table's header and first row do not
    before = _pages(_story(room))
    assert "The heading" in before[0] and "Column" not in before[0]  # the fault, as it was
    after = _pages(keep_headings(_story(room), (s.h1.name,)))
    assert "The heading" not in after[0]
    assert after[1].index("The heading") < after[1].index("Column")


def test_a_heading_with_room_for_the_start_stays_and_its_table_splits_under_it() -> None:
    s = make_styles()
    pages = _pages(keep_headings(_story(110.0), (s.h1.name,)))
    assert "The heading" in pages[0] and "Row one" in pages[0]
    assert "Row 39" in pages[-1] and "Row 39" not in pages[0]


def test_no_heading_of_either_copy_stands_alone_in_the_story() -> None:
    """Every top-level heading of both copies is held with what follows it."""
    doc = sample_plan_document(42)
    s = make_styles()
    for story in (
        officer_story(doc, s, 480),
        person_story(doc, s, 480),
        person_story(doc, person_styles(True), 480, True),
    ):
        headings = [
            f for f in story if isinstance(f, Paragraph) and f.style.name in (s.h1.name, s.h2.name)
        ]
        assert headings == []
        assert sum(isinstance(f, HeadingWithStart) for f in story) >= 3


def test_the_evidence_basis_heading_shares_its_page_with_its_table() -> None:
    """The officer's copy of the sample plan with 42 actions put the heading at the foot of
    page 4 and its table on page 5 (pdftoppm -r 40 before the fix)."""
    pages = pdf_pages(render_officer_plan(sample_plan_document(42)))
    (page,) = [p for p in pages if EVIDENCE in p]
    assert "Citation" in page.split(EVIDENCE, 1)[1]
