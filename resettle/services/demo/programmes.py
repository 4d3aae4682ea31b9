"""Programme delivery in the demo: a programme team account in each establishment, offerings
of several programmes there, and groups running with their sessions generated from the weekly
schedule (bank holidays left out), the same for the same day every time.

Each establishment offers four programmes of the catalogue, taken in turn so that the
establishments differ. Each offering has a group that started some weeks ago and runs on
into the coming weeks. Building Choices groups meet as the programme is delivered, three
times a week at high intensity (52 sessions in 18 weeks) and twice at moderate (26 in 13);
Kaizen three times a week (79 sessions in 27 weeks: at least 6 months), Horizon (34 in 34
weeks) and Becoming New Me+ (92 in 92 weeks: at least 12 months) once, as often as their
least time to complete allows; other groups once a week. The first Building Choices group of
each establishment (every establishment offers one) meets on today's weekday (Monday at a
weekend), so "Today's sessions" has something in it. Building Choices offerings also have a
group starting in a few weeks. Each offering also has a group that finished before today
(number 0), whose people completed the programme or left it (``demo/programme_referrals.py``
fills the groups, registers and histories).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from resettle.domain.programmes.catalogue import Programme
from resettle.domain.programmes.offerings import Weekday, WeeklySlot
from resettle.domain.programmes.sessions import GeneratedSessions, generate_sessions
from resettle.domain.text_fields import STORED
from resettle.domain.working_days import bank_holidays
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage import tables as t

#: The programmes the establishments offer, four each, in turn from the establishment's place:
#: the two Building Choices four apart, so that every establishment offers one of them.
OFFERED = (
    "BC-HIGH",
    "KAIZEN",
    "BSR",
    "EDU-FS-ENGLISH-MATHS",
    "BC-MOD",
    "HORIZON",
    "BNM-PLUS",
    "ALT-ONE-TO-ONE",
)
PER_ESTABLISHMENT = 4
#: Every demo group's weekly slot: long enough for any session of the catalogue.
SLOT_MINUTES = 150
SLOT_STARTS = (dt.time(9, 15), dt.time(13, 45))
#: Weekly slots per group: Building Choices runs 2 to 3 sessions a week (17 to 25 weeks at
#: high intensity, 10 to 13 at moderate). Sessions a week are not published for the others:
#: a programme with only a least time to complete (Kaizen, Horizon, Becoming New Me+) meets
#: as often as still takes that long (:func:`slots_a_week`), the rest once a week.
SLOTS_A_WEEK = {"BC-HIGH": 3, "BC-MOD": 2}
#: Weeks a group runs on after its sessions are planned, for days left out (bank holidays):
#: at least this many, and one in eight of a longer programme's weeks (a Monday slot loses
#: about five days a year).
SPARE_WEEKS = 4
#: The programme team's group hub, shown as the offering's contact.
CONTACT = "Programmes hub, {name}"


@dataclass(frozen=True)
class DemoProgrammes:
    """How much was made (for the loader's tests and progress)."""

    offerings: int
    groups: int
    sessions: int


def slots_a_week(programme: Programme) -> int:
    """Weekly slots for the programme's demo groups: Building Choices as delivered; else the
    most sessions a week that still take the programme's least time to complete (68 + 11
    Kaizen sessions in at least 26 weeks: 3 a week), or one a week when none is given."""
    if programme.code in SLOTS_A_WEEK:
        return SLOTS_A_WEEK[programme.code]
    weeks = programme.weeks_to_complete
    if weeks is None:
        return 1
    return max(1, len(programme.session_templates()) // weeks.minimum)


def _weekday(today: dt.date, shift: int) -> Weekday:
    """Today's weekday (Monday on a weekend), moved on by ``shift`` weekdays."""
    base = today.weekday() if today.weekday() < 5 else 0
    return list(Weekday)[(base + shift) % 5]


def _first_day(today: dt.date, weekday: Weekday, weeks_ago: int) -> dt.date:
    """The ``weekday`` ``weeks_ago`` weeks back from the latest one on or before today."""
    back = (today.weekday() - weekday.number) % 7
    return today - dt.timedelta(days=back + 7 * weeks_ago)


def add_demo_programmes(
    uow: UnitOfWork,
    establishments: list[tuple[int, str, str]],
    team_accounts: dict[int, int],
    today: dt.date,
) -> DemoProgrammes:
    """Offerings, groups and sessions for ``establishments`` (id, code, name), the groups
    facilitated by the establishment's programme team account (``team_accounts``)."""
    programmes: dict[str, tuple[int, Programme]] = {}
    for row in uow.programmes.programmes():
        if row.active:
            programmes[row.code] = (
                row.id,
                Programme.model_validate(row.definition, context=STORED),
            )
    offered = [code for code in OFFERED if code in programmes]
    holidays = bank_holidays(range(today.year - 1, today.year + 2))
    offerings = groups = 0
    sessions: list[dict[str, object]] = []
    for place, (establishment_id, _code, name) in enumerate(establishments):
        for turn in range(min(PER_ESTABLISHMENT, len(offered))):
            code = offered[(place + turn) % len(offered)]
            programme_id, programme = programmes[code]
            offering = t.ProgrammeOfferingRow(
                programme_id=programme_id,
                establishment_id=establishment_id,
                contact=CONTACT.format(name=name),
                active=True,
            )
            uow.programmes.add(offering)
            offerings += 1
            a_week = slots_a_week(programme)
            needed = -(-len(programme.session_templates()) // a_week)  # weeks, rounded up
            # (group number, weeks ago): one that finished a few weeks ago, one running.
            starts = [(0, needed + 3 + (place + turn) % 4), (1, 2 + (place + turn) % 5)]
            if code.startswith("BC-"):
                starts.append((2, -3))  # starts in three weeks
            for number, weeks_ago in starts:
                meets_today = number == 1 and code.startswith("BC-")
                first = 0 if meets_today else turn + number
                # Every other weekday from the first: Monday, Wednesday, Friday for three.
                weekdays = [_weekday(today, first + 2 * n) for n in range(a_week)]
                starts_on = _first_day(today, weekdays[0], weeks_ago)
                slots = tuple(
                    WeeklySlot(
                        weekday=weekday, starts_at=SLOT_STARTS[turn % 2], minutes=SLOT_MINUTES
                    )
                    for weekday in sorted(weekdays, key=lambda day: day.number)
                )
                weeks = max(needed + max(SPARE_WEEKS, -(-needed // 8)), 8)
                ends_on = starts_on + dt.timedelta(weeks=weeks)
                group = t.ProgrammeGroupRow(
                    offering_id=offering.id,
                    code=f"{code}-{number}",
                    capacity=12 if programme.intensity != "not_graded" else 10,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    schedule=[slot.model_dump(mode="json") for slot in slots],
                    facilitator_ids=[team_accounts[establishment_id]],
                )
                uow.programmes.add(group)
                groups += 1
                generated = generate_sessions(programme, slots, starts_on, ends_on, holidays)
                if number == 0:  # finished: it ended with its last session
                    group.ends_on = max(p.starts_at.date() for p in generated.sessions)
                sessions.extend(_session_rows(group.id, generated))
    uow.bulk.insert(t.ProgrammeSessionRow, sessions)
    return DemoProgrammes(offerings=offerings, groups=groups, sessions=len(sessions))


def restart_empty_groups(uow: UnitOfWork, today: dt.date) -> int:
    """No group has run with nobody in it: once the demo's people are placed
    (``programme_referrals``), a group with sessions before ``today`` and no place in it
    starts today instead, its sessions generated again from today on the same weekly
    schedule; one that had finished is removed (with its sessions), as never run. Groups not
    started yet are left waiting for their people. Returns the groups changed."""
    programmes = {
        row.id: Programme.model_validate(row.definition, context=STORED)
        for row in uow.programmes.programmes()
    }
    start = dt.datetime.combine(today, dt.time.min, dt.UTC)
    placed = {gid for (gid,) in uow.session.query(t.ProgrammeGroupMemberRow.group_id).distinct()}
    holidays = bank_holidays(range(today.year - 1, today.year + 2))
    changed = 0
    query = uow.session.query(t.ProgrammeGroupRow, t.ProgrammeOfferingRow).join(
        t.ProgrammeOfferingRow, t.ProgrammeOfferingRow.id == t.ProgrammeGroupRow.offering_id
    )
    for group, offering in query.order_by(t.ProgrammeGroupRow.id).all():
        if group.id in placed:
            continue
        of_group = uow.session.query(t.ProgrammeSessionRow).filter(
            t.ProgrammeSessionRow.group_id == group.id
        )
        if of_group.filter(t.ProgrammeSessionRow.starts_at < start).first() is None:
            continue
        # One statement for the group's sessions (nobody was placed: no marks refer to them).
        of_group.delete(synchronize_session="fetch")
        changed += 1
        if group.ends_on < today:
            uow.session.delete(group)
            continue
        programme = programmes[offering.programme_id]
        slots = tuple(WeeklySlot.model_validate(slot, context=STORED) for slot in group.schedule)
        weeks = (group.ends_on - group.starts_on).days // 7
        group.starts_on = today
        group.ends_on = today + dt.timedelta(weeks=weeks)
        generated = generate_sessions(programme, slots, group.starts_on, group.ends_on, holidays)
        uow.bulk.insert(t.ProgrammeSessionRow, _session_rows(group.id, generated))
    uow.session.flush()
    return changed


def _session_rows(group_id: int, generated: GeneratedSessions) -> list[dict[str, Any]]:
    """The rows of a group's generated sessions, for a bulk insert."""
    return [
        {
            "group_id": group_id,
            "sequence": planned.sequence,
            "module_number": planned.module_number,
            "session_number": planned.session_number,
            "name": planned.name,
            "session_type": planned.session_type.value,
            "starts_at": planned.starts_at,
            "ends_at": planned.ends_at,
            "is_catch_up": False,
        }
        for planned in generated.sessions
    ]
