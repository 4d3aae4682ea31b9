"""Programme referrals as records: what a refer and a move ask for, the read models the screens
and the CLI get back, and the rules of the records themselves (the workflow they follow is
``programme_referral_workflow.py``).

- **Pathway override.** A move to *assessed as suitable* of a referral whose programme's
  intensity is not the one the person's programme pathway gives (``pathway_matches``) needs a
  reason from the workflow's ``pathway_override`` reasons. Missing information, or no need
  items recorded, matches no graded programme; a programme not graded by intensity (an
  education course) never needs one.
- **Corrections** are new history entries, never edits: the last move is corrected by a move
  back to the status it left, marked as correcting it, with notes saying why. Who may correct
  it: the role group that may make the reverse move in the workflow, or the programme team
  (:func:`may_correct`). The entry that created the referral, and a correction, cannot be
  corrected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from resettle.domain import clock
from resettle.domain.errors import DomainError
from resettle.domain.moments import aware as _aware
from resettle.domain.plural import counted
from resettle.domain.programme_group_places import PlaceEventView
from resettle.domain.programme_needs import ProgrammePathway
from resettle.domain.programme_referral_workflow import Workflow, WorkflowRoleGroup
from resettle.domain.programmes.catalogue import ProgrammeIntensity
from resettle.domain.programmes.eligibility import ReleaseTime
from resettle.domain.text_fields import MULTI_LINE, CheckedText

#: The longest notes a history entry holds.
NOTES_MAX_LENGTH = 4000

#: The programme intensity each programme pathway points to.
PATHWAY_INTENSITY: dict[ProgrammePathway, ProgrammeIntensity] = {
    ProgrammePathway.HIGH_INTENSITY: ProgrammeIntensity.HIGH,
    ProgrammePathway.MODERATE_INTENSITY: ProgrammeIntensity.MODERATE,
    ProgrammePathway.ALTERNATIVE: ProgrammeIntensity.LOW,
}


def pathway_matches(intensity: ProgrammeIntensity, pathway: ProgrammePathway | None) -> bool:
    """Does a programme of ``intensity`` fit the person's pathway without an override?"""
    if intensity is ProgrammeIntensity.NOT_GRADED:
        return True
    if pathway is None:
        return False
    return PATHWAY_INTENSITY.get(pathway) is intensity


def may_correct(
    workflow: Workflow, groups: Iterable[WorkflowRoleGroup], from_status: str, to_status: str
) -> bool:
    """May ``groups`` correct the move ``from_status`` -> ``to_status`` (a move back)?"""
    held = frozenset(groups)
    if WorkflowRoleGroup.PROGRAMME_TEAM in held:
        return True
    return any(move.to_status == from_status for move in workflow.allowed_moves(to_status, held))


#: Several lines of a caseworker's notes (line breaks and tabs allowed).
_Notes = Annotated[str, MULTI_LINE]


class ReferInput(CheckedText):
    """A referral as the referrer asks for it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    programme_code: str = Field(min_length=1, max_length=32, title="Programme")
    offering_id: int | None = Field(default=None, title="Offering")
    notes: _Notes = Field(default="", max_length=NOTES_MAX_LENGTH, title="Notes")
    #: Submit it now (the usual case) or keep it as a draft to submit later.
    submit: bool = True


class MoveInput(CheckedText):
    """A move as asked for: the status to go to, and what the workflow asks with it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    to_status: str = Field(min_length=1, max_length=40, title="To status")
    category: str | None = Field(default=None, max_length=64, title="Category")
    reason: str | None = Field(default=None, max_length=64, title="Reason")
    override_reason: str | None = Field(default=None, max_length=64, title="Override reason")
    notes: _Notes = Field(default="", max_length=NOTES_MAX_LENGTH, title="Notes")


class CorrectionInput(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    notes: _Notes = Field(min_length=1, max_length=NOTES_MAX_LENGTH, title="Notes")


class HistoryEntryView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    from_status: str | None
    to_status: str
    category: str | None
    reason: str | None
    override_reason: str | None
    notes: str
    moved_by: str
    moved_at: dt.datetime
    seconds_at_previous: int | None
    corrects_id: int | None


class MoveOption(BaseModel):
    """A move the acting account may make, with what it asks for."""

    model_config = ConfigDict(frozen=True)

    to_status: str
    to_label: str
    description: str
    #: The reasons asked for (``ReasonGroup`` code), or none.
    reason_group: str | None
    #: A pathway-override reason is needed (the intensity differs from the pathway).
    needs_override: bool = False


class GroupPlaceView(BaseModel):
    model_config = ConfigDict(frozen=True)

    group_id: int
    group_code: str
    joined_at: dt.datetime
    left_at: dt.datetime | None


class ReferralView(BaseModel):
    """One referral with its history, places, and the moves open to the acting account."""

    model_config = ConfigDict(frozen=True)

    id: int
    person_id: int
    programme_code: str
    programme_name: str
    intensity: str
    offering_id: int | None
    status: str
    status_label: str
    status_since: dt.datetime
    referred_by: str
    referred_at: dt.datetime
    pathway: str | None
    revision: int
    history: tuple[HistoryEntryView, ...]
    places: tuple[GroupPlaceView, ...] = ()
    #: The place changes (given, withdrawn, ended), oldest first.
    place_events: tuple[PlaceEventView, ...] = ()
    moves_open: tuple[MoveOption, ...] = ()
    may_correct_last: bool = False
    #: For an open referral with a group place: the module of each session the group held
    #: before it joined that still needs a catch-up (``programme_completion`` rule 5).
    catch_ups_needed: tuple[int, ...] = ()

    def timeline(self) -> tuple[HistoryEntryView | PlaceEventView, ...]:
        """The moves and the place changes interleaved by time, oldest first (a place change
        at the same moment as a move comes after it: the move ended or gave it)."""
        rows: list[tuple[dt.datetime, int, int, HistoryEntryView | PlaceEventView]] = [
            (_aware(entry.moved_at), 0, index, entry) for index, entry in enumerate(self.history)
        ]
        rows += [
            (_aware(event.at), 1, index, event) for index, event in enumerate(self.place_events)
        ]
        return tuple(row[3] for row in sorted(rows, key=lambda r: r[:3]))


class EstablishmentReferral(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    person_id: int
    prison_number: str | None
    name: str
    programme_code: str
    status: str
    status_since: dt.datetime
    referred_at: dt.datetime
    offering_id: int | None
    #: The referral's revision as listed: an action from the list (withdrawing its group
    #: place) is refused when the referral changed since.
    revision: int = Field(ge=1)
    programme_name: str = ""
    #: The group the referral has a place in now, if any.
    group_id: int | None = None
    group_code: str | None = None
    #: For a closed referral (its closing move ended the place): the group of its last
    #: place, if it had one.
    last_group_code: str | None = None

    def days_waiting(self, is_open: bool, today: dt.date) -> int | None:
        """Whole days since the referral was made, while it is open (``is_open``, its
        status's) without a group place; None otherwise."""
        if not is_open or self.group_id is not None:
            return None
        return max(0, (today - clock.day_of(self.referred_at)).days)


class EstablishmentReferrals(BaseModel):
    """An establishment's referrals (filtered by status when asked) and the count at every
    status (unfiltered)."""

    model_config = ConfigDict(frozen=True)

    establishment_code: str
    status: str | None
    rows: tuple[EstablishmentReferral, ...]
    counts: dict[str, int]
    #: Places taken now in each group of the establishment (group id -> places), counted
    #: as ``give_group_place`` counts them against the capacity.
    places_taken: dict[int, int] = {}
    #: The groups of the establishment whose every session has been held (none still to
    #: come): no place is offered in them.
    sessions_over: frozenset[int] = frozenset()


class ProgrammeChoice(BaseModel):
    """A programme a person may be referred to, with its eligibility check against them."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    intensity: str
    setting: str
    #: ``IneligibleReason`` codes (empty: fits); targeted needs are not checked here.
    ineligible: tuple[str, ...]
    #: Assessing them as suitable would need a pathway-override reason.
    needs_override: bool
    #: (offering id, where it runs: the name of the person's own establishment (custody) or
    #: team (community)); offerings elsewhere are not listed.
    offerings: tuple[tuple[int, str], ...]
    #: The status code of the person's own referral to it that rules out another: one not
    #: closed (they are referred or on it), or one completed (None: no such referral).
    taken_status: str | None = None
    #: Its time needed against their time to release from today (None: does not apply).
    release_time: ReleaseTime | None = None


class ReferralChoices(BaseModel):
    """What the Refer dialog offers: the person's programme pathway and the programmes."""

    model_config = ConfigDict(frozen=True)

    pathway: str | None
    programmes: tuple[ProgrammeChoice, ...]
    #: The person's release date when it is today or past (None: not released).
    released_on: dt.date | None = None


class PersonReleased(DomainError):
    code = "programme_referral.person_released"

    def __init__(self, release_date: dt.date, community_offered: bool = True) -> None:
        advice = " Refer them to a community programme instead." if community_offered else ""
        super().__init__(
            f"This person was released on {release_date.isoformat()}: a custody programme "
            f"can no longer be started.{advice}"
        )


class SessionsBeforeJoining(BaseModel):
    """What a group has held so far, before a place given now: the person would be a late
    joiner, needing a catch-up of each group session of the programme's content held
    (``programme_completion`` rule 5; pre-group and one-to-one sessions are not owed)."""

    model_config = ConfigDict(frozen=True)

    group_id: int
    group_code: str
    #: The module of each group session of the programme's content held so far, in order.
    modules_held: tuple[int, ...] = ()
    #: The day of the group's last session planned (None when none is planned).
    last_session_on: dt.date | None = None
    #: Asked for a referral: the person's release date when it comes before the group's
    #: last session (a custody group): the programme will not be finished in custody.
    released_on: dt.date | None = None

    @property
    def sessions(self) -> int:
        return len(self.modules_held)

    @property
    def modules(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.modules_held)))

    def words(self) -> str:
        """ "Group BC-1 has already held 12 sessions (modules 2 and 4): ...", or "" when it
        has held none."""
        if not self.modules_held:
            return ""
        numbers = [str(n) for n in self.modules]
        named = numbers[0] if len(numbers) == 1 else ", ".join(numbers[:-1]) + " and " + numbers[-1]
        return (
            f"Group {self.group_code} has already held {counted(self.sessions, 'session')} "
            f"({'module' if len(numbers) == 1 else 'modules'} {named}); a place given now needs "
            f"{'a catch-up' if self.sessions == 1 else 'catch-ups'} of "
            f"{'it' if self.sessions == 1 else 'them'} before the programme can be completed"
        )

    def release_words(self) -> str:
        """ "Released on 25/12/2026, before the group's last session on 30/04/2027: ...", or
        "" when the release does not come before it."""
        if self.released_on is None or self.last_session_on is None:
            return ""
        return (
            f"Released on {self.released_on:%d/%m/%Y}, before the group's last session on "
            f"{self.last_session_on:%d/%m/%Y}: the programme will not be finished in custody; "
            "plan follow-on in the community"
        )


class GroupFull(DomainError):
    code = "programme_referral.group_full"

    def __init__(self, group_code: str, capacity: int, then: str = "") -> None:
        self.group_code = group_code
        self.capacity = capacity
        taken = "it is taken" if capacity == 1 else "all are taken"
        super().__init__(
            f"Group {group_code} is full: it has {counted(capacity, 'place')} and {taken}."
            + (f" {then}" if then else "")
        )


class NothingToCorrect(DomainError):
    code = "programme_referral.nothing_to_correct"


class CorrectionNotAllowed(DomainError):
    code = "programme_referral.correction_not_allowed"
