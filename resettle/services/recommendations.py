"""Recommendations for a person from their record, and accepting one into their plan."""

from __future__ import annotations

import datetime as dt

from resettle.domain.errors import NotFound
from resettle.domain.permissions import Permission, require
from resettle.domain.plan import PlanVersion
from resettle.domain.plan_view import PlanView
from resettle.domain.staff import Actor
from resettle.evidence import RecommendationResult, recommend
from resettle.services import audit
from resettle.services.case_profile import case_profile
from resettle.services.case_record.read import get_case_record
from resettle.services.evidence_pack import active_pack
from resettle.services.person_access import reachable_person
from resettle.services.plans import mapping
from resettle.services.plans.edit import save_plan
from resettle.services.plans.prefill import recommendation_action
from resettle.services.plans.read import plan_view
from resettle.services.unit_of_work import UowFactory
from resettle.storage.tables.plans import AcceptedRecommendationRow


def recommend_for_person(
    actor: Actor, uow_factory: UowFactory, person_id: int, today: dt.date | None = None
) -> RecommendationResult:
    """Recommendations that follow the person's recorded needs, risk and essentials."""
    today = today or dt.date.today()
    record = get_case_record(actor, uow_factory(), person_id, today)
    with uow_factory() as uow:
        pack, _problems = active_pack(uow)
        current = uow.plans.current(person_id)
        actions = mapping.version(current).actions if current else ()
    return recommend(case_profile(record, today, actions), pack)


def accept_recommendation(
    actor: Actor,
    uow_factory: UowFactory,
    person_id: int,
    intervention_id: str,
    today: dt.date | None = None,
) -> PlanView:
    """Record the officer's acceptance and, when the person has a plan, add it as an action."""
    require(actor, Permission.EDIT_PLAN)
    result = recommend_for_person(actor, uow_factory, person_id, today)
    chosen = next((r for r in result.recommendations if r.intervention_id == intervention_id), None)
    if chosen is None:
        raise NotFound(
            "That intervention is not among this person's current recommendations "
            "(it may be excluded: see the reasons shown)."
        )
    with uow_factory() as uow:
        person = reachable_person(actor, uow, person_id)
        already = {row.intervention_id for row in uow.plans.accepted(person_id)}
        if intervention_id not in already:
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
                "recommendation.accepted",
                "person",
                person_id,
                intervention=intervention_id,
                pack=result.pack_version,
            )
        current = uow.plans.current(person_id)
        revision = current.revision if current else None
        existing: PlanVersion | None = mapping.version(current) if current else None
        uow.commit()
        view = plan_view(uow, person)
    if existing is None or any(
        a.source and a.source.recommendation_intervention_id == intervention_id
        for a in existing.actions
    ):
        return view
    new_action = recommendation_action(
        chosen.intervention_id, chosen.name, chosen.pathway, chosen.setting
    )
    return save_plan(actor, uow_factory(), person_id, revision, [*existing.actions, new_action])
