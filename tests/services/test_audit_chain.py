"""The audit chain through the services, on SQLite and PostgreSQL: every use case's rows join
one unbroken chain; a failed transaction leaves no row and does not move the head; tampering
behind the application's back is named by sequence number; rows cut off the end are caught
by an earlier checkpoint."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, func, select

from resettle.domain.audit_chain import ChainFault, Checkpoint
from resettle.services import audit_chain
from resettle.services.audit_chain import audit_checkpoint, verify_audit_chain
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.storage.database import open_database
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.people import PersonRow
from resettle.storage.uow import SqlUnitOfWork
from tests.audit_chain_helpers import (
    TAMPERING,
    append_rows,
    appended_concurrently,
    tamper,
    verified,
)
from tests.factories import another_person, person_data


def test_use_cases_append_one_gapless_chain_ending_at_the_head(workspace: Workspace) -> None:
    register_person(workspace.actor, workspace.uow(), person_data())
    register_person(workspace.actor, workspace.uow(), another_person(2))
    append_rows(workspace.database, workspace.actor, 3)
    report = verified(workspace.database)
    assert report.intact, report
    with workspace.uow() as uow:
        seqs = uow.session.scalars(select(AuditEntryRow.seq).order_by(AuditEntryRow.id)).all()
    assert seqs == list(range(1, len(seqs) + 1))
    assert report.rows == len(seqs) >= 6  # the sign-in, two registrations, three more
    assert report.head.seq == seqs[-1]


class _FailsAtCommit(SqlUnitOfWork):
    """Everything written reaches the database inside the transaction, then the commit fails
    (a disk or connection lost at the last moment)."""

    def commit(self) -> None:
        self.session.flush()
        raise RuntimeError("commit failed")


def test_a_failed_transaction_leaves_neither_the_change_nor_its_audit_row(
    workspace: Workspace,
) -> None:
    before = audit_checkpoint(workspace.database)
    with workspace.uow() as uow:
        audit_rows = uow.audit.count()
        people = uow.session.scalar(select(func.count(PersonRow.id)))
    failing = _FailsAtCommit(workspace.database.session_factory)
    with pytest.raises(RuntimeError):
        register_person(workspace.actor, failing, person_data())
    with workspace.uow() as uow:
        assert uow.audit.count() == audit_rows
        assert uow.session.scalar(select(func.count(PersonRow.id))) == people
    assert audit_checkpoint(workspace.database) == before
    # The next append takes the next number: no gap where the failed one was.
    append_rows(workspace.database, workspace.actor, 1)
    report = verified(workspace.database)
    assert report.intact and report.head.seq == before.seq + 1


@pytest.mark.parametrize("kind", sorted(TAMPERING))
def test_tampering_is_named_by_the_first_bad_sequence_number(
    workspace: Workspace, kind: str
) -> None:
    append_rows(workspace.database, workspace.actor, 4)  # with the sign-in: rows 1 to 5
    assert verified(workspace.database).head.seq == 5
    statements, bad = TAMPERING[kind]
    tamper(workspace.database, *statements)
    report = verified(workspace.database)
    assert not report.intact
    assert report.first_bad_seq == bad


def test_rows_cut_off_the_end_with_the_head_moved_back_are_caught_by_a_checkpoint(
    workspace: Workspace,
) -> None:
    append_rows(workspace.database, workspace.actor, 2)
    early = audit_checkpoint(workspace.database)
    append_rows(workspace.database, workspace.actor, 3)
    assert verify_audit_chain(workspace.database, early).intact
    later = audit_checkpoint(workspace.database)
    tamper(
        workspace.database,
        f"DELETE FROM audit_log WHERE seq > {early.seq}",
        f"UPDATE audit_head SET last_seq = {early.seq}, last_hash = '{early.hash}', last_at = NULL",
    )
    assert verified(workspace.database).intact  # consistent, as far as the chain shows
    report = verify_audit_chain(workspace.database, later)
    assert (report.fault, report.first_bad_seq) == (ChainFault.CHECKPOINT_MISSING, early.seq + 1)


def test_four_writer_processes_on_one_sqlite_file_leave_one_unbroken_chain(
    workspace: Workspace,
) -> None:
    """SQLite's single writer serialises the appends (PostgreSQL's own test, with the head's
    row lock, is in tests/storage/test_postgres_audit_chain.py)."""
    if not workspace.database.is_sqlite:
        pytest.skip("PostgreSQL: tests/storage/test_postgres_audit_chain.py")
    url = workspace.database.url.render_as_string(hide_password=False)
    appended_concurrently(workspace.database, url, workspace.actor.id)


def test_rows_appended_while_verifying_are_not_taken_for_tampering(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The head and the rows are read in one snapshot: another copy appending between the
    two reads changes neither."""
    append_rows(workspace.database, workspace.actor, 2)
    read_head = audit_chain.read_head

    def head_then_others_append(connection: Connection) -> Checkpoint:
        head = read_head(connection)
        other = open_database(workspace.database.url.render_as_string(hide_password=False))
        try:
            append_rows(other, workspace.actor, 2)
        finally:
            other.close()
        return head

    monkeypatch.setattr(audit_chain, "read_head", head_then_others_append)
    before = verified(workspace.database)
    assert before.intact, before
    monkeypatch.undo()
    assert verified(workspace.database).head.seq == before.head.seq + 2


def test_rows_appended_together_link_into_the_chain_in_order(workspace: Workspace) -> None:
    """``audit.record_many`` (a register's row per person): the head moves once, and the rows
    are linked in order into the one gapless chain the verifier accepts."""
    from resettle.domain.audit_actions import AuditAction
    from resettle.services import audit

    register_person(workspace.actor, workspace.uow(), person_data())
    with workspace.uow() as uow:
        audit.record_many(
            uow,
            workspace.actor,
            AuditAction.PROGRAMME_ATTENDANCE_RECORDED,
            [(7, None, {"membership_id": n, "outcome": "attended_complied"}) for n in (1, 2, 3)],
        )
        uow.commit()
    append_rows(workspace.database, workspace.actor, 1)  # one appended after them
    report = verified(workspace.database)
    assert report.intact, report
    with workspace.uow() as uow:
        rows = uow.session.execute(
            select(AuditEntryRow.seq, AuditEntryRow.action, AuditEntryRow.details).order_by(
                AuditEntryRow.id
            )
        ).all()
    assert [seq for seq, _a, _d in rows] == list(range(1, len(rows) + 1))
    assert [d["membership_id"] for _s, a, d in rows if a == "programme_attendance.recorded"] == [
        1,
        2,
        3,
    ]
    assert report.head.seq == rows[-1][0]


def test_rows_appended_together_keep_each_one_s_own_details(workspace: Workspace) -> None:
    """Details repeated through a batch are worked out once, yet each row keeps exactly its
    own: ``True`` is not ``1``, key order is kept, lists and objects pass, and the verifier
    (which hashes every row from what is stored) finds the chain intact."""
    from resettle.domain.audit_actions import AuditAction
    from resettle.domain.audit_details import AuditDetailsRefused
    from resettle.services import audit

    given: list[dict[str, object]] = [
        {"rows": 1},
        {"rows": True},
        {"rows": 1},
        {"part": "numerator", "rows": 1},
        {"rows": 1, "part": "numerator"},
        {"filters": ["mine", "closed"]},
        {"filters": ["mine"]},
        {"rows": None},
        {"rows": True},
        {},
    ]
    with workspace.uow() as uow:
        audit.record_many(
            uow,
            workspace.actor,
            AuditAction.CASELOAD_EXPORTED,
            [(None, None, details) for details in given],
        )
        uow.commit()
    assert verified(workspace.database).intact
    with workspace.uow() as uow:
        stored = uow.session.scalars(
            select(AuditEntryRow.details)
            .where(AuditEntryRow.action == "caseload.exported")
            .order_by(AuditEntryRow.id)
        ).all()
    assert [list(d.items()) for d in stored] == [list(d.items()) for d in given]
    assert [type(d.get("rows")) for d in stored] == [type(d.get("rows")) for d in given]
    with workspace.uow() as uow, pytest.raises(AuditDetailsRefused):
        audit.record_many(  # a bad one after good ones of the same shape is still refused
            uow,
            workspace.actor,
            AuditAction.CASELOAD_EXPORTED,
            [(None, None, {"rows": 1}), (None, None, {"rows": 1}), (None, None, {"rows": "a b"})],
        )
