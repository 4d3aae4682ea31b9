"""The person's copy as printed: type sizes, page count and where pages break, read back from
the rendered PDF of a 20-action and a 200-action plan, agreed and in draft (a banner on every
page), in normal and large print (issue 17, "Plans people can read")."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from resettle.domain.plan import PlanState
from resettle.domain.plan_document import ActionLine, PlanDocument
from resettle.reports import person_plan_words as words
from resettle.reports import render_person_plan
from resettle.reports.fonts import REGULAR
from resettle.reports.labels import NOT_AGREED_YET
from resettle.reports.officer_plan import furniture_for
from resettle.reports.page_templates import (
    PERSONAL_COPY,
    PageFurniture,
    body_height,
    build_balanced_pdf,
    build_pdf,
)
from resettle.reports.person_plan import TITLE, furniture_size
from resettle.reports.samples import sample_plan_document
from resettle.reports.styles import person_styles
from tests.reports.pdf_lines import Line, column_text, columns_of, pdf_lines

SIZES = (20, 200)
PRINTS = ("normal", "large")
#: An agreed plan, and a draft: "This plan is not agreed yet" under the header of every page.
STATES = ("agreed", "draft")
#: The least size of body text, of table text, and of anything in large print.
BODY, TABLE, LARGE = 12.0, 11.0, 16.0
#: "More than a few lines": what the last page of a longer document holds at least.
LAST_PAGE_LINES = 5


def _in_state(doc: PlanDocument, state: str) -> PlanDocument:
    if state == "agreed":
        return doc
    return doc.model_copy(update={"state": PlanState.DRAFT, "agreed_by_person": False})


@pytest.fixture(scope="module")
def docs() -> dict[tuple[int, str], PlanDocument]:
    return {
        (n, state): _in_state(sample_plan_document(n), state) for n in SIZES for state in STATES
    }


@pytest.fixture(scope="module")
def printed(
    docs: dict[tuple[int, str], PlanDocument],
) -> dict[tuple[int, str, str], list[list[Line]]]:
    """Each plan rendered once, in each print and state, as its pages' lines."""
    return {
        (n, kind, state): pdf_lines(render_person_plan(doc, large_print=kind == "large"))
        for (n, state), doc in docs.items()
        for kind in PRINTS
    }


def _body_area(doc: PlanDocument, large: bool) -> tuple[float, float]:
    """The bottom and top of the page's body (between the header and the footer)."""
    f = furniture_for(doc, marking=PERSONAL_COPY, title=TITLE, size=furniture_size(large))
    return f.foot_band, A4[1] - f.top_band


def _body_lines(
    doc: PlanDocument, pages: list[list[Line]], large: bool
) -> Iterator[tuple[int, list[Line]]]:
    bottom, top = _body_area(doc, large)
    for number, lines in enumerate(pages):
        yield number, [line for line in lines if bottom < line.y < top]


def _table_actions(doc: PlanDocument) -> list[ActionLine]:
    before = words.before_release(doc)
    return words.after_release(doc) + (before.actions if before else [])


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _pages_with(action: ActionLine, pages: list[str]) -> int:
    """On how many of `pages` (squeezed text) the action's words are, whole (not as the start
    of a longer action's: "... session." and "... session. (review 1)")."""
    whole = re.compile(re.escape(_squeezed(action.what)) + r"(?!\(review)")
    return sum(bool(whole.search(page)) for page in pages)


Printed = dict[tuple[int, str, str], list[list[Line]]]
Docs = dict[tuple[int, str], PlanDocument]


@pytest.mark.parametrize("state", STATES)
def test_20_actions_fit_on_3_pages_in_normal_print(state: str, printed: Printed) -> None:
    """A draft too: its banner on every page must not cost it a fourth."""
    assert len(printed[20, "normal", state]) <= 3


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("n", SIZES)
def test_large_print_takes_more_pages_than_normal(n: int, state: str, printed: Printed) -> None:
    assert len(printed[n, "large", state]) > len(printed[n, "normal", state])


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("n", SIZES)
def test_large_print_sets_every_character_at_16pt_or_more(
    n: int, state: str, printed: Printed
) -> None:
    """Header, footer, headings, body (and a draft's banner): everything, on every page."""
    pages = printed[n, "large", state]
    for lines in pages:
        assert lines[0].text.startswith(PERSONAL_COPY)  # the header is read too
        assert any(line.text.startswith("Page ") for line in lines)  # and the footer
        for line in lines:
            assert line.smallest >= LARGE, (line.page, line.text)


@pytest.mark.parametrize("kind", PRINTS)
def test_a_draft_says_so_on_every_page_half_as_large_again_as_the_header(
    kind: str, printed: Printed
) -> None:
    """The banner under the header is the page's first words; in large print it never
    shrinks under 16pt."""
    header = furniture_size(kind == "large")
    for lines in printed[20, kind, "draft"]:
        banner = next(line for line in lines if NOT_AGREED_YET in line.text)
        assert banner.smallest >= header * 1.5
        for line in lines:
            assert line.smallest >= (LARGE if kind == "large" else TABLE), (line.page, line.text)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("n", SIZES)
def test_normal_print_body_is_12pt_and_only_tables_and_furniture_smaller(
    n: int, state: str, docs: Docs, printed: Printed
) -> None:
    """Under 12pt only in tables (a run of small lines on a page starts with a table's
    header row, repeated on each page) and in the header and footer; never under 11pt."""
    pages = printed[n, "normal", state]
    headers = {_squeezed(" ".join(h)) for h in (words.ACTION_HEADERS, words.HELP_HEADERS)}
    for lines in pages:
        for line in lines:
            assert line.smallest >= TABLE, (line.page, line.text)
    runs = 0
    for _number, lines in _body_lines(docs[n, state], pages, large=False):
        small_before = False
        for line in lines:
            small = line.smallest < BODY
            if small and not small_before:
                assert line.squeezed in headers, (line.page, line.text)
                runs += 1
            small_before = small
    assert runs >= 2  # the actions and who can help


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("kind", PRINTS)
@pytest.mark.parametrize("n", SIZES)
def test_no_heading_is_the_last_text_on_a_page(
    n: int, kind: str, state: str, docs: Docs, printed: Printed
) -> None:
    doc = docs[n, state]
    s = person_styles(kind == "large")
    heading_sizes = {round(s.h1.fontSize, 1), round(s.h2.fontSize, 1)}
    leads = {_squeezed(x) for x in (words.IN_DATE_ORDER.template,)}
    before = words.before_release(doc)
    if before is not None:
        leads.add(_squeezed(before.lead.template))
    seen = 0
    for number, lines in _body_lines(doc, printed[n, kind, state], kind == "large"):
        seen += sum(round(line.largest, 1) in heading_sizes for line in lines)
        last = lines[-1]
        assert round(last.largest, 1) not in heading_sizes, (number, last.text)
        assert last.squeezed not in leads, (number, last.text)  # nor the words under one
    assert seen >= 5


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("kind", PRINTS)
@pytest.mark.parametrize("n", SIZES)
def test_the_last_page_holds_more_than_a_few_lines(
    n: int, kind: str, state: str, docs: Docs, printed: Printed
) -> None:
    pages = list(_body_lines(docs[n, state], printed[n, kind, state], kind == "large"))
    assert len(pages) > 1
    _, last = pages[-1]
    assert len(last) >= LAST_PAGE_LINES, [line.text for line in last]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("n", SIZES)
def test_no_action_row_is_split_between_pages(
    n: int, state: str, docs: Docs, printed: Printed
) -> None:
    """Each action's words are in the "What to do" column of one page, whole."""
    doc = docs[n, state]
    what_column = words.ACTION_HEADERS.index("What to do")
    per_page = []
    for _number, lines in _body_lines(doc, printed[n, "normal", state], large=False):
        text, starts = "", None
        for line in lines:
            if line.squeezed == _squeezed(" ".join(words.ACTION_HEADERS)):
                starts = columns_of(line, words.ACTION_HEADERS)
            elif line.smallest >= BODY:
                starts = None  # the table ended
            elif starts is not None:
                text += column_text(line, starts, what_column)
        per_page.append(text)
    actions = _table_actions(doc)
    assert len(actions) >= n * 0.7
    for action in actions:
        assert _pages_with(action, per_page) == 1, action.what


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("n", SIZES)
def test_no_action_block_is_split_between_pages_in_large_print(
    n: int, state: str, docs: Docs, printed: Printed
) -> None:
    per_page = [
        "".join(line.squeezed for line in lines)
        for _number, lines in _body_lines(docs[n, state], printed[n, "large", state], large=True)
    ]
    for action in _table_actions(docs[n, state]):
        assert _pages_with(action, per_page) == 1, action.what


# ------------------------------------------------------------------ the last page's lines


def _lines_story(count: int) -> list[Paragraph]:
    style = ParagraphStyle("line", fontName=REGULAR, fontSize=12, leading=20)
    return [Paragraph(f"Line {i}", style) for i in range(count)]


@pytest.fixture(scope="module")
def plain_furniture() -> PageFurniture:
    return PageFurniture(marking="OFFICIAL", title="T", subject="S", footer_note="n")


def _texts(pdf: bytes) -> list[list[str]]:
    return [
        [line.text for line in page if line.text.startswith("Line ")] for page in pdf_lines(pdf)
    ]


def test_a_story_ending_with_one_line_on_a_page_carries_enough_over_to_keep_it_company(
    plain_furniture: PageFurniture,
) -> None:
    per_page = int(body_height(plain_furniture) // 20)
    plain = _texts(build_pdf(_lines_story(per_page + 1), plain_furniture, title="T", subject="S"))
    assert [len(p) for p in plain] == [per_page, 1]  # what the balancing is for
    balanced = _texts(
        build_balanced_pdf(
            lambda: _lines_story(per_page + 1),
            plain_furniture,
            title="T",
            subject="S",
            last_page_least=5 * 20,
        )
    )
    assert len(balanced) == 2 and 5 <= len(balanced[1]) <= 6  # enough, and not much more
    assert balanced[0] + balanced[1] == plain[0] + plain[1]  # the same lines, in order


@pytest.mark.parametrize("count", [3, 60])  # a one-page story; a last page that is full enough
def test_a_story_needing_no_balance_is_laid_out_once(
    count: int, plain_furniture: PageFurniture
) -> None:
    plain = build_pdf(_lines_story(count), plain_furniture, title="T", subject="S")
    balanced = build_balanced_pdf(
        lambda: _lines_story(count), plain_furniture, title="T", subject="S", last_page_least=100
    )
    assert _texts(balanced) == _texts(plain)


@pytest.mark.parametrize(("n", "large"), [(7, False), (17, True)])
def test_plans_that_ended_with_a_line_or_two_on_a_last_page_now_end_with_more(
    n: int, large: bool
) -> None:
    """The sample plans with 7 actions (normal print) and 17 (large print) ended with one and
    two lines on a page of their own before the last page was balanced."""
    doc = sample_plan_document(n)
    pages = list(_body_lines(doc, pdf_lines(render_person_plan(doc, large_print=large)), large))
    assert len(pages) > 1
    assert len(pages[-1][1]) >= LAST_PAGE_LINES
