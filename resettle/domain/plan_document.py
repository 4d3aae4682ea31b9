"""`PlanDocument`: everything a printed plan shows, frozen and display-ready.

The service layer builds one from the case record (no ORM objects inside), the report layer
prints it, and `snapshot_sha256()` fingerprints it so an issued plan can prove what was printed.
Fields hold strings, dates and domain enums; the printing layer chooses the words for its reader.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from resettle.domain.action_repeats import PartOfDay, RepeatEvery, repeat_dates
from resettle.domain.pathways import Pathway
from resettle.domain.plan import (
    ActionOwner,
    ActionStatus,
    DuePhrase,
    PlanAction,
    PlanState,
    PlanVersion,
    due_phrase,
    resolve_due,
)
from resettle.domain.working_days import ReleaseDayNote


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PersonDetails(_Frozen):
    name: str
    prison_number: str = ""
    crn: str = ""
    pnc: str = ""
    date_of_birth: date | None = None
    establishment: str = ""
    release_date: date | None = None
    release_type: str = ""
    responsible_officer: str = ""
    officer_contact: str = ""  # phone and/or email, as it should be printed
    key_worker: str = ""
    #: The officer's own phone ("" when they have none): the person's copy then gives the
    #: office's number to call instead. Left out of the canonical JSON when empty, with the
    #: office fields below, so a plan issued before they were printed keeps its fingerprint.
    officer_phone: str = ""
    #: The person's team (probation delivery unit): its name, office phone and address.
    office_name: str = ""
    office_phone: str = ""
    office_address: str = ""  # its lines joined by line breaks


class CommunicationNeeds(_Frozen):
    """How to talk and write to the person (officer's copy, right after their details)."""

    preferred_language: str = ""  # "" when not recorded
    interpreter_needed: bool = False
    learning_disability: bool = False  # a learning disability or difficulty
    learning_notes: str = ""


class RiskSummary(_Frozen):
    """Officer's copy only."""

    score_used: str = ""  # e.g. "OGRS3"
    score_source: str = ""  # e.g. "Computed by Resettle from the case record, 3 Feb 2025"
    ogrs3_one_year: str = ""  # display-ready, e.g. "31%"
    ogrs3_two_year: str = ""
    band: str = ""
    confirmed_level: str = ""
    rosh: str = ""  # Risk of Serious Harm summary


class NeedLine(_Frozen):
    pathway: Pathway
    status: str
    severity: str = ""
    linked_to_offending: bool = False
    support_needs: tuple[str, ...] = ()


class RepeatLine(_Frozen):
    """How a repeating action repeats, ready to print; its first time is the line's
    ``due_on``."""

    every: RepeatEvery
    weekday: int = Field(ge=0, le=6)
    part_of_day: PartOfDay | None = None
    #: What ends it, in the person's words ("you start work"); "" when it ends on a date.
    until: str = ""
    #: How the end date was set (for a plan without a release date yet, where no date is
    #: known: "8 weeks after you leave"), and the last time once it is known.
    ends_phrase: DuePhrase = DuePhrase.NO_DATE
    ends_days: int = Field(default=0, ge=0)
    last_on: date | None = None
    times: int = Field(default=0, ge=0)
    #: Bank holidays the schedule lands on, which are left out of its times.
    closed: tuple[date, ...] = ()


class ActionLine(_Frozen):
    pathway: Pathway
    what: str
    owner: ActionOwner | None
    due_on: date | None = None
    due_phrase: DuePhrase = DuePhrase.NO_DATE
    due_days: int = Field(default=0, ge=0)
    status: ActionStatus = ActionStatus.TO_DO
    #: The person's words for an action the app worded from an evidence-pack intervention or
    #: a catalogue support need, unchanged since: the person's copy prints them in place of
    #: ``what`` (the technical name stays on the officer's copy). "" when the officer wrote or
    #: changed the words, which are then printed as written. Left out of the canonical JSON
    #: when "", so a plan issued before they were printed keeps its fingerprint.
    plain_title: str = ""
    plain_sentence: str = ""
    #: None for an action that happens once (left out of the canonical JSON then, so a plan
    #: issued before actions could repeat keeps its fingerprint).
    repeat: RepeatLine | None = None
    #: An appointment the plan lists under its appointments (a referral's, with its time and
    #: place): the person's copy leaves the action out so it is said once. Left out of the
    #: canonical JSON when False.
    appointment: bool = False


#: A release-day essential's status when it does not apply to the person: the officer's copy
#: prints it, the person's copy leaves the item out.
CHECKLIST_NOT_NEEDED = "Not needed"


class ChecklistItem(_Frozen):
    essential: str  # label, e.g. "A place to sleep on the first night"
    status: str  # e.g. "Arranged", "Not yet arranged", CHECKLIST_NOT_NEEDED
    detail: str = ""
    done: bool = False
    #: The person's words for the essential ("A doctor near where you will live" for "GP
    #: registration"), printed on their copy. Left out of the canonical JSON when "", so a
    #: plan issued before they were printed keeps its fingerprint.
    plain: str = ""


class AppointmentLine(_Frozen):
    what: str
    on: date
    time: str = ""  # e.g. "10:30"
    place: str = ""
    with_whom: str = ""


class AftercareContact(_Frozen):
    provider: str
    service: str = ""
    contact: str = ""
    phone: str = ""


class EvidenceBasis(_Frozen):
    intervention: str
    #: What the study found, in plain words ("less reoffending", "no effect on employment").
    finding: str = ""
    rating: str  # the scheme's own rating, word for word ("" when no scheme rated it)
    scheme: str  # the rating scheme's name ("" when none)
    quality: Annotated[int, Field(ge=0, le=4)]
    citation: str


class ProgrammeLine(_Frozen):
    """One programme of the person's history (officer's copy only): the current entries,
    words ready to print."""

    programme: str
    setting: str  # "Custody" or "Community"
    where: str = ""
    started_on: date | None = None
    ended_on: date | None = None
    expected_end_on: date | None = None
    outcome: str  # "Completed", "Not completed", "Cancelled", "In progress"
    reason: str = ""  # why not completed or cancelled, in words ("" when none)


class PlanDocument(_Frozen):
    person: PersonDetails
    risk: RiskSummary = RiskSummary()
    needs: tuple[NeedLine, ...] = ()
    actions: tuple[ActionLine, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    appointments: tuple[AppointmentLine, ...] = ()
    aftercare: tuple[AftercareContact, ...] = ()
    evidence: tuple[EvidenceBasis, ...] = ()
    evidence_pack_version: str = ""
    rule_version: str = ""
    plan_version: int = Field(default=1, ge=1)
    state: PlanState = PlanState.DRAFT
    agreed_by: str = ""
    agreed_at: datetime | None = None
    agreed_by_person: bool = False
    person_agreed_on: date | None = None
    person_agreed_how: str = ""
    officer_notes: tuple[str, ...] = ()  # officer's copy only
    #: The programme history (officer's copy only). Left out of the canonical JSON when empty,
    #: so the fingerprint of a plan issued before programmes were recorded is unchanged.
    programmes: tuple[ProgrammeLine, ...] = ()
    #: None in a plan issued before communication needs were printed (left out of the
    #: canonical JSON then, so its fingerprint is unchanged).
    communication: CommunicationNeeds | None = None
    #: A release date on a weekend or bank holiday, with the previous working day (release
    #: then normally happens on that day). Left out of the canonical JSON when None, so the
    #: fingerprint of a plan issued before it was noted is unchanged.
    release_day: ReleaseDayNote | None = None
    printed_at: datetime


def is_empty_plan(doc: PlanDocument) -> bool:
    """True when the plan has no actions (it still prints, saying so)."""
    return not doc.actions


_PATHWAY_ORDER = {pathway: i for i, pathway in enumerate(Pathway)}
_SIGN = {
    DuePhrase.DAYS_BEFORE_RELEASE: -1,
    DuePhrase.RELEASE_DAY: 0,
    DuePhrase.DAYS_AFTER_RELEASE: 1,
}


def _due_key(action: ActionLine) -> tuple[int, int]:
    """Dated first, by date; then (no release date yet) days from release; no date last."""
    if action.due_on is not None:
        return 0, action.due_on.toordinal()
    if action.due_phrase in _SIGN:
        return 1, _SIGN[action.due_phrase] * action.due_days
    return 2, 0


def by_pathway_then_due(actions: Iterable[ActionLine]) -> tuple[ActionLine, ...]:
    """The actions grouped by pathway (in the pathways' own order), each pathway's in due-date
    order; actions due the same day keep the officer's order (the sort is stable)."""
    return tuple(sorted(actions, key=lambda a: (_PATHWAY_ORDER[a.pathway], _due_key(a))))


#: Person fields added after plans were first issued: left out of the canonical JSON when
#: empty (an older snapshot read back has them empty, and its fingerprint must not change).
_LATER_PERSON_FIELDS = ("officer_phone", "office_name", "office_phone", "office_address")
#: The same for each action's fields added later.
_LATER_ACTION_FIELDS = ("plain_title", "plain_sentence", "repeat", "appointment")


def canonical_json(doc: PlanDocument) -> str:
    """The document's content as canonical JSON: sorted keys, no `printed_at`."""
    leave_out: dict[str, Any] = {"printed_at": True}
    if not doc.programmes:
        leave_out["programmes"] = True
    if doc.communication is None:
        leave_out["communication"] = True
    if doc.release_day is None:
        leave_out["release_day"] = True
    unset = {name for name in _LATER_PERSON_FIELDS if not getattr(doc.person, name)}
    if unset:
        leave_out["person"] = unset
    unworded = {
        i: {name for name in _LATER_ACTION_FIELDS if not getattr(a, name)}
        for i, a in enumerate(doc.actions)
    }
    unworded = {i: names for i, names in unworded.items() if names}
    if unworded:
        leave_out["actions"] = unworded
    unplain = {i: {"plain"} for i, item in enumerate(doc.checklist) if not item.plain}
    if unplain:
        leave_out["checklist"] = unplain
    data = doc.model_dump(mode="json", exclude=leave_out)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def snapshot_sha256(doc: PlanDocument) -> str:
    """A stable fingerprint of what the plan says (the print time does not change it)."""
    return hashlib.sha256(canonical_json(doc).encode("utf-8")).hexdigest()


def repeat_line(action: PlanAction, release_date: date | None) -> RepeatLine | None:
    """How the action repeats, its times counted when its start and end are known."""
    repeat = action.repeat
    if repeat is None:
        return None
    ends_phrase, ends_days = due_phrase(repeat.ends) if repeat.ends else (DuePhrase.NO_DATE, 0)
    line = RepeatLine(
        every=repeat.every,
        weekday=repeat.weekday,
        part_of_day=repeat.part_of_day,
        until=repeat.until or "",
        ends_phrase=ends_phrase,
        ends_days=ends_days,
    )
    start = resolve_due(action.due, release_date)
    if start is None:
        return line
    dates = repeat_dates(repeat, start, release_date)
    return line.model_copy(
        update={"last_on": dates.last, "times": len(dates.times), "closed": dates.closed}
    )


def action_line(action: PlanAction, release_date: date | None) -> ActionLine:
    """The printable line for one plan action (due date resolved against the release date;
    a repeating action's is its first time)."""
    phrase, days = due_phrase(action.due)
    return ActionLine(
        pathway=action.pathway,
        what=action.what,
        owner=action.owner,
        due_on=action.due_on(release_date),
        due_phrase=phrase,
        due_days=days,
        status=action.status,
        repeat=repeat_line(action, release_date),
    )


def action_lines(plan: PlanVersion, release_date: date | None) -> tuple[ActionLine, ...]:
    """All of a plan version's actions in the officer's order, ready to print."""
    return tuple(action_line(a, release_date) for a in plan.ordered_actions())
