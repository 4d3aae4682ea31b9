"""PostgreSQL backups through its own tools: ``pg_dump --format=custom``, ``pg_restore``
(``storage/backups.py`` holds the manifests, checks and rotation both backends share).

The tools come from ``RESETTLE_PG_BIN``, else the newest server's installed tools, else the
PATH. No secret is ever on their command line (where ``ps`` shows it): the password, from the
address's user part or its ``?password=``, goes in the environment (``PGPASSWORD``); an
``?sslpassword=`` (libpq reads it from no environment variable) in a private service file
(``PGSERVICEFILE``) removed afterwards. File names are absolute and the address is given as
``--dbname=``, so neither can be read as an option.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError

from resettle.private_files import create_private_file, restrict_existing
from resettle.storage.backups import BackupNeedsOwner, BackupProblem
from resettle.storage.engine import SECRET_QUERY_KEYS
from resettle.storage.migrate import upgrade_connection_to
from resettle.storage.postgres_dump_rows import (
    data_command,
    empty_every_table,
    foreign_keys_set_aside,
    load_rows,
    refused_in_words,
    require_revision_row,
    shown_safely,
)
from resettle.storage.postgres_restored import unexpected_objects

PG_BIN_ENV = "RESETTLE_PG_BIN"


def postgres_tool(name: str) -> str:
    """``pg_dump`` or ``pg_restore``: from ``RESETTLE_PG_BIN``, else the newest server's
    installed tools (``/usr/lib/postgresql/<N>/bin``), else the PATH."""
    folders = []
    if os.environ.get(PG_BIN_ENV):
        folders.append(Path(os.environ[PG_BIN_ENV]))
    installed = Path("/usr/lib/postgresql")
    if installed.is_dir():
        versions = [p for p in installed.iterdir() if p.name.isdigit()]
        folders += [p / "bin" for p in sorted(versions, key=lambda p: int(p.name), reverse=True)]
    for folder in folders:
        if (folder / name).is_file():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise BackupProblem(
            f"{name} is not installed: install the PostgreSQL client tools (or set "
            f"{PG_BIN_ENV} to their folder)."
        )
    return found


@contextmanager
def _libpq(url: URL) -> Iterator[tuple[str, dict[str, str]]]:
    """The address for libpq tools without any secret, and the environment giving them."""
    environment = dict(os.environ)
    query = {k: v for k, v in url.query.items() if k.lower() not in SECRET_QUERY_KEYS}
    secrets = {k.lower(): v for k, v in url.query.items() if k.lower() in SECRET_QUERY_KEYS}
    password = url.password or _single(secrets.get("password"))
    if password:
        environment["PGPASSWORD"] = str(password)
    # Built anew: ``URL.set(password=None)`` leaves the password as it was.
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=query,
    )
    address = plain.render_as_string(hide_password=False)
    ssl_password = _single(secrets.get("sslpassword"))
    if not ssl_password:
        yield address, environment
        return
    if "\n" in ssl_password or "\r" in ssl_password:
        raise BackupProblem("The address's sslpassword holds a line break: it cannot be used.")
    with tempfile.TemporaryDirectory(prefix="resettle-pg-") as folder:
        service = Path(folder) / "pg_service.conf"
        descriptor = os.open(service, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(f"[resettle]\nsslpassword={ssl_password}\n")
        environment["PGSERVICEFILE"] = str(service)
        environment["PGSERVICE"] = "resettle"
        yield address, environment


def _single(value: str | tuple[str, ...] | None) -> str | None:
    """A query parameter's value (the last one when it is repeated)."""
    if isinstance(value, tuple):
        return value[-1] if value else None
    return value


def _run(command: list[str], environment: dict[str, str], what: str) -> str:
    try:
        done = subprocess.run(
            command,
            env=environment,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",  # a dump's names may be any bytes: never a decoding error
            check=False,
        )
    except OSError as error:
        raise BackupProblem(f"{what} could not start: {error.strerror}.") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise BackupProblem(f"{what} failed: {shown_safely(reason)}")
    return done.stdout


#: What ``pg_dump`` says when its login may not read every row: row-level security (it
#: turns ``row_security`` off, and refuses where a policy would apply) or no privilege.
_NOT_THE_OWNER = ("row-level security", "permission denied")


def dump_postgres(url: URL, target: Path) -> Path:
    """``pg_dump --format=custom`` of the database into the new file ``target`` (0600)."""
    create_private_file(target, exclusive=True)
    try:
        with _libpq(url) as (address, environment):
            try:
                _run(
                    [
                        postgres_tool("pg_dump"),
                        "--format=custom",
                        f"--file={target.absolute()}",
                        f"--dbname={address}",
                    ],
                    environment,
                    "pg_dump",
                )
            except BackupProblem as problem:
                if any(words in str(problem) for words in _NOT_THE_OWNER):
                    raise BackupNeedsOwner(may_back_up=False) from None
                raise
        restrict_existing(target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


_READS_EVERY_ROW = """
SELECT NOT EXISTS (
  SELECT 1 FROM pg_class c
  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'S')
    AND NOT pg_has_role(c.relowner, 'USAGE')
    AND (NOT has_table_privilege(c.oid, 'SELECT')
         OR (c.relrowsecurity
             AND NOT (SELECT rolbypassrls FROM pg_roles WHERE rolname = current_user))))
"""


def require_whole_reader(url: URL, *, restoring: bool = False) -> None:
    """Refuse (``BackupNeedsOwner``) an address that cannot read every row of every table
    and sequence, as ``pg_dump`` must: one that owns each (or a superuser), or has SELECT and
    meets no row-level security. An account's own login, or the gate, cannot."""
    engine = create_engine(url, hide_parameters=True)
    try:
        with engine.connect() as connection:
            reads = bool(connection.execute(text(_READS_EVERY_ROW)).scalar())
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        raise BackupProblem(f"The database could not be reached for the backup: {reason}") from None
    finally:
        engine.dispose()
    if not reads:
        raise BackupNeedsOwner(restoring=restoring)


def dump_problems(dump: Path) -> list[str]:
    """``pg_restore --list`` of a dump: a damaged or foreign file is one problem."""
    try:
        listing = _run(
            [postgres_tool("pg_restore"), "--list", "--", str(dump.absolute())],
            dict(os.environ),
            "",
        )
    except BackupProblem as error:
        return [f"not a readable pg_dump archive ({str(error).removeprefix(' failed: ')})"]
    if "alembic_version" not in listing:
        return ["not a Resettle database dump (no alembic_version table)"]
    return []


def dump_revision(dump: Path) -> str | None:
    """The schema revision a dump holds (its ``alembic_version`` row), read with
    ``pg_restore --data-only`` into text, nothing restored anywhere."""
    listing = _run(
        [
            postgres_tool("pg_restore"),
            "--data-only",
            "--schema=public",
            "--table=alembic_version",
            "--file=-",
            "--",
            str(dump.absolute()),
        ],
        dict(os.environ),
        "pg_restore",
    )
    lines = listing.splitlines()
    for index, line in enumerate(lines):
        if line.startswith("COPY ") and "alembic_version" in line and index + 1 < len(lines):
            value = lines[index + 1].strip()
            return None if value == "\\." else value
    return None


#: Our objects in ``public``: every table, view, sequence and function, and every type not
#: made with a table (its row type goes with it), that no extension owns (``pg_depend``'s
#: ``e``), so an extension (``pg_trgm``, which a superuser may own) is left as it is.
_OURS = """
SELECT c.relkind::text AS kind, quote_ident(c.relname) AS name FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT 'function', p.oid::regprocedure::text FROM pg_proc p
WHERE p.pronamespace = 'public'::regnamespace
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                  AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT 'type', quote_ident(t.typname) FROM pg_type t
WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd', 'c', 'r')
  AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                  AND d.objid = t.oid AND d.deptype = 'e')
"""
_DROP = {
    "r": "TABLE",
    "p": "TABLE",
    "f": "FOREIGN TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "S": "SEQUENCE",
    "function": "FUNCTION",
    "type": "TYPE",
}
_DROP_ORDER = ("v", "m", "r", "p", "f", "S", "function", "type")


def drop_ours(connection: Connection) -> None:
    """Drop our objects in the ``public`` schema (``_OURS``: tables with their indexes,
    constraints, triggers and policies; views, sequences, functions, types), leaving the
    schema and its extensions: so a dump of an older schema then restores whole (no newer
    table is left depending on what it replaces), and an extension a superuser owns does not
    stop a restore run by the database owner."""
    found = connection.execute(text(_OURS)).all()
    for kind in _DROP_ORDER:
        names = [str(name) for found_kind, name in found if found_kind == kind]
        if names:
            connection.execute(text(f"DROP {_DROP[kind]} IF EXISTS {', '.join(names)} CASCADE"))


def restore_postgres(url: URL, dump: Path) -> None:
    """``dump`` into the database, in one transaction: our objects dropped (``drop_ours``),
    the schema of the dump's revision made by this version's migrations, and the dump's rows
    loaded into it (``postgres_dump_rows``: no text of the file is ever run as SQL), its
    foreign keys checked again at the end. Any failure rolls all of it back (``BackupProblem``
    saying why): the database is as it was.

    What is restored belongs to the restoring login and carries no grant, policy or function:
    until this version's security is applied again (``services/database_logins.reapply_roles``)
    every login's read is refused (it fails closed); only the owner can read."""
    revision = dump_revision(dump)
    if revision is None:
        raise BackupProblem("The backup holds no schema revision. Nothing was restored.")
    restorer = postgres_tool("pg_restore")
    engine = create_engine(url, hide_parameters=True)
    try:
        with engine.connect() as connection, connection.begin():
            drop_ours(connection)
            upgrade_connection_to(connection, revision)
            with foreign_keys_set_aside(connection):
                empty_every_table(connection)
                load_rows(connection, data_command(restorer, dump))
                require_revision_row(connection, revision)
    except DBAPIError as error:  # rolled back: nothing changed
        raise BackupProblem(
            f"The database could not be restored ({refused_in_words(error.orig)}): restore "
            "with the address of the database's owner. Nothing was restored."
        ) from None
    finally:
        engine.dispose()


def require_only_restored_kinds(url: URL) -> None:
    """Refuse (``BackupProblem``) a restored database holding anything a restore never makes
    (``postgres_restored.unexpected_objects``)."""
    engine = create_engine(url, hide_parameters=True)
    try:
        with engine.connect() as connection:
            found = unexpected_objects(connection)
    finally:
        engine.dispose()
    if found:
        more = f", and {len(found) - 1} more" if len(found) > 1 else ""
        raise BackupProblem(
            f"The backup holds what a Resettle backup never does ({found[0]}{more}): it was "
            "changed by hand. Nothing was restored."
        )
