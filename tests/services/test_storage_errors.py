"""Storage exceptions reach the caller as domain errors in a caseworker's words, never with the
driver's text; both backends, with real faults where the machine can make them."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from resettle.domain.errors import (
    ConcurrentEdit,
    ConnectionLost,
    DatabaseBusy,
    DatabaseReadOnly,
    DiskFull,
    DomainError,
    RefusedByDatabase,
    StorageFailure,
    ValidationFailed,
    ValueOutOfRange,
)
from resettle.services.case_record.notes import add_case_note
from resettle.services.people import register_person, update_person
from resettle.services.storage_errors import storage_failure_for, translate_storage_errors
from resettle.services.workspace import Workspace
from resettle.settings import Settings
from resettle.storage.engine import build_engine
from tests.accounts import signed_in_test_officer
from tests.factories import person_data
from tests.storage_faults import (
    SHORT_BUSY_TIMEOUT_MS,
    connection_dropped_on_write,
    database_locked,
)

SECRET = "Zoë told me about her sister Siobhán"  # stands for what a user typed


@pytest.fixture
def quick_workspace(settings: Settings) -> Iterator[Workspace]:
    opened = signed_in_test_officer(replace(settings, busy_timeout_ms=SHORT_BUSY_TIMEOUT_MS))
    yield opened
    opened.close()


def _save_profile(workspace: Workspace, person_id: int, **changes: str) -> None:
    with translate_storage_errors("profile save"):
        update_person(workspace.actor, workspace.uow(), person_id, 1, person_data(**changes))


def test_a_locked_database_is_busy_and_nothing_is_saved(  # type: ignore[no-untyped-def]
    quick_workspace: Workspace, database_url: str, caplog
) -> None:
    person_id = register_person(quick_workspace.actor, quick_workspace.uow(), person_data()).id
    with (
        database_locked(database_url),
        caplog.at_level(logging.INFO, logger="resettle"),
        pytest.raises(DatabaseBusy) as raised,
    ):
        _save_profile(quick_workspace, person_id, family_name="O'Connor")
    assert str(raised.value) == "The database is busy, try again in a moment."
    assert raised.value.code == "storage.busy"
    assert isinstance(raised.value.__cause__, OperationalError)  # kept for the log's traceback
    assert "profile save failed: storage.busy" in caplog.text
    # Once the other user lets go, the same save goes through.
    _save_profile(quick_workspace, person_id, family_name="O'Connor")


def test_a_connection_dropped_during_a_save_is_reported_and_nothing_is_saved(
    workspace: Workspace,
) -> None:
    person_id = register_person(workspace.actor, workspace.uow(), person_data()).id
    with (
        connection_dropped_on_write(workspace.database.engine) as struck,
        pytest.raises(StorageFailure) as raised,
        translate_storage_errors("note add"),
    ):
        add_case_note(workspace.actor, workspace.uow(), person_id, {"text": SECRET})
    assert struck, "the fault was never injected"
    if workspace.database.is_sqlite:
        # SQLite has no server to lose: the generic message.
        assert type(raised.value) is StorageFailure
        assert "nothing was saved" in str(raised.value)
    else:
        assert isinstance(raised.value, ConnectionLost)
        assert str(raised.value) == (
            "Your changes were not saved: the connection to the database was lost during "
            "\u201cnote add\u201d. Resettle reconnects at your next action: check the network "
            "and try again."
        )
    assert SECRET not in str(raised.value)
    record_notes = _note_texts(workspace, person_id)  # a fresh connection works again
    assert SECRET not in record_notes


def _note_texts(workspace: Workspace, person_id: int) -> list[str]:
    with workspace.database.engine.connect() as connection:
        return list(
            connection.execute(
                text("SELECT text FROM case_notes WHERE person_id = :id"), {"id": person_id}
            ).scalars()
        )


def test_a_nul_byte_in_a_note_is_refused_without_quoting_the_note(workspace: Workspace) -> None:
    """The domain refuses NUL in every text field (issue 16), on both backends, naming the
    field and not quoting the note; nothing is stored (SQLite used to store it)."""
    person_id = register_person(workspace.actor, workspace.uow(), person_data()).id
    note = f"{SECRET}\x00"
    with pytest.raises(ValidationFailed) as refused:
        add_case_note(workspace.actor, workspace.uow(), person_id, {"text": note})
    assert [p.field for p in refused.value.problems] == ["text"]
    assert SECRET not in str(refused.value)
    with workspace.database.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT count(*) FROM case_notes WHERE person_id = :id"), {"id": person_id}
        ).scalar()
    assert stored == 0


def test_a_nul_byte_refused_by_postgresql_gives_no_error_text_with_it(
    workspace: Workspace,
) -> None:
    """Below the domain's check, PostgreSQL refuses NUL in text; neither the raw error nor
    its translation quotes the value (SQLite stores NUL: nothing to refuse)."""
    if workspace.database.is_sqlite:
        pytest.skip("SQLite stores NUL in text")
    note = f"{SECRET}\x00"
    with pytest.raises(DBAPIError) as raw, workspace.database.engine.connect() as connection:
        connection.execute(text("SELECT CAST(:note AS TEXT)"), {"note": note})
    assert SECRET not in str(raw.value)
    with (
        pytest.raises(StorageFailure) as translated,
        translate_storage_errors(),
        workspace.database.engine.connect() as connection,
    ):
        connection.execute(text("SELECT CAST(:note AS TEXT)"), {"note": note})
    assert SECRET not in str(translated.value)


def test_any_failing_statement_hides_its_parameters(workspace: Workspace) -> None:
    with pytest.raises(DBAPIError) as raised, workspace.database.engine.connect() as connection:
        connection.execute(text("INSERT INTO no_such_table VALUES (:note)"), {"note": SECRET})
    assert "no_such_table" in str(raised.value)  # the statement is there, for the log
    assert SECRET not in str(raised.value)
    assert SECRET not in repr(raised.value)


def test_a_value_out_of_range_is_named_as_such(workspace: Workspace) -> None:
    with (
        pytest.raises(ValueOutOfRange) as raised,
        translate_storage_errors(),
        workspace.database.engine.connect() as connection,
    ):
        connection.execute(text("SELECT CAST(:n AS INTEGER)"), {"n": 2**70})
    assert "too large to be stored" in str(raised.value)


def test_a_read_only_database_is_named_as_such(workspace: Workspace) -> None:
    setting = (
        "PRAGMA query_only = ON" if workspace.database.is_sqlite else "SET TRANSACTION READ ONLY"
    )
    engine = build_engine(workspace.database.url)  # its own: the setting stays on the connection
    try:
        with (
            pytest.raises(DatabaseReadOnly),
            translate_storage_errors(),
            engine.connect() as connection,
        ):
            connection.execute(text(setting))
            connection.execute(text("UPDATE people SET family_name = 'x'"))
    finally:
        engine.dispose()


def test_a_full_sqlite_file_is_named_as_such(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+pysqlite:///{tmp_path / 'full.sqlite3'}")
    try:
        with (
            pytest.raises(DiskFull) as raised,
            translate_storage_errors(),
            engine.begin() as connection,
        ):
            connection.execute(text("CREATE TABLE t (x TEXT)"))
            page_count = connection.execute(text("PRAGMA page_count")).scalar_one()
            connection.execute(text(f"PRAGMA max_page_count = {page_count}"))
            connection.execute(text("INSERT INTO t VALUES (:x)"), {"x": "x" * 100_000})
        assert "disk that holds the database is full" in str(raised.value)
    finally:
        engine.dispose()


def _wrapped(original: Exception) -> DBAPIError:
    # As SQLAlchemy wraps a driver's exception: the matching class (OperationalError, ...).
    return DBAPIError.instance("UPDATE people SET ...", None, original, Exception)


def _sqlite_error(code: int) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(f"driver text quoting {SECRET}")
    error.sqlite_errorcode = code  # type: ignore[attr-defined]
    return error


@pytest.mark.parametrize(
    ("original", "kind"),
    [
        (psycopg.errors.LockNotAvailable(SECRET), DatabaseBusy),
        (psycopg.errors.DeadlockDetected(SECRET), DatabaseBusy),
        (psycopg.errors.SerializationFailure(SECRET), DatabaseBusy),
        (psycopg.errors.QueryCanceled(SECRET), DatabaseBusy),
        (psycopg.errors.AdminShutdown(SECRET), ConnectionLost),
        (psycopg.errors.ConnectionFailure(SECRET), ConnectionLost),
        (psycopg.OperationalError(SECRET), ConnectionLost),  # no server answer at all
        (psycopg.InterfaceError(SECRET), ConnectionLost),  # "the connection is closed"
        (psycopg.errors.DiskFull(SECRET), DiskFull),
        (psycopg.errors.ReadOnlySqlTransaction(SECRET), DatabaseReadOnly),
        (psycopg.errors.InsufficientPrivilege(SECRET), RefusedByDatabase),
        (psycopg.errors.NumericValueOutOfRange(SECRET), ValueOutOfRange),
        (psycopg.errors.DatetimeFieldOverflow(SECRET), ValueOutOfRange),
        (psycopg.errors.UndefinedTable(SECRET), StorageFailure),
        (_sqlite_error(5), DatabaseBusy),
        (_sqlite_error(5 | (2 << 8)), DatabaseBusy),  # SQLITE_BUSY_SNAPSHOT
        (_sqlite_error(6), DatabaseBusy),
        (_sqlite_error(8), DatabaseReadOnly),
        (_sqlite_error(13), DiskFull),
        (_sqlite_error(10), StorageFailure),  # SQLITE_IOERR: the generic message
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else "",
)
def test_each_kind_of_driver_error_gets_its_message(
    original: Exception, kind: type[StorageFailure]
) -> None:
    failure = storage_failure_for(_wrapped(original))
    assert type(failure) is kind
    assert SECRET not in str(failure)
    assert str(failure) == kind.message


def test_domain_errors_and_other_exceptions_pass_through_unchanged() -> None:
    conflict = ConcurrentEdit("Someone else saved.")
    with pytest.raises(ConcurrentEdit) as raised, translate_storage_errors():
        raise conflict
    assert raised.value is conflict
    with pytest.raises(KeyError), translate_storage_errors():
        raise KeyError("not a storage problem")
    assert storage_failure_for(KeyError("x")) is None


def test_it_works_as_a_decorator_and_logs_codes_only(caplog: pytest.LogCaptureFixture) -> None:
    @translate_storage_errors("profile save")
    def save() -> None:
        raise _wrapped(psycopg.errors.LockNotAvailable(f"row of {SECRET}"))

    with caplog.at_level(logging.INFO, logger="resettle"), pytest.raises(DatabaseBusy):
        save()
    assert "profile save failed: storage.busy (LockNotAvailable 55P03)" in caplog.text
    assert SECRET not in caplog.text


def test_every_storage_failure_is_a_domain_error_with_a_stable_code() -> None:
    kinds = [StorageFailure, DatabaseBusy, ConnectionLost, DiskFull, DatabaseReadOnly]
    kinds += [ValueOutOfRange, RefusedByDatabase]
    codes = [kind.code for kind in kinds]
    assert all(issubclass(kind, DomainError) for kind in kinds)
    assert len(set(codes)) == len(codes) and all(code.startswith("storage.") for code in codes)
