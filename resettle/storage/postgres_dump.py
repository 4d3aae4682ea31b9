"""PostgreSQL backups through its own tools: ``pg_dump --format=custom``, ``pg_restore``
(``storage/backups.py`` holds the manifests, checks and rotation both backends share).

The tools come from ``RESETTLE_PG_BIN``, else the newest server's installed tools, else the
PATH; the password goes to them in the environment (``PGPASSWORD``), never on a command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL

from resettle.private_files import restrict_existing
from resettle.storage.backups import BackupProblem, new_private_file

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


def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL for libpq tools without its password, and the environment giving it."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


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
    address, environment = _libpq(url)
    new_private_file(target)
    try:
        _run(
            [postgres_tool("pg_dump"), "--format=custom", f"--file={target}", address],
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
        listing = _run([postgres_tool("pg_restore"), "--list", str(dump)], dict(os.environ), "")
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
            str(dump),
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


def restore_postgres(url: URL, dump: Path) -> None:
    """``pg_restore --clean --if-exists --single-transaction`` of ``dump`` into the database:
    either every object is replaced or (on any error) nothing is."""
    address, environment = _libpq(url)
    _run(
        [
            postgres_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={address}",
            str(dump),
        ],
        environment,
        "pg_restore",
    )
