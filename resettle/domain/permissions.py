"""Who may do what: roles map to permissions. The one table of the rules, tested.

Services call :func:`require` before doing anything; which *people* an account reaches is
decided from the teams, establishments, cover and access-list tables (``domain/access.py``).
Hiding a button is not security: the UI asks the same table to decide what to show.

- Probation officers register people (each lands in their own team's caseload), read and
  edit every part of the case records they reach, build, agree and print plans, and close
  and reopen cases.
- Prison staff read the records of people held in their establishment, without risk
  details, case notes or the plan's officer-only text (they see the risk level), and record
  release-day essentials and programmes on a person's programme history; officers and prison
  staff (prison offender managers) refer people to programmes (``REFER_TO_PROGRAMMES``: the
  referrers' moves of the workflow).
- The programme team (prison staff who run programmes: facilitators and treatment managers)
  read the records of the people held in their establishment as prison staff do, without
  risk details, case notes or the plan's officer-only text, and make the programme team's
  moves of a programme referral (``MANAGE_PROGRAMME_REFERRALS``), and record programmes on
  a person's programme history. They run the groups of their establishments' offerings:
  generate a group's sessions, reschedule a session and add catch-ups
  (``RUN_PROGRAMME_SESSIONS``, which managers hold for the places they manage). They and
  managers take the programme CSV exports of the people they reach (``EXPORT_PROGRAMME_DATA``);
  officers and prison staff do not: the files hold names in bulk. Officers and managers take
  the caseload list they are looking at as a CSV file ("Export list": ``EXPORT_CASELOAD``).
- Managers read their teams' and establishments' people, print plans (caseload reports come
  with the managers' issue), read the resettlement measures of the people they reach and the
  people behind each figure (``VIEW_MEASURES``, which officers hold for their own teams),
  allocate people, import a caseload file into the teams they manage, grant cover, restrict
  access to a case, and close and reopen cases, review their people's records when a retention
  rule makes them due, keep or erase them, and export everything held about one of their
  people for a subject access request (``EXPORT_SUBJECT_ACCESS``: docs/subject-access.md).
- Managers also run programme delivery for their establishments and teams: offerings, groups
  and their sessions (``MANAGE_PROGRAMME_OFFERINGS``); managers and administrators edit the
  programme catalogue (``MANAGE_PROGRAMME_CATALOGUE``). Every signed-in role reads the
  catalogue, offerings and groups: they hold no person's data.
- Administrators manage accounts, teams and establishments, catalogues, the evidence pack
  and the retention rules, and may fill an empty database with demo data; they never read
  case content (data minimisation), so they do not export subject access requests either.
- Every signed-in role sees the names of staff and establishments (``LIST_STAFF``). An account
  holding several roles may do what any of them may, but to one person only what the roles
  that reach that person may (``access.permissions_for``). A role missing from the table may do
  nothing, and the services refuse an account that is no longer active.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from resettle.domain.errors import DomainError
from resettle.domain.staff import Actor, Role, roles_label


class Permission(StrEnum):
    VIEW_CASELOAD = "view_caseload"
    VIEW_PERSON = "view_person"
    VIEW_RISK_DETAILS = "view_risk_details"
    VIEW_NOTES = "view_notes"
    VIEW_PLAN_OFFICER_TEXT = "view_plan_officer_text"
    EDIT_PERSON = "edit_person"
    EDIT_NEEDS = "edit_needs"
    EDIT_ESSENTIALS = "edit_essentials"
    EDIT_REFERRALS = "edit_referrals"
    ADD_NOTES = "add_notes"
    EDIT_RISK = "edit_risk"
    EDIT_PLAN = "edit_plan"
    AGREE_PLAN = "agree_plan"
    PRINT_PLAN = "print_plan"
    REGISTER_PERSON = "register_person"
    CLOSE_CASE = "close_case"
    ALLOCATE_CASES = "allocate_cases"
    GRANT_COVER = "grant_cover"
    RESTRICT_ACCESS = "restrict_access"
    LOAD_DEMO_DATA = "load_demo_data"
    MANAGE_EVIDENCE = "manage_evidence"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_TEAMS = "manage_teams"
    MANAGE_CATALOGUE = "manage_catalogue"
    LIST_STAFF = "list_staff"
    REVIEW_RETENTION = "review_retention"
    ERASE_PERSON = "erase_person"
    MANAGE_RETENTION = "manage_retention"
    EXPORT_SUBJECT_ACCESS = "export_subject_access"
    MANAGE_PROGRAMME_CATALOGUE = "manage_programme_catalogue"
    MANAGE_PROGRAMME_OFFERINGS = "manage_programme_offerings"
    #: The referrers' moves of a programme referral (``domain/programme_referral_workflow.py``).
    REFER_TO_PROGRAMMES = "refer_to_programmes"
    #: The programme team's moves: assessment, delivery, completion, deselection.
    MANAGE_PROGRAMME_REFERRALS = "manage_programme_referrals"
    RECORD_PROGRAMME_HISTORY = "record_programme_history"
    #: Record and correct outcome checks after release (``domain/outcome_checks.py``).
    RECORD_OUTCOME_CHECKS = "record_outcome_checks"
    #: Read them: casework after release, like case notes (officers and managers; prison
    #: staff and the programme team work in custody and do not see them).
    VIEW_OUTCOME_CHECKS = "view_outcome_checks"
    #: Generate a group's sessions, reschedule them, add catch-ups: the programme team at
    #: its establishments, managers at the places they manage (``services/programme_sessions``).
    RUN_PROGRAMME_SESSIONS = "run_programme_sessions"
    #: Take the programme CSV exports (referral milestones, weekly attendance) of an
    #: establishment: files of names, so the programme team and managers only.
    EXPORT_PROGRAMME_DATA = "export_programme_data"
    #: "Export list": the caseload view, every page of it, to a CSV file (names in bulk):
    #: officers and managers, who work from the list; not prison staff or the programme team.
    EXPORT_CASELOAD = "export_caseload"
    #: Read the manager's measures (``domain/measures.py``) of the people the account
    #: reaches, and the people behind each figure: managers, and officers for their teams.
    VIEW_MEASURES = "view_measures"
    #: Back up the whole database and restore it from a backup: administrators
    #: (``services/backup.py``).
    BACKUP_DATABASE = "backup_database"
    #: Import a caseload file (``services/caseload_import.py``): officers, into their own
    #: team, and managers, into the teams they manage (a bulk registration; each row checked
    #: as the New person dialog checks a person). Only an officer of the person's team
    #: updates a person already recorded (``domain/import_reach.py``): PostgreSQL lets a
    #: manager insert people on a managed team and their ledger rows, never a profile
    #: update (``storage/postgres_imports.py``). Not administrators: no case content.
    IMPORT_PEOPLE = "import_people"

    @property
    def label(self) -> str:
        """What the permission allows, in words that follow "may not" in a refusal."""
        return PERMISSION_LABELS[self]


PERMISSION_LABELS: dict[Permission, str] = {
    Permission.VIEW_CASELOAD: "see the caseload",
    Permission.VIEW_PERSON: "open a person's record",
    Permission.VIEW_RISK_DETAILS: "see risk details",
    Permission.VIEW_NOTES: "read case notes",
    Permission.VIEW_PLAN_OFFICER_TEXT: "read a plan's officer-only text",
    Permission.EDIT_PERSON: "change a person's profile",
    Permission.EDIT_NEEDS: "change a person's needs",
    Permission.EDIT_ESSENTIALS: "record release-day essentials",
    Permission.EDIT_REFERRALS: "make or change referrals",
    Permission.ADD_NOTES: "add case notes",
    Permission.EDIT_RISK: "change risk details",
    Permission.EDIT_PLAN: "change a plan",
    Permission.AGREE_PLAN: "agree a plan",
    Permission.PRINT_PLAN: "print a plan",
    Permission.REGISTER_PERSON: "register a person",
    Permission.CLOSE_CASE: "close or reopen a case",
    Permission.ALLOCATE_CASES: "allocate people to officers",
    Permission.GRANT_COVER: "grant cover",
    Permission.RESTRICT_ACCESS: "limit who may see a case",
    Permission.LOAD_DEMO_DATA: "load demo data",
    Permission.MANAGE_EVIDENCE: "manage the evidence pack",
    Permission.MANAGE_ACCOUNTS: "manage staff accounts",
    Permission.MANAGE_TEAMS: "manage teams and establishments",
    Permission.MANAGE_CATALOGUE: "manage the support-need catalogue",
    Permission.LIST_STAFF: "list staff",
    Permission.REVIEW_RETENTION: "review how long records are kept",
    Permission.ERASE_PERSON: "erase a person's record",
    Permission.MANAGE_RETENTION: "set the retention rules",
    Permission.EXPORT_SUBJECT_ACCESS: "export a subject access request",
    Permission.MANAGE_PROGRAMME_CATALOGUE: "change the programme catalogue",
    Permission.MANAGE_PROGRAMME_OFFERINGS: "set up programme offerings, groups and sessions",
    Permission.REFER_TO_PROGRAMMES: "refer people to programmes",
    Permission.MANAGE_PROGRAMME_REFERRALS: "assess and run programme referrals",
    Permission.RECORD_PROGRAMME_HISTORY: "record programmes on a person's history",
    Permission.RECORD_OUTCOME_CHECKS: "record outcome checks after release",
    Permission.VIEW_OUTCOME_CHECKS: "see outcome checks after release",
    Permission.RUN_PROGRAMME_SESSIONS: "generate, reschedule or add programme sessions",
    Permission.EXPORT_PROGRAMME_DATA: "export programme referrals or attendance to a file",
    Permission.EXPORT_CASELOAD: "export the caseload list to a file",
    Permission.VIEW_MEASURES: "see the resettlement measures",
    Permission.BACKUP_DATABASE: "back up or restore the database",
    Permission.IMPORT_PEOPLE: "import people from a file",
}


_READ_CASES = {Permission.VIEW_CASELOAD, Permission.VIEW_PERSON, Permission.LIST_STAFF}

_CASEWORK = _READ_CASES | {
    Permission.VIEW_RISK_DETAILS,
    Permission.VIEW_NOTES,
    Permission.VIEW_PLAN_OFFICER_TEXT,
    Permission.EDIT_PERSON,
    Permission.EDIT_NEEDS,
    Permission.EDIT_ESSENTIALS,
    Permission.EDIT_REFERRALS,
    Permission.ADD_NOTES,
    Permission.EDIT_RISK,
    Permission.EDIT_PLAN,
    Permission.AGREE_PLAN,
    Permission.PRINT_PLAN,
    Permission.REGISTER_PERSON,
    Permission.CLOSE_CASE,
    Permission.REFER_TO_PROGRAMMES,
    Permission.RECORD_PROGRAMME_HISTORY,
    Permission.RECORD_OUTCOME_CHECKS,
    Permission.VIEW_OUTCOME_CHECKS,
    Permission.EXPORT_CASELOAD,
    Permission.VIEW_MEASURES,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OFFICER: frozenset(_CASEWORK | {Permission.IMPORT_PEOPLE}),
    Role.PRISON_STAFF: frozenset(
        _READ_CASES
        | {
            Permission.EDIT_ESSENTIALS,
            Permission.REFER_TO_PROGRAMMES,
            Permission.RECORD_PROGRAMME_HISTORY,
        }
    ),
    Role.PROGRAMME_TEAM: frozenset(
        _READ_CASES
        | {
            Permission.MANAGE_PROGRAMME_REFERRALS,
            Permission.RECORD_PROGRAMME_HISTORY,
            Permission.RUN_PROGRAMME_SESSIONS,
            Permission.EXPORT_PROGRAMME_DATA,
        }
    ),
    Role.MANAGER: frozenset(
        _READ_CASES
        | {
            Permission.VIEW_RISK_DETAILS,
            Permission.VIEW_NOTES,
            Permission.VIEW_OUTCOME_CHECKS,
            Permission.VIEW_PLAN_OFFICER_TEXT,
            Permission.PRINT_PLAN,
            Permission.MANAGE_CATALOGUE,
            Permission.CLOSE_CASE,
            Permission.ALLOCATE_CASES,
            Permission.GRANT_COVER,
            Permission.RESTRICT_ACCESS,
            Permission.REVIEW_RETENTION,
            Permission.ERASE_PERSON,
            Permission.EXPORT_SUBJECT_ACCESS,
            Permission.MANAGE_PROGRAMME_CATALOGUE,
            Permission.MANAGE_PROGRAMME_OFFERINGS,
            Permission.RUN_PROGRAMME_SESSIONS,
            Permission.EXPORT_PROGRAMME_DATA,
            Permission.EXPORT_CASELOAD,
            Permission.VIEW_MEASURES,
            Permission.IMPORT_PEOPLE,
        }
    ),
    Role.ADMIN: frozenset(
        {
            Permission.MANAGE_EVIDENCE,
            Permission.MANAGE_ACCOUNTS,
            Permission.MANAGE_TEAMS,
            Permission.MANAGE_CATALOGUE,
            Permission.LOAD_DEMO_DATA,
            Permission.LIST_STAFF,
            Permission.MANAGE_RETENTION,
            Permission.MANAGE_PROGRAMME_CATALOGUE,
            Permission.BACKUP_DATABASE,
        }
    ),
}


class PermissionDenied(DomainError):
    code = "permission.denied"

    def __init__(self, actor: Actor, permission: Permission) -> None:
        self.permission = permission
        super().__init__(
            f"{roles_label(actor.roles) or 'Unknown role'} accounts may not {permission.label}."
        )


class InactiveAccount(DomainError):
    code = "permission.inactive_account"

    def __init__(self) -> None:
        super().__init__("This staff account is no longer active.")


def permissions_of(roles: Iterable[Role]) -> frozenset[Permission]:
    """What any of ``roles`` may; nothing for roles the table does not name."""
    granted: frozenset[Permission] = frozenset()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return granted


def has_permission(actor: Actor, permission: Permission) -> bool:
    """True when any of the account's roles may (every role it holds: for what is done to
    one person, only the roles that reach them count, ``access.permissions_for``)."""
    return permission in permissions_of(actor.roles)


def require(actor: Actor, permission: Permission) -> None:
    if not has_permission(actor, permission):
        raise PermissionDenied(actor, permission)
