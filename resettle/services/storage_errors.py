"""Storage exceptions become domain errors with a caseworker's wording, in one place.

Wrap a service call (or a whole facade method) in :func:`translate_storage_errors`::

    with translate_storage_errors("profile.save"):
        update_person(actor, uow, person_id, version, data)

or decorate it with ``@translate_storage_errors()``. A SQLAlchemy or driver exception that
leaves the block is raised again as a :class:`~resettle.domain.errors.StorageFailure` subclass
(busy, connection lost, disk full, read-only, value out of range, or the generic "could not
be saved"), chained to the original for the log's traceback. The new error's message is fixed
per kind: the driver's text is never shown, because it may quote a record.

Every failure that leaves the block, translated or a ``DomainError`` already, is logged as
its code (and the driver's error code, such as SQLSTATE ``40P01`` or SQLite's
``SQLITE_BUSY``), never as its message.
"""

from __future__ import annotations

import logging
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import exc as orm_exc

from resettle.domain.errors import (
    ConcurrentEdit,
    ConnectionLost,
    DatabaseBusy,
    DatabaseReadOnly,
    DiskFull,
    DomainError,
    RefusedByDatabase,
    StorageFailure,
    ValueOutOfRange,
)
from resettle.services import people_checks

log = logging.getLogger(__name__)
R = TypeVar("R")

#: How many times a call refused by a serialisation failure or deadlock is run again.
RETRIES = 3
#: The first pause before running it again, in seconds; each later one may be twice as long.
FIRST_PAUSE_S = 0.05

# SQLite primary result codes (https://www.sqlite.org/rescode.html).
_SQLITE_KINDS: dict[int, type[StorageFailure]] = {
    5: DatabaseBusy,  # SQLITE_BUSY
    6: DatabaseBusy,  # SQLITE_LOCKED
    8: DatabaseReadOnly,  # SQLITE_READONLY
    13: DiskFull,  # SQLITE_FULL
}

# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
_SQLSTATE_KINDS: dict[str, type[StorageFailure]] = {
    "40001": DatabaseBusy,  # serialization_failure
    "40P01": DatabaseBusy,  # deadlock_detected
    "55P03": DatabaseBusy,  # lock_not_available (lock_timeout)
    "57014": DatabaseBusy,  # query_canceled (statement_timeout)
    "53100": DiskFull,  # disk_full
    "25006": DatabaseReadOnly,  # read_only_sql_transaction
    "42501": RefusedByDatabase,  # insufficient_privilege (row-level security too)
    "22003": ValueOutOfRange,  # numeric_value_out_of_range
    "22008": ValueOutOfRange,  # datetime_field_overflow
}
# SQLSTATE classes: 08 connection exception; 57P01-57P03 the server shut the session down.
_CONNECTION_SQLSTATES = ("08", "57P01", "57P02", "57P03")
#: PostgreSQL's unique_violation; SQLite's SQLITE_CONSTRAINT_UNIQUE and _PRIMARYKEY.
_UNIQUE_SQLSTATE = "23505"
_SQLITE_UNIQUE_CODES = (2067, 1555)
#: Serialisation failure and deadlock: the whole call may simply be run again.
RETRYABLE_SQLSTATES = frozenset({"40001", "40P01"})

#: A save that lost a race with someone else's save of the same record, wherever it was
#: flushed (the services check versions and identifiers first; a use case with a more
#: particular message raises ``ConcurrentEdit`` itself).
CONFLICT_MESSAGE = (
    "Someone else saved this record at the same moment. Your changes were not saved and "
    "nothing was overwritten: reload it to see their changes, then make yours again."
)


def storage_failure_for(error: BaseException) -> DomainError | None:
    """The domain error for a storage exception; None when ``error`` is not one.

    A save that lost a race is the conflict error (``ConcurrentEdit``) however it surfaced:
    SQLAlchemy's ``StaleDataError`` (the row's version moved on), or a unique key taken by a
    save committed a moment before (the services check identifiers before they write, so a
    unique violation at the database means someone saved the same thing at the same moment;
    a genuine duplicate, such as a prison number already registered, is reported by the
    service as ``DuplicateRecord`` before it gets here)."""
    if isinstance(error, OverflowError):  # SQLite refuses an integer above 2**63 - 1
        return ValueOutOfRange()
    if isinstance(error, sa_exc.IntegrityError) and is_unique_violation(error):
        duplicate = people_checks.duplicate_error(error)
        if isinstance(duplicate, DomainError):  # a person's identifier: already recorded
            return duplicate
        return ConcurrentEdit(CONFLICT_MESSAGE)
    if isinstance(error, orm_exc.StaleDataError):
        return ConcurrentEdit(CONFLICT_MESSAGE)
    if isinstance(error, sa_exc.DBAPIError):
        return _kind_of(error)()
    if isinstance(error, sa_exc.DisconnectionError):
        return ConnectionLost()
    if isinstance(error, sa_exc.SQLAlchemyError | sqlite3.Error):
        return StorageFailure()
    return None


def _kind_of(error: sa_exc.DBAPIError) -> type[StorageFailure]:
    original = error.orig
    sqlite_code = getattr(original, "sqlite_errorcode", None)
    if isinstance(sqlite_code, int):
        return _SQLITE_KINDS.get(sqlite_code & 0xFF, StorageFailure)
    sqlstate = getattr(original, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate:
        if sqlstate.startswith(_CONNECTION_SQLSTATES):
            return ConnectionLost
        return _SQLSTATE_KINDS.get(sqlstate, StorageFailure)
    connection_kinds = (sa_exc.OperationalError, sa_exc.InterfaceError)
    if not _is_sqlite(original) and (
        error.connection_invalidated or isinstance(error, connection_kinds)
    ):
        # No server code: the connection broke (or was closed) before the server answered.
        return ConnectionLost
    return StorageFailure


def is_unique_violation(error: BaseException) -> bool:
    """A unique (or primary) key refused a row: a record saved twice at the same moment."""
    if not isinstance(error, sa_exc.IntegrityError):
        return False
    original = error.orig
    sqlite_code = getattr(original, "sqlite_errorcode", None)
    if isinstance(sqlite_code, int):
        return sqlite_code in _SQLITE_UNIQUE_CODES
    return getattr(original, "sqlstate", None) == _UNIQUE_SQLSTATE


def is_retryable(error: BaseException) -> bool:
    """A PostgreSQL serialisation failure or deadlock: the transaction was rolled back and
    nothing of it was written, so the whole call may run again."""
    if not isinstance(error, sa_exc.DBAPIError):
        return False
    return getattr(error.orig, "sqlstate", None) in RETRYABLE_SQLSTATES


def _is_sqlite(original: BaseException | None) -> bool:
    return isinstance(original, sqlite3.Error)


#: Names of callables that say nothing of the action (the windows' own small wrappers).
_UNNAMED_ACTIONS = frozenset(
    {"write", "save", "run", "call", "service call", "background operation"}
)


def action_words(action: str) -> str | None:
    """An action's code in words for a message (``update_person`` -> ``update person``), or
    None when the code says nothing a user would recognise (a window's ``write`` wrapper)."""
    if action in _UNNAMED_ACTIONS or action.startswith("<"):
        return None
    return " ".join(action.replace(".", " ").replace("_", " ").split())


def driver_code(error: BaseException) -> str:
    """The driver's error code for the log (never its message): SQLSTATE or SQLite's name."""
    original = getattr(error, "orig", None) or error
    name = getattr(original, "sqlite_errorname", None) or getattr(original, "sqlstate", None)
    return f"{type(original).__name__} {name}" if name else type(original).__name__


def translated(error: Exception, action: str) -> Exception:
    """``error`` as the user should see it: a storage exception becomes its domain error
    (chained to it) and is logged by code; anything else comes back unchanged."""
    failure = storage_failure_for(error)
    if failure is None:
        return error
    if isinstance(failure, ConnectionLost):
        failure = ConnectionLost(doing=action_words(action))
    if isinstance(failure, ConcurrentEdit):  # someone else's save won: not a fault
        log.info("%s refused: %s (%s)", action, failure.code, driver_code(error))
    else:
        log.warning("%s failed: %s (%s)", action, failure.code, driver_code(error))
    failure.__cause__ = error
    return failure


@contextmanager
def translate_storage_errors(action: str = "service call") -> Iterator[None]:
    """Raise storage exceptions from the block as domain errors; log every failure's code.

    Usable as ``with translate_storage_errors("plan.save"): ...`` or as a decorator.
    ``action`` names what was being done, for the log only (a code, not personal data).
    """
    try:
        yield
    except DomainError as error:
        log.info("%s refused: %s", action, error.code)
        raise
    except Exception as error:
        failure = translated(error, action)
        if failure is error:
            raise
        raise failure from error


def retrying(
    call: Callable[[], R],
    action: str = "service call",
    *,
    retries: int = RETRIES,
    pause: Callable[[float], None] = time.sleep,
) -> R:
    """``call()``, run again (up to ``retries`` more times, after a random pause that doubles
    at most each time) while PostgreSQL refuses it with a serialisation failure (40001) or a
    deadlock (40P01); then ``DatabaseBusy``.

    ``call`` must be the whole use case with a fresh unit of work each time (``Workspace.run``):
    the refused attempt's transaction was rolled back, so nothing of it is written twice. A
    call that had already committed part of its work must not raise the retryable error
    itself (``Workspace.run`` reports it as busy instead)."""
    for attempt in range(retries + 1):
        try:
            return call()
        except sa_exc.DBAPIError as error:
            if not is_retryable(error):
                raise
            if attempt == retries:
                log.warning("%s failed after %d tries: %s", action, attempt + 1, driver_code(error))
                raise DatabaseBusy() from error
            log.info("%s refused (%s): trying again", action, driver_code(error))
            pause(random.uniform(0, FIRST_PAUSE_S * 2**attempt))
    raise AssertionError("unreachable")  # pragma: no cover
