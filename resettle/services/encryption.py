"""Encrypting a plain SQLite database in place (``resettle db encrypt``).

An administrator, signed in, gives their password again. In order:

1. the action is audited inside the plain database (so the row is in the encrypted file);
2. the workspace's connections close, and a backup copy of the plain file is made (plain:
   the user is told to keep it somewhere safe or delete it);
3. an encrypted copy is written beside the file with a new random data key
   (``storage/cipher.encrypted_copy``) and checked to be encrypted;
4. the key file is written with the administrator's slot, then the copy replaces the plain
   file; when that fails, the key file is removed again and the plain file is left as it was.

Only the administrator's password is known here: every other active account gets its slot
when an administrator resets its password (the accounts are listed for that).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import DomainError
from resettle.domain.permissions import InactiveAccount, Permission, require
from resettle.domain.staff import Actor
from resettle.services import audit, passwords
from resettle.services.authentication import WrongCurrentPassword
from resettle.services.unit_of_work import UnitOfWork
from resettle.services.workspace import Workspace
from resettle.storage.cipher import encrypted_copy
from resettle.storage.key_slots import (
    KeyFile,
    key_file_path,
    new_cipher_key,
    remove_key_file,
    wrap_key,
    write_key_file,
)
from resettle.storage.migrate import backup_sqlite_file

log = logging.getLogger(__name__)


class CannotEncrypt(DomainError):
    code = "database.cannot_encrypt"


@dataclass(frozen=True)
class EncryptedInPlace:
    database: Path
    key_file: Path
    #: The plain copy made first: the user keeps it somewhere safe or deletes it.
    plain_backup: Path
    #: Active accounts without a key slot yet: an administrator resets each one's password.
    needing_reset: list[str]


def record_encryption(actor: Actor, uow: UnitOfWork, password: str) -> list[str]:
    """The administrator's password checked, the encryption audited; returns the other
    active accounts' user names (they need a password reset to get a key slot)."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    with uow:
        row = uow.staff.get(actor.id)
        if row is None or not row.active:
            raise InactiveAccount()
        if not passwords.verify_password(row.password_hash, password):
            raise WrongCurrentPassword()
        others = [
            name for name in uow.staff.active_usernames_with_password() if name != row.username
        ]
        audit.record(
            uow,
            actor,
            AuditAction.DATABASE_ENCRYPTED,
            None,
            person_id=None,
            accounts_needing_reset=len(others),
        )
        uow.commit()
        return others


def encrypt_in_place(workspace: Workspace, password: str) -> EncryptedInPlace:
    """Encrypt the workspace's plain SQLite file; the workspace is closed afterwards (sign in
    again to go on). Refused on PostgreSQL and on a file already encrypted."""
    database = workspace.database
    if not database.is_sqlite:
        raise CannotEncrypt(
            "Encryption at rest is for an SQLite file: a PostgreSQL server keeps its own."
        )
    if database.encrypted:
        raise CannotEncrypt(f"{database.description} is already encrypted.")
    path = Path(database.url.database or "")
    needing_reset = workspace.run(record_encryption, password)
    actor = workspace.actor
    workspace.close()
    backup = backup_sqlite_file(path)
    cipher = new_cipher_key()
    copy = encrypted_copy(path, cipher)
    keys = key_file_path(path)
    slot = wrap_key(cipher.data_key, actor.id, actor.username, password)
    write_key_file(keys, KeyFile(salt=cipher.salt, slots={actor.username: slot}))
    try:
        os.replace(copy, path)
    except BaseException:
        remove_key_file(keys)
        copy.unlink(missing_ok=True)
        raise
    for side in ("-wal", "-shm"):  # the plain file's, if a crash left them: never replayed
        path.with_name(path.name + side).unlink(missing_ok=True)
    log.info("Database encrypted in place (%d accounts need a password reset)", len(needing_reset))
    return EncryptedInPlace(path, keys, backup, needing_reset)
