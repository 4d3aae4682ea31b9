"""Managers' decisions on who reaches whom: cover for another team (with an end date), and
limited-access cases (a restricted person's named staff, and staff excluded from a person).

Each decision needs a reason and is audited in its own transaction. A restriction always
keeps the manager who sets it on the access list, so nobody restricts a person out of every
manager's sight by mistake; an exclusion never names the manager making it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from resettle.domain import clock
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.permissions import Permission, require
from resettle.domain.seen_by import ViewPlace
from resettle.domain.staff import Actor, Role
from resettle.domain.text_fields import normalise_line_ends, text_problem
from resettle.services import audit
from resettle.services.access_scope import scope_of
from resettle.services.person_access import claim_part, commit_change, reachable_person
from resettle.services.read_only_storage import commit_view
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.errors import NotFound
from resettle.storage.tables.access import ALLOWED, EXCLUDED, PersonAccessRow
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.staff import CoverGrantRow, TeamRow

MAX_REASON = 2_000
#: The longest cover a manager can grant at once (a year): cover is for absences.
MAX_COVER_DAYS = 366


class CoverView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    staff_id: int
    team_id: int
    starts_on: dt.date
    ends_on: dt.date
    reason: str
    active: bool


class TeamView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    code: str
    name: str


#: The part of the record a person's access (restriction and lists) is revised as.
ACCESS_PART = "access"


class PersonAccessView(BaseModel):
    model_config = ConfigDict(frozen=True)

    person_id: int
    restricted: bool
    allowed_staff_ids: tuple[int, ...]
    excluded_staff_ids: tuple[int, ...]
    #: The access's revision as read: ``set_person_access`` is given it back.
    revision: int = 0
    #: Who the decision is about, for the dialog's heading.
    person_name: str = ""
    prison_number: str = ""
    #: The officer the person is allocated to, and their team: a restriction that does not
    #: name the officer takes the case away from them and their team.
    responsible_officer_id: int | None = None
    team_name: str = ""


def _reason(reason: str) -> str:
    text, problem = _reason_problem(reason)
    if problem is not None:
        raise ValidationFailed([problem])
    return text


def _reason_problem(reason: str) -> tuple[str, FieldProblem | None]:
    """The reason stripped, and what is wrong with it (None: nothing)."""
    text = reason.strip()
    if not text:
        return text, FieldProblem("reason", "required", "Reason: say why (it is audited)")
    if len(text) > MAX_REASON:
        return text, FieldProblem(
            "reason", "too_long", f"Reason: at most {MAX_REASON:,} characters"
        )
    return normalise_line_ends(text), text_problem(text, "reason", "Reason", multi_line=True)


def _cover_dates_problem(starts: dt.date, ends_on: dt.date) -> FieldProblem | None:
    if ends_on < starts:
        return FieldProblem(
            "ends_on", "before_start", "Ends on: must be on or after the day cover starts"
        )
    if ends_on < clock.today():
        return FieldProblem("ends_on", "past", "Ends on: must not be in the past")
    if (ends_on - starts).days >= MAX_COVER_DAYS:
        return FieldProblem(
            "ends_on", "too_long", f"Ends on: cover lasts at most {MAX_COVER_DAYS} days"
        )
    return None


def grant_cover(
    actor: Actor,
    uow: UnitOfWork,
    staff_id: int,
    team_id: int,
    ends_on: dt.date,
    reason: str,
    starts_on: dt.date | None = None,
) -> int:
    """Let an officer reach one of the manager's teams until ``ends_on`` (inclusive)."""
    require(actor, Permission.GRANT_COVER)
    # Every problem is said at once, naming its field (not one, then the next).
    starts = starts_on or clock.today()
    text, reason_problem = _reason_problem(reason)
    problems = [p for p in (_cover_dates_problem(starts, ends_on), reason_problem) if p]
    with uow:
        scope = scope_of(actor, uow)
        if team_id not in scope.managed_team_ids:
            problems.append(
                FieldProblem(
                    "team_id", "not_managed", "Team: you can grant cover only for teams you manage"
                )
            )
        officer = uow.staff.get(staff_id)
        if (
            officer is None
            or not officer.active
            or Role.OFFICER not in uow.access.roles_of(staff_id)
        ):
            problems.append(
                FieldProblem(
                    "staff_id", "not_an_officer", "Officer: not an active probation officer"
                )
            )
        elif uow.access.team_for_officer(staff_id, keep=team_id) == team_id:
            problems.append(
                FieldProblem(
                    "staff_id",
                    "already_in_team",
                    "Officer: already in this team, so they reach its people without cover",
                )
            )
        if problems:
            raise ValidationFailed(problems)
        row = CoverGrantRow(
            staff_id=staff_id,
            team_id=team_id,
            starts_on=starts,
            ends_on=ends_on,
            reason=text,
            granted_by_id=actor.id,
        )
        uow.session.add(row)
        uow.session.flush()
        audit.record(
            uow,
            actor,
            AuditAction.COVER_GRANTED,
            row.id,
            person_id=None,
            staff_id=staff_id,
            team_id=team_id,
            starts_on=starts.isoformat(),
            ends_on=ends_on.isoformat(),
        )
        uow.commit()
        return row.id


def end_cover(actor: Actor, uow: UnitOfWork, cover_id: int) -> None:
    require(actor, Permission.GRANT_COVER)
    with uow:
        row = uow.session.get(CoverGrantRow, cover_id)
        if row is None or row.team_id not in scope_of(actor, uow).managed_team_ids:
            raise NotFound("There is no such cover on a team you manage.")
        if row.revoked_at is None:
            row.revoked_at = utc_now()
            audit.record(uow, actor, AuditAction.COVER_ENDED, row.id, person_id=None)
            uow.commit()


def list_cover(actor: Actor, uow: UnitOfWork) -> list[CoverView]:
    """Cover on the teams the manager manages, newest first."""
    require(actor, Permission.GRANT_COVER)
    today = clock.today()
    with uow:
        teams = scope_of(actor, uow).managed_team_ids
        return [
            CoverView(
                id=row.id,
                staff_id=row.staff_id,
                team_id=row.team_id,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                reason=row.reason,
                active=row.revoked_at is None and row.starts_on <= today <= row.ends_on,
            )
            for row in uow.access.cover_grants(sorted(teams))
        ]


def managed_teams(actor: Actor, uow: UnitOfWork) -> list[TeamView]:
    """The teams the manager manages (by name), for choosing the team cover is for and for
    naming the team of each grant in ``list_cover``."""
    require(actor, Permission.GRANT_COVER)
    with uow:
        managed = scope_of(actor, uow).managed_team_ids
        return [
            TeamView(id=row.id, code=row.code, name=row.name)
            for row in uow.staff.teams()
            if row.id in managed
        ]


def person_access(actor: Actor, uow: UnitOfWork, person_id: int) -> PersonAccessView:
    """Open who may see a person (their name, officer and access lists): audited as a view
    of the person (``view: access``)."""
    require(actor, Permission.RESTRICT_ACCESS)
    with uow:
        row = reachable_person(actor, uow, person_id, Permission.RESTRICT_ACCESS)
        view = _access_view(uow, row, row.restricted)
        commit_view(uow, actor, row.id, ViewPlace.ACCESS)  # read-only storage: logged
        return view


def set_person_access(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    *,
    restricted: bool,
    allowed_staff_ids: Iterable[int],
    excluded_staff_ids: Iterable[int],
    reason: str,
    expected_revision: int,
) -> PersonAccessView:
    """Restrict a person to named staff (or lift the restriction) and set who is excluded.
    The manager making the change must reach the person, stays on a restricted person's
    list, and cannot exclude themself. ``expected_revision`` is the access's revision as the
    manager read it (``PersonAccessView.revision``): when another manager saved it since, the
    save is refused as any part of the record is, and nothing is overwritten."""
    require(actor, Permission.RESTRICT_ACCESS)
    text = _reason(reason)
    allowed = set(allowed_staff_ids)
    excluded = set(excluded_staff_ids)
    if restricted:
        allowed.add(actor.id)
    if actor.id in excluded:
        raise ValidationFailed.single(
            "excluded_staff_ids", "self", "Excluded staff: you cannot exclude yourself"
        )
    if allowed & excluded:
        raise ValidationFailed.single(
            "excluded_staff_ids",
            "both",
            "Excluded staff: a member of staff cannot be both named and excluded",
        )
    with uow:
        row = reachable_person(actor, uow, person_id, Permission.RESTRICT_ACCESS)
        for staff_id in allowed | excluded:
            if uow.staff.get(staff_id) is None:
                raise ValidationFailed.single(
                    "allowed_staff_ids", "unknown", f"Staff: no account with id {staff_id}"
                )
        revision = claim_part(uow, row.id, ACCESS_PART, expected_revision)
        before = _access_view(uow, row, row.restricted)
        entries = [
            PersonAccessRow(
                person_id=row.id, staff_id=s, kind=ALLOWED, reason=text, set_by_id=actor.id
            )
            for s in sorted(allowed if restricted else set())
        ] + [
            PersonAccessRow(
                person_id=row.id, staff_id=s, kind=EXCLUDED, reason=text, set_by_id=actor.id
            )
            for s in sorted(excluded)
        ]
        # The manager reaches the person at every step (on PostgreSQL the database checks
        # each): named on the list before the person is restricted, and the restriction
        # lifted before the list that named them goes.
        if restricted:
            uow.access.replace_person_access(row.id, entries)
        row.restricted = restricted
        uow.session.flush()
        if not restricted:
            uow.access.replace_person_access(row.id, entries)
        after = _access_view(uow, row, restricted, revision)
        audit.record(
            uow,
            actor,
            AuditAction.ACCESS_CHANGED,
            row.id,
            person_id=row.id,
            restricted=restricted,
            was_restricted=before.restricted,
            allowed=list(after.allowed_staff_ids),
            excluded=list(after.excluded_staff_ids),
        )
        commit_change(uow, revision)
        return after


def _access_view(
    uow: UnitOfWork, row: PersonRow, restricted: bool, revision: int | None = None
) -> PersonAccessView:
    entries = uow.access.person_access(row.id)
    if revision is None:
        revision = uow.case.part_revisions(row.id).get(ACCESS_PART, 0)
    team = uow.session.get(TeamRow, row.team_id) if row.team_id is not None else None
    return PersonAccessView(
        person_id=row.id,
        restricted=restricted,
        allowed_staff_ids=tuple(sorted(s for s, kind in entries if kind == ALLOWED)),
        excluded_staff_ids=tuple(sorted(s for s, kind in entries if kind == EXCLUDED)),
        revision=revision,
        person_name=f"{row.given_name} {row.family_name}",
        prison_number=row.prison_number,
        responsible_officer_id=row.responsible_officer_id,
        team_name=team.name if team is not None else "",
    )
