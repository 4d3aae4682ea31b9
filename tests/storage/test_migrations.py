from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from resettle.storage import tables
from resettle.storage.base import Base
from resettle.storage.database import open_database
from resettle.storage.engine import MMAP_BYTES, is_sqlite, normalise_url
from resettle.storage.errors import CorruptDatabase, NewerSchema, NotResettleDatabase
from resettle.storage.migrate import (
    SchemaStatus,
    current_revision,
    head_revision,
    inspect_engine,
    inspect_sqlite_file,
)
from resettle.storage.people_search_index import outside_models
from tests.databases import sqlite_side_files


def test_empty_database_upgrades_to_head_and_matches_models(empty_database_url: str) -> None:
    tables.import_all()
    database = open_database(empty_database_url)
    try:
        assert current_revision(database.engine) == head_revision()
        with database.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": outside_models}
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        database.close()


def test_tables_that_never_reuse_an_id_keep_autoincrement_after_every_migration(
    empty_database_url: str,
) -> None:
    """A batch rebuild of ``people`` on SQLite dropped AUTOINCREMENT (migration 0036, caught
    before release): an erased person's id went to the next person registered."""
    if not is_sqlite(normalise_url(empty_database_url)):
        pytest.skip("AUTOINCREMENT is SQLite's")
    tables.import_all()
    kept = sorted(
        table.name
        for table in Base.metadata.sorted_tables
        if table.dialect_options["sqlite"].get("autoincrement")
    )
    assert "people" in kept
    database = open_database(empty_database_url)
    try:
        with database.engine.connect() as connection:
            for name in kept:
                sql = connection.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
                ).scalar_one()
                assert "AUTOINCREMENT" in sql.upper(), name
    finally:
        database.close()


def test_opening_twice_is_idempotent(empty_database_url: str) -> None:
    open_database(empty_database_url).close()
    database = open_database(empty_database_url)
    assert database.backup_path is None
    database.close()


def test_the_test_template_copy_opens_as_current_without_work(database_url: str) -> None:
    """Every other database test starts from a copy of a template migrated once per session
    (tests/databases.py): it must open as current, with no upgrade and no backup."""
    url = normalise_url(database_url)
    if is_sqlite(url):
        path = Path(url.database or "")
        assert not [side for side in sqlite_side_files(path) if side.exists()]
        assert inspect_sqlite_file(path).status is SchemaStatus.CURRENT
    database = open_database(database_url)
    try:
        assert database.backup_path is None
        assert current_revision(database.engine) == head_revision()
        if database.is_sqlite:
            assert not list(Path(url.database or "").parent.glob("*.backup-*"))
        else:
            assert inspect_engine(database.engine, "test").status is SchemaStatus.CURRENT
    finally:
        database.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def test_text_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("shopping list\n")
    before = _digest(path)
    with pytest.raises(NotResettleDatabase) as caught:
        open_database(_url(path))
    assert str(path) in str(caught.value)
    assert "not an SQLite file" in str(caught.value)
    assert _digest(path) == before


def test_other_applications_sqlite_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    connection.commit()
    connection.close()
    before = _digest(path)
    with pytest.raises(NotResettleDatabase) as caught:
        open_database(_url(path))
    assert "not a Resettle database" in str(caught.value)
    assert _digest(path) == before
    assert not list(tmp_path.glob("*.backup-*"))


def test_newer_schema_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_database(_url(path)).close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    before = _digest(path)
    with pytest.raises(NewerSchema) as caught:
        open_database(_url(path))
    assert "newer version of Resettle" in str(caught.value)
    assert "9999_future" in str(caught.value)
    assert _digest(path) == before


def test_corrupt_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.sqlite3"
    open_database(_url(path)).close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size, len(data), 7):  # scribble over every page after the first
        data[offset] = 0xA5
    path.write_bytes(bytes(data))
    before = _digest(path)
    with pytest.raises((CorruptDatabase, NotResettleDatabase)) as caught:
        open_database(_url(path))
    assert str(path) in str(caught.value)
    assert _digest(path) == before


def test_sqlite_connections_use_wal_foreign_keys_and_full_sync(tmp_path: Path) -> None:
    database = open_database(_url(tmp_path / "pragmas.sqlite3"))
    try:
        with database.engine.connect() as connection:

            def pragma(name: str) -> object:
                return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

            assert pragma("journal_mode") == "wal"
            assert pragma("foreign_keys") == 1
            assert pragma("synchronous") == 2  # FULL
            assert pragma("busy_timeout") == 10_000
            assert pragma("mmap_size") == MMAP_BYTES  # read through mapped pages
    finally:
        database.close()


def test_quick_revision_reading_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    from resettle.storage.migrate import _known_revisions, alembic_config

    scripts = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == scripts.get_current_head()
    assert _known_revisions() == {rev.revision for rev in scripts.walk_revisions()}


def test_caseload_order_index_exists_after_migration(empty_database_url: str) -> None:
    """Autogenerate cannot compare expression indexes, so check this one by name."""
    from sqlalchemy import inspect

    database = open_database(empty_database_url)
    try:
        with database.engine.connect() as connection:
            if database.is_sqlite:
                names = set(
                    connection.exec_driver_sql(
                        "SELECT name FROM sqlite_master WHERE type = 'index'"
                    ).scalars()
                )
            else:
                names = {index["name"] for index in inspect(connection).get_indexes("people")}
                names |= set(
                    connection.exec_driver_sql(
                        "SELECT indexname FROM pg_indexes WHERE tablename = 'people'"
                    ).scalars()
                )
        assert "ix_people_release_order" in names
    finally:
        database.close()


def test_upgrade_from_an_older_schema_backs_up_first_and_keeps_data(tmp_path: Path) -> None:
    from alembic import command

    from resettle.storage.engine import build_engine, normalise_url
    from resettle.storage.migrate import alembic_config

    path = tmp_path / "old.sqlite3"
    engine = build_engine(normalise_url(_url(path)))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO people (version, prison_number, crn, given_name, family_name, sort_name,"
            " search_text, date_of_birth, sex, gender, preferred_language, interpreter_needed,"
            " learning_disability, learning_notes, sexual_offence, created_at, updated_at)"
            " VALUES (1, 'A1234BC', 'X123456', 'Zoë', 'Ní Bhriain', 'ni bhriain zoe', 'zoe',"
            " '1990-05-17', 'female', '', 'English', 0, 0, '', 0,"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    engine.dispose()

    database = open_database(_url(path))
    try:
        assert database.backup_path is not None and database.backup_path.exists()
        assert current_revision(database.engine) == head_revision()
        backup = sqlite3.connect(database.backup_path)
        assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert backup.execute("SELECT given_name FROM people").fetchone() == ("Zoë",)
        backup.close()
        with database.engine.connect() as connection:
            row = connection.exec_driver_sql(
                "SELECT given_name, open_critical_essentials FROM people"
            ).one()
            assert tuple(row) == ("Zoë", 5)  # 0007: no essential recorded, all ten still to do
            catalogue = connection.exec_driver_sql(
                "SELECT count(*) FROM support_need_catalogue"
            ).scalar()
            assert catalogue and catalogue > 50
    finally:
        database.close()
