"""A person's programme history: the programmes they did, here or before, and how each ended.

The history is append-only. An entry is recorded by hand (a programme done before, or
elsewhere, or one Resettle has no referral for) or, once programme referrals are complete,
from a referral. A mistake is put right by a new entry that *supersedes* the earlier one
(``supersedes_id``); the earlier entry stays on record, shown as superseded, and is never
edited or deleted. The *current* entries are those nothing supersedes.

The history is its own part of the record with no revision: adding to it never overwrites
anything, so saving it never conflicts with (nor bumps the revision of) any other part.

What it feeds (``services/case_profile.py``, ``services/plans/prefill.py``, the officer's copy of
the plan):

- a *complete* entry linked to an evidence-pack intervention: that intervention is done;
- an entry *in progress at release* (expected to end after the release date, or no end known)
  needs follow-on in the community.

A referral puts an entry *in progress* on the history when it moves to On programme, and its
ending supersedes that entry. An entry that no longer holds (recorded in error, or the person
taken off the programme with the referral kept open) is superseded by a *withdrawn* entry:
current in the trail of corrections, but no programme done or in progress (``standing``), so
nothing that feeds on the history reads it as one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from resettle.domain.errors import FieldProblem
from resettle.domain.programme_completion import (
    CompletionOutcome,
    ProgrammeHistoryEntry,
    ProgrammeSetting,
)
from resettle.domain.programme_referral_statuses import CATEGORIES, STATUSES
from resettle.domain.text_fields import CheckedText

CODE_MAX = 60
NAME_MAX = 200
LOCATION_MAX = 200
INTERVENTION_ID_MAX = 80

_Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=CODE_MAX)]
_Optional = Annotated[str, StringConstraints(strip_whitespace=True, max_length=CODE_MAX)]


class EntrySource(StrEnum):
    """How an entry came to be on the history."""

    RECORDED = "recorded"  # typed in by a member of staff
    REFERRAL = "referral"  # appended when a programme referral was completed


class ProgrammeHistoryInput(CheckedText):
    """What staff type to record (or correct) one programme on a person's history."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    programme_code: _Code = Field(title="Programme code")
    programme_name: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)
    ] = Field(title="Programme name")
    setting: ProgrammeSetting = Field(title="Setting")
    location: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=LOCATION_MAX)] | None
    ) = Field(default=None, title="Where")
    started_on: dt.date | None = Field(default=None, title="Started")
    ended_on: dt.date | None = Field(default=None, title="Ended")
    expected_end_on: dt.date | None = Field(default=None, title="Expected to end")
    outcome: CompletionOutcome = Field(title="Outcome")
    reason_category: _Optional | None = Field(default=None, title="Reason category")
    reason: _Optional | None = Field(default=None, title="Reason")
    evidence_intervention_id: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=INTERVENTION_ID_MAX)]
        | None
    ) = Field(default=None, title="Evidence pack intervention")

    def cross_field_problems(
        self, today: dt.date | None = None, *, correcting: bool | None = None
    ) -> list[FieldProblem]:
        """Every problem across fields, each naming the field to change. ``today`` enables the
        checks against today's date (a programme that has ended cannot start or end later);
        ``correcting`` (when known) whether the entry supersedes another: only a correction
        may withdraw one."""
        problems: list[FieldProblem] = []
        outcome = self.outcome
        if outcome is CompletionOutcome.WITHDRAWN and correcting is False:
            problems.append(
                _problem(
                    "outcome",
                    "withdrawn_not_correcting",
                    "Outcome: Withdrawn only corrects an entry that no longer holds; "
                    "choose how the programme went",
                )
            )
        started, ended = self.started_on, self.ended_on
        if started and ended and ended < started:
            problems.append(_problem("ended_on", "before_start", "Ended: before it started"))
        if started and self.expected_end_on and self.expected_end_on < started:
            problems.append(
                _problem("expected_end_on", "before_start", "Expected to end: before it started")
            )
        if outcome is CompletionOutcome.COMPLETE and (self.reason_category or self.reason):
            field = "reason_category" if self.reason_category else "reason"
            problems.append(
                _problem(field, "not_allowed", "Reason: a completed programme has no reason")
            )
        if outcome is CompletionOutcome.NOT_COMPLETED and not self.reason_category:
            problems.append(
                _problem(
                    "reason_category",
                    "required",
                    "Reason category: say why the programme was not completed",
                )
            )
        if self.reason and not self.reason_category:
            problems.append(
                _problem("reason_category", "required", "Reason category: needed with a reason")
            )
        if outcome is CompletionOutcome.WITHDRAWN and ended:
            problems.append(
                _problem(
                    "ended_on",
                    "not_allowed",
                    "Ended: a withdrawn entry says the entry it corrects no longer holds; "
                    "it has no end",
                )
            )
        if outcome is CompletionOutcome.IN_PROGRESS and ended:
            problems.append(
                _problem(
                    "ended_on",
                    "not_allowed",
                    "Ended: a programme in progress has not ended (use Expected to end)",
                )
            )
        if outcome.concluded and self.expected_end_on:
            problems.append(
                _problem(
                    "expected_end_on",
                    "not_allowed",
                    "Expected to end: only for a programme in progress",
                )
            )
        if today is not None and outcome in _FINISHED:
            if started and started > today:
                problems.append(
                    _problem("started_on", "in_future", "Started: in the future, yet it has ended")
                )
            if ended and ended > today:
                problems.append(_problem("ended_on", "in_future", "Ended: in the future"))
        return problems

    def entry(self) -> ProgrammeHistoryEntry:
        data = self.model_dump()
        data["location"] = data["location"] or None
        data["evidence_intervention_id"] = data["evidence_intervention_id"] or None
        data["reason_category"] = data["reason_category"] or None
        data["reason"] = data["reason"] or None
        return ProgrammeHistoryEntry.model_validate(data)


_FINISHED = frozenset({CompletionOutcome.COMPLETE, CompletionOutcome.NOT_COMPLETED})


def _problem(field: str, code: str, message: str) -> FieldProblem:
    return FieldProblem(field=field, code=code, message=message)


class ProgrammeHistoryView(BaseModel):
    """One entry of the history as read: the entry, who recorded it and when, and what it
    supersedes or is superseded by."""

    model_config = ConfigDict(frozen=True)

    id: int
    entry: ProgrammeHistoryEntry
    source: EntrySource
    referral_id: int | None = None
    recorded_by: str
    recorded_at: dt.datetime
    supersedes_id: int | None = None
    superseded_by_id: int | None = None

    @property
    def current(self) -> bool:
        return self.superseded_by_id is None

    @property
    def standing(self) -> bool:
        """Current and about a programme: not a withdrawn entry (module docstring)."""
        return self.current and self.entry.outcome.holds

    def in_progress_at(self, release_date: dt.date | None) -> bool:
        """In progress and expected to go on past ``release_date`` (or with no end known, or
        no release date known): it needs follow-on in the community."""
        if self.entry.outcome is not CompletionOutcome.IN_PROGRESS:
            return False
        end = self.entry.expected_end_on
        return end is None or release_date is None or end > release_date


def with_superseded_by(views: Iterable[ProgrammeHistoryView]) -> tuple[ProgrammeHistoryView, ...]:
    """The views with ``superseded_by_id`` filled from the entries that supersede them."""
    listed = list(views)
    by = {v.supersedes_id: v.id for v in listed if v.supersedes_id is not None}
    return tuple(v.model_copy(update={"superseded_by_id": by.get(v.id)}) for v in listed)


def current_entries(views: Iterable[ProgrammeHistoryView]) -> tuple[ProgrammeHistoryView, ...]:
    """The entries nothing supersedes, in the order given."""
    return tuple(view for view in views if view.current)


def standing_entries(views: Iterable[ProgrammeHistoryView]) -> tuple[ProgrammeHistoryView, ...]:
    """The current entries that are programmes (done, ended or in progress): no withdrawn
    entry, in the order given. What the plan, the profile and the printed copy read."""
    return tuple(view for view in views if view.standing)


def completed(views: Iterable[ProgrammeHistoryView]) -> tuple[ProgrammeHistoryView, ...]:
    """The current entries whose programme was completed."""
    return tuple(v for v in current_entries(views) if v.entry.outcome is CompletionOutcome.COMPLETE)


def in_progress_at_release(
    views: Iterable[ProgrammeHistoryView], release_date: dt.date | None
) -> tuple[ProgrammeHistoryView, ...]:
    """The current entries in progress that go on past release (``in_progress_at``)."""
    return tuple(v for v in current_entries(views) if v.in_progress_at(release_date))


#: The outcome and setting as the screens and printed copies say them.
OUTCOME_LABELS: dict[CompletionOutcome, str] = {
    CompletionOutcome.COMPLETE: "Completed",
    CompletionOutcome.NOT_COMPLETED: "Not completed",
    CompletionOutcome.CANCELLED: "Cancelled",
    CompletionOutcome.IN_PROGRESS: "In progress",
    CompletionOutcome.WITHDRAWN: "Withdrawn (no longer holds)",
}
SETTING_LABELS: dict[ProgrammeSetting, str] = {
    ProgrammeSetting.CUSTODY: "Custody",
    ProgrammeSetting.COMMUNITY: "Community",
}


def reason_words(code: str | None) -> str:
    """A reason or category code of no workflow category in words (an entry recorded by hand
    with a code of its own): the move's prefix (``D_`` deselected, ``W_`` withdrawn) dropped,
    the rest as a phrase (``D_MOTIVATION`` -> "Motivation", ``W_NO_TIME`` -> "No time")."""
    if not code:
        return ""
    words = code.split("_", 1)[1] if code[:2] in ("D_", "W_") and len(code) > 2 else code
    return words.replace("_", " ").strip().capitalize()


#: The workflow's move of each reason group, in words ("Deselected", "Withdrawn").
_GROUP_WORDS = {status.reason_group: status.label for status in STATUSES if status.reason_group}
_CATEGORIES = {category.code: category for category in CATEGORIES}


def _workflow_reason_text(category_code: str, reason_code: str | None) -> str | None:
    """A workflow category and reason in the workflow's own labels ("Deselected, Operational:
    Transferred"); None when the category is not one of the workflow's."""
    category = _CATEGORIES.get(category_code)
    if category is None:
        return None
    heading = category.label
    if category.group in _GROUP_WORDS:
        heading = f"{_GROUP_WORDS[category.group]}, {heading}"
    if not reason_code:
        return heading
    labels = {reason.code: reason.label for reason in category.reasons}
    return f"{heading}: {labels.get(reason_code) or reason_words(reason_code)}"


def reason_text(entry: ProgrammeHistoryEntry) -> str:
    """The entry's category and reason in words: the workflow's labels for a referral's
    ending ("Deselected, Operational: Transferred"), else the codes as phrases
    ("Motivation: missed", "Operational")."""
    if entry.reason_category:
        workflow = _workflow_reason_text(entry.reason_category, entry.reason)
        if workflow is not None:
            return workflow
    category, reason = reason_words(entry.reason_category), reason_words(entry.reason)
    if category and reason and reason.casefold() != category.casefold():
        return f"{category}: {reason.lower()}"
    return category or reason
