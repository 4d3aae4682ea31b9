"""Wrong passwords that could not be counted in the database, kept where they outlive the
process.

An account's failures are counted in its own row (``domain/lockout.py``). When the database
cannot be written (its disk is full, it is read-only: ``services/read_only_storage.py``) that
count cannot be kept there; kept in memory only, each ``resettle`` command would start a fresh
count and guessing would never lock. So each such failure is written to a private file (0600,
``private_files.write_file_safely``), ``sign-in-failures.json``, in the first of these that
can be written:

1. the data folder's state area (``Settings.state_dir``);
2. the user's cache folder from platformdirs (``Settings.fallback_state_dir``), for when the
   data folder itself cannot be written.

If neither can be, the failure is kept in this process's memory and the log says so by its
code (``sign_in_failures.not_kept``). The file is read from both places.

An account is named by a digest (SHA-256) of the database's key (itself a digest:
``storage/engine.database_key``) and the folded user name: no user name in clear, and the
same name on another database is another account. Each entry is the times of the account's
counted failures; the lock is decided by replaying them through ``domain/lockout.py``
(``after_failure``, ``is_locked``), so the same numbers (5 in a row, 15 minutes) apply as in
the database. A failure while locked is not counted, as there; the times up to a lock that
has ended are dropped, as the database starts afresh; a right password forgets them.

Within a process the store is one lock. Between processes each write replaces the file whole
(written beside it, then renamed: never half-written), so two commands failing at the same
instant may keep one failure instead of two: the lock then comes one attempt later, never
not at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from resettle.domain.lockout import SignInState, after_failure, is_locked
from resettle.private_files import write_file_safely

log = logging.getLogger(__name__)

FILE_NAME = "sign-in-failures.json"
#: More entries than any account needs (a lock is reached at 5): a file grown by hand or by
#: a fault stays small to read.
MOST_KEPT = 64
_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def account_key(database_key: str, username: str) -> str:
    """The name an account's failures are kept under: no user name in clear."""
    return hashlib.sha256(f"{database_key}\0{username.strip().casefold()}".encode()).hexdigest()


def _replayed(times: Iterable[dt.datetime]) -> tuple[SignInState, list[dt.datetime]]:
    """The lock state after ``times`` (oldest first), and the times that still count."""
    state, counted = SignInState(), []
    for moment in times:
        after = after_failure(state, moment)
        if after != state:
            counted.append(moment)
        state = after
    return state, counted


class UnrecordedFailures:
    """The failures the database could not count, in a file and in memory (see module)."""

    def __init__(self) -> None:
        self._folders: tuple[Path, ...] = ()
        self._memory: dict[str, list[dt.datetime]] = {}
        self._lock = threading.Lock()

    def use_folders(self, folders: Sequence[Path]) -> None:
        """Where the file may be kept, in order of preference (the app and the command line
        set this when they open their database; without it, memory only)."""
        with self._lock:
            self._folders = tuple(folders)

    def is_locked(self, key: str, now: dt.datetime) -> bool:
        with self._lock:
            return is_locked(self._state(key, now)[0], now)

    def add(self, key: str, now: dt.datetime) -> tuple[bool, int]:
        """Count one wrong password at ``now``: (whether it locks the account now, how many
        in a row are counted, for the log)."""
        with self._lock:
            before, times = self._state(key, now)
            if is_locked(before, now):
                return False, 0
            times = [*times, now]
            after, counted = _replayed(times)
            self._keep(key, counted[-MOST_KEPT:])
            return is_locked(after, now), len(counted) if after.locked_until is None else 0

    def forget(self, key: str) -> None:
        """A right password: the account's uncounted failures are gone."""
        with self._lock:
            self._memory.pop(key, None)
            for folder in self._folders:
                entries = _read(folder)
                if key in entries:
                    entries.pop(key)
                    with contextlib.suppress(OSError):
                        _write(folder, entries)

    # --- inside the lock --------------------------------------------------------------

    def _state(self, key: str, now: dt.datetime) -> tuple[SignInState, list[dt.datetime]]:
        """The account's state and counted times, those up to a lock ended by ``now`` gone."""
        # Each failure is kept whole (every time) in memory and in one folder: the freshest
        # and longest of those lists is the account's (two failures may share a moment).
        kept = [self._memory.get(key, [])]
        kept += [_read(folder).get(key, []) for folder in self._folders]
        times = max(kept, key=lambda found: (max(found, default=_EARLIEST), len(found)))
        state, counted = _replayed(sorted(times))
        if state.locked_until is not None and not is_locked(state, now):
            return SignInState(), []  # the lock has run out: afresh, as in the database
        return state, counted

    def _keep(self, key: str, times: list[dt.datetime]) -> None:
        self._memory[key] = times
        for folder in self._folders:
            entries = _read(folder)
            entries[key] = times
            try:
                _write(folder, entries)
            except OSError as error:
                log.info("Sign-in failures not kept in one folder (errno %s)", error.errno)
                continue
            return
        log.warning(
            "Wrong password kept in memory only (sign_in_failures.not_kept): no folder for "
            "%s can be written",
            FILE_NAME,
        )


def _read(folder: Path) -> dict[str, list[dt.datetime]]:
    """The file's entries; nothing for a file that is not there or cannot be read (a damaged
    one is replaced at the next failure)."""
    try:
        raw = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    entries: dict[str, list[dt.datetime]] = {}
    if not isinstance(raw, dict):
        return entries
    for key, stamps in raw.items():
        if not isinstance(key, str) or not isinstance(stamps, list):
            continue
        times = []
        for stamp in stamps[-MOST_KEPT:]:
            with contextlib.suppress(TypeError, ValueError):
                moment = dt.datetime.fromisoformat(stamp)
                if moment.tzinfo is not None:
                    times.append(moment)
        entries[key] = times
    return entries


def _write(folder: Path, entries: dict[str, list[dt.datetime]]) -> None:
    kept = {key: [t.isoformat() for t in times] for key, times in entries.items() if times}
    write_file_safely(folder / FILE_NAME, json.dumps(kept, sort_keys=True).encode())


#: The one store of this process.
UNRECORDED = UnrecordedFailures()
