"""Logging, configured once at start-up: a rotating file in the data folder (and stderr for the
command line).

Log lines carry codes and ids only, never names, notes or anything else a user typed: log an
error's ``code`` or its type, not its message. The level is INFO unless ``--log-level`` or
``RESETTLE_LOG_LEVEL`` says otherwise; on the terminal only warnings and errors show unless a
level was asked for, so a command's own output stays clean.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

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
    log_file: Path, *, level: str | None = None, stderr: bool = False
) -> Path | None:
    """Send Resettle's log to ``log_file`` (rotated at 1 MB, 5 kept) and, with ``stderr``, to
    the terminal. Calling it again replaces what an earlier call set up. Returns the log file,
    or None when it cannot be written (the app still runs; stderr says why)."""
    global _log_file, _root_level_before
    stop_logging()
    asked = level_from(level)
    file_level = getattr(logging, asked or "INFO")
    formatter = logging.Formatter(FORMAT)
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler | None = RotatingFileHandler(
            log_file, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as error:
        print(f"resettle: cannot write the log file ({error.strerror})", file=sys.stderr)
        file_handler = None
    if file_handler is not None:
        file_handler.setLevel(file_level)
        _add(file_handler, formatter)
        _log_file = log_file
    if stderr:
        terminal = logging.StreamHandler(sys.stderr)
        terminal.setLevel(getattr(logging, asked or "WARNING"))
        _add(terminal, logging.Formatter("resettle: %(levelname)s %(message)s"))
    root = logging.getLogger()
    _root_level_before = root.level
    root.setLevel(min(h.level for h in _handlers) if _handlers else logging.WARNING)
    return _log_file


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
