"""The PostgreSQL tools' command lines (``storage/postgres_dump.py``): no secret on them (``ps``
shows every argument), file names that cannot be read as options. The tools are not run:
``subprocess.run`` is replaced by a recorder that also reads the service file while it exists."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from resettle.storage import postgres_dump
from resettle.storage.backups import BackupNeedsOwner
from resettle.storage.engine import describe_url
from resettle.storage.postgres_dump_rows import data_command

URL = (
    "postgresql+psycopg://clerk:top-secret@db.example/resettle"
    "?sslmode=verify-full&password=query-secret&sslpassword=key-secret"
)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def run(command: list[str], env: dict[str, str], **_kwargs: object) -> Any:
        service = env.get("PGSERVICEFILE")
        calls.append(
            {
                "command": command,
                "env": env,
                "service": Path(service).read_text() if service else None,
                "service_mode": os.stat(service).st_mode & 0o777 if service else None,
            }
        )
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(postgres_dump.subprocess, "run", run)
    monkeypatch.setattr(postgres_dump, "postgres_tool", lambda name: f"/usr/bin/{name}")
    return calls


def test_no_secret_is_on_the_command_line(
    recorded: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    postgres_dump.dump_postgres(make_url(URL), Path("-out.dump"))
    (call,) = recorded
    line = " ".join(call["command"])
    for secret in ("top-secret", "query-secret", "key-secret"):
        assert secret not in line
    assert "sslmode=verify-full" in line
    assert call["env"]["PGPASSWORD"] == "top-secret"  # the user part's comes first
    assert call["service"] == "[resettle]\nsslpassword=key-secret\n"
    assert call["service_mode"] == 0o600
    assert not Path(call["env"]["PGSERVICEFILE"]).exists()  # removed afterwards
    absolute = str(tmp_path / "-out.dump")
    assert f"--file={absolute}" in call["command"]
    assert call["command"][-1].startswith("--dbname=postgresql://")


def test_a_password_given_only_in_the_query_goes_to_the_environment(
    recorded: list[dict[str, Any]], tmp_path: Path
) -> None:
    postgres_dump.dump_postgres(
        make_url("postgresql://clerk@db.example/resettle?password=only-here"), tmp_path / "x"
    )
    (call,) = recorded
    assert "only-here" not in " ".join(call["command"])
    assert call["env"]["PGPASSWORD"] == "only-here" and call["service"] is None


def test_the_rows_of_a_dump_are_read_as_text_reaching_no_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``pg_restore`` only turns the dump into text (read strictly, never run as SQL): no
    address, and the file's absolute name after ``--``."""
    monkeypatch.chdir(tmp_path)
    command = data_command("/usr/bin/pg_restore", Path("-in.dump"))
    assert not any(part.startswith("--dbname") for part in command)
    assert {"--data-only", "--schema=public", "--file=-"} <= set(command)
    assert command[-2:] == ["--", str(tmp_path / "-in.dump")]


def test_a_dump_is_listed_and_read_by_its_absolute_name(
    recorded: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    postgres_dump.dump_problems(Path("-list.dump"))
    postgres_dump.dump_revision(Path("-list.dump"))
    for call in recorded:
        assert call["command"][-2:] == ["--", str(tmp_path / "-list.dump")]


def test_descriptions_of_an_address_hide_every_password() -> None:
    shown = describe_url(make_url(URL))
    for secret in ("top-secret", "query-secret", "key-secret"):
        assert secret not in shown
    assert "sslmode=verify-full" in shown and "db.example" in shown


def test_a_dump_refused_by_row_level_security_names_the_owners_address(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    said = 'pg_dump: error: query would be affected by row-level security policy for table "people"'

    def refused(command: list[str], **_kwargs: object) -> Any:
        return subprocess.CompletedProcess(command, 1, "", said + "\n")

    monkeypatch.setattr(postgres_dump.subprocess, "run", refused)
    monkeypatch.setattr(postgres_dump, "postgres_tool", lambda name: f"/usr/bin/{name}")
    target = tmp_path / "refused.dump"
    with pytest.raises(BackupNeedsOwner) as problem:
        postgres_dump.dump_postgres(make_url(URL), target)
    assert "made with the owner's address" in str(problem.value)
    assert "pg_dump" not in str(problem.value) and not target.exists()
