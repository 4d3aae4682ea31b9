"""``resettle db check`` lists stored text holding control characters as a warning (counts per
table and column, never the values) and still passes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from resettle.cli import main
from resettle.settings import DATABASE_FILE


def _check(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "db", "check"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_db_check_warns_with_counts_and_passes(
    migrated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    connection = sqlite3.connect(migrated_data_dir / DATABASE_FILE)
    with connection:
        for name in ("Harbour\x00Housing", "Step\nForward", "Clean Provider"):
            connection.execute(
                "INSERT INTO providers (name, phone, email, address, active) "
                "VALUES (?, '', '', 'Unit 4\nDock Road', 1)",
                (name,),
            )
    connection.close()
    code, out, err = _check(migrated_data_dir, capsys)
    assert code == 0 and out.strip().endswith("OK"), err
    warnings = [line for line in out.splitlines() if line.startswith("Warning: ")]
    assert warnings[0] == "Warning: providers.name: 2 stored values hold control characters"
    assert len(warnings) == 2 and "retype that field" in warnings[1]  # address: multi-line
    assert "Harbour" not in out + err and "Step" not in out + err  # counts, never values


def test_db_check_of_clean_text_has_no_warning(
    migrated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _check(migrated_data_dir, capsys)
    assert code == 0 and "Warning:" not in out
