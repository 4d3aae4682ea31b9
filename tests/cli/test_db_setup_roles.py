"""``resettle db setup-roles``: the owner's one command for logins and row-level security."""

from __future__ import annotations

from pathlib import Path

import pytest

from resettle.cli import main
from resettle.services.database_logins import GATE_PASSWORD_ENV
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
