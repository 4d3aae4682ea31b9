"""Erasing one person, for a manager of their team or establishment: every row of their data
deleted from every person table in one transaction, a tombstone and an audit row written in
the same transaction, then (SQLite) the file scrubbed of the deleted bytes. A PostgreSQL
login does all of it through ``resettle_erase_person`` (``storage/postgres_erasure.py``): it
may not delete a person's rows or write a tombstone itself.

The audit rows about the person stay and keep their ``person_id``: they hold codes and ids
only, and the audit chain must still verify. The erasure itself is audited as
``person.erased`` with the reason code and the tombstone's id.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import Engine

from resettle.domain.access import OutOfScope
from resettle.domain.audit_actions import AuditAction
from resettle.domain.erasure import ErasedTable, ErasureReason, ErasureRecord, erasure_reason
from resettle.domain.errors import DomainError
from resettle.domain.identifiers import checked_prison_number
from resettle.domain.permissions import Permission, require
from resettle.domain.staff import Actor
from resettle.services import audit
from resettle.services.erasure.coverage import erasure_plan
from resettle.services.person_access import reachable_person
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.repositories.retention import RetentionRepository
from resettle.storage.scrub import (
    backups_beside,
    database_file,
    scrub_deleted_pages,
    zero_deleted_rows,
)
from resettle.storage.tables.retention import ErasureRow

log = logging.getLogger(__name__)


class ErasureFunctionOutOfDate(DomainError):
    """The database's erasure function was made for other person tables than this version of
    Resettle has (``resettle db setup-roles`` not run since an upgrade): nothing is erased."""

    code = "erasure.function_out_of_date"

    def __init__(self) -> None:
        super().__init__(
            "Nothing was erased: the database's erasure function does not cover the same "
            "tables as this version of Resettle, so some of the person's data would be left "
            "behind. An administrator must run 'resettle db setup-roles' on the database, "
            "then try again."
        )


def erase_person(
    actor: Actor, uow: UnitOfWork, prison_number: str, reason: str | ErasureReason
) -> ErasureRecord:
    """Erase the person with ``prison_number``. A person outside the manager's reach is
    refused exactly as one who does not exist."""
    require(actor, Permission.ERASE_PERSON)
    number = checked_prison_number(prison_number)
    code = reason if isinstance(reason, ErasureReason) else erasure_reason(reason)
    with uow:
        found = uow.people.by_prison_number(number)
        if found is None:
            raise OutOfScope()
        person_id = found.id
        reachable_person(actor, uow, person_id, Permission.ERASE_PERSON)
        repository = RetentionRepository(uow.session)
        repository.forget_loaded()
        printed = repository.audited_count(person_id, AuditAction.PLAN_PRINTED.value)
        disclosed = repository.audited_count(person_id, AuditAction.PERSON_DISCLOSED.value)
        exported = repository.audited_count(person_id, AuditAction.SUBJECT_ACCESS_EXPORTED.value)
        erased = (
            _erased_in_database(uow, repository, person_id, code)
            if repository.erases_through_function()
            else _erased_here(actor, uow, repository, person_id, code)
        )
        engine = uow.session.get_bind()
        uow.commit()
    log.info(
        "Erased person id %s (tombstone %s, %s rows, reason %s)",
        person_id,
        erased.tombstone_id,
        erased.rows_removed,
        code.value,
    )
    steps = scrub_deleted_pages(engine) if isinstance(engine, Engine) else ()
    return ErasureRecord(
        tombstone_id=erased.tombstone_id,
        person_id=person_id,
        erased_at=erased.erased_at,
        authorised_by=actor.display_name,
        authorised_by_username=actor.username,
        reason=code,
        tables=tuple(sorted(erased.removed, key=lambda table: table.table)),
        storage_steps=steps,
        earlier_backups=_earlier_backups(engine),
        printed_copies=printed,
        disclosures=disclosed,
        subject_access_exports=exported,
    )


@dataclass(frozen=True)
class _Erased:
    tombstone_id: int
    erased_at: dt.datetime
    removed: tuple[ErasedTable, ...]

    @property
    def rows_removed(self) -> int:
        return sum(table.rows for table in self.removed)


def _erased_here(
    actor: Actor,
    uow: UnitOfWork,
    repository: RetentionRepository,
    person_id: int,
    code: ErasureReason,
) -> _Erased:
    """SQLite, and PostgreSQL as its owner: the deletes, tombstone and audit row from here."""
    zero_deleted_rows(uow.session)
    removed = tuple(
        ErasedTable(
            table=table.name,
            rows=repository.delete_rows(table.name, table.condition, person_id),
        )
        for table in erasure_plan()
    )
    tombstone = repository.add_tombstone(
        ErasureRow(
            erased_person_id=person_id,
            authorised_by_id=actor.id,
            reason=code.value,
            rows_removed=sum(table.rows for table in removed),
        )
    )
    audit.record(
        uow,
        actor,
        AuditAction.PERSON_ERASED,
        person_id,
        person_id=person_id,
        reason=code.value,
        tombstone_id=tombstone.id,
        rows=tombstone.rows_removed,
    )
    return _Erased(tombstone.id, tombstone.erased_at, removed)


def _erased_in_database(
    uow: UnitOfWork, repository: RetentionRepository, person_id: int, code: ErasureReason
) -> _Erased:
    """A PostgreSQL login: the same, done by ``resettle_erase_person`` (which checks that the
    login manages the person: one it does not is refused as one who does not exist).

    The function's table list was built when ``resettle db setup-roles`` last ran; if it is
    not this version's plan (a person table added since), the rows of a missing table would
    survive and the certificate would not name it: refused, and the caller's ``with uow``
    rolls every delete back."""
    done = repository.erase_through_function(person_id, code.value)
    if done is None:
        raise OutOfScope()
    if set(done.rows) != {table.name for table in erasure_plan()}:
        log.error("The database's erasure function covers other tables: setup-roles needed")
        raise ErasureFunctionOutOfDate()
    removed = tuple(ErasedTable(table=name, rows=rows) for name, rows in done.rows.items())
    return _Erased(done.tombstone_id, done.erased_at, removed)


def _earlier_backups(engine: object) -> tuple[str, ...] | None:
    """The backups beside an SQLite file; None for a database on a server (not looked for)."""
    path = database_file(engine) if isinstance(engine, Engine) else None
    return tuple(backup.name for backup in backups_beside(path)) if path else None
