"""Places taken in programme groups on PostgreSQL with per-account logins (part of what
``resettle db setup-roles`` runs).

A group's capacity counts every place held in it, also those of people the login does not
reach (a limited-access person, someone of another team). Row-level security hides those
places' rows from the login, so a plain count would let a group go over capacity. The count
is read through one SECURITY DEFINER function, defined by the owner, that returns only
numbers: for each group asked, how many places are held (at a moment, or now), never who
holds them. Any signed-in login may call it (``STAFF_GROUP``); the services decide who may
give a place or record a register. ``ProgrammeReferralsRepository`` calls it when it exists;
without it (SQLite, or the owner before the roles are set up) the plain count sees every row.
"""

from __future__ import annotations

PLACES_TAKEN = "resettle_group_places_taken(integer[], timestamp with time zone)"


def group_places_function_sql() -> list[str]:
    """``resettle_group_places_taken(groups, at)``: (group id, places) for each of ``groups``
    with a place held: not left (``at`` NULL), or joined by ``at`` and not left by then (a
    session's moment, as a register lists who was in the group when it started). Only the
    staff group (and the owner) may execute it."""
    body = """
SELECT m.group_id::integer, count(*)::bigint
FROM programme_group_members m
WHERE m.group_id = ANY (p_groups)
  AND (m.left_at IS NULL OR (p_at IS NOT NULL AND m.left_at > p_at))
  AND (p_at IS NULL OR m.joined_at <= p_at)
GROUP BY m.group_id"""
    return [
        f"DROP FUNCTION IF EXISTS {PLACES_TAKEN}",
        "CREATE FUNCTION resettle_group_places_taken("
        "p_groups integer[], p_at timestamp with time zone) "
        "RETURNS TABLE (group_id integer, taken bigint) "
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp "
        f"AS $fn$ {body} $fn$",
    ]
