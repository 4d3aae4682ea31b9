"""Recording and reading a person's outcome checks after release (``domain/outcome_checks.py``).

Append-only, like the programme history: recording adds a check, correcting adds a check that
supersedes the current one of the same point, which stays on record. Officers record for the
people they reach (``RECORD_OUTCOME_CHECKS``); whoever may open the record reads the checks.
Each write keeps ``people.outcome_check_due_on`` current in the same unit of work.

Two saves of the same person's checks at once are serialised on a record part of their own
(``OUTCOME_CHECKS_PART``, claimed at the revision read in the transaction): the second is
refused as a concurrent edit, so a point never gets two current checks for one release. Two
corrections of the same check are also refused by the unique ``supersedes_id``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError

from resettle.domain import clock
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ConcurrentEdit, FieldProblem, ValidationFailed
from resettle.domain.outcome_check_views import (
    OutcomeCheckEntry,
    OutcomeChecksView,
    OutcomePointView,
    point_status,
)
from resettle.domain.outcome_checks import (
    CheckPoint,
    OutcomeCheck,
    OutcomeCheckInput,
    due_on,
    points_for,
    release_problems,
)
from resettle.domain.permissions import Permission, require
from resettle.domain.seen_by import ViewPlace
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.access_scope import person_permissions
from resettle.services.person_access import changeable_person, claim_part, reachable_person
from resettle.services.read_only_storage import commit_view
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.outcome_checks import OutcomeCheckRow

NEEDS = Permission.RECORD_OUTCOME_CHECKS
#: The record part whose revision serialises saves of a person's outcome checks.
OUTCOME_CHECKS_PART = "outcome_checks"

CONCURRENT_MESSAGE = (
    "Someone else recorded an outcome check for this person a moment ago. Yours was not "
    "saved: reload the checks and correct the current one if it still needs it."
)


def outcome_checks(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    today: dt.date | None = None,
    *,
    opened_from: ViewPlace | None = None,
) -> OutcomeChecksView:
    """The person's outcome checks: one view per point asked of them, with its status.
    ``opened_from``: audited as an opening of the record there (the command line; the
    person window's own opening is audited already)."""
    require(actor, Permission.VIEW_OUTCOME_CHECKS)
    with uow:
        person = reachable_person(actor, uow, person_id, Permission.VIEW_OUTCOME_CHECKS)
        may_record = NEEDS in person_permissions(actor, uow, person) and not person.case_closed
        view = load_outcome_checks(
            uow, person_id, person.release_date, today or clock.today(), may_record
        )
        if opened_from is not None:
            commit_view(uow, actor, person.id, opened_from)  # read-only storage: logged
        return view


def load_outcome_checks(
    uow: UnitOfWork,
    person_id: int,
    release_date: dt.date | None,
    today: dt.date,
    may_record: bool = False,
) -> OutcomeChecksView:
    """Internal loader (inside an open unit of work, after the reach check)."""
    rows = uow.outcome_checks.of_person(person_id)
    treatment_need = uow.outcome_checks.treatment_need(person_id)
    superseded_by = {row.supersedes_id: row.id for row in rows if row.supersedes_id is not None}
    checks = [check_of(row) for row in rows]
    points: list[OutcomePointView] = []
    if release_date is not None:
        for point in points_for(treatment_need):
            history = tuple(
                OutcomeCheckEntry(
                    check=check,
                    superseded_by=superseded_by.get(check.id),
                    current_release=check.release_date == release_date,
                )
                for check in checks
                if check.point is point
            )
            current = next(
                (
                    entry.check
                    for entry in history
                    if entry.current_release and not entry.superseded
                ),
                None,
            )
            due = due_on(point, release_date)
            points.append(
                OutcomePointView(
                    point=point,
                    due_on=due,
                    status=point_status(due, current is not None, today),
                    current=current,
                    history=history,
                )
            )
    return OutcomeChecksView(
        person_id=person_id,
        release_date=release_date,
        released=release_date is not None and release_date <= today,
        treatment_need=treatment_need,
        points=tuple(points),
        may_record=may_record,
    )


def record_outcome_check(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    data: Mapping[str, Any] | OutcomeCheckInput,
    supersedes_id: int | None = None,
    today: dt.date | None = None,
) -> OutcomeCheck:
    """Record a check at a point after release, or (``supersedes_id``) correct the current
    check of that point with a new one. Refused, naming the field, before anything is saved:
    an answer missing or out of place for the point, dates outside release..today, a person
    not released, a point not asked of them, a second check of a recorded point, a correction
    of anything but the point's current check."""
    require(actor, NEEDS)
    given = validate(OutcomeCheckInput, data)
    day = today or clock.today()
    with uow:
        person = changeable_person(actor, uow, person_id, NEEDS)
        release_date = person.release_date
        problems = release_problems(given, release_date, day)
        treatment_need = uow.outcome_checks.treatment_need(person_id)
        if given.point not in points_for(treatment_need):
            problems.insert(
                0,
                FieldProblem(
                    "point",
                    "not_asked",
                    "Check: a treatment start is asked only of a person with a drugs or "
                    "alcohol treatment need.",
                ),
            )
        if problems:
            raise ValidationFailed(problems)
        assert release_date is not None  # release_problems refuses a person without one
        revision = uow.case.part_revisions(person_id).get(OUTCOME_CHECKS_PART, 0)
        claim_part(uow, person_id, OUTCOME_CHECKS_PART, revision)
        current = _current_row(uow, person_id, given.point, release_date)
        _check_against_current(current, supersedes_id)
        if current is not None and _same_answers(current, given):
            raise ValidationFailed.single(
                "supersedes_id",
                "unchanged",
                "Corrects: nothing is different from the check it corrects; change an answer, "
                "a date or the note.",
            )
        try:
            row = uow.outcome_checks.add(
                OutcomeCheckRow(
                    person_id=person_id,
                    point=given.point.value,
                    release_date=release_date,
                    checked_on=given.checked_on,
                    accommodation=_code(given.accommodation),
                    employment=_code(given.employment),
                    treatment=_code(given.treatment),
                    treatment_started_on=given.treatment_started_on,
                    note=given.note,
                    supersedes_id=supersedes_id,
                    recorded_by_id=actor.id,
                    recorded_by=actor.display_name,
                )
            )
        except IntegrityError:  # corrected by someone else a moment ago
            raise ConcurrentEdit(CONCURRENT_MESSAGE) from None
        if supersedes_id is None:
            audit.record(
                uow,
                actor,
                AuditAction.OUTCOME_CHECK_RECORDED,
                row.id,
                person_id=person_id,
                point=given.point.value,
            )
        else:
            audit.record(
                uow,
                actor,
                AuditAction.OUTCOME_CHECK_CORRECTED,
                row.id,
                person_id=person_id,
                point=given.point.value,
                supersedes=supersedes_id,
            )
        check = check_of(row)
        try:
            uow.commit()
        except IntegrityError:
            raise ConcurrentEdit(CONCURRENT_MESSAGE) from None
        return check


def _code(value: Any) -> str | None:
    return None if value is None else str(value.value)


def _current_row(
    uow: UnitOfWork, person_id: int, point: CheckPoint, release_date: dt.date
) -> OutcomeCheckRow | None:
    rows = uow.outcome_checks.of_person(person_id)
    superseded = {row.supersedes_id for row in rows if row.supersedes_id is not None}
    return next(
        (
            row
            for row in rows
            if row.point == point.value
            and row.release_date == release_date
            and row.id not in superseded
        ),
        None,
    )


def _check_against_current(current: OutcomeCheckRow | None, supersedes_id: int | None) -> None:
    if supersedes_id is None:
        if current is not None:
            raise ValidationFailed.single(
                "point",
                "already_recorded",
                "Check: already recorded for this release; correct it instead.",
            )
        return
    if current is None or current.id != supersedes_id:
        raise ValidationFailed.single(
            "supersedes_id",
            "not_current",
            "Corrects: not the current check of this point for this person's release; "
            "reload the checks and correct the current one.",
        )


def _same_answers(current: OutcomeCheckRow, given: OutcomeCheckInput) -> bool:
    """A correction that would record exactly what the current check holds."""
    return (
        current.checked_on == given.checked_on
        and current.accommodation == _code(given.accommodation)
        and current.employment == _code(given.employment)
        and current.treatment == _code(given.treatment)
        and current.treatment_started_on == given.treatment_started_on
        and current.note == given.note
    )


def check_of(row: OutcomeCheckRow) -> OutcomeCheck:
    return OutcomeCheck.model_validate(row, from_attributes=True)
