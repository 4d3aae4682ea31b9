"""A repeating action prints as one line on every copy: the person's (PDF, large print and web
page) and the officer's, with its dates, how often, and the bank holidays it skips."""

from __future__ import annotations

import pytest

from resettle.domain.action_repeats import Repeat, RepeatEvery
from resettle.domain.plan import DueDate
from resettle.domain.plan_document import PlanDocument, action_line
from resettle.reports import render_officer_plan, render_person_plan, render_person_plan_html
from resettle.reports.samples import sample_plan_document
from tests.reports.conftest import pdf_pages
from tests.reports.repeating_plans import (
    JOB_CLUB,
    MENTOR,
    RECOVERY,
    repeating,
    repeating_document,
)
from tests.reports.test_person_plan_html import _flat, _html_text


@pytest.fixture(scope="module")
def doc() -> PlanDocument:
    return repeating_document()


def _text(pages: list[str]) -> str:
    return _flat(" ".join(pages))


@pytest.mark.parametrize("large_print", [False, True])
def test_the_persons_copy_prints_each_series_once(doc: PlanDocument, large_print: bool) -> None:
    text = _text(pdf_pages(render_person_plan(doc, large_print=large_print)))
    for what in (JOB_CLUB, RECOVERY, MENTOR):
        assert text.count(what) == 1, what
    if large_print:
        assert "Every Tuesday morning, 18 March to 15 April 2025" in text
        assert "Every Monday, 24 March to 28 April 2025" in text
        assert "(Not on 21 April 2025, a bank holiday)" in text
        assert "Every other Friday, from 21 March 2025 until you start work" in text
    else:
        assert "Every Tuesday morning 18 Mar to 15 Apr 2025" in text
        assert "Every Monday 24 Mar to 28 Apr 2025 Not on 21 Apr 2025, a bank holiday" in text
        assert "Every other Friday from 21 Mar 2025 until you start work" in text


def test_the_web_page_prints_each_series_once(doc: PlanDocument) -> None:
    text = _html_text(doc)
    for what in (JOB_CLUB, RECOVERY, MENTOR):
        assert text.count(what) == 1, what
    html = render_person_plan_html(doc).decode("utf-8")
    assert "<bdi>Every Tuesday morning<br>18 Mar to 15 Apr 2025</bdi>" in html
    assert "<br>Not on 21 Apr 2025, a bank holiday</bdi>" in html


def test_the_officers_copy_gives_the_series_and_how_many_times(doc: PlanDocument) -> None:
    text = _text(pdf_pages(render_officer_plan(doc)))
    for what in (JOB_CLUB, RECOVERY, MENTOR):
        assert text.count(what) == 1, what
    assert "Every week, Tuesday morning 18 Mar to 15 Apr 2025 (5 times)" in text
    assert "Every week, Monday 24 Mar to 28 Apr 2025 (5 times) Not on 21 Apr 2025" in text
    assert "Every other week, Friday from 21 Mar 2025 until you start work" in text


def test_without_a_release_date_the_series_is_said_in_days_from_release() -> None:
    action = repeating(
        JOB_CLUB,
        DueDate.relative(21),
        Repeat(every=RepeatEvery.WEEK, weekday=1, ends=DueDate.relative(56)),
    )
    base = sample_plan_document(2)
    doc = base.model_copy(
        update={
            "person": base.person.model_copy(update={"release_date": None}),
            "actions": (action_line(action, None),),
        }
    )
    person = _text(pdf_pages(render_person_plan(doc)))
    assert "Every Tuesday from 3 weeks after you leave to 8 weeks after you leave" in person
    officer = _text(pdf_pages(render_officer_plan(doc)))
    assert "Every week, Tuesday from 21 days after release to 56 days after release" in officer
