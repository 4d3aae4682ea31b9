"""Erasure on PostgreSQL with logins: ``resettle_erase_person``, the one way a manager's login
deletes a person's data (part of what ``resettle db setup-roles`` runs).

Managers hold no DELETE on the person tables (but the access lists they keep) and no INSERT
on ``erasures``. The function, defined by the owner and executable by the manager group only,
refuses unless the session's login holds the manager role and acts as the person's manager
(``resettle_manager_of_person``, the services' rule), and a reason that is not an
``ErasureReason`` code; then, in the caller's transaction, it deletes the person's rows from
every person table in the order and with the conditions of ``erasure_plan()`` (generated from
the models when the setup runs), writes the tombstone and appends the ``person.erased`` audit
row, with the details the Python path writes, through ``resettle_audit_append_as``: the
owner-only append (``postgres_audit.py``), since no login may append that action itself. It returns
the tombstone's id and time and the rows removed per table (``repositories/retention.py``).
"""

from __future__ import annotations

from resettle.domain.audit_actions import AuditAction
from resettle.domain.erasure import ErasureReason
from resettle.domain.staff import Role
from resettle.storage.erasure_plan import erasure_plan
from resettle.storage.postgres_access import quote_literal
from resettle.storage.postgres_writes import MANAGER_OF_PERSON

ERASE = "resettle_erase_person(integer, text)"
#: SQLSTATE of a person the login does not manage (the services: as one who does not exist).
NOT_MANAGED = "P0002"
PERSON_PARAMETER = ":person_id"


def _deletes() -> str:
    """One DELETE per person table, children first, each counted into ``o_rows``."""
    statements = []
    for table in erasure_plan():
        condition = table.condition.replace(PERSON_PARAMETER, "p_person")
        statements.append(
            f"DELETE FROM {table.name} WHERE {condition}; "
            "GET DIAGNOSTICS v_count = ROW_COUNT; "
            f"o_rows := o_rows || jsonb_build_object({quote_literal(table.name)}, v_count); "
            "v_total := v_total + v_count;"
        )
    return "\n  ".join(statements)


def _erase_body() -> str:
    erased = AuditAction.PERSON_ERASED
    reasons = ", ".join(quote_literal(reason.value) for reason in ErasureReason)
    # The details ``services/erasure/erase.py`` records (the append writes them canonically).
    details = (
        "jsonb_build_object('reason', p_reason, 'rows', v_total, 'tombstone_id', o_tombstone)::text"
    )
    return f"""
DECLARE
  v_me integer := resettle_login_staff_id();
  v_count integer;
  v_total integer := 0;
BEGIN
  IF v_me IS NULL OR NOT EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = v_me
      AND r.role = {quote_literal(Role.MANAGER.value)}) THEN
    RAISE EXCEPTION 'only a manager erases a person' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF p_person IS NULL OR NOT {MANAGER_OF_PERSON}(p_person) THEN
    RAISE EXCEPTION 'no such person' USING ERRCODE = '{NOT_MANAGED}';
  END IF;
  IF p_reason IS NULL OR p_reason NOT IN ({reasons}) THEN
    RAISE EXCEPTION 'not an erasure reason' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  o_rows := '{{}}'::jsonb;
  {_deletes()}
  INSERT INTO erasures (erased_person_id, authorised_by_id, reason, rows_removed)
    VALUES (p_person, v_me, p_reason, v_total)
    RETURNING erasures.id, erasures.erased_at INTO o_tombstone, o_erased_at;
  PERFORM resettle_audit_append_as(v_me, {quote_literal(erased.value)},
    {quote_literal(erased.entity_type)}, p_person, p_person, {details});
END"""


def erase_function_sql() -> list[str]:
    return [
        "CREATE OR REPLACE FUNCTION resettle_erase_person(p_person integer, p_reason text, "
        "OUT o_tombstone integer, OUT o_erased_at timestamptz, OUT o_rows jsonb) "
        "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp "
        f"AS $fn$ {_erase_body()} $fn$",
        f"REVOKE ALL ON FUNCTION {ERASE} FROM PUBLIC",
    ]
