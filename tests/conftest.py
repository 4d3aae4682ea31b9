"""Shared fixtures: off-screen Qt, databases on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from argon2 import PasswordHasher

from resettle.domain import clock
from resettle.logging_setup import LOG_LEVEL_ENV, stop_logging
from resettle.services import sign_in_failures
from resettle.services.passwords import hasher_in_use
from resettle.services.workspace import Workspace
from resettle.settings import DATA_DIR_ENV, DATABASE_FILE, Settings, resolve_settings
from resettle.storage.engine import sqlite_url
from resettle.storage.key_slots import KdfCost, kdf_cost_in_use
from tests.accounts import signed_in_test_officer
from tests.background import background_work_left_running
from tests.databases import (
    PostgresServer,
    copy_sqlite_template,
    migrate_postgres_template,
    migrate_sqlite_template,
)

POSTGRES_ENV = "RESETTLE_TEST_DATABASE_URL"
MEMORY_DIR = "/dev/shm"
#: Argon2id at its lowest cost (1 pass over 8 KiB): real hashes, at a thousandth of the cost of
#: the defaults (64 MiB, 3 passes), which one test in tests/services/test_passwords.py uses.
CHEAP_PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
CHEAP_KDF_COST = KdfCost(time_cost=1, memory_kib=8, parallelism=1)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Temporary folders, and so the SQLite test databases, in memory where the machine has a
    tmpfs: every SQLite commit syncs to disk (synchronous=FULL), about 8 ms on this disk against
    0.1 ms in memory. ``--basetemp`` still chooses a folder by hand.

    Under pytest-xdist (``scripts/test.sh`` runs two workers) this runs in the controlling
    process first; each worker then gets its own subfolder (``popen-gw0``, ...) through xdist,
    so every worker's files, SQLite templates included, are its own. Session fixtures (the
    template databases, uniquely named on PostgreSQL) are made once per worker.

    The day is held at the day the run starts (``clock.hold_today``), before collection, so a
    run that crosses midnight compares dates from one day: a test module's ``TODAY`` and the
    application's "today" cannot fall either side of it."""
    clock.hold_today(dt.date.today())
    if config.option.basetemp is None and os.access(MEMORY_DIR, os.W_OK):
        folder = tempfile.mkdtemp(prefix="resettle-tests-", dir=MEMORY_DIR)
        config.option.basetemp = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


def _backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(POSTGRES_ENV) else ["sqlite"]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to head once per session; tests get copies (never this file)."""
    return migrate_sqlite_template(tmp_path_factory.mktemp("template") / DATABASE_FILE)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer(os.environ[POSTGRES_ENV])
    yield server
    server.close()


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> Iterator[str]:
    """A PostgreSQL database migrated to head once per session, copied for each test."""
    name = migrate_postgres_template(postgres_server)
    yield name
    postgres_server.drop(name)


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database at the current schema on each backend under test, copied from the template."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        yield sqlite_url(copy_sqlite_template(template, tmp_path / DATABASE_FILE))
        return
    yield from _postgres_database(request, template=request.getfixturevalue("postgres_template"))


@pytest.fixture(params=_backends())
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database on each backend under test: for the tests of migration itself."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / DATABASE_FILE)
        return
    yield from _postgres_database(request, template=None)


def _postgres_database(request: pytest.FixtureRequest, template: str | None) -> Iterator[str]:
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create("resettle_test", template)
    yield server.url(name)
    server.drop(name)


@pytest.fixture
def migrated_data_dir(tmp_path: Path, sqlite_template: Path) -> Path:
    """A data folder whose SQLite database is already at the current schema (for the CLI)."""
    copy_sqlite_template(sqlite_template, tmp_path / DATABASE_FILE)
    return tmp_path


@pytest.fixture
def system_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """For a test comparing moments stamped by the system clock or the database (a note's
    ``created_at``, a place given) with today's date: today is the system's day for this test,
    not the day held since the run started (``pytest_configure``), which a run across
    midnight leaves a day behind the stamps. Only a test itself running across midnight can
    then see two days."""
    monkeypatch.setattr(clock, "_day_source", dt.date.today)


@pytest.fixture
def one_print_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batch printing renders in spawned worker processes, one per core, each importing the
    application and ReportLab afresh: one worker exercises that path at half the start-up."""
    from resettle.services.plans import printing

    monkeypatch.setattr(printing, "_workers", lambda: 1)


class _OneThreadPool(ThreadPoolExecutor):
    """Stands in for batch printing's process pool: the same futures, no interpreter start-up."""

    def __init__(self, max_workers: int | None = None, mp_context: object = None) -> None:
        super().__init__(max_workers=1)


@pytest.fixture
def renders_in_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """For batch tests about choosing, progress, cancelling and auditing. Spawning a render
    worker costs seconds; the process path itself is tested with ``one_print_worker``."""
    from resettle.services.plans import printing

    monkeypatch.setattr(printing, "ProcessPoolExecutor", _OneThreadPool)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return resolve_settings(tmp_path / "data", database_url, None)


@pytest.fixture
def workspace(settings: Settings) -> Iterator[Workspace]:
    opened = signed_in_test_officer(settings)
    yield opened
    # pytest-qt has closed the test's windows by now; the database goes next, so nothing may
    # still be working on it.
    leaked = background_work_left_running()
    opened.close()
    if leaked:
        pytest.fail(leaked)


@pytest.fixture
def other_copy(workspace: Workspace, settings: Settings) -> Iterator[Workspace]:
    """The same database and user as ``workspace``, opened again: another running copy."""
    opened = signed_in_test_officer(settings)
    yield opened
    opened.close()


@pytest.fixture
def other_workspace(
    request: pytest.FixtureRequest, workspace: Workspace, tmp_path: Path
) -> Iterator[Workspace]:
    """A second database on the same backend as ``workspace``, with the same user name."""
    if workspace.database.is_sqlite:
        template: Path = request.getfixturevalue("sqlite_template")
        url = sqlite_url(copy_sqlite_template(template, tmp_path / "other" / DATABASE_FILE))
        names = iter([url])
    else:
        names = _postgres_database(request, template=request.getfixturevalue("postgres_template"))
        url = next(names)
    opened = signed_in_test_officer(resolve_settings(tmp_path / "other-data", url, None))
    yield opened
    opened.close()
    next(names, None)  # drops the PostgreSQL database


@pytest.fixture(autouse=True)
def _private_user_folders(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """No test writes to the real user data or cache folder (the CLI logs there when no
    --data-dir is given), and the log level is the default whatever the developer's shell says."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path_factory.mktemp("user-data")))
    # platformdirs' user cache folder (the sign-in failures' second place) too, and each
    # test starts with no failures kept from another.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
    monkeypatch.setattr(sign_in_failures, "UNRECORDED", sign_in_failures.UnrecordedFailures())
    monkeypatch.delenv(LOG_LEVEL_ENV, raising=False)
    yield
    stop_logging()


@pytest.fixture(autouse=True)
def _no_leaked_background_work() -> Iterator[None]:
    """Thread-leak check (after napari's conftest): a test that ends while an open window still
    waits for a background operation fails, and so does work still running 10 s later. Tests
    that start operations wait for them (``tests/background.py``)."""
    yield
    leaked = background_work_left_running()
    if leaked:
        pytest.fail(leaked)


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing() -> Iterator[None]:
    """Every test hashes passwords with cheap parameters (resettle.services.passwords), and
    wraps key slots of encrypted databases with cheap ones (resettle.storage.key_slots)."""
    with hasher_in_use(CHEAP_PASSWORD_HASHER), kdf_cost_in_use(CHEAP_KDF_COST):
        yield
