"""What "Add suggestions from the record" offers: the actions, and the support needs left out
because an essential's action already covers the same ground (and which action that is)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from resettle.domain.plan import PlanAction


class CoveredNeed(BaseModel):
    """An open support need that gets no action of its own: ``essential_action`` (in the plan,
    or suggested with it) covers the same ground."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    support_need_id: int
    support_need: str
    essential_kind: str
    essential_action: str


class PlanSuggestions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    actions: tuple[PlanAction, ...] = ()
    covered: tuple[CoveredNeed, ...] = ()
