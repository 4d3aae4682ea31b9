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
#: A form that took the release cut-off from the caller (dropped on setup): a login could
#: ask it day by day and so learn the release date of a person it may not see.
OLD_PLACES_TAKEN = "resettle_group_places_taken(integer[], timestamp with time zone, date)"


#: The release cut-off inside the function: today with no session moment, else the day
#: before the session's day (UTC), as ``ProgrammeReferralsRepository`` takes them.
_CUT_OFF = "CASE WHEN p_at IS NULL THEN current_date ELSE (p_at AT TIME ZONE 'UTC')::date - 1 END"


def group_places_function_sql() -> list[str]:
    """``resettle_group_places_taken(groups, at)``: (group id, places) for each of
    ``groups`` with a place held: not left (``at`` NULL), or joined by ``at`` and not left by
    then (a session's moment, as a register lists who was in the group when it started); in a
    custody group, not of a person released by the cut-off the function works out itself
    (``domain/programme_group_places.py``): today (``current_date``, as the place triggers
    take it) with no ``at``, else the day before the session's day (UTC). The caller never
    chooses the cut-off, so the count cannot be asked date by date to find out when a person
    the login may not see is released. Only the staff group (and the owner) may execute it."""
    body = f"""
SELECT m.group_id::integer, count(*)::bigint
FROM programme_group_members m
WHERE m.group_id = ANY (p_groups)
  AND (m.left_at IS NULL OR (p_at IS NOT NULL AND m.left_at > p_at))
  AND (p_at IS NULL OR m.joined_at <= p_at)
  AND NOT {released_from_place_sql("m", _CUT_OFF)}
GROUP BY m.group_id"""
    return [
        f"DROP FUNCTION IF EXISTS {OLD_PLACES_TAKEN}",
        f"DROP FUNCTION IF EXISTS {PLACES_TAKEN}",
        "CREATE FUNCTION resettle_group_places_taken("
        "p_groups integer[], p_at timestamp with time zone) "
        "RETURNS TABLE (group_id integer, taken bigint) "
        "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp "
        f"AS $fn$ {body} $fn$",
    ]


def released_from_place_sql(member: str, released_by: str) -> str:
    """SQL: the place ``member`` (an alias of ``programme_group_members``) is in a custody
    group and its person was released on or before ``released_by`` (a date expression; NULL:
    false). As ``ProgrammeReferralsRepository`` decides it on SQLite."""
    return (
        f"coalesce(({released_by}) IS NOT NULL AND EXISTS ("
        f"SELECT 1 FROM people rp, programme_groups rg, programme_offerings ro "
        f"WHERE rp.id = {member}.person_id AND rg.id = {member}.group_id "
        f"AND ro.id = rg.offering_id AND ro.establishment_id IS NOT NULL "
        f"AND rp.release_date <= ({released_by})), false)"
    )
