"""A SQLite database named with ``--database-url`` (or ``RESETTLE_DATABASE_URL``) that is not
there is refused, and nothing is made -- except by the commands that set a database up
(``accounts create-admin``, ``db upgrade``, ``demo``). The default data folder still makes its
database on first run. An empty ``--database-url`` is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from resettle.cli import main
from resettle.services.workspace import open_settings_database
from resettle.settings import DATABASE_FILE, DATABASE_URL_ENV, resolve_settings
from resettle.storage.errors import NoDatabaseHere
from tests.cli.conftest import act_as

MISSING = "There is no Resettle database at"


@pytest.fixture(autouse=True)
def _no_address_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_a_mistyped_address_is_refused_and_nothing_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    act_as(monkeypatch, "jo.admin", "a long enough password")
    target = tmp_path / "nonexistent" / "dir" / "x.db"
    url = ["--data-dir", str(tmp_path / "data"), "--database-url", f"sqlite:///{target}"]
    code = main([*url, "people", "list"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{MISSING} {target}" in err and "accounts create-admin" in err
    assert "Sign-in refused" not in err
    assert not (tmp_path / "nonexistent").exists()
    assert not (tmp_path / "data" / DATABASE_FILE).exists()


def test_an_address_from_the_environment_is_refused_the_same_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    act_as(monkeypatch, "jo.admin", "a long enough password")
    target = tmp_path / "typo.db"
    monkeypatch.setenv(DATABASE_URL_ENV, f"sqlite:///{target}")
    code = main(["--data-dir", str(tmp_path / "data"), "people", "list"])
    assert code == 2
    assert MISSING in capsys.readouterr().err
    assert not target.exists() and not Path(f"{target}.keys").exists()


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_address_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], empty: str
) -> None:
    code = main(["--data-dir", str(tmp_path), "--database-url", empty, "people", "list"])
    assert code == 2
    assert "--database-url is empty" in capsys.readouterr().err
    assert _files(tmp_path) == []


def test_the_app_refuses_a_missing_named_database_at_start_up(tmp_path: Path) -> None:
    """The app opens its database with ``open_settings_database`` and shows the refusal."""
    target = tmp_path / "missing" / "x.db"
    settings = resolve_settings(tmp_path / "data", f"sqlite:///{target}", named_must_exist=True)
    with pytest.raises(NoDatabaseHere, match=MISSING):
        open_settings_database(settings)
    assert not (tmp_path / "missing").exists()


def test_the_default_data_folder_still_makes_its_database(tmp_path: Path) -> None:
    settings = resolve_settings(tmp_path / "data")
    open_settings_database(settings, encrypt_new=False).close()
    assert (tmp_path / "data" / DATABASE_FILE).is_file()


def test_create_admin_sets_up_a_named_database_that_is_not_there_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    act_as(monkeypatch, "jo.admin", "a long enough password")
    target = tmp_path / "new" / "team.db"
    url = ["--data-dir", str(tmp_path / "data"), "--database-url", f"sqlite:///{target}"]
    assert main([*url, "accounts", "create-admin", "--user", "jo.admin"]) == 0
    assert target.is_file()
    capsys.readouterr()
    assert main([*url, "--user", "jo.admin", "accounts", "list"]) == 0
    assert "jo.admin" in capsys.readouterr().out


def test_db_upgrade_sets_up_a_named_database_that_is_not_there_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new" / "team.db"
    url = ["--data-dir", str(tmp_path / "data"), "--database-url", f"sqlite:///{target}"]
    code = main([*url, "db", "upgrade"])
    assert code == 0, capsys.readouterr().err
    assert target.is_file()


def test_demo_sets_up_a_named_database_that_is_not_there_yet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "new" / "demo.db"
    url = ["--data-dir", str(tmp_path / "data"), "--database-url", f"sqlite:///{target}"]
    code = main([*url, "demo", "--size", "1"])
    assert code == 0, capsys.readouterr().err
    assert target.is_file()
