"""The person's own copy: plain words, first day first, nothing officer-only."""

from __future__ import annotations

import pytest

from resettle.domain.plan_document import PlanDocument
from resettle.reports.page_templates import OFFICIAL_SENSITIVE, PERSONAL_COPY


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
    from resettle.reports.styles import make_styles

    s = make_styles(large_print=True)
    for style in (s.body, s.muted, s.cell, s.callout):
        assert style.fontSize >= 16
    assert s.h1.fontSize > s.h2.fontSize > s.body.fontSize
