"""The database's own rules on what a login writes into the programme tables (run by
``resettle db setup-roles`` after the grants and policies of ``postgres_writes.py``).

The policies say which rows a login reaches; these say what it may put in them:

- A referral's moves follow the seeded workflow (``programme_referral_moves`` and
  ``programme_referral_move_roles``), whatever the client sends: a login may change a
  referral's status only along a move that a workflow role group of its roles may make, or,
  holding the programme team's group, back along the referral's last move (a correction,
  ``domain/programme_referrals.may_correct``). A new referral starts at a draft status.
- Nobody changes whose referral it is, to which programme, who referred and when, nor the
  pathway recorded when referred.
- The times of a referral, its moves, group places and attendance marks are the database's
  (``now()``), not the client's; who wrote a row is the login itself (``*_by_id`` equals
  ``resettle_login_staff_id()``: the policies' extra checks, :func:`insert_checks`).
- Offerings, groups and sessions are read by every login, and written only at the places
  the login's roles run them (:func:`delivery_policies_sql`): a manager at the
  establishments and teams they manage, the programme team (sessions only) at the
  establishments it works in, as ``services/programme_offerings.py`` and
  ``programme_sessions.py`` decide.
- A history entry, group place, attendance mark or one-to-one tie names a referral and a
  group place of the same person as the row itself (:func:`insert_checks`): the foreign keys
  are checked without row-level security, so without this a login could hang a forged move
  on the referral of someone it does not reach.

Connections that are no Resettle login (the owner: migrations, the tests' fixtures, the
administrator's own tools) are not limited here: ``resettle_login_staff_id()`` is NULL.
"""

from __future__ import annotations

from resettle.domain.programme_referral_workflow import WorkflowRoleGroup, roles_in_group
from resettle.domain.staff import Role
from resettle.storage.postgres_access import (
    POLICY_NAMES,
    STAFF_GROUP,
    group_name,
    quote_ident,
    quote_literal,
)

REFERRALS = "programme_referrals"
HISTORY = "programme_referral_history"
MEMBERS = "programme_group_members"
ATTENDANCE = "programme_attendance"
ONE_TO_ONE = "programme_one_to_one_sessions"
#: Referral columns no login changes once the referral exists.
REFERRAL_FIXED = ("person_id", "programme_id", "referred_by_id", "referred_at", "pathway")
#: table -> the column of who wrote the row (the login itself).
WRITTEN_BY = {
    REFERRALS: "referred_by_id",
    HISTORY: "moved_by_id",
    MEMBERS: "added_by_id",
    ATTENDANCE: "recorded_by_id",
    ONE_TO_ONE: "assigned_by_id",
}
#: table -> the column of when the row was written (set to the database's time).
WRITTEN_AT = {
    HISTORY: "moved_at",
    MEMBERS: "joined_at",
    ATTENDANCE: "recorded_at",
    ONE_TO_ONE: "assigned_at",
}
REFERRAL_CHECK = "resettle_check_referral_write"
STAMP = "resettle_stamp_programme_row"
TRIGGER = "resettle_login_rules"
ME = "(SELECT resettle_login_staff_id())"


def _same_referral(table: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {REFERRALS} tied WHERE tied.id = {table}.referral_id "
        f"AND tied.person_id = {table}.person_id)"
    )


def _same_place(table: str, with_referral: bool) -> str:
    referral = f" AND place.referral_id = {table}.referral_id" if with_referral else ""
    return (
        f"EXISTS (SELECT 1 FROM {MEMBERS} place WHERE place.id = {table}.member_id "
        f"AND place.person_id = {table}.person_id{referral})"
    )


def insert_checks(table: str) -> str | None:
    """What a login's new row of ``table`` must also satisfy (beyond reaching its person), or
    None for a table without such rules."""
    checks = []
    if table in WRITTEN_BY:
        checks.append(f"{table}.{WRITTEN_BY[table]} = {ME}")
    if table in (HISTORY, MEMBERS, ATTENDANCE):
        checks.append(_same_referral(table))
    if table == ATTENDANCE:
        checks.append(_same_place(table, with_referral=True))
    if table == ONE_TO_ONE:
        checks.append(_same_place(table, with_referral=False))
    return " AND ".join(checks) if checks else None


def update_checks(table: str) -> str | None:
    """What a login's changed row of ``table`` must also satisfy (the trigger keeps the fixed
    columns of a referral; a group place keeps its referral and person)."""
    if table == MEMBERS:
        return _same_referral(table)
    return None


def _groups_of_login() -> str:
    """The workflow role groups of the login's roles, as a text array."""
    cases = []
    for group in WorkflowRoleGroup:
        roles = ", ".join(quote_literal(role.value) for role in roles_in_group(group))
        cases.append(
            f"CASE WHEN EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = me "
            f"AND r.role IN ({roles})) THEN {quote_literal(group.value)} END"
        )
    return f"array_remove(ARRAY[{', '.join(cases)}]::text[], NULL)"


def _referral_check_body() -> str:
    fixed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in REFERRAL_FIXED)
    team = quote_literal(WorkflowRoleGroup.PROGRAMME_TEAM.value)
    return f"""
DECLARE
  me integer := resettle_login_staff_id();
  groups text[];
BEGIN
  IF me IS NULL THEN RETURN NEW; END IF;
  IF TG_OP = 'INSERT' THEN
    IF NEW.referred_by_id IS DISTINCT FROM me THEN
      RAISE EXCEPTION 'A programme referral names its referrer: the signed-in account'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM programme_referral_statuses s
                   WHERE s.code = NEW.status AND s.draft) THEN
      RAISE EXCEPTION 'A programme referral starts as a draft, not at %', NEW.status
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    NEW.referred_at := now();
    NEW.status_since := now();
    RETURN NEW;
  END IF;
  IF {fixed} THEN
    RAISE EXCEPTION 'A programme referral keeps its person, programme, referrer, referral '
      'time and pathway' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
    NEW.status_since := OLD.status_since;
    RETURN NEW;
  END IF;
  groups := {_groups_of_login()};
  IF NOT EXISTS (SELECT 1 FROM programme_referral_move_roles m
                 WHERE m.from_status = OLD.status AND m.to_status = NEW.status
                   AND m.role_group = ANY (groups))
     AND NOT ({team} = ANY (groups) AND EXISTS (
       SELECT 1 FROM (SELECT h.id, h.from_status, h.to_status, h.corrects_id
                      FROM programme_referral_history h WHERE h.referral_id = OLD.id
                      ORDER BY h.id DESC LIMIT 1) last
       WHERE (last.corrects_id IS NULL AND last.from_status = NEW.status
              AND last.to_status = OLD.status)
          OR (last.from_status = OLD.status AND last.to_status = NEW.status
              AND last.corrects_id = (
                SELECT c.id FROM programme_referral_history c
                WHERE c.referral_id = OLD.id AND c.id < last.id
                  AND c.corrects_id IS NULL
                  AND c.from_status = NEW.status AND c.to_status = OLD.status
                  AND NOT EXISTS (SELECT 1 FROM programme_referral_history n
                                  WHERE n.referral_id = OLD.id
                                    AND n.id > c.id AND n.id < last.id)))))
  THEN
    RAISE EXCEPTION 'The move of a programme referral from % to % is not one the roles of '
      'the signed-in account may make', OLD.status, NEW.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.status_since := now();
  RETURN NEW;
END"""


def programme_rules_sql() -> list[str]:
    definer = "SECURITY DEFINER SET search_path = public, pg_temp"
    statements = [
        f"CREATE OR REPLACE FUNCTION {REFERRAL_CHECK}() RETURNS trigger "
        f"LANGUAGE plpgsql {definer} AS $fn$ {_referral_check_body()} $fn$",
        # The row's time column (the trigger's argument) is the database's time.
        f"CREATE OR REPLACE FUNCTION {STAMP}() RETURNS trigger "
        f"LANGUAGE plpgsql {definer} AS $fn$ BEGIN "
        "IF resettle_login_staff_id() IS NOT NULL THEN "
        "NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], now())); "
        "END IF; RETURN NEW; END $fn$",
        f"REVOKE ALL ON FUNCTION {REFERRAL_CHECK}() FROM PUBLIC",
        f"REVOKE ALL ON FUNCTION {STAMP}() FROM PUBLIC",
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON {REFERRALS}",
        f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE ON {REFERRALS} "
        f"FOR EACH ROW EXECUTE FUNCTION {REFERRAL_CHECK}()",
    ]
    for table, column in WRITTEN_AT.items():
        statements += [
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}",
            f"CREATE TRIGGER {TRIGGER} BEFORE INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {STAMP}({quote_literal(column)})",
        ]
    return statements


OFFERINGS = "programme_offerings"
GROUPS = "programme_groups"
SESSIONS = "programme_sessions"


def _computed(function: str) -> str:
    return f"((SELECT {function}())::integer[])"


def _managed(offering: str) -> str:
    """The offering is at an establishment or team the login manages (holding the role)."""
    return (
        f"(coalesce({offering}.establishment_id = ANY "
        f"{_computed('resettle_managed_establishments')}, false) "
        f"OR coalesce({offering}.team_id = ANY {_computed('resettle_managed_teams')}, false))"
    )


def _run_by_programme_team(offering: str) -> str:
    """The offering is at an establishment the login works in, holding the programme team's
    role."""
    return (
        f"(EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = {ME} "
        f"AND r.role = {quote_literal(Role.PROGRAMME_TEAM.value)}) "
        f"AND {offering}.establishment_id IN (SELECT w.establishment_id "
        f"FROM establishment_staff w WHERE w.staff_id = {ME}))"
    )


def delivery_policies_sql(prefix: str) -> list[str]:
    """Row-level security on the offerings, groups and sessions (recreated each run)."""
    staff = quote_ident(group_name(prefix, STAFF_GROUP))
    manager = quote_ident(group_name(prefix, Role.MANAGER))
    both = f"{manager}, {quote_ident(group_name(prefix, Role.PROGRAMME_TEAM))}"
    of_group = (
        f"EXISTS (SELECT 1 FROM {OFFERINGS} o WHERE o.id = {GROUPS}.offering_id "
        f"AND {_managed('o')})"
    )
    of_session = (
        f"EXISTS (SELECT 1 FROM {GROUPS} g JOIN {OFFERINGS} o ON o.id = g.offering_id "
        f"WHERE g.id = {SESSIONS}.group_id "
        f"AND ({_managed('o')} OR {_run_by_programme_team('o')}))"
    )
    writes = {
        OFFERINGS: (manager, _managed(OFFERINGS)),
        GROUPS: (manager, of_group),
        SESSIONS: (both, of_session),
    }
    statements = []
    for table, (writers, place) in writes.items():
        statements += [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"]
        statements += [f"DROP POLICY IF EXISTS {name} ON {table}" for name in POLICY_NAMES]
        statements += [
            f"CREATE POLICY resettle_read ON {table} FOR SELECT TO {staff} USING (true)",
            f"CREATE POLICY resettle_insert ON {table} FOR INSERT TO {writers} "
            f"WITH CHECK ({place})",
            f"CREATE POLICY resettle_update ON {table} FOR UPDATE TO {writers} "
            f"USING ({place}) WITH CHECK ({place})",
        ]
    return statements
