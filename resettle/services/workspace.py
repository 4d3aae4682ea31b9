"""Opening Resettle for a user: the database (checked and migrated) and the acting user."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from resettle.domain.errors import DatabaseBusy
from resettle.domain.permissions import PermissionDenied
from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.domain.staff import Actor
from resettle.services import (
    acting_account,
    authentication,
    database_sign_in,
    encrypted_sign_in,
    sign_in_failures,
)
from resettle.services.storage_errors import is_retryable, retrying, translate_storage_errors
from resettle.services.unit_of_work import UnitOfWork
from resettle.settings import Settings
from resettle.storage.database import Database, integrity_problems, open_database
from resettle.storage.engine import is_sqlite, normalise_url
from resettle.storage.errors import ConcurrentEdit, DatabaseProblem, DatabaseSealed
from resettle.storage.migrate import current_revision, head_revision
from resettle.storage.uow import SqlUnitOfWork

log = logging.getLogger(__name__)
#: An account whose roles changed twice while one action ran (an administrator editing it).
ACCOUNT_CHANGING = "Your account was being changed by an administrator: try again."
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Workspace:
    """The database and the acting user: the one facade the UI and CLI hold.

    Every user action goes through ``run``; nothing else builds a unit of work for a use case.
    """

    database: Database
    actor: Actor
    #: Signed in with a password an administrator reset: only ``change_password`` may run.
    must_change_password: bool = False
    #: Signed in on a database that cannot be written (``services/read_only_storage.py``):
    #: why, so the main window can say so before anything is opened.
    read_only_because: ReadOnlyBecause | None = None

    def run(
        self,
        use_case: Callable[Concatenate[Actor, UnitOfWork, P], R],
        /,
        *args: P.args,
        **kwargs: P.kwargs,
    ) -> R:
        """Run ``use_case(actor, fresh unit of work, *args, **kwargs)``: one user action.

        The single place every call from the UI and CLI passes through (safe from any thread:
        each call has its own unit of work). Storage exceptions leave it as domain errors with
        a caseworker's wording, and every failure is logged by its code.
        """
        changing = use_case is authentication.change_password
        name = use_case.__name__
        with translate_storage_errors(name):
            return retrying(lambda: self._run_once(use_case, changing, args, kwargs), name)

    def _run_once(
        self,
        use_case: Callable[Concatenate[Actor, UnitOfWork, P], R],
        changing: bool,
        args: tuple[object, ...],
        kwargs: dict[str, object],
    ) -> R:
        """One try of ``run``: a fresh unit of work (two when the account's roles changed)."""
        for last_try in (False, True):
            uow = acting_account.checked(
                self.database.uow(), self.actor, changing_password=changing
            )
            try:
                result = use_case(self.actor, uow, *args, **kwargs)  # type: ignore[arg-type]
            except acting_account.ActorChanged as changed:
                self.actor = changed.actor  # roles changed: run as the account is now
                if last_try:
                    raise ConcurrentEdit(ACCOUNT_CHANGING) from None
                continue
            except PermissionDenied:
                # Refused on roles read before this action (its transaction never began):
                # refused again only once the account's roles as they are now say so.
                if uow.began or last_try or not self._roles_changed(changing):
                    raise
                continue
            except Exception as error:
                if uow.committed and is_retryable(error):
                    # Part of the call is committed: running it again could write that twice.
                    raise DatabaseBusy() from error
                raise
            if not uow.began:  # a use case that never opened its unit of work
                self._roles_changed(changing)  # still refuses a disabled account
            if changing:
                self.must_change_password = False  # only once the change succeeded
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    def _roles_changed(self, changing_password: bool) -> bool:
        """Read the account on its own (``authentication.current_actor``): refuses a disabled
        account; True when its roles changed (``self.actor`` then follows them)."""
        actor = authentication.current_actor(
            self.actor, self.database.uow(), changing_password=changing_password
        )
        changed, self.actor = actor != self.actor, actor
        return changed

    def uow(self) -> SqlUnitOfWork:
        """A fresh unit of work, for tests and tools that inspect the database directly.
        The UI and CLI use ``run`` (a test checks they never call this)."""
        return self.database.uow()

    @property
    def description(self) -> str:
        return self.database.description

    @property
    def database_key(self) -> str:
        """A stable id of the database (a digest; never the password or a path in clear)."""
        return self.database.key

    @property
    def encrypted(self) -> bool:
        """An SQLite file encrypted at rest (a PostgreSQL server keeps its own)."""
        return self.database.encrypted

    @property
    def backup_path(self) -> Path | None:
        return self.database.backup_path

    def close(self) -> None:
        self.database.close()


def open_settings_database(
    settings: Settings, *, encrypt_new: bool | None = None, create: bool = False
) -> Database:
    """The configured database, checked and migrated, before anyone signs in (an encrypted
    SQLite file is sealed until then). A new SQLite file is made encrypted unless
    ``encrypt_new`` (else the settings) says not. A SQLite file that is not there is made
    only when the settings allow it (the default data folder) or ``create`` (a command that
    sets a database up); otherwise ``NoDatabaseHere``."""
    # Wrong passwords a database that cannot be written could not count are kept here.
    sign_in_failures.UNRECORDED.use_folders([settings.state_dir, settings.fallback_state_dir])
    return open_database(
        settings.database_url,
        busy_timeout_ms=settings.busy_timeout_ms,
        encrypt_new=settings.encrypt_new_databases if encrypt_new is None else encrypt_new,
        create_missing=create or settings.create_missing_database,
    )


def signed_in_workspace(database: Database, username: str, password: str) -> Workspace:
    """Raises ``SignInRefused`` (the same words whatever was wrong).

    On PostgreSQL with logins (``resettle db setup-roles``) the workspace is a new connection
    as the account's own login (``services/database_sign_in.py``), and ``database`` (the
    owner's or the gate's) is left with no connection open. An encrypted SQLite file, sealed
    until now, is opened with the key the account's slot gives for ``password``
    (``services/encrypted_sign_in.py``), in the same way."""
    prefix = database_sign_in.login_prefix(database)
    if prefix is not None:
        login_database = database_sign_in.open_as_login(database, prefix, username, password)
        try:
            with translate_storage_errors("sign_in"):
                signed = authentication.sign_in_as_login(login_database.uow(), username)
        except Exception:
            login_database.close()
            raise
        database.close()
        database = login_database
    elif database.sealed is not None:
        opened = encrypted_sign_in.open_with_password(database, username, password)
        try:
            with translate_storage_errors("sign_in"):
                encrypted_sign_in.audit_slot_refusals(opened.uow(), database.sealed.path)
                signed = authentication.sign_in_by_key_slot(opened.uow(), username)
        except Exception:
            opened.close()
            raise
        database.close()
        database = opened
    else:
        with translate_storage_errors("sign_in"):
            signed = authentication.sign_in(database.uow(), username, password)
    log.info("Signed in as staff id %s (%s)", signed.actor.id, signed.actor.roles_label)
    return Workspace(
        database=database,
        actor=signed.actor,
        must_change_password=signed.must_change_password,
        read_only_because=signed.read_only_because,
    )


def open_workspace(settings: Settings, password: str) -> Workspace:
    """The database, with ``settings.username`` signed in. Raises DatabaseProblem (named, no
    traceback) or ``SignInRefused``."""
    database = open_settings_database(settings)
    try:
        if not settings.username:
            raise authentication.SignInRefused()
        return signed_in_workspace(database, settings.username, password)
    except Exception:
        database.close()
        raise


@dataclass(frozen=True)
class DatabaseHealth:
    description: str
    revision: str | None
    head: str
    problems: list[str]
    #: What the check did not do, or found worth saying (e.g. amcheck not available).
    notes: list[str] = field(default_factory=list)
    #: Rows in each table (PostgreSQL's check counts them).
    row_counts: dict[str, int] = field(default_factory=dict)
    #: Worth acting on but not a failure (stored text holding control characters).
    warnings: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems and self.revision == self.head


PasswordSource = Callable[[], str]


def _unsealed(
    database: Database, settings: Settings, password: PasswordSource | None, *, migrate: bool
) -> Database:
    """An encrypted file opened with ``settings.username``'s key slot (the password asked
    for only then); any other database as it is."""
    if database.sealed is None:
        return database
    try:
        if not settings.username or password is None:
            raise DatabaseSealed(database.description)
        return encrypted_sign_in.open_with_password(
            database, settings.username, password(), migrate=migrate
        )
    finally:
        database.close()


def open_database_to_read(settings: Settings, password: PasswordSource | None = None) -> Database:
    """The database as it is, nothing migrated (an encrypted file opened with ``--user``'s
    password); the caller closes it. A SQLite file that is not there is not made (a mistyped
    data folder must not leave an empty database behind)."""
    url = normalise_url(settings.database_url)
    if is_sqlite(url) and url.database and not Path(url.database).exists():
        raise DatabaseProblem(
            f"There is no database at {url.database}: check the data folder (--data-dir) or "
            "--database-url."
        )
    database = open_database(settings.database_url, migrate=False)
    return _unsealed(database, settings, password, migrate=False)


def check_database(settings: Settings, password: PasswordSource | None = None) -> DatabaseHealth:
    """Integrity and schema version, without migrating anything (an encrypted file opened
    with ``--user``'s password)."""
    database = open_database_to_read(settings, password)
    try:
        health = DatabaseHealth(
            description=database.description,
            revision=current_revision(database.engine),
            head=head_revision(),
            problems=[],
        )
        if database.is_sqlite:
            health.problems.extend(integrity_problems(database))
        else:
            from resettle.storage.postgres_check import check_postgres

            with database.engine.connect() as connection:
                report = check_postgres(connection)
            health.problems.extend(report.problems)
            health.notes.extend(report.notes)
            health.row_counts.update(report.row_counts)
        _check_audit_chain(database, health)
        _check_stored_text(database, health)
        return health
    finally:
        database.close()


def _check_stored_text(database: Database, health: DatabaseHealth) -> None:
    """Stored text holding control characters (saved before they were refused): a warning,
    counts per table and column, never the values."""
    from resettle.storage.stored_text_check import control_character_warnings

    with database.engine.connect() as connection:
        health.warnings.extend(control_character_warnings(connection))


def _check_audit_chain(database: Database, health: DatabaseHealth) -> None:
    """The audit trail's hash chain (``resettle audit verify`` says where it is broken)."""
    from resettle.domain.errors import DomainError
    from resettle.services.audit_chain import verify_audit_chain

    try:
        chain = verify_audit_chain(database)
    except DomainError as error:
        health.notes.append(f"the audit chain was not checked: {error}")
        return
    if chain.intact:
        health.notes.append(f"audit chain intact ({chain.rows} rows)")
    else:
        health.problems.append(
            f"the audit chain is broken at {chain.fault_count} rows (first: sequence "
            f"{chain.first_bad_seq}): run 'resettle audit verify'"
        )


def upgrade_database(settings: Settings, password: PasswordSource | None = None) -> Database:
    opened = open_database(settings.database_url, busy_timeout_ms=settings.busy_timeout_ms)
    database = _unsealed(opened, settings, password, migrate=True)
    database.close()
    return database
