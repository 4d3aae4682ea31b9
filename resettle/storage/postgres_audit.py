"""The audit trail on PostgreSQL with logins (part of what ``resettle db setup-roles`` runs).

- No login inserts into ``audit_log`` or moves ``audit_head`` itself: a login appends through
  ``resettle_audit_append``, an owner-defined function whose actor is the session's login
  (``resettle_login_staff_id()``, never an argument) and whose time is the server's
  (``clock_timestamp()``, taken under the head's row lock, so times follow the sequence).
  A row with no actor is allowed only for the actions of ``ACTORLESS`` about the login's own
  account; the action must be one Resettle knows, its entity type the action's own, and the
  details a JSON object. Nobody but the owner updates, deletes or truncates audit rows.
- The sign-in gate writes its rows from SQL (``postgres_gate.py``) through
  ``resettle_audit_append_system``, an owner-only function appending a row with no actor.
- Both functions link the row into the chain in the database, under the head's row lock, with
  one body written here (``_append_body``): the same canonical content as the Python path
  (``domain/audit_chain.py``), so only the line layout and the time's format are written a
  second time here (tests verify chains mixing the owner's, the logins' and the gate's rows).
  Details reach them as canonical JSON text (``canonical_details``): details in another
  layout would hash differently from what ``audit verify`` recomputes, and be reported.
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
#: The logins' append (``repositories/audit.py`` calls it); executed by the staff group only.
APPEND = "resettle_audit_append(text, text, integer, integer, text, boolean)"
#: Rows a login may write with no actor: its own refused sign-ins and lock.
ACTORLESS = (AuditAction.ACCOUNT_SIGN_IN_FAILED, AuditAction.ACCOUNT_LOCKED)
#: The time as ``domain.audit_chain.canonical_time`` writes it.
CANONICAL_TIME = "to_char(head.last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
DEFINER = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp"


def _append_body(actor: str, person: str, checks: str = "", declare: str = "") -> str:
    """A PL/pgSQL body appending one row, the actor and person as SQL expressions over the
    function's variables, after ``checks``; the arguments are ``p_action``,
    ``p_entity_type``, ``p_entity_id`` and ``p_details`` (canonical JSON text)."""
    line = "|| E'\\n' ||"
    content = f" {line} ".join(
        (
            "head.last_hash",
            "head.last_seq::text",
            CANONICAL_TIME,
            f"coalesce(({actor})::text, '')",
            "p_action",
            "p_entity_type",
            "coalesce(p_entity_id::text, '')",
            f"coalesce(({person})::text, '')",
            "p_details",
        )
    )
    return f"""
DECLARE
  head audit_head%ROWTYPE;
  new_hash text;
  {declare}
BEGIN
  {checks}
  UPDATE audit_head SET last_seq = last_seq + 1, last_at = clock_timestamp()
    WHERE id = {HEAD_ID} RETURNING * INTO head;
  new_hash := encode(sha256(convert_to({content}, 'UTF8')), 'hex');
  UPDATE audit_head SET last_hash = new_hash WHERE id = {HEAD_ID};
  INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, person_id, details,
    seq, row_hash)
  VALUES (head.last_at, {actor}, p_action, p_entity_type, p_entity_id, {person},
    p_details::json, head.last_seq, new_hash);
END"""


def _refuse(condition: str, message: str) -> str:
    return (
        f"IF {condition} THEN RAISE EXCEPTION {quote_literal(message)} "
        "USING ERRCODE = 'insufficient_privilege'; END IF;"
    )


def _login_checks() -> str:
    """Who may append what: an active account's login, a known action with its own entity
    type, details a JSON object, and no actor only for its own refused sign-in or lock."""
    known = ", ".join(
        f"({quote_literal(action.value)}, {quote_literal(action.entity_type)})"
        for action in AuditAction
    )
    actorless = ", ".join(quote_literal(action.value) for action in ACTORLESS)
    return " ".join(
        (
            "me := resettle_login_staff_id();",
            _refuse("me IS NULL", "only an active account appends audit rows"),
            _refuse(
                f"NOT EXISTS (SELECT 1 FROM (VALUES {known}) known(action, entity_type) "
                "WHERE known.action = p_action AND known.entity_type = p_entity_type)",
                "not an audit action of Resettle",
            ),
            _refuse(
                "json_typeof(p_details::json) IS DISTINCT FROM 'object'",
                "audit details must be a JSON object",
            ),
            _refuse(
                f"p_actorless AND NOT (p_action IN ({actorless}) "
                "AND p_entity_id IS NOT DISTINCT FROM me AND p_person_id IS NULL)",
                "a row with no actor is only a refused sign-in or lock of the login's account",
            ),
        )
    )


def append_functions_sql() -> list[str]:
    login_body = _append_body(
        "CASE WHEN p_actorless THEN NULL ELSE me END",
        "p_person_id",
        _login_checks(),
        "me integer;",
    )
    return [
        "CREATE OR REPLACE FUNCTION resettle_audit_append_system(p_action text, "
        f"p_entity_type text, p_entity_id integer, p_details text) RETURNS void {DEFINER} "
        f"AS $fn$ {_append_body('NULL::integer', 'NULL::integer')} $fn$",
        f"REVOKE ALL ON FUNCTION {APPEND_SYSTEM} FROM PUBLIC",
        "CREATE OR REPLACE FUNCTION resettle_audit_append(p_action text, p_entity_type text, "
        "p_entity_id integer, p_person_id integer, p_details text, p_actorless boolean) "
        f"RETURNS void {DEFINER} AS $fn$ {login_body} $fn$",
        f"REVOKE ALL ON FUNCTION {APPEND} FROM PUBLIC",
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
    """Logins read the chain head; they neither insert audit rows nor move the head (the
    setup revokes every table privilege first, so an earlier setup's grants go)."""
    staff = quote_ident(group_name(prefix, STAFF_GROUP))
    return [f"GRANT SELECT ON {HEAD_TABLE} TO {staff}"]


def audit_policies_sql(prefix: str) -> list[str]:
    """Every login reads the columns granted it; nobody inserts (an earlier setup's insert
    policy is dropped with the others)."""
    staff = quote_ident(group_name(prefix, STAFF_GROUP))
    statements = [f"ALTER TABLE {AUDIT_TABLE} ENABLE ROW LEVEL SECURITY"]
    statements += [f"DROP POLICY IF EXISTS {policy} ON {AUDIT_TABLE}" for policy in POLICY_NAMES]
    statements.append(
        f"CREATE POLICY resettle_read ON {AUDIT_TABLE} FOR SELECT TO {staff} USING (true)"
    )
    return statements
