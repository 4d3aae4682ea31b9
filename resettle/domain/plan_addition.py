"""What Add to plan did with a recommendation, so the screens can say so and show the action.

The service decides it (``services/recommendations.py``) and returns it with the plan; the
Recommendations tab words it for the status bar and asks the window to select the action on
the Plan tab (by its source, which no other action of the plan shares).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from resettle.domain.plan import PlanAction
from resettle.domain.plan_view import PlanView


class PlanAddition(Enum):
    #: A new action was added for it.
    ADDED = "added"
    #: The plan action of the release-day essential it stands for was marked as it.
    MARKED = "marked"
    #: An action stood for it already: nothing changed.
    ALREADY = "already"
    #: Accepted, but there is no plan yet to add it to.
    NO_PLAN = "no_plan"


@dataclass(frozen=True)
class AddedToPlan:
    """The plan after Add to plan, what happened and the action that now stands for the
    recommendation (None without a plan)."""

    plan: PlanView
    addition: PlanAddition
    action: PlanAction | None


def action_for_recommendation(
    actions: Sequence[PlanAction], intervention_id: str
) -> PlanAction | None:
    """The action marked as the recommendation ``intervention_id``, or None."""
    return next(
        (
            a
            for a in actions
            if a.source is not None and a.source.recommendation_intervention_id == intervention_id
        ),
        None,
    )
