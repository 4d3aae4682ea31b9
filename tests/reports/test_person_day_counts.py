"""The person's copy counts "N days after you leave" from the day they leave to the day printed
beside it: a date moved off a weekend, and a Sunday release that happens on the Friday, say
the days the person will live through (code-blind trial: "1 week after you leave" beside a day
10 days after it)."""

from __future__ import annotations

import datetime as dt

from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, DueDate, PlanAction
from resettle.domain.plan_document import PlanDocument, action_line
from resettle.domain.working_days import release_day_note
from resettle.reports import person_plan_words as words
from resettle.reports.samples import sample_plan_document


def _doc(release: dt.date, *offsets: int) -> PlanDocument:
    base = sample_plan_document(1)
    actions = tuple(
        action_line(
            PlanAction(
                pathway=Pathway.HEALTH,
                what=f"Action {offset}",
                owner=ActionOwner.PERSON,
                due=DueDate.relative(offset),
            ),
            release,
        )
        for offset in offsets
    )
    return base.model_copy(
        update={
            "person": base.person.model_copy(update={"release_date": release}),
            "actions": actions,
            "release_day": release_day_note(release),
        }
    )


def _whens(doc: PlanDocument) -> dict[str, str]:
    return {a.what: words.when(a) for a in words.shown(doc)}


def test_a_date_moved_off_a_weekend_counts_the_days_to_it() -> None:
    tuesday = dt.date(2027, 3, 2)
    whens = _whens(_doc(tuesday, 4, 5, 14))
    # Tuesday + 4 = Saturday, moved to Monday 8 March: 6 days after leaving, not "4 days".
    assert whens["Action 4"] == "8 Mar 2027\n6 days after you leave"
    assert whens["Action 5"] == "8 Mar 2027\n6 days after you leave"
    assert whens["Action 14"] == "16 Mar 2027\n2 weeks after you leave"


def test_a_sunday_release_counts_from_the_friday_the_person_leaves() -> None:
    sunday = dt.date(2027, 2, 7)
    whens = _whens(_doc(sunday, -14, 0, 8))
    assert whens["Action -14"] == "24 Jan 2027\n12 days before you leave"
    assert whens["Action 0"] == "7 Feb 2027\nThe day you leave"
    assert whens["Action 8"] == "15 Feb 2027\n10 days after you leave"  # from Friday 5th


def test_a_count_that_would_cross_the_leaving_day_is_kept_as_set() -> None:
    sunday = dt.date(2027, 2, 7)
    # Saturday 6th is 1 day before the official date but after the Friday the person leaves.
    assert _whens(_doc(sunday, -1))["Action -1"] == "6 Feb 2027\n1 day before you leave"


def test_a_copy_printed_after_release_says_when_the_person_left() -> None:
    sunday = dt.date(2027, 2, 7)
    doc = _doc(sunday, 8)
    assert words.release_sentence(doc).values["day"] == "Friday 5 February 2027"
    assert words.release_sentence(doc).template.startswith("You are due to leave on")
    assert words.release_day_sentence(doc) is not None
    later = doc.model_copy(update={"printed_at": dt.datetime(2027, 2, 10, 9, tzinfo=dt.UTC)})
    assert words.release_sentence(later).template.startswith("You left on")
    assert words.release_sentence(later).values["day"] == "Friday 5 February 2027"
    assert words.release_day_sentence(later) is None
