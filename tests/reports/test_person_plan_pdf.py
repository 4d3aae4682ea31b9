"""The person's own copy: plain words, first day first, nothing officer-only."""

from __future__ import annotations

from datetime import datetime

import pytest

from resettle.domain.plan import ActionStatus
from resettle.domain.plan_document import PlanDocument
from resettle.reports import render_person_plan
from resettle.reports.page_templates import OFFICIAL_SENSITIVE, PERSONAL_COPY
from resettle.reports.samples import sample_plan_document
from tests.reports.conftest import pdf_pages


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(params=["normal", "large"])
def pages(request: pytest.FixtureRequest) -> list[str]:
    return request.getfixturevalue(
        "person_pages" if request.param == "normal" else "person_large_pages"
    )


def test_sections_come_first_day_then_first_weeks_then_help(pages: list[str]) -> None:
    lines = [line.strip() for line in "\n".join(pages).splitlines()]
    order = [lines.index(t) for t in ("Your first day", "Your first weeks", "Who can help")]
    assert order == sorted(order)
    assert lines.index("Your plan for leaving prison") < order[0]


def test_first_day_says_where_when_and_who_to_call(pages: list[str]) -> None:
    text = _flat("\n".join(pages))
    assert "You leave on Friday 14 March 2025." in text
    assert "14:00: First probation appointment. Go to Leeds Probation Office" in text
    assert "Your probation officer is Łukasz Nowak." in text
    assert "0113 496 0000" in text


def test_first_weeks_lists_actions_with_plain_dates(pages: list[str]) -> None:
    text = _flat("\n".join(pages))
    assert "Attend the first Thinking Skills Programme session." in text
    assert "1 week after you leave" in text
    assert "2 weeks before you leave" in text
    assert "Dervla Ó Súilleabháin" in text  # aftercare contact, non-ASCII


def test_nothing_officer_only(pages: list[str], sample_doc: PlanDocument) -> None:
    text = _flat("\n".join(pages))
    forbidden = [
        OFFICIAL_SENSITIVE,
        "OGRS",
        "RoSH",
        "Risk summary",
        "serious harm",
        sample_doc.risk.ogrs3_one_year,
        sample_doc.risk.ogrs3_two_year,
        sample_doc.risk.rosh,
        sample_doc.risk.confirmed_level,
        sample_doc.officer_notes[0],
        "MAPPA",
        "Harehills",
        "Evidence basis",
        "Signature",
        sample_doc.person.pnc,
    ]
    for item in forbidden:
        assert item not in text, item


def test_every_page_carries_the_personal_marking(pages: list[str]) -> None:
    for page in pages:
        assert page.count(PERSONAL_COPY) == 2


def test_large_print_takes_more_pages(
    person_pages: list[str], person_large_pages: list[str]
) -> None:
    assert len(person_large_pages) > len(person_pages)


def test_large_print_body_is_at_least_16pt(sample_doc: PlanDocument) -> None:
    from resettle.reports.styles import person_styles

    s = person_styles(large_print=True)
    for style in (s.body, s.muted, s.cell, s.callout):
        assert style.fontSize >= 16
    assert s.h1.fontSize > s.h2.fontSize > s.body.fontSize


# ------------------------------------------------------------------ before and after release

INSIDE = "These are being sorted out while you are still inside."
AFTER = "These were due before you left. Your probation officer will help you finish them."


def _person_text(printed_at: datetime, large: bool = False) -> str:
    doc = sample_plan_document(printed_at=printed_at)
    return _flat("\n".join(pdf_pages(render_person_plan(doc, large_print=large))))


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize(
    "printed_at",
    [datetime(2025, 2, 12, 9, 30), datetime(2025, 3, 14, 8, 0)],  # before and on release day
)
def test_before_release_the_section_is_being_sorted_out(printed_at: datetime, large: bool) -> None:
    text = _person_text(printed_at, large)
    assert "Before you leave" in text and INSIDE in text
    assert "Still to sort out" not in text and AFTER not in text


@pytest.mark.parametrize("large", [False, True])
def test_after_release_the_section_is_still_to_sort_out(large: bool) -> None:
    # Released on Friday 14 March 2025; printed the following Thursday.
    text = _person_text(datetime(2025, 3, 20, 10, 0), large)
    assert "Still to sort out" in text and AFTER in text
    assert "Before you leave" not in text and INSIDE not in text
    # What is done is no longer listed; what is left is.
    section = text[text.index("Still to sort out") : text.index("Who can help")]
    assert "Apply for a birth certificate" not in section  # done before release
    assert "Give a naloxone kit and show how to use it." in section  # started, not finished


def test_after_release_with_everything_done_there_is_no_section() -> None:
    doc = sample_plan_document(printed_at=datetime(2025, 3, 20, 10, 0))
    done = tuple(a.model_copy(update={"status": ActionStatus.DONE}) for a in doc.actions)
    text = _flat("\n".join(pdf_pages(render_person_plan(doc.model_copy(update={"actions": done})))))
    assert "Still to sort out" not in text and "Before you leave" not in text
