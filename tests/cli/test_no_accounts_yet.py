"""A database with no accounts yet (a new one, or a new PostgreSQL database a team means to
restore a backup into) says so and how to go on, instead of a wrong-password refusal that no
password can get past; no password is asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from resettle.cli import main
from resettle.cli.workspace_opener import PASSWORD_ENV
from tests.cli.conftest import act_as

NO_ACCOUNTS = "This database has no accounts yet"


@pytest.mark.parametrize("command", [["people", "list"], ["restore", "missing.sqlite3"]])
def test_a_database_without_accounts_says_so_and_names_the_first_step(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    act_as(monkeypatch, "jo.admin", "a long enough password")
    code = main(["--data-dir", str(tmp_path / "data"), "--database-url", database_url, *command])
    err = capsys.readouterr().err
    assert code != 0
    assert NO_ACCOUNTS in err and "resettle accounts create-admin --user NAME" in err
    assert "Sign-in refused" not in err and "Traceback" not in err


def test_no_password_is_asked_for_first(
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without the password in the environment it would be asked for at the terminal: the
    answer comes before that (no prompt is read: standard input is empty)."""
    act_as(monkeypatch, "jo.admin", "unused")
    monkeypatch.delenv(PASSWORD_ENV)
    code = main(
        ["--data-dir", str(tmp_path / "data"), "--database-url", database_url, "people", "list"]
    )
    captured = capsys.readouterr()
    assert code != 0 and NO_ACCOUNTS in captured.err
    assert "Password" not in captured.out + captured.err
