"""Auditing the opening of a record, or, when the database cannot be written, showing it
read-only with the opening logged instead (``domain/read_only_opening.py`` says why).

Signing in is treated the same way (``authentication._admitted``): a right password on a
database that cannot be written signs in, read-only, with the sign-in logged instead of
audited; a wrong one is still refused (counting it fails, and that failure is shown). And the
caseload is still listed (``bring_readiness_to``): its daily readiness refresh is skipped."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from resettle.domain.errors import DatabaseReadOnly, DiskFull
from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.domain.seen_by import ViewPlace
from resettle.domain.staff import Actor
from resettle.services import audit
from resettle.services.storage_errors import driver_code, storage_failure_for
from resettle.services.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

#: ``extra`` for a line the log file keeps but the terminal does not show (logging_setup's
#: terminal handler drops it): a command on a database that cannot be written says so once,
#: in its own words, rather than in a log line per unaudited step.
FILE_ONLY = {"file_only": True}

_READ_ONLY_KINDS: dict[type, ReadOnlyBecause] = {
    DiskFull: ReadOnlyBecause.DISK_FULL,
    DatabaseReadOnly: ReadOnlyBecause.READ_ONLY,
}


def read_only_reason(error: BaseException) -> ReadOnlyBecause | None:
    """The reason when ``error`` is the database's disk being full or the database being
    read-only (raw or translated already); None for any other error."""
    failure: BaseException | None = error
    if not isinstance(error, DiskFull | DatabaseReadOnly):
        failure = storage_failure_for(error)
    return _READ_ONLY_KINDS.get(type(failure))


def write_unless_unwritable(
    uow: UnitOfWork, write: Callable[[], None], actions: str, note: str, *args: object
) -> ReadOnlyBecause | None:
    """Run ``write`` (audit rows) and commit. When the database's disk is full or it is
    read-only, roll back, log that ``actions`` were NOT AUDITED (``note % args``: codes and
    ids only) and return the reason; any other failure is raised as before."""
    try:
        write()
        uow.commit()
    except Exception as error:
        reason = read_only_reason(error)
        if reason is None:
            raise
        uow.session.rollback()
        log.warning(
            "%s NOT AUDITED (%s, %s): " + note,
            actions,
            reason.value,
            driver_code(error),
            *args,
            extra=FILE_ONLY,  # the command says it in its own words
        )
        return reason
    return None


def commit_view(
    uow: UnitOfWork, actor: Actor, person_id: int, place: ViewPlace
) -> ReadOnlyBecause | None:
    """Write the ``person.viewed`` row and commit (call last in the use case's unit of work).
    When the database's disk is full or it is read-only, the transaction is rolled back, the
    opening is logged (codes and ids only) and the reason is returned: the caller shows what
    it read, read-only. Any other failure is raised as before."""
    return write_unless_unwritable(
        uow,
        lambda: audit.record_view(uow, actor, person_id, place),
        "person.viewed",
        "account %s opened person %s (%s) read-only",
        actor.id,
        person_id,
        place.value,
    )


def bring_readiness_to(uow: UnitOfWork, day: dt.date) -> None:
    """The readiness scores made those of ``day`` before the caseload is read (first thing in
    the unit of work), except on a database that cannot be written: then the caseload is read
    with the scores as stored (the log says so) rather than not at all."""
    try:
        uow.people.bring_readiness_to(day)
    except Exception as error:
        reason = read_only_reason(error)
        if reason is None:
            raise
        uow.session.rollback()
        log.info("Readiness not brought to today (%s): the caseload is read as stored", reason)
        if uow.on_begin is not None:
            uow.on_begin(uow)  # the account's check, again in the new transaction
