"""Keeping each account's key slot of an encrypted SQLite file in step with the account,
inside the caller's unit of work (written with its commit: ``storage/account_keys.py``).

- ``set_slot_password``: an active account's password was set (created, changed, reset, the
  first administrator): its slot is wrapped anew under that password. The acting session
  holds the data key; the file is never re-encrypted.
- ``unlock_slot``: an administrator lifts a lock: the slot's own wrong-password count and lock
  (kept in the key file, which a wrong password cannot get past) are cleared too.
- ``sync_slot``: a disabled account loses its slot. Enabling it gives none back: the
  administrator resets its password, which makes a new one.

Both do nothing on a plain database or on PostgreSQL (``uow.key_changes`` is None).
"""

from __future__ import annotations

from resettle.services.unit_of_work import UnitOfWork


def set_slot_password(uow: UnitOfWork, staff_id: int, password: str) -> None:
    changes = uow.key_changes
    if changes is None:
        return
    row = uow.staff.get(staff_id)
    if row is not None and row.active:
        changes.set_password(row.id, row.username, password)


def sync_slot(uow: UnitOfWork, staff_id: int) -> None:
    changes = uow.key_changes
    if changes is None:
        return
    row = uow.staff.get(staff_id)
    if row is not None and not row.active:
        changes.remove(row.username)


def unlock_slot(uow: UnitOfWork, staff_id: int) -> bool:
    """Whether the account's slot had wrong passwords or a lock to clear."""
    changes = uow.key_changes
    if changes is None:
        return False
    row = uow.staff.get(staff_id)
    return row is not None and changes.unlock(row.username)
