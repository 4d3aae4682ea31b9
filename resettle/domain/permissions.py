"""Who may do what: roles map to permissions; scope narrows which people a role reaches.

This is the single place the rules live. Services call :func:`require` before doing anything
and :func:`can_reach_person` for record-level scope. Hiding a button is not security.

- Probation officers read and edit case records (shared caseloads: cover for colleagues).
- Prison staff read case records of people in their own establishment (programme delivery
  comes later) and cannot edit the probation record.
- Probation officers register people (each lands in their own caseload) and close and
  reopen cases.
- Managers read every record and print caseload reports, allocate people to officers, and
  close and reopen cases.
- Administrators manage accounts and the evidence pack; they do not read case records
  (data minimisation).
- Every signed-in role sees the names of staff and establishments (``LIST_STAFF``): officers
  and prison staff to choose a responsible officer, key worker or establishment, managers to
  allocate, administrators to manage accounts. A role missing from the table may do nothing,
  and the services refuse an account that is no longer active.
"""

from __future__ import annotations

from enum import StrEnum

from resettle.domain.errors import DomainError
from resettle.domain.staff import Actor, Role


class Permission(StrEnum):
    VIEW_CASELOAD = "view_caseload"
    VIEW_PERSON = "view_person"
    EDIT_PERSON = "edit_person"
    EDIT_RISK = "edit_risk"
    EDIT_PLAN = "edit_plan"
    AGREE_PLAN = "agree_plan"
    PRINT_PLAN = "print_plan"
    LOAD_DEMO_DATA = "load_demo_data"
    MANAGE_EVIDENCE = "manage_evidence"
    MANAGE_STAFF = "manage_staff"
    MANAGE_CATALOGUE = "manage_catalogue"
    REGISTER_PERSON = "register_person"
    CLOSE_CASE = "close_case"
    ALLOCATE_CASES = "allocate_cases"
    LIST_STAFF = "list_staff"


_CASEWORK = {
    Permission.VIEW_CASELOAD,
    Permission.VIEW_PERSON,
    Permission.EDIT_PERSON,
    Permission.EDIT_RISK,
    Permission.EDIT_PLAN,
    Permission.AGREE_PLAN,
    Permission.PRINT_PLAN,
    Permission.REGISTER_PERSON,
    Permission.CLOSE_CASE,
    Permission.LIST_STAFF,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset(_CASEWORK | {Permission.LOAD_DEMO_DATA}),
    Role.PRISON_STAFF: frozenset(
        {Permission.VIEW_CASELOAD, Permission.VIEW_PERSON, Permission.LIST_STAFF}
    ),
    Role.MANAGER: frozenset(
        {
            Permission.VIEW_CASELOAD,
            Permission.VIEW_PERSON,
            Permission.PRINT_PLAN,
            Permission.MANAGE_CATALOGUE,
            Permission.CLOSE_CASE,
            Permission.ALLOCATE_CASES,
            Permission.LIST_STAFF,
        }
    ),
    Role.ADMIN: frozenset(
        {
            Permission.MANAGE_EVIDENCE,
            Permission.MANAGE_STAFF,
            Permission.MANAGE_CATALOGUE,
            Permission.LOAD_DEMO_DATA,
            Permission.LIST_STAFF,
        }
    ),
}


class PermissionDenied(DomainError):
    code = "permission.denied"

    def __init__(self, actor: Actor, permission: Permission) -> None:
        self.permission = permission
        role = actor.role.label if isinstance(actor.role, Role) else "Unknown role"
        super().__init__(f"{role} accounts may not do this ({permission.value}).")


class InactiveAccount(DomainError):
    code = "permission.inactive_account"

    def __init__(self) -> None:
        super().__init__("This staff account is no longer active.")


class OutOfScope(DomainError):
    code = "permission.out_of_scope"

    def __init__(self) -> None:
        super().__init__("This person is not in your establishment's caseload.")


def has_permission(actor: Actor, permission: Permission) -> bool:
    """False for a role the table does not name (it may do nothing)."""
    return permission in ROLE_PERMISSIONS.get(actor.role, frozenset())


def require(actor: Actor, permission: Permission) -> None:
    if not has_permission(actor, permission):
        raise PermissionDenied(actor, permission)


def establishment_scope(actor: Actor) -> int | None:
    """The establishment a role is limited to, or None for every establishment."""
    if actor.role is Role.PRISON_STAFF:
        return actor.establishment_id if actor.establishment_id is not None else -1
    return None


def can_reach_person(actor: Actor, person_establishment_id: int | None) -> bool:
    scope = establishment_scope(actor)
    return scope is None or scope == person_establishment_id
