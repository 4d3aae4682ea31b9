"""A PostgreSQL restore never applies a dump's own security (``storage/postgres_dump.py``):
between the restore and this version's security applied again, the logins read nothing (it
fails closed); a restore run by a database owner that is not a superuser works with a
``pg_trgm`` a superuser made; and a backup asked for through an account's own login is refused
in one line naming the owner's address, in the services, the terminal and the window."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import psycopg
import pytest
from psycopg import errors
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from resettle.cli import main
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services import backup as backup_service
from resettle.services.database_logins import reapply_roles
from resettle.services.workspace import Workspace, signed_in_workspace
from resettle.storage import backups, postgres_dump
from resettle.storage.backups import BackupNeedsOwner
from resettle.storage.database import open_database
from resettle.storage.engine import normalise_url
from resettle.storage.migrate import head_revision
from tests.accounts import TEST_PASSWORD
from tests.cli.conftest import act_as
from tests.databases import PostgresServer
from tests.factories import staff_member
from tests.storage.secured_postgres import GATE_PASSWORD, Secured, secured_database, username_of

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)
OWNER_MESSAGE = (
    "Backups of a shared database are made with the owner's address: this account may back "
    "up, but the address used (an account's own login, or the gate) cannot read every row; "
    "give the database owner's address with --database-url (or RESETTLE_DATABASE_URL), "
    "postgresql://OWNER@HOST/DATABASE. Nothing was written."
)


@pytest.fixture
def secured(postgres_server: PostgresServer, postgres_template: str) -> Iterator[Secured]:
    """A secured database of this test's own (a restore replaces it)."""
    with secured_database(postgres_server, postgres_template) as database:
        yield database


def _login_reads(secured: Secured, role: Role, sql: str) -> str:
    """What ``sql`` gives the login of ``role``, or the name of the error refusing it."""
    with secured.login(role) as connection:
        try:
            return repr(connection.execute(sql).fetchall())  # type: ignore[arg-type]
        except psycopg.Error as error:
            return type(error).__name__


def test_between_the_restore_and_the_security_every_login_reads_nothing(
    secured: Secured, tmp_path: Path
) -> None:
    people = "SELECT count(*) FROM people"
    assert _login_reads(secured, Role.MANAGER, people) != "InsufficientPrivilege"
    dump = postgres_dump.dump_postgres(make_url(secured.url), tmp_path / "secured.dump")
    owner = normalise_url(secured.url)
    secured.database.close()
    postgres_dump.restore_postgres(owner, dump)
    # Restored, with no grant, policy or function of the dump's: every login is refused.
    for role in (Role.MANAGER, Role.ADMIN, Role.OFFICER):
        for table in ("people", "staff", "case_notes", "resettle_meta", "audit_log"):
            said = _login_reads(secured, role, f"SELECT count(*) FROM {table}")
            assert said == "InsufficientPrivilege", (role, table)
    with secured.gate() as gate, pytest.raises(errors.UndefinedFunction):
        gate.execute("SELECT * FROM resettle_gate_status()")
    engine = create_engine(owner)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM pg_policy")).scalar() == 0
        granted = connection.execute(
            text(
                "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace "
                "AND relacl IS NOT NULL"
            )
        ).scalar()
        assert granted == 0
    engine.dispose()
    reopened = open_database(secured.url, migrate=False)
    try:
        reapply_roles(reopened.uow(), secured.prefix)
    finally:
        reopened.close()
    assert _login_reads(secured, Role.MANAGER, people) not in {"InsufficientPrivilege"}
    with secured.gate() as gate:
        assert gate.execute("SELECT has_accounts FROM resettle_gate_status()").fetchone() == (True,)


def _owner_role(server_url: str, name: str) -> str:
    """A login that is not a superuser (it may create roles, as ``setup-roles`` needs)."""
    engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name}
        ).first()
        if not exists:
            connection.execute(text(f"CREATE ROLE {name} LOGIN CREATEROLE PASSWORD 'Owner-pw-1'"))
    engine.dispose()
    return name


def test_an_owner_that_is_not_a_superuser_restores_beside_a_superusers_pg_trgm(
    postgres_server: PostgresServer, postgres_template: str, tmp_path: Path
) -> None:
    admin_url = os.environ["RESETTLE_TEST_DATABASE_URL"]
    owner = _owner_role(admin_url, "restore_owner")
    name = postgres_server.create("resettle_owned", postgres_template)
    superuser = create_engine(postgres_server.url(name), isolation_level="AUTOCOMMIT")
    with superuser.connect() as connection:
        connection.execute(text(f"ALTER DATABASE {name} OWNER TO {owner}"))
        # The schema is the superuser's too (as PostgreSQL 14 and earlier made it): the owner
        # may create in it, and cannot drop it.
        connection.execute(text("ALTER SCHEMA public OWNER TO postgres"))
        connection.execute(text(f"GRANT USAGE, CREATE ON SCHEMA public TO {owner}"))
        connection.execute(
            text(
                "DO $$ DECLARE r record; BEGIN FOR r IN SELECT c.relname, c.relkind FROM "
                "pg_class c WHERE c.relnamespace = 'public'::regnamespace "
                "AND c.relkind IN ('r', 'S') AND NOT EXISTS (SELECT 1 FROM pg_depend d "
                "WHERE d.objid = c.oid AND d.deptype IN ('e', 'a', 'i')) LOOP "
                "EXECUTE format('ALTER %s %I OWNER TO restore_owner', "
                "CASE r.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, r.relname); "
                "END LOOP; END $$"
            )
        )
        trigram = connection.execute(
            text(
                "SELECT r.rolname, r.rolsuper FROM pg_extension e "
                "JOIN pg_roles r ON r.oid = e.extowner WHERE e.extname = 'pg_trgm'"
            )
        ).one()
        assert trigram == ("postgres", True)  # made by the superuser's migration
    owner_url = (
        make_url(postgres_server.url(name))
        .set(username=owner, password="Owner-pw-1")
        .render_as_string(hide_password=False)
    )
    database = open_database(owner_url)
    try:
        actor = staff_member(SimpleNamespace(database=database), "own.admin", Role.ADMIN)
        admin = Workspace(database=database, actor=actor)
        done = backup_service.back_up(admin, tmp_path / "backups")
        staff_member(SimpleNamespace(database=database), "added.later")
        restored = backup_service.restore(admin, done.path, tmp_path / "backups")
        assert restored.revision == head_revision()
        reopened = open_database(owner_url)
        with reopened.engine.connect() as connection:
            names = connection.execute(text("SELECT username FROM staff")).scalars().all()
            assert list(names) == ["own.admin"]
            assert (
                connection.execute(
                    text(
                        "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'public'"
                    )
                ).scalar()
                == "postgres"
            )
            assert (
                connection.execute(
                    text(
                        "SELECT extowner::regrole::text FROM pg_extension WHERE extname = 'pg_trgm'"
                    )
                ).scalar()
                == "postgres"
            )
            assert (
                connection.execute(
                    text("SELECT tableowner FROM pg_tables WHERE tablename = 'people'")
                ).scalar()
                == owner
            )
        reopened.close()
    finally:
        superuser.dispose()
        postgres_server.drop(name)


@pytest.fixture
def admin_login(secured: Secured) -> Iterator[Workspace]:
    workspace = signed_in_workspace(
        open_database(secured.url, migrate=False), username_of(Role.ADMIN), TEST_PASSWORD
    )
    yield workspace
    workspace.close()


def test_a_backup_through_an_accounts_own_login_names_the_owners_address(
    secured: Secured, admin_login: Workspace, tmp_path: Path
) -> None:
    with pytest.raises(BackupNeedsOwner) as refused:
        backup_service.back_up(admin_login, tmp_path / "backups")
    assert str(refused.value) == OWNER_MESSAGE
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())
    # The same administrator, the copy made through the owner's address: made.
    done = backup_service.back_up(admin_login, tmp_path / "backups", address=secured.url)
    assert not postgres_dump.dump_problems(done.path)
    assert backups.read_manifest(done.path).backend == "postgresql"


def test_an_officers_login_is_refused_for_its_role_not_the_address(
    secured: Secured, tmp_path: Path
) -> None:
    officer = signed_in_workspace(
        open_database(secured.url, migrate=False), username_of(Role.OFFICER), TEST_PASSWORD
    )
    try:
        with pytest.raises(PermissionDenied):
            backup_service.back_up(officer, tmp_path / "backups", address=secured.url)
    finally:
        officer.close()


def _gate_url(secured: Secured) -> str:
    url = make_url(secured.url).set(username=f"{secured.prefix}_gate", password=GATE_PASSWORD)
    return url.render_as_string(hide_password=False)


def test_the_terminal_says_so_in_one_line_and_backs_up_with_the_owners_address(
    secured: Secured, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    act_as(monkeypatch, username_of(Role.ADMIN), TEST_PASSWORD)
    data = tmp_path / "data"
    refused = tmp_path / "through-gate.dump"
    code = main(
        [
            "--data-dir",
            str(data),
            "--database-url",
            _gate_url(secured),
            "backup",
            "--out",
            str(refused),
        ]
    )
    out, err = capsys.readouterr()
    assert code != 0 and not refused.exists()
    lines = [line for line in err.splitlines() if "owner's address" in line]
    assert len(lines) == 1 and OWNER_MESSAGE in lines[0], err
    assert "Traceback" not in err and "pg_dump" not in err
    made = tmp_path / "owner.dump"
    code = main(
        ["--data-dir", str(data), "--database-url", secured.url, "backup", "--out", str(made)]
    )
    out, err = capsys.readouterr()
    assert code == 0, err
    assert f"Backed up to {made}" in out and not postgres_dump.dump_problems(made)


def test_the_window_says_so_in_its_message_line(  # type: ignore[no-untyped-def]
    qtbot, admin_login: Workspace, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt

    from resettle.ui.admin import AdministrationWindow
    from tests.background import wait_for_background

    window = AdministrationWindow(admin_login, backups_dir=tmp_path / "backups", backup_keep=3)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_background(qtbot)
    assert window.backups is not None
    with qtbot.waitSignal(window.backups.finished, timeout=20_000):
        qtbot.mouseClick(window.backups.back_up_button, Qt.MouseButton.LeftButton)
    assert window.message.text() == OWNER_MESSAGE
    window.close()


def test_a_restore_through_an_accounts_own_login_is_refused_before_anything_changes(
    secured: Secured, admin_login: Workspace, tmp_path: Path
) -> None:
    done = backup_service.back_up(admin_login, tmp_path / "backups", address=secured.url)
    reached = _login_reads(secured, Role.MANAGER, "SELECT count(*) FROM people")
    assert reached.startswith("[(")
    with pytest.raises(BackupNeedsOwner) as refused:
        backup_service.restore(admin_login, done.path, tmp_path / "backups")
    assert str(refused.value).endswith("Nothing was restored.")
    assert "the address used (an account's own login, or the gate)" in str(refused.value)
    kept = [p.name for p in (tmp_path / "backups").iterdir()]
    assert not any("before-restore" in name for name in kept)  # no copy made: nothing began
    assert _login_reads(secured, Role.MANAGER, "SELECT count(*) FROM people") == reached
