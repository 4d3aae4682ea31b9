"""The audit trail on PostgreSQL with logins (part of what ``resettle db setup-roles`` runs).

- No login inserts into ``audit_log`` or moves ``audit_head`` itself: a login appends through
  ``resettle_audit_append``, an owner-defined function whose actor is the session's login
  (``resettle_login_staff_id()``, never an argument) and whose time is the server's
  (``clock_timestamp()``, taken under the head's row lock, so times follow the sequence).
  A row with no actor is allowed only for the actions of ``ACTORLESS`` about the login's own
  account; the action must be one Resettle knows (not one of ``OWNER_ONLY``), its entity type
  the action's own, and a row about a person only for a person the login reaches (the people
  read policy's condition, tested here because the function runs as the owner, past the
  policy). Nobody but the owner updates, deletes or truncates audit rows.
- Every append goes through one owner-only function, ``resettle_audit_append_as(actor, ...)``
  (``_append_body``): the login's function after its checks, the sign-in gate's
  ``resettle_audit_append_system`` (``postgres_gate.py``) and the erasure
  (``postgres_erasure.py``, which alone writes ``person.erased``). No login executes it.
- The body links the row into the chain in the database, under the head's row lock, with the
  same canonical content as the Python path (``domain/audit_chain.py``): only the line layout
  and the time's format are written a second time here (tests verify chains mixing the
  owner's, the logins' and the gate's rows).
- The details must keep the rule of ``domain/audit_details.py`` (codes, no words; a size cap):
  ``resettle_audit_canonical`` checks them and writes their canonical JSON itself (sorted
  keys, no spaces), which is what is stored and hashed, so details passed in any JSON layout
  hash as ``audit verify`` recomputes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resettle.domain.audit_actions import AuditAction
from resettle.domain.audit_chain import canonical_details
from resettle.domain.audit_details import (
    CODE_PATTERN,
    MAX_CANONICAL_CHARACTERS,
    MAX_INTEGER,
    RETIRED_KEYS,
)
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
#: The one append body, owner-only: the other appends call it.
APPEND_AS = "resettle_audit_append_as(integer, text, text, integer, integer, text)"
#: Details checked and written in canonical form (owner-only).
CANONICAL = "resettle_audit_canonical(jsonb)"
#: The logins' append (``repositories/audit.py`` calls it); executed by the staff group only.
APPEND = "resettle_audit_append(text, text, integer, integer, text, boolean)"
#: Rows a login may write with no actor: its own refused sign-ins and lock.
ACTORLESS = (AuditAction.ACCOUNT_SIGN_IN_FAILED, AuditAction.ACCOUNT_LOCKED)
#: Rows only an owner-only function writes (the erasure), never a login's append.
OWNER_ONLY = (AuditAction.PERSON_ERASED,)
#: The time as ``domain.audit_chain.canonical_time`` writes it.
CANONICAL_TIME = "to_char(head.last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
DEFINER = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp"
#: Details text longer than this is refused before it is parsed (spaces of another layout
#: fit; the canonical form is then held to ``MAX_CANONICAL_CHARACTERS``).
MAX_DETAILS_TEXT = 4 * MAX_CANONICAL_CHARACTERS


def _refuse(condition: str, message: str, errcode: str = "insufficient_privilege") -> str:
    return (
        f"IF {condition} THEN RAISE EXCEPTION {quote_literal(message)} "
        f"USING ERRCODE = {quote_literal(errcode)}; END IF;"
    )


def _refuse_details(condition: str, message: str) -> str:
    return _refuse(condition, f"audit details: {message}", "check_violation")


def _canonical_body() -> str:
    """``domain.audit_details``'s rule on one JSON value, returning its canonical text as
    ``domain.audit_chain.canonical_details`` writes it: keys in code-point order (``COLLATE
    "C"``), no spaces, integers as digits, strings through ``to_json``."""
    code = quote_literal(CODE_PATTERN)
    retired = ", ".join(quote_literal(key) for key in RETIRED_KEYS)
    not_integer = _refuse_details(
        f"p_value::text !~ '^-?[0-9]+$' OR abs(p_value::text::numeric) > {MAX_INTEGER}",
        "numbers must be integers",
    )
    not_code = _refuse_details(f"(p_value #>> '{{}}') !~ {code}", "strings must be codes")
    key_not_code = _refuse_details(
        f"EXISTS (SELECT 1 FROM jsonb_object_keys(p_value) k WHERE k !~ {code})",
        "keys must be codes",
    )
    retired_key = _refuse_details(
        f"EXISTS (SELECT 1 FROM jsonb_object_keys(p_value) k WHERE k IN ({retired}))",
        "keys of typed words are not written any more",
    )
    return f"""
DECLARE
  kind text := jsonb_typeof(p_value);
  result text;
BEGIN
  IF kind = 'null' OR kind = 'boolean' THEN
    RETURN p_value::text;
  ELSIF kind = 'number' THEN
    {not_integer}
    RETURN p_value::text;
  ELSIF kind = 'string' THEN
    {not_code}
    RETURN to_json(p_value #>> '{{}}')::text;
  ELSIF kind = 'array' THEN
    SELECT '[' || coalesce(string_agg(resettle_audit_canonical(e.value), ','
        ORDER BY e.n), '') || ']'
      INTO result FROM jsonb_array_elements(p_value) WITH ORDINALITY AS e(value, n);
    RETURN result;
  END IF;
  {key_not_code}
  {retired_key}
  SELECT '{{' || coalesce(string_agg(to_json(e.key)::text || ':'
      || resettle_audit_canonical(e.value), ',' ORDER BY e.key COLLATE "C"), '') || '}}'
    INTO result FROM jsonb_each(p_value) AS e;
  RETURN result;
END"""


def _append_body() -> str:
    """The one PL/pgSQL body appending a row: ``p_actor``, ``p_action``, ``p_entity_type``,
    ``p_entity_id``, ``p_person_id`` and ``p_details`` (JSON text in any layout, stored and
    hashed in canonical form)."""
    line = "|| E'\\n' ||"
    content = f" {line} ".join(
        (
            "head.last_hash",
            "head.last_seq::text",
            CANONICAL_TIME,
            "coalesce(p_actor::text, '')",
            "p_action",
            "p_entity_type",
            "coalesce(p_entity_id::text, '')",
            "coalesce(p_person_id::text, '')",
            "v_details",
        )
    )
    too_long = f"at most {MAX_CANONICAL_CHARACTERS} characters"
    text_too_long = _refuse_details(
        f"p_details IS NULL OR length(p_details) > {MAX_DETAILS_TEXT}", too_long
    )
    not_object = _refuse_details(
        "jsonb_typeof(p_details::jsonb) IS DISTINCT FROM 'object'", "must be a JSON object"
    )
    canonical_too_long = _refuse_details(
        f"length(v_details) > {MAX_CANONICAL_CHARACTERS}", too_long
    )
    return f"""
DECLARE
  head audit_head%ROWTYPE;
  new_hash text;
  v_details text;
BEGIN
  {text_too_long}
  {not_object}
  v_details := resettle_audit_canonical(p_details::jsonb);
  {canonical_too_long}
  UPDATE audit_head SET last_seq = last_seq + 1, last_at = clock_timestamp()
    WHERE id = {HEAD_ID} RETURNING * INTO head;
  new_hash := encode(sha256(convert_to({content}, 'UTF8')), 'hex');
  UPDATE audit_head SET last_hash = new_hash WHERE id = {HEAD_ID};
  INSERT INTO audit_log (at, actor_id, action, entity_type, entity_id, person_id, details,
    seq, row_hash)
  VALUES (head.last_at, p_actor, p_action, p_entity_type, p_entity_id, p_person_id,
    v_details::json, head.last_seq, new_hash);
END"""


def _login_checks(people_reach: str) -> str:
    """Who may append what: an active account's login, a known action with its own entity
    type and not one of ``OWNER_ONLY``, no actor only for its own refused sign-in or lock, and
    a person only one the login reaches (``people_reach``: the people read policy's condition
    on ``people``'s columns)."""
    known = ", ".join(
        f"({quote_literal(action.value)}, {quote_literal(action.entity_type)})"
        for action in AuditAction
        if action not in OWNER_ONLY
    )
    actorless = ", ".join(quote_literal(action.value) for action in ACTORLESS)
    return " ".join(
        (
            "me := resettle_login_staff_id();",
            _refuse("me IS NULL", "only an active account appends audit rows"),
            _refuse(
                f"NOT EXISTS (SELECT 1 FROM (VALUES {known}) known(action, entity_type) "
                "WHERE known.action = p_action AND known.entity_type = p_entity_type)",
                "not an audit action a login appends",
            ),
            _refuse(
                f"p_actorless AND NOT (p_action IN ({actorless}) "
                "AND p_entity_id IS NOT DISTINCT FROM me AND p_person_id IS NULL)",
                "a row with no actor is only a refused sign-in or lock of the login's account",
            ),
            _refuse(
                "p_person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM people "
                f"WHERE people.id = p_person_id AND ({people_reach}))",
                "a row about a person is appended only by a login reaching the person",
            ),
        )
    )


def append_functions_sql(people_reach: str) -> list[str]:
    """``people_reach``: the people read policy's condition on ``people``'s columns
    (``postgres_access.person_tables``)."""
    login_body = f"""
DECLARE
  me integer;
BEGIN
  {_login_checks(people_reach)}
  PERFORM resettle_audit_append_as(CASE WHEN p_actorless THEN NULL ELSE me END, p_action,
    p_entity_type, p_entity_id, p_person_id, p_details);
END"""
    return [
        "CREATE OR REPLACE FUNCTION resettle_audit_canonical(p_value jsonb) RETURNS text "
        "LANGUAGE plpgsql IMMUTABLE SET search_path = public, pg_temp "
        f"AS $fn$ {_canonical_body()} $fn$",
        f"REVOKE ALL ON FUNCTION {CANONICAL} FROM PUBLIC",
        "CREATE OR REPLACE FUNCTION resettle_audit_append_as(p_actor integer, p_action text, "
        "p_entity_type text, p_entity_id integer, p_person_id integer, p_details text) "
        f"RETURNS void {DEFINER} AS $fn$ {_append_body()} $fn$",
        f"REVOKE ALL ON FUNCTION {APPEND_AS} FROM PUBLIC",
        "CREATE OR REPLACE FUNCTION resettle_audit_append_system(p_action text, "
        f"p_entity_type text, p_entity_id integer, p_details text) RETURNS void {DEFINER} "
        "AS $fn$ BEGIN PERFORM resettle_audit_append_as(NULL, p_action, p_entity_type, "
        "p_entity_id, NULL, p_details); END $fn$",
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
