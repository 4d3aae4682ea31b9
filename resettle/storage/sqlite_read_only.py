"""Reading an SQLite database that cannot be written: the opening of last resort.

When the data folder cannot be written (a read-only disk or share, no permission) or its disk
is full, SQLite cannot make or grow the ``-wal`` and ``-shm`` files a WAL database needs, and
refuses even to read it ("unable to open database file"). Issue 16 asks that records are then
still shown, read-only, with a banner. ``storage/database.py`` falls back to this module's
engine when opening for writing met one of those problems (``UNWRITABLE``).

SQLite's "WAL Read-Only Databases" (https://www.sqlite.org/wal.html, section 8) says a
read-only WAL database can be read when its ``-shm`` and ``-wal`` files exist already (or can
be made), or when it is opened ``immutable=1``. Immutable tells SQLite the file cannot change
while it is open, so it takes no locks and ignores any ``-wal`` file. Whether another program
has the file open for writing, or opens it while we read, is NOT knowable from here (another
account, or another machine sharing the folder, may write it). So, per connection:

1. ``mode=ro`` first: SQLite's own locks and WAL reading, safe beside a writer. It opens
   whenever the ``-shm`` and ``-wal`` files are there (a copy in use, the owner's copy open).
2. ``immutable=1`` only when that cannot open AND there is no ``-wal`` file with anything in
   it: then every committed change is in the database file itself (a ``-wal`` left holding
   frames by a copy that stopped would be skipped, so then it is refused, with the message
   of why it could not be opened). Nothing reading the WAL can be open on it either, or its
   ``-shm`` file would be there and step 1 would have opened it.
3. Connections are never pooled (``NullPool``): every action opens anew and chooses anew,
   so once a writer appears (its ``-wal`` file has frames) no immutable connection is made.
   What is left is an action already reading while a writer's checkpoint copies pages into
   the file, which can show a mix of old and new pages or an error for that one action;
   never a changed file, because every connection is read-only (``mode=ro``).

Nothing here writes: not the database, not a ``-wal`` or ``-shm`` file, not a migration.
"""

from __future__ import annotations

import logging
import sqlite3
from functools import partial
from pathlib import Path
from typing import Any, cast

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Engine, ExceptionContext
from sqlalchemy.pool import NullPool

from resettle.storage.cipher import apply_key, sqlcipher_module
from resettle.storage.errors import DatabaseDiskFull, DatabaseFileReadOnly, FolderNotWritable
from resettle.storage.key_slots import CipherKey
from resettle.storage.open_problems import sqlite_side_files
from resettle.storage.sqlite_uri import sqlite_file_uri

log = logging.getLogger(__name__)

#: The problems opening for writing after which the file is opened to be read.
UNWRITABLE = (FolderNotWritable, DatabaseDiskFull, DatabaseFileReadOnly)


def nothing_in_the_wal(path: Path) -> bool:
    """Whether the database ``path`` has no ``-wal`` file, or an empty one: every committed
    change is then in the file itself."""
    wal = sqlite_side_files(path)[0]
    try:
        return wal.stat().st_size == 0
    except FileNotFoundError:
        return True


def connect_read_only(
    path: Path, timeout_s: float = 5.0, cipher: CipherKey | None = None
) -> sqlite3.Connection:
    """A read-only connection to the SQLite file ``path`` (the module's steps 1 and 2; an
    encrypted file with ``cipher``, its key, given before anything is read); raises the
    driver's error when neither may open it."""
    module: Any = sqlite3 if cipher is None else sqlcipher_module()
    first: Any = None
    try:
        first = _connected(module, sqlite_file_uri(path, read_only=True), timeout_s, cipher)
        first.execute("SELECT count(*) FROM sqlite_master").fetchone()  # SQLite opens lazily
        return cast(sqlite3.Connection, first)
    except (sqlite3.Error, module.Error):
        if first is not None:
            first.close()
        if not nothing_in_the_wal(path):
            raise
    connection = _connected(module, sqlite_file_uri(path, immutable=True), timeout_s, cipher)
    log.debug("SQLite file opened immutable (no -wal frames; folder or disk not writable)")
    return cast(sqlite3.Connection, connection)


def _connected(module: Any, uri: str, timeout_s: float, cipher: CipherKey | None) -> Any:
    connection = module.connect(uri, uri=True, timeout=timeout_s, check_same_thread=False)
    if cipher is not None:
        apply_key(connection, cipher)
    return connection


def read_only_engine(
    url: URL, busy_timeout_ms: int, *, disk_full: bool = False, cipher: CipherKey | None = None
) -> Engine:
    """An engine on the SQLite file ``url`` names whose every connection is read-only and
    made anew (``connect_read_only``); the engine's usual settings apply to each (a write
    fails as ``SQLITE_READONLY``: the services say the database can only be read).

    ``disk_full``: it was opened this way because its disk is full, so a refused write is
    reported as the full disk it really is (``SQLITE_FULL``), not as a read-only database:
    the user is told to free space, not to ask about permissions."""
    from resettle.storage import engine as engine_module

    path = Path(url.database or "")
    # The driver module is SQLCipher's for an encrypted file, so its errors are translated as
    # any other's (``DBAPIError``), never raised raw.
    driver = {} if cipher is None else {"module": sqlcipher_module()}
    engine = create_engine(
        url,
        creator=partial(connect_read_only, path, busy_timeout_ms / 1000, cipher),
        poolclass=NullPool,
        hide_parameters=True,
        **driver,
    )
    event.listen(
        engine,
        "connect",
        lambda connection, record: engine_module._set_sqlite_pragmas(
            busy_timeout_ms, connection, record
        ),
    )
    if disk_full:
        event.listen(engine, "handle_error", _refused_write_is_the_full_disk)
    return engine


def _refused_write_is_the_full_disk(context: ExceptionContext) -> None:
    """A write refused by a read-only connection (``SQLITE_READONLY``) said as SQLite says a
    full disk: the code is what the services translate, the driver's text is never shown."""
    original = context.original_exception
    code = getattr(original, "sqlite_errorcode", None)  # SQLite's and SQLCipher's errors
    if code == sqlite3.SQLITE_READONLY:
        original.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
        original.sqlite_errorname = "SQLITE_FULL"  # type: ignore[attr-defined]
