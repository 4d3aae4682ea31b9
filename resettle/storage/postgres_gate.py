"""Signing in on PostgreSQL: the failed sign-in count, the lock, and what the gate may ask
(the SQL ``resettle db setup-roles`` runs; ``postgres_access.py`` has the rest).

- A refused sign-in is counted and audited as ``services/authentication.py`` does on SQLite
  (``domain/lockout.py``'s numbers). The gate login reports refusals of the sign-in dialog by
  user name (``resettle_gate_sign_in_failed``); a signed-in login reports only its own
  (``resettle_own_sign_in_failed``: unlocking the window, changing its password). Staff
  logins cannot report anyone else's.
- The lock is enforced by PostgreSQL: while ``staff.locked_until`` is ahead, the account's
  login role's password has expired (``VALID UNTIL '-infinity'``), so a right password is
  refused exactly as a wrong one, by psql too. A trigger on ``staff`` keeps the role in step
  with every change of ``locked_until`` (the lock, an administrator's unlock or password
  reset, a successful sign-in). A lock that has run out is lifted the next time a sign-in is
  tried through Resettle (``resettle_gate_before_sign_in`` / ``resettle_own_before_sign_in``).
- Nothing the gate may call says whether a user name exists: its sign-in functions return
  nothing, for a locked, unknown or disabled account alike.
"""

from __future__ import annotations

from resettle.domain.audit_actions import AuditAction
from resettle.domain.lockout import LOCK_MINUTES, MAX_FAILED_ATTEMPTS
from resettle.storage.postgres_access import PREFIX_KEY, quote_literal
from resettle.storage.postgres_audit import append_system_call

DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"
#: Functions nobody but the owner executes (the gate's and the logins' own call them).
OWNER_ONLY = ("resettle_sign_in_failed_of(text)", "resettle_lift_ended_lock_of(text)")
#: Functions of earlier setups, dropped when the setup runs again.
RETIRED = ("resettle_gate_locked(text)",)
GATE_CALLS = ("resettle_gate_before_sign_in(text)", "resettle_gate_sign_in_failed(text)")
OWN_CALLS = ("resettle_own_before_sign_in()", "resettle_own_sign_in_failed()")
LOCKED_LOGIN = "-infinity"
OPEN_LOGIN = "infinity"


def _audit(action: AuditAction, entity: str, details: dict[str, object]) -> str:
    """A row with no actor, appended to the audit chain (``postgres_audit.py``)."""
    return append_system_call(action, entity, details)


def _reason(code: str) -> dict[str, object]:
    return {"reason": code}


def _sign_in_failed_body() -> str:
    failed = AuditAction.ACCOUNT_SIGN_IN_FAILED
    locked = AuditAction.ACCOUNT_LOCKED
    return f"""
DECLARE
  account staff%ROWTYPE;
  attempts integer;
BEGIN
  SELECT * INTO account FROM staff WHERE username = btrim(p_username) FOR UPDATE;
  IF NOT FOUND THEN
    {_audit(failed, "NULL", _reason("unknown_user"))}
    RETURN;
  END IF;
  IF account.locked_until IS NOT NULL AND now() < account.locked_until THEN
    {_audit(failed, "account.id", _reason("locked"))}
    RETURN;
  END IF;
  IF NOT account.active THEN
    {_audit(failed, "account.id", _reason("disabled"))}
    RETURN;
  END IF;
  attempts := account.failed_sign_ins + 1;
  IF attempts >= {MAX_FAILED_ATTEMPTS} THEN
    UPDATE staff SET failed_sign_ins = 0,
      locked_until = now() + interval '{LOCK_MINUTES} minutes' WHERE id = account.id;
    {_audit(failed, "account.id", _reason("wrong_password"))}
    {_audit(locked, "account.id", {"minutes": LOCK_MINUTES})}
  ELSE
    UPDATE staff SET failed_sign_ins = attempts, locked_until = NULL WHERE id = account.id;
    {_audit(failed, "account.id", _reason("wrong_password"))}
  END IF;
END"""


def _login_follows_lock_body() -> str:
    """The trigger: the login's password expires while the account is locked."""
    return f"""
DECLARE
  login text;
BEGIN
  login := (SELECT value FROM resettle_meta WHERE key = {quote_literal(PREFIX_KEY)})
    || '_' || NEW.username;
  IF login IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
    RETURN NULL;
  END IF;
  IF NEW.locked_until IS NOT NULL AND now() < NEW.locked_until THEN
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', login, {quote_literal(LOCKED_LOGIN)});
  ELSE
    EXECUTE format('ALTER ROLE %I VALID UNTIL %L', login, {quote_literal(OPEN_LOGIN)});
  END IF;
  RETURN NULL;
END"""


def _own_username() -> str:
    return "(SELECT username FROM staff WHERE id = resettle_login_staff_id())"


def sign_in_functions_sql() -> list[str]:
    """The count, the lock and its trigger, and the calls of the gate and of the logins."""
    lift = (
        "UPDATE staff SET locked_until = NULL WHERE username = btrim(p_username) "
        "AND locked_until IS NOT NULL AND locked_until <= now()"
    )
    return [
        *(f"DROP FUNCTION IF EXISTS {function}" for function in RETIRED),
        "CREATE OR REPLACE FUNCTION resettle_sign_in_failed_of(p_username text) RETURNS void "
        f"LANGUAGE plpgsql {DEFINER} AS $fn$ {_sign_in_failed_body()} $fn$",
        "CREATE OR REPLACE FUNCTION resettle_lift_ended_lock_of(p_username text) RETURNS void "
        f"LANGUAGE sql {DEFINER} AS $fn$ {lift} $fn$",
        "CREATE OR REPLACE FUNCTION resettle_gate_sign_in_failed(p_username text) "
        f"RETURNS void LANGUAGE sql {DEFINER} AS $fn$ "
        "SELECT resettle_sign_in_failed_of(p_username) $fn$",
        "CREATE OR REPLACE FUNCTION resettle_gate_before_sign_in(p_username text) "
        f"RETURNS void LANGUAGE sql {DEFINER} AS $fn$ "
        "SELECT resettle_lift_ended_lock_of(p_username) $fn$",
        "CREATE OR REPLACE FUNCTION resettle_own_sign_in_failed() RETURNS void "
        f"LANGUAGE sql {DEFINER} AS $fn$ SELECT resettle_sign_in_failed_of(u) "
        f"FROM {_own_username()} own(u) WHERE u IS NOT NULL $fn$",
        "CREATE OR REPLACE FUNCTION resettle_own_before_sign_in() RETURNS void "
        f"LANGUAGE sql {DEFINER} AS $fn$ SELECT resettle_lift_ended_lock_of(u) "
        f"FROM {_own_username()} own(u) WHERE u IS NOT NULL $fn$",
        "CREATE OR REPLACE FUNCTION resettle_login_follows_lock() RETURNS trigger "
        f"LANGUAGE plpgsql {DEFINER} AS $fn$ {_login_follows_lock_body()} $fn$",
        "CREATE OR REPLACE TRIGGER resettle_login_follows_lock AFTER UPDATE OF locked_until "
        "ON staff FOR EACH ROW WHEN (OLD.locked_until IS DISTINCT FROM NEW.locked_until) "
        "EXECUTE FUNCTION resettle_login_follows_lock()",
        *(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC" for function in OWNER_ONLY),
        "REVOKE ALL ON FUNCTION resettle_login_follows_lock() FROM PUBLIC",
    ]
