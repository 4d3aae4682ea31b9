from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from resettle.services.demo.loader import start_demo_database
from resettle.services.workspace import open_settings_database
from resettle.settings import resolve_settings


def test_screenshot_mode_saves_the_main_window(migrated_data_dir: Path) -> None:
    data = migrated_data_dir
    _demo_database(data, 30)
    picture = data / "main.png"
    result = _screenshot(data, picture, "demo-password")
    assert result.returncode == 0, result.stderr
    image = QImage(str(picture))
    assert image.width() >= 800 and image.height() >= 500


def test_screenshot_with_a_wrong_password_signs_nobody_in(migrated_data_dir: Path) -> None:
    """The scripted sign-in (``--user`` and ``RESETTLE_PASSWORD``) checks the password too."""
    data = migrated_data_dir
    _demo_database(data, 5)
    picture = data / "main.png"
    result = _screenshot(data, picture, "not-the-demo-password")
    assert result.returncode == 1
    assert "user name or password" in result.stderr
    assert not picture.exists()


def _demo_database(data: Path, size: int) -> None:
    """A demo database with its accounts (as ``resettle demo`` makes on a new database)."""
    database = open_settings_database(resolve_settings(data))
    try:
        start_demo_database(database.uow(), size)
    finally:
        database.close()


def _screenshot(data: Path, picture: Path, password: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "resettle",
            "--data-dir",
            str(data),
            "--user",
            "demo.officer",
            "--screenshot",
            str(picture),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, RESETTLE_PASSWORD=password),
    )


def test_screenshot_of_a_foreign_database_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "resettle.sqlite3").write_text("not a database")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "resettle",
            "--data-dir",
            str(tmp_path),
            "--screenshot",
            str(tmp_path / "x.png"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "not a Resettle database" in result.stderr
    assert not (tmp_path / "x.png").exists()
