"""The programme CSV exports' rows (``domain/programme_exports.py``) for one establishment and
a range of days, each read in few queries, kept to the people the account reaches. Only the
programme team and managers take them (``EXPORT_PROGRAMME_DATA``): the files hold people's names
in bulk. Each export is audited as one row holding the counts (``person_id`` null) and one row
per person in the file (``person_id`` set, their row count), so a person's subject access
audit shows that their data left in a file, when and to whom.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from resettle.domain import clock
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import Permission, require
from resettle.domain.programme_attendance import AttendanceOutcome
from resettle.domain.programme_exports import ASSESSED, ReferralMilestones, WeeklyAttendance
from resettle.domain.programme_group_places import released_by, session_day
from resettle.domain.programme_referral_statuses import ProgrammeReferralStatus
from resettle.domain.programmes.sessions import SESSION_ZONE
from resettle.domain.staff import Actor
from resettle.services import audit
from resettle.services.access_scope import scope_of
from resettle.services.programme_establishment_reach import load_establishment_in_reach
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.repositories.access import reach_condition
from resettle.storage.tables.programme_referrals import ProgrammeReferralHistoryRow
from resettle.storage.tables.staff import EstablishmentRow

S = ProgrammeReferralStatus
_ONE_DAY = dt.timedelta(days=1)


def _range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The days ``start`` to ``end`` (both included), in England and Wales's time."""
    if end < start:
        raise ValidationFailed.single("to", "before_from", "To: the last day is before --from")
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=SESSION_ZONE),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=SESSION_ZONE),
    )


def _local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(SESSION_ZONE).date()


def _standing(entries: list[ProgrammeReferralHistoryRow]) -> list[ProgrammeReferralHistoryRow]:
    """The entries whose move stood: neither corrected later nor a correction."""
    corrected = {entry.corrects_id for entry in entries if entry.corrects_id is not None}
    return [e for e in entries if e.id not in corrected and e.corrects_id is None]


def referral_milestones_export(
    actor: Actor, uow: UnitOfWork, establishment_code: str, start: dt.date, end: dt.date
) -> tuple[ReferralMilestones, ...]:
    """One row per referral of the establishment's people made in the days ``start`` to
    ``end``, with its milestone dates (``domain/programme_exports.py``)."""
    require(actor, Permission.EXPORT_PROGRAMME_DATA)
    low, high = _range(start, end)
    with uow:
        establishment = load_establishment_in_reach(actor, uow, establishment_code)
        rows = uow.programme_attendance.referral_milestones(
            establishment.id, reach_condition(scope_of(actor, uow)), low, high
        )
        history: dict[int, list[ProgrammeReferralHistoryRow]] = defaultdict(list)
        for entry in uow.programme_referrals.history_of([row.id for row in rows]):
            history[entry.referral_id].append(entry)
        workflow = uow.programme_workflow.workflow()
        closed = {s.code for s in workflow.statuses if s.closed}
        # A deselection: into Deselected, or a move that takes the referral off the
        # programme and keeps it open (back to Assessed as suitable or Suitable but not ready).
        keeps_open = {(m.from_status, m.to_status) for m in workflow.moves if m.deselects}
        found: list[ReferralMilestones] = []
        for row in rows:
            entries = _standing(history[row.id])
            closing = _first(entries, closed)
            deselection = next(
                (
                    e
                    for e in entries
                    if e.to_status == S.DESELECTED.value
                    or (e.from_status, e.to_status) in keeps_open
                ),
                None,
            )
            found.append(
                ReferralMilestones(
                    referral_id=row.id,
                    prison_number=row.prison_number or "",
                    name=f"{row.given_name} {row.family_name}",
                    programme=row.programme_code,
                    referred=_local_day(row.referred_at),
                    submitted=_day(_first(entries, {S.SUBMITTED.value})),
                    awaiting_assessment=_day(_first(entries, {S.AWAITING_ASSESSMENT.value})),
                    assessment_started=_day(_first(entries, {S.ASSESSMENT_STARTED.value})),
                    assessed=_day(_first(entries, ASSESSED)),
                    on_programme=_day(_first(entries, {S.ON_PROGRAMME.value})),
                    deselected=_day(deselection),
                    deselection_reason_category=deselection.category if deselection else None,
                    deselection_reason=deselection.reason if deselection else None,
                    completed_or_closed=_day(closing),
                    status_now=workflow.status(row.status).label,
                    status_code=row.status,
                    reason_category=closing.category if closing else None,
                    reason=closing.reason if closing else None,
                )
            )
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_REFERRALS_EXPORTED,
            establishment.id,
            person_id=None,
            establishment=establishment.code,
            from_day=start.isoformat(),
            to_day=end.isoformat(),
            rows=len(found),
        )
        _record_people(
            uow,
            actor,
            True,
            establishment,
            start,
            end,
            Counter(row.person_id for row in rows),
        )
        uow.commit()
        return tuple(found)


def _record_people(
    uow: UnitOfWork,
    actor: Actor,
    referrals: bool,
    establishment: EstablishmentRow,
    start: dt.date,
    end: dt.date,
    rows_by_person: Counter[int],
) -> None:
    """One audit row per person in the file: who took their data, when, which export and
    how many of its rows are theirs (codes and counts only); ``referrals``: the milestones
    export, else the weekly attendance."""
    audit.record_many(
        uow,
        actor,
        AuditAction.PROGRAMME_REFERRALS_EXPORTED
        if referrals
        else AuditAction.PROGRAMME_ATTENDANCE_EXPORTED,
        [
            (
                establishment.id,
                person_id,
                {
                    "establishment": establishment.code,
                    "from_day": start.isoformat(),
                    "to_day": end.isoformat(),
                    "rows": rows,
                },
            )
            for person_id, rows in sorted(rows_by_person.items())
        ],
    )


def _first(
    entries: list[ProgrammeReferralHistoryRow], statuses: set[str] | frozenset[str]
) -> ProgrammeReferralHistoryRow | None:
    return next((entry for entry in entries if entry.to_status in statuses), None)


def _day(entry: ProgrammeReferralHistoryRow | None) -> dt.date | None:
    return _local_day(entry.moved_at) if entry is not None else None


#: A session's current mark (None: none yet) -> its count in a weekly row (0 is scheduled).
_COLUMN_OF_OUTCOME: dict[str | None, int] = {
    AttendanceOutcome.ATTENDED_COMPLIED.value: 1,
    AttendanceOutcome.ATTENDED_FAILED_TO_COMPLY.value: 1,
    AttendanceOutcome.ACCEPTABLE_ABSENCE.value: 2,
    AttendanceOutcome.UNACCEPTABLE_ABSENCE.value: 3,
    None: 4,
}


def weekly_attendance_export(
    actor: Actor,
    uow: UnitOfWork,
    establishment_code: str,
    start: dt.date,
    end: dt.date,
    today: dt.date | None = None,
) -> tuple[WeeklyAttendance, ...]:
    """One row per person per week (Monday) per group of the establishment's sessions in the
    days ``start`` to ``end`` that started by ``today`` (a session still to come counts
    nowhere): sessions scheduled, attended, absent acceptably, absent unacceptably (missed),
    and not yet marked (``domain/programme_exports.py``)."""
    require(actor, Permission.EXPORT_PROGRAMME_DATA)
    low, high = _range(start, end)
    # Sessions after today are not scheduled yet as far as the figures go.
    last_day = today or clock.today()
    high = min(high, dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), SESSION_ZONE))
    with uow:
        establishment = load_establishment_in_reach(actor, uow, establishment_code)
        rows = uow.programme_attendance.weekly_attendance(
            establishment.id, reach_condition(scope_of(actor, uow)), low, high
        )
        weeks: dict[tuple[dt.date, int, str], list[int]] = {}
        people: dict[tuple[dt.date, int, str], tuple[str, str, str]] = {}
        for row in rows:
            if released_by(row.release_date, True, session_day(row.starts_at) - _ONE_DAY):
                continue  # released before the session: not scheduled for them
            day = _local_day(row.starts_at)
            key = (day - dt.timedelta(days=day.weekday()), row.person_id, row.group_code)
            counts = weeks.setdefault(key, [0, 0, 0, 0, 0])
            people[key] = (
                row.prison_number or "",
                f"{row.given_name} {row.family_name}",
                row.programme_code,
            )
            counts[0] += 1
            counts[_COLUMN_OF_OUTCOME[row.outcome]] += 1
        found = tuple(
            WeeklyAttendance(
                week_starting=key[0],
                prison_number=people[key][0],
                name=people[key][1],
                programme=people[key][2],
                group=key[2],
                scheduled=counts[0],
                attended=counts[1],
                acceptable_absence=counts[2],
                unacceptable_absence=counts[3],
                not_yet_marked=counts[4],
            )
            for key, counts in sorted(weeks.items(), key=lambda i: (i[0][0], people[i[0]][0]))
        )
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_ATTENDANCE_EXPORTED,
            establishment.id,
            person_id=None,
            establishment=establishment.code,
            from_day=start.isoformat(),
            to_day=end.isoformat(),
            rows=len(found),
            people=len({key[1] for key in weeks}),
        )
        _record_people(
            uow,
            actor,
            False,
            establishment,
            start,
            end,
            Counter(key[1] for key in weeks),
        )
        uow.commit()
        return found
