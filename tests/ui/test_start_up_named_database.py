"""The app started with ``--database-url`` naming a SQLite file that is not there says so in
its start-up error and makes nothing (issue 16's user trial)."""

from __future__ import annotations

from pathlib import Path

import pytest

from resettle.settings import resolve_settings


def test_the_app_says_there_is_no_database_and_makes_nothing(  # type: ignore[no-untyped-def]
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from resettle.ui import app

    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _p, _title, text: shown.append(text))
    )
    target = tmp_path / "nonexistent" / "dir" / "x.db"
    settings = resolve_settings(tmp_path / "data", f"sqlite:///{target}", named_must_exist=True)
    assert app._run(qapp, settings, None) == 1
    assert len(shown) == 1 and shown[0].startswith(f"There is no Resettle database at {target}")
    assert not (tmp_path / "nonexistent").exists()
