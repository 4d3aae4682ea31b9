"""A table made with ``split_rows=False`` (the person's copy) never splits a row between
pages, unless the row is taller than a whole page; the officer's tables may."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from reportlab.platypus import Flowable, Spacer

from resettle.reports.page_templates import PageFurniture, body_height, build_pdf, content_width
from resettle.reports.styles import person_styles
from resettle.reports.tables import PagedTable, data_table
from tests.reports.pdf_lines import pdf_lines

FURNITURE = PageFurniture(marking="OFFICIAL", title="Rows", subject="S", footer_note="n")
HEADERS = ("When", "What")
TALL = " ".join(f"tall{n}" for n in range(60))  # about eight lines in its column
MAKERS: dict[str, Callable[..., Flowable]] = {"one table": data_table, "paged": PagedTable}


def _pages(rows: list[tuple[str, str]], split_rows: bool, maker: str, room: float) -> list[str]:
    """Each page's squeezed text: a table starting with `room` points left on page 1."""
    styles = person_styles()
    table = MAKERS[maker](
        HEADERS,
        rows,
        (0.3, 0.7),
        styles,
        total_width=content_width(FURNITURE) * 0.5,
        split_rows=split_rows,
    )
    story = [Spacer(1, body_height(FURNITURE) - room), table]
    pdf = build_pdf(story, FURNITURE, title="T", subject="S")
    return ["".join(line.squeezed for line in page) for page in pdf_lines(pdf)]


@pytest.mark.parametrize("maker", MAKERS)
def test_a_row_that_does_not_fit_the_foot_of_a_page_moves_whole(maker: str) -> None:
    rows = [("first", TALL), ("second", "short")]
    split = _pages(rows, True, maker, room=90)
    assert "tall0" in split[0] and "tall59" in split[1]  # what a row split looks like
    whole = _pages(rows, False, maker, room=90)
    assert "tall" not in whole[0]
    assert "tall0" in whole[1] and "tall59" in whole[1]


@pytest.mark.parametrize("maker", MAKERS)
def test_a_row_taller_than_a_page_still_continues_on_the_next(maker: str) -> None:
    rows = [("first", "short"), ("second", " ".join(f"w{n}" for n in range(900)))]
    pages = _pages(rows, False, maker, room=60)
    text = "".join(pages)
    assert all(f"w{n}" in text for n in (0, 450, 899))
    assert len(pages) >= 3
