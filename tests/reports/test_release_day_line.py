"""A release date on a weekend or bank holiday: one line in the release section of both
copies naming the previous working day; none for a working day; the plan's fingerprint of
a plan without the note is what it was before the note existed."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.plan_document import PlanDocument, canonical_json
from resettle.domain.working_days import release_day_note
from resettle.reports import render_officer_plan, render_person_plan, render_person_plan_html
from tests.reports.conftest import pdf_pages

SUNDAY_LINE = (
    "Release date Sunday 7 June 2026 falls on a weekend: release normally happens on the "
    "previous working day, Friday 5 June 2026."
)
EASTER_LINE = (
    "Release date Monday 29 March 2027 falls on a bank holiday: release normally happens on "
    "the previous working day, Thursday 25 March 2027."
)


def _released_on(doc: PlanDocument, day: dt.date) -> PlanDocument:
    person = doc.person.model_copy(update={"release_date": day})
    return doc.model_copy(update={"person": person, "release_day": release_day_note(day)})


def _text(data: bytes) -> str:
    return " ".join(" ".join(pdf_pages(data)).split())


RENDERERS = {
    "officer": render_officer_plan,
    "person": render_person_plan,
    "large print": lambda doc: render_person_plan(doc, large_print=True),
}


@pytest.mark.parametrize("copy", list(RENDERERS))
@pytest.mark.parametrize(
    ("day", "line"), [(dt.date(2026, 6, 7), SUNDAY_LINE), (dt.date(2027, 3, 29), EASTER_LINE)]
)
def test_both_copies_print_the_previous_working_day(
    sample_doc: PlanDocument, copy: str, day: dt.date, line: str
) -> None:
    text = _text(RENDERERS[copy](_released_on(sample_doc, day)))
    assert text.count(line) == 1


@pytest.mark.parametrize("copy", list(RENDERERS))
def test_a_working_day_release_prints_no_line(sample_doc: PlanDocument, copy: str) -> None:
    text = _text(RENDERERS[copy](_released_on(sample_doc, dt.date(2026, 6, 8))))
    assert "falls on" not in text
    assert "previous working day" not in text


def test_the_note_is_in_the_fingerprint_only_when_there_is_one(sample_doc: PlanDocument) -> None:
    plain = _released_on(sample_doc, dt.date(2026, 6, 8))
    assert '"release_day":' not in canonical_json(plain)
    noted = _released_on(sample_doc, dt.date(2026, 6, 7))
    assert '"release_day":{"reason":"weekend"' in canonical_json(noted)


def test_the_web_page_copy_prints_the_line_too(sample_doc: PlanDocument) -> None:
    html = render_person_plan_html(_released_on(sample_doc, dt.date(2026, 6, 7))).decode("utf-8")
    assert html.count(f"<p>{SUNDAY_LINE}</p>") == 1
    plain = render_person_plan_html(_released_on(sample_doc, dt.date(2026, 6, 8))).decode("utf-8")
    assert "falls on" not in plain
