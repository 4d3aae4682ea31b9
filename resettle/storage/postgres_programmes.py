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
- A login's history entry records the move its referral has just made in the same
  transaction (:func:`_history_check_body`): no entry of a move that did not happen; and a
  referral a login creates or moves has the entry of its new status by the commit
  (:func:`_moved_with_entry_body`): no move off the record.
- A move is checked against the workflow role groups of the roles through which the login
  reaches the referral's person (``resettle_roles_reaching``, as
  ``domain/access.roles_reaching`` decides), not of every role it holds.
- A referral's revision goes up by one at a time.
- The times of a referral, its moves, group places, attendance marks and programme history
  entries are the database's (``now()``), not the client's; who wrote a row is the login
  itself (``*_by_id`` equals ``resettle_login_staff_id()``: the policies' extra checks,
  :func:`insert_checks`).
- The catalogue (``programmes``) is read by every login and written only by an account
  holding a role that edits it (managers and administrators,
  ``Permission.MANAGE_PROGRAMME_CATALOGUE``).
- Offerings, groups and sessions are read by every login, and written only at the places
  the login's roles run them (:func:`delivery_policies_sql`): a manager at the
  establishments and teams they manage, the programme team (sessions only) at the
  establishments it works in, as ``services/programme_offerings.py`` and
  ``programme_sessions.py`` decide.
- A group place is given only to a referral waiting for one, assessed as suitable or
  suitable but not ready (:func:`_place_given_check_body`).
- A group place changes only as the services change it (:func:`_place_check_body`): the
  programme team withdraws it from an open referral not on the programme; the move that
  closes the referral, or deselects it keeping it open, ends it (and a referral closed with
  a place still held is refused at commit); the correction of that move holds it again while
  the group has room; its end is the database's time, and who ended it the login.
- A history entry, group place, attendance mark or one-to-one tie names a referral and a
  group place of the same person as the row itself (:func:`insert_checks`): the foreign keys
  are checked without row-level security, so without this a login could hang a forged move
  on the referral of someone it does not reach.

Connections that are no Resettle login (the owner: migrations, the tests' fixtures, the
administrator's own tools) are not limited here: ``resettle_login_staff_id()`` is NULL.
"""

from __future__ import annotations

from resettle.domain.access import CASE_ROLES, ESTABLISHMENT_ROLES
from resettle.domain.permissions import ROLE_PERMISSIONS, Permission
from resettle.domain.programme_group_places import PlaceEnd
from resettle.domain.programme_referral_statuses import PLACE_GIVEN_AT, ProgrammeReferralStatus
from resettle.domain.programme_referral_workflow import WorkflowRoleGroup, roles_in_group
from resettle.domain.staff import Role
from resettle.storage.postgres_access import (
    POLICY_NAMES,
    STAFF_GROUP,
    group_name,
    managed_establishment_sql,
    managed_team_sql,
    quote_ident,
    quote_literal,
)
from resettle.storage.postgres_group_places import released_from_place_sql

REFERRALS = "programme_referrals"
HISTORY = "programme_referral_history"
MEMBERS = "programme_group_members"
ATTENDANCE = "programme_attendance"
ONE_TO_ONE = "programme_one_to_one_sessions"
PROGRAMME_HISTORY = "programme_history"
#: Outcome checks after release: append-only like the programme history, written by officers.
OUTCOME_CHECKS = "outcome_checks"
#: Referral columns no login changes once the referral exists.
REFERRAL_FIXED = ("person_id", "programme_id", "referred_by_id", "referred_at", "pathway")
#: table -> the column of who wrote the row (the login itself).
WRITTEN_BY = {
    REFERRALS: "referred_by_id",
    HISTORY: "moved_by_id",
    MEMBERS: "added_by_id",
    ATTENDANCE: "recorded_by_id",
    ONE_TO_ONE: "assigned_by_id",
    PROGRAMME_HISTORY: "recorded_by_id",
    OUTCOME_CHECKS: "recorded_by_id",
}
#: table -> the column of when the row was written (set to the database's time).
WRITTEN_AT = {
    HISTORY: "moved_at",
    MEMBERS: "joined_at",
    ATTENDANCE: "recorded_at",
    ONE_TO_ONE: "assigned_at",
    PROGRAMME_HISTORY: "recorded_at",
    OUTCOME_CHECKS: "recorded_at",
}
REFERRAL_CHECK = "resettle_check_referral_write"
HISTORY_CHECK = "resettle_check_referral_history_write"
HISTORY_TRIGGER = "resettle_history_rules"
MOVED_WITH_ENTRY = "resettle_check_referral_moved_with_entry"
MOVED_WITH_ENTRY_TRIGGER = "resettle_moved_with_entry"
PLACE_CHECK = "resettle_check_group_place_update"
PLACE_TRIGGER = "resettle_place_rules"
PLACE_GIVEN_CHECK = "resettle_check_group_place_insert"
PLACE_GIVEN_TRIGGER = "resettle_place_given_rules"
ROLES_REACHING = "resettle_roles_reaching"
MOVE_ALLOWED = "resettle_referral_move_allowed"
STAMP = "resettle_stamp_programme_row"
CHECK_CORRECTS = "resettle_check_outcome_correction"
CHECK_CORRECTS_TRIGGER = "resettle_outcome_correction_rules"
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


def _roles_reaching_body() -> str:
    """The roles through which the login reaches person ``p_person``, as
    ``domain/access.roles_reaching`` decides: the case roles whose team, cover or
    establishment holds the person; for a restricted person only when the login is named on
    their list, and then every case role when no place of it holds them; none when excluded."""

    def role(value: Role) -> str:
        return quote_literal(value.value)

    case_roles = ", ".join(role(r) for r in sorted(CASE_ROLES))
    establishment_roles = ", ".join(role(r) for r in sorted(ESTABLISHMENT_ROLES))
    return f"""
DECLARE
  me integer := resettle_login_staff_id();
  p people%ROWTYPE;
  held text[];
  placed text[];
BEGIN
  IF me IS NULL THEN RETURN '{{}}'; END IF;
  SELECT * INTO p FROM people WHERE id = p_person;
  IF NOT FOUND OR p_person = ANY (resettle_excluded_people()) THEN RETURN '{{}}'; END IF;
  SELECT coalesce(array_agg(r.role ORDER BY r.role), '{{}}') INTO held FROM staff_roles r
    WHERE r.staff_id = me AND r.role IN ({case_roles});
  SELECT coalesce(array_agg(h ORDER BY h), '{{}}') INTO placed FROM unnest(held) h
    WHERE (h = {role(Role.OFFICER)} AND p.team_id IN (
             SELECT m.team_id FROM team_members m WHERE m.staff_id = me
             UNION SELECT c.team_id FROM cover_grants c WHERE c.staff_id = me
               AND c.starts_on <= current_date AND c.ends_on >= current_date
               AND c.revoked_at IS NULL))
       OR (h = {role(Role.MANAGER)} AND (
             {managed_team_sql("p.team_id", "me")}
             OR {managed_establishment_sql("p.establishment_id", "me")}))
       OR (h IN ({establishment_roles}) AND p.establishment_id IN (
             SELECT w.establishment_id FROM establishment_staff w WHERE w.staff_id = me));
  IF NOT p.restricted THEN RETURN placed; END IF;
  IF NOT (p_person = ANY (resettle_allowed_people())) THEN RETURN '{{}}'; END IF;
  IF cardinality(placed) > 0 THEN RETURN placed; END IF;
  RETURN held;
END"""


def _groups_of(roles: str) -> str:
    """The workflow role groups of ``roles`` (a text array of Resettle roles)."""
    cases = []
    for group in WorkflowRoleGroup:
        members = ", ".join(quote_literal(role.value) for role in roles_in_group(group))
        cases.append(
            f"CASE WHEN {roles} && ARRAY[{members}]::text[] THEN {quote_literal(group.value)} END"
        )
    return f"array_remove(ARRAY[{', '.join(cases)}]::text[], NULL)"


def _move_allowed_body() -> str:
    """Whether the login may move referral ``p_referral`` (of ``p_person``) from ``p_from`` to
    ``p_to``: a move a workflow role group reaching the person may make or, with
    ``p_correction``, the correction of the referral's last entry (back along it) that
    ``domain/programme_referrals.may_correct`` allows (the programme team, or a group that may
    make the move back); with ``p_correction`` false, only such a move (a history entry that
    corrects nothing records a move of the workflow). With ``p_correction`` NULL (the
    referral's own change, before its entry says which it is) either: a move back along the
    last entry is also allowed to the programme team."""
    team = quote_literal(WorkflowRoleGroup.PROGRAMME_TEAM.value)
    return f"""
DECLARE
  reaching text[] := {ROLES_REACHING}(p_person);
  groups text[] := {_groups_of("reaching")};
  plain boolean;
  back boolean;
BEGIN
  plain := EXISTS (SELECT 1 FROM programme_referral_move_roles m
                   WHERE m.from_status = p_from AND m.to_status = p_to
                     AND m.role_group = ANY (groups));
  back := EXISTS (SELECT 1 FROM (SELECT h.from_status, h.to_status, h.corrects_id
                                 FROM programme_referral_history h
                                 WHERE h.referral_id = p_referral
                                 ORDER BY h.id DESC LIMIT 1) last
                  WHERE last.corrects_id IS NULL AND last.from_status = p_to
                    AND last.to_status = p_from);
  IF p_correction IS NULL THEN
    RETURN plain OR (back AND {team} = ANY (groups));
  END IF;
  IF p_correction THEN
    RETURN back AND (plain OR {team} = ANY (groups));
  END IF;
  RETURN plain;
END"""


def _referral_check_body() -> str:
    fixed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in REFERRAL_FIXED)
    return f"""
DECLARE
  me integer := resettle_login_staff_id();
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
  IF NEW.revision IS DISTINCT FROM OLD.revision AND NEW.revision IS DISTINCT FROM OLD.revision + 1
  THEN
    RAISE EXCEPTION 'A programme referral''s revision only goes up by one at a time'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
    NEW.status_since := OLD.status_since;
    RETURN NEW;
  END IF;
  -- The roles through which the login reaches this referral's person, not all its roles.
  IF NOT {MOVE_ALLOWED}(OLD.id, OLD.person_id, OLD.status, NEW.status, NULL) THEN
    RAISE EXCEPTION 'The move of a programme referral from % to % is not one the roles of '
      'the signed-in account may make', OLD.status, NEW.status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  NEW.status_since := now();
  RETURN NEW;
END"""


def _history_check_body() -> str:
    """A login's history entry records the move its referral has just made, in this
    transaction: the entry goes on from the referral's last entry to the status the referral
    now has, and is a move (or a correction of the last entry) the login may make. The
    services move the referral first and then write its entry (``append_entry``)."""
    return f"""
DECLARE
  r programme_referrals%ROWTYPE;
  last programme_referral_history%ROWTYPE;
BEGIN
  IF resettle_login_staff_id() IS NULL THEN RETURN NEW; END IF;
  SELECT * INTO r FROM programme_referrals WHERE id = NEW.referral_id;
  SELECT * INTO last FROM programme_referral_history h WHERE h.referral_id = NEW.referral_id
    ORDER BY h.id DESC LIMIT 1;
  IF NOT FOUND THEN
    -- The entry that creates the referral: written with it, at a draft status.
    IF NEW.from_status IS NOT NULL OR NEW.corrects_id IS NOT NULL
       OR r.referred_at IS DISTINCT FROM now() OR NEW.to_status IS DISTINCT FROM r.status THEN
      RAISE EXCEPTION 'A programme referral''s first history entry is written with the '
        'referral, at the status it starts at' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.from_status IS DISTINCT FROM last.to_status OR NEW.to_status IS DISTINCT FROM r.status
     OR NEW.from_status = NEW.to_status OR r.status_since IS DISTINCT FROM now() THEN
    RAISE EXCEPTION 'A programme referral''s history entry records the move the referral has '
      'just made (from %, its last entry''s status, to %, its status now)',
      last.to_status, r.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.corrects_id IS NOT NULL AND NEW.corrects_id IS DISTINCT FROM last.id THEN
    RAISE EXCEPTION 'A correction corrects the referral''s last history entry'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NOT {MOVE_ALLOWED}(r.id, r.person_id, NEW.from_status, NEW.to_status,
                        NEW.corrects_id IS NOT NULL) THEN
    RAISE EXCEPTION 'The move of a programme referral from % to % is not one the roles of '
      'the signed-in account may make', NEW.from_status, NEW.to_status
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END"""


def _moved_with_entry_body() -> str:
    """At commit: a referral a login created or moved has the entry of where it now is (its
    last history entry goes to its status), so no status changes off the record; and one it
    closed holds no group place (a held place of a closed referral could be neither marked
    nor withdrawn, and would stop every later register of its group)."""
    return """
DECLARE
  now_at text;
  last_to text;
BEGIN
  IF resettle_login_staff_id() IS NULL THEN RETURN NULL; END IF;
  SELECT status INTO now_at FROM programme_referrals WHERE id = NEW.id;
  IF NOT FOUND THEN RETURN NULL; END IF;
  SELECT h.to_status INTO last_to FROM programme_referral_history h
    WHERE h.referral_id = NEW.id ORDER BY h.id DESC LIMIT 1;
  IF last_to IS DISTINCT FROM now_at THEN
    RAISE EXCEPTION 'A programme referral''s move is written to its history in the same '
      'transaction (it is at %, its last entry at %)', now_at, coalesce(last_to, 'none')
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF EXISTS (SELECT 1 FROM programme_referral_statuses s WHERE s.code = now_at AND s.closed)
     AND EXISTS (SELECT 1 FROM programme_group_members m
                 WHERE m.referral_id = NEW.id AND m.left_at IS NULL) THEN
    RAISE EXCEPTION 'A programme referral that closes ends its group place in the same '
      'transaction (it is at %)', now_at USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END"""


def _place_check_body() -> str:
    """What a login changes on a group place (its end: ``left_at``, ``ended_by_id`` and
    ``end_reason``; the grants allow no other column), as the services do and no other way:

    - a place ends at the database's time, never a time the client sends, by the login
      itself (``ended_by_id``), for the reason the database sees (``end_reason``), and an
      ended place's end does not move nor change;
    - it ends with the move that closes its referral in the same transaction (anyone who may
      make the move), with the programme team's deselection that keeps the referral open
      (a move, not a correction, from on programme to an open status: ``deselected``), or by
      the programme team's withdrawal while the referral is open and not on the programme
      (``withdrawn``);
    - it is held again only by the correction, in the same transaction, of the move that
      ended it (a closing move or such a deselection), and only while its group has a place
      free (every place counted but those of people released from a custody group, as
      ``resettle_group_places_taken`` counts them)."""
    team = quote_literal(WorkflowRoleGroup.PROGRAMME_TEAM.value)
    on_programme = quote_literal(ProgrammeReferralStatus.ON_PROGRAMME.value)
    closing_end = (
        f"CASE r.status WHEN {quote_literal(ProgrammeReferralStatus.DESELECTED.value)} "
        f"THEN {quote_literal(PlaceEnd.DESELECTED.value)} "
        f"WHEN {quote_literal(ProgrammeReferralStatus.PROGRAMME_COMPLETE.value)} "
        f"THEN {quote_literal(PlaceEnd.COMPLETED.value)} "
        f"ELSE {quote_literal(PlaceEnd.REFERRAL_CLOSED.value)} END"
    )
    deselected = quote_literal(PlaceEnd.DESELECTED.value)
    withdrawn = quote_literal(PlaceEnd.WITHDRAWN.value)
    released = released_from_place_sql("m", "current_date")
    return f"""
DECLARE
  r programme_referrals%ROWTYPE;
  reaching text[];
  closed boolean;
  moved_now boolean;
  last programme_referral_history%ROWTYPE;
  corrected programme_referral_history%ROWTYPE;
  capacity integer;
  held bigint;
BEGIN
  IF resettle_login_staff_id() IS NULL THEN
    RETURN NEW;
  END IF;
  IF NEW.left_at IS NOT DISTINCT FROM OLD.left_at THEN
    IF NEW.ended_by_id IS DISTINCT FROM OLD.ended_by_id
       OR NEW.end_reason IS DISTINCT FROM OLD.end_reason THEN
      RAISE EXCEPTION 'Who ended a group place and why change only as it ends or is held again'
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  SELECT * INTO r FROM programme_referrals WHERE id = OLD.referral_id;
  SELECT s.closed INTO closed FROM programme_referral_statuses s WHERE s.code = r.status;
  moved_now := r.status_since = now();
  SELECT * INTO last FROM programme_referral_history h WHERE h.referral_id = r.id
    ORDER BY h.id DESC LIMIT 1;
  IF OLD.left_at IS NULL THEN
    NEW.left_at := now();
    NEW.ended_by_id := resettle_login_staff_id();
    IF closed AND moved_now THEN
      NEW.end_reason := {closing_end};
      RETURN NEW;
    END IF;
    IF NOT closed AND moved_now AND last.corrects_id IS NULL
       AND last.from_status = {on_programme} AND last.to_status = r.status
       AND r.status <> {on_programme} THEN
      NEW.end_reason := {deselected};
      RETURN NEW;
    END IF;
    reaching := {ROLES_REACHING}(r.person_id);
    IF NOT closed AND r.status <> {on_programme} AND {team} = ANY ({_groups_of("reaching")})
    THEN
      NEW.end_reason := {withdrawn};
      RETURN NEW;
    END IF;
  ELSIF NEW.left_at IS NULL AND NOT closed AND moved_now THEN
    SELECT * INTO corrected FROM programme_referral_history h WHERE h.id = last.corrects_id;
    IF FOUND AND OLD.left_at >= corrected.moved_at
       AND OLD.end_reason IS DISTINCT FROM {withdrawn} AND (EXISTS (
         SELECT 1 FROM programme_referral_statuses s
         WHERE s.code = corrected.to_status AND s.closed)
       OR (corrected.from_status = {on_programme} AND corrected.to_status <> {on_programme}))
    THEN
      SELECT g.capacity INTO capacity FROM programme_groups g WHERE g.id = OLD.group_id;
      SELECT count(*) INTO held FROM programme_group_members m
        WHERE m.group_id = OLD.group_id AND m.left_at IS NULL AND NOT {released};
      IF held >= capacity THEN
        RAISE EXCEPTION 'The group is full: the place cannot be held again'
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      NEW.ended_by_id := NULL;
      NEW.end_reason := NULL;
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'A group place is withdrawn or given by the programme team, ends with the '
    'move that closes its referral or deselects it, and is held again only by correcting that '
    'move' USING ERRCODE = 'insufficient_privilege';
END"""


def _place_given_check_body() -> str:
    """A login gives a group place only to a referral waiting for one: assessed as suitable,
    or suitable but not ready (``PLACE_GIVEN_AT``), as ``give_group_place`` decides. A
    referral out of the login's reach is left to the policies (which refuse the row), so the
    refusal tells nothing of its status."""
    waiting = ", ".join(quote_literal(code) for code in sorted(PLACE_GIVEN_AT))
    return f"""
DECLARE
  at text;
  whose integer;
BEGIN
  IF resettle_login_staff_id() IS NULL THEN RETURN NEW; END IF;
  SELECT r.status, r.person_id INTO at, whose FROM programme_referrals r
    WHERE r.id = NEW.referral_id;
  -- A referral of a person out of the login's reach: the policies refuse the row, and this
  -- (run as its owner) says nothing about it.
  IF whose IS NULL OR cardinality({ROLES_REACHING}(whose)) = 0 THEN RETURN NEW; END IF;
  IF at NOT IN ({waiting}) THEN
    RAISE EXCEPTION 'A group place is given only to a referral assessed as suitable or '
      'suitable but not ready (this one is at %)', at
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  -- A place given has not ended: who ended it and why are set only as it ends.
  NEW.ended_by_id := NULL;
  NEW.end_reason := NULL;
  RETURN NEW;
END"""


def programme_rules_sql() -> list[str]:
    definer = "SECURITY DEFINER SET search_path = public, pg_temp"
    statements = [
        f"CREATE OR REPLACE FUNCTION {ROLES_REACHING}(p_person integer) RETURNS text[] "
        f"LANGUAGE plpgsql STABLE {definer} AS $fn$ {_roles_reaching_body()} $fn$",
        f"CREATE OR REPLACE FUNCTION {MOVE_ALLOWED}(p_referral integer, p_person integer, "
        "p_from text, p_to text, p_correction boolean) RETURNS boolean "
        f"LANGUAGE plpgsql STABLE {definer} AS $fn$ {_move_allowed_body()} $fn$",
        f"CREATE OR REPLACE FUNCTION {HISTORY_CHECK}() RETURNS trigger "
        f"LANGUAGE plpgsql {definer} AS $fn$ {_history_check_body()} $fn$",
        f"CREATE OR REPLACE FUNCTION {MOVED_WITH_ENTRY}() RETURNS trigger "
        f"LANGUAGE plpgsql {definer} AS $fn$ {_moved_with_entry_body()} $fn$",
        f"CREATE OR REPLACE FUNCTION {REFERRAL_CHECK}() RETURNS trigger "
        f"LANGUAGE plpgsql {definer} AS $fn$ {_referral_check_body()} $fn$",
        # The row's time column (the trigger's argument) is the database's time.
        f"CREATE OR REPLACE FUNCTION {STAMP}() RETURNS trigger "
        f"LANGUAGE plpgsql {definer} AS $fn$ BEGIN "
        "IF resettle_login_staff_id() IS NOT NULL THEN "
        "NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], now())); "
        "END IF; RETURN NEW; END $fn$",
        f"CREATE OR REPLACE FUNCTION {PLACE_CHECK}() RETURNS trigger "
        f"LANGUAGE plpgsql {definer} AS $fn$ {_place_check_body()} $fn$",
        f"REVOKE ALL ON FUNCTION {PLACE_CHECK}() FROM PUBLIC",
        f"DROP TRIGGER IF EXISTS {PLACE_TRIGGER} ON {MEMBERS}",
        f"CREATE TRIGGER {PLACE_TRIGGER} BEFORE UPDATE ON {MEMBERS} "
        f"FOR EACH ROW EXECUTE FUNCTION {PLACE_CHECK}()",
        f"CREATE OR REPLACE FUNCTION {PLACE_GIVEN_CHECK}() RETURNS trigger "
        f"LANGUAGE plpgsql {definer} AS $fn$ {_place_given_check_body()} $fn$",
        f"REVOKE ALL ON FUNCTION {PLACE_GIVEN_CHECK}() FROM PUBLIC",
        f"DROP TRIGGER IF EXISTS {PLACE_GIVEN_TRIGGER} ON {MEMBERS}",
        f"CREATE TRIGGER {PLACE_GIVEN_TRIGGER} BEFORE INSERT ON {MEMBERS} "
        f"FOR EACH ROW EXECUTE FUNCTION {PLACE_GIVEN_CHECK}()",
        f"REVOKE ALL ON FUNCTION {REFERRAL_CHECK}() FROM PUBLIC",
        f"REVOKE ALL ON FUNCTION {STAMP}() FROM PUBLIC",
        f"REVOKE ALL ON FUNCTION {ROLES_REACHING}(integer) FROM PUBLIC",
        f"REVOKE ALL ON FUNCTION {MOVE_ALLOWED}(integer, integer, text, text, boolean) FROM PUBLIC",
        f"REVOKE ALL ON FUNCTION {HISTORY_CHECK}() FROM PUBLIC",
        f"REVOKE ALL ON FUNCTION {MOVED_WITH_ENTRY}() FROM PUBLIC",
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON {REFERRALS}",
        f"CREATE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE ON {REFERRALS} "
        f"FOR EACH ROW EXECUTE FUNCTION {REFERRAL_CHECK}()",
        f"DROP TRIGGER IF EXISTS {MOVED_WITH_ENTRY_TRIGGER} ON {REFERRALS}",
        f"CREATE CONSTRAINT TRIGGER {MOVED_WITH_ENTRY_TRIGGER} AFTER INSERT OR UPDATE OF status "
        f"ON {REFERRALS} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        f"EXECUTE FUNCTION {MOVED_WITH_ENTRY}()",
        # A correction of an outcome check names a check of the same person and point, never
        # another person's (which would block their erasure and their own correction). A
        # trigger, not the insert policy: a policy reading its own table recurses.
        f"CREATE OR REPLACE FUNCTION {CHECK_CORRECTS}() RETURNS trigger "
        f"LANGUAGE plpgsql {definer} AS $fn$ BEGIN "
        "IF NEW.supersedes_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM outcome_checks o "
        "WHERE o.id = NEW.supersedes_id AND o.person_id = NEW.person_id "
        "AND o.point = NEW.point) THEN "
        "RAISE EXCEPTION 'An outcome check corrects a check of the same person and point' "
        "USING ERRCODE = 'insufficient_privilege'; END IF; RETURN NEW; END $fn$",
        f"REVOKE ALL ON FUNCTION {CHECK_CORRECTS}() FROM PUBLIC",
        f"DROP TRIGGER IF EXISTS {CHECK_CORRECTS_TRIGGER} ON {OUTCOME_CHECKS}",
        f"CREATE TRIGGER {CHECK_CORRECTS_TRIGGER} BEFORE INSERT ON {OUTCOME_CHECKS} "
        f"FOR EACH ROW EXECUTE FUNCTION {CHECK_CORRECTS}()",
        f"DROP TRIGGER IF EXISTS {HISTORY_TRIGGER} ON {HISTORY}",
        f"CREATE TRIGGER {HISTORY_TRIGGER} BEFORE INSERT ON {HISTORY} "
        f"FOR EACH ROW EXECUTE FUNCTION {HISTORY_CHECK}()",
    ]
    for table, column in WRITTEN_AT.items():
        statements += [
            f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}",
            f"CREATE TRIGGER {TRIGGER} BEFORE INSERT ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {STAMP}({quote_literal(column)})",
        ]
    return statements


PROGRAMMES = "programmes"
#: The roles that edit the programme catalogue (``Permission.MANAGE_PROGRAMME_CATALOGUE``).
CATALOGUE_ROLES = tuple(
    role for role in Role if Permission.MANAGE_PROGRAMME_CATALOGUE in ROLE_PERMISSIONS.get(role, ())
)
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


def _edits_catalogue() -> str:
    """The login's account holds a role that edits the catalogue (its role, not only its
    login's group membership)."""
    roles = ", ".join(quote_literal(role.value) for role in CATALOGUE_ROLES)
    return f"EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = {ME} AND r.role IN ({roles}))"


def delivery_policies_sql(prefix: str) -> list[str]:
    """Row-level security on the catalogue, offerings, groups and sessions (recreated each
    run): read by every login; the catalogue written by the roles that edit it."""
    staff = quote_ident(group_name(prefix, STAFF_GROUP))
    editors = ", ".join(quote_ident(group_name(prefix, role)) for role in CATALOGUE_ROLES)
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
        PROGRAMMES: (editors, _edits_catalogue()),
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
