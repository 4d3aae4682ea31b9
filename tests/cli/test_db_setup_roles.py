"""``resettle db setup-roles``: the owner's one command for logins and row-level security."""

from __future__ import annotations

from pathlib import Path

import pytest

from resettle.cli import db_cmd, main
from resettle.services.database_logins import ADMIN_TEMPORARY_PASSWORD_ENV, GATE_PASSWORD_ENV
from resettle.storage.database import open_database
from tests.accounts import seed_account


def test_setup_roles_on_postgres_names_the_gate_and_the_accounts_to_reset(
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(GATE_PASSWORD_ENV, "gate-keeper-password-9")
    database = open_database(database_url)
    try:
        seed_account(database, "early.officer")
    finally:
        database.close()
    args = ["--data-dir", str(tmp_path), "--database-url", database_url, "db", "setup-roles"]
    code = main(args)
    out, err = capsys.readouterr()
    if database_url.startswith("sqlite"):
        assert code != 0
        assert "PostgreSQL" in err
        return
    assert code == 0, err
    assert "_gate" in out and "early.officer" in out
    assert main(args) == 0  # again: the same roles, nothing refused
    assert "early.officer" in capsys.readouterr().out


def test_a_temporary_password_typed_differently_twice_is_refused_before_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(GATE_PASSWORD_ENV, "gate-keeper-password-9")
    monkeypatch.delenv(ADMIN_TEMPORARY_PASSWORD_ENV, raising=False)
    typed = iter(["harbour-quilt-falcon-58", "harbour-quilt-falcon-59"])
    prompts: list[str] = []

    def typing(prompt: str, env: str) -> str:
        prompts.append(prompt)
        assert env == ADMIN_TEMPORARY_PASSWORD_ENV
        return next(typed)

    monkeypatch.setattr(db_cmd, "typed_password", typing)
    url = f"sqlite:///{tmp_path / 'never-opened.db'}"
    args = ["--data-dir", str(tmp_path), "--database-url", url, "db", "setup-roles"]
    assert main([*args, "--reset-admin", "first.admin"]) == 2
    out, err = capsys.readouterr()
    assert err.strip() == "resettle: Temporary password: the two passwords typed differ."
    assert "harbour" not in out + err
    assert len(prompts) == 2 and not (tmp_path / "never-opened.db").exists()
