"""Signing in to an encrypted SQLite file: the password unwraps the account's key slot
(``storage/key_slots.py``), and the key opens (and, when due, backs up and upgrades) the file.

The database cannot count a wrong password (it cannot be opened with one), so the slot
counts them, with the same rule as the database's count (``domain/lockout.py``: five in a row
lock it for 15 minutes). A locked slot is refused without trying the password. Each wrong
password (and the lock it causes) is kept in the key file until the next sign-in that opens
the database writes it to the audit trail (``audit_slot_refusals``), and a lock to the account
too (so the administration window shows it and can unlock it), as the database's own
refusals are audited: ``account.sign_in_failed`` (and ``account.locked``) about the account,
marked ``via: key_file`` with the time it was typed. Every refusal has the sign-in's usual
words, so they do not say whether a user name has a slot. A missing key file, a key file for
another database and a damaged database file each have their own message
(``storage/database.py``).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from resettle.domain.audit_actions import AuditAction
from resettle.domain.lockout import (
    LOCK_DURATION,
    LOCK_MINUTES,
    SignInState,
    after_failure,
    is_locked,
)
from resettle.services import audit, passwords
from resettle.services.authentication import SignInRefused
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.database import Database, open_database, read_keys
from resettle.storage.errors import DatabaseProblem
from resettle.storage.key_slots import (
    CipherKey,
    KeySlot,
    SlotRefusal,
    key_file_locked,
    key_file_path,
    unwrap_key,
    write_key_file,
)
from resettle.storage.scrub import database_file

log = logging.getLogger(__name__)


def open_with_password(
    database: Database, username: str, password: str, *, migrate: bool = True
) -> Database:
    """The sealed ``database`` opened with the key ``username``'s slot gives for
    ``password`` (checked, backed up and upgraded like any database). Raises
    ``SignInRefused`` (no slot, a locked slot, a wrong password) or a ``DatabaseProblem``."""
    assert database.sealed is not None
    path = database.sealed.path
    username = username.strip()
    keys = read_keys(path)
    if keys is None:
        raise DatabaseProblem(
            f"The key file {key_file_path(path)} of the encrypted database {path} is "
            "missing: the database cannot be read without it. Restore the key file."
        )
    slot = keys.slots.get(username)
    now = utc_now()
    if slot is None:
        passwords.verify_for_unknown_user(password)  # the same time as a real check
        raise SignInRefused()
    state = SignInState(slot.failed_attempts, slot.locked_until)
    if is_locked(state, now):
        passwords.verify_for_unknown_user(password)  # as long as any other refusal
        raise SignInRefused()
    data_key = unwrap_key(slot, username, password)
    if data_key is None:
        failed = after_failure(state, now)
        refusal = SlotRefusal(slot.staff_id, now, locked=is_locked(failed, now))
        _record(path, username, slot, failed, refusal)
        log.info("Sign-in refused: a wrong password for a key slot (staff id %s)", slot.staff_id)
        raise SignInRefused()
    if slot.failed_attempts or slot.locked_until:
        _record(path, username, slot, SignInState())
    return open_database(
        database.url.render_as_string(hide_password=False),
        migrate=migrate,
        cipher=CipherKey(data_key, keys.salt),
        busy_timeout_ms=database.busy_timeout_ms,
    )


def _record(
    path: Path,
    username: str,
    slot: KeySlot,
    state: SignInState,
    refusal: SlotRefusal | None = None,
) -> None:
    """The slot's count and lock (and the refusal, for the audit trail), as read afresh under
    the key file's lock (another slot may have changed since)."""
    with key_file_locked(key_file_path(path)):
        keys = read_keys(path)
        current = None if keys is None else keys.slots.get(username)
        if keys is None or current is None or current.wrapped != slot.wrapped:
            return  # gone, or its password changed meanwhile (its count started again)
        updated = replace(
            current, failed_attempts=state.failed_attempts, locked_until=state.locked_until
        )
        keys = keys.with_slot(username, updated)
        if refusal is not None:
            keys = keys.with_refusal(refusal)
        write_key_file(key_file_path(path), keys)


def waiting_refusals(database: Database) -> int:
    """How many refusals the key file of ``database`` keeps for the audit trail (0 for a
    database with no key file)."""
    path = database_file(database.engine)
    keys = read_keys(path) if path is not None else None
    return 0 if keys is None else len(keys.refusals) + keys.refusals_dropped


def _lock_account(uow: UnitOfWork, refusal: SlotRefusal) -> None:
    """The lock the slot took, on the account too, so the administration window and
    ``accounts list`` say it is locked and their unlock (which clears the slot's lock too)
    is offered."""
    row = uow.staff.get(refusal.staff_id)
    until = refusal.at + LOCK_DURATION
    if row is not None and (row.locked_until is None or row.locked_until < until):
        row.locked_until, row.failed_sign_ins = until, 0


def audit_slot_refusals(uow: UnitOfWork, database_path: Path) -> int:
    """Write the refusals the key file keeps to the audit trail (one transaction), then take
    them out of the key file; how many were written. A crash between the two writes them
    again at the next sign-in (a refusal counted twice, never one lost)."""
    keys = read_keys(database_path)
    if keys is None or not (keys.refusals or keys.refusals_dropped):
        return 0
    with uow:
        for refusal in keys.refusals:
            attempted = refusal.at.isoformat(timespec="seconds")
            audit.record_without_actor(
                uow,
                AuditAction.ACCOUNT_SIGN_IN_FAILED,
                refusal.staff_id,
                reason="wrong_password",
                via="key_file",
                attempted_at=attempted,
            )
            if refusal.locked:
                _lock_account(uow, refusal)
                audit.record_without_actor(
                    uow,
                    AuditAction.ACCOUNT_LOCKED,
                    refusal.staff_id,
                    minutes=LOCK_MINUTES,
                    via="key_file",
                    attempted_at=attempted,
                )
        if keys.refusals_dropped:
            audit.record_without_actor(
                uow,
                AuditAction.ACCOUNT_SIGN_IN_FAILED,
                None,
                reason="not_kept",
                via="key_file",
                count=keys.refusals_dropped,
            )
        uow.commit()
    try:
        with key_file_locked(key_file_path(database_path)):
            current = read_keys(database_path)
            if current is not None:
                write_key_file(
                    key_file_path(database_path),
                    current.without_refusals(keys.refusals, keys.refusals_dropped),
                )
    except OSError:
        log.warning("The key file could not be rewritten: its refusals will be audited again")
    log.info("Audited %s refused key-slot sign-ins", len(keys.refusals) + keys.refusals_dropped)
    return len(keys.refusals) + keys.refusals_dropped
