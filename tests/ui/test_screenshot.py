from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from resettle.cli import main


def test_screenshot_mode_saves_the_main_window(migrated_data_dir: Path) -> None:
    data = migrated_data_dir
    assert main(["--data-dir", str(data), "demo", "--size", "30"]) == 0
    picture = data / "main.png"
    result = subprocess.run(
        [sys.executable, "-m", "resettle", "--data-dir", str(data), "--screenshot", str(picture)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(picture))
    assert image.width() >= 800 and image.height() >= 500


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
