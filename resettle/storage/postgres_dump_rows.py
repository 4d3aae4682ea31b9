"""A dump's rows, loaded into a schema this version's migrations built
(``storage/postgres_dump.restore_postgres``).

``pg_restore`` runs the text of a dump's entries as SQL, and an archive made by hand can hide
any statement in that text (a table's definition, the statement of its data, a sequence's
value). So no text of the file is ever run here. ``pg_restore --data-only --file=-`` turns the
dump into text (it reaches no database), and that text is read strictly, a line at a time:

- ``COPY public.TABLE (COLUMNS) FROM stdin;`` for a table of the schema and columns it has,
  then the rows up to ``\\.``, fed to a ``COPY`` this module writes (rows are data: COPY never
  runs them);
- ``SELECT pg_catalog.setval('public.SEQUENCE', N, true|false);`` for a sequence the schema
  has, set here with N as a bound value;
- comments, blank lines and the session settings ``pg_restore`` writes first (never run;
  ``client_encoding`` must be UTF8).

Any other line refuses the backup (``BackupProblem``), naming its line number and what it is
(never its content: rows hold personal data). So does a row the database refuses, named by
table and row number, and a dump cut short.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

from psycopg import Connection as DriverConnection
from psycopg import errors, sql
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from resettle.storage.backups import BackupProblem

_NAME = rb'(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)'
_COPY = re.compile(
    rb"COPY public\.(?P<table>" + _NAME + rb") \((?P<columns>[^()]*)\) FROM stdin;\n"
)
_SETVAL = re.compile(
    rb"SELECT pg_catalog\.setval\('public\.(?P<sequence>[a-z_][a-z0-9_$]*)', "
    rb"(?P<value>-?\d{1,19}), (?P<called>true|false)\);\n"
)
_ENCODING = re.compile(rb"SET client_encoding = '(?P<encoding>[A-Za-z0-9_]+)';\n")
#: Lines ``pg_restore`` writes that are read and never run: settings for its own session,
#: and (since PostgreSQL 17.6) the ``\restrict`` guard of its text output.
_NEVER_RUN = (
    re.compile(rb"SET [a-z_]+ = [^;\n]*;\n"),
    re.compile(rb"SELECT pg_catalog\.set_config\('search_path', '', false\);\n"),
    re.compile(rb"\\(?:un)?restrict [A-Za-z0-9]+\n"),
)
_END_OF_ROWS = b"\\.\n"
#: The longest line read (a row of COPY text): Resettle's longest texts are a few hundred KB.
MAX_LINE = 16 << 20
_CHUNK = 1 << 20

#: SQLSTATEs of a refused row, in a caseworker's words (never the row's values).
_REFUSED_ROW = {
    "23505": "a key repeated",
    "23503": "a row pointing at one that is missing",
    "23502": "a required value missing",
    "23514": "a value its checks refuse",
    "22001": "a value too long",
}


@dataclass(frozen=True)
class SchemaShape:
    """The tables (with their columns) and sequences of ``public`` the rows may go into."""

    columns: dict[str, frozenset[str]]
    sequences: frozenset[str]

    @classmethod
    def of(cls, connection: Connection) -> SchemaShape:
        columns: dict[str, set[str]] = {}
        for table, column in connection.execute(
            text(
                "SELECT c.relname, a.attname FROM pg_class c "
                "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
                "AND NOT a.attisdropped "
                "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
            )
        ):
            columns.setdefault(str(table), set()).add(str(column))
        sequences = connection.execute(
            text(
                "SELECT relname FROM pg_class "
                "WHERE relnamespace = 'public'::regnamespace AND relkind = 'S'"
            )
        ).scalars()
        return cls(
            {name: frozenset(names) for name, names in columns.items()},
            frozenset(str(name) for name in sequences),
        )


def empty_every_table(connection: Connection) -> None:
    """Empty every table of ``public`` (the rows the migrations put in: catalogues, settings):
    the dump's rows replace them all."""
    tables = connection.execute(
        text(
            "SELECT quote_ident(relname) FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            "AND d.objid = pg_class.oid AND d.deptype = 'e')"
        )
    ).scalars()
    names = [f"public.{name}" for name in tables]
    if names:
        connection.execute(text(f"TRUNCATE {', '.join(names)}"))


@contextmanager
def foreign_keys_set_aside(connection: Connection) -> Iterator[None]:
    """The foreign keys of ``public`` dropped while rows load (in any order, as ``pg_dump``
    writes them), then made again as they were: each checks every row then, and one that
    does not hold refuses the backup, naming its table and key."""
    keys = connection.execute(
        text(
            "SELECT conrelid::regclass::text, quote_ident(conname), "
            "pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY 1, 2"
        )
    ).all()
    for table, name, _definition in keys:
        connection.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {name}"))
    yield
    for table, name, definition in keys:
        try:
            with connection.begin_nested():
                connection.execute(text(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"))
        except DBAPIError:
            raise BackupProblem(
                f"The backup's rows of table {table} do not fit its schema: a row pointing at "
                f"one that is missing ({name}). Nothing was restored."
            ) from None


def refused_in_words(error: BaseException | None) -> str:
    """Why the database refused something, in words and without any value of a row."""
    code = getattr(error, "sqlstate", None) or ""
    if code == "42501":
        return "permission denied"
    return _REFUSED_ROW.get(code, f"error {code}" if code else "an error")


_PRINTABLE = re.compile(r"[\x20-\x7e]+")


def shown_safely(said: str, longest: int = 200) -> str:
    """Text from a dump or its tools as a message may show it: printable ASCII only (no
    terminal control sequence ever reaches the user), cut to ``longest`` characters; else
    "text it cannot show"."""
    if not _PRINTABLE.fullmatch(said):
        return "text it cannot show"
    return said if len(said) <= longest else said[:longest] + "..."


def require_revision_row(connection: Connection, revision: str) -> None:
    """Refuse (``BackupProblem``) loaded rows whose ``alembic_version`` is not exactly the
    one row ``revision`` (the dump's, which built the schema)."""
    found = list(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    if found != [revision]:
        raise BackupProblem(
            f"The backup's schema revision rows are not the one row {revision} its schema was "
            "made for: it was changed by hand. Nothing was restored."
        )


def data_command(restorer: str, dump: Path) -> list[str]:
    """``pg_restore`` writing the rows and sequence values of ``dump``'s ``public`` schema as
    text to its output: it reaches no database, so no address or secret is on it."""
    return [
        restorer,
        "--data-only",
        "--schema=public",
        "--no-comments",
        "--file=-",
        "--",
        str(dump.absolute()),
    ]


def load_rows(connection: Connection, command: list[str]) -> int:
    """Every row of the dump that ``command`` (``data_command``) writes, loaded into the
    emptied tables through ``connection`` (in its transaction; the caller commits or rolls
    back), and its sequences set. Returns the number of rows."""
    shape = SchemaShape.of(connection)
    driver = connection.connection.driver_connection
    assert isinstance(driver, DriverConnection)
    with tempfile.TemporaryFile() as said, _output_of(command, said) as output:
        reader = _DumpText(output, shape, driver)
        rows = reader.load()
    return rows


@contextmanager
def _output_of(command: list[str], said: IO[bytes]) -> Iterator[IO[bytes]]:
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=said)
    except OSError as error:
        raise BackupProblem(f"pg_restore could not start: {error.strerror}.") from None
    assert process.stdout is not None
    finished = False
    try:
        yield process.stdout
        finished = True
    finally:
        if not finished:
            process.kill()
        process.stdout.close()
        code = process.wait()
    if code != 0:
        said.seek(0)
        lines = said.read().decode("utf-8", "replace").strip().splitlines()
        raise BackupProblem(
            f"pg_restore failed: {shown_safely((lines or ['no reason given'])[-1])}"
        )


class _DumpText:
    """The strict reading of ``pg_restore``'s text (see the module's docstring)."""

    def __init__(self, output: IO[bytes], shape: SchemaShape, driver: DriverConnection) -> None:
        self.output = output
        self.shape = shape
        self.driver = driver
        self.line_number = 0
        self.loaded: set[str] = set()

    def _lines(self) -> Iterator[bytes]:
        """The output's lines, each at most ``MAX_LINE`` bytes (a longer one refuses)."""
        while line := self.output.readline(MAX_LINE + 1):
            if len(line) > MAX_LINE:
                self._refuse(
                    f"holds a line longer than {MAX_LINE // (1 << 20)} MB "
                    f"(line {self.line_number + 1})"
                )
            yield line

    def load(self) -> int:
        rows = 0
        for line in self._lines():
            self.line_number += 1
            copy = _COPY.fullmatch(line)
            if copy is not None:
                rows += self._copy(copy)
            elif (value := _SETVAL.fullmatch(line)) is not None:
                self._set_sequence(value)
            else:
                self._check_never_run(line)
        return rows

    def _check_never_run(self, line: bytes) -> None:
        if line.strip() == b"" or line.startswith(b"--"):
            return
        encoding = _ENCODING.fullmatch(line)
        if encoding is not None:
            if encoding.group("encoding").upper() not in (b"UTF8", b"UTF-8"):
                self._refuse("is not in UTF-8")
            return
        if not any(pattern.fullmatch(line) for pattern in _NEVER_RUN):
            self._refuse(f"holds a statement that is not a table's rows (line {self.line_number})")

    def _copy(self, copy: re.Match[bytes]) -> int:
        table = _unquoted(copy.group("table"))
        if table not in self.shape.columns:
            self._refuse(
                f"holds rows for a table Resettle's schema has not ({shown_safely(table)})"
            )
        if table in self.loaded:
            self._refuse(f"holds the rows of table {table} twice")
        self.loaded.add(table)
        columns = [_unquoted(name) for name in self._names(copy.group("columns"))]
        unknown = [name for name in columns if name not in self.shape.columns[table]]
        if unknown or len(set(columns)) != len(columns):
            named = shown_safely(unknown[0]) if unknown else "a column named twice"
            self._refuse(f"holds rows of table {table} with a column its schema has not ({named})")
        statement = sql.SQL("COPY public.{} ({}) FROM STDIN").format(
            sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
        )
        first_line = self.line_number
        rows = 0
        try:
            with self.driver.cursor() as cursor, cursor.copy(statement) as load:
                chunk: list[bytes] = []
                size = 0
                for line in self._lines():
                    self.line_number += 1
                    if line == _END_OF_ROWS:
                        break
                    if not line.endswith(b"\n"):
                        self._refuse(
                            f"ends part-way through the rows of table {table}: it is cut short"
                        )
                    chunk.append(line)
                    size += len(line)
                    rows += 1
                    if size >= _CHUNK:
                        load.write(b"".join(chunk))
                        chunk, size = [], 0
                else:
                    self._refuse(
                        f"ends part-way through the rows of table {table}: it is cut short"
                    )
                if chunk:
                    load.write(b"".join(chunk))
        except errors.Error as error:
            reason = _REFUSED_ROW.get(error.sqlstate or "", "a value the database refuses")
            row = getattr(error.diag, "context", None)
            where = _copy_line(row) if row else None
            at = f" (row {where})" if where else f" (rows from line {first_line + 1})"
            raise BackupProblem(
                f"The backup's rows of table {table} do not fit its schema: {reason}{at}. "
                "Nothing was restored."
            ) from None
        return rows

    def _set_sequence(self, value: re.Match[bytes]) -> None:
        sequence = value.group("sequence").decode("ascii")
        if sequence not in self.shape.sequences:
            self._refuse(f"sets a sequence Resettle's schema has not ({shown_safely(sequence)})")
        try:
            with self.driver.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_catalog.setval(%s::regclass, %s::bigint, %s)",
                    (
                        f"public.{sequence}",
                        value.group("value").decode(),
                        value.group("called") == b"true",
                    ),
                )
        except errors.Error as error:
            self._refuse(
                f"sets sequence {sequence} to a value it cannot hold ({refused_in_words(error)})"
            )

    def _names(self, listed: bytes) -> list[bytes]:
        """The names of a ``COPY`` line's column list, each as written."""
        names = re.findall(_NAME, listed)
        if not names or b", ".join(names) != listed:
            self._refuse(f"holds a column list it cannot read (line {self.line_number})")
        return names

    def _refuse(self, what: str) -> NoReturn:
        raise BackupProblem(
            f"The backup {what}: it is not a dump Resettle made, or was changed by hand. "
            "Nothing was restored."
        )


def _unquoted(name: bytes) -> str:
    word = name.decode("utf-8", "replace")
    if word.startswith('"'):
        return word[1:-1].replace('""', '"')
    return word


_CONTEXT_LINE = re.compile(r"COPY \S+, line (\d+)")


def _copy_line(context: str) -> str | None:
    """The row number from a COPY error's context (``COPY people, line 3, column ...: "..."``:
    the column's value is never kept)."""
    found = _CONTEXT_LINE.search(context)
    return found.group(1) if found else None
