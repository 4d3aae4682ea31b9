"""The person's copy as HTML: the PDF's sections and words, semantic mark-up, every value
escaped, right-to-left names isolated, drafts flagged. (axe-core in a browser:
tests/accessibility.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from resettle.domain.plan import ActionStatus, PlanState
from resettle.domain.plan_document import PersonDetails, PlanDocument
from resettle.reports import person_plan_words as words
from resettle.reports import render_person_plan, render_person_plan_html
from resettle.reports.samples import sample_plan_document
from tests.accessibility.documents import RTL_NAME, draft_rtl_long_plan
from tests.reports.conftest import pdf_pages
from tests.reports.pdf_lines import pdf_lines

SCRIPT_NAME = '<script>alert("x")</script> Smith'


class _Page(HTMLParser):
    """Tags in order, the text, and which tags each piece of text sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.text: list[str] = []
        self.inside: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in {"meta", "br"}:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        self.inside.append((data, tuple(self.open)))


def _page(doc: PlanDocument) -> _Page:
    page = _Page()
    page.feed(render_person_plan_html(doc).decode("utf-8"))
    page.close()
    assert not page.open, page.open
    return page


def _flat(text: str) -> str:
    return " ".join(text.split())


def _html_text(doc: PlanDocument) -> str:
    page = _page(doc)
    body = [t for t, where in page.inside if "style" not in where and "title" not in where]
    return _flat("".join(body))


def _plain(sentence: words.Sentence) -> str:
    return _flat(re.sub("<[^>]+>", "", sentence.template.format(**sentence.values)))


def test_a_page_in_british_english_with_a_title_and_a_phone_viewport() -> None:
    html = render_person_plan_html(sample_plan_document()).decode("utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en-GB">')
    tags = _page(sample_plan_document()).tags
    assert ("title", {}) in tags
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in tags
    assert ("meta", {"charset": "utf-8"}) in tags


def test_headings_follow_the_pdfs_sections_in_order() -> None:
    page = _page(sample_plan_document())
    headings = [(tag, text) for text, where in page.inside for tag in where[-1:] if tag[0] == "h"]
    assert [t for tag, t in headings if tag == "h1"] == [words.TITLE]
    assert [t for tag, t in headings if tag == "h2"] == [
        words.FIRST_DAY,
        words.FIRST_WEEKS,
        "Before you leave",  # its own section: not part of the first weeks (trial)
        words.WHO_CAN_HELP,
    ]
    h3 = [t for tag, t in headings if tag == "h3"]
    assert h3 == [
        words.WHERE_TO_GO,
        words.THINGS_THAT_DAY,
        words.WHAT_IS_READY,
        words.WHO_TO_CALL,
        words.YOUR_APPOINTMENTS,
    ]


def test_tables_have_captions_and_scoped_header_cells() -> None:
    page = _page(sample_plan_document())
    tags = [tag for tag, _attrs in page.tags]
    assert tags.count("table") == 3 == tags.count("caption")
    headers = [attrs for tag, attrs in page.tags if tag == "th"]
    assert headers and all(a.get("scope") in {"col", "row"} for a in headers)
    assert sum(a.get("scope") == "row" for a in headers) == 5  # one per helper
    col = [t for t, where in page.inside if where[-1:] == ("th",)]
    assert col[:4] == list(words.ACTION_HEADERS)


def test_every_data_cell_says_its_column_on_a_phone() -> None:
    """On a phone each row is a block and each cell is led by its column's name (the trial:
    the helpers' names and phone numbers had no label there); the roles keep every table a
    table to a screen reader once it is shown as blocks."""
    page = _page(sample_plan_document())
    cells = [attrs for tag, attrs in page.tags if tag == "td"]
    assert cells and all(a.get("data-label") and a.get("role") == "cell" for a in cells)
    labels = {a["data-label"] for a in cells}
    assert set(words.HELP_HEADERS[1:]) <= labels and set(words.ACTION_HEADERS) <= labels
    tables = [attrs for tag, attrs in page.tags if tag == "table"]
    assert tables and all(a.get("role") == "table" for a in tables)
    rows = [attrs for tag, attrs in page.tags if tag == "th" and attrs.get("scope") == "row"]
    assert rows and all(a.get("role") == "rowheader" for a in rows)


def test_the_same_sentences_as_the_pdf() -> None:
    doc = sample_plan_document()
    html = _html_text(doc)
    pdf = _flat("\n".join(pdf_pages(render_person_plan(doc))))
    sentences = [
        words.greeting(doc),
        words.release_sentence(doc),
        *words.where_to_go(doc),
        *words.things_that_day(doc),
        *words.what_is_ready(doc),
        *words.who_to_call(doc),
        *words.later_appointments(doc),
        *words.closing(doc),
    ]
    assert len(sentences) > 12
    for sentence in sentences:
        text = _plain(sentence)
        assert text in html, text
        assert text in pdf, text
    for a in words.shown(doc):
        assert _flat(a.what) in html


def test_not_needed_actions_and_officer_only_text_are_left_out() -> None:
    doc = sample_plan_document()
    dropped = doc.actions[0].model_copy(
        update={"what": "Arrange a thing not needed", "status": ActionStatus.NOT_NEEDED}
    )
    doc = doc.model_copy(update={"actions": (*doc.actions, dropped)})
    html = render_person_plan_html(doc).decode("utf-8")
    assert "Arrange a thing not needed" not in html
    for officer_only in ("OGRS", "RoSH", doc.risk.ogrs3_one_year, "OFFICIAL-SENSITIVE"):
        assert officer_only not in html


def test_every_value_is_escaped_a_script_in_a_name_is_inert() -> None:
    base = sample_plan_document()
    action = base.actions[8].model_copy(update={"what": "<img src=x onerror=alert(1)> & go"})
    person = base.person.model_copy(
        update={"name": SCRIPT_NAME, "responsible_officer": "<b>Bold</b>", "officer_contact": '"'}
    )
    doc = base.model_copy(update={"person": person, "actions": (*base.actions, action)})
    page = _page(doc)
    tags = {tag for tag, _attrs in page.tags}
    assert "script" not in tags and "img" not in tags
    text = _html_text(doc)
    assert '<script>alert("x")</script>' in text  # shown as text, never run
    assert "<img src=x onerror=alert(1)> & go" in text
    assert "<b>Bold</b>" in text


def test_right_to_left_names_are_isolated() -> None:
    page = _page(draft_rtl_long_plan())
    first = RTL_NAME.split()[0]
    greeting = next(where for text, where in page.inside if text == first)
    assert greeting[-1] == "bdi"


def test_a_draft_says_it_is_not_agreed_yet_and_an_agreed_plan_does_not() -> None:
    draft = sample_plan_document().model_copy(update={"state": PlanState.DRAFT})
    assert words.NOT_AGREED_YET in _html_text(draft)
    html = render_person_plan_html(draft).decode("utf-8")
    assert html.index(words.NOT_AGREED_YET) < html.index(words.FIRST_DAY)  # at the top
    assert words.NOT_AGREED_YET not in _html_text(sample_plan_document())


def test_two_hundred_actions_are_all_listed() -> None:
    doc = draft_rtl_long_plan()
    page = _page(doc)
    rows = sum(tag == "tr" for tag, _attrs in page.tags)
    shown = len(words.shown(doc)) - len(words.things_that_day(doc))
    assert rows == shown + 2 + 1 + len(words.who_can_help(doc))  # header rows, help table


def test_an_empty_plan_and_a_person_with_nothing_recorded() -> None:
    doc = PlanDocument(person=PersonDetails(name=""), printed_at=sample_plan_document().printed_at)
    text = _html_text(doc)
    assert _plain(words.EMPTY_PLAN) in text
    assert _plain(words.ASK_WHO_CAN_HELP) in text
    assert "Your release date is not set yet." in text


def test_styles_read_on_a_phone_and_print() -> None:
    css = re.search(
        r"<style>(.*)</style>", render_person_plan_html(sample_plan_document()).decode(), re.S
    )
    assert css is not None
    style = css.group(1)
    assert "max-width" in style and "@media print" in style
    assert not re.search(r"\d+px", style)  # no fixed widths
    sizes = [float(x) for x in re.findall(r"font-size: ([\d.]+)rem", style)]
    assert sizes and min(sizes) >= 1.125
    body = re.search(r"body \{[^}]*font-size: ([\d.]+)rem", style)
    assert body is not None and float(body.group(1)) >= 1.125


def test_before_you_leave_is_a_section_of_its_own_in_the_pdf_too() -> None:
    """The PDF prints "Before you leave" as large as "Your first weeks", not as one of its
    sub-headings ("Your appointments")."""
    lines = [
        line for page in pdf_lines(render_person_plan(sample_plan_document())) for line in page
    ]
    size = {line.text: line.largest for line in lines}
    assert size["Before you leave"] == size[words.FIRST_WEEKS] > size[words.YOUR_APPOINTMENTS]
