"""Logging set-up: a rotating file in the data folder (a command rotates it as it starts), stderr
for the command line, the level from --log-level or RESETTLE_LOG_LEVEL; nothing is left
attached after a command."""

from __future__ import annotations

import logging
import os
import stat
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


def test_a_data_folder_whose_log_cannot_be_written_logs_to_the_user_cache_folder(
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    # A file where logs/ should be: the same refusal a read-only data folder gives (and one
    # that root, who ignores chmod, meets too).
    (tmp_path / "logs").write_text("a file where the folder should be")
    fallback = tmp_path / "cache" / "Resettle" / "logs" / "resettle.log"
    assert configure_logging(tmp_path / "logs" / "resettle.log", fallback=fallback) == fallback
    logging.getLogger("resettle.test").info("noted")
    stop_logging()
    err = capsys.readouterr().err
    assert err.count(f"the log is in {fallback}") == 1 and "cannot write" not in err
    assert fallback.read_text(encoding="utf-8").endswith("noted\n")
    assert stat.S_IMODE(fallback.stat().st_mode) == 0o600
    assert stat.S_IMODE(fallback.parent.stat().st_mode) == 0o700


def test_only_when_neither_log_can_be_written_does_the_app_say_it_cannot(
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    (tmp_path / "logs").write_text("no folder here")
    (tmp_path / "cache").write_text("nor here")
    assert (
        configure_logging(
            tmp_path / "logs" / "resettle.log", fallback=tmp_path / "cache" / "logs" / "x.log"
        )
        is None
    )
    assert capsys.readouterr().err.count("cannot write the log file") == 1
    assert log_file() is None


def test_a_command_on_a_read_only_data_folder_logs_to_the_user_cache_folder(
    tmp_path: Path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    assert main(["--data-dir", str(tmp_path), "db", "upgrade"]) == 0
    capsys.readouterr()
    (tmp_path / "logs" / "resettle.log").unlink()
    (tmp_path / "logs").rmdir()
    (tmp_path / "logs").write_text("cannot be a folder")
    assert main(["--data-dir", str(tmp_path), "evidence", "list"]) == 0
    err = capsys.readouterr().err
    assert "cannot write the log file" not in err
    [said] = [line for line in err.splitlines() if "the log is in" in line]
    where = Path(said.split("the log is in ", 1)[1])
    assert where == Path(os.environ["XDG_CACHE_HOME"]) / "Resettle" / "logs" / "resettle.log"
    assert "started: evidence" in where.read_text(encoding="utf-8")


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
