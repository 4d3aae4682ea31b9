"""Logging set-up: a rotating file in the data folder (a command rotates it as it starts), stderr
for the command line, the level from --log-level or RESETTLE_LOG_LEVEL; nothing is left
attached after a command."""

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
    # Not pytest's own FileHandler subclass; ours are made in resettle.logging_setup.
    return [
        h
        for h in logging.getLogger().handlers
        if isinstance(h, logging.FileHandler) and type(h).__module__ == "resettle.logging_setup"
    ]


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


def test_a_command_rotates_a_full_log_as_it_starts_and_then_appends(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "resettle.log"
    path.parent.mkdir()
    path.write_text("x" * 1_000_000, encoding="utf-8")
    (tmp_path / "logs" / "resettle.log.1").write_text("older", encoding="utf-8")
    assert configure_logging(path, short_lived=True) == path
    [handler] = _our_handlers()
    assert not isinstance(handler, RotatingFileHandler)  # no rotation check on every line
    logging.getLogger("resettle.test").info("after the rotation")
    stop_logging()
    assert path.read_text(encoding="utf-8").endswith("after the rotation\n")
    assert (tmp_path / "logs" / "resettle.log.1").stat().st_size == 1_000_000
    assert (tmp_path / "logs" / "resettle.log.2").read_text(encoding="utf-8") == "older"


def test_a_command_leaves_a_log_below_the_size_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "resettle.log"
    path.parent.mkdir()
    path.write_text("earlier line\n", encoding="utf-8")
    configure_logging(path, short_lived=True)
    logging.getLogger("resettle.test").info("this run")
    stop_logging()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("earlier line\n") and text.endswith("this run\n")
    assert not (tmp_path / "logs" / "resettle.log.1").exists()


def test_the_command_line_does_not_import_the_rotating_handler_for_a_small_log(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    probe = (
        "import sys; from resettle.cli import main; "
        "code = main(['--data-dir', sys.argv[1], 'evidence', 'list']); "
        "print(code, 'logging.handlers' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split()[-2:] == ["0", "False"]
    assert "started: evidence" in _log_text(tmp_path)
