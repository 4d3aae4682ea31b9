"""Recommendations for a person from their record, and accepting one into their plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from resettle.domain import clock
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import NotFound
from resettle.domain.permissions import Permission, require
from resettle.domain.plan import PlanAction, renumber
from resettle.domain.plan_addition import AddedToPlan, PlanAddition, action_for_recommendation
from resettle.domain.plan_view import PlanView
from resettle.domain.staff import Actor
from resettle.evidence import Recommendation, RecommendationResult, recommend
from resettle.services import audit
from resettle.services.case_profile import (
    case_profile,
    essential_standing_for,
    essential_stands_for,
)
from resettle.services.case_record.read import load_case_record
from resettle.services.evidence_pack import PackStatus, active_pack, load_pack_status
from resettle.services.person_access import changeable_person, reachable_person
from resettle.services.plans import mapping
from resettle.services.plans.edit import commit_plan, write_actions
from resettle.services.plans.prefill import essential_action, recommendation_action
from resettle.services.plans.read import load_plan_view
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.plans import AcceptedRecommendationRow


@dataclass(frozen=True)
class RecommendationsScreen:
    """What the recommendations tab shows, read in one transaction."""

    result: RecommendationResult
    plan: PlanView
    pack: PackStatus


def recommendations_screen(
    actor: Actor, uow: UnitOfWork, person_id: int, today: dt.date | None = None
) -> RecommendationsScreen:
    """The recommendations, the plan they are marked against and the pack in use."""
    with uow:
        result = load_recommendations(actor, uow, person_id, today or clock.today())
        person = reachable_person(actor, uow, person_id, Permission.VIEW_PERSON)
        plan = load_plan_view(actor, uow, person)
        return RecommendationsScreen(result, plan, load_pack_status(uow))


def recommend_for_person(
    actor: Actor, uow: UnitOfWork, person_id: int, today: dt.date | None = None
) -> RecommendationResult:
    """Recommendations that follow the person's recorded needs, risk and essentials."""
    with uow:
        return load_recommendations(actor, uow, person_id, today or clock.today())


def load_recommendations(
    actor: Actor, uow: UnitOfWork, person_id: int, today: dt.date
) -> RecommendationResult:
    """Internal loader: call inside an open unit of work. No audit row, no commit."""
    record = load_case_record(actor, uow, person_id, today)
    pack, _problems = active_pack(uow)
    current = uow.plans.current(person_id)
    actions = mapping.version(current).actions if current else ()
    known = {item.id for item in pack.pack.interventions}
    return recommend(case_profile(record, today, actions, known), pack)


def accept_recommendation(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    intervention_id: str,
    today: dt.date | None = None,
) -> AddedToPlan:
    """Record the officer's acceptance and, when the person has a plan, add it as an action:
    both in one transaction, so a refused plan change records no acceptance either. Returns
    the plan with what was done and the action that stands for the recommendation."""
    require(actor, Permission.EDIT_PLAN)
    today = today or clock.today()
    with uow:
        result = load_recommendations(actor, uow, person_id, today)
        chosen = next(
            (r for r in result.recommendations if r.intervention_id == intervention_id), None
        )
        if chosen is None:
            raise NotFound(
                "That intervention is not among this person's current recommendations "
                "(it may be excluded: see the reasons shown)."
            )
        person = changeable_person(actor, uow, person_id, Permission.EDIT_PLAN)
        if intervention_id not in {row.intervention_id for row in uow.plans.accepted(person_id)}:
            uow.plans.add(
                AcceptedRecommendationRow(
                    person_id=person_id,
                    intervention_id=intervention_id,
                    pack_version=result.pack_version,
                    rule_version=result.rule_version,
                    accepted_by=actor.display_name,
                )
            )
            audit.record(
                uow,
                actor,
                AuditAction.RECOMMENDATION_ACCEPTED,
                None,
                person_id=person_id,
                intervention=intervention_id,
                pack=result.pack_version,
            )
        current = uow.plans.current(person_id)
        if current is None:
            commit_plan(uow)
            return AddedToPlan(load_plan_view(actor, uow, person), PlanAddition.NO_PLAN, None)
        existing = mapping.version(current).actions
        actions, addition, action = _with_recommendation(existing, chosen, person, today)
        if actions is not None:
            write_actions(uow, actor, person, current, renumber(actions))
        commit_plan(uow)
        view = load_plan_view(actor, uow, person)
        # The action as stored (numbered, with its linked status): its source is its own.
        stored = view.current.actions if view.current else ()
        shown = next((a for a in stored if a.source == action.source), action)
        return AddedToPlan(view, addition, shown)


def _with_recommendation(
    existing: Sequence[PlanAction], chosen: Recommendation, person: PersonRow, today: dt.date
) -> tuple[list[PlanAction] | None, PlanAddition, PlanAction]:
    """The plan's actions with ``chosen`` in them (None when it is there already), what was
    done and the action that stands for it. The plan action of the release-day essential it
    stands for (a bed, ID, naloxone...) is marked as that recommendation instead of a second
    action being added beside it; with no such action yet, the essential's own action is added,
    marked as the recommendation, so a later suggestion of the essential's action finds it
    there."""
    intervention_id = chosen.intervention_id
    there = action_for_recommendation(existing, intervention_id)
    if there is not None:
        return None, PlanAddition.ALREADY, there
    for position, action in enumerate(existing):
        kind = action.source.essential_kind if action.source else None
        stands_for = essential_stands_for(kind)
        if intervention_id in stands_for:
            assert action.source is not None
            if action.source.recommendation_intervention_id in stands_for:
                # marked already, as the other item this essential stands for
                return None, PlanAddition.ALREADY, action
            source = action.source.model_copy(
                update={"recommendation_intervention_id": intervention_id}
            )
            marked = action.model_copy(update={"source": source})
            actions = [*existing[:position], marked, *existing[position + 1 :]]
            return actions, PlanAddition.MARKED, marked
    essential = essential_standing_for(intervention_id)
    if essential is not None:  # the essential's own action, never a "Refer to" beside it
        action = essential_action(
            essential,
            intervention_id,
            release_date=person.release_date,
            sentence_date=person.sentence_date,
            today=today,
        )
        return [*existing, action], PlanAddition.ADDED, action
    action = recommendation_action(
        chosen.intervention_id,
        chosen.name,
        chosen.pathway,
        chosen.setting,
        release_date=person.release_date,
        sentence_date=person.sentence_date,
        today=today,
    )
    return [*existing, action], PlanAddition.ADDED, action
