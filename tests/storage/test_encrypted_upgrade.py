"""An encrypted database due an upgrade is backed up encrypted (same key, same salt) before
the migrations run, and the upgrade runs inside the encrypted file."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import make_url

from resettle.storage.cipher import file_header
from resettle.storage.database import open_database
from resettle.storage.engine import build_engine, sqlite_url
from resettle.storage.key_slots import KeyFile, key_file_path, new_cipher_key, write_key_file
from resettle.storage.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    migration_connection,
)

MARKER = "Quillfeather-Marker-5521"


def test_the_copy_before_an_upgrade_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "resettle.sqlite3"
    cipher = new_cipher_key()
    write_key_file(key_file_path(path), KeyFile(salt=cipher.salt))
    engine = build_engine(make_url(sqlite_url(path)), cipher=cipher)
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0013")
        connection.execute(
            text("INSERT INTO resettle_meta (key, value) VALUES ('marker', :value)"),
            {"value": MARKER},
        )
    engine.dispose()

    database = open_database(sqlite_url(path), cipher=cipher)
    try:
        assert current_revision(database.engine) == head_revision()
        backup = database.backup_path
        assert backup is not None
        assert file_header(backup) == cipher.salt == file_header(path)
        assert MARKER.encode() not in backup.read_bytes()
        assert MARKER.encode() not in path.read_bytes()
    finally:
        database.close()
