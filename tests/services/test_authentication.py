"""Signing in: only with the password; five wrong passwords lock the account for 15 minutes;
every refusal reads the same; a reset forces a change; a disabled account's next action is
refused; the first administrator of a new database; everything audited without passwords."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from resettle.domain.caseload import CaseloadQuery
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import InactiveAccount, PermissionDenied
from resettle.domain.staff import Role
from resettle.services import authentication, case_access, passwords, sign_in_failures
from resettle.services.authentication import (
    REFUSED_MESSAGE,
    AccountsExist,
    PasswordChangeRequired,
    SamePassword,
    SignInRefused,
    WrongCurrentPassword,
)
from resettle.services.caseload import count_caseload
from resettle.services.workspace import Workspace, open_settings_database, signed_in_workspace
from resettle.settings import Settings
from resettle.storage.base import utc_now
from resettle.storage.tables.audit import AuditEntryRow
from tests.accounts import TEST_OFFICER, TEST_PASSWORD, seed_account
from tests.factories import staff_member

NEW_PASSWORD = "granite-meadow-kettle-19"


def _audit(workspace: Workspace) -> list[tuple[str, int | None, int | None, dict[str, object]]]:
    with workspace.uow() as uow:
        rows = uow.session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id))
        return [
            (row.action, row.actor_id, row.entity_id, row.details)
            for row in rows
            if row.action.startswith("account.")
        ]


def _refusal(workspace: Workspace, username: str, password: str, **kw: dt.datetime) -> str:
    with pytest.raises(SignInRefused) as refused:
        authentication.sign_in(workspace.uow(), username, password, **kw)
    return str(refused.value)


def test_the_right_password_signs_in_and_is_audited(workspace: Workspace) -> None:
    signed = authentication.sign_in(workspace.uow(), TEST_OFFICER, TEST_PASSWORD)
    assert signed.actor.id == workspace.actor.id and not signed.must_change_password
    assert _audit(workspace)[-1][:3] == (
        "account.signed_in",
        workspace.actor.id,
        workspace.actor.id,
    )


def test_every_refusal_reads_the_same_and_names_no_password(workspace: Workspace) -> None:
    unknown = _refusal(workspace, "nobody.here", TEST_PASSWORD)
    wrong = _refusal(workspace, TEST_OFFICER, "not-the-password-at-all")
    staff_member(workspace, "gone.officer")
    with workspace.uow() as uow:
        row = uow.staff.by_username("gone.officer")
        assert row is not None
        row.active = False
        uow.commit()
    disabled = _refusal(workspace, "gone.officer", TEST_PASSWORD)
    assert unknown == wrong == disabled == REFUSED_MESSAGE
    rows = [row for row in _audit(workspace) if row[0] == "account.sign_in_failed"]
    assert [(action, details["reason"]) for action, _a, _e, details in rows] == [
        ("account.sign_in_failed", "unknown_user"),
        ("account.sign_in_failed", "wrong_password"),
        ("account.sign_in_failed", "disabled"),
    ]
    assert all(actor is None for _action, actor, _e, _d in rows)
    text = repr(rows)
    assert TEST_PASSWORD not in text and "not-the-password" not in text
    assert "nobody.here" not in text  # a mistyped name may be a password typed in the wrong box


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(workspace: Workspace) -> None:
    start = utc_now()
    for _ in range(4):  # a success clears the count: never five in a row
        _refusal(workspace, TEST_OFFICER, "wrong-password-number", now=start)
        assert authentication.sign_in(workspace.uow(), TEST_OFFICER, TEST_PASSWORD, now=start)
    for attempt in range(5):
        _refusal(workspace, TEST_OFFICER, f"wrong-password-{attempt}", now=start)
    # Locked: even the right password is refused, with the same words.
    assert _refusal(workspace, TEST_OFFICER, TEST_PASSWORD, now=start) == REFUSED_MESSAGE
    almost = start + dt.timedelta(minutes=14, seconds=59)
    _refusal(workspace, TEST_OFFICER, TEST_PASSWORD, now=almost)
    later = start + dt.timedelta(minutes=15)
    assert authentication.sign_in(workspace.uow(), TEST_OFFICER, TEST_PASSWORD, now=later)
    actions = [action for action, *_ in _audit(workspace)]
    assert actions.count("account.locked") == 1
    reasons = [d.get("reason") for a, _x, _e, d in _audit(workspace) if a.endswith("failed")]
    assert reasons[-2:] == ["locked", "locked"]


def test_a_reset_password_must_be_changed_before_anything_else(workspace: Workspace) -> None:
    admin = staff_member(workspace, "the.admin", Role.ADMIN)
    authentication.reset_password(admin, workspace.uow(), workspace.actor.id, "temporary-pass-2026")
    with pytest.raises(SignInRefused):
        authentication.sign_in(workspace.uow(), TEST_OFFICER, TEST_PASSWORD)
    again = signed_in_workspace(workspace.database, TEST_OFFICER, "temporary-pass-2026")
    assert again.must_change_password
    with pytest.raises(PasswordChangeRequired):
        again.run(count_caseload, CaseloadQuery())
    with pytest.raises(WrongCurrentPassword):
        again.run(authentication.change_password, "not-it-at-all-000", NEW_PASSWORD)
    with pytest.raises(SamePassword):
        again.run(authentication.change_password, "temporary-pass-2026", "temporary-pass-2026")
    with pytest.raises(ValidationFailed, match="at least 12 characters"):
        again.run(authentication.change_password, "temporary-pass-2026", "short")
    again.run(authentication.change_password, "temporary-pass-2026", NEW_PASSWORD)
    assert again.run(count_caseload, CaseloadQuery()) == 0
    assert authentication.sign_in(workspace.uow(), TEST_OFFICER, NEW_PASSWORD)


def test_a_disabled_account_is_refused_at_its_next_action(workspace: Workspace) -> None:
    assert workspace.run(count_caseload, CaseloadQuery()) == 0
    with workspace.uow() as uow:  # an administrator disables it while it is signed in
        row = uow.staff.get(workspace.actor.id)
        assert row is not None
        row.active = False
        uow.commit()
    with pytest.raises(InactiveAccount):
        workspace.run(count_caseload, CaseloadQuery())
    # Also when a service is called without the workspace's check.
    with pytest.raises(InactiveAccount):
        count_caseload(workspace.actor, workspace.uow(), CaseloadQuery())


def test_a_change_of_roles_applies_at_the_next_action(workspace: Workspace) -> None:
    with workspace.uow() as uow:
        uow.staff.add_role(workspace.actor.id, Role.MANAGER.value)
        uow.commit()
    workspace.run(count_caseload, CaseloadQuery())
    assert workspace.actor.roles == {Role.OFFICER, Role.MANAGER}


def test_a_role_given_since_the_last_action_is_not_refused_on_the_old_roles(
    workspace: Workspace,
) -> None:
    """The refusal before any transaction began (on the roles read at the last action) is
    checked against the account as it is now, and the action runs with the new role."""
    with pytest.raises(PermissionDenied):
        workspace.run(case_access.list_cover)
    with workspace.uow() as uow:
        uow.staff.add_role(workspace.actor.id, Role.MANAGER.value)
        uow.commit()
    assert workspace.run(case_access.list_cover) == []
    assert workspace.actor.roles == {Role.OFFICER, Role.MANAGER}


def test_an_action_and_its_account_check_are_one_transaction(workspace: Workspace) -> None:
    begun: list[int] = []

    def count(_session: Session, _transaction: object, _connection: object) -> None:
        begun.append(1)

    event.listen(Session, "after_begin", count)
    try:
        assert workspace.run(count_caseload, CaseloadQuery()) == 0
    finally:
        event.remove(Session, "after_begin", count)
    assert len(begun) == 1


def test_the_password_is_rehashed_when_the_parameters_change(workspace: Workspace) -> None:
    with workspace.uow() as uow:
        row = uow.staff.get(workspace.actor.id)
        assert row is not None
        old = row.password_hash
    with passwords.hasher_in_use(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)):
        authentication.sign_in(workspace.uow(), TEST_OFFICER, TEST_PASSWORD)
        with workspace.uow() as uow:
            row = uow.staff.get(workspace.actor.id)
            assert row is not None
            assert row.password_hash != old and "m=16,t=2,p=1" in row.password_hash
            assert not passwords.needs_rehash(row.password_hash)


def test_the_first_administrator_of_a_new_database(settings: Settings) -> None:
    database = open_settings_database(settings)
    try:
        assert not authentication.has_accounts(database.uow())
        with pytest.raises(ValidationFailed, match="User name"):
            authentication.create_first_admin(database.uow(), "Bad Name!", "Ann", NEW_PASSWORD)
        with pytest.raises(ValidationFailed, match="password must not contain the user name"):
            authentication.create_first_admin(
                database.uow(), "ann.admin", "Ann Admin", "ann.admin-ann.admin"
            )
        admin = authentication.create_first_admin(
            database.uow(), " Ann.Admin ", "Ann  Admin", NEW_PASSWORD
        )
        assert (admin.username, admin.display_name, admin.roles) == (
            "ann.admin",
            "Ann Admin",
            {Role.ADMIN},
        )
        assert authentication.has_accounts(database.uow())
        with pytest.raises(AccountsExist):
            authentication.create_first_admin(database.uow(), "eve.admin", "Eve", NEW_PASSWORD)
        assert signed_in_workspace(database, "ann.admin", NEW_PASSWORD).actor == admin
    finally:
        database.close()


def test_unlocking_checks_the_password_and_counts_failures(workspace: Workspace) -> None:
    before = len(_audit(workspace))
    assert workspace.run(authentication.check_password, TEST_PASSWORD)
    assert not workspace.run(authentication.check_password, "wrong-wrong-wrong")
    with workspace.uow() as uow:
        row = uow.staff.get(workspace.actor.id)
        assert row is not None and row.failed_sign_ins == 1
    me = workspace.actor.id
    assert [
        (action, actor, entity) for action, actor, entity, _d in _audit(workspace)[before:]
    ] == [
        ("account.screen_unlocked", me, me),  # an unlock, not another sign-in
        ("account.sign_in_failed", None, me),
    ]
    for _ in range(4):  # failures while unlocking lock the account as at sign-in
        assert not workspace.run(authentication.check_password, "wrong-wrong-wrong")
    assert not workspace.run(authentication.check_password, TEST_PASSWORD)
    assert [action for action, *_ in _audit(workspace)].count("account.locked") == 1


def test_two_wrong_passwords_at_the_same_moment_both_count(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second failure is counted while the first has read the account and is checking
    its password: a read-then-write count would save 1 over the other's 1."""
    real_verify = passwords.verify_password
    interleaved: list[str] = []

    def verify_while_another_fails(password_hash: str, password: str) -> bool:
        if not interleaved:
            interleaved.append(password)
            _refusal(workspace, TEST_OFFICER, "second-wrong-password")
        return real_verify(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", verify_while_another_fails)
    _refusal(workspace, TEST_OFFICER, "first-wrong-password")
    assert interleaved == ["first-wrong-password"]
    with workspace.uow() as uow:
        row = uow.staff.get(workspace.actor.id)
        assert row is not None and row.failed_sign_ins == 2


def test_an_account_without_a_password_cannot_sign_in(workspace: Workspace) -> None:
    staff_id = seed_account(workspace.database, "no.password")
    with workspace.uow() as uow:
        row = uow.staff.get(staff_id)
        assert row is not None
        row.password_hash = ""
        uow.commit()
    for attempt in ("", TEST_PASSWORD):
        with pytest.raises(SignInRefused):
            authentication.sign_in(workspace.uow(), "no.password", attempt)


def test_an_upgraded_database_gets_an_administrator_again(workspace: Workspace) -> None:
    """Migration 0012 leaves every account without a password: the first-administrator step
    stays open until an administrator can sign in, so the data is never cut off."""
    old_admin = seed_account(workspace.database, "old.admin", (Role.ADMIN,))
    with workspace.uow() as uow:
        for row_id in (old_admin, workspace.actor.id):
            row = uow.staff.get(row_id)
            assert row is not None
            row.password_hash = ""
        uow.commit()
    admin = authentication.create_first_admin(
        workspace.uow(), "new.admin", "New Admin", NEW_PASSWORD
    )
    authentication.reset_password(admin, workspace.uow(), workspace.actor.id, "temporary-pass-2026")
    assert authentication.sign_in(workspace.uow(), TEST_OFFICER, "temporary-pass-2026")
    with pytest.raises(AccountsExist):
        authentication.create_first_admin(workspace.uow(), "third.admin", "Third", NEW_PASSWORD)


def _a_new_process(folders: list[Path]) -> sign_in_failures.UnrecordedFailures:
    """What a new ``resettle`` process starts with: no failures in memory, the folders set."""
    fresh = sign_in_failures.UnrecordedFailures()
    fresh.use_folders(folders)
    sign_in_failures.UNRECORDED = fresh
    return fresh


def test_wrong_passwords_on_a_read_only_database_lock_the_account_across_processes(
    workspace: Workspace,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The database cannot count them, so they are kept in a private file: five wrong
    passwords, each in a new process (nothing in memory), lock the account; the right
    password is then refused, in the same words, until the lock's 15 minutes have passed
    (the database's own rule, ``domain/lockout.py``). A right password before the fifth
    clears the count, as the database's own count is cleared."""
    from tests.storage_faults import storage_limited

    monkeypatch.setattr(sign_in_failures, "UNRECORDED", sign_in_failures.UNRECORDED)
    folders = [tmp_path / "state", tmp_path / "cache"]
    start = utc_now()
    audited = len(_audit(workspace))
    with storage_limited(workspace.database.engine, "read_only"):
        for attempt in range(4):
            _a_new_process(folders)
            _refusal(workspace, TEST_OFFICER, f"wrong-{attempt}", now=start)
        _a_new_process(folders)
        assert authentication.sign_in(workspace.uow(), TEST_OFFICER, TEST_PASSWORD, now=start)
        # An unknown name is refused in the same words on a read-only database too.
        assert _refusal(workspace, "nobody.here", TEST_PASSWORD) == REFUSED_MESSAGE
        caplog.clear()
        with caplog.at_level("WARNING"):
            for attempt in range(5):
                _a_new_process(folders)
                _refusal(workspace, TEST_OFFICER, f"wrong-again-{attempt}", now=start)
        _a_new_process(folders)
        assert _refusal(workspace, TEST_OFFICER, TEST_PASSWORD, now=start) == REFUSED_MESSAGE
        logged = [r.getMessage() for r in caplog.records]
        counted = [line for line in logged if "NOT COUNTED" in line]
        assert len(counted) == 5 and "4 in a row" in counted[-2] and "locked" in counted[-1]
        assert any("account.locked" in line and "NOT AUDITED" in line for line in logged)
        assert not any("wrong-again" in line for line in logged)  # never the password
        almost = start + dt.timedelta(minutes=14, seconds=59)
        _a_new_process(folders)
        assert _refusal(workspace, TEST_OFFICER, TEST_PASSWORD, now=almost) == REFUSED_MESSAGE
        later = start + dt.timedelta(minutes=15)
        _a_new_process(folders)
        assert authentication.sign_in(workspace.uow(), TEST_OFFICER, TEST_PASSWORD, now=later)
    assert len(_audit(workspace)) == audited  # nothing could be written
    kept = folders[0] / sign_in_failures.FILE_NAME
    assert json.loads(kept.read_text(encoding="utf-8")) == {}  # the right password forgot them
    # Writable again: the database counts, afresh.
    assert authentication.sign_in(workspace.uow(), TEST_OFFICER, TEST_PASSWORD)


@pytest.mark.skipif(os.name != "posix", reason="owner/group/other modes are POSIX")
def test_the_kept_failures_are_the_owners_only_and_name_no_account(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.storage_faults import storage_limited

    monkeypatch.setattr(sign_in_failures, "UNRECORDED", sign_in_failures.UNRECORDED)
    folders = [tmp_path / "state", tmp_path / "cache"]
    _a_new_process(folders)
    with storage_limited(workspace.database.engine, "read_only"):
        _refusal(workspace, TEST_OFFICER, "wrong")
    kept = folders[0] / sign_in_failures.FILE_NAME
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    text = kept.read_text(encoding="utf-8")
    assert TEST_OFFICER not in text and TEST_OFFICER.casefold() not in text
    [times] = json.loads(text).values()
    assert len(times) == 1
    assert not folders[1].exists()  # the first place that can be written


def test_failures_go_to_the_cache_folder_when_the_data_folder_cannot_be_written(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tests.storage_faults import storage_limited

    monkeypatch.setattr(sign_in_failures, "UNRECORDED", sign_in_failures.UNRECORDED)
    not_a_folder = tmp_path / "state"
    not_a_folder.write_text("a file where the folder would be")  # cannot be written, as root too
    folders = [not_a_folder, tmp_path / "cache"]
    with storage_limited(workspace.database.engine, "read_only"):
        for attempt in range(5):
            _a_new_process(folders)
            _refusal(workspace, TEST_OFFICER, f"wrong-{attempt}")
        _a_new_process(folders)
        assert _refusal(workspace, TEST_OFFICER, TEST_PASSWORD) == REFUSED_MESSAGE
    assert (folders[1] / sign_in_failures.FILE_NAME).exists()


def test_failures_no_folder_can_keep_are_kept_in_memory_and_logged(
    workspace: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from tests.storage_faults import storage_limited

    monkeypatch.setattr(sign_in_failures, "UNRECORDED", sign_in_failures.UNRECORDED)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folders would be")
    _a_new_process([blocked / "state", blocked / "cache"])  # one process: memory only
    with storage_limited(workspace.database.engine, "read_only"), caplog.at_level("WARNING"):
        for attempt in range(5):
            _refusal(workspace, TEST_OFFICER, f"wrong-{attempt}")
        assert _refusal(workspace, TEST_OFFICER, TEST_PASSWORD) == REFUSED_MESSAGE
    assert any("sign_in_failures.not_kept" in r.getMessage() for r in caplog.records)


def test_a_sign_in_that_would_change_the_account_still_signs_in_on_a_read_only_database(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A right password after wrong ones counted in the database (the count to clear), with
    a hash of older parameters (to rehash): neither change can be saved, and the account
    still signs in to read (the changes are made at a sign-in on a writable database)."""
    from resettle.domain.read_only_opening import ReadOnlyBecause
    from tests.storage_faults import storage_limited

    _refusal(workspace, TEST_OFFICER, "wrong-before")  # counted in the database
    monkeypatch.setattr(passwords, "needs_rehash", lambda _hash: True)
    with storage_limited(workspace.database.engine, "read_only"):
        signed = authentication.sign_in(workspace.uow(), TEST_OFFICER, TEST_PASSWORD)
    assert signed.read_only_because is ReadOnlyBecause.READ_ONLY
    with workspace.uow() as uow:
        row = uow.staff.by_username(TEST_OFFICER)
        assert row is not None and row.failed_sign_ins == 1  # nothing half-written
