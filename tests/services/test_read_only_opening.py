"""A record opened while the database cannot be written (disk full, read-only) is shown
read-only, its opening logged (codes and ids) instead of audited; saves still refuse with
their own message (``domain/read_only_opening.py``). SQLite: ``PRAGMA max_page_count`` gives
a deterministic full disk, ``PRAGMA query_only`` a read-only database (as root too)."""

from __future__ import annotations

import logging

import pytest

from resettle.domain.errors import DatabaseReadOnly, DiskFull
from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.services.case_record.read import open_case_record
from resettle.services.people import get_person, register_person, update_person
from resettle.services.workspace import Workspace
from tests.factories import person_data
from tests.storage_faults import fill_until_full, storage_limited


@pytest.fixture
def sqlite_workspace(workspace: Workspace) -> Workspace:
    if not workspace.database.is_sqlite:
        pytest.skip("the limits are SQLite pragmas; PostgreSQL's are the server's settings")
    return workspace


def _views(workspace: Workspace, person_id: int) -> int:
    with workspace.uow() as uow:
        return sum(
            1
            for row in uow.audit.latest(100_000)
            if row.action == "person.viewed" and row.person_id == person_id
        )


def test_a_full_disk_opens_the_record_read_only_and_logs_the_unaudited_view(
    sqlite_workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    workspace = sqlite_workspace
    person = register_person(workspace.actor, workspace.uow(), person_data())
    with storage_limited(workspace.database.engine, "disk_full"):
        fill_until_full(
            lambda: workspace.run(open_case_record, person.id).read_only_because is not None
        )
        views_before = _views(workspace, person.id)
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            record = workspace.run(open_case_record, person.id)
        assert record.read_only_because is ReadOnlyBecause.DISK_FULL
        assert record.person.profile == person.profile  # the whole record is shown
        assert _views(workspace, person.id) == views_before  # nothing half-written
        [line] = [r.getMessage() for r in caplog.records if "NOT AUDITED" in r.getMessage()]
        assert "storage.disk_full" in line and f"person {person.id}" in line
        assert person.profile.family_name not in line  # ids and codes only
        shown = workspace.run(get_person, person.id)
        assert shown.read_only_because is ReadOnlyBecause.DISK_FULL
        changed = person.profile.model_copy(update={"given_name": "Another"})
        with pytest.raises(DiskFull) as refused:
            workspace.run(update_person, person.id, person.version, changed)
        assert "disk that holds the database is full" in str(refused.value)
    again = workspace.run(open_case_record, person.id)  # space again: audited again
    assert again.read_only_because is None
    assert _views(workspace, person.id) == views_before + 1


def test_a_read_only_database_opens_the_record_read_only(
    workspace: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    """Both backends: SQLite's ``query_only``, PostgreSQL's read-only session."""
    person = register_person(workspace.actor, workspace.uow(), person_data())
    views_before = _views(workspace, person.id)
    with storage_limited(workspace.database.engine, "read_only"):
        with caplog.at_level(logging.WARNING):
            record = workspace.run(open_case_record, person.id)
            shown = workspace.run(get_person, person.id)
        changed = person.profile.model_copy(update={"given_name": "Another"})
        with pytest.raises(DatabaseReadOnly) as refused:
            workspace.run(update_person, person.id, person.version, changed)
    assert record.read_only_because is ReadOnlyBecause.READ_ONLY
    assert shown.read_only_because is ReadOnlyBecause.READ_ONLY
    assert "can only be read" in str(refused.value)
    assert _views(workspace, person.id) == views_before
    lines = [r.getMessage() for r in caplog.records if "NOT AUDITED" in r.getMessage()]
    assert len(lines) == 2 and all("storage.read_only" in line for line in lines)


def test_any_other_failure_still_refuses_the_opening(
    sqlite_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a full disk or a read-only database shows the record unaudited."""
    from resettle.services import audit

    workspace = sqlite_workspace
    person = register_person(workspace.actor, workspace.uow(), person_data())

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("not a storage limit")

    monkeypatch.setattr(audit, "record_view", broken)
    with pytest.raises(RuntimeError):
        workspace.run(open_case_record, person.id)


def test_the_caseload_is_listed_on_a_read_only_database_when_the_day_moved(
    sqlite_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The caseload's daily readiness refresh writes; on a database that cannot be written
    it is skipped and the caseload read as stored, rather than not shown at all."""
    import datetime as dt

    from resettle.domain import clock
    from resettle.domain.caseload import CaseloadQuery
    from resettle.services.caseload import count_caseload, list_caseload

    workspace = sqlite_workspace
    person = register_person(workspace.actor, workspace.uow(), person_data())
    workspace.run(list_caseload, CaseloadQuery())  # the readiness day is today
    tomorrow = clock.today() + dt.timedelta(days=1)
    monkeypatch.setattr(clock, "_day_source", lambda: tomorrow)
    with storage_limited(workspace.database.engine, "read_only"):
        page = workspace.run(list_caseload, CaseloadQuery())
        assert workspace.run(count_caseload, CaseloadQuery()) == 1
    assert [row.id for row in page.rows] == [person.id]
    workspace.run(list_caseload, CaseloadQuery())  # writable again: brought to tomorrow


def test_a_login_that_makes_its_own_sessions_read_only_cannot_open_records_unaudited(
    workspace: Workspace,
) -> None:
    """PostgreSQL: any login may ``ALTER ROLE`` itself to read-only sessions by default, and
    a read-only session (SQLSTATE 25006) is taken as a database that cannot be written, which
    shows records without their ``person.viewed`` rows. The engine's sessions force that
    default off when they connect, so the opening is audited as usual."""
    from sqlalchemy import text

    if workspace.database.is_sqlite:
        pytest.skip("a login role's session defaults are PostgreSQL's")
    person = register_person(workspace.actor, workspace.uow(), person_data())
    engine = workspace.database.engine
    with engine.connect() as connection:
        role = connection.execute(text("SELECT current_user")).scalar_one()
        database = connection.execute(text("SELECT current_database()")).scalar_one()
    quoted = engine.dialect.identifier_preparer.quote
    alter = f"ALTER ROLE {quoted(role)} IN DATABASE {quoted(database)}"
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(f"{alter} SET default_transaction_read_only = on"))
    try:
        engine.dispose()  # every session from now on starts with the role's defaults
        views_before = _views(workspace, person.id)
        record = workspace.run(open_case_record, person.id)
        assert record.read_only_because is None
        assert _views(workspace, person.id) == views_before + 1
    finally:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("SET default_transaction_read_only = off"))  # if it failed
            connection.execute(text(f"{alter} RESET default_transaction_read_only"))
        engine.dispose()
