"""What "Add suggestions from the record" offers: the actions, and the support needs left out
because an essential's action already covers the same ground (and which action that is); and
the follow-on actions the programme history suggests (``programme_follow_ons``).

A follow-on action has no source: a plan action's source names an essential, a support need,
a recommendation or an aftercare referral, and a programme history entry is none of those, so
the plan builder leaves out a follow-on whose words are already a plan action's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from pydantic import BaseModel, ConfigDict

from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, DueDate, PlanAction
from resettle.domain.programme_history import (
    ProgrammeHistoryView,
    completed,
    current_entries,
    in_progress_at_release,
)


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


#: Days after release a programme's follow-on is due: carrying on a programme in progress at
#: release soon after the gate, booster sessions once the person has settled.
CONTINUE_DUE_AFTER_RELEASE = 7
BOOSTER_DUE_AFTER_RELEASE = 28


def booster_wording(programme_name: str) -> str:
    return f"Booster / maintenance sessions after release: {programme_name}"


def continue_wording(programme_name: str) -> str:
    return f"Continue {programme_name} in the community"


def programme_follow_ons(
    views: Iterable[ProgrammeHistoryView],
    release_date: date | None,
    *,
    is_accredited: Callable[[ProgrammeHistoryView], bool],
    pathway_of: Callable[[ProgrammeHistoryView], Pathway],
) -> list[PlanAction]:
    """The follow-on actions the programme history suggests, owned by probation and due after
    release: booster or maintenance sessions for each completed accredited programme, and
    carrying on in the community each programme in progress at release (expected to end after
    it, or no end known). Current entries only; one action per programme name."""
    actions: list[PlanAction] = []
    seen: set[str] = set()
    current = current_entries(views)
    for view in completed(current):
        if is_accredited(view):
            actions.append(_follow_on(view, booster_wording, BOOSTER_DUE_AFTER_RELEASE, pathway_of))
    for view in in_progress_at_release(current, release_date):
        actions.append(_follow_on(view, continue_wording, CONTINUE_DUE_AFTER_RELEASE, pathway_of))
    kept = []
    for action in actions:
        if action.what not in seen:
            seen.add(action.what)
            kept.append(action)
    return kept


def _follow_on(
    view: ProgrammeHistoryView,
    wording: Callable[[str], str],
    offset: int,
    pathway_of: Callable[[ProgrammeHistoryView], Pathway],
) -> PlanAction:
    return PlanAction(
        pathway=pathway_of(view),
        what=wording(view.entry.programme_name),
        owner=ActionOwner.PROBATION,
        due=DueDate.relative(offset),
    )
