"""A referral's place in a programme group over time: how it ended, and the place changes as
the referral's history shows them, interleaved with its moves.

- **Ends.** A place ends when the programme team withdraws it (``withdrawn``), when the
  referral is deselected, whether the deselection closes the referral or keeps it open at
  *assessed as suitable* or *suitable but not ready* (``deselected``), when the referral is
  completed (``completed``) or closes any other way (``referral_closed``).
- **Release** is a date, not an event: a person released from custody (release date on or
  before the day) no longer holds a place in a custody group, with no change to the place's
  row. From the day after the release date the place is neither counted against the group's
  capacity nor listed on its registers, and no session after it is planned for the referral
  (:func:`released_by`). The history shows it as ended on the release date.
- **Held again.** A correction of the move that ended a place gives the place back: its row
  is held again as if never left (``left_at`` cleared), so the row no longer says it ended.
  The history takes the end and the giving back from the referral's moves instead
  (:class:`PlaceBreak`): a place held when a place-ending move was made, and still held (or
  left only later) when the correction of that move was made, was ended by the move and
  held again by the correction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from resettle.domain import clock
from resettle.domain.moments import aware as _aware


class PlaceEnd(StrEnum):
    """Why a group place ended (stored on the place)."""

    WITHDRAWN = "withdrawn"
    DESELECTED = "deselected"
    COMPLETED = "completed"
    REFERRAL_CLOSED = "referral_closed"


class PlaceEventKind(StrEnum):
    GIVEN = "given"
    WITHDRAWN = "withdrawn"
    ENDED_DESELECTED = "ended_deselected"
    ENDED_COMPLETED = "ended_completed"
    ENDED_REFERRAL_CLOSED = "ended_referral_closed"
    ENDED_RELEASED = "ended_released"
    #: A correction of the move that ended the place gave it back.
    HELD_AGAIN = "held_again"
    #: Ended before the reason was recorded (a place ended before migration 0030).
    ENDED = "ended"


_KIND_OF_END = {
    PlaceEnd.WITHDRAWN.value: PlaceEventKind.WITHDRAWN,
    PlaceEnd.DESELECTED.value: PlaceEventKind.ENDED_DESELECTED,
    PlaceEnd.COMPLETED.value: PlaceEventKind.ENDED_COMPLETED,
    PlaceEnd.REFERRAL_CLOSED.value: PlaceEventKind.ENDED_REFERRAL_CLOSED,
}


class PlaceEventView(BaseModel):
    """One change of a referral's group place, as its history shows it."""

    model_config = ConfigDict(frozen=True)

    kind: PlaceEventKind
    group_code: str
    at: dt.datetime
    #: Who made the change; empty for a release (a date, nobody's act) and for an end made
    #: before who ended it was recorded.
    by: str = ""


class PlaceFacts(BaseModel):
    """What the history needs of one place (read by the service)."""

    model_config = ConfigDict(frozen=True)

    group_code: str
    custody: bool
    joined_at: dt.datetime
    added_by: str
    left_at: dt.datetime | None
    ended_by: str
    end_reason: str | None


class PlaceBreak(BaseModel):
    """A move that ended the referral's group place (if it held one) and the later correction
    of that move, which gave the place back (read by the service from the referral's
    history)."""

    model_config = ConfigDict(frozen=True)

    #: Why the move ended the place (``programme_outcomes.place_end_of``).
    end: PlaceEnd
    ended_at: dt.datetime
    ended_by: str
    corrected_at: dt.datetime
    corrected_by: str

    def broke(self, place: PlaceFacts) -> bool:
        """Was ``place`` ended by the move and held again by its correction: given before the
        move, and not left before the correction (a place withdrawn before the move, or
        given after it, was not ended by it)?"""
        joined = _aware(place.joined_at)
        return joined <= _aware(self.ended_at) and (
            place.left_at is None or _aware(place.left_at) >= _aware(self.corrected_at)
        )


def released_by(release_date: dt.date | None, custody: bool, day: dt.date) -> bool:
    """Is the person released from a (custody) group's place on ``day``: released on or
    before it? For the capacity ``day`` is today; for a session's register and plan, it is
    the day before the session (a session on the release day keeps the person)."""
    return custody and release_date is not None and release_date <= day


def session_day(moment: dt.datetime) -> dt.date:
    """The day of a session at ``moment`` as the release rules take it (UTC, as the
    register's "released" flag does)."""
    return _aware(moment).astimezone(dt.UTC).date()


def release_moment(release_date: dt.date) -> dt.datetime:
    """The moment the history shows a release at: the start of the release day (UTC)."""
    return dt.datetime.combine(release_date, dt.time.min, tzinfo=dt.UTC)


def place_events(
    places: list[PlaceFacts],
    release_date: dt.date | None,
    today: dt.date,
    breaks: Sequence[PlaceBreak] = (),
) -> tuple[PlaceEventView, ...]:
    """The place changes of a referral, oldest first: each place given, each end a
    correction took back and its giving back (``breaks``), and its end. A place in a custody
    group still held at the person's release (not ended before the release day) reads as
    ended by the release on that day, whatever happened to its row after."""
    events: list[PlaceEventView] = []
    released = release_date if release_date is not None and release_date <= today else None
    for place in places:
        events.append(
            PlaceEventView(
                kind=PlaceEventKind.GIVEN,
                group_code=place.group_code,
                at=place.joined_at,
                by=place.added_by,
            )
        )
        for gap in breaks:
            if not gap.broke(place) or (
                place.custody
                and released is not None
                and _aware(gap.ended_at) >= release_moment(released)
            ):
                # Not this place's; or after the release, which ended the place first.
                continue
            events.append(
                PlaceEventView(
                    kind=_KIND_OF_END[gap.end.value],
                    group_code=place.group_code,
                    at=gap.ended_at,
                    by=gap.ended_by,
                )
            )
            events.append(
                PlaceEventView(
                    kind=PlaceEventKind.HELD_AGAIN,
                    group_code=place.group_code,
                    at=gap.corrected_at,
                    by=gap.corrected_by,
                )
            )
        left_day = clock.day_of(place.left_at) if place.left_at is not None else None
        if (
            place.custody
            and released is not None
            and (left_day is None or left_day > released)
            and clock.day_of(place.joined_at) <= released
        ):
            events.append(
                PlaceEventView(
                    kind=PlaceEventKind.ENDED_RELEASED,
                    group_code=place.group_code,
                    # The start of the release day, or the place's giving on that day.
                    at=max(release_moment(released), _aware(place.joined_at)),
                )
            )
        elif place.left_at is not None:
            events.append(
                PlaceEventView(
                    kind=_KIND_OF_END.get(place.end_reason or "", PlaceEventKind.ENDED),
                    group_code=place.group_code,
                    at=place.left_at,
                    by=place.ended_by,
                )
            )
    return tuple(sorted(events, key=lambda e: _aware(e.at)))


class GroupMemberView(BaseModel):
    """A person holding a place in a group now, as the Programmes view lists them."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    referral_id: int
    name: str
    prison_number: str
    referral_status: str
    joined_at: dt.datetime
    limited_access: bool = False


class GroupMembers(BaseModel):
    """Who holds a place in a group now: the people the account may see, and how many other
    places are held by people it may not see (counted, never named)."""

    model_config = ConfigDict(frozen=True)

    group_id: int
    group_code: str
    capacity: int
    members: tuple[GroupMemberView, ...]
    others: int = 0
