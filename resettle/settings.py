"""Where Resettle keeps its data: one place for platformdirs and the overrides.

Order: ``--database-url``, then ``RESETTLE_DATABASE_URL``, then an SQLite file in
``--data-dir`` (or ``RESETTLE_DATA_DIR``), else in the user data folder from platformdirs.
The log file lives in the same data folder, under ``logs/``. The account to act as is
``--user``, else ``RESETTLE_USER`` (for scripts; the password is never a setting here).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from platformdirs import user_cache_path, user_data_path

APP_NAME = "Resettle"
APP_AUTHOR = "Resettle"
DATABASE_FILE = "resettle.sqlite3"
DATABASE_URL_ENV = "RESETTLE_DATABASE_URL"
DATA_DIR_ENV = "RESETTLE_DATA_DIR"
USER_ENV = "RESETTLE_USER"
LOG_FILE = Path("logs") / "resettle.log"
CACHE_DIR = "cache"
STATE_DIR = "state"
IDLE_LOCK_MINUTES_ENV = "RESETTLE_IDLE_LOCK_MINUTES"
IDLE_LOCK_MINUTES = 15.0
#: How long a save waits for another user's lock before "the database is busy" (ms).
BUSY_TIMEOUT_MS = 10_000
#: Automatic backups live in the data folder's ``backups/`` (0700); the newest N are kept.
BACKUPS_DIR = "backups"
BACKUP_KEEP_ENV = "RESETTLE_BACKUP_KEEP"
BACKUP_KEEP = 10


@dataclass(frozen=True)
class Settings:
    """Where this run keeps its data and who it runs as. A plain dataclass: commands that
    need no database should not pay for building a Pydantic model (docs/performance.md)."""

    data_dir: Path
    database_url: str
    #: The account named with ``--user`` or ``RESETTLE_USER`` (the GUI asks at its sign-in
    #: dialog).
    username: str | None = None
    busy_timeout_ms: int = BUSY_TIMEOUT_MS
    #: Minutes without keyboard or mouse use before the window locks (0: never).
    idle_lock_minutes: float = IDLE_LOCK_MINUTES
    #: A new SQLite database is made encrypted (``docs/encryption.md``); the demo's is not.
    encrypt_new_databases: bool = True
    #: How many of Resettle's own backups ``backups/`` keeps (``RESETTLE_BACKUP_KEEP``).
    backup_keep: int = BACKUP_KEEP
    #: Whether a SQLite database that is not there may be made. True for the default data
    #: folder (its database is made on first run); False for one named with
    #: ``--database-url`` or ``RESETTLE_DATABASE_URL`` (a typo must not make an empty
    #: database), except for the commands that set a database up (``demo``,
    #: ``accounts create-admin``, ``db upgrade``).
    create_missing_database: bool = True

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def log_file(self) -> Path:
        return self.data_dir / LOG_FILE

    @property
    def cache_dir(self) -> Path:
        """Work commands keep between runs and can always rebuild (e.g. the prepared
        recommender)."""
        return self.data_dir / CACHE_DIR

    @property
    def state_dir(self) -> Path:
        """What Resettle keeps between runs beside the database (wrong passwords the
        database could not count: ``services/sign_in_failures.py``)."""
        return self.data_dir / STATE_DIR

    @property
    def fallback_state_dir(self) -> Path:
        """The same, in the user's cache folder, for when the data folder cannot be written."""
        return user_cache_path(APP_NAME, APP_AUTHOR) / STATE_DIR

    @property
    def fallback_log_file(self) -> Path:
        """The log in the user's cache folder, for when the data folder's cannot be written."""
        return user_cache_path(APP_NAME, APP_AUTHOR) / LOG_FILE

    @property
    def backups_dir(self) -> Path:
        """Where ``resettle backup`` and the GUI's "Backup now" write, and rotation prunes."""
        return self.data_dir / BACKUPS_DIR


def default_data_dir() -> Path:
    return user_data_path(APP_NAME, APP_AUTHOR)


def resolve_settings(
    data_dir: str | Path | None = None,
    database_url: str | None = None,
    username: str | None = None,
    *,
    named_must_exist: bool = False,
) -> Settings:
    """The settings of this run. ``named_must_exist`` (the command line and the app's
    start-up): a SQLite database named with ``database_url`` or ``RESETTLE_DATABASE_URL``
    that is not there is not made (``Settings.create_missing_database``)."""
    folder = Path(data_dir or os.environ.get(DATA_DIR_ENV) or default_data_dir()).expanduser()
    url = database_url or os.environ.get(DATABASE_URL_ENV)
    named = bool(url)
    if not url:
        # Quoted: a folder named "Team #2 ?%" must not end the path at "#" or "?".
        url = f"sqlite+pysqlite:///{quote(str((folder / DATABASE_FILE).resolve()))}"
    return Settings(
        data_dir=folder,
        database_url=url,
        create_missing_database=not (named and named_must_exist),
        username=username or os.environ.get(USER_ENV, "").strip() or None,
        idle_lock_minutes=_idle_lock_minutes(),
        backup_keep=_backup_keep(),
    )


def _backup_keep() -> int:
    """``RESETTLE_BACKUP_KEEP``: a whole number from 1 to 1000; the default otherwise."""
    text = os.environ.get(BACKUP_KEEP_ENV, "").strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= 1000 else BACKUP_KEEP


def _idle_lock_minutes() -> float:
    """``RESETTLE_IDLE_LOCK_MINUTES`` (0 turns the lock off); the default when unset or not
    a number of minutes from 0 to 480."""
    text = os.environ.get(IDLE_LOCK_MINUTES_ENV, "").strip()
    try:
        minutes = float(text)
    except ValueError:
        return IDLE_LOCK_MINUTES
    return minutes if 0 <= minutes <= 480 else IDLE_LOCK_MINUTES
