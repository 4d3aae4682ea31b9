"""What a manager's caseload import may write on PostgreSQL (``services/caseload_import.py``),
and no more: a manager edits no profile.

- Insert people only onto a team the login manages, never restricted
  (:func:`manager_insert_policy_sql`; officers insert within their reach as before).
- Update no profile column (``postgres_writes``' grants: allocation, restriction and
  closure only, as before managers imported): a manager's import never updates a person
  already recorded (``domain/import_reach.py``).
- Add an import ledger row (append-only, as for officers) only naming themselves as the
  importer, for a person inserted in the same transaction (the row's ``xmin`` is the
  current transaction) who has no ledger row yet: a BEFORE INSERT trigger checks it for a
  login that is not an officer (:func:`ledger_guard_sql`).
"""

from __future__ import annotations

from resettle.domain.staff import Role
from resettle.storage.postgres_access import group_name, quote_ident, quote_literal

IMPORT_LEDGER = "import_ledger"
INSERT_POLICY = "resettle_insert_imported"
#: Today's earlier profile trigger for managers, dropped where a database still has it.
PROFILE_GUARD = "resettle_profile_guard"
PROFILE_TRIGGER = "resettle_profile_rules"
LEDGER_GUARD = "resettle_ledger_guard"
LEDGER_TRIGGER = "resettle_ledger_rules"


def manager_insert_policy_sql(prefix: str) -> str:
    manager = quote_ident(group_name(prefix, Role.MANAGER))
    return (
        f"CREATE POLICY {INSERT_POLICY} ON people FOR INSERT TO {manager} WITH CHECK ("
        "people.team_id = ANY ((SELECT resettle_managed_teams())::integer[]) "
        "AND NOT people.restricted)"
    )


def ledger_guard_sql() -> list[str]:
    """The trigger holding a non-officer's import ledger rows to the people their import made."""
    officer = quote_literal(Role.OFFICER.value)
    body = f"""
DECLARE
  me integer := resettle_login_staff_id();
BEGIN
  IF me IS NULL THEN RETURN NEW; END IF;
  IF EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = me AND r.role = {officer})
  THEN RETURN NEW; END IF;
  IF NEW.imported_by_id = me AND EXISTS (
    SELECT 1 FROM people p WHERE p.id = NEW.person_id
    AND p.xmin::text::bigint = txid_current() % 4294967296
  ) AND NOT EXISTS (SELECT 1 FROM {IMPORT_LEDGER} l WHERE l.person_id = NEW.person_id)
  THEN RETURN NEW; END IF;
  RAISE EXCEPTION 'A manager records an import only of a person their import made'
    USING ERRCODE = 'insufficient_privilege';
END"""
    definer = "SECURITY DEFINER SET search_path = public, pg_temp"
    return [
        f"DROP TRIGGER IF EXISTS {PROFILE_TRIGGER} ON people",
        f"DROP FUNCTION IF EXISTS {PROFILE_GUARD}()",
        f"CREATE OR REPLACE FUNCTION {LEDGER_GUARD}() RETURNS trigger "
        f"LANGUAGE plpgsql {definer} AS $fn$ {body} $fn$",
        f"REVOKE ALL ON FUNCTION {LEDGER_GUARD}() FROM PUBLIC",
        f"DROP TRIGGER IF EXISTS {LEDGER_TRIGGER} ON {IMPORT_LEDGER}",
        f"CREATE TRIGGER {LEDGER_TRIGGER} BEFORE INSERT ON {IMPORT_LEDGER} "
        f"FOR EACH ROW EXECUTE FUNCTION {LEDGER_GUARD}()",
    ]
