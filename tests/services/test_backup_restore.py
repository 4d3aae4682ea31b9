"""Backup and restore of the whole database (``services/backup.py``), on SQLite and, when the
suite runs one, PostgreSQL: the restore drill (backup, changes, restore, then every table's
row count and content hash as at the backup's moment), and every refusal leaving the current
database as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services import backup as backup_service
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.storage import backups, postgres_dump
from resettle.storage.database import open_database
from resettle.storage.engine import normalise_url, sqlite_url
from resettle.storage.errors import NewerSchema
from resettle.storage.migrate import head_revision
from tests.factories import another_person, staff_member

#: Rows the restore itself adds after the backup's moment: its audit row, and the chain head
#: that moves with it (checked on their own).
AUDIT_TABLES = {"audit_log", "audit_head"}


def table_fingerprints(workspace_or_url: Workspace | str) -> dict[str, tuple[int, str]]:
    """Every table's row count and a SHA-256 of its rows (in a fixed order)."""
    url = (
        workspace_or_url
        if isinstance(workspace_or_url, str)
        else workspace_or_url.database.url.render_as_string(hide_password=False)
    )
    database = open_database(url, migrate=False)
    try:
        with database.engine.connect() as connection:
            names = sorted(inspect(connection).get_table_names())
            found = {}
            for name in names:
                rows = connection.execute(text(f'SELECT * FROM "{name}"')).fetchall()
                lines = sorted(repr(tuple(row)) for row in rows)
                digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
                found[name] = (len(rows), digest)
            return found
    finally:
        database.close()


def audit_actions(url: str) -> list[str]:
    database = open_database(url, migrate=False)
    try:
        with database.engine.connect() as connection:
            return list(
                connection.execute(text("SELECT action FROM audit_log ORDER BY seq")).scalars()
            )
    finally:
        database.close()


@pytest.fixture
def admin(workspace: Workspace) -> Workspace:
    """The test database with an administrator acting (shares ``workspace``'s database)."""
    actor = staff_member(workspace, "backup.admin", Role.ADMIN)
    return Workspace(database=workspace.database, actor=actor)


@pytest.fixture
def url(workspace: Workspace) -> str:
    return workspace.database.url.render_as_string(hide_password=False)


@pytest.fixture
def backups_dir(tmp_path: Path) -> Path:
    return tmp_path / "data" / "backups"


def _reopen(url: str, workspace: Workspace) -> Iterator[Workspace]:
    database = open_database(url)
    yield Workspace(database=database, actor=workspace.actor)
    database.close()


def test_restore_drill_brings_back_every_table_as_at_the_backup(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path
) -> None:
    workspace.run(register_person, another_person(1))
    done = backup_service.back_up(admin, backups_dir)
    at_backup = table_fingerprints(url)
    assert done.path.parent == backups_dir and done.manifest.schema_revision == head_revision()
    assert backups.manifest_path(done.path).exists()
    if os.name == "posix":
        assert backups_dir.stat().st_mode & 0o777 == 0o700
        assert done.path.stat().st_mode & 0o777 == 0o600
        assert backups.manifest_path(done.path).stat().st_mode & 0o777 == 0o600

    workspace.run(register_person, another_person(2))
    workspace.run(register_person, another_person(3))
    changed = table_fingerprints(url)
    assert changed["people"][0] == at_backup["people"][0] + 2

    restored = backup_service.restore(admin, done.path, backups_dir)
    assert not restored.upgraded and restored.revision == head_revision()
    after = table_fingerprints(url)
    assert set(after) == set(at_backup)
    for name in set(at_backup) - AUDIT_TABLES:
        assert after[name] == at_backup[name], name
    # The audit trail as at the backup, and one row more: the restore's, in the restored data.
    assert after["audit_log"][0] == at_backup["audit_log"][0] + 1
    actions = audit_actions(url)
    assert actions[-2:] == ["database.backed_up", "database.restored"]
    # The database as it was just before the restore is kept as a backup of its own.
    assert table_fingerprints_of_backup(restored.previous, url)["people"] == changed["people"]


def table_fingerprints_of_backup(path: Path, url: str) -> dict[str, tuple[int, str]]:
    """The fingerprints of a backup file (SQLite), or of a dump's people (PostgreSQL)."""
    if url.startswith("sqlite"):
        return table_fingerprints(sqlite_url(path))
    assert not postgres_dump.dump_problems(path)
    return _dump_people(path, url)


def _dump_people(path: Path, url: str) -> dict[str, tuple[int, str]]:
    """A dump's people rows, restored into a scratch database of the same server."""
    from sqlalchemy import create_engine

    from resettle.storage.engine import normalise_url

    parsed = normalise_url(url)
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    scratch = f"{parsed.database}_scratch"
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
        connection.execute(text(f'CREATE DATABASE "{scratch}"'))
    try:
        postgres_dump.restore_postgres(parsed.set(database=scratch), path)
        return {
            "people": table_fingerprints(
                parsed.set(database=scratch).render_as_string(hide_password=False)
            )["people"]
        }
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        server.dispose()


def test_only_an_administrator_backs_up_or_restores(
    workspace: Workspace, admin: Workspace, backups_dir: Path
) -> None:
    with pytest.raises(PermissionDenied):
        backup_service.back_up(workspace, backups_dir)
    assert not backups_dir.exists()
    done = backup_service.back_up(admin, backups_dir)
    with pytest.raises(PermissionDenied):
        backup_service.restore(workspace, done.path, backups_dir)


def _rewrite_manifest(path: Path, revision: str | None = None) -> None:
    """The manifest made again for the file as it is now (a checksum that matches; the
    schema ``revision`` it now holds, when given)."""
    old = backups.read_manifest(path)
    fresh = backups.make_manifest(
        path,
        backend=old.backend,
        revision=revision or old.schema_revision,
        version=old.resettle_version,
        encrypted=old.encrypted,
        now=old.created,
    )
    backups.manifest_path(path).unlink()
    backups.write_manifest(path, fresh)


def _sqlite_only(workspace: Workspace) -> None:
    if not workspace.database.is_sqlite:
        pytest.skip("an SQLite backup file")


def test_a_checksum_mismatch_is_refused_before_anything_changes(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path
) -> None:
    done = backup_service.back_up(admin, backups_dir)
    workspace.run(register_person, another_person(4))
    before = table_fingerprints(url)
    with done.path.open("r+b") as handle:
        handle.seek(done.path.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, os.SEEK_CUR)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(backups.ChecksumMismatch, match="does not match its manifest"):
        backup_service.restore(admin, done.path, backups_dir)
    assert table_fingerprints(url) == before


def test_a_backup_without_a_manifest_is_refused(
    admin: Workspace, url: str, backups_dir: Path
) -> None:
    done = backup_service.back_up(admin, backups_dir)
    backups.manifest_path(done.path).unlink()
    before = table_fingerprints(url)
    with pytest.raises(backups.BackupProblem, match="has no manifest"):
        backup_service.restore(admin, done.path, backups_dir)
    assert table_fingerprints(url) == before


def test_a_corrupt_backup_is_refused_before_anything_changes(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path
) -> None:
    for number in range(5, 25):
        workspace.run(register_person, another_person(number))
    done = backup_service.back_up(admin, backups_dir)
    size = done.path.stat().st_size
    with done.path.open("r+b") as handle:  # damage the pages after the first few
        handle.seek(size // 2)
        handle.write(b"\x00\xff" * 2048)
    _rewrite_manifest(done.path)  # a matching checksum: the content check must find it
    before = table_fingerprints(url)
    with pytest.raises(backups.BackupProblem, match="is damaged"):
        backup_service.restore(admin, done.path, backups_dir)
    assert table_fingerprints(url) == before
    leftovers = [p.name for p in Path(done.path).parent.iterdir() if "restoring" in p.name]
    assert leftovers == []


def test_a_backup_of_a_newer_schema_is_refused(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path
) -> None:
    _sqlite_only(workspace)
    done = backup_service.back_up(admin, backups_dir)
    connection = sqlite3.connect(done.path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    _rewrite_manifest(done.path)
    before = table_fingerprints(url)
    with pytest.raises(NewerSchema, match="newer version of Resettle"):
        backup_service.restore(admin, done.path, backups_dir)
    assert table_fingerprints(url) == before


def test_a_dump_of_a_newer_schema_is_refused(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path, tmp_path: Path
) -> None:
    if workspace.database.is_sqlite:
        pytest.skip("a PostgreSQL dump")
    with workspace.database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    newer = postgres_dump.dump_postgres(workspace.database.url, tmp_path / "newer.dump")
    backups.write_manifest(
        newer,
        backups.make_manifest(
            newer,
            backend="postgresql",
            revision="9999",
            version="9.0",
            encrypted=False,
            now=dt.datetime.now(dt.UTC),
        ),
    )
    with workspace.database.engine.begin() as connection:
        connection.execute(
            text("UPDATE alembic_version SET version_num = :head"), {"head": head_revision()}
        )
    assert postgres_dump.dump_revision(newer) == "9999"
    before = table_fingerprints(url)
    with pytest.raises(NewerSchema, match="newer version of Resettle"):
        backup_service.restore(admin, newer, backups_dir)
    assert table_fingerprints(url) == before


def test_a_manifest_naming_another_schema_than_the_dump_is_refused(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path
) -> None:
    done = backup_service.back_up(admin, backups_dir)
    data = json.loads(backups.manifest_path(done.path).read_text())
    data["schema_revision"] = "0035"
    backups.manifest_path(done.path).write_text(json.dumps(data))
    before = table_fingerprints(url)
    with pytest.raises(backups.BackupProblem, match="not 0035 as its manifest says"):
        backup_service.restore(admin, done.path, backups_dir)
    assert table_fingerprints(url) == before


def test_an_older_backup_is_restored_then_upgraded(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path
) -> None:
    _sqlite_only(workspace)
    from tests.storage.migration_steps import migration_steps

    workspace.run(register_person, another_person(30))
    done = backup_service.back_up(admin, backups_dir)
    with migration_steps(sqlite_url(done.path)) as (_engine, migrate):
        migrate("0035", down=True)
    connection = sqlite3.connect(done.path)
    connection.execute("PRAGMA journal_mode = DELETE").fetchall()
    connection.close()
    _rewrite_manifest(done.path, "0035")
    restored = backup_service.restore(admin, done.path, backups_dir)
    assert restored.upgraded and restored.backup_revision == "0035"
    assert restored.revision == head_revision()
    assert audit_actions(url)[-1] == "database.restored"


def test_a_failure_midway_puts_the_current_database_back(
    workspace: Workspace,
    admin: Workspace,
    url: str,
    backups_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    done = backup_service.back_up(admin, backups_dir)
    workspace.run(register_person, another_person(40))
    before = table_fingerprints(url)

    def fails(*_args: object, **_kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_service, "_open_and_audit", fails)
    with pytest.raises(OSError, match="No space left"):
        backup_service.restore(admin, done.path, backups_dir)
    after = table_fingerprints(url)
    assert {k: v for k, v in after.items() if k not in AUDIT_TABLES} == {
        k: v for k, v in before.items() if k not in AUDIT_TABLES
    }
    # The attempt is on record in the database put back: who began it.
    assert after["audit_log"][0] == before["audit_log"][0] + 1
    assert audit_actions(url)[-1] == "database.restore_started"
    if workspace.database.is_sqlite:
        folder = Path(workspace.database.url.database or "").parent
        assert not [
            p for p in folder.iterdir() if "before-restore" in p.name or "restoring" in p.name
        ]


def test_restore_is_refused_while_another_program_has_the_file_open(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path
) -> None:
    _sqlite_only(workspace)
    done = backup_service.back_up(admin, backups_dir)
    workspace.run(register_person, another_person(50))
    before = table_fingerprints(url)
    other = sqlite3.connect(workspace.database.url.database or "")
    try:
        other.execute("SELECT count(*) FROM people").fetchall()  # WAL: its -shm stays
        with pytest.raises(backups.DatabaseInUse, match="open in another program"):
            backup_service.restore(admin, done.path, backups_dir)
    finally:
        other.close()
    assert table_fingerprints(url) == before


def test_backup_to_a_named_file_never_overwrites_and_is_never_rotated(
    admin: Workspace, backups_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mine.backup"
    done = backup_service.back_up(admin, backups_dir, out=out, keep=1)
    assert done.path == out and backups.read_manifest(out).sha256 == backups.sha256_of(out)
    with pytest.raises(backups.BackupProblem, match="already exists"):
        backup_service.back_up(admin, backups_dir, out=out)
    backup_service.back_up(admin, backups_dir, keep=1)
    backup_service.back_up(admin, backups_dir, keep=1)
    assert out.exists()
    assert len([p for p in backups_dir.iterdir() if backups.OWN_BACKUP.match(p.name)]) == 1


def test_only_the_checked_staging_copy_is_restored(
    workspace: Workspace,
    admin: Workspace,
    url: str,
    backups_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The user's file changes after it was copied: the copy (checked) is what is restored;
    a file changed before the copy is refused, as its copy fails the checksum."""
    good = backup_service.back_up(admin, backups_dir, out=tmp_path / "good.dump")
    workspace.run(register_person, another_person(60))
    other = backup_service.back_up(admin, backups_dir, out=tmp_path / "other.dump")
    before = table_fingerprints(url)
    original = backups.staging_copy

    def changed_before_copy(source: Path, folder: Path) -> object:
        source.write_bytes(other.path.read_bytes())
        return original(source, folder)

    monkeypatch.setattr(backups, "staging_copy", changed_before_copy)
    with pytest.raises(backups.ChecksumMismatch, match=r"good\.dump does not match"):
        backup_service.restore(admin, good.path, backups_dir)
    assert table_fingerprints(url) == before


def test_a_restore_names_who_began_it_in_the_database_kept_aside(
    workspace: Workspace,
    admin: Workspace,
    url: str,
    backups_dir: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    done = backup_service.back_up(admin, backups_dir)
    newer = Workspace(
        database=workspace.database, actor=staff_member(workspace, "new.admin", Role.ADMIN)
    )
    with caplog.at_level("INFO", logger="resettle.services.backup"):
        restored = backup_service.restore(newer, done.path, backups_dir)
    messages = [record.getMessage() for record in caplog.records]
    assert any(f"restore started by account {newer.actor.id}" in m for m in messages)
    assert any(f"restored by account {newer.actor.id}" in m for m in messages)
    assert "new.admin" not in " ".join(messages)
    if workspace.database.is_sqlite:
        kept = sqlite_url(restored.previous)
        database = open_database(kept, migrate=False)
        try:
            with database.engine.connect() as connection:
                row = connection.execute(
                    text("SELECT action, actor_id, details FROM audit_log ORDER BY seq DESC")
                ).first()
        finally:
            database.close()
        assert row is not None
        assert (row[0], row[1]) == ("database.restore_started", newer.actor.id)
        details = row[2] if isinstance(row[2], dict) else json.loads(row[2])
        assert details == {"backend": "sqlite", "backup_schema": head_revision()}


def _postgres_only(workspace: Workspace) -> None:
    if workspace.database.is_sqlite:
        pytest.skip("PostgreSQL: pg_dump and pg_restore")


def _whole_restore(url: Any, dump: Path) -> None:
    """Every entry of ``dump`` (its grants, policies and functions too) into the empty
    database ``url``, by plain ``pg_restore`` as its superuser: as someone changing a backup
    by hand would."""
    import subprocess

    subprocess.run(
        [
            postgres_dump.postgres_tool("pg_restore"),
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={url.set(drivername='postgresql').render_as_string(hide_password=False)}",
            str(dump),
        ],
        check=True,
        capture_output=True,
    )


def _through_scratch(url: str, dump: Path, target: Path, revision: str, change: Any) -> Path:
    """``dump`` restored into a scratch database, ``change``d there (a connection URL given),
    dumped again into ``target`` with a manifest of ``revision`` (as anyone who can write the
    backup's folder can make one)."""
    parsed = normalise_url(url)
    server = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    scratch = f"{parsed.database}_scratch"
    try:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}"'))
            connection.execute(text(f'CREATE DATABASE "{scratch}"'))
        scratch_url = parsed.set(database=scratch)
        _whole_restore(scratch_url, dump)
        change(scratch_url)
        postgres_dump.dump_postgres(scratch_url, target)
        backups.write_manifest(
            target,
            backups.make_manifest(
                target,
                backend="postgresql",
                revision=revision,
                version="0",
                encrypted=False,
                now=dt.datetime.now(dt.UTC),
            ),
        )
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    finally:
        server.dispose()
    return target


def test_a_dump_of_an_older_schema_is_restored_then_upgraded(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path, tmp_path: Path
) -> None:
    _postgres_only(workspace)
    from tests.storage.migration_steps import migration_steps

    workspace.run(register_person, another_person(70))
    done = backup_service.back_up(admin, backups_dir)
    at_backup = table_fingerprints(url)

    def downgrade(scratch: Any) -> None:
        with migration_steps(scratch.render_as_string(hide_password=False)) as (_e, migrate):
            migrate("0035", down=True)

    older = _through_scratch(url, done.path, tmp_path / "older.dump", "0035", downgrade)
    workspace.run(register_person, another_person(71))
    restored = backup_service.restore(admin, older, backups_dir)
    assert restored.upgraded and restored.backup_revision == "0035"
    assert restored.revision == head_revision()
    after = table_fingerprints(url)
    assert after["people"] == at_backup["people"]
    assert audit_actions(url)[-1] == "database.restored"


def _policy_of_people(url: str) -> str:
    database = open_database(url, migrate=False)
    try:
        with database.engine.connect() as connection:
            return str(
                connection.execute(
                    text(
                        "SELECT qual FROM pg_policies WHERE schemaname = 'public' "
                        "AND tablename = 'people' AND policyname = 'resettle_read'"
                    )
                ).scalar_one()
            )
    finally:
        database.close()


@pytest.mark.parametrize("set_up_now", [True, False], ids=["roles-now", "roles-in-backup"])
def test_a_dump_with_weakened_row_security_gets_this_versions_back(
    workspace: Workspace,
    admin: Workspace,
    url: str,
    backups_dir: Path,
    tmp_path: Path,
    set_up_now: bool,
) -> None:
    """Roles set up in the current database: this version's security is applied again.
    Set up only (as it says) in the backup: the backup's word is never taken for whose
    logins these are (its prefix could name another database's on the same server), so none
    is applied, the prefix is removed and the restore says the owner sets roles up."""
    _postgres_only(workspace)
    from resettle.services.database_logins import setup_roles

    setup_roles(workspace.database.uow(), "gate-Pw-123456")
    genuine = _policy_of_people(url)
    assert genuine != "true"
    done = backup_service.back_up(admin, backups_dir)

    def weaken(scratch: Any) -> None:
        engine = create_engine(scratch)
        with engine.begin() as connection:
            connection.execute(text('ALTER POLICY "resettle_read" ON people USING (true)'))
            connection.execute(
                text("CREATE POLICY added_by_backup ON people FOR SELECT USING (true)")
            )
        engine.dispose()

    weakened = _through_scratch(
        url, done.path, tmp_path / "weak.dump", done.manifest.schema_revision or "", weaken
    )
    if not set_up_now:
        engine = create_engine(normalise_url(url))
        with engine.begin() as connection:
            connection.execute(text("DROP FUNCTION resettle_role_prefix() CASCADE"))
        engine.dispose()
        with workspace.database.uow() as uow:
            from resettle.services.database_logins import roles_prefix

            assert roles_prefix(uow) is None
    restored = backup_service.restore(admin, weakened, backups_dir)
    assert restored.roles_to_set_up is not set_up_now
    database = open_database(url, migrate=False)
    try:
        with database.engine.connect() as connection:
            names = list(
                connection.execute(
                    text("SELECT policyname FROM pg_policies WHERE tablename = 'people'")
                ).scalars()
            )
            prefix_rows = connection.execute(
                text("SELECT count(*) FROM resettle_meta WHERE key = 'postgres_role_prefix'")
            ).scalar()
    finally:
        database.close()
    assert "added_by_backup" not in names
    if set_up_now:
        assert _policy_of_people(url) == genuine
    else:
        assert names == [] and prefix_rows == 0  # fails closed: the owner sets roles up


def _manifest_bytes(path: Path, data: bytes) -> None:
    backups.manifest_path(path).write_bytes(data)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"[" * 60_000, "is nested more than"),
        (b'{"backend": "sqlite\xff"}', "is not UTF-8 text (byte 20, line 1)"),
        (b"{" * 3 + b"x" * (70 * 1024), "is larger than 64 KB"),
    ],
    ids=["deep", "not-utf8", "large"],
)
def test_a_hostile_manifest_is_refused_in_one_line_naming_it(
    admin: Workspace, url: str, backups_dir: Path, content: bytes, said: str
) -> None:
    done = backup_service.back_up(admin, backups_dir)
    _manifest_bytes(done.path, content)
    before = table_fingerprints(url)
    with pytest.raises(backups.BackupProblem) as refused:
        backup_service.restore(admin, done.path, backups_dir)
    message = str(refused.value)
    assert said in message and str(backups.manifest_path(done.path)) in message
    assert "\n" not in message and "codec" not in message
    assert table_fingerprints(url) == before


def test_what_is_given_as_the_backup_is_named_when_it_is_not_one(
    admin: Workspace, url: str, backups_dir: Path, tmp_path: Path
) -> None:
    from resettle.storage import backup_files

    done = backup_service.back_up(admin, backups_dir)
    before = table_fingerprints(url)
    missing = tmp_path / "nothere.sqlite3"
    with pytest.raises(backup_files.NoSuchBackup, match=r"nothere\.sqlite3: no such file"):
        backup_service.restore(admin, missing, backups_dir)
    with pytest.raises(backup_files.BackupIsFolder, match="is a folder"):
        backup_service.restore(admin, backups_dir, backups_dir)
    manifest = backups.manifest_path(done.path)
    with pytest.raises(backup_files.BackupIsManifest) as given:
        backup_service.restore(admin, manifest, backups_dir)
    assert f"give the backup file beside it ({done.path.name})" in str(given.value)
    assert "manifest.json.manifest.json" not in str(given.value)
    renamed = done.path.with_name("renamed" + done.path.suffix)
    done.path.rename(renamed)
    manifest.rename(backups.manifest_path(renamed))
    with pytest.raises(backup_files.ManifestForAnotherFile) as other:
        backup_service.restore(admin, renamed, backups_dir)
    assert done.path.name in str(other.value) and renamed.name in str(other.value)
    assert table_fingerprints(url) == before


def test_preview_says_when_the_backup_was_made_and_checks_it_first(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path
) -> None:
    from resettle.services.backup_preview import preview_restore

    made = dt.datetime(2026, 3, 25, 10, 15, tzinfo=dt.UTC)
    done = backup_service.back_up(admin, backups_dir, now=made)
    preview = preview_restore(admin, done.path)
    assert preview.made_at == made and preview.made_at.tzinfo is not None
    assert preview.schema_revision == head_revision()
    with pytest.raises(PermissionDenied):
        preview_restore(workspace, done.path)
    with done.path.open("ab") as handle:
        handle.write(b"changed")
    with pytest.raises(backups.ChecksumMismatch):
        preview_restore(admin, done.path)


def test_a_restore_rotates_nothing_and_its_kept_copy_outlives_rotation(
    admin: Workspace, url: str, backups_dir: Path
) -> None:
    first = backup_service.back_up(admin, backups_dir, keep=5)
    backup_service.back_up(admin, backups_dir, keep=5)
    done = backup_service.restore(admin, first.path, backups_dir, keep=1)
    own = [p for p in backups_dir.iterdir() if backups.OWN_BACKUP.match(p.name)]
    assert len(own) == 2  # nothing removed by the restore
    assert "before-restore" in done.previous.name and done.previous.exists()
    database = open_database(url)
    try:
        again = Workspace(database=database, actor=admin.actor)
        assert len(backup_service.back_up(again, backups_dir, keep=1).removed) == 2
    finally:
        database.close()
    assert done.previous.exists() and backups.manifest_path(done.previous).exists()


def test_a_backup_on_a_full_disk_says_so_and_leaves_nothing(
    admin: Workspace, backups_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resettle.storage import backup_files

    if not admin.database.is_sqlite:
        pytest.skip("SQLite's own limit stands in for a full disk")
    out = tmp_path / "full" / "copy.sqlite3"
    out.parent.mkdir()
    real_connect = sqlite3.connect

    def tiny_disk(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        connection = real_connect(database, *args, **kwargs)  # type: ignore[arg-type]
        if str(database) == str(out):  # the new copy may hold two pages: SQLITE_FULL
            connection.execute("PRAGMA max_page_count = 2").fetchall()
        return connection

    monkeypatch.setattr(backups.sqlite3, "connect", tiny_disk)
    with pytest.raises(backup_files.BackupDiskFull) as full:
        backup_service.back_up(admin, backups_dir, out=out)
    assert f"The disk that holds {out.parent} is full" in str(full.value)
    assert list(out.parent.iterdir()) == []


def _tamper(scratch: Any) -> None:
    """What someone changing a dump by hand adds under names of their own: a function, a
    grant to PUBLIC, a policy, a trigger and a default privilege."""
    engine = create_engine(scratch)
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE FUNCTION public.tampered_reader() RETURNS bigint LANGUAGE sql "
                "SECURITY DEFINER AS $$ SELECT count(*) FROM people $$"
            )
        )
        connection.execute(text("GRANT SELECT ON people, case_notes TO PUBLIC"))
        connection.execute(text("GRANT EXECUTE ON FUNCTION public.tampered_reader() TO PUBLIC"))
        connection.execute(text("ALTER TABLE people ENABLE ROW LEVEL SECURITY"))
        connection.execute(
            text("CREATE POLICY tampered_policy ON people FOR SELECT TO PUBLIC USING (true)")
        )
        connection.execute(
            text(
                "CREATE FUNCTION public.tampered_trigger() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN RETURN NEW; END $$"
            )
        )
        connection.execute(
            text(
                "CREATE TRIGGER tampered_trigger BEFORE INSERT ON people "
                "FOR EACH ROW EXECUTE FUNCTION public.tampered_trigger()"
            )
        )
        connection.execute(
            text("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC")
        )
    engine.dispose()


def scalars_of(url: str, queries: dict[str, str]) -> dict[str, Any]:
    """Each query's one value, read from the database ``url``, under the query's name."""
    database = open_database(url, migrate=False)
    try:
        with database.engine.connect() as connection:
            return {name: connection.execute(text(sql)).scalar() for name, sql in queries.items()}
    finally:
        database.close()


def _security_of(url: str) -> dict[str, Any]:
    return scalars_of(
        url,
        {
            "functions": "SELECT count(*) FROM pg_proc WHERE proname LIKE 'tampered%'",
            "policies": "SELECT count(*) FROM pg_policies WHERE policyname LIKE 'tampered%'",
            "triggers": "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'tampered%'",
            "public_reads_people": "SELECT has_table_privilege('public', 'people', 'SELECT')",
            "public_reads_notes": "SELECT has_table_privilege('public', 'case_notes', 'SELECT')",
            "default_grants": "SELECT count(*) FROM pg_default_acl "
            "WHERE defaclnamespace = 'public'::regnamespace",
        },
    )


UNTOUCHED = {
    "functions": 0,
    "policies": 0,
    "triggers": 0,
    "public_reads_people": False,
    "public_reads_notes": False,
    "default_grants": 0,
}


def backed_up_postgres(
    workspace: Workspace, admin: Workspace, url: str, backups_dir: Path, roles: bool, person: int
) -> tuple[backup_service.BackupDone, dict[str, tuple[int, str]]]:
    """On PostgreSQL only (skips on SQLite): roles set up when ``roles``, one more person
    registered, then a backup; the backup and every table's fingerprint at its moment."""
    _postgres_only(workspace)
    from resettle.services.database_logins import setup_roles

    if roles:
        setup_roles(workspace.database.uow(), "gate-Pw-123456")
    workspace.run(register_person, another_person(person))
    done = backup_service.back_up(admin, backups_dir)
    return done, table_fingerprints(url)


@pytest.mark.parametrize("roles", [True, False], ids=["roles-set-up", "no-roles"])
def test_a_tampered_dumps_functions_grants_and_policies_are_never_restored(
    workspace: Workspace,
    admin: Workspace,
    url: str,
    backups_dir: Path,
    tmp_path: Path,
    roles: bool,
) -> None:
    done, at_backup = backed_up_postgres(workspace, admin, url, backups_dir, roles, person=90)
    tampered = _through_scratch(
        url, done.path, tmp_path / "tampered.dump", done.manifest.schema_revision or "", _tamper
    )
    assert "tampered" in subprocess_listing(tampered)  # the dump holds them ...
    workspace.run(register_person, another_person(91))
    backup_service.restore(admin, tampered, backups_dir)
    assert _security_of(url) == UNTOUCHED  # ... and the restore brings none of them
    assert table_fingerprints(url)["people"] == at_backup["people"]
    if roles:
        assert _policy_of_people(url) != "true"


def subprocess_listing(dump: Path) -> str:
    import subprocess

    return subprocess.run(
        [postgres_dump.postgres_tool("pg_restore"), "--list", str(dump)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.mark.parametrize(
    ("added", "said"),
    [
        (
            "CREATE TABLE smuggled (id integer PRIMARY KEY); INSERT INTO smuggled VALUES (1)",
            "holds rows for a table Resettle's schema has not (smuggled)",
        ),
        (
            "ALTER TABLE people ADD COLUMN smuggled text",
            "holds rows of table people with a column its schema has not (smuggled)",
        ),
    ],
    ids=["table", "column"],
)
def test_a_dump_with_a_table_or_column_resettle_has_not_is_refused_and_nothing_changes(
    workspace: Workspace,
    admin: Workspace,
    url: str,
    backups_dir: Path,
    tmp_path: Path,
    added: str,
    said: str,
) -> None:
    _postgres_only(workspace)
    from resettle.services.database_logins import setup_roles

    setup_roles(workspace.database.uow(), "gate-Pw-123456")
    genuine = _policy_of_people(url)
    done = backup_service.back_up(admin, backups_dir)

    def add(scratch: Any) -> None:
        engine = create_engine(scratch)
        with engine.begin() as connection:
            for statement in added.split("; "):
                connection.execute(text(statement))
        engine.dispose()

    extra = _through_scratch(
        url, done.path, tmp_path / "extra.dump", done.manifest.schema_revision or "", add
    )
    workspace.run(register_person, another_person(92))
    before = table_fingerprints(url)
    with pytest.raises(backups.BackupProblem) as refused:
        backup_service.restore(admin, extra, backups_dir)
    assert said in str(refused.value)
    after = table_fingerprints(url)
    assert set(after) == set(before)
    for name in set(before) - AUDIT_TABLES:
        assert after[name] == before[name], name
    assert _policy_of_people(url) == genuine  # one transaction rolled back: its security too


def test_a_schema_revision_the_terminal_would_act_on_is_never_shown() -> None:
    with pytest.raises(NewerSchema) as refused:
        backup_service._refuse_newer(Path("crafted.dump"), "\x1b]0;owned\x07\x1b[2K")
    message = str(refused.value)
    assert "(schema text it cannot show;" in message and "\x1b" not in message


def test_a_file_that_is_not_resettles_is_named_as_given_not_as_its_staging_copy(
    workspace: Workspace, admin: Workspace, backups_dir: Path, tmp_path: Path
) -> None:
    if not workspace.database.is_sqlite:
        pytest.skip("an SQLite backup file")
    other = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE notes (id integer PRIMARY KEY, body text)")
    connection.commit()
    connection.close()
    backups.write_manifest(
        other,
        backups.make_manifest(
            other,
            backend="sqlite",
            revision=head_revision(),
            version="0",
            encrypted=False,
            now=dt.datetime.now(dt.UTC),
        ),
    )
    with pytest.raises(backups.BackupProblem) as refused:
        backup_service.restore(admin, other, backups_dir)
    assert str(refused.value) == (
        f"The backup {other} is not a Resettle database. Nothing was restored."
    )
