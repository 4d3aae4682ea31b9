"""Demo-like person's copies for the accessibility checks: an agreed plan, a draft for a person
whose name is written right to left, who reads Welsh (the offer to read the plan with them is
in Welsh too), with 200 actions, and a plan with actions that repeat."""

from __future__ import annotations

from resettle.domain.plan import PlanState
from resettle.domain.plan_document import PlanDocument
from resettle.reports.samples import sample_plan_document
from tests.reports.repeating_plans import repeating_document

RTL_NAME = "مريم الحسيني"


def agreed_plan() -> PlanDocument:
    return sample_plan_document()


def draft_rtl_long_plan() -> PlanDocument:
    doc = sample_plan_document(200, name=RTL_NAME)
    assert doc.communication is not None
    welsh = doc.communication.model_copy(update={"preferred_language": "Welsh"})
    return doc.model_copy(
        update={"state": PlanState.DRAFT, "agreed_by_person": False, "communication": welsh}
    )


def repeating_actions() -> PlanDocument:
    """Weekly and fortnightly actions, one with a bank holiday left out, one until an event."""
    return repeating_document()


DOCUMENTS = {
    "agreed": agreed_plan,
    "draft_rtl_200_actions": draft_rtl_long_plan,
    "repeating_actions": repeating_actions,
}
