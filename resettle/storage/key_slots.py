"""The key file beside an encrypted SQLite database: one key slot per account (as in LUKS).

The database is encrypted (SQLCipher 4) with a random 32-byte data key. The key file,
``<database>.keys`` (JSON), holds the database's SQLCipher salt and, for each account, the
data key wrapped with a key derived from that account's password: argon2id (its salt and
parameters kept in the slot) then AES-256-GCM, with the user name as associated data, so a
slot cannot be moved to another account. A wrong password fails GCM's check: the database
file is never touched. The data key and passwords are never written anywhere in clear.

Each slot also counts wrong passwords typed for it (the database, which a wrong password
cannot open, cannot count them): ``docs/encryption.md`` explains the choice. The file also
keeps each refusal until it is written to the audit trail at the next sign-in that opens the
database (``KeyFile.refusals``, at most ``MAX_REFUSALS_KEPT``; how many more were dropped).

The file is replaced whole and atomically (a temporary file, fsync, ``os.replace``, fsync of
the folder), so a reader sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY_FILE_SUFFIX = ".keys"
#: The key file's permissions (where the system has them).
OWNER_ONLY = 0o600
FORMAT = "resettle-key-slots/1"
DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
#: Refusals kept for the audit trail, at most (a wrong password is counted only while its slot
#: is not locked, five per lock, so this is days of guessing at every slot).
MAX_REFUSALS_KEPT = 1000


@dataclass(frozen=True)
class KdfCost:
    time_cost: int
    memory_kib: int
    parallelism: int


#: argon2id parameters for new slots: argon2-cffi's defaults, the same as the password hashes
#: in ``services/passwords.py`` (each slot keeps its own, so they can be raised later).
DEFAULT_KDF_COST = KdfCost(time_cost=3, memory_kib=65536, parallelism=4)
_kdf_cost = DEFAULT_KDF_COST


@contextmanager
def kdf_cost_in_use(cost: KdfCost) -> Iterator[None]:
    """New slots made with ``cost`` meanwhile (the test suite's cheap parameters)."""
    global _kdf_cost
    before, _kdf_cost = _kdf_cost, cost
    try:
        yield
    finally:
        _kdf_cost = before


class KeyFileDamaged(ValueError):
    """The key file is not one this version can read (the message names the file)."""


@dataclass(frozen=True)
class CipherKey:
    """What opens an encrypted database: the data key and the database's salt (public)."""

    data_key: bytes
    salt: bytes

    def pragma_value(self) -> str:
        """The value for ``PRAGMA key``: a raw key with its salt, so SQLCipher runs no KDF
        (the password's KDF is the slot's) and every copy has the same salt."""
        return f"\"x'{self.data_key.hex()}{self.salt.hex()}'\""

    def __repr__(self) -> str:  # never the key, in a log or a traceback
        return "CipherKey(<hidden>)"


@dataclass(frozen=True)
class KeySlot:
    staff_id: int
    kdf_salt: bytes
    time_cost: int
    memory_kib: int
    parallelism: int
    nonce: bytes
    wrapped: bytes
    failed_attempts: int = 0
    locked_until: dt.datetime | None = None


@dataclass(frozen=True)
class SlotRefusal:
    """A wrong password typed for an account's slot, not yet in the audit trail: when, and
    whether it locked the slot."""

    staff_id: int
    at: dt.datetime
    locked: bool = False


@dataclass(frozen=True)
class KeyFile:
    #: The SQLCipher salt of the database and of every copy of it (the first 16 bytes).
    salt: bytes
    #: By user name.
    slots: dict[str, KeySlot] = field(default_factory=dict)
    #: Refusals waiting for the audit trail, oldest first.
    refusals: tuple[SlotRefusal, ...] = ()
    #: Refusals not kept because ``MAX_REFUSALS_KEPT`` were waiting.
    refusals_dropped: int = 0

    def with_slot(self, username: str, slot: KeySlot) -> KeyFile:
        return replace(self, slots={**self.slots, username: slot})

    def with_refusal(self, refusal: SlotRefusal) -> KeyFile:
        if len(self.refusals) >= MAX_REFUSALS_KEPT:
            return replace(self, refusals_dropped=self.refusals_dropped + 1)
        return replace(self, refusals=(*self.refusals, refusal))

    def without_refusals(self, audited: tuple[SlotRefusal, ...], dropped: int) -> KeyFile:
        """The file once ``audited`` (and a count of ``dropped``) are in the audit trail;
        refusals recorded since stay."""
        left = list(self.refusals)
        for refusal in audited:
            if refusal in left:
                left.remove(refusal)
        return replace(
            self,
            refusals=tuple(left),
            refusals_dropped=max(self.refusals_dropped - dropped, 0),
        )

    def without_slot(self, username: str) -> KeyFile:
        return replace(self, slots={k: v for k, v in self.slots.items() if k != username})


def key_file_path(database: Path) -> Path:
    return database.with_name(database.name + KEY_FILE_SUFFIX)


def new_cipher_key() -> CipherKey:
    return CipherKey(secrets.token_bytes(DATA_KEY_BYTES), secrets.token_bytes(SALT_BYTES))


def _derive(slot: KeySlot, password: str) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        slot.kdf_salt,
        time_cost=slot.time_cost,
        memory_cost=slot.memory_kib,
        parallelism=slot.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def wrap_key(data_key: bytes, staff_id: int, username: str, password: str) -> KeySlot:
    """A new slot: ``data_key`` wrapped under ``password`` (fresh salt and nonce)."""
    slot = KeySlot(
        staff_id=staff_id,
        kdf_salt=secrets.token_bytes(SALT_BYTES),
        time_cost=_kdf_cost.time_cost,
        memory_kib=_kdf_cost.memory_kib,
        parallelism=_kdf_cost.parallelism,
        nonce=secrets.token_bytes(NONCE_BYTES),
        wrapped=b"",
    )
    sealed = AESGCM(_derive(slot, password)).encrypt(slot.nonce, data_key, username.encode("utf-8"))
    return replace(slot, wrapped=sealed)


def unwrap_key(slot: KeySlot, username: str, password: str) -> bytes | None:
    """The data key, or None when ``password`` is not the one the slot was made with."""
    try:
        return AESGCM(_derive(slot, password)).decrypt(
            slot.nonce, slot.wrapped, username.encode("utf-8")
        )
    except InvalidTag:
        return None


# --- the file ----------------------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _slot_json(slot: KeySlot) -> dict[str, object]:
    return {
        "staff_id": slot.staff_id,
        "kdf": {
            "name": "argon2id",
            "salt": _b64(slot.kdf_salt),
            "time_cost": slot.time_cost,
            "memory_kib": slot.memory_kib,
            "parallelism": slot.parallelism,
        },
        "cipher": "AES-256-GCM",
        "nonce": _b64(slot.nonce),
        "wrapped_key": _b64(slot.wrapped),
        "failed_attempts": slot.failed_attempts,
        "locked_until": slot.locked_until.isoformat() if slot.locked_until else None,
    }


def _slot_of(data: dict[str, object]) -> KeySlot:
    kdf = data["kdf"]
    assert isinstance(kdf, dict) and kdf["name"] == "argon2id"
    locked = data.get("locked_until")
    return KeySlot(
        staff_id=int(str(data["staff_id"])),
        kdf_salt=base64.b64decode(str(kdf["salt"])),
        time_cost=int(kdf["time_cost"]),
        memory_kib=int(kdf["memory_kib"]),
        parallelism=int(kdf["parallelism"]),
        nonce=base64.b64decode(str(data["nonce"])),
        wrapped=base64.b64decode(str(data["wrapped_key"])),
        failed_attempts=int(str(data.get("failed_attempts", 0))),
        locked_until=dt.datetime.fromisoformat(str(locked)) if locked else None,
    )


def _refusal_json(refusal: SlotRefusal) -> dict[str, object]:
    return {"staff_id": refusal.staff_id, "at": refusal.at.isoformat(), "locked": refusal.locked}


def _refusal_of(data: dict[str, object]) -> SlotRefusal:
    at = dt.datetime.fromisoformat(str(data["at"]))
    if at.tzinfo is None:
        raise ValueError("a refusal's time must carry its time zone")
    return SlotRefusal(int(str(data["staff_id"])), at, bool(data.get("locked", False)))


def read_key_file(path: Path) -> KeyFile | None:
    """The key file, or None when there is none (a plain database)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ValueError("format")
        slots = data["slots"]
        assert isinstance(slots, dict)
        return KeyFile(
            salt=bytes.fromhex(data["database_salt"]),
            slots={str(name): _slot_of(slot) for name, slot in slots.items()},
            refusals=tuple(_refusal_of(item) for item in data.get("unaudited_refusals", [])),
            refusals_dropped=int(data.get("unaudited_refusals_dropped", 0)),
        )
    except (ValueError, KeyError, TypeError, AssertionError):
        raise KeyFileDamaged(
            f"The key file {path} is damaged or not a Resettle key file: restore it from "
            "where you keep copies of it."
        ) from None


def write_key_file(path: Path, keys: KeyFile) -> None:
    """Replace the key file atomically (temporary file, fsync, replace, fsync the folder),
    readable and writable by its owner only (other accounts of the computer cannot copy the
    slots to guess passwords at leisure)."""
    document = {
        "format": FORMAT,
        "database_salt": keys.salt.hex(),
        "slots": {name: _slot_json(slot) for name, slot in sorted(keys.slots.items())},
        "unaudited_refusals": [_refusal_json(refusal) for refusal in keys.refusals],
        "unaudited_refusals_dropped": keys.refusals_dropped,
    }
    temporary = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
        with open(descriptor, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    _sync_folder(path.parent)


@contextmanager
def key_file_locked(path: Path) -> Iterator[None]:
    """Held around every read-change-write of the key file (``<name>.keys.lock`` beside it,
    an advisory lock), so a count of a wrong password written by one copy of Resettle never
    puts back a slot another copy has just changed. Where the platform has no ``fcntl`` the
    database's own write lock still orders the slot changes accounts make."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def remove_key_file(path: Path) -> None:
    path.unlink(missing_ok=True)
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
