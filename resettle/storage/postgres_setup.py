"""Everything ``resettle db setup-roles`` runs, in order (safe to run again): the roles and
reads of ``postgres_access.py``, the sign-in functions of ``postgres_gate.py``, the writes of
``postgres_writes.py``, and who may execute which function."""

from __future__ import annotations

from resettle.domain.staff import Role
from resettle.storage import (
    postgres_audit,
    postgres_erasure,
    postgres_gate,
    postgres_group_places,
    postgres_imports,
    postgres_programmes,
    postgres_writes,
)
from resettle.storage.postgres_access import (
    DISCLOSURE_NOTES,
    GATE,
    PERSON_TABLE,
    STAFF_GROUP,
    PersonTable,
    access_functions_sql,
    gate_functions_sql,
    gate_role_sql,
    group_name,
    group_roles_sql,
    login_functions_sql,
    meta_policies_sql,
    person_tables,
    quote_ident,
    read_policies_sql,
    table_grants_sql,
)
from resettle.storage.postgres_seen_by import (
    PERSON_AUDIT_FUNCTION,
    SEEN_BY_FUNCTION,
    SEEN_BY_GROUPS,
    disclosure_notes_readers,
    person_audit_function_sql,
    seen_by_function_sql,
)

FUNCTIONS_BY_GRANTEE: dict[str, tuple[str, ...]] = {
    STAFF_GROUP: (
        "resettle_login_staff_id()",
        "resettle_reached_teams()",
        "resettle_reached_establishments()",
        "resettle_allowed_people()",
        "resettle_excluded_people()",
        "resettle_matching_people(text[])",
        *postgres_writes.CHECK_FUNCTIONS,
        "resettle_own_password_set()",
        "resettle_own_password_changed(text)",
        "resettle_clear_sign_in_failures()",
        "resettle_role_prefix()",
        *postgres_gate.OWN_CALLS,
        postgres_audit.APPEND,
        postgres_group_places.PLACES_TAKEN,
    ),
    Role.ADMIN.value: (
        "resettle_sync_login(integer)",
        "resettle_set_login_password(integer, text)",
        *postgres_writes.ADMIN_FUNCTIONS,
    ),
    **{
        group: (SEEN_BY_FUNCTION, PERSON_AUDIT_FUNCTION, postgres_erasure.ERASE)
        if group == Role.MANAGER.value
        else (SEEN_BY_FUNCTION,)
        for group in SEEN_BY_GROUPS
    },
    GATE: (
        "resettle_role_prefix()",
        "resettle_gate_status()",
        *postgres_gate.GATE_CALLS,
    ),
}


def function_grants_sql(prefix: str) -> list[str]:
    statements = []
    for grantee, functions in FUNCTIONS_BY_GRANTEE.items():
        for function in functions:
            statements.append(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
            statements.append(
                f"GRANT EXECUTE ON FUNCTION {function} TO "
                f"{quote_ident(group_name(prefix, grantee))}"
            )
    return statements


def policies_sql(prefix: str, protected: list[PersonTable]) -> list[str]:
    """Row-level security on every person table and on the reference tables written."""
    statements: list[str] = []
    for table in protected:
        reach = (
            postgres_writes.casework_reach(table.name)
            if table.name == postgres_writes.CASE_NOTES
            else table.reach
        )
        # A disclosure's words are read by fewer than write them (``postgres_seen_by.py``).
        read = disclosure_notes_readers(table.name) if table.name == DISCLOSURE_NOTES else reach
        statements += read_policies_sql(prefix, table, read)
        statements += postgres_writes.person_write_policies_sql(
            prefix, table, reach, postgres_writes.writers_of(protected, table.name)
        )
    statements += meta_policies_sql(prefix)
    statements += postgres_audit.audit_policies_sql(prefix)
    statements += postgres_writes.reference_policies_sql(prefix)
    statements += postgres_programmes.delivery_policies_sql(prefix)
    return statements


def setup_sql(prefix: str, gate_verifier: str) -> list[str]:
    return [
        *group_roles_sql(prefix),
        *gate_role_sql(prefix, gate_verifier),
        *access_sql(prefix),
    ]


def access_sql(prefix: str) -> list[str]:
    """Everything ``setup_sql`` makes inside the database (functions, grants, row-level
    security), without the cluster-wide roles: re-applied after a restore, so a backup's
    own (perhaps altered) policies and functions never stay in force."""
    protected = person_tables()
    people_reach = next(t.reach for t in protected if t.name == PERSON_TABLE)
    return [
        *access_functions_sql(prefix),
        *postgres_writes.check_functions_sql(),
        *gate_functions_sql(prefix),
        *postgres_audit.append_functions_sql(people_reach),
        *postgres_erasure.erase_function_sql(),
        *postgres_gate.sign_in_functions_sql(),
        *login_functions_sql(prefix),
        *seen_by_function_sql(people_reach),
        *person_audit_function_sql(),
        *postgres_group_places.group_places_function_sql(),
        *function_grants_sql(prefix),
        *table_grants_sql(prefix, protected),
        *postgres_audit.audit_grants_sql(prefix),
        *postgres_writes.write_grants_sql(prefix, protected),
        *policies_sql(prefix, protected),
        *postgres_programmes.programme_rules_sql(),
        *postgres_imports.ledger_guard_sql(),
    ]
