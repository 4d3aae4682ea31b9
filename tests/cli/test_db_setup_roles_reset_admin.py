"""``resettle db setup-roles --reset-admin``: the owner's way out when every account, the
administrators' included, was made before setup-roles and so has a login with no password."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from resettle.cli import main
from resettle.domain.staff import Role
from resettle.services import authentication
from resettle.services.authentication import PasswordChangeRequired, SignInRefused
from resettle.services.database_logins import (
    ADMIN_TEMPORARY_PASSWORD_ENV,
    GATE_PASSWORD_ENV,
    roles_prefix,
)
from resettle.services.workspace import Workspace, signed_in_workspace
from resettle.storage.database import open_database
from resettle.storage.postgres_access import default_prefix
from tests.accounts import TEST_PASSWORD, seed_account
from tests.databases import PostgresServer

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
GATE_PASSWORD = "gate-keeper-password-9"
TEMPORARY = "harbour-quilt-falcon-58"


@dataclass
class Trial:
    url: str
    data_dir: Path
    admin: int
    officer: int

    def setup_roles(self, *extra: str) -> int:
        args = ["--data-dir", str(self.data_dir), "--database-url", self.url]
        return main([*args, "db", "setup-roles", *extra])


@pytest.fixture
def trial(
    postgres_server: PostgresServer,
    postgres_template: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Trial]:
    """An administrator and an officer made before setup-roles (as ``resettle demo`` makes
    them), a second administrator that is disabled, and the passwords in the environment."""
    monkeypatch.setenv(GATE_PASSWORD_ENV, GATE_PASSWORD)
    monkeypatch.setenv(ADMIN_TEMPORARY_PASSWORD_ENV, TEMPORARY)
    name = postgres_server.create("resettle_reset_admin", postgres_template)
    url = postgres_server.url(name)
    database = open_database(url)
    try:
        admin = seed_account(database, "first.admin", (Role.ADMIN,))
        officer = seed_account(database, "early.officer")
        gone = seed_account(database, "gone.admin", (Role.ADMIN,))
        with database.uow() as uow:
            row = uow.staff.get(gone)
            assert row is not None
            row.active = False
            uow.commit()
    finally:
        database.close()
    yield Trial(url, tmp_path / "data", admin, officer)
    postgres_server.drop(name)


def _gate_url(url: str) -> str:
    database = open_database(url)
    try:
        with database.uow() as uow:
            prefix = roles_prefix(uow)
    finally:
        database.close()
    assert prefix is not None
    gate = make_url(url).set(username=f"{prefix}_gate", password=GATE_PASSWORD)
    return gate.render_as_string(hide_password=False)


def _sign_in(url: str, username: str, password: str) -> Workspace:
    database = open_database(url)
    try:
        return signed_in_workspace(database, username, password)
    except Exception:
        database.close()
        raise


def _everything_written(data_dir: Path, *streams: str) -> str:
    files = [p.read_text(errors="replace") for p in data_dir.rglob("*") if p.is_file()]
    return "\n".join([*streams, *files])


def test_the_reset_administrator_signs_in_changes_the_password_and_resets_an_officer(
    trial: Trial, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert trial.setup_roles("--reset-admin", "first.admin") == 0
    out, err = capsys.readouterr()
    assert "first.admin can sign in through the gate URL with the temporary password" in out
    assert "must change it" in out
    needing = out.split("until first.admin resets their password", 1)[1]
    assert "early.officer" in needing and "first.admin" not in needing
    assert "gone.admin" not in out  # disabled: no one to reset
    assert TEMPORARY not in _everything_written(trial.data_dir, out, err, caplog.text)

    gate_url = _gate_url(trial.url)
    with pytest.raises(SignInRefused):
        _sign_in(gate_url, "first.admin", TEST_PASSWORD)  # the old password is gone
    with pytest.raises(SignInRefused):
        _sign_in(gate_url, "early.officer", TEST_PASSWORD)  # still no login password
    admin = _sign_in(gate_url, "first.admin", TEMPORARY)
    new = "copper-meadow-violin-77"
    officer_temporary = "lantern-pebble-walrus-31"
    try:
        assert admin.must_change_password
        with pytest.raises(PasswordChangeRequired):
            admin.run(authentication.reset_password, trial.officer, officer_temporary)
        admin.run(authentication.change_password, TEMPORARY, new)
        admin.run(authentication.reset_password, trial.officer, officer_temporary)
    finally:
        admin.close()
    officer = _sign_in(gate_url, "early.officer", officer_temporary)
    try:
        assert officer.must_change_password
    finally:
        officer.close()
    _sign_in(gate_url, "first.admin", new).close()
    with pytest.raises(SignInRefused):
        _sign_in(gate_url, "first.admin", TEMPORARY)

    owner = open_database(trial.url)
    try:
        with owner.uow() as uow:
            rows = uow.session.execute(
                text(
                    "SELECT actor_id, entity_id, details FROM audit_log "
                    "WHERE action = 'account.password_reset' ORDER BY seq"
                )
            ).all()
    finally:
        owner.close()
    assert [(r.actor_id, r.entity_id) for r in rows] == [
        (None, trial.admin),
        (trial.admin, trial.officer),
    ]
    assert rows[0].details == {"by_database_owner": True}


@pytest.mark.parametrize(
    ("names", "which"),
    [
        (["early.officer"], "the user name given"),
        (["no.such.person"], "the user name given"),
        (["gone.admin"], "the user name given"),
        (["first.admin", "early.officer"], "user name 2 of 2 given"),
    ],
)
def test_a_name_that_is_not_an_active_administrator_is_refused_and_nothing_set_up(
    trial: Trial, capsys: pytest.CaptureFixture[str], names: list[str], which: str
) -> None:
    extra = [arg for name in names for arg in ("--reset-admin", name)]
    assert trial.setup_roles(*extra) == 2
    out, err = capsys.readouterr()
    assert err.strip().splitlines() == [
        f"resettle: Administrator to reset: {which} is not an active administrator "
        "account. Nothing was set up."
    ]
    assert TEMPORARY not in out + err
    _nothing_set_up(trial)


def test_a_temporary_password_breaking_a_rule_is_refused_and_nothing_set_up(
    trial: Trial, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ADMIN_TEMPORARY_PASSWORD_ENV, "first.admin-2024")
    assert trial.setup_roles("--reset-admin", "first.admin") == 2
    out, err = capsys.readouterr()
    assert "user name" in err and "first.admin-2024" not in out + err
    _nothing_set_up(trial)


def _nothing_set_up(trial: Trial) -> None:
    database = open_database(trial.url)
    try:
        with database.uow() as uow:
            assert roles_prefix(uow) is None
            admin = uow.staff.get(trial.admin)
            assert admin is not None and not admin.must_change_password
            assert uow.audit.count() == 0
            prefix = default_prefix(str(make_url(trial.url).database))
            roles = uow.session.scalar(
                text("SELECT count(*) FROM pg_roles WHERE starts_with(rolname, :p)"),
                {"p": f"{prefix}_"},
            )
            assert roles == 0
    finally:
        database.close()
