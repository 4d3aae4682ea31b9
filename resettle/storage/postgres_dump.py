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
from sqlalchemy.engine import URL

from resettle.private_files import create_private_file, restrict_existing
from resettle.storage.backups import BackupProblem
from resettle.storage.engine import SECRET_QUERY_KEYS

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
        done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    except OSError as error:
        raise BackupProblem(f"{what} could not start: {error.strerror}.") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["no reason given"])[-1]
        raise BackupProblem(f"{what} failed: {reason}")
    return done.stdout


def dump_postgres(url: URL, target: Path) -> Path:
    """``pg_dump --format=custom`` of the database into the new file ``target`` (0600)."""
    create_private_file(target, exclusive=True)
    try:
        with _libpq(url) as (address, environment):
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
        restrict_existing(target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


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


def empty_schema(url: URL) -> None:
    """Drop the ``public`` schema with everything in it and make it again, empty (one
    transaction): a dump of an older schema then restores whole, as no newer table is left
    depending on what it replaces."""
    engine = create_engine(url, hide_parameters=True)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
            connection.execute(text("GRANT USAGE ON SCHEMA public TO PUBLIC"))
    finally:
        engine.dispose()


def restore_postgres(url: URL, dump: Path) -> None:
    """``dump`` into the database: its ``public`` schema emptied (``empty_schema``), then
    ``pg_restore --single-transaction``: every object of the dump is restored or (on any
    error) none is, and the caller puts its copy of the database as it was back."""
    empty_schema(url)
    with _libpq(url) as (address, environment):
        _run(
            [
                postgres_tool("pg_restore"),
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={address}",
                "--",
                str(dump.absolute()),
            ],
            environment,
            "pg_restore",
        )
