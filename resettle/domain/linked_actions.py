"""Plan actions linked to the record: one status, derived here, for both sides of the link.

An action that comes from a release-day essential, a support need or an aftercare referral is
linked to it by a stored link (``ActionSource``: the essential's kind, the support need's id,
the referral's id), never by its text. Its status is not its own: it is the status of what it
is linked to, translated into the plan's words by the tables below. Every screen and paper
that shows a linked action reads it through :func:`with_linked_statuses`, so the Release day
tab, the Plan tab, the preview and the printed plan can never disagree.

Ticking a linked action in the plan is a change to what it is linked to: :func:`source_changes`
says which changes a plan edit asks for (refusing, by the action's field, those that cannot be
made), and the service makes them in the same transaction as the plan.

An action whose link points at nothing the record holds (a referral since removed) keeps its
own status, as an unlinked action does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from resettle.domain.aftercare import ReferralStatus, can_change
from resettle.domain.case_record import CaseRecord
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.essentials import (
    Essential,
    EssentialBase,
    EssentialKind,
    check_done_date,
    parse_essential,
)
from resettle.domain.needs import SupportNeedStatus
from resettle.domain.plan import ActionSource, ActionStatus, PlanAction, PlanVersion

_N = SupportNeedStatus
NEED_TO_ACTION: dict[SupportNeedStatus, ActionStatus] = {
    _N.NOT_STARTED: ActionStatus.TO_DO,
    _N.IN_PROGRESS: ActionStatus.IN_PROGRESS,
    _N.MET: ActionStatus.DONE,
    _N.DECLINED: ActionStatus.NOT_NEEDED,
}
ACTION_TO_NEED = {action: need for need, action in NEED_TO_ACTION.items()}

_R = ReferralStatus
#: A missed appointment is to do again (re-book it); a closed referral is no longer needed.
REFERRAL_TO_ACTION: dict[ReferralStatus, ActionStatus] = {
    _R.REFERRED: ActionStatus.TO_DO,
    _R.ACCEPTED: ActionStatus.IN_PROGRESS,
    _R.ATTENDED: ActionStatus.DONE,
    _R.DID_NOT_ATTEND: ActionStatus.TO_DO,
    _R.CLOSED: ActionStatus.NOT_NEEDED,
}
ACTION_TO_REFERRAL: dict[ActionStatus, ReferralStatus] = {
    ActionStatus.TO_DO: _R.REFERRED,
    ActionStatus.IN_PROGRESS: _R.ACCEPTED,
    ActionStatus.DONE: _R.ATTENDED,
    ActionStatus.NOT_NEEDED: _R.CLOSED,
}
#: The reason a referral closed from the plan carries (closing needs one).
CLOSED_FROM_PLAN = "Not needed: marked so in the plan"


class LinkKind(StrEnum):
    ESSENTIAL = "essential"
    SUPPORT_NEED = "support_need"
    REFERRAL = "referral"


class SourceStatuses(BaseModel):
    """The statuses of everything a plan action may be linked to, as the record holds them.

    Essentials are keyed by kind (every kind has a status, "to do" until first saved); support
    needs and referrals by id."""

    model_config = ConfigDict(frozen=True)

    essentials: dict[EssentialKind, ActionStatus] = {}
    support_needs: dict[int, SupportNeedStatus] = {}
    referrals: dict[int, ReferralStatus] = {}

    @classmethod
    def of_record(cls, record: CaseRecord) -> SourceStatuses:
        return cls(
            essentials={e.kind: e.status for e in record.essentials},
            support_needs={s.id: s.status for view in record.needs for s in view.support_needs},
            referrals={view.id: view.referral.status for view in record.referrals},
        )


def link_of(source: ActionSource | None) -> tuple[LinkKind, EssentialKind | int] | None:
    """What an action is linked to, or None (no source, or a recommendation only)."""
    if source is None:
        return None
    if source.essential_kind is not None:
        try:
            return LinkKind.ESSENTIAL, EssentialKind(source.essential_kind)
        except ValueError:
            return None
    if source.support_need_id is not None:
        return LinkKind.SUPPORT_NEED, source.support_need_id
    if source.aftercare_referral_id is not None:
        return LinkKind.REFERRAL, source.aftercare_referral_id
    return None


def linked_status(action: PlanAction, sources: SourceStatuses) -> ActionStatus | None:
    """The status ``action`` takes from what it is linked to; None when it is not linked (or
    its link points at nothing the record holds)."""
    link = link_of(action.source)
    if link is None:
        return None
    kind, key = link
    if isinstance(key, EssentialKind):
        return sources.essentials.get(key)
    if kind is LinkKind.SUPPORT_NEED:
        need = sources.support_needs.get(key)
        return None if need is None else NEED_TO_ACTION[need]
    referral = sources.referrals.get(key)
    return None if referral is None else REFERRAL_TO_ACTION[referral]


def with_linked_statuses(
    actions: Iterable[PlanAction], sources: SourceStatuses
) -> tuple[PlanAction, ...]:
    """``actions`` with every linked action's status taken from what it is linked to."""
    result = []
    for action in actions:
        status = linked_status(action, sources)
        if status is not None and status is not action.status:
            action = action.model_copy(update={"status": status})
        result.append(action)
    return tuple(result)


def version_with_linked_statuses(plan: PlanVersion, sources: SourceStatuses) -> PlanVersion:
    return plan.model_copy(update={"actions": with_linked_statuses(plan.actions, sources)})


class SourceChange(BaseModel):
    """A change a plan edit makes to what one of its actions is linked to."""

    model_config = ConfigDict(frozen=True)

    index: int  # the action's place in the edit, for naming its field
    link: LinkKind
    key: EssentialKind | int
    status: ActionStatus  # the action's new status (the source's is translated from it)

    @property
    def field(self) -> str:
        return f"actions[{self.index}].status"


def source_changes(
    actions: Iterable[PlanAction], ticked: Collection[int], sources: SourceStatuses
) -> list[SourceChange]:
    """The changes to linked records that ticking the actions at ``ticked`` (their places in
    ``actions``) asks for. Actions not ticked follow their source whatever status they carry,
    so a plan edit made before the source changed never undoes that change. A move the source
    cannot make (a referral attended cannot go back to referred) is refused, naming the action.
    """
    changes: list[SourceChange] = []
    problems: list[FieldProblem] = []
    for index, action in enumerate(actions):
        if index not in ticked:
            continue
        current = linked_status(action, sources)
        link = link_of(action.source)
        if current is None or link is None or current is action.status:
            continue
        change = SourceChange(index=index, link=link[0], key=link[1], status=action.status)
        if change.link is LinkKind.REFERRAL:
            now = sources.referrals[int(change.key)]
            wanted = ACTION_TO_REFERRAL[change.status]
            if not can_change(now, wanted):
                problems.append(
                    FieldProblem(
                        change.field,
                        "referral_cannot_change",
                        f"Action {index + 1} ('{action.what[:60]}'): the referral is "
                        f"{now.label.lower()} and cannot become {wanted.label.lower()}. "
                        "Change it on the Aftercare tab.",
                    )
                )
                continue
        changes.append(change)
    if problems:
        raise ValidationFailed(problems)
    return changes


def _ticked_data(essential: EssentialBase, status: ActionStatus, today: date) -> dict[str, Any]:
    data: dict[str, Any] = essential.model_dump()
    data["status"] = status
    if status is ActionStatus.DONE and essential.status is not ActionStatus.DONE:
        data["action_date"] = today
    return data


def tick_problems(
    essential: EssentialBase, status: ActionStatus, today: date
) -> list[FieldProblem]:
    """What stops a linked action's tick (to ``status``) being made to ``essential``, as
    the essential's own problems (its fields): the Plan tab asks at the moment of ticking,
    so Save never refuses it later. Empty: the tick can be made."""
    try:
        check_done_date(parse_essential(_ticked_data(essential, status, today)), today)
    except ValidationFailed as failed:
        return list(failed.problems)
    return []


def linked_essential(action: PlanAction) -> EssentialKind | None:
    """The essential ``action`` is linked to, if any."""
    link = link_of(action.source)
    return link[1] if link is not None and isinstance(link[1], EssentialKind) else None


def action_tick_problems(
    essentials: Iterable[EssentialBase], action: PlanAction, status: ActionStatus, today: date
) -> list[FieldProblem]:
    """:func:`tick_problems` for a plan action: empty unless it is linked to an essential
    (among ``essentials``, the record's) that the tick cannot be made to."""
    kind = linked_essential(action)
    essential = next((e for e in essentials if e.kind is kind), None)
    return [] if essential is None else tick_problems(essential, status, today)


def ticked_essential(
    essential: EssentialBase, change: SourceChange, today: date, what: str
) -> Essential:
    """``essential`` with the status the plan gave it. Done today when ticked done: until then
    its date was when it was due, not when it was done (an essential already done keeps its
    date). Its own rules still hold: a problem is reported against the action, saying which
    essential field is missing."""
    try:
        ticked = parse_essential(_ticked_data(essential, change.status, today))
        check_done_date(ticked, today)
    except ValidationFailed as failed:
        raise ValidationFailed(
            [
                FieldProblem(
                    change.field,
                    problem.code,
                    f"Action {change.index + 1} ('{what[:60]}'): {essential.kind.label}: "
                    f"{problem.message}. Record it on the Release day tab.",
                )
                for problem in failed.problems
            ]
        ) from None
    return ticked


def ticked_positions(saved: Iterable[PlanAction], edited: Iterable[PlanAction]) -> frozenset[int]:
    """The places in ``edited`` of linked actions whose status differs from the one they
    were read with in ``saved`` (matched by their link): the ticks an officer made."""
    read: Mapping[ActionSource, ActionStatus] = {
        a.source: a.status for a in saved if a.source is not None and link_of(a.source)
    }
    return frozenset(
        index
        for index, action in enumerate(edited)
        if action.source is not None
        and action.source in read
        and read[action.source] is not action.status
    )
