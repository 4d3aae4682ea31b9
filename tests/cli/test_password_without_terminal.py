"""Without a terminal there is nobody to type a password: the CLI refuses, naming the
variable a script sets, instead of ``getpass``'s warning that the password may be echoed
while it reads the standard input (user trial)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from resettle.cli import password_prompt
from resettle.cli.password_prompt import NoTerminalForPassword
from resettle.cli.workspace_opener import PASSWORD_ENV, read_password


def test_a_command_from_a_pipe_is_refused_naming_the_variable(officer_data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESETTLE_")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "resettle",
            "--data-dir",
            str(officer_data_dir),
            "--user",
            "someone",
            "people",
            "list",
        ],
        input="typed-into-a-pipe\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert PASSWORD_ENV in result.stderr
    assert "no terminal" in result.stderr
    assert "Warning" not in result.stderr and "echo" not in result.stderr
    assert "typed-into-a-pipe" not in result.stderr + result.stdout


def test_the_variable_is_read_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(password_prompt, "has_terminal", lambda: False)
    monkeypatch.setenv(PASSWORD_ENV, "from-the-script")
    assert read_password() == "from-the-script"
    monkeypatch.delenv(PASSWORD_ENV)
    with pytest.raises(NoTerminalForPassword) as refused:
        read_password()
    assert str(refused.value).startswith("Password: ")
