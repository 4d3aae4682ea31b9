"""Erasing a person: every row of their data gone from every person table (and, on SQLite,
from the file's bytes, its write-ahead log and the data folder), a tombstone and an audit row
left, refusals for everyone but a manager who reaches the person."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from resettle.domain.access import OutOfScope
from resettle.domain.erasure import ErasureReason
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services.audit_chain import verify_audit_chain
from resettle.services.case_record import notes
from resettle.services.erasure.coverage import covered_tables, erasure_plan, text_columns
from resettle.services.erasure.erase import erase_person
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.settings import Settings
from resettle.storage.postgres_access import person_tables
from resettle.storage.scrub import CHECKPOINTED, LOG_NOT_EMPTIED
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.retention import ErasureRow
from tests.accounts import seed_account, signed_in_test_officer
from tests.factories import another_person, person_data, staff_member
from tests.services.erasure_markers import MARKER, plant_markers
from tests.storage_faults import SHORT_BUSY_TIMEOUT_MS

PRISON_NUMBER = "Q7351XK"
CRN = "Q735193"


def _manager(workspace: Workspace, username: str = "erase.manager") -> Workspace:
    return Workspace(workspace.database, staff_member(workspace, username, Role.MANAGER))


def _rows_left(workspace: Workspace, person_id: int) -> dict[str, int]:
    with workspace.database.engine.connect() as connection:
        return {
            table.name: connection.execute(
                text(f"SELECT count(*) FROM {table.name} WHERE {table.condition}"),
                {"person_id": person_id},
            ).scalar_one()
            for table in erasure_plan()
        }


def _bytes_under(folder: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def _holding(folder: Path, needles: list[bytes]) -> list[str]:
    return sorted(
        f"{path.name}: {needle.decode()}"
        for path, data in _bytes_under(folder).items()
        for needle in needles
        if needle in data
    )


def test_erasure_covers_every_person_table_the_access_policies_protect() -> None:
    assert covered_tables() == {table.name for table in person_tables()}
    assert "audit_log" not in covered_tables() and "erasures" not in covered_tables()
    assert erasure_plan()[-1].name == "people"  # the rows hanging from it go first
    assert "text" in text_columns()["case_notes"]


def _deletes_leave_bytes(workspace: Workspace) -> None:
    """SQLite as most builds ship it: a DELETE leaves the bytes in the page (Debian builds
    it with secure deletion on; erasure must not depend on that)."""

    def plain_delete(connection: Any, record: Any) -> None:
        connection.execute("PRAGMA secure_delete = OFF")

    event.listen(workspace.database.engine, "connect", plain_delete)
    workspace.database.engine.dispose()


def test_no_marker_is_left_in_any_table_file_log_or_the_data_folder(
    workspace: Workspace, tmp_path: Path
) -> None:
    if workspace.database.is_sqlite:
        _deletes_leave_bytes(workspace)
    person = workspace.run(register_person, person_data(prison_number=PRISON_NUMBER, crn=CRN))
    workspace.run(notes.add_case_note, person.id, {"text": f"Seen at home {MARKER}"})
    with workspace.database.engine.begin() as connection:
        planted = plant_markers(connection, person.id, workspace.actor.id)
    assert set(planted) | {"people"} == covered_tables()
    assert all(count == 1 for count in _rows_left(workspace, person.id).values())
    needles = [MARKER.encode(), PRISON_NUMBER.encode(), CRN.encode()]
    sqlite = workspace.database.is_sqlite
    if sqlite:  # the test can fail: the marker is there to be found before the erasure
        assert _holding(tmp_path, needles[:1])

    record = _manager(workspace).run(erase_person, PRISON_NUMBER, "subject_request")

    assert set(_rows_left(workspace, person.id).values()) == {0}
    assert {t.table: t.rows for t in record.tables}["case_notes"] == 1
    assert record.rows_removed == sum(t.rows for t in record.tables) >= len(covered_tables())
    if sqlite:
        with workspace.database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        assert _holding(tmp_path, needles) == []
        assert any("VACUUM" in step for step in record.storage_steps)


def test_the_tombstone_and_audit_rows_stay_without_personal_data_and_the_chain_verifies(
    workspace: Workspace,
) -> None:
    person = workspace.run(register_person, person_data())
    manager = _manager(workspace)
    record = manager.run(erase_person, " a1234bc ", ErasureReason.RETENTION_REVIEW)
    assert (record.person_id, record.reason) == (person.id, ErasureReason.RETENTION_REVIEW)
    assert record.authorised_by_username == "erase.manager"
    with workspace.uow() as uow:
        tombstone = uow.session.scalar(select(ErasureRow))
        assert tombstone is not None
        assert (tombstone.erased_person_id, tombstone.authorised_by_id) == (
            person.id,
            manager.actor.id,
        )
        assert tombstone.reason == "retention_review"
        about = [
            (row.action, row.entity_id, row.details)
            for row in uow.session.scalars(
                select(AuditEntryRow)
                .where(AuditEntryRow.person_id == person.id)
                .order_by(AuditEntryRow.id)
            )
        ]
        tombstone_id = tombstone.id
    assert about[0][0] == "person.registered"  # the earlier rows are kept
    assert about[-1] == (
        "person.erased",
        person.id,
        {"reason": "retention_review", "tombstone_id": tombstone_id, "rows": record.rows_removed},
    )
    assert "A1234BC" not in repr(about)
    chain = verify_audit_chain(workspace.database)  # the trail still verifies after erasure
    assert chain.fault is None and chain.rows == chain.head.seq > len(about)


def test_erasure_is_refused_to_all_but_a_manager_who_reaches_the_person(
    workspace: Workspace,
) -> None:
    workspace.run(register_person, person_data())
    with pytest.raises(PermissionDenied):
        workspace.run(erase_person, "A1234BC", "subject_request")  # an officer
    with workspace.uow() as uow:
        elsewhere = uow.staff.add_team("ELSE", "Another team").id
        uow.commit()
    seed_account(
        workspace.database, "far.manager", (Role.MANAGER,), managed_team_ids=[elsewhere],
        managed_establishment_ids=[],
    )  # fmt: skip
    far = Workspace(workspace.database, staff_member(workspace, "far.manager", Role.MANAGER))
    with pytest.raises(OutOfScope) as out_of_scope:
        far.run(erase_person, "A1234BC", "subject_request")
    manager = _manager(workspace)
    with pytest.raises(OutOfScope) as unknown:
        manager.run(erase_person, "Z9999ZZ", "subject_request")
    assert str(out_of_scope.value) == str(unknown.value)  # existence is not revealed
    for number, reason, field in (
        ("A1234BC", "", "reason"),
        ("A1234BC", "tidying up", "reason"),
        ("", "subject_request", "prison_number"),
        ("12345", "subject_request", "prison_number"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            manager.run(erase_person, number, reason)
        assert [p.field for p in refused.value.problems] == [field]
    with workspace.uow() as uow:
        assert uow.people.by_prison_number("A1234BC") is not None  # nothing was erased


def test_only_the_one_person_is_erased(workspace: Workspace) -> None:
    kept = workspace.run(register_person, another_person(1))
    workspace.run(register_person, person_data())
    _manager(workspace).run(erase_person, "A1234BC", "duplicate_record")
    with workspace.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ErasureRow)) == 1
        assert uow.people.get(kept.id) is not None
    assert _rows_left(workspace, kept.id)["allocations"] == 1


def test_a_log_another_copy_keeps_from_emptying_is_not_claimed_clean(
    settings: Settings, tmp_path: Path
) -> None:
    # A short busy timeout: the rebuild and the checkpoint each wait it out for the reader
    # (20 s with the application's 10 s, the slowest test of the suite).
    workspace = signed_in_test_officer(replace(settings, busy_timeout_ms=SHORT_BUSY_TIMEOUT_MS))
    try:
        if not workspace.database.is_sqlite:
            pytest.skip("the write-ahead log is SQLite's")
        workspace.run(register_person, person_data(prison_number=PRISON_NUMBER, crn=CRN))
        reader = workspace.database.engine.connect()  # another copy of Resettle, mid-read
        try:
            reader.exec_driver_sql("BEGIN")
            reader.exec_driver_sql("SELECT count(*) FROM people").all()
            record = _manager(workspace).run(erase_person, PRISON_NUMBER, "subject_request")
        finally:
            reader.close()
    finally:
        workspace.close()
    assert LOG_NOT_EMPTIED in record.storage_steps
    assert CHECKPOINTED not in record.storage_steps


def test_someone_registered_after_an_erasure_never_gets_the_erased_id(
    workspace: Workspace,
) -> None:
    workspace.run(register_person, another_person(1))
    erased = workspace.run(register_person, person_data(prison_number=PRISON_NUMBER, crn=CRN))
    _manager(workspace).run(erase_person, PRISON_NUMBER, "subject_request")
    newcomer = workspace.run(register_person, another_person(2))
    assert newcomer.id > erased.id  # else they would inherit the erased person's audit trail
