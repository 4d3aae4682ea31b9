"""Places in programme groups: the programme team gives a referral a place in a group of its
programme (counted against the group's capacity) and withdraws it. A place withdrawn keeps its
row, with the time it was left. Each change advances the referral's own revision.

A place is given only to a referral that is waiting for one: assessed as suitable, or suitable
but not ready (``PLACE_GIVEN_AT``). A referral still awaiting (or in) its assessment is
refused with the move to make first: the group's capacity is for people assessed for it.

A place is withdrawn only from a referral that is open and not on the programme. A referral
on the programme is taken off it by a move (a deselection, which keeps it open at
"assessed as suitable" or "suitable but not ready", or closes it), and that move ends its
place (``programme_outcomes.record_referral_ending``): withdrawing its place alone would
leave it on the programme with no group and on no waiting list. A closed referral's place
ended with the move that closed it, and it is part of the record of how the programme
ended: it is not withdrawn again. A place records who ended it and why
(``domain/programme_group_places.PlaceEnd``).

A place is given only in a group with a session to come (or none planned yet): a group whose
every session has started is refused, naming it and its last session's day, as the screen
hides it.
"""

from __future__ import annotations

import datetime as dt

from resettle.domain import clock
from resettle.domain.access import OutOfScope
from resettle.domain.audit_actions import AuditAction
from resettle.domain.case_status import CaseIsClosed
from resettle.domain.errors import ValidationFailed
from resettle.domain.moments import aware as _aware
from resettle.domain.permissions import Permission, PermissionDenied, require
from resettle.domain.programme_group_places import PlaceEnd, session_day
from resettle.domain.programme_referral_statuses import (
    PLACE_GIVEN_AT,
    ProgrammeReferralStatus,
    StatusDefinition,
)
from resettle.domain.programme_referral_workflow import Workflow, WorkflowRoleGroup
from resettle.domain.programme_referrals import (
    GroupFull,
    PersonReleased,
    SessionsBeforeJoining,
)
from resettle.domain.programmes.catalogue import SessionType
from resettle.domain.staff import Actor, Role
from resettle.services import audit
from resettle.services.access_scope import scope_of
from resettle.services.programme_outcomes import end_place
from resettle.services.programme_referrals import (
    claim_referral,
    groups_reaching,
    programme_of,
    referral_in_reach,
)
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.programme_referrals import ProgrammeGroupMemberRow
from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeOfferingRow


def _require_programme_team(actor: Actor, uow: UnitOfWork, person: PersonRow) -> None:
    """Only the programme team of a role reaching the person manages places."""
    if WorkflowRoleGroup.PROGRAMME_TEAM not in groups_reaching(actor, uow, person):
        raise PermissionDenied(actor, Permission.MANAGE_PROGRAMME_REFERRALS)


def _check_group_for_person(
    actor: Actor,
    uow: UnitOfWork,
    person: PersonRow,
    group: ProgrammeGroupRow,
    offering: ProgrammeOfferingRow,
) -> None:
    """A place is given only in a running group of an active offering at a place that is
    both the person's and one where the account runs programmes, to a person not released
    from custody (for a custody offering)."""
    today = clock.today()
    if offering.establishment_id is not None:
        runs = scope_of(actor, uow).establishments_of(Role.PROGRAMME_TEAM)
        if offering.establishment_id not in runs:
            raise OutOfScope()
        if offering.establishment_id != person.establishment_id:
            raise ValidationFailed.single(
                "group_id",
                "programme_referral.other_establishment",
                "Group: it runs at another establishment than the one holding the person",
            )
        if person.release_date is not None and person.release_date <= today:
            raise PersonReleased(person.release_date)
    elif offering.team_id != person.team_id:
        raise ValidationFailed.single(
            "group_id",
            "programme_referral.other_team",
            "Group: it is run by another probation team than the person's",
        )
    if not offering.active:
        raise ValidationFailed.single(
            "group_id",
            "programme_referral.offering_retired",
            "Group: its offering is no longer active; choose a group of an active offering",
        )
    if group.ends_on < today:
        raise ValidationFailed.single(
            "group_id",
            "programme_referral.group_ended",
            f"Group: it ended on {group.ends_on.isoformat()}; choose a group still running",
        )
    last = uow.programmes.last_session_start(group.id)
    # Database time, as the place's joined_at is: a session to come starts after it.
    if last is not None and _aware(last) <= _aware(uow.programme_referrals.database_now()):
        raise ValidationFailed.single(
            "group_id",
            "programme_referral.no_session_to_come",
            f"Group: {group.code} has no session to come (its last session was on "
            f"{last.date().isoformat()}); choose a group with sessions still to come, or add "
            "sessions to it first",
        )


def _who(person: PersonRow) -> str:
    """The person as the refusals name them: name and prison number."""
    who = f"{person.given_name} {person.family_name}".strip()
    return f"{who} ({person.prison_number})" if person.prison_number else who


def _first_moves(workflow: Workflow, from_status: str) -> str:
    """The moves open to the programme team from ``from_status`` that lead to a status at
    which a place is given, in words: "Start the assessment first (Move… > Assessment
    started), then move it to Assessed as suitable"."""
    route = workflow.route(from_status, PLACE_GIVEN_AT, {WorkflowRoleGroup.PROGRAMME_TEAM})
    if not route:
        return "Record the assessment first"
    first, *rest = route
    label = workflow.status(first.to_status).label
    if first.description.casefold() == label.casefold():
        words = f"First move it to {label} (Move… > {label})"
    else:
        words = f"{first.description} first (Move… > {label})"
    for move in rest:
        words += f", then move it to {workflow.status(move.to_status).label}"
    return words


def _not_assessed(
    uow: UnitOfWork,
    workflow: Workflow,
    status: StatusDefinition,
    person: PersonRow,
    programme_id: int,
) -> ValidationFailed:
    """The refusal of a place for an open referral that is not waiting for one (assessed as
    suitable, or suitable but not ready), naming the person, the programme and the moves
    open from its status to make first."""
    programme = programme_of(uow, programme_id).name
    said = f"Referral: the referral of {_who(person)} to {programme} is {status.label}"
    if status.code == ProgrammeReferralStatus.ON_PROGRAMME.value:
        first = (
            "; a group place is given to a referral waiting for one. To move them to another "
            "group, deselect the referral first (move it to Assessed as suitable or Suitable "
            "but not ready), then give the place."
        )
    else:
        first = (
            "; a group place is given only once the referral is assessed as suitable (or "
            f"suitable but not ready). {_first_moves(workflow, status.code)}, then give the "
            "place."
        )
    return ValidationFailed.single("referral", "programme_referral.not_assessed", said + first)


def _held_so_far(
    uow: UnitOfWork, group: ProgrammeGroupRow, programme_id: int, now: dt.datetime
) -> SessionsBeforeJoining:
    """The group sessions of the programme's content the group has held before ``now``
    (not replaced, not catch-ups, not of a pre-group module)."""
    pre_group = {
        module.number for module in programme_of(uow, programme_id).modules if module.pre_group
    }
    held = sorted(
        (session.starts_at, session.module_number)
        for session in uow.programmes.sessions_of(group.id)
        if session.replaced_at is None
        and not session.is_catch_up
        and session.session_type == SessionType.GROUP.value
        and session.module_number not in pre_group
        and _aware(session.starts_at) < _aware(now)
    )
    return SessionsBeforeJoining(
        group_id=group.id, group_code=group.code, modules_held=tuple(m for _s, m in held)
    )


def _last_session_on(uow: UnitOfWork, group: ProgrammeGroupRow) -> dt.date | None:
    """The day of the group's last session planned (not replaced, not a catch-up)."""
    return max(
        (
            session_day(session.starts_at)
            for session in uow.programmes.sessions_of(group.id)
            if session.replaced_at is None and not session.is_catch_up
        ),
        default=None,
    )


def _released_before_end(
    person: PersonRow, offering: ProgrammeOfferingRow, last_session_on: dt.date | None
) -> dt.date | None:
    """The person's release date when it comes before the (custody) group's last session:
    the programme will not be finished in custody."""
    release = person.release_date
    if offering.establishment_id is None or release is None or last_session_on is None:
        return None
    return release if release < last_session_on else None


def sessions_before_joining(
    actor: Actor,
    uow: UnitOfWork,
    group_id: int,
    now: dt.datetime | None = None,
    referral_id: int | None = None,
) -> SessionsBeforeJoining:
    """What the group has held so far (before ``now``, the clock's time unless given): the
    sessions a place given now would need catch-ups for; and its last session. Asked for a
    referral, also the person's release date when it comes before that last session. The
    screens ask before giving such a place, and the CLI says so."""
    require(actor, Permission.MANAGE_PROGRAMME_REFERRALS)
    with uow:
        person = referral_in_reach(actor, uow, referral_id)[1] if referral_id is not None else None
        group = uow.programmes.group(group_id)
        offering = uow.programmes.offering(group.offering_id) if group is not None else None
        if group is None or offering is None:
            raise ValidationFailed.single("group_id", "unknown", "Group: there is no such group")
        last = _last_session_on(uow, group)
        released = _released_before_end(person, offering, last) if person is not None else None
        return _held_so_far(uow, group, offering.programme_id, now or utc_now()).model_copy(
            update={"last_session_on": last, "released_on": released}
        )


def give_group_place(
    actor: Actor, uow: UnitOfWork, referral_id: int, expected_revision: int, group_id: int
) -> int:
    """Give the referral a place in the group; returns the referral's new revision. Refused
    when the group is full (naming the group and its capacity), is a group of another
    programme or offering, of another establishment (or team) than the person's or one the
    account does not run, has ended, has no session to come (every session planned has
    started) or belongs to a retired offering, when the person was
    released (a custody group), or the referral is closed, is not assessed as suitable (or
    suitable but not ready: a referral is assessed before it takes a place) or already has a
    place."""
    require(actor, Permission.MANAGE_PROGRAMME_REFERRALS)
    with uow:
        row, person = referral_in_reach(actor, uow, referral_id)
        _require_programme_team(actor, uow, person)
        if person.case_closed:
            raise CaseIsClosed()
        workflow = uow.programme_workflow.workflow()
        status = workflow.status(row.status)
        if not status.open:
            raise ValidationFailed.single(
                "referral",
                "programme_referral.not_open",
                f"Referral: it is {status.label}; only an open referral is given a place",
            )
        if row.status not in PLACE_GIVEN_AT:
            raise _not_assessed(uow, workflow, status, person, row.programme_id)
        group = uow.programme_referrals.group_for_update(group_id)
        offering = uow.programmes.offering(group.offering_id) if group is not None else None
        if group is None or offering is None or offering.programme_id != row.programme_id:
            raise ValidationFailed.single(
                "group_id", "unknown", "Group: there is no such group of this programme"
            )
        _check_group_for_person(actor, uow, person, group, offering)
        if row.offering_id is not None and row.offering_id != group.offering_id:
            raise ValidationFailed.single(
                "group_id",
                "programme_referral.other_offering",
                "Group: the group belongs to another offering than the referral's",
            )
        if uow.programme_referrals.current_place(row.id) is not None:
            raise ValidationFailed.single(
                "group_id",
                "programme_referral.has_place",
                "Group: the referral already has a place in a group; withdraw it first",
            )
        taken = uow.programme_referrals.places_taken(group.id, clock.today())
        if taken >= group.capacity:
            raise GroupFull(group.code, group.capacity)
        revision = claim_referral(uow, row, expected_revision)
        row.offering_id = group.offering_id
        joined_at = uow.programme_referrals.database_now()
        held = _held_so_far(uow, group, offering.programme_id, joined_at)
        uow.programme_referrals.add(
            ProgrammeGroupMemberRow(
                group_id=group.id,
                referral_id=row.id,
                person_id=row.person_id,
                joined_at=joined_at,
                added_by_id=actor.id,
            )
        )
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_REFERRAL_PLACE_GIVEN,
            row.id,
            person_id=row.person_id,
            group_id=group.id,
            places_taken=taken + 1,
            capacity=group.capacity,
            sessions_held_before=held.sessions,
            released_before_group_ends=(
                _released_before_end(person, offering, _last_session_on(uow, group)) is not None
            ),
        )
        uow.commit()
        return revision


def _refuse_withdrawal(
    uow: UnitOfWork, status_code: str, person: PersonRow, programme_id: int, group_id: int
) -> None:
    """A place is withdrawn only from an open referral not on the programme."""
    status = uow.programme_workflow.workflow().status(status_code)
    if status.open and status_code != ProgrammeReferralStatus.ON_PROGRAMME.value:
        return
    who = _who(person)
    programme = programme_of(uow, programme_id).name
    group = uow.programmes.group(group_id)
    in_group = f"group {group.code}" if group is not None else "the group"
    if status.open:
        raise ValidationFailed.single(
            "referral",
            "programme_referral.place_on_programme",
            f"Referral: {who} is on {programme} in {in_group}; withdrawing the place alone "
            "would leave the referral on the programme with no group. Deselect the referral "
            "first (move it to Assessed as suitable or Suitable but not ready to keep it "
            "open, or to Deselected to close it); the place can then be withdrawn.",
        )
    raise ValidationFailed.single(
        "referral",
        "programme_referral.place_of_closed",
        f"Referral: the referral of {who} to {programme} is {status.label}; its place in "
        f"{in_group} is part of the record of how the programme ended and is not withdrawn.",
    )


def withdraw_group_place(
    actor: Actor, uow: UnitOfWork, referral_id: int, expected_revision: int
) -> int:
    """Give up the referral's place in its group (the row is kept); returns the new
    revision. Refused, naming the person, the programme and why, for a referral on the
    programme (deselect it first) or closed (module docstring)."""
    require(actor, Permission.MANAGE_PROGRAMME_REFERRALS)
    with uow:
        row, person = referral_in_reach(actor, uow, referral_id)
        _require_programme_team(actor, uow, person)
        if person.case_closed:
            raise CaseIsClosed()
        place = uow.programme_referrals.current_place(row.id)
        if place is None:
            raise ValidationFailed.single(
                "group_id", "programme_referral.no_place", "Group: the referral has no place"
            )
        _refuse_withdrawal(uow, row.status, person, row.programme_id, place.group_id)
        revision = claim_referral(uow, row, expected_revision)
        end_place(uow, actor, place, PlaceEnd.WITHDRAWN)
        audit.record(
            uow,
            actor,
            AuditAction.PROGRAMME_REFERRAL_PLACE_WITHDRAWN,
            row.id,
            person_id=row.person_id,
            group_id=place.group_id,
        )
        uow.commit()
        return revision
