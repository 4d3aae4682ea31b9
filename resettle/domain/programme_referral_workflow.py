"""The programme referral workflow: which moves between statuses each workflow role group may
make, and the checks a move and its reason pass.

Two role groups make moves. The *programme team* (facilitators and treatment managers) takes a
referral through assessment and delivery; *referrers* (probation officers and prison
offender managers) submit a referral, put it on hold while it waits, and withdraw it until it
starts. Which Resettle roles are in a group is read from the permission table
(:data:`GROUP_PERMISSIONS`), and a use case passes the roles through which the signed-in
account reaches the person (``access.roles_reaching``): the group never comes from input.

The moves are data: migration 0020 seeds them into ``programme_referral_moves`` and the
services read them back (``storage/repositories/programme_workflow.py``); :data:`STANDARD_MOVES`
is what the migration seeds, and a test checks the two agree. Taking a referral off a
programme while keeping it open (back to "assessed as suitable" or "suitable but not ready") is
a move of its own, marked ``deselects``: it asks for a deselection reason that allows the
referral to stay open, and it is one history entry like any other move, not a hidden second
one.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict, model_validator

from resettle.domain.errors import DomainError, FieldProblem, ValidationFailed
from resettle.domain.permissions import ROLE_PERMISSIONS, Permission, permissions_of
from resettle.domain.programme_referral_statuses import (
    CATEGORIES,
    STATUSES,
    ProgrammeReferralStatus,
    ReasonCategory,
    ReasonGroup,
    StatusDefinition,
)
from resettle.domain.staff import Role, roles_label


class WorkflowRoleGroup(StrEnum):
    PROGRAMME_TEAM = "programme_team"
    REFERRER = "referrer"


#: The permission that puts a Resettle role in each workflow role group.
GROUP_PERMISSIONS: dict[WorkflowRoleGroup, Permission] = {
    WorkflowRoleGroup.PROGRAMME_TEAM: Permission.MANAGE_PROGRAMME_REFERRALS,
    WorkflowRoleGroup.REFERRER: Permission.REFER_TO_PROGRAMMES,
}
#: How a refusal names each group ("A referrer may not move ...").
GROUP_SUBJECTS: dict[WorkflowRoleGroup, str] = {
    WorkflowRoleGroup.PROGRAMME_TEAM: "The programme team",
    WorkflowRoleGroup.REFERRER: "A referrer",
}


def role_groups_of(roles: Iterable[Role]) -> frozenset[WorkflowRoleGroup]:
    """The workflow role groups that ``roles`` (those reaching the person) belong to."""
    granted = permissions_of(roles)
    return frozenset(group for group in WorkflowRoleGroup if GROUP_PERMISSIONS[group] in granted)


def roles_in_group(group: WorkflowRoleGroup) -> tuple[Role, ...]:
    """The Resettle roles in ``group``, in the order of :class:`Role`."""
    return tuple(
        role for role in Role if GROUP_PERMISSIONS[group] in ROLE_PERMISSIONS.get(role, ())
    )


class Move(BaseModel):
    """One move from a status to another, and the role groups that may make it."""

    model_config = ConfigDict(frozen=True)

    from_status: str
    to_status: str
    role_groups: frozenset[WorkflowRoleGroup]
    description: str
    #: Takes the referral off the programme while keeping it open (a deselection reason).
    deselects: bool = False


class MoveNotAllowed(DomainError):
    """A move the account's roles may not make (or that nobody may): names the move and who."""

    code = "programme_referral.move_not_allowed"

    def __init__(
        self, from_status: StatusDefinition, to_status: StatusDefinition, roles: Iterable[Role]
    ) -> None:
        held = frozenset(roles)
        self.from_status = from_status.code
        self.to_status = to_status.code
        self.role_groups = role_groups_of(held)
        move = f"move a referral from {from_status.label} to {to_status.label}"
        if len(self.role_groups) == len(WorkflowRoleGroup):
            message = f"Neither a referrer nor the programme team may {move}."
        elif self.role_groups:
            (group,) = self.role_groups
            message = f"{GROUP_SUBJECTS[group]} may not {move}."
        else:
            message = (
                f"{roles_label(held) or 'Unknown role'} accounts may not {move}: only referrers "
                "and the programme team move referrals."
            )
        super().__init__(message)


class Workflow(BaseModel):
    """The statuses, reasons and moves, as the database holds them."""

    model_config = ConfigDict(frozen=True)

    statuses: tuple[StatusDefinition, ...]
    categories: tuple[ReasonCategory, ...]
    moves: tuple[Move, ...]

    @model_validator(mode="after")
    def _consistent(self) -> Workflow:
        codes = [status.code for status in self.statuses]
        if len(set(codes)) != len(codes):
            raise ValueError("a status code is used twice")
        pairs = [(move.from_status, move.to_status) for move in self.moves]
        if len(set(pairs)) != len(pairs):
            raise ValueError("a move is listed twice")
        for move in self.moves:
            if move.from_status not in codes or move.to_status not in codes:
                raise ValueError(
                    f"a move names an unknown status: {move.from_status} -> {move.to_status}"
                )
            if not move.role_groups:
                raise ValueError("a move no role group may make")
            if move.deselects and not self.status(move.to_status).open:
                raise ValueError(
                    "a deselection that keeps the referral open ends at an open status"
                )
        reason_codes = [reason.code for c in self.categories for reason in c.reasons]
        if len(set(reason_codes)) != len(reason_codes):
            raise ValueError("a reason code is used twice")
        return self

    def status(self, code: str, field: str = "status") -> StatusDefinition:
        for status in self.statuses:
            if status.code == code:
                return status
        raise ValidationFailed.single(
            field,
            "programme_referral.status_unknown",
            f"{field.replace('_', ' ').capitalize()}: no status {code!r}; choose one of "
            + ", ".join(s.code for s in self.statuses),
        )

    def allowed_moves(self, from_status: str, groups: Iterable[WorkflowRoleGroup]) -> list[Move]:
        """The moves out of ``from_status`` any of ``groups`` may make, in the targets' order."""
        self.status(from_status, "from_status")
        held = frozenset(groups)
        moves = [m for m in self.moves if m.from_status == from_status and m.role_groups & held]
        order = {status.code: status.display_order for status in self.statuses}
        return sorted(moves, key=lambda move: order[move.to_status])

    def check_move(self, from_status: str, to_status: str, roles: Iterable[Role]) -> Move:
        """The move, if the roles (those reaching the person) may make it; else
        :class:`MoveNotAllowed` naming the move and the role."""
        held = frozenset(roles)
        source = self.status(from_status, "from_status")
        target = self.status(to_status, "to_status")
        for move in self.allowed_moves(from_status, role_groups_of(held)):
            if move.to_status == to_status:
                return move
        raise MoveNotAllowed(source, target, held)

    def route(
        self, from_status: str, targets: Iterable[str], groups: Iterable[WorkflowRoleGroup]
    ) -> tuple[Move, ...]:
        """The fewest moves ``groups`` may make from ``from_status`` to one of ``targets``,
        through open statuses and no deselection, earlier targets in display order first;
        () when the referral is there already or no such moves lead there."""
        wanted, held = frozenset(targets), frozenset(groups)
        if from_status in wanted:
            return ()
        paths: dict[str, tuple[Move, ...]] = {from_status: ()}
        frontier = [from_status]
        while frontier:
            following: list[str] = []
            for status in frontier:
                for move in self.allowed_moves(status, held):
                    if move.deselects or move.to_status in paths:
                        continue
                    if not self.status(move.to_status).open:
                        continue
                    paths[move.to_status] = (*paths[status], move)
                    if move.to_status in wanted:
                        return paths[move.to_status]
                    following.append(move.to_status)
            frontier = following
        return ()

    def reason_group_of(self, move: Move) -> ReasonGroup | None:
        """The reasons ``move`` asks for: a deselection's when it deselects, else its target's."""
        if move.deselects:
            return ReasonGroup.DESELECTED
        return self.status(move.to_status).reason_group

    def categories_of(self, group: ReasonGroup) -> tuple[ReasonCategory, ...]:
        return tuple(category for category in self.categories if category.group is group)

    def check_reason(
        self,
        group: ReasonGroup,
        category: str | None,
        reason: str | None,
        notes: str = "",
        *,
        staying_open: bool = False,
    ) -> None:
        """A category of ``group`` and one of its reasons (or, for a category without reasons,
        notes saying why); ``staying_open``: a deselection reason that lets the referral stay
        open. Raises ``ValidationFailed`` naming the field."""
        found = next((c for c in self.categories_of(group) if c.code == category), None)
        if found is None:
            raise ValidationFailed.single(
                "category",
                "programme_referral.category_invalid",
                "Category: choose one of " + _choices(self.categories_of(group)),
            )
        problems: list[FieldProblem] = []
        if not found.reasons:
            if reason:
                problems.append(
                    FieldProblem(
                        "reason",
                        "programme_referral.reason_invalid",
                        f"Reason: the category {found.label!r} has no reasons; "
                        "say why in the notes",
                    )
                )
            elif not notes.strip():
                problems.append(
                    FieldProblem(
                        "notes",
                        "programme_referral.notes_required",
                        f"Notes: say why (the category {found.label!r} has no list of reasons)",
                    )
                )
        else:
            chosen = next((r for r in found.reasons if r.code == reason), None)
            if chosen is None:
                problems.append(
                    FieldProblem(
                        "reason",
                        "programme_referral.reason_invalid",
                        "Reason: choose one of " + _choices(found.reasons),
                    )
                )
            elif staying_open and not chosen.may_stay_open:
                problems.append(
                    FieldProblem(
                        "reason",
                        "programme_referral.reason_closes",
                        f"Reason: after {chosen.label!r} the referral cannot stay open; "
                        "deselect and close it instead",
                    )
                )
        if problems:
            raise ValidationFailed(problems)


S = ProgrammeReferralStatus
PT, REF = WorkflowRoleGroup.PROGRAMME_TEAM, WorkflowRoleGroup.REFERRER
BOTH = frozenset({PT, REF})
TEAM = frozenset({PT})


def _move(
    source: S, target: S, groups: frozenset[WorkflowRoleGroup], description: str, **kw: bool
) -> Move:
    return Move(
        from_status=source, to_status=target, role_groups=groups, description=description, **kw
    )


_HOLDS = (
    (S.SUBMITTED, S.ON_HOLD_SUBMITTED),
    (S.AWAITING_ASSESSMENT, S.ON_HOLD_AWAITING_ASSESSMENT),
    (S.ASSESSMENT_STARTED, S.ON_HOLD_ASSESSMENT_STARTED),
)

#: Every move, as migration 0020 seeds it.
STANDARD_MOVES: tuple[Move, ...] = (
    _move(S.DRAFT, S.SUBMITTED, BOTH, "Submit the referral"),
    _move(S.SUBMITTED, S.AWAITING_ASSESSMENT, TEAM, "Accept the referral for assessment"),
    _move(S.SUBMITTED, S.NOT_ELIGIBLE, TEAM, "Not eligible for the programme"),
    _move(S.AWAITING_ASSESSMENT, S.ASSESSMENT_STARTED, TEAM, "Start the assessment"),
    _move(S.ASSESSMENT_STARTED, S.ASSESSED_SUITABLE, TEAM, "Assessed as suitable"),
    _move(S.ASSESSMENT_STARTED, S.SUITABLE_NOT_READY, TEAM, "Assessed as suitable, not ready"),
    _move(S.ASSESSMENT_STARTED, S.NOT_SUITABLE, TEAM, "Assessed as not suitable"),
    _move(S.ASSESSED_SUITABLE, S.ON_PROGRAMME, TEAM, "Start the programme"),
    _move(S.ASSESSED_SUITABLE, S.SUITABLE_NOT_READY, TEAM, "Suitable but not ready yet"),
    _move(S.SUITABLE_NOT_READY, S.ASSESSED_SUITABLE, TEAM, "Ready to go ahead"),
    _move(S.ON_PROGRAMME, S.PROGRAMME_COMPLETE, TEAM, "Programme completed"),
    _move(S.ON_PROGRAMME, S.DESELECTED, TEAM, "Deselect and close the referral"),
    _move(
        S.ON_PROGRAMME,
        S.ASSESSED_SUITABLE,
        TEAM,
        "Deselect, keep the referral open (ready to restart)",
        deselects=True,
    ),
    _move(
        S.ON_PROGRAMME,
        S.SUITABLE_NOT_READY,
        TEAM,
        "Deselect, keep the referral open (not ready)",
        deselects=True,
    ),
    *(_move(waiting, held, BOTH, "Put the referral on hold") for waiting, held in _HOLDS),
    *(_move(held, waiting, BOTH, "Take the referral off hold") for waiting, held in _HOLDS),
    *(
        _move(source, S.WITHDRAWN, BOTH, "Withdraw the referral")
        for source in (
            S.SUBMITTED,
            S.AWAITING_ASSESSMENT,
            S.ASSESSMENT_STARTED,
            S.ON_HOLD_SUBMITTED,
            S.ON_HOLD_AWAITING_ASSESSMENT,
            S.ON_HOLD_ASSESSMENT_STARTED,
            S.ASSESSED_SUITABLE,
            S.SUITABLE_NOT_READY,
        )
    ),
)

#: The workflow migration 0020 seeds (the services read the database's).
STANDARD_WORKFLOW = Workflow(statuses=STATUSES, categories=CATEGORIES, moves=STANDARD_MOVES)


class _Labelled(Protocol):
    @property
    def code(self) -> str: ...

    @property
    def label(self) -> str: ...


def _choices(options: Iterable[_Labelled]) -> str:
    """The choices by their labels, each with the code the command line takes."""
    return "; ".join(f"{o.label} ({o.code})" for o in options)


def override_choices(categories: Iterable[ReasonCategory]) -> str:
    """The pathway override reasons as the move dialog lists them: their labels, under their
    categories ("Risk: Extremist offending, ...; Information incomplete: ...")."""
    return "; ".join(
        f"{category.label}: {', '.join(reason.label for reason in category.reasons)}"
        for category in categories
    )
