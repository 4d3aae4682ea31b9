"""Opening the configured database: checks, backup, migrations, then a session factory.

An encrypted SQLite file (a key file ``<database>.keys`` beside it, ``storage/key_slots.py``)
opened without its key is *sealed*: the database is known, nothing in it can be read, and it
opens for real when someone signs in with a password that unwraps their key slot
(``services/encrypted_sign_in.py``). A new SQLite file is made encrypted when
``encrypt_new`` is set (the application does; tests and the demo database make plain ones).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from resettle.private_files import create_private_file, make_private_folder, restrict_existing
from resettle.settings import BACKUP_KEEP, BUSY_TIMEOUT_MS
from resettle.storage.account_keys import KeySlotChanges
from resettle.storage.backups import rotate_upgrade_copies
from resettle.storage.base import utc_now
from resettle.storage.cipher import file_header
from resettle.storage.engine import (
    build_engine,
    database_key,
    describe_url,
    is_sqlite,
    normalise_url,
)
from resettle.storage.errors import (
    CorruptDatabase,
    DatabaseDiskFull,
    DatabaseNeedsUpgrade,
    DatabaseProblem,
    DatabaseSealed,
    DatabaseUnreachable,
    KeyFileMismatch,
    NoDatabaseHere,
    OwnerMustUpgrade,
)
from resettle.storage.key_slots import (
    CipherKey,
    KeyFile,
    KeyFileDamaged,
    key_file_path,
    new_cipher_key,
    read_key_file,
    write_key_file,
)
from resettle.storage.migrate import (
    SchemaStatus,
    backup_sqlite_file,
    inspect_engine,
    inspect_sqlite_file,
    upgrade_to_head,
)
from resettle.storage.open_problems import diagnose, problem_opening, sqlite_side_files
from resettle.storage.sqlite_read_only import UNWRITABLE, connect_read_only, read_only_engine
from resettle.storage.uow import SqlUnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SealedFile:
    """An encrypted SQLite file not opened yet: its path and its key file."""

    path: Path
    key_file: Path


@dataclass
class Database:
    url: URL
    engine: Engine
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None
    #: The key of an encrypted SQLite file opened with it (never shown: ``CipherKey``).
    cipher: CipherKey | None = None
    #: An encrypted SQLite file not opened yet: signing in opens it.
    sealed: SealedFile | None = None
    busy_timeout_ms: int = BUSY_TIMEOUT_MS
    #: Opened to be read only, because opening it for writing met this problem (a folder
    #: that cannot be written, a full disk: ``storage/sqlite_read_only.py``); None normally.
    read_only_problem: DatabaseProblem | None = None

    @classmethod
    def on(
        cls,
        url: URL,
        engine: Engine,
        busy_timeout_ms: int,
        *,
        backup_path: Path | None = None,
        cipher: CipherKey | None = None,
        sealed: SealedFile | None = None,
        read_only_problem: DatabaseProblem | None = None,
    ) -> Database:
        """The database ``engine`` serves, with one session factory whose sessions keep what
        they loaded after a commit (read models are built after it)."""
        return cls(
            url=url,
            engine=engine,
            session_factory=sessionmaker(engine, expire_on_commit=False),
            backup_path=backup_path,
            cipher=cipher,
            sealed=sealed,
            busy_timeout_ms=busy_timeout_ms,
            read_only_problem=read_only_problem,
        )

    @property
    def encrypted(self) -> bool:
        return self.cipher is not None or self.sealed is not None

    @property
    def key_file(self) -> Path | None:
        """The key file beside an encrypted SQLite file (None for any other database)."""
        if not self.encrypted or not self.url.database:
            return None
        return key_file_path(Path(self.url.database))

    @property
    def description(self) -> str:
        return describe_url(self.url)

    @property
    def key(self) -> str:
        """A stable id of this database for per-database settings (no password, no path)."""
        return database_key(self.url)

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    def uow(self) -> SqlUnitOfWork:
        if self.sealed is not None:
            raise DatabaseSealed(self.description)
        changes = None
        if self.cipher is not None:
            path = Path(self.url.database or "")
            changes = KeySlotChanges(key_file_path(path), self.cipher)
        return SqlUnitOfWork(self.session_factory, changes)

    def close(self) -> None:
        self.engine.dispose()


def open_database(
    url: str,
    *,
    migrate: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    cipher: CipherKey | None = None,
    encrypt_new: bool = False,
    create_missing: bool = True,
) -> Database:
    """Check, back up when an upgrade is due, upgrade, and return a ready database.

    SQLite: ``cipher`` opens an encrypted file; an encrypted file without it is returned
    sealed (nothing read, nothing migrated); ``encrypt_new`` makes a new file encrypted.
    ``create_missing=False`` refuses a SQLite file that is not there (``NoDatabaseHere``)
    before anything is made: no folder, no file, no key file.
    An SQLite file (plain, or encrypted with ``cipher``) whose folder cannot be written or
    whose disk is full is opened to be read (``read_only_problem`` says why;
    ``storage/sqlite_read_only.py``).
    Raises a ``DatabaseProblem`` subclass with a message naming the database and the problem.
    """
    try:
        return _open_database(
            url,
            migrate=migrate,
            busy_timeout_ms=busy_timeout_ms,
            cipher=cipher,
            encrypt_new=encrypt_new,
            create_missing=create_missing,
        )
    except UNWRITABLE as problem:
        parsed = normalise_url(url)
        path = Path(parsed.database or "")
        if not _file_with_records(path, encrypted=cipher is not None):
            raise
        return _open_to_read(parsed, path, problem, busy_timeout_ms, cipher)


def _file_with_records(path: Path, *, encrypted: bool) -> bool:
    """An SQLite file that is there and not empty, encrypted (with its key file beside it)
    when ``encrypted``, else plain (none beside it)."""
    try:
        return path.stat().st_size > 0 and key_file_path(path).exists() == encrypted
    except OSError:
        return False


def _open_to_read(
    parsed: URL,
    path: Path,
    problem: DatabaseProblem,
    busy_timeout_ms: int,
    cipher: CipherKey | None,
) -> Database:
    """The file (encrypted: with ``cipher``) opened read-only after ``problem`` stopped
    opening it for writing. Nothing is migrated: an older schema is refused, saying why
    (``problem``'s words) and what to do."""
    try:
        state = inspect_sqlite_file(path, cipher, connect=partial(connect_read_only, cipher=cipher))
    except UNWRITABLE:
        raise problem from None
    if state.status is SchemaStatus.EMPTY:
        raise problem
    if state.status is SchemaStatus.OLDER:
        raise DatabaseNeedsUpgrade(
            f"{problem} The database also needs upgrading to this version of Resettle "
            f"(schema {state.revision}), which cannot be done while it can only be read, so "
            "it cannot even be shown. Nothing was changed."
        )
    engine = read_only_engine(
        parsed, busy_timeout_ms, disk_full=isinstance(problem, DatabaseDiskFull), cipher=cipher
    )
    log.warning(
        "Database opened READ ONLY (%s, schema %s): it cannot be written (%s)",
        parsed.get_backend_name(),
        state.revision,
        problem.code,
        extra={"file_only": True},  # the log file's; the command shows its own banner
    )
    return Database.on(parsed, engine, busy_timeout_ms, cipher=cipher, read_only_problem=problem)


def _open_database(
    url: str,
    *,
    migrate: bool,
    busy_timeout_ms: int,
    cipher: CipherKey | None,
    encrypt_new: bool,
    create_missing: bool,
) -> Database:
    parsed = normalise_url(url)
    where = describe_url(parsed)
    backup: Path | None = None
    if is_sqlite(parsed):
        path = Path(parsed.database or "")
        if not create_missing and not _sqlite_file_there(parsed):
            raise NoDatabaseHere(str(path))
        make_private_folder(path.parent)
        _narrow(path)
        if cipher is None:
            cipher, sealed = _sqlite_key(path, encrypt_new)
            if sealed is not None:
                engine = build_engine(parsed, busy_timeout_ms=busy_timeout_ms)
                return Database.on(parsed, engine, busy_timeout_ms, sealed=sealed)
        if cipher is not None:
            _require_key_fits(path, cipher)
        _create_private(path)
        state = inspect_sqlite_file(path, cipher)
        engine = build_engine(parsed, busy_timeout_ms=busy_timeout_ms, cipher=cipher)
        if migrate and state.status is SchemaStatus.OLDER:
            backup = backup_sqlite_file(path, cipher=cipher)
            removed = rotate_upgrade_copies(path, BACKUP_KEEP)
            log.info(
                "Backed up the database before upgrading (schema %s); %d older copies removed",
                state.revision,
                len(removed),
            )
    else:
        engine = build_engine(parsed, busy_timeout_ms=busy_timeout_ms)
        state = _inspect_server(engine, where)
        if state.through_gate and state.status is not SchemaStatus.CURRENT:
            engine.dispose()
            raise OwnerMustUpgrade(where)
    if is_sqlite(parsed):
        _first_connection(engine, Path(parsed.database or ""))
    if migrate and state.status is not SchemaStatus.CURRENT:
        try:
            upgrade_to_head(engine)
        except OperationalError as error:
            engine.dispose()
            if is_sqlite(parsed):
                found = diagnose(Path(parsed.database or ""), error)
                if found is not None:
                    raise found from None
            raise CorruptDatabase(f"{where} could not be upgraded: {error.orig}") from None
        log.info("Database schema upgraded to %s", state.head)
    log.info(
        "Database opened (%s%s, schema %s)",
        parsed.get_backend_name(),
        ", encrypted" if cipher is not None else "",
        state.head if migrate else state.revision,
    )
    return Database.on(parsed, engine, busy_timeout_ms, backup_path=backup, cipher=cipher)


def _sqlite_file_there(url: URL) -> bool:
    """Whether the SQLite file ``url`` names is there (an in-memory database always is)."""
    name = url.database or ""
    if name in ("", ":memory:") or name.startswith("file:"):
        return True
    return Path(name).expanduser().exists()


def _first_connection(engine: Engine, path: Path) -> None:
    """Connect once (WAL: SQLite makes its ``-wal`` and ``-shm`` files now), so a folder that
    cannot be written or a full disk is said as that here, not as a failed save later."""
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except OperationalError as error:
        engine.dispose()
        raise problem_opening(path, error) from None


def _narrow(path: Path) -> None:
    """The database file and its ``-wal`` and ``-shm`` files, when an older version (or a
    copy) left them readable by others, narrowed to 0600 before anything opens them (logged;
    ``resettle/private_files.py``)."""
    for file in (path, *sqlite_side_files(path)):
        restrict_existing(file)


def _create_private(path: Path) -> None:
    """A new database file made 0600 before SQLite opens it: SQLite makes its ``-wal`` and
    ``-shm`` files with the database file's mode."""
    try:
        create_private_file(path)
    except OSError as error:
        raise problem_opening(path, error) from None


def read_keys(path: Path) -> KeyFile | None:
    """The key file beside the database ``path`` (None for a plain database); a damaged one
    is a ``DatabaseProblem`` naming it."""
    try:
        return read_key_file(key_file_path(path))
    except KeyFileDamaged as error:
        raise DatabaseProblem(str(error)) from None


def _sqlite_key(path: Path, encrypt_new: bool) -> tuple[CipherKey | None, SealedFile | None]:
    """(a new file's key, None), (None, the sealed file) or (None, None) for a plain file."""
    keys = read_keys(path)
    if keys is not None and not keys.slots:
        _start_again(path)
        keys = None
    is_new = not path.exists() or path.stat().st_size == 0
    if keys is not None:
        if is_new:
            raise DatabaseProblem(
                f"The key file {key_file_path(path)} is here but its database file {path} "
                "is missing: restore the database file (or a backup of it) beside it."
            )
        return None, SealedFile(path, key_file_path(path))
    if not (encrypt_new and is_new):
        return None, None
    cipher = new_cipher_key()
    write_key_file(key_file_path(path), KeyFile(salt=cipher.salt))
    log.info("A new encrypted database (its key slots are written with its first account)")
    return cipher, None


#: A database file made and left before its first administrator holds an empty schema (a
#: few hundred KB); a bigger file with a key file of no slots holds records: never set aside.
LARGEST_UNFINISHED_FILE = 4 * 1024 * 1024


def _start_again(path: Path) -> None:
    """An encrypted file whose key file has no slot was made and left before its first
    administrator was created (the first slot is written before that account's commit): it
    holds an empty schema that nobody can ever open. It and its key file are moved aside
    (renamed ``<name>.unfinished-<time>``, never deleted) and a new one is made, unless a
    connection may still be open on it (its ``-wal`` or ``-shm`` file is there) or it is too
    big to be an empty schema (then the key file was emptied, and the message says so)."""
    sides = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    if any(side.exists() for side in sides):
        raise DatabaseProblem(
            f"The new encrypted database {path} has no account yet and is open in another "
            "copy of Resettle (create its first administrator there), or was left when one "
            f"stopped: then delete {path.name}, its -wal and -shm files and "
            f"{key_file_path(path).name} to start again."
        )
    if path.exists() and path.stat().st_size > LARGEST_UNFINISHED_FILE:
        raise DatabaseProblem(
            f"The key file {key_file_path(path)} has no key slot, but the database {path} holds "
            "records: the key file was emptied or replaced. Restore the key file that goes "
            "with this database (from where you keep copies of both); nothing was changed."
        )
    stamp = utc_now().strftime("%Y%m%dT%H%M%S")
    for old in (path, key_file_path(path)):
        if old.exists():
            old.rename(old.with_name(f"{old.name}.unfinished-{stamp}"))
    log.info("Set aside an encrypted database left before its first account")


def _require_key_fits(path: Path, cipher: CipherKey) -> None:
    """An encrypted file and every copy of it begin with the key file's salt; anything else
    is another database (or a plain file put in its place), not a damaged one."""
    if path.exists() and path.stat().st_size > 0 and file_header(path) != cipher.salt:
        raise KeyFileMismatch(
            f"The database file {path} does not belong with its key file "
            f"{key_file_path(path).name}: it is a plain file or another database's file. "
            "Restore the database file that goes with the key file."
        )


def _inspect_server(engine: Engine, where: str):  # type: ignore[no-untyped-def]
    try:
        return inspect_engine(engine, where)
    except OperationalError as error:
        engine.dispose()
        reason = str(error.orig).strip().splitlines()[0] if error.orig else "no answer"
        raise DatabaseUnreachable(f"Cannot reach the database server {where}: {reason}") from None


def integrity_problems(database: Database) -> list[str]:
    """Run the backend's integrity check; an empty list means healthy."""
    with database.engine.connect() as connection:
        if database.is_sqlite:
            rows = connection.execute(text("PRAGMA integrity_check")).scalars().all()
            problems = [str(r) for r in rows if r != "ok"]
            fk = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            problems += [f"broken reference in {row[0]} row {row[1]}" for row in fk]
            return problems
        connection.execute(text("SELECT 1"))
        return []
