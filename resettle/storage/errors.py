"""Storage problems a user can act on (shown as a message, never a traceback)."""

from __future__ import annotations

from resettle.domain.errors import ConcurrentEdit, DomainError, DuplicateRecord, NotFound

__all__ = [
    "BadDatabaseAddress",
    "ConcurrentEdit",
    "CorruptDatabase",
    "DatabaseDiskFull",
    "DatabaseFileReadOnly",
    "DatabaseProblem",
    "DatabaseSealed",
    "DatabaseUnreachable",
    "DuplicateRecord",
    "FolderNotWritable",
    "KeyFileMismatch",
    "NewerSchema",
    "NotFound",
    "NotResettleDatabase",
    "OwnerMustUpgrade",
    "UnsupportedDatabase",
]


class DatabaseProblem(DomainError):
    """The database cannot be used: names the database and what is wrong."""

    code = "database.unusable"


class NotResettleDatabase(DatabaseProblem):
    code = "database.not_resettle"


class NewerSchema(DatabaseProblem):
    code = "database.newer_schema"


class CorruptDatabase(DatabaseProblem):
    code = "database.corrupt"


class DatabaseUnreachable(DatabaseProblem):
    code = "database.unreachable"


class NoDatabaseHere(DatabaseProblem):
    """A SQLite file named by ``--database-url`` (or ``RESETTLE_DATABASE_URL``) that is not
    there: refused, nothing made (a mistyped address must not leave an empty database)."""

    code = "database.missing"

    def __init__(self, path: str) -> None:
        super().__init__(
            f"There is no Resettle database at {path}. Check the address given with "
            "--database-url (or RESETTLE_DATABASE_URL); to make a new database there, run "
            "'resettle --database-url URL accounts create-admin --user NAME' (or "
            "'resettle --database-url URL demo' for demo data)."
        )


class OwnerMustUpgrade(DatabaseProblem):
    """Opened through the gate login, which cannot change the schema."""

    code = "database.owner_must_upgrade"

    def __init__(self, where: str) -> None:
        super().__init__(f"{where}: the database needs upgrading by its owner: resettle db upgrade")


class DatabaseSealed(DatabaseProblem):
    """An encrypted SQLite file read before anyone signed in."""

    code = "database.sealed"

    def __init__(self, where: str) -> None:
        super().__init__(
            f"{where} is encrypted: it opens when an account signs in (in the app, or with "
            "--user NAME)."
        )


class KeyFileMismatch(DatabaseProblem):
    """The key file unwrapped a key, but the database file is not the one it belongs to."""

    code = "database.key_file_mismatch"


class FolderNotWritable(DatabaseProblem):
    """The folder holding an SQLite database cannot be written (a read-only share or file
    system, or no permission): SQLite needs to make its ``-wal`` and ``-shm`` files there.
    Nothing is damaged."""

    code = "database.folder_not_writable"


class DatabaseFileReadOnly(DatabaseProblem):
    """The SQLite database file itself may be read but not written."""

    code = "database.file_read_only"


class DatabaseDiskFull(DatabaseProblem):
    """The disk holding the database's folder has no space left."""

    code = "database.disk_full"


class DatabaseNeedsUpgrade(DatabaseProblem):
    """An older schema on a database that can only be read: it cannot be upgraded, and this
    version cannot read it as it is."""

    code = "database.needs_upgrade_read_only"


class BadDatabaseAddress(DatabaseProblem):
    """``--database-url`` (or ``RESETTLE_DATABASE_URL``) cannot be read as a database
    address. The message never repeats the address: it may hold a password."""

    code = "database.bad_address"

    def __init__(self) -> None:
        super().__init__(
            "--database-url (or RESETTLE_DATABASE_URL) is not a database address: write "
            "sqlite:///PATH/TO/resettle.sqlite3 or postgresql://USER@HOST/DATABASE"
        )


class UnsupportedDatabase(DatabaseProblem):
    """A database address for a kind of database (or driver) Resettle does not work with."""

    code = "database.unsupported"
