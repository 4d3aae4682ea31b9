"""A group's sessions: generated once from the weekly schedule and the programme's session
templates, then rescheduled (a new session replaces the old one, which is kept, marked
replaced) or given catch-ups (``RUN_PROGRAMME_SESSIONS``) by those who run the group (a rescheduled
session within the group's start and end dates, a catch-up up to four weeks after the end
date: ``check_within_group``; either within session hours and not on a bank holiday, and a
rescheduled one in module order: ``session_times``): the
programme team of the offering's establishment (facilitators and treatment managers) and the
managers of the offering's place. Every signed-in account may list them (they hold no
person's data)."""

from __future__ import annotations

import datetime as dt

from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ValidationFailed
from resettle.domain.moments import aware as _aware
from resettle.domain.permissions import Permission, require
from resettle.domain.programmes.catalogue import Programme
from resettle.domain.programmes.offerings import WeeklySlot
from resettle.domain.programmes.session_times import (
    GroupSessionTime,
    check_module_order,
    check_not_bank_holiday,
    check_not_started,
    check_session_hours,
)
from resettle.domain.programmes.sessions import (
    SESSION_ZONE,
    GeneratedSessions,
    SessionView,
    check_within_group,
    generate_sessions,
    replacement,
)
from resettle.domain.staff import Actor, Role
from resettle.domain.text_fields import STORED
from resettle.domain.working_days import bank_holidays
from resettle.services import audit
from resettle.services.access_scope import scope_of
from resettle.services.programme_offerings import unknown_record
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.tables.programmes import ProgrammeOfferingRow, ProgrammeSessionRow


def session_view(row: ProgrammeSessionRow, register_taken: bool = False) -> SessionView:
    """A stored session as the services return it (``register_taken``: it has marks)."""
    return SessionView(
        id=row.id,
        group_id=row.group_id,
        sequence=row.sequence,
        module_number=row.module_number,
        session_number=row.session_number,
        name=row.name,
        session_type=row.session_type,  # type: ignore[arg-type]  # validated to the enum
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        is_catch_up=row.is_catch_up,
        replaces_session_id=row.replaces_session_id,
        replaced=row.replaced_at is not None,
        register_taken=register_taken,
        over=_aware(row.ends_at) <= utc_now(),
    )


def list_group_sessions(actor: Actor, uow: UnitOfWork, group_id: int) -> tuple[SessionView, ...]:
    """A group's sessions by start, replaced ones too (each says so, and whether its
    register was taken)."""
    with uow:
        if uow.programmes.group(group_id) is None:
            raise unknown_record("group_id", "Group")
        rows = uow.programmes.sessions_of(group_id)
        taken = uow.programme_attendance.sessions_marked([row.id for row in rows])
        return tuple(session_view(row, row.id in taken) for row in rows)


def _programme_of(uow: UnitOfWork, offering: ProgrammeOfferingRow) -> Programme:
    row = uow.programmes.programme(offering.programme_id)
    assert row is not None
    return Programme.model_validate(row.definition, context=STORED)


def _load_run_offering(actor: Actor, uow: UnitOfWork, offering_id: int) -> ProgrammeOfferingRow:
    """The offering of a group whose sessions the actor runs: the programme team at the
    offering's establishment, or a manager of its establishment or team; refused naming the
    place otherwise."""
    offering = uow.programmes.offering(offering_id)
    if offering is None:
        raise unknown_record("offering_id", "Offering")
    scope = scope_of(actor, uow)
    if offering.establishment_id is not None:
        runs = scope.establishments_of(Role.PROGRAMME_TEAM) | scope.establishments_of(Role.MANAGER)
        if offering.establishment_id not in runs:
            raise ValidationFailed.single(
                "establishment_id",
                "not_run",
                "Establishment: you neither manage this establishment nor run its programmes",
            )
    if offering.team_id is not None and offering.team_id not in scope.teams_of(Role.MANAGER):
        raise ValidationFailed.single(
            "team_id", "not_managed", "Probation team: you do not manage this team"
        )
    return offering


def generate_group_sessions(actor: Actor, uow: UnitOfWork, group_id: int) -> GeneratedSessions:
    """Sessions from the group's weekly schedule and the programme's session templates, once
    per group (later changes are reschedules and catch-ups)."""
    require(actor, Permission.RUN_PROGRAMME_SESSIONS)
    with uow:
        group = uow.programmes.group(group_id)
        if group is None:
            raise unknown_record("group_id", "Group")
        offering = _load_run_offering(actor, uow, group.offering_id)
        if uow.programmes.sessions_of(group.id):
            raise ValidationFailed.single(
                "group_id",
                "already_generated",
                "Group: its sessions are already generated; reschedule them one by one",
            )
        schedule = tuple(WeeklySlot.model_validate(slot, context=STORED) for slot in group.schedule)
        years = range(group.starts_on.year, group.ends_on.year + 1)
        generated = generate_sessions(
            _programme_of(uow, offering),
            schedule,
            group.starts_on,
            group.ends_on,
            bank_holidays(years),
        )
        for planned in generated.sessions:
            uow.programmes.add(
                ProgrammeSessionRow(
                    group_id=group.id,
                    sequence=planned.sequence,
                    module_number=planned.module_number,
                    session_number=planned.session_number,
                    name=planned.name,
                    session_type=planned.session_type.value,
                    starts_at=planned.starts_at,
                    ends_at=planned.ends_at,
                    is_catch_up=False,
                )
            )
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_SESSIONS_GENERATED,
            group.id,
            person_id=None,
            sessions=len(generated.sessions),
            skipped_days=len(generated.skipped_days),
            holidays_checked=generated.holidays_checked,
        )
        uow.commit()
        return generated


def _refuse_past(starts_at: dt.datetime, now: dt.datetime | None) -> None:
    """A session is scheduled for a time still to come: a new start already past is refused,
    naming ``starts_at`` and the moment in the sessions' time zone."""
    moment = _aware(starts_at if starts_at.tzinfo else starts_at.replace(tzinfo=SESSION_ZONE))
    if moment < _aware(now or utc_now()):
        local_start = moment.astimezone(SESSION_ZONE)
        raise ValidationFailed.single(
            "starts_at",
            "programme_session.in_past",
            f"New start: {local_start:%d/%m/%Y} at {local_start:%H:%M} has already passed; "
            "choose a date and time still to come",
        )


def _new_session(
    actor: Actor,
    uow: UnitOfWork,
    session_id: int,
    starts_at: dt.datetime,
    *,
    catch_up: bool,
    now: dt.datetime | None = None,
) -> tuple[ProgrammeSessionRow, ProgrammeSessionRow]:
    old = uow.programmes.session(session_id)
    if old is None:
        raise unknown_record("session_id", "Session")
    group = uow.programmes.group(old.group_id)
    assert group is not None
    _load_run_offering(actor, uow, group.offering_id)
    if old.replaced_at is not None:
        raise ValidationFailed.single(
            "session_id", "replaced", "Session: was already replaced; change its replacement"
        )
    if not catch_up:  # a held session is repeated by a catch-up, never moved
        check_not_started(_aware(old.starts_at), _aware(old.ends_at), _aware(now or utc_now()))
    # A catch-up rescheduled stays a catch-up: it repeats an earlier session, so it runs out
    # of the module's order and may fall after the group's end, as when it was added.
    is_catch_up = catch_up or old.is_catch_up
    check_within_group(starts_at, group.starts_on, group.ends_on, catch_up=is_catch_up)
    _refuse_past(starts_at, now)
    planned = replacement(session_view(old).as_planned(), starts_at, catch_up=catch_up)
    check_session_hours(planned.starts_at, planned.ends_at)
    check_not_bank_holiday(planned.starts_at)
    # A clash is told before the order: moving onto another session is the nearer problem.
    _refuse_clash(uow, old, planned.starts_at, planned.ends_at, catch_up=catch_up)
    if not is_catch_up:
        check_module_order(
            old.module_number,
            planned.starts_at,
            (
                GroupSessionTime(
                    other.module_number, other.session_number, other.name, _aware(other.starts_at)
                )
                for other in uow.programmes.sessions_of(old.group_id)
                if other.id != old.id and other.replaced_at is None and not other.is_catch_up
            ),
            session_number=old.session_number,
        )
    new = ProgrammeSessionRow(
        group_id=old.group_id,
        sequence=old.sequence,
        module_number=old.module_number,
        session_number=old.session_number,
        name=old.name,
        session_type=old.session_type,
        starts_at=planned.starts_at,
        ends_at=planned.ends_at,
        is_catch_up=is_catch_up,
        replaces_session_id=None if catch_up else old.id,
    )
    uow.programmes.add(new)
    return old, new


def _refuse_clash(
    uow: UnitOfWork,
    old: ProgrammeSessionRow,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    *,
    catch_up: bool,
) -> None:
    """A new session may not overlap another session of the group that still runs (a
    catch-up not the session it repeats; a rescheduled session not the others, the one it
    replaces aside). Refused naming ``starts_at`` and the session it clashes with."""
    for other in uow.programmes.sessions_of(old.group_id):
        if other.replaced_at is not None or (other.id == old.id and not catch_up):
            continue
        if _aware(other.starts_at) < ends_at and starts_at < _aware(other.ends_at):
            local_start = _aware(other.starts_at).astimezone(SESSION_ZONE)
            local_end = _aware(other.ends_at).astimezone(SESSION_ZONE)
            raise ValidationFailed.single(
                "starts_at",
                "programme_session.clash",
                f"New start: it clashes with Module {other.module_number}, session "
                f"{other.session_number}: {other.name}"
                + (" (a catch-up)" if other.is_catch_up else "")
                + f" on {local_start:%d/%m/%Y} at {local_start:%H:%M}-{local_end:%H:%M} in "
                "the same group; choose a time when the group has no session",
            )


def reschedule_session(
    actor: Actor,
    uow: UnitOfWork,
    session_id: int,
    starts_at: dt.datetime,
    now: dt.datetime | None = None,
) -> SessionView:
    """A new session at ``starts_at`` replaces the old one, which is kept, marked replaced.
    Refused for a ``starts_at`` already past (``now``, the clock's time unless given)."""
    require(actor, Permission.RUN_PROGRAMME_SESSIONS)
    with uow:
        old, new = _new_session(actor, uow, session_id, starts_at, catch_up=False, now=now)
        old.replaced_at = utc_now()
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_SESSION_REPLACED,
            new.id,
            person_id=None,
            group_id=old.group_id,
            replaced_session_id=old.id,
        )
        view = session_view(new)
        uow.commit()
        return view


def add_catch_up_session(
    actor: Actor,
    uow: UnitOfWork,
    session_id: int,
    starts_at: dt.datetime,
    now: dt.datetime | None = None,
) -> SessionView:
    """A catch-up of a session for those who missed it; the session itself stays. Refused
    for a ``starts_at`` already past (``now``, the clock's time unless given)."""
    require(actor, Permission.RUN_PROGRAMME_SESSIONS)
    with uow:
        old, new = _new_session(actor, uow, session_id, starts_at, catch_up=True, now=now)
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_CATCH_UP_ADDED,
            new.id,
            person_id=None,
            group_id=old.group_id,
            session_id=old.id,
        )
        view = session_view(new)
        uow.commit()
        return view
