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
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc as sa_exc

from resettle.domain.errors import (
    ConnectionLost,
    DatabaseBusy,
    DatabaseReadOnly,
    DiskFull,
    DomainError,
    RefusedByDatabase,
    StorageFailure,
    ValueOutOfRange,
)

log = logging.getLogger(__name__)

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


def storage_failure_for(error: BaseException) -> StorageFailure | None:
    """The domain error for a storage exception; None when ``error`` is not one."""
    if isinstance(error, OverflowError):  # SQLite refuses an integer above 2**63 - 1
        return ValueOutOfRange()
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


def _is_sqlite(original: BaseException | None) -> bool:
    return isinstance(original, sqlite3.Error)


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
