"""Registering people: one from the New person dialog, or a list from ``people add``.

One use case, :func:`register_people`, for both: the list is one unit of work, so a problem
with any row saves none of them; every row is checked, and the error (``RowsRefused``) lists
each row refused (1-based) with the field, so a file is corrected in one go.
``check_only`` runs every check and saves nothing (``people add`` uses it when some rows were
already refused by the file's own checks, to report the rest in the same run). Before
anything is saved each person is checked against those already recorded (and the rows before
it): the same prison number, CRN or PNC number, or the same name and date of birth, folded
(``domain/duplicates.same_name``). Possible matches are refused (``PossibleDuplicates``) until
the officer confirms the person is new; a prison number or CRN already recorded is refused
even then. Each new person is allocated to the registering officer (unless the row names
another officer) and so lands in their caseload; the allocation is kept as history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.exc import IntegrityError

from resettle.domain.access import can_reach
from resettle.domain.audit_actions import AuditAction
from resettle.domain.duplicates import (
    MatchReason,
    PossibleDuplicates,
    PossibleMatch,
    RowRefused,
    RowsRefused,
    same_name,
)
from resettle.domain.errors import DomainError, ValidationFailed
from resettle.domain.essentials import open_counts_before_any_record
from resettle.domain.permissions import Permission, require
from resettle.domain.person import PersonDetail, PersonInput
from resettle.domain.staff import Actor, Role
from resettle.domain.validation import validate
from resettle.services import audit, person_records
from resettle.services.access_scope import placement_of, scope_of
from resettle.services.allocation import check_officer, stage_allocation
from resettle.services.people_checks import check_references, check_unique, duplicate_error
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.people import PersonRow

PersonData = Mapping[str, Any] | PersonInput


def register_people(
    actor: Actor,
    uow: UnitOfWork,
    people: Sequence[PersonData],
    *,
    confirm_new: bool = False,
    check_only: bool = False,
) -> list[PersonDetail]:
    """Register every person in ``people`` or none; ``RowsRefused`` names every row at fault.
    With ``check_only`` nothing is saved (and nothing audited) even when all rows pass."""
    require(actor, Permission.REGISTER_PERSON)
    refusals: list[RowRefused] = []
    checked: dict[int, PersonInput] = {}
    for number, data in enumerate(people, start=1):
        try:
            checked[number] = validate(PersonInput, data)
        except DomainError as error:
            refusals.append(RowRefused(number, error))
    with uow:
        details = []
        for number, person in checked.items():
            try:
                details.append(_stage(actor, uow, person, confirm_new))
            except _Interrupted as stop:  # the transaction cannot go on: report what we have
                if not isinstance(stop.error, DomainError):
                    raise stop.error from None
                raise RowsRefused([*refusals, RowRefused(number, stop.error)]) from None
            except DomainError as error:
                refusals.append(RowRefused(number, error))
        if refusals:
            raise RowsRefused(refusals)
        if check_only:
            return details  # leaving the unit of work rolls everything back
        try:
            uow.commit()
        except IntegrityError as error:  # registered by someone else a moment ago
            raise duplicate_error(error) from None
        return details


def register_person(
    actor: Actor, uow: UnitOfWork, data: PersonData, *, confirm_new: bool = False
) -> PersonDetail:
    """The same use case for one person (the New person dialog): its errors unwrapped."""
    try:
        return register_people(actor, uow, [data], confirm_new=confirm_new)[0]
    except RowRefused as refused:
        raise refused.error from None


def find_possible_matches(uow: UnitOfWork, person: PersonInput) -> list[PossibleMatch]:
    """Internal: people already recorded who may be ``person`` (inside an open unit of work)."""
    name = (person.given_name, person.family_name)
    matches = []
    for row, closed in uow.people.possible_matches(
        person.prison_number, person.crn, person.pnc_number, person.date_of_birth
    ):
        reasons = [
            reason
            for reason, same in (
                (MatchReason.PRISON_NUMBER, row.prison_number == person.prison_number),
                (MatchReason.CRN, row.crn == person.crn),
                (
                    MatchReason.PNC_NUMBER,
                    person.pnc_number is not None and row.pnc_number == person.pnc_number,
                ),
                (
                    MatchReason.NAME_AND_DATE_OF_BIRTH,
                    row.date_of_birth == person.date_of_birth
                    and same_name((row.given_name, row.family_name), name),
                ),
            )
            if same
        ]
        if reasons:
            matches.append(
                PossibleMatch(
                    person_id=row.id,
                    prison_number=row.prison_number,
                    crn=row.crn,
                    name=f"{row.given_name} {row.family_name}",
                    date_of_birth=row.date_of_birth,
                    reasons=tuple(reasons),
                    closed=closed,
                )
            )
    return matches


def _stage(actor: Actor, uow: UnitOfWork, person: PersonInput, confirm_new: bool) -> PersonDetail:
    matches = _shown_matches(actor, uow, find_possible_matches(uow, person))
    if matches:
        found = PossibleDuplicates(matches)
        if not (confirm_new and found.can_confirm):
            raise found
    check_references(uow, person)
    check_unique(uow, person, excluding=None)
    officer_id = person.responsible_officer_id
    if officer_id is None and actor.holds(Role.OFFICER):
        officer_id = actor.id
    if officer_id is None:
        raise ValidationFailed.single(
            "responsible_officer_id",
            "required",
            "Responsible officer: choose the officer whose team's caseload the person joins",
        )
    check_officer(uow, officer_id, "responsible_officer_id")
    critical, other = open_counts_before_any_record()
    row = PersonRow(version=1, open_critical_essentials=critical, open_other_essentials=other)
    person_records.apply(row, person.model_copy(update={"responsible_officer_id": officer_id}))
    row.team_id = uow.access.team_for_officer(officer_id, keep=None)
    try:
        uow.people.add(row)
    except IntegrityError as error:  # taken a moment ago: the transaction cannot go on
        raise _Interrupted(duplicate_error(error)) from None
    audit.record(uow, actor, AuditAction.PERSON_REGISTERED, row.id, person_id=row.id)
    stage_allocation(uow, actor, row, previous_officer_id=None)
    uow.flush()
    return person_records.to_detail(row)


def _shown_matches(actor: Actor, uow: UnitOfWork, matches: list[Any]) -> list[Any]:
    """Possible duplicates the registering officer is told of: those they reach first; else
    those on other teams' caseloads (so nobody is registered twice), but never a
    limited-access person they are not named on or are excluded from."""
    scope = scope_of(actor, uow)
    reached, elsewhere = [], []
    for match in matches:
        row = uow.people.get(match.person_id)
        if row is None:
            continue
        placement = placement_of(row)
        if can_reach(scope, placement):
            reached.append(match)
        elif not row.restricted and match.person_id not in scope.excluded_person_ids:
            elsewhere.append(match)
    return reached or elsewhere


class _Interrupted(Exception):
    """A row could not be added and the transaction is over (taken by someone else)."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error
