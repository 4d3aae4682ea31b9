"""Signing in and passwords: the only way to act as an account is its password.

- ``sign_in`` checks the password (argon2id, ``services/passwords.py``), counts failures and
  locks the account for 15 minutes after 5 in a row (``domain/lockout.py``), rehashes a
  password whose stored hash has older parameters, and audits every success, failure and lock
  without the password. Every refusal has the same words, so they do not reveal whether a
  user name exists, is locked or is disabled.
- ``actor_in_state`` is checked in every user action's own transaction (``Workspace.run``,
  ``services/acting_account.py``): a disabled account is refused at its next action, a change
  of roles applies at once, and an account whose password an administrator reset may do
  nothing until it changes it.
- ``change_password`` (by the account) and ``reset_password`` (by an administrator, forcing a
  change at the next sign-in) apply the password policy (``domain/password_policy.py``).
- ``create_first_admin`` makes the first account of a database that has none.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import NoReturn

from resettle.domain.accounts import checked_account_names
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import DomainError
from resettle.domain.lockout import (
    LOCK_DURATION,
    LOCK_MINUTES,
    MAX_FAILED_ATTEMPTS,
    SignInState,
    after_success,
    is_locked,
    locks_at,
)
from resettle.domain.password_policy import require_acceptable_password
from resettle.domain.permissions import InactiveAccount, Permission, require
from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.domain.staff import Actor, Role
from resettle.services import audit, database_logins, passwords, sign_in_failures
from resettle.services.database_logins import set_login_password, sync_login
from resettle.services.read_only_storage import (
    FILE_ONLY,
    read_only_reason,
    write_unless_unwritable,
)
from resettle.services.storage_errors import driver_code
from resettle.services.temporary_password import give_temporary_password, set_password_hash
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.engine import database_key
from resettle.storage.errors import NotFound
from resettle.storage.repositories.access import AccountState
from resettle.storage.tables.staff import StaffRow

REFUSED_MESSAGE = (
    "Sign-in refused: the user name or password is not right, or the account is locked for "
    "15 minutes after 5 wrong passwords, or it is disabled. Ask an administrator if it "
    "goes on."
)

log = logging.getLogger(__name__)


class SignInRefused(DomainError):
    code = "account.sign_in_refused"

    def __init__(self) -> None:
        super().__init__(REFUSED_MESSAGE)


class PasswordChangeRequired(DomainError):
    code = "account.password_change_required"

    def __init__(self) -> None:
        super().__init__(
            "An administrator set your password: choose your own before you go on (in the "
            "app, or with resettle --user NAME accounts change-password)."
        )


class WrongCurrentPassword(DomainError):
    code = "account.wrong_current_password"

    def __init__(self) -> None:
        super().__init__("Current password: that is not your current password.")


class AccountsExist(DomainError):
    code = "account.accounts_exist"

    def __init__(self) -> None:
        super().__init__(
            "This database already has an administrator: an administrator creates new "
            "accounts (Administration, or resettle accounts create)."
        )


class SamePassword(DomainError):
    code = "account.same_password"

    def __init__(self) -> None:
        super().__init__("New password: choose a password different from the current one.")


@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    must_change_password: bool
    #: Signed in on a database that cannot be written (the sign-in logged, not audited): why.
    read_only_because: ReadOnlyBecause | None = None


def actor_of(uow: UnitOfWork, row: StaffRow) -> Actor:
    roles = uow.access.roles_of(row.id)
    if not roles:
        raise InactiveAccount()
    return Actor(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        roles=roles,
        establishment_id=uow.staff.first_establishment(row.id),
    )


def _state(row: StaffRow) -> SignInState:
    return SignInState(failed_attempts=row.failed_sign_ins, locked_until=row.locked_until)


def sign_in(
    uow: UnitOfWork, username: str, password: str, now: dt.datetime | None = None
) -> SignedIn:
    """The account, once its password is right and it is active and not locked."""
    with uow:
        return _sign_in(uow, username, password, now or utc_now())


def _sign_in(
    uow: UnitOfWork,
    username: str,
    password: str,
    now: dt.datetime,
    *,
    unlocking: bool = False,
) -> SignedIn:
    """Inside an open unit of work: commits the audit rows (and raises when refused). A
    success is audited as a sign-in, or as unlocking the window when ``unlocking``."""
    row = uow.staff.by_username(username.strip())
    if row is None:
        passwords.verify_for_unknown_user(password)
        _refuse(uow, None, "unknown_user")
    state = _state(row)
    if is_locked(state, now) or _held_in_memory(uow, row, now):
        passwords.verify_for_unknown_user(password)  # the same time as any other check
        _refuse(uow, row, "locked")
    if not passwords.verify_password(row.password_hash, password):
        _refuse(uow, row, "wrong_password", locks=_count_failure(uow, row, now))
    if not row.active:
        _refuse(uow, row, "disabled")
    _forget_unrecorded_failures(uow, row)
    cleared = after_success(state)
    rehashed = (
        passwords.hash_password(password) if passwords.needs_rehash(row.password_hash) else None
    )

    def settle() -> None:
        row.failed_sign_ins, row.locked_until = cleared.failed_attempts, cleared.locked_until
        if rehashed is not None:
            row.password_hash = rehashed

    return _admitted(uow, row, settle, unlocking=unlocking)


def sign_in_as_login(uow: UnitOfWork, username: str) -> SignedIn:
    """PostgreSQL with logins (``resettle db setup-roles``): the app has connected as the
    account's own login, so PostgreSQL checked the password (SCRAM) and that the login is
    enabled; the lock was checked through the gate before. Clears the failures and audits
    the sign-in as ``sign_in`` does."""
    with uow:
        row = uow.staff.by_username(username.strip())
        if row is None or not row.active:
            raise SignInRefused()
        database_logins.clear_own_failures(uow)
        return _admitted(uow, row)


def sign_in_by_key_slot(uow: UnitOfWork, username: str, now: dt.datetime | None = None) -> SignedIn:
    """An encrypted SQLite file (``services/encrypted_sign_in.py``): the password has just
    unwrapped the account's key slot, which is only ever wrapped under the account's current
    password, so it is not checked (nor argon2 run) a second time. The database's own lock
    and the account being active are checked, and the sign-in audited, as ``sign_in`` does."""
    with uow:
        row = uow.staff.by_username(username.strip())
        if row is None:
            raise SignInRefused()
        state = _state(row)
        if is_locked(state, now or utc_now()):
            _refuse(uow, row, "locked")
        if not row.active:
            _refuse(uow, row, "disabled")
        cleared = after_success(state)

        def settle() -> None:
            row.failed_sign_ins, row.locked_until = cleared.failed_attempts, cleared.locked_until

        return _admitted(uow, row, settle)


def _admitted(
    uow: UnitOfWork,
    row: StaffRow,
    settle: Callable[[], None] | None = None,
    *,
    unlocking: bool = False,
) -> SignedIn:
    """The end of every successful sign-in (or unlock): the actor, audited, committed.
    ``settle`` changes the account's row (its failures cleared, its password rehashed): it
    runs with the audit row, after everything is read, so that on a database that cannot be
    written its refused update rolls back with the audit row (an update made before would be
    flushed by the next read, outside ``write_unless_unwritable``)."""
    actor = actor_of(uow, row)
    must_change = row.must_change_password
    account_id = row.id
    action = AuditAction.ACCOUNT_SCREEN_UNLOCKED if unlocking else AuditAction.ACCOUNT_SIGNED_IN

    def write() -> None:
        if settle is not None:
            settle()
        audit.record(
            uow,
            actor,
            AuditAction.ACCOUNT_SCREEN_UNLOCKED if unlocking else AuditAction.ACCOUNT_SIGNED_IN,
            account_id,
            person_id=None,
        )

    # A full disk or a read-only database: the account signs in to read, and the sign-in is
    # logged instead (codes and ids; services/read_only_storage.py).
    because = write_unless_unwritable(
        uow,
        write,
        action.value,
        "account %s signed in; the database cannot be written",
        actor.id,
    )
    return SignedIn(actor=actor, must_change_password=must_change, read_only_because=because)


def _unrecorded_key(uow: UnitOfWork, row: StaffRow) -> str:
    """The name the account's uncounted failures are kept under (``sign_in_failures``)."""
    return sign_in_failures.account_key(
        database_key(uow.session.get_bind().engine.url), row.username
    )


def _held_in_memory(uow: UnitOfWork, row: StaffRow, now: dt.datetime) -> bool:
    """Whether the account is locked by wrong passwords the database could not count
    (kept in a private file, or this process's memory: ``services/sign_in_failures.py``)."""
    return sign_in_failures.UNRECORDED.is_locked(_unrecorded_key(uow, row), now)


def _forget_unrecorded_failures(uow: UnitOfWork, row: StaffRow) -> None:
    sign_in_failures.UNRECORDED.forget(_unrecorded_key(uow, row))


def _count_failure(uow: UnitOfWork, row: StaffRow, now: dt.datetime) -> bool:
    """Count a wrong password in the database itself (two at once both count); True when it
    locks the account (``domain/lockout.py``). When the database cannot be written, it is
    counted outside it instead (``services/sign_in_failures.py``), and logged."""
    key = _unrecorded_key(uow, row)
    account_id = row.id  # read now: the rollback below expires the row
    try:
        attempts = uow.staff.count_failed_sign_in(row.id, now)
        if attempts is None or not locks_at(attempts):
            return False
        return uow.staff.lock_after_failures(row.id, MAX_FAILED_ATTEMPTS, now + LOCK_DURATION)
    except Exception as error:
        because = read_only_reason(error)
        if because is None:
            raise
        uow.session.rollback()
        locks, attempts = sign_in_failures.UNRECORDED.add(key, now)
        log.warning(
            "Wrong password NOT COUNTED in the database (%s, %s): account %s, %s in a row "
            "kept outside it%s",
            because.value,
            driver_code(error),
            account_id,
            attempts,
            ", locked" if locks else "",
            extra=FILE_ONLY,  # the command says it in its own words
        )
        return locks


def _refuse(uow: UnitOfWork, row: StaffRow | None, reason: str, locks: bool = False) -> NoReturn:
    """Audit the refusal (and the lock) and raise :class:`SignInRefused`. When the database
    cannot be written the refusal is logged instead (codes and ids) and still refused, in the
    same words: a read-only database does not reveal whether a user name exists either."""
    account_id = row.id if row is not None else None
    rows: list[tuple[AuditAction, dict[str, object]]] = [
        (AuditAction.ACCOUNT_SIGN_IN_FAILED, {"reason": reason})
    ]
    if locks:
        rows.append((AuditAction.ACCOUNT_LOCKED, {"minutes": LOCK_MINUTES}))

    def write() -> None:
        for action, details in rows:
            audit.record_without_actor(uow, action, account_id, **details)

    write_unless_unwritable(
        uow,
        write,
        ", ".join(action.value for action, _details in rows),
        "account %s refused (%s)",
        account_id,
        reason,
    )
    raise SignInRefused()


def check_password(actor: Actor, uow: UnitOfWork, password: str) -> bool:
    """Unlocking a locked window: the signed-in account's password, with the same failure
    count and lock as signing in (five wrong passwords lock the account). Audited as an
    unlock (``account.screen_unlocked``), not as another sign-in."""
    with uow:
        prefix = database_logins.signed_in_prefix(uow)
        if prefix is not None:
            right = database_logins.login_password_opens(uow, prefix, actor.username, password)
            if right:
                audit.record(
                    uow, actor, AuditAction.ACCOUNT_SCREEN_UNLOCKED, actor.id, person_id=None
                )
            uow.commit()
            return right
        try:
            _sign_in(uow, actor.username, password, utc_now(), unlocking=True)
        except SignInRefused:
            return False
        return True


def current_actor(actor: Actor, uow: UnitOfWork, *, changing_password: bool = False) -> Actor:
    """The signed-in account as it is now: refused when disabled or when its password must
    be changed first; its roles as they are now. (``Workspace.run`` makes the same check
    inside each action's own transaction: ``services/acting_account.py``.)"""
    with uow:
        checked = uow.checked_account
        state = checked[1] if checked and checked[0] == actor.id else None
        state = state or uow.access.account_state(actor.id)
    return actor_in_state(actor, state, changing_password=changing_password)


def actor_in_state(
    actor: Actor, state: AccountState | None, *, changing_password: bool = False
) -> Actor:
    """The actor as ``state`` (the account as read now) says: refused when disabled or when
    its password must be changed first (unless this is the change)."""
    if state is None or not state.active or not state.roles:
        raise InactiveAccount()
    if state.must_change_password and not changing_password:
        raise PasswordChangeRequired()
    if (state.roles, state.establishment_id) == (actor.roles, actor.establishment_id):
        return actor
    return actor.model_copy(
        update={"roles": state.roles, "establishment_id": state.establishment_id}
    )


def change_password(actor: Actor, uow: UnitOfWork, current: str, new: str) -> None:
    with uow:
        row = uow.staff.get(actor.id)
        if row is None or not row.active:
            raise InactiveAccount()
        prefix = database_logins.signed_in_prefix(uow)
        if prefix is not None:
            _change_own_login_password(uow, prefix, row, current, new)
        else:
            if not passwords.verify_password(row.password_hash, current):
                raise WrongCurrentPassword()
            require_acceptable_password(new, row.username, row.display_name)
            if passwords.verify_password(row.password_hash, new):
                raise SamePassword()
            set_password_hash(row, new, must_change=False)
            set_login_password(uow, row.id, new)
        audit.record(uow, actor, AuditAction.ACCOUNT_PASSWORD_CHANGED, row.id, person_id=None)
        uow.commit()


def _change_own_login_password(
    uow: UnitOfWork, prefix: str, row: StaffRow, current: str, new: str
) -> None:
    """Signed in as the account's own login, which may not read password hashes: PostgreSQL
    checks the current password, and the login sets its own (``ALTER ROLE CURRENT_USER``)."""
    if not database_logins.login_password_opens(uow, prefix, row.username, current):
        uow.commit()  # the wrong password counts towards the lock, as at sign-in
        raise WrongCurrentPassword()
    require_acceptable_password(new, row.username, row.display_name)
    if new == current:
        raise SamePassword()
    database_logins.own_password_changed(uow, passwords.hash_password(new))
    set_login_password(uow, row.id, new)


def reset_password(actor: Actor, uow: UnitOfWork, staff_id: int, temporary: str) -> None:
    """An administrator sets a temporary password: the account must change it at its next
    sign-in, and any lock is lifted."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    with uow:
        row = uow.staff.get(staff_id)
        if row is None:
            raise NotFound("There is no such account.")
        give_temporary_password(row, temporary)
        set_login_password(uow, row.id, temporary)
        audit.record(uow, actor, AuditAction.ACCOUNT_PASSWORD_RESET, row.id, person_id=None)
        uow.commit()


def has_accounts(uow: UnitOfWork) -> bool:
    """Read before anyone signs in: through the gate's function on the gate login."""
    with uow:
        through_gate = database_logins.gate_status(uow)
        if through_gate is not None:
            return through_gate[0]
        return uow.staff.count() > 0


def create_first_admin(uow: UnitOfWork, username: str, display_name: str, password: str) -> Actor:
    """The first administrator of a database where no administrator can sign in: a new
    database, or one upgraded from before accounts (migration 0012 leaves every account
    without a password, so without this nobody could ever sign in again). Refused while an
    active administrator has a password; audited like any new account."""
    username, display_name = checked_account_names(username, display_name)
    require_acceptable_password(password, username, display_name)
    with uow:
        if uow.staff.admins_who_can_sign_in():
            raise AccountsExist()
        row = uow.staff.add(StaffRow(username=username, display_name=display_name, active=True))
        uow.staff.add_role(row.id, Role.ADMIN.value)
        set_password_hash(row, password, must_change=False)
        sync_login(uow, row.id)
        set_login_password(uow, row.id, password)
        actor = actor_of(uow, row)
        audit.record(
            uow, actor, AuditAction.STAFF_CREATED, row.id, person_id=None, roles=[Role.ADMIN.value]
        )
        uow.commit()
        return actor
