"""The audit trail on PostgreSQL with logins (part of what ``resettle db setup-roles`` runs).

- Every login appends through the chain head (``repositories/audit.py``), so each may read
  and update ``audit_head``; nobody but the owner updates, deletes or truncates audit rows.
- A login may insert only rows naming its own account as the actor (or, with no actor, a
  refused sign-in or lock of its own account): it cannot write rows in another's name.
- The sign-in gate writes its rows from SQL (``postgres_gate.py``) through
  ``resettle_audit_append_system``, an owner-only function that appends to the chain as the
  Python path does: the same canonical content (``domain/audit_chain.py``), with the details'
  canonical JSON computed in Python when the setup runs, so only the line layout and the
  time's format are written a second time here (a test verifies a chain the gate wrote to).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resettle.domain.audit_actions import AuditAction
from resettle.domain.audit_chain import canonical_details
from resettle.storage.postgres_access import (
    AUDIT_TABLE,
    POLICY_NAMES,
    STAFF_GROUP,
    group_name,
    quote_ident,
    quote_literal,
)
from resettle.storage.tables.audit import HEAD_ID

HEAD_TABLE = "audit_head"
APPEND_SYSTEM = "resettle_audit_append_system(text, text, integer, text)"
#: Rows a login may write with no actor: its own refused sign-ins and lock.
ACTORLESS = (AuditAction.ACCOUNT_SIGN_IN_FAILED, AuditAction.ACCOUNT_LOCKED)
#: The time as ``domain.audit_chain.canonical_time`` writes it.
CANONICAL_TIME = "to_char(head.last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"


def _append_system_body() -> str:
    line = "|| E'\\n' ||"
    content = f" {line} ".join(
        (
            "head.last_hash",
            "head.last_seq::text",
            CANONICAL_TIME,
            "''",  # no actor
            "p_action",
            "p_entity_type",
            "coalesce(p_entity_id::text, '')",
            "''",  # no person
            "p_details",
        )
    )
    return f"""
DECLARE
  head audit_head%ROWTYPE;
  new_hash text;
BEGIN
  UPDATE audit_head SET last_seq = last_seq + 1, last_at = CURRENT_TIMESTAMP
    WHERE id = {HEAD_ID} RETURNING * INTO head;
  new_hash := encode(sha256(convert_to({content}, 'UTF8')), 'hex');
  UPDATE audit_head SET last_hash = new_hash WHERE id = {HEAD_ID};
  INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, person_id, details,
    seq, row_hash)
  VALUES (head.last_at, NULL, p_action, p_entity_type, p_entity_id, NULL, p_details::json,
    head.last_seq, new_hash);
END"""


def append_system_sql() -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION resettle_audit_append_system(p_action text, "
        "p_entity_type text, p_entity_id integer, p_details text) RETURNS void "
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp "
        f"AS $fn$ {_append_system_body()} $fn$",
        f"REVOKE ALL ON FUNCTION {APPEND_SYSTEM} FROM PUBLIC",
    ]


def append_system_call(action: AuditAction, entity: str, details: Mapping[str, Any]) -> str:
    """A PL/pgSQL statement appending a row with no actor and no person; ``entity`` is SQL
    (an id expression or ``NULL``), ``details`` constants known when the setup runs."""
    return (
        f"PERFORM resettle_audit_append_system({quote_literal(action.value)}, "
        f"{quote_literal(action.entity_type)}, {entity}, "
        f"{quote_literal(canonical_details(details))});"
    )


def audit_grants_sql(prefix: str) -> list[str]:
    staff = quote_ident(group_name(prefix, STAFF_GROUP))
    return [f"GRANT SELECT, UPDATE (last_seq, last_hash, last_at) ON {HEAD_TABLE} TO {staff}"]


def audit_policies_sql(prefix: str) -> list[str]:
    """Every login reads the columns granted it; inserts only in its own name."""
    staff = quote_ident(group_name(prefix, STAFF_GROUP))
    me = "(SELECT resettle_login_staff_id())"
    actorless = ", ".join(quote_literal(action.value) for action in ACTORLESS)
    own = f"actor_id = {me} OR (actor_id IS NULL AND action IN ({actorless}) AND entity_id = {me})"
    statements = [f"ALTER TABLE {AUDIT_TABLE} ENABLE ROW LEVEL SECURITY"]
    statements += [f"DROP POLICY IF EXISTS {policy} ON {AUDIT_TABLE}" for policy in POLICY_NAMES]
    statements += [
        f"CREATE POLICY resettle_read ON {AUDIT_TABLE} FOR SELECT TO {staff} USING (true)",
        f"CREATE POLICY resettle_insert ON {AUDIT_TABLE} FOR INSERT TO {staff} WITH CHECK ({own})",
    ]
    return statements
