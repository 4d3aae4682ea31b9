"""What each group role may write on PostgreSQL, and the row checks on those writes (the SQL
``resettle db setup-roles`` runs after the reads of ``postgres_access.py``).

The grants follow what the services write for each role, no more:

- ``people`` is granted column by column: prison staff keep the open-essentials counts;
  managers allocate (responsible officer and team), restrict and close; officers edit the
  profile, allocate through it and close. Nobody but a manager sets ``restricted``, and
  nobody changes ``id`` or ``created_at``. Every role whose change moves the caseload's kept
  sort keys and readiness (``repositories/caseload_keys.py``) writes those.
- A person may change team only to a team the login reaches or to a team of the person's
  responsible officer (an allocation moves the person onto the officer's team).
- Officers delete only what the services delete (a person's aliases and flags, a draft plan's
  actions); case notes, allocations and disclosure notes are append-only.
- Every role that discloses (officers, prison staff, the programme team, managers) adds
  disclosure notes for the people it reaches; reading them is the officer's and managers'
  (``postgres_seen_by.py``).
- Access lists (``person_access``) are a manager's, only for people the manager manages or is
  named on, and never excluding themself; cover grants are a manager's, only for teams they
  manage, in their own name; officers write neither.
- Managers erase a person (``services/erasure``) only through ``resettle_erase_person``
  (``postgres_erasure.py``): they hold no DELETE on person tables but the access lists, and
  write no tombstone themselves. They add retention review decisions. Administrators write
  the retention rules.
- Programme referrals: referrers (officers, prison staff) insert referrals and update their
  status (with its time and the revision a move claims), and insert history entries, for the
  people they reach; the programme team updates a referral's
  status, offering and revision, inserts history entries and gives and withdraws group
  places; nobody updates or deletes a history entry (a correction is a new one).
- Administrators write accounts, roles and places, never their own roles or places, never a
  user name (it names the login), and read no password hash.

Case notes are read through the reach of the casework roles only (officer and manager), so an
account that is also prison staff reads no notes of the people it reaches only as prison
staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from resettle.domain.staff import Role
from resettle.storage import postgres_imports, postgres_programmes
from resettle.storage.postgres_access import (
    DISCLOSURE_NOTES,
    POLICY_NAMES,
    STAFF_GROUP,
    PersonTable,
    group_name,
    managed_establishment_sql,
    managed_team_sql,
    quote_ident,
    quote_literal,
)
from resettle.storage.tables.access import EXCLUDED
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.programme_attendance import PROGRAMME_ATTENDANCE_TABLES
from resettle.storage.tables.staff import StaffRow

PEOPLE = "people"
PERSON_ACCESS = "person_access"
COVER_GRANTS = "cover_grants"
CASE_NOTES = "case_notes"
#: ``people`` columns kept by the application for the caseload's order and filters, and the
#: measures.
PEOPLE_KEPT = (
    "plan_state",
    "plan_agreed",
    "readiness_score",
    "officer_sort",
    "establishment_sort",
    "outcome_check_due_on",
    # the measures' keys (``repositories/measure_keys.py``)
    "overdue_action_from",
    "plan_agreed_in_time",
    "plan_issued_in_time",
    "outcome_first_night",
    "outcome_week_6",
    "outcome_month_3",
    "outcome_month_6",
    "outcome_treatment",
)
ESSENTIAL_COUNTS = ("open_critical_essentials", "open_other_essentials")
#: A manager's changes to a person: allocation, restriction, closure (and the row's version).
MANAGER_PEOPLE = ("responsible_officer_id", "team_id", "restricted", "case_closed", "version")
#: ``people`` columns an officer never writes.
NOT_OFFICERS = ("id", "created_at", "restricted")
#: A person's programme history: officers, prison staff and the programme team add to it,
#: nobody changes it.
PROGRAMME_HISTORY = "programme_history"
#: Outcome checks after release: officers add them (a correction is a new check), nobody
#: changes or deletes one; other roles read them only.
OUTCOME_CHECKS = "outcome_checks"
#: Programme referrals (``tables/programme_referrals.py``): referrers (officers, prison staff)
#: refer and make their moves; the programme team makes its moves and gives group places.
PROGRAMME_REFERRALS = "programme_referrals"
PROGRAMME_REFERRAL_HISTORY = "programme_referral_history"
PROGRAMME_GROUP_MEMBERS = "programme_group_members"
#: What a referrer's moves change on a referral (the status, its time and the revision the
#: move claims): never its offering, which the programme team sets with a group place.
REFERRER_UPDATES = ("status", "status_since", "revision")
#: Attendance at programme sessions: the programme team adds marks (a correction is a new
#: mark) and ties one-to-one sessions, for the people it reaches; nobody changes or deletes
#: either, and no other role writes them.
PROGRAMME_ATTENDANCE = PROGRAMME_ATTENDANCE_TABLES
#: Person tables officers add rows to but never change (a disclosure's note never changes:
#: its audit row keeps its digest; a referral's history is corrected by a new entry).
APPEND_ONLY = frozenset(
    {
        CASE_NOTES,
        "allocations",
        DISCLOSURE_NOTES,
        PROGRAMME_HISTORY,
        PROGRAMME_REFERRAL_HISTORY,
        OUTCOME_CHECKS,
        # The caseload import's ledger: a re-import adds rows, never changes one.
        "import_ledger",
    }
)
#: Person tables officers never write but for ``REFERRER_PLACE_UPDATE`` (group places are the
#: programme team's).
NOT_OFFICERS_TABLES = frozenset({PROGRAMME_GROUP_MEMBERS})
#: Person tables whose rows officers' saves delete (aliases and flags are replaced, a draft
#: plan's actions rewritten).
DELETED_BY_OFFICERS = frozenset({"person_aliases", "person_flags", "plan_actions"})
#: Account tables of roles and places: administrators write them, for others only.
ACCOUNT_PLACES = (
    "staff_roles",
    "team_members",
    "establishment_staff",
    "managed_teams",
    "managed_establishments",
    "managed_regions",
)
#: The programme catalogue and delivery tables managers write (``services/programme_*``);
#: administrators write the catalogue only.
PROGRAMME_TABLES = ("programmes", "programme_offerings", "programme_groups", "programme_sessions")
#: Staff columns no login updates (the user name names the login role).
STAFF_FIXED = ("id", "username")


@dataclass(frozen=True)
class Write:
    table: str
    commands: tuple[str, ...]
    #: UPDATE only these columns (None: every column).
    columns: tuple[str, ...] | None = None


def _columns(table_columns: list[str], leaving: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(name for name in table_columns if name not in leaving)


#: A referrer's move that closes a referral ends its group place, and the correction of
#: that move holds the place again: only as that (``postgres_programmes._place_check_body``).
PLACE_END_COLUMNS = ("left_at", "ended_by_id", "end_reason")
REFERRER_PLACE_UPDATE = Write(PROGRAMME_GROUP_MEMBERS, ("UPDATE",), PLACE_END_COLUMNS)


def writes_of(protected: list[PersonTable]) -> dict[Role, list[Write]]:
    """Each role's writes, from the person tables found from the models."""
    people_columns = [column.name for column in PersonRow.__table__.columns]
    staff_columns = [column.name for column in StaffRow.__table__.columns]
    officer = [Write(PEOPLE, ("INSERT", "UPDATE"), _columns(people_columns, NOT_OFFICERS))]
    for table in protected:
        if table.name in (PEOPLE, PERSON_ACCESS, *PROGRAMME_ATTENDANCE) or (
            table.name in NOT_OFFICERS_TABLES
        ):
            continue
        commands = ["INSERT"]
        if table.name not in APPEND_ONLY:
            commands.append("UPDATE")
        if table.name in DELETED_BY_OFFICERS:
            commands.append("DELETE")
        updates = REFERRER_UPDATES if table.name == PROGRAMME_REFERRALS else None
        officer.append(Write(table.name, tuple(commands), updates))
    officer.append(REFERRER_PLACE_UPDATE)
    officer.append(Write("providers", ("INSERT", "UPDATE")))
    return {
        Role.OFFICER: officer,
        Role.PRISON_STAFF: [
            Write(PEOPLE, ("UPDATE",), ESSENTIAL_COUNTS + PEOPLE_KEPT),
            Write("essentials", ("INSERT", "UPDATE")),
            Write("record_part_revisions", ("INSERT", "UPDATE")),
            # The current plan's actions linked to an essential follow its status.
            Write("plan_actions", ("UPDATE",), ("status",)),
            # Whoever reaches a person may record a disclosure (and print a plan).
            Write(DISCLOSURE_NOTES, ("INSERT",)),
            # Prison staff record programmes on the history of the people they reach.
            Write(PROGRAMME_HISTORY, ("INSERT",)),
            # A referrer: refers the people it reaches and makes the referrers' moves.
            Write(PROGRAMME_REFERRALS, ("INSERT", "UPDATE"), REFERRER_UPDATES),
            Write(PROGRAMME_REFERRAL_HISTORY, ("INSERT",)),
            REFERRER_PLACE_UPDATE,
        ],
        # Reads its establishment's people; runs its groups (generates, reschedules, marking
        # the old session replaced, and adds catch-up sessions); moves their referrals, gives
        # group places and records programmes on the history of the people it reaches.
        Role.PROGRAMME_TEAM: [
            Write(DISCLOSURE_NOTES, ("INSERT",)),
            Write(PROGRAMME_HISTORY, ("INSERT",)),
            Write("programme_sessions", ("INSERT", "UPDATE"), ("replaced_at",)),
            Write(
                PROGRAMME_REFERRALS,
                ("UPDATE",),
                ("status", "status_since", "offering_id", "revision"),
            ),
            Write(PROGRAMME_REFERRAL_HISTORY, ("INSERT",)),
            Write(PROGRAMME_GROUP_MEMBERS, ("INSERT", "UPDATE"), PLACE_END_COLUMNS),
            # ... and their attendance (added, never changed).
            *(Write(table, ("INSERT",)) for table in PROGRAMME_ATTENDANCE),
        ],
        Role.MANAGER: [
            # A caseload import inserts people (onto a managed team: ``postgres_imports``'s
            # policy) and records them in its ledger (its trigger); it updates no profile.
            Write(PEOPLE, ("INSERT", "UPDATE"), MANAGER_PEOPLE + PEOPLE_KEPT),
            Write(postgres_imports.IMPORT_LEDGER, ("INSERT",)),
            Write("allocations", ("INSERT",)),
            Write("case_closures", ("INSERT", "UPDATE")),
            Write(PERSON_ACCESS, ("INSERT", "UPDATE", "DELETE")),
            Write("record_part_revisions", ("INSERT", "UPDATE")),
            Write(COVER_GRANTS, ("INSERT", "UPDATE"), ("revoked_at",)),
            Write("support_need_catalogue", ("INSERT", "UPDATE", "DELETE")),
            Write("retention_reviews", ("INSERT",)),
            Write(DISCLOSURE_NOTES, ("INSERT",)),
            *(Write(table, ("INSERT", "UPDATE")) for table in PROGRAMME_TABLES),
        ],
        Role.ADMIN: [
            Write("staff", ("INSERT", "UPDATE"), _columns(staff_columns, STAFF_FIXED)),
            *(Write(table, ("INSERT", "UPDATE", "DELETE")) for table in ACCOUNT_PLACES),
            Write("teams", ("INSERT", "UPDATE")),
            Write("establishments", ("INSERT", "UPDATE")),
            Write("regions", ("INSERT", "UPDATE")),
            Write("retention_rules", ("INSERT", "UPDATE")),
            Write("programmes", ("INSERT", "UPDATE")),
            *(
                Write(table, ("INSERT", "UPDATE", "DELETE"))
                for table in ("support_need_catalogue", "evidence_packs", "providers")
            ),
        ],
    }


def write_grants_sql(prefix: str, protected: list[PersonTable]) -> list[str]:
    statements = []
    for role, writes in writes_of(protected).items():
        group = quote_ident(group_name(prefix, role))
        for write in writes:
            commands = [
                f"UPDATE ({', '.join(write.columns)})"
                if command == "UPDATE" and write.columns is not None
                else command
                for command in write.commands
            ]
            statements.append(f"GRANT {', '.join(commands)} ON {write.table} TO {group}")
    return statements


# --- functions the checks use ---------------------------------------------------------------


def _array(function: str) -> str:
    """Computed once per statement (an InitPlan)."""
    return f"((SELECT {function}())::integer[])"


#: Whether the login acts as a person's manager, as ``domain/access.roles_reaching`` decides
#: (erasure, a subject access export's audit trail, disclosure notes).
MANAGER_OF_PERSON = "resettle_manager_of_person"
#: Conditions on ``p``, a row of ``people``, for the two functions below.
_OPEN = "NOT p.restricted"
_NAMED = "(p.restricted AND p.id = ANY (resettle_allowed_people()))"
#: The person's team or establishment is one the login manages (holding the manager role).
_MANAGER_PLACED = (
    "(coalesce(p.team_id = ANY (resettle_managed_teams()), false) "
    "OR coalesce(p.establishment_id = ANY (resettle_managed_establishments()), false))"
)
#: Any case role's place holds the person: an officer's team or cover, a prison-staff
#: establishment, a managed team or establishment (``postgres_access``'s reach functions).
_PLACED_ANYWHERE = (
    "(coalesce(p.team_id = ANY (resettle_reached_teams()), false) "
    "OR coalesce(p.establishment_id = ANY (resettle_reached_establishments()), false))"
)


def _of_person(condition: str) -> str:
    """``condition`` holds for the person ``p_person``, who exists and does not exclude the
    login."""
    return (
        "SELECT EXISTS (SELECT 1 FROM people p WHERE p.id = p_person "
        f"AND p.id <> ALL (resettle_excluded_people()) AND ({condition}))"
    )


def check_functions_sql() -> list[str]:
    """The login's managed teams and establishments, and the restricted people it is named on
    holding a casework role, as ``postgres_access.py``'s reach functions are written."""
    me = "resettle_login_staff_id()"

    def holds(*roles: Role) -> str:
        names = ", ".join(quote_literal(role.value) for role in roles)
        return (
            f"EXISTS (SELECT 1 FROM staff_roles r WHERE r.staff_id = {me} AND r.role IN ({names}))"
        )

    functions = {
        # By name or by region (``postgres_access.managed_team_sql``).
        "resettle_managed_teams() RETURNS integer[]": (
            "SELECT coalesce(array_agg(t.id), '{}') FROM teams t "
            f"WHERE {managed_team_sql('t.id', me)} AND {holds(Role.MANAGER)}"
        ),
        "resettle_managed_establishments() RETURNS integer[]": (
            "SELECT coalesce(array_agg(e.id), '{}') FROM establishments e "
            f"WHERE {managed_establishment_sql('e.id', me)} AND {holds(Role.MANAGER)}"
        ),
        "resettle_casework_allowed_people() RETURNS integer[]": (
            "SELECT coalesce(array_agg(a.person_id), '{}') FROM person_access a "
            f"WHERE a.staff_id = {me} AND a.kind = 'allowed' "
            f"AND {holds(Role.OFFICER, Role.MANAGER)}"
        ),
        # Whether an account has a password (the administration window shows it), not its hash.
        "resettle_has_password(p_staff_id integer) RETURNS boolean": (
            "SELECT coalesce((SELECT password_hash <> '' FROM staff WHERE id = p_staff_id), "
            f"false) WHERE {holds(Role.ADMIN)}"
        ),
        # Who keeps a person's access list: a manager of their place, or, for a restricted
        # person, anyone named on their list (a manager of their team may not name themself
        # onto it, or learn it exists).
        "resettle_manages_person(p_person integer) RETURNS boolean": _of_person(
            f"({_OPEN} AND {_MANAGER_PLACED}) OR {_NAMED}"
        ),
        # Who acts as the person's manager (erasure, their audit trail and disclosure notes):
        # ``domain/access.roles_reaching`` holds the manager role. A restricted person named on
        # their list only when the manager role's places hold them, or when no case role's
        # place does (then every role the account has acts).
        f"{MANAGER_OF_PERSON}(p_person integer) RETURNS boolean": _of_person(
            f"{holds(Role.MANAGER)} AND (({_OPEN} AND {_MANAGER_PLACED}) OR ({_NAMED} AND "
            f"({_MANAGER_PLACED} OR NOT {_PLACED_ANYWHERE})))"
        ),
    }
    return [
        f"CREATE OR REPLACE FUNCTION {signature} LANGUAGE sql STABLE SECURITY DEFINER "
        f"SET search_path = public, pg_temp AS $fn$ {body} $fn$"
        for signature, body in functions.items()
    ]


#: Executed by administrators only.
ADMIN_FUNCTIONS = ("resettle_has_password(integer)",)
CHECK_FUNCTIONS = (
    "resettle_managed_teams()",
    "resettle_managed_establishments()",
    "resettle_casework_allowed_people()",
    "resettle_manages_person(integer)",
    f"{MANAGER_OF_PERSON}(integer)",
)


def casework_reach(table: str) -> str:
    """A case note's person, reached through the casework roles only: an officer's teams and
    cover, a manager's teams and establishments, the restricted people the account is named on
    (not a prison-staff establishment)."""
    person = (
        f"(p.id <> ALL {_array('resettle_excluded_people')}) AND ("
        "(NOT p.restricted AND ("
        f"p.team_id = ANY {_array('resettle_reached_teams')} "
        f"OR p.establishment_id = ANY {_array('resettle_managed_establishments')})) "
        f"OR (p.restricted AND p.id = ANY {_array('resettle_casework_allowed_people')}))"
    )
    return f"EXISTS (SELECT 1 FROM people p WHERE p.id = {table}.person_id AND {person})"


# --- the row checks of the writes -----------------------------------------------------------


def _team_move_check() -> str:
    """A person's team after a change: one the login reaches, or a team of their officer."""
    return (
        f"(people.team_id = ANY {_array('resettle_reached_teams')} "
        "OR people.team_id IN (SELECT m.team_id FROM team_members m "
        "WHERE m.staff_id = people.responsible_officer_id))"
    )


def _policy(name: str, table: str, command: str, to: list[str], body: str) -> str:
    roles = ", ".join(quote_ident(role) for role in to)
    return f"CREATE POLICY {name} ON {table} FOR {command} TO {roles} {body}"


def _reset(table: str) -> list[str]:
    return [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"] + [
        f"DROP POLICY IF EXISTS {policy} ON {table}" for policy in POLICY_NAMES
    ]


def person_write_policies_sql(
    prefix: str, table: PersonTable, reach: str, writers: dict[str, list[Role]]
) -> list[str]:
    """The write policies of one person table (its read policy and reset are the caller's)."""
    if table.name == PERSON_ACCESS:
        return _person_access_policies(prefix)
    statements = []
    for command, roles in writers.items():
        if command == "INSERT":
            body = f"WITH CHECK ({_and(reach, postgres_programmes.insert_checks(table.name))})"
        elif command == "DELETE":
            body = f"USING ({reach})"
        else:
            checked = _and(reach, postgres_programmes.update_checks(table.name))
            body = f"USING ({reach}) WITH CHECK ({checked})"
        moving = [r for r in roles if r in (Role.OFFICER, Role.MANAGER)]
        if command == "UPDATE" and table.name == PEOPLE and moving:
            # Allocation may move the person out of the login's reach, onto the officer's team.
            statements.append(
                _policy(
                    "resettle_update",
                    PEOPLE,
                    command,
                    [group_name(prefix, r) for r in moving],
                    f"USING ({reach}) WITH CHECK ({_team_move_check()})",
                )
            )
            roles = [r for r in roles if r not in moving]
            if not roles:
                continue
            statements.append(
                _policy(
                    "resettle_update_in_reach",
                    PEOPLE,
                    command,
                    [group_name(prefix, r) for r in roles],
                    body,
                )
            )
            continue
        if command == "INSERT" and table.name == PEOPLE and Role.MANAGER in roles:
            statements.append(postgres_imports.manager_insert_policy_sql(prefix))
            roles = [r for r in roles if r is not Role.MANAGER]
            if not roles:
                continue
        name = {"INSERT": "resettle_insert", "UPDATE": "resettle_update"}.get(
            command, "resettle_delete"
        )
        statements.append(
            _policy(name, table.name, command, [group_name(prefix, r) for r in roles], body)
        )
    return statements


def _and(reach: str, extra: str | None) -> str:
    return reach if extra is None else f"({reach}) AND {extra}"


def writers_of(protected: list[PersonTable], table: str) -> dict[str, list[Role]]:
    """command -> roles writing ``table``, in a fixed order."""
    found: dict[str, list[Role]] = {}
    for role, writes in writes_of(protected).items():
        for write in writes:
            if write.table == table:
                for command in write.commands:
                    found.setdefault(command, []).append(role)
    return {c: found[c] for c in ("INSERT", "UPDATE", "DELETE") if c in found}


def _person_access_policies(prefix: str) -> list[str]:
    manager = [group_name(prefix, Role.MANAGER)]
    me = "(SELECT resettle_login_staff_id())"
    managed = "resettle_manages_person(person_access.person_id)"
    check = (
        f"{managed} AND set_by_id = {me} "
        f"AND NOT (kind = {quote_literal(EXCLUDED)} AND staff_id = {me})"
    )
    return [
        _policy("resettle_insert", PERSON_ACCESS, "INSERT", manager, f"WITH CHECK ({check})"),
        _policy(
            "resettle_update",
            PERSON_ACCESS,
            "UPDATE",
            manager,
            f"USING ({managed}) WITH CHECK ({check})",
        ),
        _policy("resettle_delete", PERSON_ACCESS, "DELETE", manager, f"USING ({managed})"),
    ]


def reference_policies_sql(prefix: str) -> list[str]:
    """Cover grants and the account tables of roles and places: read by every login, written
    as the services allow."""
    staff = [group_name(prefix, STAFF_GROUP)]
    manager = [group_name(prefix, Role.MANAGER)]
    admin = [group_name(prefix, Role.ADMIN)]
    statements = _reset(COVER_GRANTS)
    managed = f"team_id = ANY {_array('resettle_managed_teams')}"
    statements += [
        _policy("resettle_read", COVER_GRANTS, "SELECT", staff, "USING (true)"),
        _policy(
            "resettle_insert",
            COVER_GRANTS,
            "INSERT",
            manager,
            f"WITH CHECK ({managed} AND granted_by_id = (SELECT resettle_login_staff_id()))",
        ),
        _policy(
            "resettle_update",
            COVER_GRANTS,
            "UPDATE",
            manager,
            f"USING ({managed}) WITH CHECK ({managed})",
        ),
    ]
    others = "staff_id <> (SELECT resettle_login_staff_id())"
    for table in ACCOUNT_PLACES:
        statements += _reset(table)
        statements += [
            _policy("resettle_read", table, "SELECT", staff, "USING (true)"),
            _policy("resettle_insert", table, "INSERT", admin, f"WITH CHECK ({others})"),
            _policy(
                "resettle_update", table, "UPDATE", admin, f"USING ({others}) WITH CHECK ({others})"
            ),
            _policy("resettle_delete", table, "DELETE", admin, f"USING ({others})"),
        ]
    return statements
