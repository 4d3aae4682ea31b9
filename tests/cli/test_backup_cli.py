"""``resettle backup`` and ``resettle restore`` from a terminal: an administrator signed in."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from resettle.cli import main
from resettle.domain.staff import Role
from resettle.settings import BACKUP_KEEP_ENV, DATABASE_FILE, resolve_settings
from resettle.storage import backups
from tests.accounts import TEST_PASSWORD, seed_account
from tests.cli.conftest import act_as, officer_workspace


def run(data: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def admin_data_dir(officer_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    workspace = officer_workspace(officer_data_dir)
    seed_account(workspace.database, "cli.admin", (Role.ADMIN,))
    workspace.close()
    act_as(monkeypatch, "cli.admin", TEST_PASSWORD)
    return officer_data_dir


def staff_count(data: Path) -> int:
    import sqlite3

    connection = sqlite3.connect(data / DATABASE_FILE)
    try:
        return int(connection.execute("SELECT count(*) FROM staff").fetchone()[0])
    finally:
        connection.close()


def test_backup_then_restore_from_the_terminal(
    admin_data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "elsewhere" / "copy.sqlite3"
    out_file.parent.mkdir()
    code, out, err = run(admin_data_dir, "backup", "--out", str(out_file), capsys=capsys)
    assert code == 0, err
    assert f"Backed up to {out_file}" in out
    manifest = json.loads(backups.manifest_path(out_file).read_text())
    assert manifest["backend"] == "sqlite" and manifest["sha256"] in out
    if os.name == "posix":
        assert out_file.stat().st_mode & 0o777 == 0o600

    before = staff_count(admin_data_dir)
    workspace = officer_workspace(admin_data_dir)
    seed_account(workspace.database, "added.later")
    workspace.close()
    assert staff_count(admin_data_dir) == before + 1

    code, out, err = run(admin_data_dir, "restore", "--yes", str(out_file), capsys=capsys)
    assert code == 0, err
    assert "Restored from" in out and "kept as" in out
    made = backups.read_manifest(out_file).created.astimezone()
    assert f"was made on {made.strftime('%d %B %Y at %H:%M')} (local time" in out
    assert "audit trail" in out
    assert staff_count(admin_data_dir) == before
    kept = [p for p in (admin_data_dir / "backups").iterdir() if backups.OWN_BACKUP.match(p.name)]
    assert kept == []  # the database as it was before is not one the rotation counts
    previous = [p for p in (admin_data_dir / "backups").iterdir() if "before-restore" in p.name]
    assert len(previous) == 2  # the file and its manifest
    assert out_file.exists()  # the user's file is never rotated away

    code, _, err = run(admin_data_dir, "audit", "verify", capsys=capsys)
    assert code == 0, err


def test_backup_keeps_the_newest_n(
    admin_data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        code, _, err = run(admin_data_dir, "backup", "--keep", "2", capsys=capsys)
        assert code == 0, err
    folder = admin_data_dir / "backups"
    assert len([p for p in folder.iterdir() if backups.OWN_BACKUP.match(p.name)]) == 2
    monkeypatch.setenv(BACKUP_KEEP_ENV, "1")
    assert resolve_settings(admin_data_dir).backup_keep == 1
    code, out, _ = run(admin_data_dir, "backup", capsys=capsys)
    assert code == 0 and "Removed 2 older backups" in out
    with pytest.raises(SystemExit) as refused:
        main(["--data-dir", str(admin_data_dir), "backup", "--keep", "0"])
    assert refused.value.code == 2
    assert "argument --keep: a whole number from 1 to 1000" in capsys.readouterr().err


def test_an_officer_may_not_back_up_or_restore(
    officer_data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(officer_data_dir, "backup", capsys=capsys)
    assert code == 2 and "may not back up or restore the database" in err
    assert not (officer_data_dir / "backups").exists()
    missing = tmp_path / "nothing.sqlite3"
    code, _, err = run(officer_data_dir, "restore", str(missing), capsys=capsys)
    assert code == 2 and "may not back up or restore" in err


def test_restore_refusals_are_one_line(
    admin_data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(admin_data_dir, "restore", str(tmp_path / "nothing.sqlite3"), capsys=capsys)
    assert code == 2 and "nothing.sqlite3: no such file" in err and "Traceback" not in err
    deep = tmp_path / "deep.sqlite3"
    deep.write_bytes(b"not a database")
    backups.manifest_path(deep).write_bytes(b"[" * 60_000)
    code, _, err = run(admin_data_dir, "restore", str(deep), capsys=capsys)
    assert code == 2 and "Traceback" not in err and "RecursionError" not in err
    assert f"The manifest {backups.manifest_path(deep)} is nested more than" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(admin_data_dir, "backup", "--out", str(tmp_path / "no" / "f"), capsys=capsys)
    assert code == 2 and "does not exist" in err


def test_an_encrypted_database_backs_up_encrypted_and_restores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from resettle.cli.workspace_opener import PASSWORD_ENV
    from resettle.storage.cipher import SQLITE_HEADER, file_header

    data = tmp_path / "data"
    monkeypatch.delenv("RESETTLE_DATABASE_URL", raising=False)
    monkeypatch.setenv(PASSWORD_ENV, "quartz-meadow-lantern-61")
    code, _, err = run(data, "accounts", "create-admin", "--user", "jo.admin", capsys=capsys)
    assert code == 0, err
    database = data / DATABASE_FILE
    assert file_header(database) != SQLITE_HEADER
    out_file = tmp_path / "copy.sqlite3"
    code, _, err = run(data, "--user", "jo.admin", "backup", "--out", str(out_file), capsys=capsys)
    assert code == 0, err
    assert file_header(out_file) == file_header(database) != SQLITE_HEADER  # the same salt
    assert backups.read_manifest(out_file).encrypted
    code, out, err = run(
        data, "--user", "jo.admin", "restore", "--yes", str(out_file), capsys=capsys
    )
    assert code == 0, err
    assert file_header(database) != SQLITE_HEADER
    code, out, _ = run(data, "--user", "jo.admin", "db", "check", capsys=capsys)
    assert code == 0 and "audit chain intact" in out


def test_a_data_folder_named_with_uri_characters_backs_up_its_own_database(
    admin_data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import shutil
    import sqlite3

    data = tmp_path / "Team #2 ?%" / "data"
    shutil.copytree(admin_data_dir, data)
    out_file = tmp_path / "copy.sqlite3"
    code, _out, err = run(data, "backup", "--out", str(out_file), capsys=capsys)
    assert code == 0, err
    connection = sqlite3.connect(out_file)
    try:
        assert connection.execute("SELECT count(*) FROM staff").fetchone()[0] == staff_count(data)
    finally:
        connection.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("Team")] == ["Team #2 ?%"]
    code, _out, err = run(data, "restore", "--yes", str(out_file), capsys=capsys)
    assert code == 0, err


def test_restore_asks_first_and_without_a_terminal_needs_yes(
    admin_data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from resettle.cli import backup_cmd

    out_file = tmp_path / "copy.sqlite3"
    code, _, err = run(admin_data_dir, "backup", "--out", str(out_file), capsys=capsys)
    assert code == 0, err
    workspace = officer_workspace(admin_data_dir)
    seed_account(workspace.database, "added.later")
    workspace.close()
    before = staff_count(admin_data_dir)

    monkeypatch.setattr(backup_cmd, "has_terminal", lambda: False)
    code, _, err = run(admin_data_dir, "restore", str(out_file), capsys=capsys)
    assert code == 2 and "add --yes" in err and len(err.strip().splitlines()) == 1
    assert staff_count(admin_data_dir) == before

    monkeypatch.setattr(backup_cmd, "has_terminal", lambda: True)
    answers = iter(["no"])
    monkeypatch.setattr("builtins.input", lambda _prompt: next(answers))
    code, _, err = run(admin_data_dir, "restore", str(out_file), capsys=capsys)
    assert code == 1 and "Not restored" in err and "was made on" in err
    assert "everything saved since" in err and "audit trail" in err
    assert staff_count(admin_data_dir) == before

    answers = iter(["yes"])
    code, _, err = run(admin_data_dir, "restore", str(out_file), capsys=capsys)
    assert code == 0, err
    assert staff_count(admin_data_dir) == before - 1


def test_restore_has_no_keep_and_rotates_nothing(
    admin_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for _ in range(2):
        code, _, err = run(admin_data_dir, "backup", capsys=capsys)
        assert code == 0, err
    folder = admin_data_dir / "backups"
    own = sorted(p for p in folder.iterdir() if backups.OWN_BACKUP.match(p.name))
    with pytest.raises(SystemExit):
        main(["--data-dir", str(admin_data_dir), "restore", "--keep", "1", str(own[0])])
    capsys.readouterr()
    code, _, err = run(admin_data_dir, "restore", "--yes", str(own[0]), capsys=capsys)
    assert code == 0, err
    assert sorted(p for p in folder.iterdir() if backups.OWN_BACKUP.match(p.name)) == own
    code, out, err = run(admin_data_dir, "backup", "--keep", "1", capsys=capsys)
    assert code == 0 and "Removed 2 older backups" in out
    assert len([p for p in folder.iterdir() if "before-restore" in p.name]) == 2


def test_refused_restores_are_logged_by_code_only(
    admin_data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import logging

    caplog.set_level(logging.INFO)
    cases = {
        tmp_path / "secret-name.sqlite3": "backup.no_such_file",
        tmp_path: "backup.is_folder",
    }
    for given, code_logged in cases.items():
        code, _, _ = run(admin_data_dir, "restore", str(given), capsys=capsys)
        assert code == 2
        assert f"command restore refused: {code_logged}" in caplog.text
    assert "secret-name" not in caplog.text and str(tmp_path) not in caplog.text
