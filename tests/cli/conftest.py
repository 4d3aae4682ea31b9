"""The CLI signs in like a script does: ``RESETTLE_USER`` and ``RESETTLE_PASSWORD``."""

from __future__ import annotations

from pathlib import Path

import pytest

from resettle.cli.workspace_opener import PASSWORD_ENV
from resettle.services.demo.loader import DEMO_PASSWORD
from resettle.services.workspace import Workspace
from resettle.settings import USER_ENV, resolve_settings
from tests.accounts import TEST_OFFICER, TEST_PASSWORD, signed_in_test_officer


def act_as(monkeypatch: pytest.MonkeyPatch, username: str, password: str) -> None:
    monkeypatch.setenv(USER_ENV, username)
    monkeypatch.setenv(PASSWORD_ENV, password)


def act_as_demo(monkeypatch: pytest.MonkeyPatch, username: str = "demo.manager") -> None:
    act_as(monkeypatch, username, DEMO_PASSWORD)


def officer_workspace(data_dir: Path) -> Workspace:
    """The data folder's database with the test officer signed in (seeded on first use)."""
    return signed_in_test_officer(resolve_settings(data_dir))


@pytest.fixture
def officer_data_dir(migrated_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated data folder with the test officer seeded; commands act as it."""
    officer_workspace(migrated_data_dir).close()
    act_as(monkeypatch, TEST_OFFICER, TEST_PASSWORD)
    return migrated_data_dir
