"""A release date on a weekend or bank holiday: the officer's copy has one line naming the
previous working day; the person's copies (PDF, large print, web page) say that day as the day
they are due to leave and then why, never the release date as the day they leave; none of it
for a working day; the plan's fingerprint of a plan without the note is what it was before
the note existed."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain.plan_document import AppointmentLine, PlanDocument, canonical_json
from resettle.domain.working_days import release_day_note
from resettle.reports import person_plan_words as words
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

SUNDAY_PERSON = (
    "You are due to leave on Friday 5 June 2026. Your release date, Sunday 7 June 2026, is a "
    "weekend. People are normally let out on the working day before. Your officer will tell "
    "you if this changes."
)
EASTER_PERSON = (
    "You are due to leave on Thursday 25 March 2027. Your release date, Monday 29 March 2027, "
    "is a bank holiday."
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


@pytest.mark.parametrize(
    ("day", "line"), [(dt.date(2026, 6, 7), SUNDAY_LINE), (dt.date(2027, 3, 29), EASTER_LINE)]
)
def test_the_officers_copy_prints_the_previous_working_day(
    sample_doc: PlanDocument, day: dt.date, line: str
) -> None:
    text = _text(render_officer_plan(_released_on(sample_doc, day)))
    assert text.count(line) == 1


@pytest.mark.parametrize("copy", ["person", "large print"])
@pytest.mark.parametrize(
    ("day", "said"), [(dt.date(2026, 6, 7), SUNDAY_PERSON), (dt.date(2027, 3, 29), EASTER_PERSON)]
)
def test_the_persons_copy_says_the_day_they_leave_then_why(
    sample_doc: PlanDocument, copy: str, day: dt.date, said: str
) -> None:
    text = _text(RENDERERS[copy](_released_on(sample_doc, day)))
    assert text.count(said) == 1
    assert "You leave on" not in text


@pytest.mark.parametrize("copy", list(RENDERERS))
def test_a_working_day_release_prints_no_line(sample_doc: PlanDocument, copy: str) -> None:
    text = _text(RENDERERS[copy](_released_on(sample_doc, dt.date(2026, 6, 8))))
    assert "falls on" not in text and "working day before" not in text
    assert "previous working day" not in text


def test_the_note_is_in_the_fingerprint_only_when_there_is_one(sample_doc: PlanDocument) -> None:
    plain = _released_on(sample_doc, dt.date(2026, 6, 8))
    assert '"release_day":' not in canonical_json(plain)
    noted = _released_on(sample_doc, dt.date(2026, 6, 7))
    assert '"release_day":{"reason":"weekend"' in canonical_json(noted)


def test_the_web_page_copy_prints_the_line_too(sample_doc: PlanDocument) -> None:
    html = render_person_plan_html(_released_on(sample_doc, dt.date(2026, 6, 7))).decode("utf-8")
    assert "You are due to leave on <b><bdi>Friday 5 June 2026</bdi></b>." in html
    assert "Your release date, <bdi>Sunday 7 June 2026</bdi>, is <bdi>a weekend</bdi>." in html
    assert "You leave on" not in html
    plain = render_person_plan_html(_released_on(sample_doc, dt.date(2026, 6, 8))).decode("utf-8")
    assert "falls on" not in plain and "working day before" not in plain


def test_the_leaving_days_appointments_are_where_to_go_and_none_is_lost(
    sample_doc: PlanDocument,
) -> None:
    """Released on a Sunday, leaving on the Friday: the Friday's appointment is where to go
    on the first day (the trial found it listed nowhere), a later one is under the person's
    appointments, in the PDF and the web page alike."""
    friday = AppointmentLine(
        what="First probation appointment", on=dt.date(2026, 6, 5), time="14:00", place="Office A"
    )
    monday = AppointmentLine(what="Housing advice", on=dt.date(2026, 6, 8), place="Office B")
    doc = _released_on(sample_doc, dt.date(2026, 6, 7)).model_copy(
        update={"appointments": (friday, monday)}
    )
    assert [s.values["what"] for s in words.where_to_go(doc) if "what" in s.values] == [
        "First probation appointment"
    ]
    assert [s.values["what"] for s in words.later_appointments(doc)] == ["Housing advice"]
    text = _text(render_person_plan(doc))
    assert text.index("Where to go") < text.index("14:00: First probation appointment")
    assert text.index("Your appointments") < text.index("Monday 8 June 2026: Housing advice")
    html = render_person_plan_html(doc).decode("utf-8")
    assert "First probation appointment" in html and "Housing advice" in html
