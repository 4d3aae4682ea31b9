"""SQLCipher connections: the raw data key given by ``PRAGMA key`` before anything else, and
the checks that keep an encrypted database's copies encrypted.

The key never goes into a URL, a log or an error's text (``CipherKey`` hides it). A copy made
from an encrypted database (a backup, the copy before an upgrade, encrypting in place) is
checked to begin with the database's salt, not with SQLite's plain header: ``ATTACH ... KEY
''`` followed by ``sqlcipher_export()`` would write every row in clear, and nothing here does
that, but a copy found plain is deleted and refused rather than left on disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from resettle.storage.key_slots import CipherKey
from resettle.storage.sqlite_uri import sqlite_file_uri

SQLITE_HEADER = b"SQLite format 3\x00"


class PlainCopyRefused(RuntimeError):
    """A copy of an encrypted database came out unencrypted (deleted, never kept)."""


def sqlcipher_module() -> Any:
    """The SQLCipher DB-API module (``sqlcipher3``, a ready-built wheel)."""
    from sqlcipher3 import dbapi2

    return dbapi2


def apply_key(connection: Any, cipher: CipherKey) -> None:
    """The first statement on a new SQLCipher connection."""
    cursor = connection.cursor()
    try:
        cursor.execute(f"PRAGMA key = {cipher.pragma_value()}")
    finally:
        cursor.close()


def connect_encrypted(path: Path, cipher: CipherKey, *, read_only: bool = False) -> Any:
    module = sqlcipher_module()
    target = sqlite_file_uri(path, read_only=read_only)
    connection = module.connect(target, uri=True)
    apply_key(connection, cipher)
    return connection


def file_header(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER))


def require_encrypted(path: Path, cipher: CipherKey) -> None:
    """Refuse (and delete) ``path`` unless it begins with ``cipher``'s salt."""
    if file_header(path) != cipher.salt:
        path.unlink(missing_ok=True)
        raise PlainCopyRefused(f"{path.name} was not written encrypted; it was deleted")


def encrypted_copy(path: Path, cipher: CipherKey) -> Path:
    """An encrypted copy of the plain database ``path`` beside it (``sqlcipher_export`` into
    a database attached with the key), checked to be encrypted. The caller puts it in place."""
    target = path.with_name(path.name + ".encrypting")
    target.unlink(missing_ok=True)
    connection = sqlcipher_module().connect(str(path))
    try:
        connection.execute(
            "ATTACH DATABASE ? AS encrypted KEY ?",
            (str(target), f"x'{cipher.data_key.hex()}{cipher.salt.hex()}'"),
        )
        connection.execute("SELECT sqlcipher_export('encrypted')")
        version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        connection.execute(f"PRAGMA encrypted.user_version = {version}")
        connection.execute("DETACH DATABASE encrypted")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        connection.close()
    require_encrypted(target, cipher)
    return target
