"""Issue 16, "Errors": a save that loses a race is always the conflict message, whichever flush
raised it; PostgreSQL's serialisation failures and deadlocks run the whole call again (never
writing twice); a lost connection says what was not saved and the next action works."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from resettle.domain.errors import (
    ConcurrentEdit,
    ConnectionLost,
    DatabaseBusy,
    DuplicateRecord,
    StorageFailure,
)
from resettle.services import people
from resettle.services.case_record.notes import add_case_note
from resettle.services.people import register_person, update_person
from resettle.services.plans import edit
from resettle.services.storage_errors import (
    CONFLICT_MESSAGE,
    retrying,
    storage_failure_for,
    translate_storage_errors,
)
from resettle.services.workspace import Workspace
from tests.factories import another_person, person_data
from tests.storage_faults import connection_dropped_on_write

ACTION = {
    "pathway": "accommodation",
    "what": "Confirm the hostel bed",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}
NOTE = "Rang the hostel about a bed"


def _integrity(original: Exception) -> IntegrityError:
    return IntegrityError("INSERT INTO plan_versions ...", None, original)


def _sqlite_constraint(
    code: int, columns: str = "plan_versions.person_id, plan_versions.version"
) -> sqlite3.IntegrityError:
    error = sqlite3.IntegrityError(f"UNIQUE constraint failed: {columns}")
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (StaleDataError("UPDATE statement on table 'people' expected 1 row"), ConcurrentEdit),
        (_integrity(psycopg.errors.UniqueViolation("duplicate key")), ConcurrentEdit),
        (_integrity(_sqlite_constraint(sqlite3.SQLITE_CONSTRAINT_UNIQUE)), ConcurrentEdit),
        (_integrity(_sqlite_constraint(sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)), ConcurrentEdit),
        # Not a race with another save: the generic message, as before.
        (_integrity(psycopg.errors.NotNullViolation("null value")), StorageFailure),
        (_integrity(psycopg.errors.ForeignKeyViolation("no such row")), StorageFailure),
        (_integrity(_sqlite_constraint(sqlite3.SQLITE_CONSTRAINT_NOTNULL)), StorageFailure),
    ],
    ids=lambda value: type(getattr(value, "orig", value)).__name__,
)
def test_a_lost_race_is_the_conflict_error(error: Exception, kind: type[Exception]) -> None:
    failure = storage_failure_for(error)
    assert type(failure) is kind
    if kind is ConcurrentEdit:
        assert str(failure) == CONFLICT_MESSAGE


@pytest.mark.parametrize(
    "original",
    [
        _sqlite_constraint(sqlite3.SQLITE_CONSTRAINT_UNIQUE, "people.prison_number"),
        psycopg.errors.UniqueViolation('unique constraint "uq_people_prison_number"'),
    ],
    ids=["sqlite", "postgresql"],
)
def test_a_taken_prison_number_is_a_duplicate_wherever_it_was_flushed(
    original: Exception,
) -> None:
    failure = storage_failure_for(_integrity(original))
    assert isinstance(failure, DuplicateRecord)
    assert failure.field == "prison_number"
    assert str(failure) == "Prison number: already recorded for another person."


def test_a_genuine_duplicate_keeps_its_own_message(workspace: Workspace) -> None:
    workspace.run(register_person, person_data())
    with pytest.raises(DuplicateRecord) as raised:
        workspace.run(register_person, another_person(1, prison_number="A1234BC"))
    assert "Prison number" in str(raised.value)


@pytest.fixture
def rival_first(monkeypatch: pytest.MonkeyPatch) -> Callable[[Any, str, Callable[[], None]], None]:
    """Runs ``rival()`` once, inside the first call of ``module.name``, just after it returns:
    another user's save lands between this save's checks and its writes."""

    def arrange(module: Any, name: str, rival: Callable[[], None]) -> None:
        original = getattr(module, name)
        done: list[bool] = []

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            if not done:
                done.append(True)
                rival()
            return result

        monkeypatch.setattr(module, name, wrapped)

    return arrange


def test_two_people_saving_the_first_plan_the_loser_gets_the_conflict_message(
    workspace: Workspace, other_copy: Workspace, rival_first: Any
) -> None:
    person_id = workspace.run(register_person, person_data()).id
    rival_first(
        edit,
        "checked_current",
        lambda: other_copy.run(edit.save_plan, person_id, None, [ACTION]),
    )
    mine = dict(ACTION, what="Book the housing appointment")
    with pytest.raises(ConcurrentEdit):
        workspace.run(edit.save_plan, person_id, None, [mine])
    with workspace.database.engine.connect() as connection:
        versions = connection.execute(
            text("SELECT count(*) FROM plan_versions WHERE person_id = :p"), {"p": person_id}
        ).scalar_one()
        actions = connection.execute(text("SELECT what FROM plan_actions")).scalars().all()
    assert versions == 1
    assert actions == ["Confirm the hostel bed"]  # theirs, not overwritten


def test_a_profile_saved_by_someone_else_mid_save_is_the_conflict_message(
    workspace: Workspace, other_copy: Workspace, rival_first: Any
) -> None:
    person_id = workspace.run(register_person, person_data()).id
    rival_first(
        people,
        "changeable_person",
        lambda: other_copy.run(update_person, person_id, 1, person_data(given_name="Aoife")),
    )
    with pytest.raises(ConcurrentEdit):
        workspace.run(update_person, person_id, 1, person_data(family_name="O'Connor"))
    with workspace.database.engine.connect() as connection:
        row = connection.execute(
            text("SELECT given_name, family_name FROM people WHERE id = :p"), {"p": person_id}
        ).one()
    assert tuple(row) == ("Aoife", "Ní Bhriain")


# --- retries ----------------------------------------------------------------------------


def test_retrying_runs_again_only_for_serialisation_failures_and_deadlocks() -> None:
    pauses: list[float] = []
    calls: list[int] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise DBAPIError("COMMIT", None, psycopg.errors.DeadlockDetected("deadlock"))
        return "done"

    assert retrying(flaky, pause=pauses.append) == "done"
    assert len(calls) == 3 and len(pauses) == 2
    assert all(0 <= p <= 0.1 for p in pauses)

    def locked() -> str:
        calls.append(1)
        raise DBAPIError("UPDATE", None, psycopg.errors.LockNotAvailable("lock"))

    calls.clear()
    with pytest.raises(DBAPIError):
        retrying(locked, pause=pauses.append)
    assert len(calls) == 1  # a lock timeout is reported busy at once, not run again


def test_retrying_gives_up_busy_after_three_more_tries() -> None:
    calls: list[int] = []

    def always() -> None:
        calls.append(1)
        raise DBAPIError("COMMIT", None, psycopg.errors.SerializationFailure("could not"))

    with pytest.raises(DatabaseBusy) as raised:
        retrying(always, pause=lambda _s: None)
    assert len(calls) == 4
    assert str(raised.value) == DatabaseBusy.message


@pytest.fixture
def postgres_workspace(workspace: Workspace) -> Workspace:
    if workspace.database.is_sqlite:
        pytest.skip("serialisation failures and deadlocks are PostgreSQL's")
    return workspace


@pytest.fixture
def no_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    from resettle.services import storage_errors

    monkeypatch.setattr(storage_errors, "FIRST_PAUSE_S", 0.0)


@pytest.fixture
def refuse_writes(
    postgres_workspace: Workspace,
) -> Iterator[Callable[[int, type[Exception]], list[int]]]:
    """``refuse_writes(n, kind)``: the first ``n`` transactions that write are refused by the
    server's ``kind`` at their second write (their first is already sent, and must be rolled
    back). Returns the list the refusals are counted in."""
    engine: Engine = postgres_workspace.database.engine
    listeners: list[tuple[str, Any]] = []

    def arrange(times: int, kind: type[Exception]) -> list[int]:
        refused: list[int] = []
        writes: list[str] = []

        def before(_c: Any, _cur: Any, statement: str, *_a: Any) -> None:
            if not statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
                return
            writes.append(statement)
            if len(refused) < times and len(writes) == 2:
                refused.append(1)
                raise kind("refused by the test")

        def rolled_back(_c: Any) -> None:
            writes.clear()

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "rollback", rolled_back)
        listeners.extend([("before_cursor_execute", before), ("rollback", rolled_back)])
        return refused

    yield arrange
    for name, listener in listeners:
        event.remove(engine, name, listener)


def _count(workspace: Workspace, sql: str, **params: Any) -> int:
    with workspace.database.engine.connect() as connection:
        return int(connection.execute(text(sql), params).scalar_one())


@pytest.mark.parametrize(
    "kind", [psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected]
)
def test_a_refused_transaction_runs_again_and_writes_once(
    postgres_workspace: Workspace, refuse_writes: Any, no_pause: None, kind: type[Exception]
) -> None:
    workspace = postgres_workspace
    person_id = workspace.run(register_person, person_data()).id
    audit_before = _count(workspace, "SELECT count(*) FROM audit_log")
    refused = refuse_writes(1, kind)
    workspace.run(add_case_note, person_id, {"text": NOTE})
    assert refused == [1]  # the first try was refused; the second went through
    assert _count(workspace, "SELECT count(*) FROM case_notes WHERE text = :t", t=NOTE) == 1
    added = "SELECT count(*) FROM audit_log WHERE action = 'note.added'"
    assert _count(workspace, added) == 1
    assert _count(workspace, "SELECT count(*) FROM audit_log") == audit_before + 1


def test_refused_four_times_is_busy_and_writes_nothing(
    postgres_workspace: Workspace, refuse_writes: Any, no_pause: None
) -> None:
    workspace = postgres_workspace
    person_id = workspace.run(register_person, person_data()).id
    audit_before = _count(workspace, "SELECT count(*) FROM audit_log")
    refused = refuse_writes(4, psycopg.errors.SerializationFailure)
    with pytest.raises(DatabaseBusy):
        workspace.run(add_case_note, person_id, {"text": NOTE})
    assert len(refused) == 4
    assert _count(workspace, "SELECT count(*) FROM case_notes") == 0
    assert _count(workspace, "SELECT count(*) FROM audit_log") == audit_before
    workspace.run(add_case_note, person_id, {"text": NOTE})  # and the next action works
    assert _count(workspace, "SELECT count(*) FROM case_notes") == 1


# --- a lost connection ------------------------------------------------------------------


def test_a_lost_connection_names_what_was_not_saved_and_the_next_action_works(
    postgres_workspace: Workspace,
) -> None:
    workspace = postgres_workspace
    person_id = workspace.run(register_person, person_data()).id
    with (
        connection_dropped_on_write(workspace.database.engine) as struck,
        pytest.raises(ConnectionLost) as raised,
    ):
        workspace.run(add_case_note, person_id, {"text": NOTE})
    assert struck
    assert str(raised.value) == (
        "Your changes were not saved: the connection to the database was lost during "
        "\u201cadd case note\u201d. Resettle reconnects at your next action: check the network "
        "and try again."
    )
    assert NOTE not in str(raised.value)
    assert _count(workspace, "SELECT count(*) FROM case_notes") == 0
    # The same workspace, not restarted: the next action opens a new connection.
    workspace.run(add_case_note, person_id, {"text": NOTE})
    assert _count(workspace, "SELECT count(*) FROM case_notes WHERE text = :t", t=NOTE) == 1


def test_the_translation_names_the_action_only_in_words() -> None:
    with pytest.raises(ConnectionLost) as raised, translate_storage_errors("plan.save_actions"):
        raise DBAPIError("UPDATE", None, psycopg.errors.AdminShutdown("terminating"))
    assert raised.value.doing == "plan save actions"


def test_a_call_that_already_committed_is_not_run_again(workspace: Workspace) -> None:
    calls: list[int] = []

    def commits_then_refused(_actor: Any, uow: Any) -> None:
        calls.append(1)
        with uow:
            uow.commit()
        raise DBAPIError("SELECT", None, psycopg.errors.SerializationFailure("could not"))

    with pytest.raises(DatabaseBusy):
        workspace.run(commits_then_refused)
    assert calls == [1]


def test_a_call_refused_before_it_committed_is_run_again(
    workspace: Workspace, no_pause: None
) -> None:
    calls: list[int] = []

    def refused_once(_actor: Any, uow: Any) -> str:
        calls.append(1)
        with uow:
            if len(calls) == 1:
                raise DBAPIError("UPDATE", None, psycopg.errors.DeadlockDetected("deadlock"))
            uow.commit()
        return "saved"

    assert workspace.run(refused_once) == "saved"
    assert calls == [1, 1]


# --- refusals raised by the server itself --------------------------------------------------


@pytest.fixture
def server_refusals(postgres_workspace: Workspace) -> Iterator[Callable[[int, str], None]]:
    """``server_refusals(n, sqlstate)``: the server itself refuses the next ``n`` case-note
    inserts with ``sqlstate``, from a trigger. Under READ COMMITTED the app's ordinary writes
    seldom meet a real serialisation failure or deadlock (the writer trials produced none), so
    this is how the retry meets the error exactly as the driver delivers it from the wire: the
    transaction aborted server-side, the error class psycopg maps the code to. The count is a
    sequence because sequences are not rolled back with the refused transaction."""
    engine: Engine = postgres_workspace.database.engine

    def arrange(times: int, sqlstate: str) -> None:
        with engine.begin() as connection:
            connection.execute(text("CREATE SEQUENCE test_refusal_count"))
            connection.execute(
                text(
                    "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    f"BEGIN IF nextval('test_refusal_count') <= {int(times)} THEN "
                    f"RAISE EXCEPTION 'refused by the test' USING ERRCODE = '{sqlstate}'; "
                    "END IF; RETURN NEW; END $$"
                )
            )
            connection.execute(
                text(
                    "CREATE TRIGGER test_refuse BEFORE INSERT ON case_notes "
                    "FOR EACH ROW EXECUTE FUNCTION test_refuse()"
                )
            )

    yield arrange
    with engine.begin() as connection:
        connection.execute(text("DROP TRIGGER IF EXISTS test_refuse ON case_notes"))
        connection.execute(text("DROP FUNCTION IF EXISTS test_refuse()"))
        connection.execute(text("DROP SEQUENCE IF EXISTS test_refusal_count"))


@pytest.mark.parametrize("sqlstate", ["40001", "40P01"])
def test_a_refusal_from_the_server_runs_again_and_writes_once(
    postgres_workspace: Workspace,
    server_refusals: Callable[[int, str], None],
    no_pause: None,
    sqlstate: str,
) -> None:
    workspace = postgres_workspace
    person_id = workspace.run(register_person, person_data()).id
    audit_before = _count(workspace, "SELECT count(*) FROM audit_log")
    server_refusals(2, sqlstate)
    workspace.run(add_case_note, person_id, {"text": NOTE})
    assert _count(workspace, "SELECT last_value FROM test_refusal_count") == 3  # 2 refused + 1
    assert _count(workspace, "SELECT count(*) FROM case_notes WHERE text = :t", t=NOTE) == 1
    assert _count(workspace, "SELECT count(*) FROM audit_log") == audit_before + 1


def test_four_refusals_from_the_server_are_busy_and_write_nothing(
    postgres_workspace: Workspace, server_refusals: Callable[[int, str], None], no_pause: None
) -> None:
    workspace = postgres_workspace
    person_id = workspace.run(register_person, person_data()).id
    audit_before = _count(workspace, "SELECT count(*) FROM audit_log")
    server_refusals(4, "40001")
    with pytest.raises(DatabaseBusy):
        workspace.run(add_case_note, person_id, {"text": NOTE})
    assert _count(workspace, "SELECT count(*) FROM case_notes") == 0
    assert _count(workspace, "SELECT count(*) FROM audit_log") == audit_before
