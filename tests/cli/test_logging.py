"""Logging set-up: a rotating file in the data folder, stderr for the command line, the level
from --log-level or RESETTLE_LOG_LEVEL; nothing is left attached after a command."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from resettle.cli import main
from resettle.logging_setup import LOG_LEVEL_ENV, configure_logging, log_file, stop_logging


def _log_text(data: Path) -> str:
    return (data / "logs" / "resettle.log").read_text(encoding="utf-8")


def _our_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)]


def test_a_command_logs_to_the_data_folder_and_keeps_stderr_quiet(  # type: ignore[no-untyped-def]
    tmp_path: Path, capsys
) -> None:
    assert main(["--data-dir", str(tmp_path), "db", "upgrade"]) == 0
    text = _log_text(tmp_path)
    assert "INFO resettle.cli: Resettle " in text and "started: db" in text
    assert "Database opened (sqlite, schema " in text
    assert capsys.readouterr().err == ""  # INFO goes to the file; the terminal shows warnings
    assert _our_handlers() == [] and log_file() is None  # let go when the command ended


def test_log_level_option_applies_to_file_and_terminal(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--data-dir", str(tmp_path), "--log-level", "debug", "db", "upgrade"]) == 0
    assert "Database opened" in capsys.readouterr().err
    assert main(["--data-dir", str(tmp_path), "--log-level", "WARNING", "db", "check"]) == 0
    assert _log_text(tmp_path).count("started: db") == 1  # the second run logged no INFO


def test_log_level_from_the_environment(  # type: ignore[no-untyped-def]
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LOG_LEVEL_ENV, "error")
    assert main(["--data-dir", str(tmp_path), "db", "upgrade"]) == 0
    assert "started" not in _log_text(tmp_path)
    monkeypatch.setenv(LOG_LEVEL_ENV, "chatty")
    assert main(["--data-dir", str(tmp_path), "db", "upgrade"]) == 2
    assert "log level must be one of DEBUG, INFO, WARNING, ERROR, not 'CHATTY'" in (
        capsys.readouterr().err
    )


def test_the_log_rotates_at_one_megabyte_keeping_five(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "resettle.log"
    assert configure_logging(path) == path
    [handler] = _our_handlers()
    assert (handler.maxBytes, handler.backupCount) == (1_000_000, 5)
    line = "x" * 1000
    for _ in range(1100):
        logging.getLogger("resettle.test").info(line)
    stop_logging()
    assert (tmp_path / "logs" / "resettle.log.1").exists()
    assert path.stat().st_size < 1_000_000


def test_an_unwritable_log_folder_does_not_stop_the_app(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "logs").write_text("a file where the folder should be")
    assert configure_logging(tmp_path / "logs" / "resettle.log") is None
    assert "cannot write the log file" in capsys.readouterr().err
    assert log_file() is None
