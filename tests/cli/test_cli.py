from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from resettle import __version__
from resettle.cli import main
from resettle.domain import clock
from resettle.domain.search import fold
from resettle.services.demo.loader import DEMO_PASSWORD
from resettle.services.people import register_person
from resettle.services.workspace import open_settings_database
from resettle.settings import resolve_settings
from tests.accounts import sign_in_as
from tests.cli.conftest import act_as_demo, officer_workspace
from tests.factories import person_data


def run_cli(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_demo_then_people_list_json(
    migrated_data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = str(migrated_data_dir)
    code, out, _ = run_cli("--data-dir", data, "demo", "--size", "40", "--seed", "2", capsys=capsys)
    assert code == 0 and "40 fictional people" in out
    assert "password demo-password" in out
    assert all(name in out for name in ("demo.officer", "demo.manager", "demo.admin"))
    act_as_demo(monkeypatch)
    code, out, _ = run_cli("--data-dir", data, "people", "list", "--json", capsys=capsys)
    assert code == 0
    people = json.loads(out)
    assert len(people) == 40
    assert set(people[0]) == {"prison_number", "crn", "name", "release_date", "officer"}
    dates = [p["release_date"] for p in people]
    upcoming = [d for d in dates if d >= clock.today().isoformat()]
    assert dates[: len(upcoming)] == sorted(upcoming)  # soonest release first, as documented
    assert dates[len(upcoming) :] == sorted(dates[len(upcoming) :], reverse=True)
    code, out, _ = run_cli("--data-dir", data, "demo", "--size", "5", "--if-empty", capsys=capsys)
    assert code == 0 and "already has accounts or people" in out
    code, _, err = run_cli("--data-dir", data, "demo", "--size", "5", capsys=capsys)
    assert code == 2 and "already has accounts or people" in err
    code, _, err = run_cli(
        "--data-dir", data, "people", "list", "--search", people[0]["prison_number"], capsys=capsys
    )
    assert (code, err) == (0, "1 person\n")


def test_demo_progress_is_drawn_only_on_a_terminal(
    migrated_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Redrawn with carriage returns, the progress line piles up in a log file and runs into
    the summary (user trial); captured output is not a terminal."""
    code, out, err = run_cli(
        "--data-dir", str(migrated_data_dir), "demo", "--size", "3", capsys=capsys
    )
    assert code == 0 and out.startswith("Loaded 3 fictional people")
    assert "\r" not in err and "of 3 people" not in err


def _people(data: Path, *search: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    code, out, _ = run_cli(
        "--data-dir", str(data), "people", "list", "--json", *search, capsys=capsys
    )
    assert code == 0
    people: list[dict[str, str]] = json.loads(out)
    return people


def test_people_list_search_text(
    migrated_data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run_cli("--data-dir", str(migrated_data_dir), "demo", "--size", "30", capsys=capsys)
    database = open_settings_database(resolve_settings(migrated_data_dir))
    officer = sign_in_as(database, "demo.officer", DEMO_PASSWORD)
    officer.run(register_person, person_data())  # Zoë Ní Bhriain, A1234BC
    officer.close()
    act_as_demo(monkeypatch, "demo.officer")

    everyone = _people(migrated_data_dir, capsys=capsys)
    found = _people(migrated_data_dir, "--search", "zoe", capsys=capsys)

    registered = [p["name"] for p in found if p["prison_number"] == "A1234BC"]
    assert registered == ["Zoë Ní Bhriain"]
    assert found == [p for p in everyone if "zoe" in fold(p["name"])]
    assert len(found) < len(everyone)


def test_people_without_a_release_date_are_listed_last_and_say_so(
    officer_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.factories import another_person

    migrated_data_dir = officer_data_dir
    workspace = officer_workspace(migrated_data_dir)
    soon = clock.today() + dt.timedelta(days=5)
    register_person(workspace.actor, workspace.uow(), another_person(1, release_date=None))
    register_person(workspace.actor, workspace.uow(), another_person(2, release_date=soon))
    workspace.close()
    code, out, _ = run_cli("--data-dir", str(migrated_data_dir), "people", "list", capsys=capsys)
    assert code == 0
    heading, *lines = out.splitlines()
    assert heading.split() == [
        "Prison",
        "number",
        "CRN",
        "Release",
        "date",
        "Name",
        "Officer",
    ]
    assert soon.isoformat() in lines[0]
    assert "B0001CC" in lines[1] and "no release date" in lines[1]
    # Each column starts under its heading.
    assert lines[1].index("no release date") == heading.index("Release date")


def test_people_list_with_outcome_checks_due_names_each_check_and_its_day(
    officer_data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The terminal's list of everyone with a check due (user trial: there was none)."""
    from tests.factories import another_person

    workspace = officer_workspace(officer_data_dir)
    today = clock.today()
    released = today - dt.timedelta(days=50)  # first night due 49 days ago, 6 weeks 8 days ago
    register_person(workspace.actor, workspace.uow(), another_person(1, release_date=released))
    register_person(
        workspace.actor, workspace.uow(), another_person(2, release_date=today + dt.timedelta(5))
    )
    workspace.close()
    data = str(officer_data_dir)
    code, out, _ = run_cli(
        "--data-dir", data, "people", "list", "--outcome-checks-due", "--mine", capsys=capsys
    )
    assert code == 0
    heading, *lines = out.splitlines()
    assert heading.split()[-4:] == ["Check", "due", "Due", "on"]
    assert len(lines) == 1 and "B0001CC" in lines[0]
    due = (released + dt.timedelta(days=1)).isoformat()
    assert lines[0].split()[-3:] == ["First", "night", due]
    code, out, _ = run_cli(
        "--data-dir", data, "people", "list", "--outcome-checks-due", "--json", capsys=capsys
    )
    (listed,) = json.loads(out)
    assert listed["outcome_check"] == "first_night" and listed["outcome_check_due_on"] == due


def test_db_upgrade_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli("--data-dir", str(tmp_path), "db", "upgrade", capsys=capsys)
    assert code == 0 and "up to date" in out
    code, out, _ = run_cli("--data-dir", str(tmp_path), "db", "check", capsys=capsys)
    assert code == 0 and out.strip().endswith("OK")
    assert "Schema version" in out


def test_db_check_on_a_foreign_file_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "resettle.sqlite3").write_bytes(b"PK\x03\x04 not a database")
    code, _, err = run_cli("--data-dir", str(tmp_path), "db", "check", capsys=capsys)
    assert code == 2
    assert "not a Resettle database" in err and "resettle.sqlite3" in err
    assert "Traceback" not in err
    assert (tmp_path / "resettle.sqlite3").read_bytes() == b"PK\x03\x04 not a database"


def test_unreachable_postgres_fails_cleanly(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        RESETTLE_DATABASE_URL="postgresql://someone:secret@127.0.0.1:9/resettle",
        RESETTLE_USER="someone",
        RESETTLE_PASSWORD="secret",
    )
    result = subprocess.run(
        [sys.executable, "-m", "resettle", "people", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode != 0
    assert "Cannot reach the database server" in result.stderr
    assert "secret" not in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_pipe_is_not_an_error(
    migrated_data_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reader is gone before the command writes a byte, so every run meets the broken pipe,
    # and 80 people in JSON (about 13 KB) overflow the 8 KB output buffer: it meets it while
    # writing, not only when the interpreter flushes at exit.
    run_cli("--data-dir", str(migrated_data_dir), "demo", "--size", "80", capsys=capsys)
    act_as_demo(monkeypatch)  # the listing's process inherits the account
    data = str(migrated_data_dir)
    listing = subprocess.Popen(
        [sys.executable, "-m", "resettle", "--data-dir", data, "people", "list", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert listing.stdout is not None
    listing.stdout.close()
    _, err = listing.communicate(timeout=60)
    assert listing.returncode == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_a_silent_postgres_server_is_given_up_on_after_five_seconds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A server that never answers is bounded by libpq's connect timeout (no timing in tests:
    the refused port above answers at once, and a silent address is not reachable here)."""
    from resettle.storage import engine as engine_module

    seen: dict[str, object] = {}
    monkeypatch.setattr(engine_module, "create_engine", lambda url, **kw: seen.update(kw))
    engine_module.build_engine(engine_module.normalise_url("postgresql://u:p@127.0.0.1:9/r"))
    assert seen["connect_args"]["connect_timeout"] == 5  # type: ignore[index]


def test_recommend_keeps_its_prepared_recommender_in_the_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = Path(__file__).resolve().parents[2] / "docs" / "examples" / "profile.json"
    code, out, _ = run_cli(
        "--data-dir", str(tmp_path), "recommend", "--profile", str(profile), capsys=capsys
    )
    assert code == 0 and "1." in out
    assert [p.parent for p in tmp_path.glob("cache/recommender-*.pickle")] == [tmp_path / "cache"]
