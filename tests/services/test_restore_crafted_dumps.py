"""A PostgreSQL dump changed by hand at the byte level, as someone who can write the backups
folder could: statements hidden inside the text of entries a restore reads. Nothing of the
file's text is ever run (``storage/postgres_dump.restore_postgres``): statements in a table's
definition are never read (the schema is this version's migrations'), and any in the text
around its rows refuse the restore with nothing changed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from resettle.services import backup as backup_service
from resettle.services.database_logins import setup_roles
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.storage import backup_files, backups
from resettle.storage.engine import normalise_url
from tests.factories import another_person
from tests.services import test_backup_restore as drill
from tests.services.test_backup_restore import _postgres_only, table_fingerprints

#: The restore drill's fixtures: an administrator, the database's address, the backups folder.
admin = drill.admin
url = drill.url
backups_dir = drill.backups_dir

#: A schema and a SECURITY DEFINER function in it, PUBLIC allowed to create in ``public``,
#: and a column default calling the function: what the last review's proof slipped in.
PAYLOAD = (
    b" CREATE SCHEMA evil; GRANT USAGE ON SCHEMA evil TO PUBLIC;"
    b" CREATE FUNCTION evil.f() RETURNS text LANGUAGE sql SECURITY DEFINER"
    b" AS $q$ SELECT current_user::text $q$;"
    b" GRANT CREATE ON SCHEMA public TO PUBLIC;"
    b" ALTER TABLE public.people ALTER COLUMN family_name SET DEFAULT evil.f();"
)


def _replace_same_length(data: bytearray, old: bytes, new: bytes) -> None:
    """``old`` (a string of the archive's table of contents) replaced by ``new``, padded with
    spaces to the same length, so no offset in the archive moves."""
    start = data.index(old)
    assert len(new) <= len(old), (len(new), len(old))
    data[start : start + len(old)] = new + b" " * (len(old) - len(new))


def _table_definition_with_statements(data: bytearray) -> None:
    start = data.index(b"CREATE TABLE public.people (")
    length = int.from_bytes(data[start - 4 : start], "little")  # the string's length before it
    old = bytes(data[start : start + length])
    squeezed = re.sub(rb"\n +", b"\n", old)
    for long, short in (
        (b"character varying", b"varchar"),
        (b"timestamp with time zone", b"timestamptz"),
        (b"integer", b"int"),
    ):
        squeezed = squeezed.replace(long, short)
    _replace_same_length(data, old, squeezed + PAYLOAD)


def _rows_statement_with_statements(data: bytearray) -> None:
    found = re.search(rb"COPY public\.people \([^)]*\) FROM stdin;\n", bytes(data))
    assert found is not None
    old = found.group(0)
    columns = old[len(b"COPY public.people (") : old.index(b")")]
    new = (
        b"CREATE SCHEMA evil;COPY public.people (" + columns.replace(b", ", b",") + b") FROM stdin;"
    )
    _replace_same_length(data, old[:-1], new)


def _crafted(done: backup_service.BackupDone, target: Path, change: object) -> Path:
    data = bytearray(done.path.read_bytes())
    change(data)  # type: ignore[operator]
    target.write_bytes(bytes(data))
    manifest = backups.make_manifest(
        target,
        backend="postgresql",
        revision=done.manifest.schema_revision or "",
        version="0",
        encrypted=False,
        now=dt.datetime.now(dt.UTC),
    )
    backups.write_manifest(target, manifest)
    return target


def _what_the_statements_made(address: str) -> dict[str, object]:
    return drill.scalars_of(
        address,
        {
            "evil schema": "SELECT count(*) FROM pg_namespace WHERE nspname = 'evil'",
            "PUBLIC creates in public": "SELECT has_schema_privilege('public', 'public', 'CREATE')",
            "family_name default": "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
            "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "WHERE d.adrelid = 'public.people'::regclass AND a.attname = 'family_name'",
        },
    )


NOTHING_MADE = {"evil schema": 0, "PUBLIC creates in public": False, "family_name default": None}


@pytest.mark.parametrize("roles", [True, False], ids=["roles-set-up", "no-roles"])
def test_statements_in_a_tables_definition_are_never_run(
    workspace: Workspace,
    admin: Workspace,
    url: str,
    backups_dir: Path,
    tmp_path: Path,
    roles: bool,
) -> None:
    done, at_backup = drill.backed_up_postgres(workspace, admin, url, backups_dir, roles, person=80)
    crafted = _crafted(done, tmp_path / "crafted.dump", _table_definition_with_statements)
    assert PAYLOAD in crafted.read_bytes()
    workspace.run(register_person, another_person(81))
    backup_service.restore(admin, crafted, backups_dir)
    assert _what_the_statements_made(url) == NOTHING_MADE
    assert table_fingerprints(url)["people"] == at_backup["people"]


def test_statements_beside_a_tables_rows_refuse_the_restore_and_nothing_changes(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path, tmp_path: Path
) -> None:
    _postgres_only(workspace)
    setup_roles(workspace.database.uow(), "gate-Pw-123456")
    done = backup_service.back_up(admin, backups_dir)
    crafted = _crafted(done, tmp_path / "crafted.dump", _rows_statement_with_statements)
    workspace.run(register_person, another_person(82))
    before = table_fingerprints(url)
    with pytest.raises(backups.BackupProblem) as refused:
        backup_service.restore(admin, crafted, backups_dir)
    message = str(refused.value)
    assert "holds a statement that is not a table's rows" in message
    assert message.endswith("Nothing was restored.") and "evil" not in message
    assert _what_the_statements_made(url) == NOTHING_MADE
    after = table_fingerprints(url)
    assert after["people"] == before["people"]
    # Nothing was restored, so the copy made first is not kept (no second copy of every record).
    assert not [f for f in backups_dir.rglob("*") if backup_files.PRE_RESTORE_MARK in f.name]


@pytest.mark.parametrize("roles", [True, False], ids=["roles-set-up", "no-roles"])
def test_an_account_named_like_a_group_role_is_refused(
    workspace: Workspace,
    admin: Workspace,
    url: str,
    backups_dir: Path,
    tmp_path: Path,
    roles: bool,
) -> None:
    """Where roles are made again its login would be the group role itself: every officer
    would then hold the administrator's rights (security review rev34, F1); where none are,
    it would stop ``setup-roles`` later (rev34b, B3). The restore is refused and the
    database put back, its roles as they were."""
    _postgres_only(workspace)
    from tests.services.test_backup_restore import _through_scratch

    prefix = setup_roles(workspace.database.uow(), "gate-Pw-123456").prefix if roles else "unset"
    done = backup_service.back_up(admin, backups_dir)

    def rename(scratch: object) -> None:
        engine = create_engine(scratch)  # type: ignore[call-overload]
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE staff SET username = 'officer' WHERE username = 'backup.admin'")
            )
        engine.dispose()

    crafted = _through_scratch(
        url, done.path, tmp_path / "renamed.dump", done.manifest.schema_revision or "", rename
    )
    before = table_fingerprints(url)
    with pytest.raises(backups.BackupProblem) as refused:
        backup_service.restore(admin, crafted, backups_dir)
    assert "an account whose user name no login may have (account " in str(refused.value)
    after = table_fingerprints(url)
    assert after["staff"] == before["staff"]
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as connection:
            granted = connection.execute(
                text(
                    "SELECT count(*) FROM pg_auth_members m "
                    "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member "
                    "WHERE r.rolname = :officers AND g.rolname = :admins"
                ),
                {"officers": f"{prefix}_officer", "admins": f"{prefix}_admin"},
            ).scalar()
    finally:
        engine.dispose()
    assert granted == 0


def test_the_login_function_itself_refuses_a_user_name_no_login_may_have(
    workspace: Workspace, admin: Workspace, url: str
) -> None:
    """Defence in depth behind the restore's check: ``resettle_sync_login`` (run as the owner
    for administrators) never makes or grants a login named like a group role or the gate."""
    _postgres_only(workspace)
    from sqlalchemy.exc import DBAPIError

    setup_roles(workspace.database.uow(), "gate-Pw-123456")
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            staff_id = connection.execute(
                text("UPDATE staff SET username = 'gate' WHERE id = :id RETURNING id"),
                {"id": admin.actor.id},
            ).scalar()
        with engine.connect() as connection, pytest.raises(DBAPIError) as refused:
            connection.execute(text("SELECT resettle_sync_login(:id)"), {"id": staff_id})
        assert "has a user name no login may have" in str(refused.value.orig)
    finally:
        engine.dispose()


def test_the_login_function_never_takes_over_a_role_this_database_did_not_make(
    workspace: Workspace, admin: Workspace, url: str
) -> None:
    """A login of another database whose prefix overlaps ("hq" and "hq_train"), or any
    server login, named as an account's login would be: refused, and left as it was
    (security review rev34b, B1)."""
    _postgres_only(workspace)
    from sqlalchemy.exc import DBAPIError

    prefix = setup_roles(workspace.database.uow(), "gate-Pw-123456").prefix
    other = f"{prefix}_train_boss.admin"
    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(text(f"CREATE ROLE \"{other}\" LOGIN PASSWORD 'Other-pw-1'"))
            staff_id = connection.execute(
                text("UPDATE staff SET username = 'train_boss.admin' WHERE id = :id RETURNING id"),
                {"id": admin.actor.id},
            ).scalar()
        with engine.connect() as connection, pytest.raises(DBAPIError) as refused:
            connection.execute(text("SELECT resettle_sync_login(:id)"), {"id": staff_id})
        assert "would take over a login this database did not make" in str(refused.value.orig)
        with engine.connect() as connection:
            can_login, memberships = connection.execute(
                text(
                    "SELECT r.rolcanlogin, (SELECT count(*) FROM pg_auth_members m "
                    "WHERE m.member = r.oid) FROM pg_roles r WHERE r.rolname = :name"
                ),
                {"name": other},
            ).one()
        assert can_login and memberships == 0
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP ROLE IF EXISTS "{other}"'))
        engine.dispose()


def test_setting_up_roles_names_an_account_no_login_may_have(
    workspace: Workspace, admin: Workspace, url: str
) -> None:
    _postgres_only(workspace)
    from resettle.services.database_logins import AccountNamesNoLoginMayHave

    engine = create_engine(normalise_url(url))
    try:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE staff SET username = 'officer' WHERE id = :id"),
                {"id": admin.actor.id},
            )
    finally:
        engine.dispose()
    with pytest.raises(AccountNamesNoLoginMayHave) as refused:
        setup_roles(workspace.database.uow(), "gate-Pw-123456")
    assert f"(account {admin.actor.id}:" in str(refused.value)


def test_the_login_of_an_account_made_after_the_backup_is_shut_by_the_restore(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path
) -> None:
    """The restore removes the account; the server's login for it must not stay able to
    connect and read (user trial s34: it read the staff table afterwards)."""
    _postgres_only(workspace)
    from resettle.services.database_logins import set_login_password
    from tests.factories import staff_member

    prefix = setup_roles(workspace.database.uow(), "gate-Pw-123456").prefix
    done = backup_service.back_up(admin, backups_dir)
    later = staff_member(workspace, "later.officer")
    with workspace.database.uow() as uow:
        set_login_password(uow, later.id, "Later-officer-pw-2026")
        uow.commit()
    login = f"{prefix}_later.officer"

    def state() -> tuple[bool, list[str]]:
        engine = create_engine(normalise_url(url))
        try:
            with engine.connect() as connection:
                can_login = connection.execute(
                    text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :name"),
                    {"name": login},
                ).scalar_one()
                groups = connection.execute(
                    text(
                        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g "
                        "ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member "
                        "WHERE r.rolname = :name ORDER BY 1"
                    ),
                    {"name": login},
                ).scalars()
                return bool(can_login), [str(group) for group in groups]
        finally:
            engine.dispose()

    assert state() == (True, [f"{prefix}_officer", f"{prefix}_staff"])
    backup_service.restore(admin, done.path, backups_dir)
    assert state() == (False, [f"{prefix}_staff"])  # the staff group: the mark it is ours
