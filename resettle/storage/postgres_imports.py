"""What a manager's caseload import may write on PostgreSQL (``services/caseload_import.py``),
and no more: a manager edits no profile otherwise.

- Insert people only onto a team the login manages, never restricted
  (:func:`manager_insert_policy_sql`; officers insert within their reach as before).
- Update a person's profile columns only as an import does: the person is on a team the
  login manages, and an import ledger row records the version the row is at now (the import
  made or last updated them, and nobody has changed them since). A BEFORE UPDATE trigger
  checks it for a login that is not an officer (officers edit profiles anyway); allocation,
  restriction and closure, a manager's own columns, are not profile columns.
- Add import ledger rows for the people they reach (append-only, as for officers).
"""

from __future__ import annotations

from resettle.domain.staff import Role
from resettle.storage.postgres_access import group_name, quote_ident, quote_literal
from resettle.storage.tables.people import PersonRow

IMPORT_LEDGER = "import_ledger"
INSERT_POLICY = "resettle_insert_imported"
PROFILE_GUARD = "resettle_profile_guard"
PROFILE_TRIGGER = "resettle_profile_rules"


def profile_columns(not_profile: tuple[str, ...]) -> tuple[str, ...]:
    """``people``'s columns but those in ``not_profile`` (the caller's: keys, allocation,
    restriction, closure, kept sort keys and counts)."""
    return tuple(c.name for c in PersonRow.__table__.columns if c.name not in not_profile)


def manager_insert_policy_sql(prefix: str) -> str:
    manager = quote_ident(group_name(prefix, Role.MANAGER))
    return (
        f"CREATE POLICY {INSERT_POLICY} ON people FOR INSERT TO {manager} WITH CHECK ("
        "people.team_id = ANY ((SELECT resettle_managed_teams())::integer[]) "
        "AND NOT people.restricted)"
    )


def profile_guard_sql(profile: tuple[str, ...]) -> list[str]:
    """The trigger holding a manager's profile updates to what an import does."""
    new = ", ".join(f"NEW.{c}" for c in profile)
    old = ", ".join(f"OLD.{c}" for c in profile)
    officer = quote_literal(Role.OFFICER.value)
    body = f"""
DECLARE
  me integer := resettle_login_staff_id();
BEGIN
  IF me IS NULL OR ROW({new}) IS NOT DISTINCT FROM ROW({old}) THEN RETURN NEW; END IF;
  IF EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = me AND r.role = {officer})
  THEN RETURN NEW; END IF;
  IF NEW.team_id = ANY (resettle_managed_teams()) AND EXISTS (
    SELECT 1 FROM {IMPORT_LEDGER} l WHERE l.person_id = OLD.id AND l.person_version = OLD.version
  ) THEN RETURN NEW; END IF;
  RAISE EXCEPTION 'A manager changes a profile only by importing a person the import made, '
    'unchanged since' USING ERRCODE = 'insufficient_privilege';
END"""
    definer = "SECURITY DEFINER SET search_path = public, pg_temp"
    return [
        f"CREATE OR REPLACE FUNCTION {PROFILE_GUARD}() RETURNS trigger "
        f"LANGUAGE plpgsql {definer} AS $fn$ {body} $fn$",
        f"REVOKE ALL ON FUNCTION {PROFILE_GUARD}() FROM PUBLIC",
        f"DROP TRIGGER IF EXISTS {PROFILE_TRIGGER} ON people",
        f"CREATE TRIGGER {PROFILE_TRIGGER} BEFORE UPDATE ON people "
        f"FOR EACH ROW EXECUTE FUNCTION {PROFILE_GUARD}()",
    ]
