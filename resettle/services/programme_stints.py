"""A referral's time on its programme on the person's programme history, as the referral moves
(``domain/programme_history.py``): staging helpers run inside the caller's unit of work, after
its reach and permission checks and after the move's history entry is appended; they neither
audit nor commit.

After every move or correction the referral's entry follows its status
(:func:`follow_referral_on_history`):

- at On programme, one entry *in progress* per stint: from the first session the referral's
  place covers (the day of the move when none yet), expected to end on the group's last
  planned session, where the programme runs, and its evidence-pack intervention. A referral
  back on the programme after a correction or a deselection that kept it open gets a new
  entry superseding the one that stood, never a second current one;
- at programme complete, deselected or withdrawn, its ending, by rule
  (``programme_outcomes.record_referral_ending``), superseding the entry in progress;
- at any other status (a move to On programme corrected, a deselection that keeps the
  referral open, an ending corrected back to before the programme), the entry that stood no
  longer holds: a *withdrawn* entry supersedes it (the history is append-only).
"""

from __future__ import annotations

import datetime as dt

from resettle.domain.programme_completion import CompletionOutcome
from resettle.domain.programme_referral_statuses import ProgrammeReferralStatus
from resettle.domain.staff import Actor
from resettle.services.programme_outcomes import (
    current_referral_entry,
    establishment_name_of,
    planned_sessions,
    record_referral_ending,
    referral_history_row,
    referral_programme,
)
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.programme_referrals import ProgrammeReferralRow

S = ProgrammeReferralStatus
#: The statuses at which the referral's ending goes on the history.
ENDINGS = frozenset({S.PROGRAMME_COMPLETE.value, S.DESELECTED.value, S.WITHDRAWN.value})
_IN_PROGRESS = CompletionOutcome.IN_PROGRESS.value
_WITHDRAWN = CompletionOutcome.WITHDRAWN.value


def follow_referral_on_history(
    actor: Actor, uow: UnitOfWork, row: ProgrammeReferralRow, today: dt.date
) -> int | None:
    """Bring the referral's entry on the programme history into line with its status (module
    docstring). Returns the id of the entry appended, or None when none was."""
    if row.status in ENDINGS:
        return record_referral_ending(actor, uow, row, today)
    if row.status == S.ON_PROGRAMME.value:
        return record_programme_start(actor, uow, row, today)
    return withdraw_referral_entry(actor, uow, row)


def stint_dates(
    uow: UnitOfWork, row: ProgrammeReferralRow, today: dt.date
) -> tuple[dt.date, dt.date | None]:
    """(started on, expected to end on) of the referral's time on its programme: the first
    session its place covers (``today`` when none does yet), and the last planned session of
    its group, not replaced (the group's end when no session is planned; None with no place)."""
    _planned, counted = planned_sessions(uow, row)
    started_on = min((s.starts_at.date() for s in counted), default=today)
    place = uow.programme_referrals.current_place(row.id)
    if place is None:
        places = uow.programme_referrals.places_of([row.id])
        place = places[-1] if places else None
    if place is None:
        return started_on, None
    sessions = [
        s
        for s in uow.programme_attendance.sessions_of_groups({place.group_id})
        if s.replaced_at is None
    ]
    if sessions:
        return started_on, max(s.starts_at.date() for s in sessions)
    group = uow.programmes.group(place.group_id)
    return started_on, group.ends_on if group is not None else None


def record_programme_start(
    actor: Actor, uow: UnitOfWork, row: ProgrammeReferralRow, today: dt.date
) -> int | None:
    """The referral is on its programme: append its entry in progress, superseding the
    referral's current entry (withdrawn, or an ending a correction took back), unless an entry
    in progress already stands for this stint. Returns the new entry's id, or None."""
    current = current_referral_entry(uow, row)
    if current is not None and current.outcome == _IN_PROGRESS:
        return None
    programme = referral_programme(uow, row)
    started_on, expected_end_on = stint_dates(uow, row, today)
    if expected_end_on is not None and expected_end_on < started_on:
        expected_end_on = started_on
    entry = referral_history_row(
        actor,
        row,
        supersedes=current,
        programme_code=programme.code,
        programme_name=programme.name,
        setting=programme.setting.value,
        location=establishment_name_of(uow, row),
        started_on=started_on,
        ended_on=None,
        expected_end_on=expected_end_on,
        outcome=_IN_PROGRESS,
        reason_category=None,
        reason=None,
        evidence_intervention_id=programme.evidence_intervention_id,
    )
    uow.programme_history.add(entry)
    return entry.id


def withdraw_referral_entry(actor: Actor, uow: UnitOfWork, row: ProgrammeReferralRow) -> int | None:
    """The referral is neither on its programme nor ended: the entry that stood for it (in
    progress, or an ending a correction took back) no longer holds. Append a withdrawn entry
    superseding it (same programme, place and start; no end), carrying the reason of the move
    when it gave one (a deselection that keeps the referral open). Returns its id, or None
    when no entry stands for the referral."""
    current = current_referral_entry(uow, row)
    if current is None or current.outcome == _WITHDRAWN:
        return None
    last = uow.programme_referrals.last_entry(row.id)
    category = last.category if last is not None and last.corrects_id is None else None
    entry = referral_history_row(
        actor,
        row,
        supersedes=current,
        programme_code=current.programme_code,
        programme_name=current.programme_name,
        setting=current.setting,
        location=current.location,
        started_on=current.started_on,
        ended_on=None,
        expected_end_on=None,
        outcome=_WITHDRAWN,
        reason_category=category,
        reason=last.reason if category is not None and last is not None else None,
        evidence_intervention_id=current.evidence_intervention_id,
    )
    uow.programme_history.add(entry)
    return entry.id
