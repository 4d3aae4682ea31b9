"""Opening Resettle for a user: the database (checked and migrated) and the acting user."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from resettle.domain.staff import Actor
from resettle.services import staff
from resettle.settings import Settings
from resettle.storage.database import Database, integrity_problems, open_database
from resettle.storage.migrate import current_revision, head_revision
from resettle.storage.uow import SqlUnitOfWork

log = logging.getLogger(__name__)


@dataclass
class Workspace:
    database: Database
    actor: Actor

    def uow(self) -> SqlUnitOfWork:
        return self.database.uow()

    @property
    def description(self) -> str:
        return self.database.description

    @property
    def backup_path(self) -> Path | None:
        return self.database.backup_path

    def close(self) -> None:
        self.database.close()


def open_workspace(settings: Settings) -> Workspace:
    """Raises DatabaseProblem (named, no traceback) or NotFound for an unknown user."""
    database = open_database(settings.database_url, busy_timeout_ms=settings.busy_timeout_ms)
    try:
        actor = staff.sign_in(database.uow(), settings.username)
    except Exception:
        database.close()
        raise
    log.info("Signed in as staff id %s (%s)", actor.id, actor.role.value)
    return Workspace(database=database, actor=actor)


@dataclass(frozen=True)
class DatabaseHealth:
    description: str
    revision: str | None
    head: str
    problems: list[str]

    @property
    def healthy(self) -> bool:
        return not self.problems and self.revision == self.head


def check_database(settings: Settings) -> DatabaseHealth:
    """Integrity and schema version, without migrating anything."""
    database = open_database(settings.database_url, migrate=False)
    try:
        return DatabaseHealth(
            description=database.description,
            revision=current_revision(database.engine),
            head=head_revision(),
            problems=integrity_problems(database),
        )
    finally:
        database.close()


def upgrade_database(settings: Settings) -> Database:
    database = open_database(settings.database_url)
    database.close()
    return database
