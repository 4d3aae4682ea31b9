"""``resettle demo`` on a database that is not new is refused before anything touches the
file: an older database is not upgraded, and no backup copy is made (user trial: it was
upgraded and backed up first, then refused)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from resettle.settings import DATABASE_FILE
from tests.cli.test_cli import run_cli
from tests.storage.migration_steps import migration_steps

OLDER = "0011"


@pytest.fixture
def older_database_with_an_account(tmp_path: Path) -> Path:
    with migration_steps(f"sqlite:///{tmp_path / DATABASE_FILE}") as (engine, migrate):
        migrate(OLDER)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO staff (username, display_name, role, email, phone, active) "
                    "VALUES ('jo.bloggs', 'Jo Bloggs', 'officer', '', '', 1)"
                )
            )
    return tmp_path


@pytest.mark.parametrize("if_empty", [False, True])
def test_an_older_database_with_an_account_is_left_exactly_as_it_was(
    older_database_with_an_account: Path, capsys: pytest.CaptureFixture[str], if_empty: bool
) -> None:
    folder = older_database_with_an_account
    database = folder / DATABASE_FILE
    before = database.read_bytes()
    files_before = {p.name for p in folder.glob("*.sqlite3*")}
    extra = ("--if-empty",) if if_empty else ()
    code, out, err = run_cli(
        "--data-dir", str(folder), "demo", "--size", "5", *extra, capsys=capsys
    )
    assert "already has accounts or people" in (out if if_empty else err)
    assert code == (0 if if_empty else 2)
    assert database.read_bytes() == before  # not upgraded
    assert {p.name for p in folder.glob("*.sqlite3*")} == files_before  # no backup copy


def test_a_new_folder_still_gets_demo_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli("--data-dir", str(tmp_path), "demo", "--size", "5", capsys=capsys)
    assert code == 0, err
    assert "Loaded 5 fictional people" in out
