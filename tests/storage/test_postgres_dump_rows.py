"""The strict reading of a dump's rows (``storage/postgres_dump_rows.py``): what ``pg_restore
--data-only`` writes is read a line at a time and never run as SQL. Rows go in through a COPY
of this module's own; anything else a hand-made archive could carry is refused, naming its
line or table and never a value, and (the caller's transaction rolled back) nothing changed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from resettle.storage.backups import BackupProblem
from resettle.storage.postgres_dump_rows import (
    empty_every_table,
    foreign_keys_set_aside,
    load_rows,
)
from tests.databases import PostgresServer

pytestmark = pytest.mark.skipif(
    not os.environ.get("RESETTLE_TEST_DATABASE_URL"), reason="needs a PostgreSQL server"
)

HEADER = (
    "--\n-- PostgreSQL database dump\n--\n\n\\restrict Abc123\n\n"
    "SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n"
    "SET standard_conforming_strings = on;\n"
    "SELECT pg_catalog.set_config('search_path', '', false);\n"
    "SET row_security = off;\n\n"
)
META = (
    "--\n-- Data for Name: resettle_meta; Type: TABLE DATA; Schema: public; Owner: x\n--\n\n"
    "COPY public.resettle_meta (key, value) FROM stdin;\n"
    "application\tresettle\n"
    "said\tDROP TABLE people; CREATE SCHEMA evil; -- only words\n"
    "\\.\n\n"
)
END = "\\unrestrict Abc123\n"


@pytest.fixture
def database(postgres_server: PostgresServer, postgres_template: str) -> Iterator[str]:
    name = postgres_server.create("resettle_rows", postgres_template)
    yield postgres_server.url(name)
    postgres_server.drop(name)


def _load(url: str, dump_text: str, tmp_path: Path) -> int:
    """``dump_text`` loaded as a restore does, in one transaction (rolled back on a refusal)."""
    written = tmp_path / "dump.sql"
    written.write_bytes(dump_text.encode("utf-8"))
    engine = create_engine(url)
    try:
        with (
            engine.connect() as connection,
            connection.begin(),
            foreign_keys_set_aside(connection),
        ):
            empty_every_table(connection)
            return load_rows(connection, ["cat", str(written)])
    finally:
        engine.dispose()


def _scalar(url: str, sql: str) -> object:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar()
    finally:
        engine.dispose()


def _meta(url: str) -> list[tuple[str, str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT key, value FROM resettle_meta ORDER BY key"))
            return [(str(key), str(value)) for key, value in rows]
    finally:
        engine.dispose()


def test_a_dumps_rows_are_loaded_as_data_and_nothing_in_them_runs(
    database: str, tmp_path: Path
) -> None:
    assert _load(database, HEADER + META + END, tmp_path) == 2
    assert _meta(database) == [
        ("application", "resettle"),
        ("said", "DROP TABLE people; CREATE SCHEMA evil; -- only words"),
    ]
    assert _scalar(database, "SELECT count(*) FROM people") == 0  # every table emptied
    assert _scalar(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'evil'") == 0


def test_a_sequence_is_set_to_the_dumps_value(database: str, tmp_path: Path) -> None:
    sequence = _scalar(
        database,
        "SELECT relname FROM pg_class WHERE relkind = 'S' "
        "AND relnamespace = 'public'::regnamespace ORDER BY relname LIMIT 1",
    )
    setval = f"SELECT pg_catalog.setval('public.{sequence}', 4242, true);\n"
    _load(database, HEADER + META + setval + END, tmp_path)
    assert _scalar(database, f"SELECT nextval('public.{sequence}')") == 4243


HOSTILE = {
    "statement-first": ("CREATE SCHEMA evil;\n" + HEADER + META, "(line 1)"),
    "statement-on-the-copy-line": (
        HEADER + META.replace("FROM stdin;\n", "FROM stdin; CREATE SCHEMA evil;\n"),
        "a statement that is not a table's rows",
    ),
    "statement-after-the-rows": (
        HEADER + META + "CREATE SCHEMA evil;\n",
        f"a statement that is not a table's rows (line {(HEADER + META).count(chr(10)) + 1})",
    ),
    "statement-in-a-setting": (
        HEADER + "SET search_path = public; CREATE SCHEMA evil;\n" + META,
        "a statement that is not a table's rows",
    ),
    "another-schemas-table": (
        HEADER + "COPY evil.people (id) FROM stdin;\n1\n\\.\n",
        "a statement that is not a table's rows",
    ),
    "unknown-table": (
        HEADER + META + "COPY public.smuggled (id) FROM stdin;\n1\n\\.\n",
        "rows for a table Resettle's schema has not (smuggled)",
    ),
    "unknown-column": (
        HEADER + "COPY public.resettle_meta (key, secret) FROM stdin;\na\tb\n\\.\n",
        "with a column its schema has not (secret)",
    ),
    "column-named-twice": (
        HEADER + "COPY public.resettle_meta (key, key) FROM stdin;\na\tb\n\\.\n",
        "a column named twice",
    ),
    "table-twice": (HEADER + META + META, "the rows of table resettle_meta twice"),
    "cut-short": (HEADER + META.split("\\.")[0], "cut short"),
    "unknown-sequence": (
        HEADER + META + "SELECT pg_catalog.setval('public.nothere_seq', 5, true);\n",
        "sets a sequence Resettle's schema has not (nothere_seq)",
    ),
    "statement-after-a-setval": (
        HEADER + "SELECT pg_catalog.setval('public.people_id_seq', 5, true); DROP TABLE x;\n",
        "a statement that is not a table's rows",
    ),
    "another-encoding": (HEADER.replace("'UTF8'", "'LATIN1'"), "is not in UTF-8"),
}


@pytest.mark.parametrize(("dump_text", "said"), HOSTILE.values(), ids=HOSTILE.keys())
def test_anything_but_rows_and_sequence_values_is_refused_and_nothing_changes(
    database: str, tmp_path: Path, dump_text: str, said: str
) -> None:
    before = _meta(database)
    with pytest.raises(BackupProblem) as refused:
        _load(database, dump_text, tmp_path)
    message = str(refused.value)
    assert said in message and message.endswith("Nothing was restored.")
    assert "evil" not in message and "DROP" not in message
    assert _meta(database) == before
    assert _scalar(database, "SELECT count(*) FROM pg_namespace WHERE nspname = 'evil'") == 0


def test_a_row_the_database_refuses_is_named_by_table_and_row_never_by_value(
    database: str, tmp_path: Path
) -> None:
    rows = "COPY public.team_members (team_id, staff_id) FROM stdin;\n1\t1\nSmith-Jones\t2\n\\.\n"
    with pytest.raises(BackupProblem) as refused:
        _load(database, HEADER + rows, tmp_path)
    message = str(refused.value)
    assert "rows of table team_members do not fit its schema" in message
    assert "(row 2)" in message and "Smith" not in message


def test_a_row_pointing_at_one_missing_is_refused_when_the_keys_are_made_again(
    database: str, tmp_path: Path
) -> None:
    rows = "COPY public.team_members (team_id, staff_id) FROM stdin;\n999\t999\n\\.\n"
    before = _meta(database)
    keys = "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
    foreign_keys = _scalar(database, keys)
    with pytest.raises(BackupProblem) as refused:
        _load(database, HEADER + rows, tmp_path)
    assert "rows of table team_members do not fit its schema: a row pointing at one that is " in (
        str(refused.value)
    )
    assert _meta(database) == before
    assert foreign_keys and _scalar(database, keys) == foreign_keys  # rolled back: all there


def _first_sequence(url: str) -> str:
    return str(
        _scalar(
            url,
            "SELECT relname FROM pg_class WHERE relkind = 'S' "
            "AND relnamespace = 'public'::regnamespace ORDER BY relname LIMIT 1",
        )
    )


@pytest.mark.parametrize("value", ["-1", "0", "9999999999999999999"])
def test_a_sequence_value_it_cannot_hold_is_refused_in_one_line(
    database: str, tmp_path: Path, value: str
) -> None:
    sequence = _first_sequence(database)
    setval = f"SELECT pg_catalog.setval('public.{sequence}', {value}, true);\n"
    with pytest.raises(BackupProblem) as refused:
        _load(database, HEADER + META + setval, tmp_path)
    assert f"sets sequence {sequence} to a value it cannot hold" in str(refused.value)


def test_a_line_longer_than_the_limit_is_refused_before_it_is_held_whole(
    database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from resettle.storage import postgres_dump_rows

    monkeypatch.setattr(postgres_dump_rows, "MAX_LINE", 1 << 20)
    long_row = "application\t" + "x" * (1 << 20) + "\n"
    rows = "COPY public.resettle_meta (key, value) FROM stdin;\n" + long_row + "\\.\n"
    with pytest.raises(BackupProblem) as refused:
        _load(database, HEADER + rows, tmp_path)
    assert "holds a line longer than 1 MB (line 14)" in str(refused.value)


def test_a_name_the_terminal_would_act_on_is_never_shown(database: str, tmp_path: Path) -> None:
    rows = 'COPY public."\x1b[2K\rRestored" (id) FROM stdin;\n1\n\\.\n'
    with pytest.raises(BackupProblem) as refused:
        _load(database, HEADER + rows, tmp_path)
    message = str(refused.value)
    assert "(text it cannot show)" in message and "\x1b" not in message and "\r" not in message


def test_the_revision_rows_must_be_the_one_row_the_schema_was_made_for(
    database: str, tmp_path: Path
) -> None:
    from resettle.storage.postgres_dump_rows import require_revision_row

    rows = "COPY public.alembic_version (version_num) FROM stdin;\n0038\n0030\n\\.\n"
    written = tmp_path / "dump.sql"
    written.write_text(HEADER + rows, "utf-8")
    engine = create_engine(database)
    try:
        with engine.connect() as connection, connection.begin():
            empty_every_table(connection)
            load_rows(connection, ["cat", str(written)])
            with pytest.raises(BackupProblem, match="not the one row 0038"):
                require_revision_row(connection, "0038")
            connection.execute(text("DELETE FROM alembic_version WHERE version_num = '0030'"))
            require_revision_row(connection, "0038")
            connection.rollback()
    finally:
        engine.dispose()
