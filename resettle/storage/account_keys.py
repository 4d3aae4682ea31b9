"""Key slot changes a unit of work makes (an account's password set, an account disabled),
written to the key file in step with the database's own commit.

Order: the account's rows are flushed (so this transaction holds SQLite's write lock, and no
other process changes accounts meanwhile), the key file is read afresh, changed and replaced,
then the database commits; when the commit fails, the key file as it was is put back. So a
password is never in the database without its slot, nor a slot without its password.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from resettle.storage.key_slots import (
    CipherKey,
    KeyFile,
    KeySlot,
    key_file_locked,
    read_key_file,
    wrap_key,
    write_key_file,
)


@dataclass
class KeySlotChanges:
    """The slots one unit of work changes (``SqlUnitOfWork.key_changes`` on an encrypted
    database, None on a plain one)."""

    path: Path
    cipher: CipherKey
    _slots: dict[str, KeySlot | None] = field(default_factory=dict)

    @property
    def pending(self) -> bool:
        return bool(self._slots)

    def set_password(self, staff_id: int, username: str, password: str) -> None:
        """The account's slot, wrapped under its new password (argon2id runs now)."""
        self._slots[username] = wrap_key(self.cipher.data_key, staff_id, username, password)

    def remove(self, username: str) -> None:
        self._slots[username] = None

    def unlock(self, username: str) -> bool:
        """Clear the wrong-password count and lock of the account's slot (written with the
        commit); whether it had any to clear."""
        keys = read_key_file(self.path)
        slot = keys.slots.get(username) if keys is not None else None
        if slot is None or (not slot.failed_attempts and slot.locked_until is None):
            return False
        self._slots.setdefault(username, replace(slot, failed_attempts=0, locked_until=None))
        return True

    def clear(self) -> None:
        self._slots.clear()

    def write(self) -> Callable[[], None]:
        """Apply the changes to the key file as it is now; returns the undo, which puts back
        the slots changed (and only those) as they were."""
        with key_file_locked(self.path):
            before = read_key_file(self.path) or KeyFile(salt=self.cipher.salt)
            write_key_file(self.path, _with_slots(before, self._slots))
        changed = {username: before.slots.get(username) for username in self._slots}
        self._slots = {}

        def undo() -> None:
            with key_file_locked(self.path):
                now = read_key_file(self.path) or before
                write_key_file(self.path, _with_slots(now, changed))

        return undo


def _with_slots(keys: KeyFile, slots: dict[str, KeySlot | None]) -> KeyFile:
    """``keys`` with each named slot set, or removed where None."""
    for username, slot in slots.items():
        keys = keys.without_slot(username) if slot is None else keys.with_slot(username, slot)
    return keys
