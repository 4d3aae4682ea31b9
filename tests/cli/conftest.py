"""The CLI signs in like a script does: ``RESETTLE_USER`` and ``RESETTLE_PASSWORD``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


@pytest.fixture
def measures_data_dir(officer_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Any]:
    """The hand-counted caseload of ``tests/services/measures_dataset.py``; commands act as
    the test team's manager."""
    from resettle.domain import clock
    from resettle.domain.staff import Role
    from tests.accounts import TEST_PASSWORD, seed_account
    from tests.services.measures_dataset import TODAY, build

    monkeypatch.setattr(clock, "_day_source", lambda: TODAY)
    workspace = officer_workspace(officer_data_dir)
    dataset = build(workspace)
    seed_account(
        workspace.database,
        "test.manager",
        (Role.MANAGER,),
        managed_team_ids=[dataset.team_id],
        managed_establishment_ids=[],
    )
    workspace.close()
    act_as(monkeypatch, "test.manager", TEST_PASSWORD)
    return officer_data_dir, dataset
