"""Logging, configured once at start-up: a rotating file in the data folder (and stderr for the
command line).

The app rotates the file as it writes (``RotatingFileHandler``). A command, which writes a few
lines and exits, rotates it once as it starts when it has passed the size, and then appends:
``logging.handlers`` (sockets, pickle, queues) is then imported only when a rotation is due,
not on every start of a command that must finish in under 0.4 s (docs/performance.md).

Log lines carry codes and ids only, never names, notes or anything else a user typed: log an
error's ``code`` or its type, not its message. The level is INFO unless ``--log-level`` or
``RESETTLE_LOG_LEVEL`` says otherwise; on the terminal only warnings and errors show unless a
level was asked for, so a command's own output stays clean.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

from resettle.private_files import create_private_file, make_private_folder, restrict_existing

LOG_LEVEL_ENV = "RESETTLE_LOG_LEVEL"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_handlers: list[logging.Handler] = []
_log_file: Path | None = None
_root_level_before: int | None = None


def level_from(requested: str | None) -> str | None:
    """The level asked for (option, else environment), upper-cased; None when none was."""
    value = (requested or os.environ.get(LOG_LEVEL_ENV) or "").strip().upper()
    if not value:
        return None
    if value not in LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LEVELS)}, not {value!r}")
    return value


def configure_logging(
    log_file: Path,
    *,
    level: str | None = None,
    stderr: bool = False,
    short_lived: bool = False,
    fallback: Path | None = None,
) -> Path | None:
    """Send Resettle's log to ``log_file`` (rotated at 1 MB, 5 kept) and, with ``stderr``, to
    the terminal. With ``short_lived`` (a command) the file is rotated only as it starts (see
    the module). When ``log_file`` cannot be written (a read-only data folder) the log goes to
    ``fallback`` (the user's cache folder: ``Settings.fallback_log_file``) and stderr says
    where, once. Calling it again replaces what an earlier call set up. Returns the log file,
    or None when neither can be written (the app still runs; stderr says why)."""
    global _log_file, _root_level_before
    stop_logging()
    asked = level_from(level)
    file_level = getattr(logging, asked or "INFO")
    formatter = logging.Formatter(FORMAT)
    written_to: Path | None = None
    file_handler: logging.Handler | None = None
    failure: OSError | None = None
    for candidate in (log_file, fallback):
        if candidate is None:
            continue
        try:
            file_handler = _file_handler(candidate, short_lived=short_lived)
        except OSError as error:
            failure = failure or error
            continue
        written_to = candidate
        break
    if file_handler is None:
        reason = failure.strerror if failure is not None else "no log file"
        print(f"resettle: cannot write the log file ({reason})", file=sys.stderr)
    elif written_to != log_file:
        print(
            f"resettle: the data folder's log cannot be written; the log is in {written_to}",
            file=sys.stderr,
        )
    if file_handler is not None:
        file_handler.setLevel(file_level)
        _add(file_handler, formatter)
        _log_file = written_to
    if stderr:
        terminal = logging.StreamHandler(sys.stderr)
        terminal.setLevel(getattr(logging, asked or "WARNING"))
        terminal.addFilter(_not_file_only)
        _add(terminal, logging.Formatter("resettle: %(levelname)s %(message)s"))
    root = logging.getLogger()
    _root_level_before = root.level
    root.setLevel(min(h.level for h in _handlers) if _handlers else logging.WARNING)
    return _log_file


def _file_handler(log_file: Path, *, short_lived: bool) -> logging.Handler:
    _prepare_private(log_file)
    return _appending_after_rotation(log_file) if short_lived else _rotating(log_file)


def _not_file_only(record: logging.LogRecord) -> bool:
    """A record logged with ``extra={"file_only": True}`` (services/read_only_storage.FILE_ONLY)
    goes to the log file only: the command says it on the terminal in its own words (e.g.
    ``people show``'s one READ ONLY line rather than a "NOT AUDITED" line per step)."""
    return not getattr(record, "file_only", False)


class _KeepsGoingWhenFull:
    """A log file handler that a full (or read-only) disk does not stop: the first failed
    write says so once on stderr, the rest are dropped; the work itself goes on."""

    _said = False

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):
            super().handleError(record)  # type: ignore[misc]
            return
        if not self._said:
            self._said = True
            print(f"resettle: cannot write the log file ({error.strerror})", file=sys.stderr)

    def close(self) -> None:
        # The last flush fails on a full disk: said already.
        with contextlib.suppress(OSError):
            super().close()  # type: ignore[misc]


class _PrivateFileHandler(_KeepsGoingWhenFull, logging.FileHandler):
    pass


def _prepare_private(log_file: Path) -> None:
    """``logs/`` 0700 and the log files 0600 (``resettle/private_files.py``): a log holds no
    personal data, but ids and times of who opened which record are nobody else's business.
    Files an older version left readable by others are narrowed."""
    make_private_folder(log_file.parent, narrow_existing=True)
    create_private_file(log_file)
    for existing in log_file.parent.glob(log_file.name + "*"):
        restrict_existing(existing)


def _rotating(log_file: Path, *, delay: bool = False) -> logging.Handler:
    from logging.handlers import RotatingFileHandler

    class PrivateRotatingFileHandler(_KeepsGoingWhenFull, RotatingFileHandler):
        """Makes the new file after a rotation 0600 before opening it."""

        def _open(self):  # type: ignore[no-untyped-def]
            create_private_file(Path(self.baseFilename))
            return super()._open()

    return PrivateRotatingFileHandler(
        log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=delay
    )


def _appending_after_rotation(log_file: Path) -> logging.Handler:
    """Rotate ``log_file`` now if it has reached the size (as the app's handler would have),
    then append to it."""
    try:
        due = log_file.stat().st_size >= MAX_BYTES
    except FileNotFoundError:
        due = False
    if due:
        rotating = _rotating(log_file, delay=True)
        rotating.doRollover()  # type: ignore[attr-defined]
        rotating.close()
    create_private_file(log_file)  # anew after a rotation: 0600 before it is opened
    return _PrivateFileHandler(log_file, encoding="utf-8")


def _add(handler: logging.Handler, formatter: logging.Formatter) -> None:
    handler.setFormatter(formatter)
    logging.getLogger().addHandler(handler)
    _handlers.append(handler)


def stop_logging() -> None:
    """Remove and close what :func:`configure_logging` set up (tests, and at exit)."""
    global _log_file, _root_level_before
    root = logging.getLogger()
    for handler in _handlers:
        root.removeHandler(handler)
        handler.close()
    _handlers.clear()
    _log_file = None
    if _root_level_before is not None:
        root.setLevel(_root_level_before)
        _root_level_before = None


def log_file() -> Path | None:
    """Where the log is written, for messages that point the user to it."""
    return _log_file
