"""Words for the domain's codes, for the officer's copy and (plainer) for the person's copy."""

from __future__ import annotations

from resettle.domain.plan import ActionOwner, ActionStatus, DuePhrase, PlanState
from resettle.domain.working_days import ClosedReason, ReleaseDayNote

OWNER_OFFICER: dict[ActionOwner, str] = {
    ActionOwner.PRISON: "Prison",
    ActionOwner.PROBATION: "Probation",
    ActionOwner.PROVIDER: "Provider",
    ActionOwner.PERSON: "Person",
}

OWNER_PERSON: dict[ActionOwner, str] = {
    ActionOwner.PRISON: "The prison",
    ActionOwner.PROBATION: "Your probation officer",
    ActionOwner.PROVIDER: "A support service",
    ActionOwner.PERSON: "You",
}

STATUS_OFFICER: dict[ActionStatus, str] = {
    ActionStatus.TO_DO: "To do",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.NOT_NEEDED: "Not needed",
}

STATUS_PERSON: dict[ActionStatus, str] = {
    ActionStatus.TO_DO: "Not started",
    ActionStatus.IN_PROGRESS: "Started",
    ActionStatus.DONE: "Done",
    ActionStatus.NOT_NEEDED: "Not needed",
}

#: Said on every page of a draft, both copies (the banner under the header).
NOT_AGREED_YET = "This plan is not agreed yet"

STATE_LABELS: dict[PlanState, str] = {
    PlanState.DRAFT: "Draft",
    PlanState.AGREED: "Agreed",
    PlanState.ISSUED: "Issued",
}


def owner_officer(owner: ActionOwner | None) -> str:
    return OWNER_OFFICER[owner] if owner else "No owner"


def owner_person(owner: ActionOwner | None) -> str:
    return OWNER_PERSON[owner] if owner else "To be agreed"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def due_officer(phrase: DuePhrase, days: int) -> str:
    """'14 days before release', 'Release day', '7 days after release', 'Fixed date'."""
    match phrase:
        case DuePhrase.DAYS_BEFORE_RELEASE:
            return f"{_days(days)} before release"
        case DuePhrase.RELEASE_DAY:
            return "Release day"
        case DuePhrase.DAYS_AFTER_RELEASE:
            return f"{_days(days)} after release"
        case DuePhrase.ON_DATE:
            return "Fixed date"
    return "No date set"


def _span(days: int) -> str:
    if days % 7 == 0:
        weeks = days // 7
        return "1 week" if weeks == 1 else f"{weeks} weeks"
    return _days(days)


def due_person(phrase: DuePhrase, days: int) -> str:
    """'2 weeks before you leave', 'The day you leave', '3 days after you leave'."""
    match phrase:
        case DuePhrase.DAYS_BEFORE_RELEASE:
            return f"{_span(days)} before you leave"
        case DuePhrase.RELEASE_DAY:
            return "The day you leave"
        case DuePhrase.DAYS_AFTER_RELEASE:
            return f"{_span(days)} after you leave"
    return ""


CLOSED_WORDS = {ClosedReason.WEEKEND: "a weekend", ClosedReason.BANK_HOLIDAY: "a bank holiday"}


def release_day_line(note: ReleaseDayNote) -> str:
    """One line for both copies: the release date falls on a closed day, and the day release
    normally happens instead."""
    release, working = note.release_date, note.working_day
    return (
        f"Release date {release:%A} {release.day} {release:%B %Y} falls on "
        f"{CLOSED_WORDS[note.reason]}: release normally happens on the previous working day, "
        f"{working:%A} {working.day} {working:%B %Y}."
    )
