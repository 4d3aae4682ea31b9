"""The CLI signs in like a script does: ``RESETTLE_USER`` and ``RESETTLE_PASSWORD``.

What the CLI tests share: signing in as someone, the test officer's data folder (with HMP
Leeds, with plans), running a command in this process and reading what it printed, and
counting the audit rows it left."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from resettle.cli import main
from resettle.cli.workspace_opener import PASSWORD_ENV
from resettle.services.demo.loader import DEMO_PASSWORD
from resettle.services.workspace import Workspace
from resettle.settings import USER_ENV, resolve_settings
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import TEST_OFFICER, TEST_PASSWORD, signed_in_test_officer


def act_as(monkeypatch: pytest.MonkeyPatch, username: str, password: str) -> None:
    monkeypatch.setenv(USER_ENV, username)
    monkeypatch.setenv(PASSWORD_ENV, password)


def act_as_demo(monkeypatch: pytest.MonkeyPatch, username: str = "demo.manager") -> None:
    act_as(monkeypatch, username, DEMO_PASSWORD)


def officer_workspace(data_dir: Path) -> Workspace:
    """The data folder's database with the test officer signed in (seeded on first use)."""
    return signed_in_test_officer(resolve_settings(data_dir))


@contextmanager
def officer_session(data_dir: Path) -> Iterator[Workspace]:
    """:func:`officer_workspace`, closed after the block."""
    workspace = officer_workspace(data_dir)
    try:
        yield workspace
    finally:
        workspace.close()


def run_cli(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``resettle ARGS`` run in this process: its exit code, what it printed, its messages."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def audited(data_dir: Path) -> Counter[str]:
    """Audit rows by action (signing in to count them adds one ``account.signed_in``)."""
    with officer_session(data_dir) as workspace, workspace.uow() as uow:
        return Counter(row.action for row in uow.audit.latest(100_000))


def plans_printed(data_dir: Path) -> Counter[int | None]:
    """``plan.printed`` rows by person."""
    with officer_session(data_dir) as workspace, workspace.uow() as uow:
        rows = uow.audit.latest(100_000)
        return Counter(row.person_id for row in rows if row.action == "plan.printed")


#: ``plan print``'s justification when the copy is for the person.
FOR_THE_PERSON = ("--justification", "plan_for_person")
#: One plan action, for a person's plan to print.
BANK_ACCOUNT = {
    "pathway": "finance_id",
    "what": "Open a bank account",
    "owner": "prison",
    "due": {"kind": "relative", "offset_days": -14},
}


def plan_print(data_dir: Path, person: str, out: Path, *more: str) -> list[str]:
    """``plan print`` of ``person``'s plan to ``out``; ``more``: the justification (for the
    person, :data:`FOR_THE_PERSON`, unless ``more`` gives one) and other options."""
    reason = () if "--justification" in more else FOR_THE_PERSON
    command = ["--data-dir", str(data_dir), "plan", "print", *reason]
    return [*command, "--person", person, "--out", str(out), *more]


@pytest.fixture
def officer_data_dir(migrated_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A migrated data folder with the test officer seeded; commands act as it."""
    officer_workspace(migrated_data_dir).close()
    act_as(monkeypatch, TEST_OFFICER, TEST_PASSWORD)
    return migrated_data_dir


@pytest.fixture
def leeds_data_dir(officer_data_dir: Path) -> Path:
    """:func:`officer_data_dir` with HMP Leeds (``LEI``) to place people in."""
    with officer_session(officer_data_dir) as workspace, workspace.uow() as uow:
        uow.staff.add_establishment(EstablishmentRow(code="LEI", name="HMP Leeds"))
        uow.commit()
    return officer_data_dir


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
