"""Saving a plan's actions and agreeing it. An issued plan is never changed: a change to it
starts the next version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from itertools import islice
from typing import Any

from pydantic import ConfigDict, Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from resettle.domain import clock
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ConcurrentEdit, ValidationFailed
from resettle.domain.limits import PLAN_ACTIONS_MAX
from resettle.domain.linked_actions import with_linked_statuses
from resettle.domain.permissions import Permission, require
from resettle.domain.plan import (
    Agreement,
    PersonAgreementMethod,
    PlanAction,
    PlanState,
    PlanVersion,
    agree_plan,
    change_actions,
    check_actions,
    check_plan_size,
    renumber,
)
from resettle.domain.plan_view import PlanView
from resettle.domain.staff import Actor
from resettle.domain.text_fields import CheckedText
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.person_access import changeable_person
from resettle.services.plans import mapping
from resettle.services.plans.linked import make_ticks, source_statuses
from resettle.services.plans.read import load_plan_view
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.plans import PlanVersionRow

PLAN_CHANGED_MESSAGE = (
    "Someone else changed this plan after you opened it. Your changes were not saved and "
    "nothing was overwritten: reload the plan to see theirs."
)


class AgreementInput(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    agreed_by_person: bool = Field(title="The person agreed the plan")
    person_agreed_on: dt.date | None = Field(default=None, title="Date the person agreed")
    person_agreed_how: PersonAgreementMethod | None = Field(default=None, title="How they agreed")


def _parse_actions(actions: Iterable[PlanAction | Mapping[str, Any]]) -> tuple[PlanAction, ...]:
    # One past the limit is enough to refuse: a huge list is never parsed action by action.
    given = list(islice(actions, PLAN_ACTIONS_MAX + 1))
    check_plan_size(len(given))
    parsed: list[PlanAction] = []
    problems = []
    for index, item in enumerate(given):
        try:
            parsed.append(validate(PlanAction, item))
        except ValidationFailed as failed:
            for problem in failed.problems:
                problems.append(
                    problem.__class__(
                        f"actions[{index}].{problem.field}",
                        problem.code,
                        f"Action {index + 1}: {problem.message}",
                    )
                )
    if problems:
        raise ValidationFailed(problems)
    return renumber(parsed)


def checked_current(
    uow: UnitOfWork, person_id: int, expected_revision: int | None
) -> PlanVersionRow | None:
    current = uow.plans.current(person_id)
    found = current.revision if current else None
    if found != expected_revision:
        raise ConcurrentEdit(PLAN_CHANGED_MESSAGE)
    return current


def commit_plan(uow: UnitOfWork) -> None:
    try:
        uow.flush()
        uow.commit()
    except (StaleDataError, IntegrityError):
        # Someone changed the plan, or created the first version, at the same moment.
        raise ConcurrentEdit(PLAN_CHANGED_MESSAGE) from None


def store_version(
    uow: UnitOfWork,
    actor: Actor,
    person: PersonRow,
    current: PlanVersionRow | None,
    new: PlanVersion,
) -> PlanVersionRow:
    """Write ``new`` over the current row, or as a new row when it is a new version."""
    if current is not None and current.version == new.version:
        row = current
        row.actions.clear()
        uow.flush()
    else:
        row = PlanVersionRow(
            person_id=person.id,
            version=new.version,
            state=new.state.value,
            created_by=actor.display_name,
        )
        uow.plans.add(row)
    row.state = new.state.value
    row.officer_notes = new.officer_notes
    _write_agreement(row, new.agreement)
    row.actions.extend(mapping.action_row(a) for a in new.actions)
    flag_modified(row, "state")  # an UPDATE of the version row bumps its revision
    return row


def _write_agreement(row: PlanVersionRow, agreement: Agreement | None) -> None:
    """The row's agreement columns from ``agreement`` (all cleared when there is none: a plan
    back in draft). Ticking actions off keeps an agreed plan's agreement."""
    row.agreed_by = agreement.agreed_by if agreement else None
    row.agreed_at = agreement.agreed_at if agreement else None
    row.agreed_by_person = agreement.agreed_by_person if agreement else False
    row.person_agreed_on = agreement.person_agreed_on if agreement else None
    how = agreement.person_agreed_how if agreement else None
    row.person_agreed_how = how.value if how else None


def save_plan(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int | None,
    actions: Iterable[PlanAction | Mapping[str, Any]],
    ticked: Collection[int] = (),
    held_revisions: Mapping[str, int] | None = None,
    today: dt.date | None = None,
) -> PlanView:
    """Save the actions (in the given order). Pass ``expected_revision=None`` for a new plan.

    An action linked to an essential, support need or referral takes the status of what it is
    linked to, unless its place is in ``ticked`` (the officer changed its status in this edit):
    then what it is linked to takes the action's status, in this transaction, with its own
    audit row and revision (checked against ``held_revisions``, the window's; see
    ``linked.make_ticks``). The view returned names the parts of the record changed."""
    require(actor, Permission.EDIT_PLAN)
    new_actions = _parse_actions(actions)
    with uow:
        person = changeable_person(actor, uow, person_id, Permission.EDIT_PLAN)
        current = checked_current(uow, person_id, expected_revision)
        advanced = make_ticks(
            uow,
            actor,
            person_id,
            new_actions,
            ticked,
            held_revisions,
            today or clock.today(),
        )
        write_actions(uow, actor, person, current, new_actions)
        commit_plan(uow)
        return load_plan_view(actor, uow, person).model_copy(update={"record_revisions": advanced})


def write_actions(
    uow: UnitOfWork,
    actor: Actor,
    person: PersonRow,
    current: PlanVersionRow | None,
    actions: tuple[PlanAction, ...],
) -> PlanVersion:
    """Check and stage ``actions`` as the plan's content (a new version after an issued one),
    with the audit row; the caller commits. Linked actions are stored with the status of what
    they are linked to."""
    actions = with_linked_statuses(actions, source_statuses(uow, person.id))
    sentence, release = person.sentence_date, person.release_date
    if current is None:
        check_actions(actions, sentence_start=sentence, release_date=release)
        new = PlanVersion(person_id=person.id, version=1, actions=actions)
    else:
        new = change_actions(
            mapping.version(current), actions, sentence_start=sentence, release_date=release
        )
    row = store_version(uow, actor, person, current, new)
    audit.record(
        uow,
        actor,
        AuditAction.PLAN_SAVED,
        row.id,
        person_id=person.id,
        version=new.version,
        actions=len(new.actions),
    )
    return new


def agree(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | AgreementInput,
) -> PlanView:
    require(actor, Permission.AGREE_PLAN)
    given = validate(AgreementInput, data)
    with uow:
        person = changeable_person(actor, uow, person_id, Permission.AGREE_PLAN)
        current = checked_current(uow, person_id, expected_revision)
        if current is None:
            raise ValidationFailed.single(
                "actions", "no_plan", "Build the plan before agreeing it."
            )
        agreement = validate(
            Agreement,
            {"agreed_by": actor.display_name, "agreed_at": utc_now(), **given.model_dump()},
        )
        agreed = agree_plan(mapping.version(current), agreement)
        current.state = PlanState.AGREED.value
        _write_agreement(current, agreed.agreement)
        audit.record(
            uow,
            actor,
            AuditAction.PLAN_AGREED,
            current.id,
            person_id=person_id,
            version=current.version,
            by_person=agreement.agreed_by_person,
        )
        commit_plan(uow)
        return load_plan_view(actor, uow, person)
