"""Saving the plan's officer-only notes: the officer's own notes on the plan, printed on the
officer's copy and never on the person's (``domain/plan.py`` ``PlanVersion.officer_notes``).

They are not part of what the person agreed, so saving them changes no state: a draft stays a
draft, an agreed plan stays agreed, and an issued plan keeps its issued snapshot (the officer's
copy as printed) while the notes written since are on the version for the next print. The save
is guarded by the plan version's revision, like every other change to the plan.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ConfigDict, Field
from sqlalchemy.orm.attributes import flag_modified

from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import Permission, require
from resettle.domain.plan import OfficerNotes
from resettle.domain.plan_view import PlanView
from resettle.domain.staff import Actor
from resettle.domain.text_fields import CheckedText
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.person_access import changeable_person
from resettle.services.plans.edit import checked_current, commit_plan
from resettle.services.plans.read import load_plan_view
from resettle.services.unit_of_work import UnitOfWork


class OfficerNotesInput(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    officer_notes: OfficerNotes = Field(default="", title="Officer-only notes")


def save_officer_notes(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int | None,
    data: Mapping[str, Any] | OfficerNotesInput,
) -> PlanView:
    """Save the current plan version's officer-only notes; returns the plan as saved."""
    require(actor, Permission.EDIT_PLAN)
    require(actor, Permission.VIEW_PLAN_OFFICER_TEXT)  # nobody writes what they cannot read
    given = validate(OfficerNotesInput, data)
    with uow:
        person = changeable_person(actor, uow, person_id, Permission.EDIT_PLAN)
        current = checked_current(uow, person_id, expected_revision)
        if current is None:
            raise ValidationFailed.single(
                "officer_notes", "no_plan", "Officer-only notes: build the plan first."
            )
        current.officer_notes = given.officer_notes
        flag_modified(current, "officer_notes")  # an UPDATE of the version bumps its revision
        audit.record(
            uow,
            actor,
            AuditAction.PLAN_OFFICER_NOTES_SAVED,
            current.id,
            person_id=person_id,
            version=current.version,
        )
        commit_plan(uow)
        return load_plan_view(actor, uow, person)
