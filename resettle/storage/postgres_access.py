"""PostgreSQL logins and row-level security: the SQL ``resettle db setup-roles`` runs.

PostgreSQL roles are cluster-wide, so every role name starts with a per-database prefix
(``resettle_meta['postgres_role_prefix']``, at most 20 characters):

- ``<p>_staff`` (every account), ``<p>_officer``, ``<p>_prison_staff``,
  ``<p>_programme_team``, ``<p>_manager``, ``<p>_admin``: NOLOGIN group roles holding the
  table privileges of each Resettle role;
- ``<p>_gate``: a LOGIN role that may only execute the ``resettle_gate_*`` functions (is there
  an account, is it demo data, the schema revision; before a sign-in, and a refused sign-in:
  ``postgres_gate.py``); its URL is what a team shares, and it reads no table;
- ``<p>_<username>``: one LOGIN role per Resettle account, member of ``<p>_staff`` and of the
  group of each of its roles, with the account's password (a SCRAM verifier computed here, so
  the password itself never reaches the server).

The access rule of ``domain/access.py`` is written once in SQL, as STABLE SECURITY DEFINER
functions of the session's login (``resettle_reached_teams()`` and the like), and the policies
on ``people`` compare with their results wrapped in ``(SELECT ...)`` so each is computed once per
statement. Every other table holding a person's data reaches its rows through ``people``
(``EXISTS (SELECT 1 FROM people p WHERE p.id = person_id)``, which the people policy filters),
or through its parent table for history rows. This module holds the reads; what each role
writes is ``postgres_writes.py``, and ``postgres_setup.py`` puts the whole setup in order.
Running the setup again drops and recreates every policy and function and re-applies the
grants (new migrations add tables: run it again).
The caseload search has a function of its own, limited by the same reach
(``resettle_matching_people``: ``people_search_index.py`` says why).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Table

from resettle.domain.access import ESTABLISHMENT_ROLES
from resettle.domain.accounts import RESERVED_USERNAMES, USERNAME_PATTERN
from resettle.domain.staff import Role
from resettle.storage import tables
from resettle.storage.base import Base
from resettle.storage.people_search_index import matching_people_sql
from resettle.storage.tables.programme_workflow import PROGRAMME_WORKFLOW_TABLES

PREFIX_KEY = "postgres_role_prefix"
PREFIX_MAX = 20
STAFF_GROUP = "staff"
GATE = "gate"
PASSWORD_SET_COMMENT = "Resettle login: password set"
DEMO_KEY = "demo_data"
READINESS_DAY_KEY = "readiness_as_of"

#: Tables that hold no person's data, read by every signed-in account.
REFERENCE_TABLES = (
    "establishments",
    "teams",
    "staff_roles",
    "team_members",
    "establishment_staff",
    "managed_teams",
    "managed_establishments",
    "regions",
    "managed_regions",
    "cover_grants",
    "support_need_catalogue",
    "evidence_packs",
    "providers",
    "resettle_meta",
    "alembic_version",
    # Retention rules, and the tombstones erasure leaves (internal ids, no person's data).
    "retention_rules",
    "erasures",
    # The programme catalogue, offerings, groups and sessions (no person's data).
    "programmes",
    "programme_offerings",
    "programme_groups",
    "programme_sessions",
    # The programme referral workflow (statuses, reasons, moves): seeded, read by everyone.
    *PROGRAMME_WORKFLOW_TABLES,
)
#: Staff columns every login reads: all but ``password_hash``.
STAFF_READABLE = (
    "id",
    "username",
    "display_name",
    "email",
    "phone",
    "active",
    "must_change_password",
    "failed_sign_ins",
    "locked_until",
    "password_changed_at",
)
#: Audit columns every login reads (the change notices' polling): not the actor or details.
AUDIT_READABLE = ("id", "at", "action", "entity_type", "entity_id", "person_id")
#: The words typed with disclosures: read with the person's audit trail ("Who has seen
#: this", the subject access export), by their officer and managers only
#: (``postgres_seen_by.disclosure_notes_readers``).
DISCLOSURE_NOTES = "disclosure_notes"
#: Person tables only officers and managers read (prison staff see no case notes, nor the
#: words typed with disclosures).
CASEWORK_ONLY = frozenset({"case_notes", DISCLOSURE_NOTES})
PERSON_TABLE = "people"
AUDIT_TABLE = "audit_log"


def default_prefix(database_name: str) -> str:
    """A role-name prefix from the database's name: lower-case letters, digits and ``_``, at
    most 20 characters (a long name keeps its start and a digest of the whole)."""
    cleaned = re.sub(r"[^a-z0-9_]", "_", database_name.lower()).strip("_") or "resettle"
    if not cleaned[0].isalpha():
        cleaned = f"r{cleaned}"
    if len(cleaned) <= PREFIX_MAX:
        return cleaned
    digest = hashlib.sha256(database_name.encode()).hexdigest()[:8]
    return f"{cleaned[: PREFIX_MAX - 9]}_{digest}"


def require_prefix(prefix: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,19}", prefix):
        raise ValueError(
            "Role prefix: 1 to 20 lower-case letters, digits or _, starting with a letter."
        )
    return prefix


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def group_name(prefix: str, role: Role | str) -> str:
    return f"{prefix}_{role.value if isinstance(role, Role) else role}"


def login_name(prefix: str, username: str) -> str:
    return f"{prefix}_{username}"


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802/7677): the
    server accepts it in ``ALTER ROLE ... PASSWORD`` and never sees the password itself."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


# --- which tables hold a person's data ------------------------------------------------------


@dataclass(frozen=True)
class PersonTable:
    """A table holding a person's data and how its rows reach the person."""

    name: str
    #: The SQL condition (on the table's own columns) that its row belongs to a reached person.
    reach: str


def person_tables(all_tables: Iterable[Table] | None = None) -> list[PersonTable]:
    """``people``, every table with a ``person_id`` column (but the audit trail, which names
    the person without holding their data), and every table whose rows hang from one of those
    (history rows, plan actions), found from the models so a new table cannot be forgotten."""
    if all_tables is None:
        tables.import_all()
        all_tables = Base.metadata.sorted_tables
    found: dict[str, PersonTable] = {}
    ordered = list(all_tables)
    for table in ordered:
        if table.name == PERSON_TABLE:
            found[table.name] = PersonTable(table.name, _reach_of_people())
        elif "person_id" in table.columns and table.name != AUDIT_TABLE:
            found[table.name] = PersonTable(
                table.name,
                f"EXISTS (SELECT 1 FROM people p WHERE p.id = {table.name}.person_id)",
            )
    for table in ordered:
        if table.name in found or table.name == AUDIT_TABLE:
            continue
        # ``foreign_keys`` is a set: take the keys in a fixed order, a row's required (NOT
        # NULL) link to its parent first, so the policy never hangs from an optional link.
        for key in sorted(table.foreign_keys, key=lambda k: (k.parent.nullable, k.parent.name)):
            parent = key.column.table.name
            if parent in found and parent != PERSON_TABLE and key.parent.name.endswith("_id"):
                found[table.name] = PersonTable(
                    table.name,
                    f"EXISTS (SELECT 1 FROM {parent} parent "
                    f"WHERE parent.{key.column.name} = {table.name}.{key.parent.name})",
                )
                break
    return sorted(found.values(), key=lambda t: t.name)


def _reach_of_people() -> str:
    def computed(function: str) -> str:
        """Once per statement (an InitPlan), not once per row."""
        return f"((SELECT resettle_{function}())::integer[])"

    return (
        f"(people.id <> ALL {computed('excluded_people')}) AND ("
        "(NOT people.restricted AND ("
        f"people.team_id = ANY {computed('reached_teams')} "
        f"OR people.establishment_id = ANY {computed('reached_establishments')})) "
        f"OR (people.restricted AND people.id = ANY {computed('allowed_people')}))"
    )


# --- the SQL ---------------------------------------------------------------------------------


def group_roles_sql(prefix: str) -> list[str]:
    """NOLOGIN group roles, made when missing (roles are cluster-wide: no CREATE OR REPLACE)."""
    names = [group_name(prefix, STAFF_GROUP)] + [group_name(prefix, role) for role in Role]
    return [_create_role_if_missing(name, "NOLOGIN") for name in names]


def _create_role_if_missing(name: str, options: str) -> str:
    return (
        "DO $$ BEGIN "
        f"IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {quote_literal(name)}) THEN "
        f"CREATE ROLE {quote_ident(name)} {options}; END IF; END $$"
    )


def gate_role_sql(prefix: str, verifier: str) -> list[str]:
    gate = quote_ident(group_name(prefix, GATE))
    return [
        _create_role_if_missing(group_name(prefix, GATE), "LOGIN"),
        f"ALTER ROLE {gate} LOGIN NOINHERIT PASSWORD {quote_literal(verifier)}",
    ]


def managed_team_sql(team: str, staff: str) -> str:
    """``team`` (an SQL expression of a team id) is managed by the account ``staff``: by name
    (``managed_teams``) or as a team in an active region it manages, as the team's region is now
    (``storage/repositories/access.scope_of`` reads the same). Every SQL statement of the rule
    asks this, so all agree; the caller checks the manager role."""
    return (
        f"({team} IN (SELECT g.team_id FROM managed_teams g WHERE g.staff_id = {staff}) "
        f"OR {team} IN (SELECT rt.id FROM teams rt JOIN managed_regions mr "
        f"ON mr.region_id = rt.region_id JOIN regions rg ON rg.id = mr.region_id "
        f"WHERE mr.staff_id = {staff} AND rg.active))"
    )


def managed_establishment_sql(establishment: str, staff: str) -> str:
    """``establishment`` is managed by ``staff``, by name or by region (as
    :func:`managed_team_sql`)."""
    return (
        f"({establishment} IN (SELECT g.establishment_id FROM managed_establishments g "
        f"WHERE g.staff_id = {staff}) "
        f"OR {establishment} IN (SELECT re.id FROM establishments re JOIN managed_regions mr "
        f"ON mr.region_id = re.region_id JOIN regions rg ON rg.id = mr.region_id "
        f"WHERE mr.staff_id = {staff} AND rg.active))"
    )


def access_functions_sql(prefix: str) -> list[str]:
    """The access rule as functions of the session's login (``session_user``: a SECURITY
    DEFINER function runs as its owner, so ``current_user`` would name the owner)."""
    start = len(prefix) + 2
    me = (
        "(SELECT s.id FROM staff s WHERE s.active "
        f"AND starts_with(session_user::text, {quote_literal(prefix + '_')}) "
        f"AND s.username = substr(session_user::text, {start}))"
    )

    def holds(role: Role | frozenset[Role], staff: str = "me.id") -> str:
        held = sorted({role} if isinstance(role, Role) else role)
        return (
            f"EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = {staff} "
            f"AND r.role IN ({', '.join(quote_literal(r.value) for r in held)}))"
        )

    case_roles = ", ".join(quote_literal(r.value) for r in Role if r is not Role.ADMIN)
    reads_cases = (
        "EXISTS (SELECT 1 FROM staff_roles r "
        f"WHERE r.staff_id = me.id AND r.role IN ({case_roles}))"
    )
    functions = {
        "resettle_login_staff_id() RETURNS integer": me,
        "resettle_reached_teams() RETURNS integer[]": (
            "WITH me AS (SELECT resettle_login_staff_id() AS id) "
            "SELECT coalesce(array_agg(DISTINCT t), '{}') FROM ("
            f"SELECT m.team_id AS t FROM team_members m, me WHERE m.staff_id = me.id "
            f"AND {holds(Role.OFFICER)} "
            "UNION SELECT c.team_id FROM cover_grants c, me WHERE c.staff_id = me.id "
            "AND c.starts_on <= current_date AND c.ends_on >= current_date "
            f"AND c.revoked_at IS NULL AND {holds(Role.OFFICER)} "
            f"UNION SELECT mt.id FROM teams mt, me WHERE {managed_team_sql('mt.id', 'me.id')} "
            f"AND {holds(Role.MANAGER)}) reached"
        ),
        "resettle_reached_establishments() RETURNS integer[]": (
            "WITH me AS (SELECT resettle_login_staff_id() AS id) "
            "SELECT coalesce(array_agg(DISTINCT e), '{}') FROM ("
            "SELECT w.establishment_id AS e FROM establishment_staff w, me "
            f"WHERE w.staff_id = me.id AND {holds(ESTABLISHMENT_ROLES)} "
            "UNION SELECT mp.id FROM establishments mp, me "
            f"WHERE {managed_establishment_sql('mp.id', 'me.id')} AND {holds(Role.MANAGER)}) "
            "reached"
        ),
        "resettle_allowed_people() RETURNS integer[]": (
            "WITH me AS (SELECT resettle_login_staff_id() AS id) "
            "SELECT coalesce(array_agg(a.person_id), '{}') FROM person_access a, me "
            f"WHERE a.staff_id = me.id AND a.kind = 'allowed' AND {reads_cases}"
        ),
        "resettle_excluded_people() RETURNS integer[]": (
            "WITH me AS (SELECT resettle_login_staff_id() AS id) "
            "SELECT coalesce(array_agg(a.person_id), '{}') FROM person_access a, me "
            "WHERE a.staff_id = me.id AND a.kind = 'excluded'"
        ),
    }
    functions["resettle_matching_people(p_patterns text[]) RETURNS integer[]"] = (
        matching_people_sql(_reach_of_people())
    )
    # PL/pgSQL, not SQL: a SQL function's query is planned again at every statement that calls
    # it (each policy's InitPlans, so every read of a person table), PL/pgSQL's once a session.
    return [
        f"CREATE OR REPLACE FUNCTION {signature} LANGUAGE plpgsql STABLE SECURITY DEFINER "
        f"SET search_path = public, pg_temp AS $fn$ BEGIN RETURN ({body}); END $fn$"
        for signature, body in functions.items()
    ]


def gate_functions_sql(prefix: str) -> list[str]:
    """What the gate login may read before anyone signs in (its sign-in calls are in
    ``postgres_gate.py``)."""
    definer = "SECURITY DEFINER SET search_path = public, pg_temp"
    return [
        "CREATE OR REPLACE FUNCTION resettle_role_prefix() RETURNS text "
        f"LANGUAGE sql STABLE {definer} AS $fn$ "
        f"SELECT value FROM resettle_meta WHERE key = '{PREFIX_KEY}' $fn$",
        "CREATE OR REPLACE FUNCTION resettle_gate_status("
        "OUT has_accounts boolean, OUT demo boolean, OUT revision text) "
        f"LANGUAGE sql STABLE {definer} AS $fn$ "
        "SELECT EXISTS (SELECT 1 FROM staff), "
        f"coalesce((SELECT value = 'yes' FROM resettle_meta WHERE key = '{DEMO_KEY}'), false), "
        "(SELECT version_num FROM alembic_version LIMIT 1) $fn$",
    ]


def login_functions_sql(prefix: str) -> list[str]:
    """Keeping the login roles in step with the accounts, for administrators (who do not get
    CREATEROLE: these run as the owner, and touch only this database's logins), and clearing a
    login's own failed sign-ins after it connected."""
    definer = "SECURITY DEFINER SET search_path = public, pg_temp"
    groups = {role.value: group_name(prefix, role) for role in Role}
    group_cases = " ".join(
        f"WHEN {quote_literal(value)} THEN {quote_literal(name)}" for value, name in groups.items()
    )
    # A staff row not made through the accounts service (a restored backup changed by hand)
    # named like a group role or the gate would take that role over: refused here too.
    reserved = ", ".join(quote_literal(name) for name in sorted(RESERVED_USERNAMES))
    staff_group = quote_literal(group_name(prefix, STAFF_GROUP))
    sync = f"""
DECLARE
  account staff%ROWTYPE;
  login text;
  has_password boolean;
  grp record;
BEGIN
  SELECT * INTO account FROM staff WHERE id = p_staff_id;
  IF NOT FOUND THEN RETURN; END IF;
  IF account.username !~ {quote_literal(USERNAME_PATTERN.pattern)}
     OR account.username = ANY (ARRAY[{reserved}]) THEN
    RAISE EXCEPTION 'account % has a user name no login may have', account.id;
  END IF;
  login := {quote_literal(prefix + "_")} || account.username;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
    EXECUTE format('CREATE ROLE %I NOLOGIN', login);
  ELSIF NOT EXISTS (
    SELECT 1 FROM pg_auth_members m
    WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = login)
      AND m.roleid = (SELECT oid FROM pg_roles WHERE rolname = {staff_group})) THEN
    -- A role of that name this database did not make (every login it makes is a member of
    -- its staff group): another database's login or group under an overlapping prefix
    -- ("hq" and "hq_train"), or a server login. Never taken over.
    RAISE EXCEPTION 'account % would take over a login this database did not make', account.id;
  END IF;
  has_password := coalesce(shobj_description(
    (SELECT oid FROM pg_roles WHERE rolname = login), 'pg_authid')
    = '{PASSWORD_SET_COMMENT}', false);
  IF account.active AND has_password THEN
    EXECUTE format('ALTER ROLE %I LOGIN', login);
  ELSE
    EXECUTE format('ALTER ROLE %I NOLOGIN', login);
  END IF;
  EXECUTE format('GRANT %I TO %I', {quote_literal(group_name(prefix, STAFF_GROUP))}, login);
  FOR grp IN SELECT v.role, v.grp,
      EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = account.id AND r.role = v.role) AS held
    FROM (SELECT role, CASE role {group_cases} END AS grp
          FROM unnest(ARRAY[{", ".join(quote_literal(v) for v in groups)}]) AS role) v
  LOOP
    IF grp.held THEN
      EXECUTE format('GRANT %I TO %I', grp.grp, login);
    ELSE
      EXECUTE format('REVOKE %I FROM %I', grp.grp, login);
    END IF;
  END LOOP;
END"""
    set_password = f"""
DECLARE
  login text;
BEGIN
  IF p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
    RAISE EXCEPTION 'a SCRAM-SHA-256 verifier is expected';
  END IF;
  SELECT {quote_literal(prefix + "_")} || username INTO login FROM staff WHERE id = p_staff_id;
  IF login IS NULL THEN RETURN; END IF;
  PERFORM resettle_sync_login(p_staff_id);
  EXECUTE format('ALTER ROLE %I PASSWORD %L', login, p_verifier);
  EXECUTE format('COMMENT ON ROLE %I IS %L', login, '{PASSWORD_SET_COMMENT}');
  PERFORM resettle_sync_login(p_staff_id);
END"""
    return [
        "CREATE OR REPLACE FUNCTION resettle_sync_login(p_staff_id integer) RETURNS void "
        f"LANGUAGE plpgsql {definer} AS $fn$ {sync} $fn$",
        "CREATE OR REPLACE FUNCTION resettle_set_login_password("
        "p_staff_id integer, p_verifier text) RETURNS void "
        f"LANGUAGE plpgsql {definer} AS $fn$ {set_password} $fn$",
        "CREATE OR REPLACE FUNCTION resettle_own_password_set() RETURNS void "
        f"LANGUAGE plpgsql {definer} AS $fn$ BEGIN "
        "IF resettle_login_staff_id() IS NOT NULL THEN "
        f"EXECUTE format('COMMENT ON ROLE %I IS %L', session_user, '{PASSWORD_SET_COMMENT}'); "
        "END IF; END $fn$",
        "CREATE OR REPLACE FUNCTION resettle_own_password_changed(p_hash text) RETURNS void "
        f"LANGUAGE sql {definer} AS $fn$ UPDATE staff SET password_hash = p_hash, "
        "must_change_password = false, password_changed_at = now() "
        "WHERE id = resettle_login_staff_id() $fn$",
        "CREATE OR REPLACE FUNCTION resettle_clear_sign_in_failures() RETURNS void "
        f"LANGUAGE sql {definer} AS $fn$ UPDATE staff SET failed_sign_ins = 0, "
        "locked_until = NULL WHERE id = resettle_login_staff_id() $fn$",
    ]


def table_grants_sql(prefix: str, protected: list[PersonTable]) -> list[str]:
    """Table privileges of each group role (policies then bound the person tables' rows)."""
    staff = quote_ident(group_name(prefix, STAFF_GROUP))
    everyone = [quote_ident(group_name(prefix, g)) for g in (STAFF_GROUP, GATE, *Role)]
    names = [t.name for t in protected]
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {', '.join(everyone)}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {', '.join(everyone)}",
        f"GRANT USAGE ON SCHEMA public TO {staff}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {staff}",
        f"GRANT SELECT ON {', '.join(REFERENCE_TABLES)} TO {staff}",
        f"GRANT SELECT ({', '.join(STAFF_READABLE)}) ON staff TO {staff}",
        # Reading what the change notices poll (services/record_changes.py), not who did it or
        # the details; rows are appended through a function (postgres_audit.py).
        f"GRANT SELECT ({', '.join(AUDIT_READABLE)}) ON {AUDIT_TABLE} TO {staff}",
        f"GRANT UPDATE (value) ON resettle_meta TO {staff}",
        f"GRANT SELECT ON {', '.join(n for n in names if n not in CASEWORK_ONLY)} TO {staff}",
    ]
    for role in (Role.OFFICER, Role.MANAGER):
        group = quote_ident(group_name(prefix, role))
        statements.append(f"GRANT SELECT ON {', '.join(CASEWORK_ONLY)} TO {group}")
    return statements


POLICY_NAMES = (
    "resettle_read",
    "resettle_insert",
    "resettle_insert_imported",
    "resettle_update",
    "resettle_update_in_reach",
    "resettle_delete",
)


def read_policies_sql(prefix: str, table: PersonTable, reach: str) -> list[str]:
    """Row-level security on a person table, recreated from scratch each run: its policies
    dropped and its read policy made (``postgres_writes.py`` adds the write policies)."""
    staff = quote_ident(group_name(prefix, STAFF_GROUP))
    casework = ", ".join(quote_ident(group_name(prefix, r)) for r in (Role.OFFICER, Role.MANAGER))
    statements = [f"ALTER TABLE {table.name} ENABLE ROW LEVEL SECURITY"]
    for policy in POLICY_NAMES:
        statements.append(f"DROP POLICY IF EXISTS {policy} ON {table.name}")
    readers = casework if table.name in CASEWORK_ONLY else staff
    statements.append(
        f"CREATE POLICY resettle_read ON {table.name} FOR SELECT TO {readers} USING ({reach})"
    )
    return statements


def meta_policies_sql(prefix: str) -> list[str]:
    """Every login reads ``resettle_meta``; it may change only the readiness day, and only to
    a date (ISO, as ``storage/repositories/caseload_keys.py`` writes it)."""
    staff = quote_ident(group_name(prefix, STAFF_GROUP))
    statements = ["ALTER TABLE resettle_meta ENABLE ROW LEVEL SECURITY"]
    for policy in POLICY_NAMES:
        statements.append(f"DROP POLICY IF EXISTS {policy} ON resettle_meta")
    statements += [
        f"CREATE POLICY resettle_read ON resettle_meta FOR SELECT TO {staff} USING (true)",
        f"CREATE POLICY resettle_update ON resettle_meta FOR UPDATE TO {staff} "
        f"USING (key = '{READINESS_DAY_KEY}') WITH CHECK (key = '{READINESS_DAY_KEY}' "
        "AND value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')",
    ]
    return statements
