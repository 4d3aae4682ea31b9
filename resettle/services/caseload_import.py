"""Importing a caseload file (``resettle import people``, the Import dialog): one use case.

:func:`import_people` checks every row of a read file (``domain/import_file.py``) as the New
person dialog checks a person (``domain/import_rows.check_row``: the same person model),
then, in one unit of work:

- a row whose prison number and CRN are both new makes a person, on the chosen team's
  caseload, in bulk, with the same derived
  columns as a registration (``person_records.column_values``: sort name, search text), the
  caseload's kept keys refreshed before commit, and one ``person.registered`` audit row each;
- a row matching a person by prison number or CRN (both, when both are recorded) updates the
  fields the file gives, when the person's latest import ledger row says the import made or
  last updated them and the record's version is still the one that import left; a person
  changed in Resettle since is left as it is and listed (``changed_since``), a person no
  import made is left as it is and listed (``already_recorded``), and a row whose content is
  the same as last imported, or one that would change none of the person's fields, is
  nothing to do (``unchanged``);
- every person made or updated gets an import ledger row (``storage/tables/import_ledger``);
- each person made is allocated (``domain/import_officers.py``) to the officer the row's
  "Responsible officer" column names (a user name or email of an active officer in the
  team; anything else refuses the row), else to the officer chosen for the whole import
  (``allocate_to``: by default the importing officer), with the allocation history and
  audit rows the allocation service writes (``allocation.record_allocations``). Only a
  manager of the team may leave them unallocated (``allocate_to=None``). A re-import does
  not move a person already recorded: reallocation is Cases > Allocate. A row whose
  "Responsible officer" names another officer than the one holding the person is listed
  (``not_reallocated``); it counts as unchanged unless another of its fields changes.

Bad rows are listed with their line and column. ``all_or_nothing`` saves nothing when any
row is refused; otherwise the good rows are committed together. ``dry_run`` checks
everything and saves nothing. A run that would save nothing raises :class:`NothingImported`
(carrying the outcome), so no caller can report success for 0 rows. One
``caseload.imported`` audit row holds the counts.

Who may: officers, into a team they belong to (not a team they only cover), and managers,
into a team they manage (``Permission.IMPORT_PEOPLE``); a person already recorded on a team the
actor may not import into is a refused row, never updated, and only an officer of the
person's team updates them: a manager's import lists a changed row for a person already
recorded (``domain/import_reach.py``).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from resettle.domain.access import AccessScope, Placement, can_reach
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ConcurrentEdit, DomainError
from resettle.domain.essentials import open_counts_before_any_record
from resettle.domain.import_checks import check_rows
from resettle.domain.import_file import ImportFile, ImportRow, RowProblem
from resettle.domain.import_officers import OFFICER_FIELD, TeamOfficer, officer_keys
from resettle.domain.import_reach import (
    ANOTHER_TEAM,
    OFFICERS_UPDATE,
    import_teams,
    updating_teams,
)
from resettle.domain.permissions import Permission, require
from resettle.domain.person import PersonInput
from resettle.domain.search import fold
from resettle.domain.staff import Actor, Role
from resettle.services import audit, person_records
from resettle.services.access_scope import scope_for
from resettle.services.allocation import check_officer, record_allocations
from resettle.services.people_checks import duplicate_error
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.repositories.import_ledger import RecordedPerson
from resettle.storage.tables.people import PersonRow

Progress = Callable[[int, int], None]

#: Fields of the file that update a person's profile field of another name.
_PROFILE_FIELD = {"establishment": "establishment_id"}
CHANGED_SINCE = "changed in Resettle since the last import"
ALREADY_RECORDED = "already recorded in Resettle, not by an import"
NOT_REALLOCATED = (
    "names another officer than the one who holds the person: an import does not "
    "re-allocate; use Cases > Allocate"
)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import found and did (counts; the rows refused or left, each by line)."""

    file_name: str
    rows_read: int
    created: int
    updated: int
    unchanged: int
    problems: tuple[RowProblem, ...]
    changed_since: tuple[RowProblem, ...]
    already_recorded: tuple[RowProblem, ...]
    dry_run: bool
    committed: bool
    #: Rows of people already recorded whose Responsible officer names another officer.
    not_reallocated: tuple[RowProblem, ...] = ()

    @property
    def listed(self) -> list[RowProblem]:
        """Every row refused, left as it is or not re-allocated (the error report's rows)."""
        return [
            *self.problems,
            *self.changed_since,
            *self.already_recorded,
            *self.not_reallocated,
        ]

    @property
    def refused_lines(self) -> int:
        return len({p.line for p in self.problems})

    @property
    def saved(self) -> int:
        return self.created + self.updated if self.committed else 0


def rows_refused(count: int) -> str:
    """ "1 row refused", "6 rows refused"."""
    return f"{count} row refused" if count == 1 else f"{count} rows refused"


class ImportRefused(DomainError):
    code = "import.refused"


class NothingImported(DomainError):
    """The import would save nothing (every row refused, left or unchanged; or a refused row
    under all-or-nothing): never reported as a success."""

    code = "import.nothing_imported"

    def __init__(self, outcome: ImportOutcome, message: str) -> None:
        super().__init__(message)
        self.outcome = outcome


class DefaultOfficer(Enum):
    """``allocate_to``'s default: the importing officer, when they are in the team (a
    manager's import leaves people unallocated unless an officer is chosen)."""

    IMPORTER = "importer"


class ImportTeam(NamedTuple):
    """A team the actor may import into, and its active officers (to allocate to)."""

    id: int
    code: str
    name: str
    officers: tuple[TeamOfficer, ...]
    #: The actor manages the team: they may leave the people unallocated.
    managed: bool = False


@dataclass
class _Plan:
    problems: list[RowProblem] = field(default_factory=list)
    #: The officer each new row names (by line), when its file gives one.
    officer_of: dict[int, int] = field(default_factory=dict)
    new: list[tuple[ImportRow, PersonInput]] = field(default_factory=list)
    updates: list[tuple[ImportRow, PersonInput, RecordedPerson]] = field(default_factory=list)
    changed_since: list[RowProblem] = field(default_factory=list)
    already_recorded: list[RowProblem] = field(default_factory=list)
    not_reallocated: list[RowProblem] = field(default_factory=list)
    unchanged: int = 0


def import_people(
    actor: Actor,
    uow: UnitOfWork,
    source: ImportFile,
    team_id: int,
    *,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    allocate_to: int | DefaultOfficer | None = DefaultOfficer.IMPORTER,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Import ``source`` into team ``team_id`` (module docstring)."""
    require(actor, Permission.IMPORT_PEOPLE)
    with uow:
        scope = scope_for(actor, uow, Permission.IMPORT_PEOPLE)
        team = uow.staff.team(team_id)
        if team is None or team_id not in import_teams(scope):
            raise ImportRefused(
                "Team: choose a team you belong to or manage; you may import into no other."
            )
        officers = _team_officers(uow, team_id)
        default = _default_officer(uow, scope, team_id, officers, allocate_to)
        plan = _check(uow, source, officer_keys(officers), progress)
        _match(uow, scope, source, plan)
        outcome = _outcome(source, plan, dry_run=dry_run, committed=False)
        if dry_run:
            return outcome
        if all_or_nothing and plan.problems:
            raise NothingImported(
                outcome,
                f"{rows_refused(outcome.refused_lines).capitalize()} and all-or-nothing "
                "chosen: nothing was saved.",
            )
        if not plan.new and not plan.updates:
            raise NothingImported(outcome, _nothing_to_save(outcome))
        _write(actor, uow, source, team_id, default, plan, all_or_nothing, progress)
        try:
            uow.commit()
        except IntegrityError as error:  # registered by someone else a moment ago
            raise duplicate_error(error) from None
        return _outcome(source, plan, dry_run=False, committed=True)


def _nothing_to_save(outcome: ImportOutcome) -> str:
    """Why nothing was saved when no row makes or changes a person: refused rows first (the
    file needs fixing: exit 2), else there is nothing to import (exit 1)."""
    if outcome.problems:
        return (
            f"Nothing was saved: {rows_refused(outcome.refused_lines)}, and no other row "
            "makes or changes a person."
        )
    return "Nothing to import: no row makes or changes a person."


def _default_officer(
    uow: UnitOfWork,
    scope: AccessScope,
    team_id: int,
    officers: tuple[TeamOfficer, ...],
    allocate_to: int | DefaultOfficer | None,
) -> int | None:
    """The officer who holds the people a row names none for, or None (unallocated)."""
    in_team = {officer.id for officer in officers}
    if allocate_to is DefaultOfficer.IMPORTER:
        return scope.staff_id if scope.staff_id in in_team else None
    if allocate_to is None:
        if team_id not in scope.teams_of(Role.MANAGER):
            raise ImportRefused(
                "Allocate to: choose the officer who holds them; only a manager of the team "
                "imports people unallocated."
            )
        return None
    check_officer(uow, allocate_to, "allocate_to")
    if allocate_to not in in_team:
        raise ImportRefused("Allocate to: not an active officer in this team; choose one who is.")
    return allocate_to


def _team_officers(uow: UnitOfWork, team_id: int) -> tuple[TeamOfficer, ...]:
    return tuple(TeamOfficer(*found) for found in uow.staff.team_officers(team_id))


def _check(
    uow: UnitOfWork, source: ImportFile, officers: dict[str, int], progress: Progress | None
) -> _Plan:
    establishments: dict[str, int] = {}
    for place in uow.staff.establishments():
        establishments[fold(place.code)] = place.id
        establishments[fold(place.name)] = place.id
    checked = check_rows(source, establishments, officers, progress)
    return _Plan(problems=checked.problems, new=checked.good, officer_of=checked.officer_of)


def _match(uow: UnitOfWork, scope: AccessScope, source: ImportFile, plan: _Plan) -> None:
    """Split the checked rows into new people and people already recorded."""
    candidates = plan.new
    recorded = uow.import_ledger.recorded_people(
        (p.prison_number for _, p in candidates),
        (p.crn for _, p in candidates),
        (p.pnc_number for _, p in candidates if p.pnc_number),
    )
    by_prison = {r.prison_number: r for r in recorded}
    by_crn = {r.crn: r for r in recorded}
    by_pnc: dict[str, RecordedPerson] = {}
    for r in recorded:
        if r.pnc_number:
            by_pnc.setdefault(r.pnc_number, r)
    teams = import_teams(scope)
    new: list[tuple[ImportRow, PersonInput]] = []
    matched: list[tuple[ImportRow, PersonInput, RecordedPerson]] = []
    for row, person in candidates:

        def refuse(
            key: str, reason: str, row: ImportRow = row, person: PersonInput = person
        ) -> None:
            plan.problems.append(
                RowProblem(row.line, source.columns.get(key, key), reason, person.prison_number)
            )

        one, two = by_prison.get(person.prison_number), by_crn.get(person.crn)
        found = one or two
        pnc_holder = by_pnc.get(person.pnc_number) if person.pnc_number else None
        if found is None:
            if pnc_holder is not None:
                refuse("pnc_number", "is already recorded for another person")
            else:
                new.append((row, person))
        elif one is None or two is None or one.id != two.id:
            key = "crn" if one is not None else "prison_number"
            refuse(key, "does not match the person recorded with this row's other identifier")
        elif found.team_id not in teams:
            refuse("prison_number", ANOTHER_TEAM)
        elif not can_reach(
            scope,
            Placement(
                person_id=found.id,
                team_id=found.team_id,
                establishment_id=found.establishment_id,
                restricted=found.restricted,
            ),
        ):
            refuse("prison_number", "is recorded on a caseload you do not reach: left as it is")
        elif pnc_holder is not None and pnc_holder.id != found.id:
            refuse("pnc_number", "is already recorded for another person")
        else:
            matched.append((row, person, found))
    plan.new = new
    entries = uow.import_ledger.latest_entries(found.id for _, _, found in matched)
    updating = updating_teams(scope)
    for row, person, found in matched:
        entry = entries.get(found.id)
        problem = RowProblem(row.line, "", "", person.prison_number)
        if entry is None:
            plan.already_recorded.append(_with_reason(problem, ALREADY_RECORDED))
        elif entry.person_version != found.version:
            plan.changed_since.append(_with_reason(problem, CHANGED_SINCE))
        elif entry.row_sha256 == row.content_hash():
            plan.unchanged += 1
        elif (stored := uow.people.get(found.id)) is None:
            plan.changed_since.append(_with_reason(problem, CHANGED_SINCE))
        else:
            named = plan.officer_of.get(row.line)
            if named is not None and named != stored.responsible_officer_id:
                column = source.columns[OFFICER_FIELD]
                plan.not_reallocated.append(
                    RowProblem(row.line, column, NOT_REALLOCATED, person.prison_number)
                )
            if not person_records.changed_fields(stored, _merged(source, person, stored)):
                plan.unchanged += 1
            elif found.team_id not in updating:
                plan.already_recorded.append(_with_reason(problem, OFFICERS_UPDATE))
            else:
                plan.updates.append((row, person, found))


def _merged(source: ImportFile, person: PersonInput, stored: PersonRow) -> PersonInput:
    """The stored profile with the fields the file gives taken from its row."""
    given = (_PROFILE_FIELD.get(key, key) for key in source.columns)
    update = {key: getattr(person, key) for key in given if key in PersonInput.model_fields}
    return person_records.to_input(stored).model_copy(update=update)


def _with_reason(problem: RowProblem, reason: str) -> RowProblem:
    return RowProblem(problem.line, problem.column, reason, problem.prison_number)


def _write(
    actor: Actor,
    uow: UnitOfWork,
    source: ImportFile,
    team_id: int,
    default_officer: int | None,
    plan: _Plan,
    all_or_nothing: bool,
    progress: Progress | None,
) -> None:
    critical, other = open_counts_before_any_record()
    holders = [plan.officer_of.get(row.line, default_officer) for row, _person in plan.new]
    rows = [
        person_records.column_values(person)
        | {
            "team_id": team_id,
            "responsible_officer_id": officer,
            "version": 1,
            "open_critical_essentials": critical,
            "open_other_essentials": other,
        }
        for (_row, person), officer in zip(plan.new, holders, strict=True)
    ]
    ids = uow.import_ledger.insert_people(rows)
    if progress is not None:
        progress(len(source.rows), len(source.rows))
    # Bulk inserts bypass the caseload keys' listener: bring the keys up to date here.
    uow.people.refresh_caseload_keys(ids)
    audit.record_many(uow, actor, AuditAction.PERSON_REGISTERED, [(i, i, {}) for i in ids])
    record_allocations(
        uow,
        actor,
        [
            (person_id, officer, None)
            for person_id, officer in zip(ids, holders, strict=True)
            if officer is not None
        ],
    )
    import_id = secrets.token_hex(16)
    ledger = [
        _entry(import_id, source, row, actor, person_id, 1)
        for (row, _person), person_id in zip(plan.new, ids, strict=True)
    ]
    for row, person, found in plan.updates:
        stored = uow.people.get(found.id)
        if stored is None or stored.version != found.version:
            raise ConcurrentEdit("Someone changed a person in the file while it was imported.")
        changed = person_records.apply(stored, _merged(source, person, stored))
        if changed:
            audit.record(
                uow,
                actor,
                AuditAction.PERSON_UPDATED,
                stored.id,
                person_id=stored.id,
                fields=sorted(changed),
            )
        try:
            uow.flush()
        except StaleDataError:
            raise ConcurrentEdit(
                "Someone changed a person in the file while it was imported."
            ) from None
        ledger.append(_entry(import_id, source, row, actor, stored.id, stored.version))
    uow.import_ledger.add_entries(ledger)
    audit.record(
        uow,
        actor,
        AuditAction.CASELOAD_IMPORTED,
        None,
        person_id=None,
        team_id=team_id,
        rows=len(source.rows) + len(source.problems),
        created=len(plan.new),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        refused=len({p.line for p in plan.problems}),
        changed_since=len(plan.changed_since),
        already_recorded=len(plan.already_recorded),
        not_reallocated=len(plan.not_reallocated),
        all_or_nothing=all_or_nothing,
        allocated=sum(officer is not None for officer in holders),
    )


def _entry(
    import_id: str, source: ImportFile, row: ImportRow, actor: Actor, person_id: int, version: int
) -> dict[str, Any]:
    return {
        "import_id": import_id,
        "source_name": source.name[-255:],
        "source_sha256": source.sha256,
        "source_line": row.line,
        "row_sha256": row.content_hash(),
        "imported_by_id": actor.id,
        "person_id": person_id,
        "person_version": version,
    }


def _outcome(source: ImportFile, plan: _Plan, *, dry_run: bool, committed: bool) -> ImportOutcome:
    return ImportOutcome(
        file_name=source.name,
        rows_read=len(source.rows) + len(source.problems),
        created=len(plan.new),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        problems=tuple(sorted(plan.problems, key=lambda p: p.line)),
        changed_since=tuple(plan.changed_since),
        already_recorded=tuple(plan.already_recorded),
        dry_run=dry_run,
        committed=committed,
        not_reallocated=tuple(plan.not_reallocated),
    )


def importable_teams(actor: Actor, uow: UnitOfWork) -> list[ImportTeam]:
    """The teams ``actor`` may import into, by name, each with its active officers (the
    dialog's choices and the CLI's ``--team`` and ``--allocate-to``)."""
    require(actor, Permission.IMPORT_PEOPLE)
    with uow:
        scope = scope_for(actor, uow, Permission.IMPORT_PEOPLE)
        ids = import_teams(scope)
        return [
            ImportTeam(
                team.id,
                team.code,
                team.name,
                _team_officers(uow, team.id),
                team.id in scope.teams_of(Role.MANAGER),
            )
            for team in uow.staff.teams()  # by name
            if team.id in ids
        ]
