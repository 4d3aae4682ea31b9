"""Shared fixtures: off-screen Qt, databases on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from sqlalchemy import create_engine, text

from resettle.logging_setup import LOG_LEVEL_ENV, stop_logging
from resettle.services.workspace import Workspace, open_workspace
from resettle.settings import DATA_DIR_ENV, Settings, resolve_settings
from tests.background import background_work_left_running

POSTGRES_ENV = "RESETTLE_TEST_DATABASE_URL"


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend under test."""
    if request.param == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'resettle.sqlite3'}"
        return
    yield from _fresh_postgres_database()


def _fresh_postgres_database() -> Iterator[str]:
    admin_url = os.environ[POSTGRES_ENV]
    name = f"resettle_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return resolve_settings(tmp_path / "data", database_url, None)


@pytest.fixture
def workspace(settings: Settings) -> Iterator[Workspace]:
    opened = open_workspace(settings)
    yield opened
    # pytest-qt has closed the test's windows by now; the database goes next, so nothing may
    # still be working on it.
    leaked = background_work_left_running()
    opened.close()
    if leaked:
        pytest.fail(leaked)


@pytest.fixture
def sqlite_settings(tmp_path: Path) -> Settings:
    return resolve_settings(tmp_path / "data", None, None)


@pytest.fixture(autouse=True)
def _private_user_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """No test writes to the real user data folder (the CLI logs there when no --data-dir is
    given), and the log level is the default whatever the developer's shell says."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path_factory.mktemp("user-data")))
    monkeypatch.delenv(LOG_LEVEL_ENV, raising=False)
    yield
    stop_logging()


@pytest.fixture(autouse=True)
def _no_leaked_background_work() -> Iterator[None]:
    """Thread-leak check (after napari's conftest): a test that leaves a background operation
    running after it ends fails. Tests that start operations wait for them
    (``tests/background.py``)."""
    yield
    leaked = background_work_left_running()
    if leaked:
        pytest.fail(leaked)
