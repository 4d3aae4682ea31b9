"""Suggested plan actions for one person, read from the record and not yet in the plan."""

from __future__ import annotations

import datetime as dt

from resettle.domain import clock
from resettle.domain.permissions import Permission, require
from resettle.domain.plan_suggestions import PlanSuggestions
from resettle.domain.staff import Actor
from resettle.services.case_record.read import load_case_record
from resettle.services.evidence_pack import active_pack
from resettle.services.person_access import reachable_person
from resettle.services.plans import mapping
from resettle.services.plans.prefill import suggestions_for
from resettle.services.unit_of_work import UnitOfWork


def suggest_plan_actions(
    actor: Actor, uow: UnitOfWork, person_id: int, today: dt.date | None = None
) -> PlanSuggestions:
    """Actions the record suggests (open essentials, open support needs, accepted
    recommendations, booked aftercare appointments) whose source is not already in the current
    plan, in that order; a support need whose ground an essential's action covers is listed as
    covered instead of suggested. An action whose usual day has passed is due ``today``. A read
    inside the plan tab: not audited as a view."""
    require(actor, Permission.EDIT_PLAN)
    with uow:
        reachable_person(actor, uow, person_id, Permission.EDIT_PLAN)
        record = load_case_record(actor, uow, person_id)
        pack, _problems = active_pack(uow)
        accepted = [row.intervention_id for row in uow.plans.accepted(person_id)]
        current = uow.plans.current(person_id)
        current_actions = mapping.version(current).actions if current is not None else ()
    return suggestions_for(record, accepted, pack, current_actions, today or clock.today())
