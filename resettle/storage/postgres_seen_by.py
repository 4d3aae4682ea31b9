""" "Who has seen this" on PostgreSQL with per-account logins.

Logins read which record an audit row is about, never who acted or the details
(``postgres_access.AUDIT_READABLE``). The list of a person's views and disclosures needs both,
so it is read through one SECURITY DEFINER function that applies the same rule as
``domain/seen_by.may_see_who_has_seen``: the login reaches the person (the people policy's
condition) and is their responsible officer (holding the officer role) or manages their team
(holding the manager role). Anyone else gets no rows. Only the officer and manager groups may
execute it; ``AuditRepository.for_person`` calls it when the session may not read the columns.
A subject access export reads the person's whole trail the same way, through
``resettle_person_audit``, for managers who manage the person.
It returns only the list's own actions (``SEEN_ACTIONS``), the largest page (and one) at most.
The words typed with a disclosure (``disclosure_notes``) are read by the same people, through
the table's read policy (``disclosure_notes_readers``): those who may call one of the two.
"""

from __future__ import annotations

from resettle.domain.seen_by import LARGEST_PAGE, SEEN_ACTIONS
from resettle.domain.staff import Role
from resettle.storage.postgres_access import managed_team_sql, quote_literal
from resettle.storage.postgres_writes import MANAGER_OF_PERSON

SEEN_BY_FUNCTION = "resettle_seen_by(integer, text[], bigint, integer)"
#: A person's whole audit trail, for their subject access export: managers of the person only.
PERSON_AUDIT_FUNCTION = "resettle_person_audit(integer)"
#: The groups that may call it.
SEEN_BY_GROUPS = (Role.OFFICER.value, Role.MANAGER.value)


def _holds(role: Role, staff: str) -> str:
    """The account ``staff`` (an SQL expression) holds ``role``."""
    return (
        f"EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = {staff} "
        f"AND r.role = {quote_literal(role.value)})"
    )


def seen_by_function_sql(reach_of_people: str) -> list[str]:
    """``reach_of_people``: the people policy's condition on ``people``'s columns."""

    def holds(role: Role) -> str:
        return _holds(role, "me.id")

    # Only the list's own actions and at most a page, whatever the caller asks for: the
    # function must not read other audit rows' actors and details.
    shown = ", ".join(quote_literal(action.value) for action in SEEN_ACTIONS)
    body = f"""
WITH me AS (SELECT resettle_login_staff_id() AS id)
SELECT a.id::bigint, a.at::timestamptz, a.actor_id::integer, a.action::text, a.details::json
FROM audit_log a, me
WHERE a.person_id = p_person AND a.action = ANY (p_actions) AND a.action IN ({shown})
  AND (p_before IS NULL OR a.id < p_before)
  AND EXISTS (
    SELECT 1 FROM people WHERE people.id = p_person AND ({reach_of_people}) AND (
      (people.responsible_officer_id = me.id AND {holds(Role.OFFICER)})
      OR ({managed_team_sql("people.team_id", "me.id")} AND {holds(Role.MANAGER)})))
ORDER BY a.id DESC
LIMIT least(p_limit, {LARGEST_PAGE + 1})"""
    return [
        "DROP FUNCTION IF EXISTS resettle_seen_by(integer, text[], bigint, integer)",
        "CREATE FUNCTION resettle_seen_by("
        "p_person integer, p_actions text[], p_before bigint, p_limit integer) "
        "RETURNS TABLE (id bigint, at timestamp with time zone, actor_id integer, "
        "action text, details json) "
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp "
        f"AS $fn$ {body} $fn$",
    ]


def disclosure_notes_readers(table: str) -> str:
    """The read policy's condition on ``table`` (the disclosure notes): the note's person is
    reached (the people policy filters ``people``) and the login is their responsible officer
    holding the officer role, manages their team, or acts as their manager as a subject
    access export asks (``resettle_manager_of_person``: the domain's rule, so an account
    named on a restricted person's list as an officer is not their manager for holding the
    manager role for another team)."""
    me = "(SELECT resettle_login_staff_id())"
    return (
        f"EXISTS (SELECT 1 FROM people WHERE people.id = {table}.person_id AND ("
        f"(people.responsible_officer_id = {me} AND {_holds(Role.OFFICER, me)}) "
        "OR people.team_id = ANY ((SELECT resettle_managed_teams())::integer[]) "
        f"OR {MANAGER_OF_PERSON}(people.id)))"
    )


def person_audit_function_sql() -> list[str]:
    """``resettle_person_audit(person)``: every audit row about the person, oldest first, for a
    login acting as their manager (``resettle_manager_of_person``: the manager role's team or
    establishment holds them; a restricted person named on their list only as the domain's
    ``roles_reaching`` decides), as the subject access export's service decides. Anyone else
    gets no rows: managers read no audit actor or details directly."""
    body = f"""
SELECT a.id::bigint, a.at::timestamptz, a.actor_id::integer, a.action::text,
       a.entity_type::text, a.entity_id::integer, a.details::json
FROM audit_log a
WHERE a.person_id = p_person AND {MANAGER_OF_PERSON}(p_person)
ORDER BY a.id"""
    return [
        f"DROP FUNCTION IF EXISTS {PERSON_AUDIT_FUNCTION}",
        "CREATE FUNCTION resettle_person_audit(p_person integer) "
        "RETURNS TABLE (id bigint, at timestamp with time zone, actor_id integer, "
        "action text, entity_type text, entity_id integer, details json) "
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp "
        f"AS $fn$ {body} $fn$",
    ]
