"""Storage failures from the command line: a record shown read-only on a full or read-only
database, prints that fail leave nothing behind and audit nothing, a batch that writes
nothing exits non-zero, and the files Resettle makes are its owner's only."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from resettle.cli import main
from resettle.services.case_record.read import open_case_record
from resettle.services.people import find_person_id, register_person
from resettle.services.plans.edit import save_plan
from tests.cli.conftest import (
    BANK_ACCOUNT,
    FOR_THE_PERSON,
    audited,
    officer_session,
    officer_workspace,
    plan_print,
    run_cli,
)
from tests.factories import person_data
from tests.storage_faults import fill_until_full, limit_every_connection, storage_limited


@pytest.fixture
def data_dir(officer_data_dir: Path) -> Path:
    with officer_session(officer_data_dir) as workspace:
        detail = register_person(workspace.actor, workspace.uow(), person_data())
        save_plan(workspace.actor, workspace.uow(), detail.id, None, [BANK_ACCOUNT])
    return officer_data_dir


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, under which files are made 0644 unless their mode is set."""
    before = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(before)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _audited(data_dir: Path, action: str) -> int:
    return audited(data_dir)[action]


def _show(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_cli(
        "--data-dir", str(data_dir), "people", "show", "--person", "A1234BC", capsys=capsys
    )


# --- people show on a database that cannot be written -------------------------------------


def test_people_show_on_a_read_only_database_shows_the_person_with_a_banner(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = audited(data_dir)
    with monkeypatch.context() as limited:
        limit_every_connection(limited, "read_only")
        code, out, err = _show(data_dir, capsys)
    assert code == 0 and "A1234BC" in out
    assert "READ ONLY: the database can only be read" in err and "Traceback" not in err
    # One line on the terminal: the log's "NOT AUDITED" lines stay in the log file.
    assert len(err.strip().splitlines()) == 1, err
    after = audited(data_dir)
    assert after["person.viewed"] == before["person.viewed"]
    # Counting signs in once itself: the command's sign-in was logged, not audited.
    assert after["account.signed_in"] == before["account.signed_in"] + 1
    log = (data_dir / "logs" / "resettle.log").read_text(encoding="utf-8")
    assert "person.viewed NOT AUDITED (storage.read_only" in log
    assert "account.signed_in NOT AUDITED (storage.read_only" in log


@pytest.mark.parametrize(
    "command",
    [["outcomes", "list", "--json"], ["programmes", "history", "--json"]],
    ids=["outcomes list", "programmes history"],
)
def test_other_views_on_a_read_only_database_show_the_data_with_a_banner(
    data_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    import json

    views = _audited(data_dir, "person.viewed")
    with monkeypatch.context() as limited:
        limit_every_connection(limited, "read_only")
        code = main(["--data-dir", str(data_dir), *command, "--person", "A1234BC"])
    out, err = capsys.readouterr()
    assert code == 0, err
    json.loads(out)  # the data, and still a JSON document: the banner is on stderr
    assert "READ ONLY: the database can only be read" in err and "Traceback" not in err
    assert _audited(data_dir, "person.viewed") == views


def test_people_show_on_a_full_disk_shows_the_person_with_a_banner(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    views = _audited(data_dir, "person.viewed")
    workspace = officer_workspace(data_dir)
    person_id = workspace.run(find_person_id, "A1234BC")
    with storage_limited(workspace.database.engine, "disk_full"):
        # Nothing else may write between filling the database and the command.
        filled = fill_until_full(
            lambda: workspace.run(open_case_record, person_id).read_only_because is not None
        )
    workspace.close()
    with monkeypatch.context() as limited:
        limit_every_connection(limited, "disk_full")
        code, out, err = _show(data_dir, capsys)
    assert code == 0 and "A1234BC" in out
    assert "READ ONLY: the disk that holds the database is full" in err
    assert _audited(data_dir, "person.viewed") == views + filled


# --- printing ----------------------------------------------------------------------------


def _fsync_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills as the file is flushed: the whole PDF was written to the temporary
    file, which must not survive, nor be audited."""
    from resettle import private_files

    def full(_descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(private_files.os, "fsync", full)


def _print(data_dir: Path, target: Path) -> int:
    return main(plan_print(data_dir, "A1234BC", target))


def _print_batch(data_dir: Path, out_dir: Path) -> int:
    common = ["--data-dir", str(data_dir), "plan", "print-batch", *FOR_THE_PERSON]
    return main([*common, "--out-dir", str(out_dir)])


def test_a_print_that_fails_midway_leaves_no_file_and_audits_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out_dir = data_dir / "out"
    out_dir.mkdir()
    printed = _audited(data_dir, "plan.printed")
    with monkeypatch.context() as failing:
        _fsync_fails(failing)
        code = _print(data_dir, out_dir / "plan.pdf")
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    # The file asked for, in words; never the hidden temporary file beside it.
    assert f"Cannot write {out_dir / 'plan.pdf'}: the disk is full" in err
    assert ".partial" not in err
    assert list(out_dir.iterdir()) == []  # no plan, no temporary file
    assert _audited(data_dir, "plan.printed") == printed


def test_a_print_whose_audit_row_fails_removes_its_file(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from resettle.domain.errors import DiskFull
    from resettle.services.plans import plan_files

    def cannot_audit(*_args: object, **_kwargs: object) -> None:
        raise DiskFull()

    out_dir = data_dir / "out"
    out_dir.mkdir()
    with monkeypatch.context() as failing:
        failing.setattr(plan_files, "record_print", cannot_audit)
        code = _print(data_dir, out_dir / "plan.pdf")
    assert code == 2 and "disk that holds the database is full" in capsys.readouterr().err
    assert list(out_dir.iterdir()) == []


def test_a_print_over_an_existing_file_whose_audit_row_fails_leaves_that_file(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The new PDF is placed only once its ``plan.printed`` row is committed: on a read-only
    database the user's earlier file of that name is still there, unchanged, and alone."""
    out_dir = data_dir / "out"
    out_dir.mkdir()
    earlier = out_dir / "important.pdf"
    earlier.write_bytes(b"the user's earlier, different file")
    printed = _audited(data_dir, "plan.printed")
    with monkeypatch.context() as limited:
        limit_every_connection(limited, "read_only")
        code = _print(data_dir, earlier)
    assert code != 0 and "Traceback" not in capsys.readouterr().err
    assert earlier.read_bytes() == b"the user's earlier, different file"
    assert [p.name for p in out_dir.iterdir()] == ["important.pdf"]  # no temporary file
    assert _audited(data_dir, "plan.printed") == printed


@pytest.mark.usefixtures("renders_in_a_thread")
def test_a_batch_whose_audit_rows_cannot_be_written_leaves_no_file(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit row's own write failing (not only the commit) removes the person's PDF."""
    printed = _audited(data_dir, "plan.printed")
    batch = data_dir / "batch"
    with monkeypatch.context() as limited:
        limit_every_connection(limited, "read_only")
        code = _print_batch(data_dir, batch)
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert not batch.exists() or list(batch.iterdir()) == []
    assert _audited(data_dir, "plan.printed") == printed


@pytest.mark.usefixtures("umask_022")
def test_a_printed_plan_is_its_owners_only_and_audited_once(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = _audited(data_dir, "plan.printed")
    target = data_dir / "new folder" / "plan.pdf"
    assert _print(data_dir, target) == 0
    assert target.read_bytes().startswith(b"%PDF")
    if os.name == "posix":
        assert _mode(target) == 0o600 and _mode(target.parent) == 0o700
    assert [p.name for p in target.parent.iterdir()] == ["plan.pdf"]
    assert _audited(data_dir, "plan.printed") == printed + 1


@pytest.mark.usefixtures("renders_in_a_thread")
def test_a_batch_that_writes_nothing_exits_non_zero_and_leaves_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    printed = _audited(data_dir, "plan.printed")
    batch = data_dir / "batch"
    with monkeypatch.context() as failing:
        _fsync_fails(failing)
        code = _print_batch(data_dir, batch)
    out, err = capsys.readouterr()
    assert code == 1 and "Wrote 0 plans" in out and "no plan was written" in err
    # The person as the caseload names them, the file asked for and why, in words; each
    # progress count on a line of its own (not a terminal).
    target = batch / "plan-A1234BC-person.pdf"
    assert "Skipped: A1234BC (" in err and f"Cannot write {target}: the disk is full." in err
    assert "Person " not in err and ".partial" not in err
    assert "1 of 1\n" in err
    assert list(batch.iterdir()) == []
    assert _audited(data_dir, "plan.printed") == printed


# --- owner-only files --------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="owner/group/other modes are POSIX")
@pytest.mark.usefixtures("umask_022")
def test_a_new_data_folder_and_its_files_are_the_owners_only(tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    assert main(["--data-dir", str(data), "db", "upgrade"]) == 0
    assert _mode(data) == 0o700 and _mode(data.parent) == 0o700  # made by Resettle
    assert _mode(data / "logs") == 0o700
    assert _mode(data / "logs" / "resettle.log") == 0o600
    database = data / "resettle.sqlite3"
    assert _mode(database) == 0o600
    sides = [database.with_name(database.name + s) for s in ("-wal", "-shm")]
    assert all(_mode(side) == 0o600 for side in sides if side.exists())


@pytest.mark.skipif(os.name != "posix", reason="owner/group/other modes are POSIX")
@pytest.mark.usefixtures("umask_022")
def test_files_an_older_version_left_readable_are_narrowed_and_logged(data_dir: Path) -> None:
    database = data_dir / "resettle.sqlite3"
    log_folder = data_dir / "logs"
    log_folder.mkdir(exist_ok=True)
    os.chmod(log_folder, 0o755)
    os.chmod(database, 0o644)
    assert main(["--data-dir", str(data_dir), "db", "check"]) == 0
    assert _mode(database) == 0o600 and _mode(log_folder) == 0o700
    assert _mode(log_folder / "resettle.log") == 0o600
    log = (log_folder / "resettle.log").read_text(encoding="utf-8")
    assert "Narrowed a .sqlite3 file from mode 644 to 600" in log


@pytest.mark.usefixtures("renders_in_a_thread")
def test_a_batch_onto_a_really_full_disk_exits_non_zero_and_leaves_no_partial_files(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The issue's trial: a small tmpfs, filled (skipped where one cannot be mounted)."""
    from tests.storage.small_disk import fill, small_disk

    printed = _audited(data_dir, "plan.printed")
    with small_disk(tmp_path / "mnt", size_kib=512) as disk:
        batch = disk / "batch"
        batch.mkdir()
        fill(disk)
        code = _print_batch(data_dir, batch)
        left = sorted(p.name for p in batch.iterdir())
    out, err = capsys.readouterr()
    assert code == 1 and "Wrote 0 plans" in out and "the disk is full" in err
    assert left == []
    assert _audited(data_dir, "plan.printed") == printed


def _copy_in_use(data_dir: Path, folder: Path) -> Path:
    """The data folder's database copied into ``folder`` while a connection holds it open, so
    its -wal and -shm files (which SQLite needs to read a WAL database) are copied too."""
    folder.mkdir()
    workspace = officer_workspace(data_dir)
    try:
        for suffix in ("", "-wal", "-shm"):
            name = "resettle.sqlite3" + suffix
            shutil.copyfile(data_dir / name, folder / name)
    finally:
        workspace.close()
    return folder


@pytest.mark.parametrize("kind", ["read_only", "disk_full"])
def test_people_show_on_a_really_read_only_or_full_disk_shows_the_person_with_a_banner(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    """The data folder on a small tmpfs, remounted read-only or filled to the last block
    (skipped where a tmpfs cannot be mounted)."""
    from tests.storage.small_disk import fill, make_read_only, small_disk

    with small_disk(tmp_path / "mnt", size_kib=8192) as disk:
        copy = _copy_in_use(data_dir, disk / "data")
        if kind == "read_only":
            make_read_only(disk)
        else:
            fill(disk)
        code, out, err = _show(copy, capsys)
    assert code == 0 and "A1234BC" in out and "Traceback" not in err
    assert "Logging error" not in err  # the log that cannot be written is said once
    if kind == "read_only":
        # The log goes to the user's cache folder instead (trial T2), said once.
        assert "cannot write the log file" not in err
        [said] = [line for line in err.splitlines() if "the log is in " in line]
        fallback = Path(said.split("the log is in ", 1)[1])
        assert "person.viewed NOT AUDITED" in fallback.read_text(encoding="utf-8")
    else:  # the file is made but no line fits: said once, the work goes on
        assert err.count("cannot write the log file") == 1
    banner = {
        "read_only": "READ ONLY: the database can only be read",
        "disk_full": "READ ONLY: the disk that holds the database is full",
    }
    assert banner[kind] in err


def _copy_closed(data_dir: Path, folder: Path) -> Path:
    """The data folder's database copied into ``folder`` once nothing holds it open: the
    file alone, no -wal or -shm file (SQLite removes them when its last connection closes)."""
    folder.mkdir()
    assert not (data_dir / "resettle.sqlite3-wal").exists()
    shutil.copyfile(data_dir / "resettle.sqlite3", folder / "resettle.sqlite3")
    return folder


@pytest.mark.parametrize("kind", ["read_only", "disk_full"])
def test_a_database_without_its_wal_files_on_a_read_only_or_full_disk_is_opened_to_read(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    """SQLite cannot make the -wal and -shm files a WAL database needs there, so it cannot
    open it at all: Resettle opens the file read-only (``storage/sqlite_read_only.py``), signs
    in, shows the person with the banner, and refuses a print (it cannot be audited) in the
    storage's words (skipped where a tmpfs cannot be mounted)."""
    from tests.storage.small_disk import fill, make_read_only, small_disk

    with small_disk(tmp_path / "mnt", size_kib=8192) as disk:
        copy = _copy_closed(data_dir, disk / "data")
        if kind == "read_only":
            make_read_only(disk)
        else:
            fill(disk)
        code, out, err = _show(copy, capsys)
        changed = _print(copy, tmp_path / "plan.pdf")
        refused = capsys.readouterr().err
        left = sorted(p.name for p in (disk / "data").iterdir())
    # Each says its own cause: a full disk is not a question of permissions.
    banner, said = {
        "read_only": ("READ ONLY: the database can only be read", "can only be read"),
        "disk_full": ("READ ONLY: the disk that holds the database is full", "is full"),
    }[kind]
    assert code == 0 and "A1234BC" in out and "Traceback" not in err, err
    assert banner in err
    assert changed == 2 and said in refused and "Traceback" not in refused
    assert not (tmp_path / "plan.pdf").exists()
    if kind == "read_only":
        assert left == ["resettle.sqlite3"]


def test_a_print_whose_out_is_a_folder_says_so_naming_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = data_dir / "out.pdf"  # a folder under a name with the PDF's ending
    folder.mkdir()
    printed = _audited(data_dir, "plan.printed")
    code = _print(data_dir, folder)
    err = capsys.readouterr().err
    assert code == 1 and f"resettle: Cannot write {folder}: it is a folder" in err
    assert ".partial" not in err and list(folder.iterdir()) == []
    assert _audited(data_dir, "plan.printed") == printed


def test_wrong_passwords_in_separate_commands_on_a_read_only_disk_lock_the_account(
    data_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Five ``resettle`` processes, each with a wrong password, on a database that can only
    be read (a real read-only tmpfs; skipped where one cannot be mounted): each process
    starts with nothing in memory, so the count is kept in a private file, here in the user's
    cache folder (the data folder cannot be written either), and the right password is then
    refused in the same words. Without it each command would start a fresh count.

    The right password is given in this process, before and after (nothing in its memory
    counts the other processes' failures: ``tests/conftest.py`` starts each test with none),
    so only the five wrong ones pay an interpreter's start-up."""
    import subprocess
    import sys

    from tests.accounts import TEST_OFFICER, TEST_PASSWORD
    from tests.storage.small_disk import make_read_only, small_disk

    cache = tmp_path / "user-cache"
    monkeypatch.setenv("RESETTLE_USER", TEST_OFFICER)
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))

    def command(password: str) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ, RESETTLE_PASSWORD=password)
        return subprocess.run(
            [sys.executable, "-m", "resettle", "--data-dir", str(copy), "people", "list"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    def right_password_here() -> tuple[int, str]:
        monkeypatch.setenv("RESETTLE_PASSWORD", TEST_PASSWORD)
        code = main(["--data-dir", str(copy), "people", "list"])
        return code, capsys.readouterr().err

    with small_disk(tmp_path / "mnt", size_kib=8192) as disk:
        copy = _copy_closed(data_dir, disk / "data")
        make_read_only(disk)
        first_code, first_err = right_password_here()
        assert first_code == 0, first_err  # the right password signs in
        wrong = [command(f"wrong-password-{attempt}") for attempt in range(5)]
        after_code, after_err = right_password_here()
    assert all(run.returncode != 0 and "Sign-in refused" in run.stderr for run in wrong)
    assert after_code != 0 and "Sign-in refused" in after_err
    assert "Traceback" not in after_err
    kept = cache / "Resettle" / "state" / "sign-in-failures.json"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert TEST_OFFICER not in kept.read_text(encoding="utf-8")


def test_a_batch_on_a_read_only_database_is_refused_before_any_plan_or_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """User trial: every plan was rendered, then each failed naming nobody."""
    batch = data_dir / "batch"
    with monkeypatch.context() as limited:
        limit_every_connection(limited, "read_only")
        code = _print_batch(data_dir, batch)
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert "Plans cannot be printed now" in err and "the database can only be read" in err
    assert "Skipped" not in err and " of " not in err  # refused before any plan
    assert not batch.exists()
