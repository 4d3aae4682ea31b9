"""Accounts as PostgreSQL logins: the owner's one-off ``setup-roles``, and keeping each
account's login role in step with the account (``storage/postgres_access.py`` has the SQL).

The accounts services call these inside their own unit of work, after the change to the
account and before committing, so the login role changes in the same transaction:

- ``sync_login(uow, staff_id)``: create the login role when missing, LOGIN while the account
  is active and has a password, NOLOGIN when disabled, and the group roles of its Resettle
  roles (creating, disabling, re-enabling and changing roles all call this);
- ``set_login_password(uow, staff_id, password)``: the login's password (changed by the
  account, reset by an administrator, or the first administrator's).

Each does nothing on SQLite, or on a PostgreSQL database where ``setup-roles`` has not run.
On an encrypted SQLite file each also keeps the account's key slot in step
(``services/key_slot_sync.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import text

from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import DomainError
from resettle.domain.staff import Role
from resettle.services import audit
from resettle.services.key_slot_sync import set_slot_password, sync_slot
from resettle.services.temporary_password import give_temporary_password
from resettle.services.unit_of_work import UnitOfWork
from resettle.settings import Settings
from resettle.storage.database import open_database
from resettle.storage.postgres_access import default_prefix, group_name, require_prefix
from resettle.storage.repositories.logins import LoginRepository
from resettle.storage.tables.staff import StaffRow

log = logging.getLogger(__name__)
GATE_PASSWORD_ENV = "RESETTLE_GATE_PASSWORD"
ADMIN_TEMPORARY_PASSWORD_ENV = "RESETTLE_ADMIN_TEMPORARY_PASSWORD"


class RolesNeedPostgres(DomainError):
    code = "database.roles_need_postgres"

    def __init__(self) -> None:
        super().__init__(
            "Logins and row-level security are for a shared PostgreSQL database; "
            "an SQLite file keeps the application's own checks."
        )


class BadRolePrefix(DomainError):
    code = "database.bad_role_prefix"


class AccountNamesNoLoginMayHave(DomainError):
    """Accounts whose user names a login may not have (only a backup changed by hand, or an
    account made before such names were kept, holds one): nothing is set up."""

    code = "database.account_names_no_login_may_have"

    def __init__(self, staff_ids: list[int]) -> None:
        more = f", and {len(staff_ids) - 1} more" if len(staff_ids) > 1 else ""
        super().__init__(
            f"An account has a user name no database login may have (account {staff_ids[0]}"
            f"{more}: a name kept for the database's own roles, such as gate, officer or "
            "admin, or not of the user name pattern). Nothing was set up; disable that "
            "account, or ask for it to be renamed, first."
        )


class NotAnActiveAdministrator(DomainError):
    """A name given to ``--reset-admin`` is not an active administrator account."""

    code = "database.reset_admin_not_admin"

    def __init__(self, position: int, given: int) -> None:
        which = "the user name given" if given == 1 else f"user name {position} of {given} given"
        super().__init__(
            f"Administrator to reset: {which} is not an active administrator account. "
            "Nothing was set up."
        )


@dataclass(frozen=True)
class RolesSetUp:
    prefix: str
    gate_login: str
    #: Active accounts whose login has no password yet: an administrator resets each.
    needing_reset: list[str]
    #: Administrators given a temporary password by the owner (``--reset-admin``): each can
    #: sign in with it and must change it.
    reset_admins: list[str] = field(default_factory=list)


def _logins(uow: UnitOfWork) -> LoginRepository:
    return LoginRepository(uow.session)


def roles_prefix(uow: UnitOfWork) -> str | None:
    """Inside the caller's unit of work: the role prefix when the database has logins."""
    return _logins(uow).prefix()


def forget_stored_roles_prefix(uow: UnitOfWork) -> bool:
    """Inside the caller's unit of work: the role prefix a restored backup's ``resettle_meta``
    holds removed (a backup's word is never taken for whose logins these are); whether it
    held one."""
    return _logins(uow).forget_stored_prefix()


def accounts_no_login_may_have(uow: UnitOfWork) -> list[int]:
    """Inside the caller's unit of work: ids of accounts whose user name no login may have
    (only a backup changed by hand holds one: the accounts service refuses them)."""
    return _logins(uow).accounts_no_login_may_have()


def setup_roles(
    uow: UnitOfWork,
    gate_password: str,
    prefix: str | None = None,
    *,
    reset_admins: Sequence[str] = (),
    temporary_password: str = "",
) -> RolesSetUp:
    """Run by the database owner (who ran the migrations and holds CREATEROLE), once, and
    again after new migrations: group roles, the gate login, the access functions, grants and
    row-level security, and a login role for every existing account.

    ``reset_admins``: active administrators given ``temporary_password`` as an administrator's
    reset gives it (password rules, the application's hash, a change required at the next
    sign-in, any lock lifted, the login's password, audited with no acting account), so that
    someone can sign in to reset the others. A name that is not an active administrator, or a
    password that breaks a rule, refuses the whole command: nothing is set up."""
    names = list(dict.fromkeys(reset_admins))
    with uow:
        logins = _logins(uow)
        if not logins.on_postgres:
            raise RolesNeedPostgres()
        chosen = prefix or logins.prefix() or default_prefix(_database_name(uow))
        try:
            require_prefix(chosen)
        except ValueError as error:
            raise BadRolePrefix(str(error)) from None
        if not gate_password:
            raise BadRolePrefix("Gate password: it may not be empty.")
        unusable = logins.accounts_no_login_may_have()
        if unusable:
            raise AccountNamesNoLoginMayHave(unusable)
        admins = _active_administrators(uow, names)
        for row in admins.values():
            give_temporary_password(row, temporary_password)
        logins.set_up(chosen, gate_password)
        needing: list[str] = []
        for staff_id, username, active in uow.session.execute(
            text("SELECT id, username, active FROM staff ORDER BY username")
        ):
            logins.sync(staff_id)
            if staff_id in admins:
                set_login_password(uow, staff_id, temporary_password)
                audit.record_without_actor(
                    uow, AuditAction.ACCOUNT_PASSWORD_RESET, staff_id, by_database_owner=True
                )
            elif active and not logins.has_password(chosen, username):
                needing.append(username)
        uow.commit()
    log.info(
        "Database roles set up (prefix %s; administrators reset: %d; accounts to reset: %d)",
        chosen,
        len(admins),
        len(needing),
    )
    return RolesSetUp(
        prefix=chosen,
        gate_login=group_name(chosen, "gate"),
        needing_reset=needing,
        reset_admins=names,
    )


def _active_administrators(uow: UnitOfWork, names: list[str]) -> dict[int, StaffRow]:
    """The named accounts by id, each an active administrator (else refused)."""
    admins = uow.accounts.active_holders(Role.ADMIN.value)
    rows: dict[int, StaffRow] = {}
    for position, name in enumerate(names, start=1):
        row = uow.staff.by_username(name.strip())
        if row is None or row.id not in admins:
            raise NotAnActiveAdministrator(position, len(names))
        rows[row.id] = row
    return rows


def reapply_roles(uow: UnitOfWork, prefix: str) -> None:
    """After a restore into a database whose roles were set up (``prefix``): this version's
    functions, grants and row-level security again, whatever the backup held
    (``LoginRepository.reapply``); the owner runs it, as the restore."""
    try:
        require_prefix(prefix)
    except ValueError as error:
        raise BadRolePrefix(str(error)) from None
    with uow:
        _logins(uow).reapply(prefix)
        uow.commit()
    log.info("Database roles re-applied after a restore (prefix %s)", prefix)


def _database_name(uow: UnitOfWork) -> str:
    return str(uow.session.scalar(text("SELECT current_database()")))


def sync_login(uow: UnitOfWork, staff_id: int) -> None:
    """Inside the caller's unit of work (it commits)."""
    sync_slot(uow, staff_id)
    logins = _logins(uow)
    if logins.prefix() is not None:
        logins.sync(staff_id)


def set_login_password(uow: UnitOfWork, staff_id: int, password: str) -> None:
    """Inside the caller's unit of work (it commits)."""
    set_slot_password(uow, staff_id, password)
    logins = _logins(uow)
    prefix = logins.prefix()
    if prefix is None:
        return
    row = uow.staff.get(staff_id)
    if row is not None:
        logins.set_password(prefix, staff_id, row.username, password)


def signed_in_prefix(uow: UnitOfWork) -> str | None:
    """Inside the caller's unit of work: the role prefix when this session is an account's
    own login (the app connected as the signed-in person), else None."""
    logins = _logins(uow)
    prefix = logins.prefix()
    if prefix is None or logins.signed_in_staff_id() is None:
        return None
    return prefix


def gate_status(uow: UnitOfWork) -> tuple[bool, bool] | None:
    """Inside the caller's unit of work: (has accounts, demo data) when connected through the
    gate login (which reads no table), else None."""
    logins = _logins(uow)
    return logins.gate_status() if logins.through_gate() else None


def login_password_opens(uow: UnitOfWork, prefix: str, username: str, password: str) -> bool:
    """Whether the password opens the signed-in account's own login (PostgreSQL checks it,
    and refuses any password while the account is locked); a wrong one counts towards the
    lock and is audited, as a refused sign-in is. Commits the lifting of a lock whose time
    has run out first, so the server sees it."""
    logins = _logins(uow)
    logins.own_before_sign_in()
    uow.commit()
    if logins.password_opens(prefix, username, password):
        logins.clear_own_failures()
        return True
    logins.own_sign_in_failed()
    return False


def own_password_changed(uow: UnitOfWork, password_hash: str) -> None:
    _logins(uow).own_password_changed(password_hash)


def clear_own_failures(uow: UnitOfWork) -> None:
    _logins(uow).clear_own_failures()


def setup_database_roles(
    settings: Settings,
    gate_password: str,
    prefix: str | None = None,
    *,
    reset_admins: Sequence[str] = (),
    temporary_password: str = "",
) -> RolesSetUp:
    """``resettle db setup-roles``: the configured database (upgraded first), set up."""
    database = open_database(settings.database_url)
    try:
        return setup_roles(
            database.uow(),
            gate_password,
            prefix,
            reset_admins=reset_admins,
            temporary_password=temporary_password,
        )
    finally:
        database.close()
