"""The programme history's input checks and what the history says about release."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.programme_completion import CompletionOutcome, ProgrammeHistoryEntry
from resettle.domain.programme_history import (
    EntrySource,
    ProgrammeHistoryInput,
    ProgrammeHistoryView,
    completed,
    current_entries,
    in_progress_at_release,
    reason_text,
    standing_entries,
    with_superseded_by,
)
from resettle.domain.validation import validate

TODAY = dt.date(2026, 6, 1)
BASE: dict[str, Any] = {
    "programme_code": "KAIZEN",
    "programme_name": "Kaizen",
    "setting": "custody",
    "started_on": dt.date(2026, 1, 5),
    "ended_on": dt.date(2026, 4, 30),
    "outcome": "complete",
}


def _fields(data: dict[str, Any], today: dt.date | None = TODAY) -> list[str]:
    """The fields named, as the service checks: ``validate`` (every check without today's date),
    then the checks against today's date."""
    try:
        given = validate(ProgrammeHistoryInput, data)
    except ValidationFailed as failed:
        return [problem.field for problem in failed.problems]
    return [problem.field for problem in given.cross_field_problems(today)]


def test_a_complete_entry_passes() -> None:
    assert _fields(BASE) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ended_on": dt.date(2026, 1, 1)}, "ended_on"),
        ({"reason_category": "D_MOTIVATION"}, "reason_category"),
        ({"reason": "D_MISSED"}, "reason"),
        ({"outcome": "not_completed"}, "reason_category"),
        ({"started_on": TODAY + dt.timedelta(days=1), "ended_on": None}, "started_on"),
        ({"ended_on": TODAY + dt.timedelta(days=1)}, "ended_on"),
        ({"outcome": "in_progress"}, "ended_on"),
        ({"expected_end_on": dt.date(2026, 9, 1)}, "expected_end_on"),
        (
            {"outcome": "in_progress", "ended_on": None, "expected_end_on": dt.date(2025, 1, 1)},
            "expected_end_on",
        ),
    ],
)
def test_each_bad_combination_names_its_field(change: dict[str, Any], field: str) -> None:
    assert field in _fields({**BASE, **change})


def test_a_future_start_is_fine_for_a_programme_in_progress_or_cancelled() -> None:
    future = {"started_on": TODAY + dt.timedelta(days=7), "ended_on": None}
    assert _fields({**BASE, **future, "outcome": "in_progress"}) == []
    assert _fields({**BASE, **future, "outcome": "cancelled"}) == []


def test_a_name_too_long_and_an_unknown_outcome_are_refused_by_name() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(ProgrammeHistoryInput, {**BASE, "programme_name": "x" * 201, "outcome": "done"})
    assert {p.field for p in caught.value.problems} == {"programme_name", "outcome"}
    assert "Programme name: at most 200 characters" in str(caught.value)


def test_a_not_completed_entry_with_its_reason_passes_and_builds_the_entry() -> None:
    data = {**BASE, "outcome": "not_completed", "reason_category": "D_MOTIVATION"}
    given = validate(ProgrammeHistoryInput, {**data, "location": "", "reason": "D_MISSED"})
    assert given.cross_field_problems(TODAY) == []
    entry = given.entry()
    assert (entry.location, entry.reason, entry.outcome) == (
        None,
        "D_MISSED",
        CompletionOutcome.NOT_COMPLETED,
    )


def _view(entry_id: int, supersedes: int | None = None, **change: Any) -> ProgrammeHistoryView:
    return ProgrammeHistoryView(
        id=entry_id,
        entry=ProgrammeHistoryEntry.model_validate({**BASE, **change}),
        source=EntrySource.RECORDED,
        recorded_by="Officer",
        recorded_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
        supersedes_id=supersedes,
    )


def test_a_superseded_entry_is_kept_but_not_current() -> None:
    views = with_superseded_by(
        [_view(1, evidence_intervention_id="tsp"), _view(2, 1, outcome="cancelled")]
    )
    assert views[0].superseded_by_id == 2 and not views[0].current
    assert [v.id for v in current_entries(views)] == [2]
    assert completed(views) == ()


def test_withdrawn_only_corrects_an_entry_and_has_no_end() -> None:
    """A withdrawn entry says the entry it supersedes no longer holds: staff may record it
    only as a correction, and it has no end of its own."""
    withdrawn = {**BASE, "outcome": "withdrawn", "ended_on": None}
    given = validate(ProgrammeHistoryInput, withdrawn)
    assert given.cross_field_problems(TODAY) == []  # not known yet: the service says
    (problem,) = given.cross_field_problems(TODAY, correcting=False)
    assert (problem.field, problem.code) == ("outcome", "withdrawn_not_correcting")
    assert problem.message.startswith("Outcome: Withdrawn only corrects an entry")
    assert given.cross_field_problems(TODAY, correcting=True) == []
    assert _fields({**withdrawn, "ended_on": dt.date(2026, 4, 30)}) == ["ended_on"]


def test_a_withdrawn_entry_is_current_but_no_programme_done_or_in_progress() -> None:
    release = dt.date(2026, 8, 1)
    going = {"outcome": "in_progress", "ended_on": None, "evidence_intervention_id": "tsp"}
    views = with_superseded_by(
        [
            _view(1, **going, expected_end_on=dt.date(2026, 9, 1)),
            _view(2, 1, outcome="withdrawn", ended_on=None),
            _view(3, evidence_intervention_id="tsp"),  # complete
            _view(4, 3, outcome="withdrawn"),
        ]
    )
    assert [v.id for v in current_entries(views)] == [2, 4]
    assert standing_entries(views) == ()
    assert in_progress_at_release(views, release) == () and completed(views) == ()
    assert not CompletionOutcome.WITHDRAWN.holds and CompletionOutcome.CANCELLED.holds


def test_in_progress_at_release_looks_at_the_expected_end() -> None:
    release = dt.date(2026, 8, 1)
    going = {"outcome": "in_progress", "ended_on": None}
    views = [
        _view(1, **going, expected_end_on=dt.date(2026, 9, 1)),  # goes past release
        _view(2, **going, expected_end_on=dt.date(2026, 7, 1)),  # ends before release
        _view(3, **going),  # no end known
        _view(4, **going, expected_end_on=release),  # ends on the day: not after
        _view(5),  # complete
    ]
    assert [v.id for v in in_progress_at_release(views, release)] == [1, 3]
    assert [v.id for v in in_progress_at_release(views, None)] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("category", "reason", "words"),
    [
        ("deselected_operational", "deselected_transfer", "Deselected, Operational: Transferred"),
        (
            "withdrawn_motivation_behaviour",
            "withdrawn_motivation",
            "Withdrawn, Motivation and behaviour: Motivation",
        ),
        ("deselected_other", None, "Deselected, Other"),
        # A code of no workflow category (recorded by hand) is still put in words.
        ("D_MOTIVATION", "D_MISSED", "Motivation: missed"),
        ("W_OPERATIONAL", None, "Operational"),
    ],
)
def test_the_reason_is_in_the_workflow_s_words_not_its_codes(
    category: str, reason: str | None, words: str
) -> None:
    entry = ProgrammeHistoryEntry.model_validate(
        {**BASE, "outcome": "not_completed", "reason_category": category, "reason": reason}
    )
    assert reason_text(entry) == words
