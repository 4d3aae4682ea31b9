"""The through-the-gate plan: actions per pathway, versions, and the rules that govern them.

One current plan per person; each change to an issued plan starts a new version. A version
moves draft -> agreed -> issued. Every rule here is a pure function: it takes models and
returns new (frozen) models or raises `ValidationFailed` naming the field, so the service layer
can run it inside its unit of work and the UI can show the message.

The domain returns codes, not English: `due_phrase()` gives a `DuePhrase` code and a number of
days, which the report and UI layers turn into words for their audience.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from resettle.domain.action_repeats import Repeat, first_time, repeat_problems
from resettle.domain.due_dates import MAX_OFFSET_DAYS as MAX_OFFSET_DAYS
from resettle.domain.due_dates import DueDate as DueDate
from resettle.domain.due_dates import DueKind as DueKind
from resettle.domain.due_dates import DuePhrase as DuePhrase
from resettle.domain.due_dates import Frozen as _Frozen
from resettle.domain.due_dates import counted_day as counted_day
from resettle.domain.due_dates import due_phrase as due_phrase
from resettle.domain.due_dates import resolve_due as resolve_due
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.limits import PLAN_ACTIONS_MAX, check_count
from resettle.domain.pathways import Pathway
from resettle.domain.text_fields import MULTI_LINE

ActionText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=1000),
    MULTI_LINE,
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
OFFICER_NOTES_MAX = 5_000
OfficerNotes = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=OFFICER_NOTES_MAX), MULTI_LINE
]


class ActionOwner(StrEnum):
    PRISON = "prison"
    PROBATION = "probation"
    PROVIDER = "provider"
    PERSON = "person"


class ActionStatus(StrEnum):
    TO_DO = "to_do"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_NEEDED = "not_needed"


class PlanState(StrEnum):
    DRAFT = "draft"
    AGREED = "agreed"
    ISSUED = "issued"


class ActionSource(_Frozen):
    """Where an action came from, so it can be traced back (all optional)."""

    recommendation_intervention_id: str | None = Field(default=None, max_length=100)
    support_need_id: int | None = None
    essential_kind: str | None = Field(default=None, max_length=100)
    aftercare_referral_id: int | None = None


class PlanAction(_Frozen):
    pathway: Pathway
    what: ActionText
    #: Required before a plan can be saved or agreed; optional here so a form can hold a draft.
    owner: ActionOwner | None = None
    due: DueDate | None = None
    status: ActionStatus = ActionStatus.TO_DO
    position: int = Field(default=0, ge=0)
    source: ActionSource | None = None
    #: Every week or every other week from the due date (``action_repeats``); None for once.
    repeat: Repeat | None = None

    def due_on(self, release_date: date | None) -> date | None:
        """When it is due: for a repeating action, its first time."""
        return due_day(self.due, self.repeat, release_date)


def due_day(due: DueDate | None, repeat: Repeat | None, release_date: date | None) -> date | None:
    """The day an action with this due date and repeat is due (``resolve_due``; for one that
    repeats, its first time); None when there is no date or no release date to count from."""
    start = resolve_due(due, release_date)
    if start is None or repeat is None:
        return start
    return first_time(start, repeat)


class PersonAgreementMethod(StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"
    IN_WRITING = "in_writing"


class Agreement(_Frozen):
    agreed_by: Name  # the officer who recorded the agreement
    agreed_at: datetime
    agreed_by_person: bool
    person_agreed_on: date | None = None
    person_agreed_how: PersonAgreementMethod | None = None

    @model_validator(mode="after")
    def _person_details_when_agreed(self) -> Self:
        if self.agreed_by_person and (self.person_agreed_on is None or not self.person_agreed_how):
            raise ValueError("say when and how the person agreed")
        return self


class Issue(_Frozen):
    issued_by: Name
    issued_at: datetime
    snapshot_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    #: The canonical JSON of the printed `PlanDocument`, kept so the issued plan is frozen.
    snapshot_json: Annotated[str, MULTI_LINE] = ""


class PlanVersion(_Frozen):
    """One version of a person's plan. `actions` keep the order the officer gave them."""

    person_id: int | str
    version: int = Field(default=1, ge=1)
    state: PlanState = PlanState.DRAFT
    actions: tuple[PlanAction, ...] = ()
    agreement: Agreement | None = None
    issue: Issue | None = None
    #: The officer's own notes on the plan: printed on the officer's copy, never on the
    #: person's; not part of what the person agreed, so changing them changes no state.
    officer_notes: OfficerNotes = ""

    @model_validator(mode="after")
    def _state_matches_records(self) -> Self:
        if self.state is PlanState.DRAFT and (self.agreement or self.issue):
            raise ValueError("a draft plan has no agreement and is not issued")
        if self.state is PlanState.AGREED and (self.agreement is None or self.issue):
            raise ValueError("an agreed plan has an agreement and is not issued")
        if self.state is PlanState.ISSUED and (self.agreement is None or self.issue is None):
            raise ValueError("an issued plan has an agreement and an issue record")
        return self

    def ordered_actions(self) -> list[PlanAction]:
        return sorted(self.actions, key=lambda a: a.position)


class ReleasePlan(_Frozen):
    """All versions of one person's plan; the last one is current."""

    person_id: int | str
    versions: tuple[PlanVersion, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _versions_in_sequence(self) -> Self:
        numbers = [v.version for v in self.versions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError("plan versions must run 1, 2, 3, ... with no gaps")
        if any(v.person_id != self.person_id for v in self.versions):
            raise ValueError("every version must belong to the same person")
        return self

    @property
    def current(self) -> PlanVersion:
        return self.versions[-1]


# ---------------------------------------------------------------------------------- rules


def _action_name(action: PlanAction, index: int) -> str:
    text = action.what if len(action.what) <= 60 else action.what[:57] + "..."
    return f"action {index + 1} ('{text}')"


def _owner_problems(actions: tuple[PlanAction, ...]) -> list[FieldProblem]:
    return [
        FieldProblem(
            f"actions[{i}].owner",
            "owner_required",
            f"Choose who owns {_action_name(a, i)}: prison, probation, provider or the person.",
        )
        for i, a in enumerate(actions)
        if a.owner is None
    ]


def _repeat_problems(
    actions: tuple[PlanAction, ...], release_date: date | None
) -> list[FieldProblem]:
    return [
        FieldProblem(f"actions[{i}].{field}", code, message)
        for i, a in enumerate(actions)
        if a.repeat is not None
        for field, code, message in repeat_problems(
            a.repeat, a.due, release_date, _action_name(a, i)
        )
    ]


def check_plan_size(count: int) -> None:
    """Refuse a plan of more than :data:`~resettle.domain.limits.PLAN_ACTIONS_MAX` actions."""
    check_count("actions", "Actions", count, PLAN_ACTIONS_MAX, "actions in a plan")


def check_actions(
    actions: tuple[PlanAction, ...],
    *,
    sentence_start: date | None,
    release_date: date | None,
) -> None:
    """Refuse actions that cannot be saved, naming each one. Raises `ValidationFailed`.

    Every action needs an owner, and no action may fall due before the sentence began.
    Relative dates are checked when the release date is known. A plan holds at most
    :data:`~resettle.domain.limits.PLAN_ACTIONS_MAX` actions.
    """
    check_plan_size(len(actions))
    problems = _owner_problems(actions)
    problems += _repeat_problems(actions, release_date)
    if sentence_start is not None:
        for i, action in enumerate(actions):
            due_on = action.due_on(release_date)
            if due_on is not None and due_on < sentence_start:
                problems.append(
                    FieldProblem(
                        f"actions[{i}].due",
                        "due_before_sentence",
                        f"The due date of {_action_name(action, i)} ({due_on.isoformat()}) is "
                        f"before the sentence began ({sentence_start.isoformat()}).",
                    )
                )
    positions = [a.position for a in actions]
    if len(set(positions)) != len(positions):
        problems.append(
            FieldProblem("actions", "positions_repeat", "Two actions share the same position.")
        )
    if problems:
        raise ValidationFailed(problems)


def renumber(actions: tuple[PlanAction, ...] | list[PlanAction]) -> tuple[PlanAction, ...]:
    """The actions in their given order with positions 0, 1, 2, ..."""
    return tuple(a.model_copy(update={"position": i}) for i, a in enumerate(actions))


def start_new_version(issued: PlanVersion) -> PlanVersion:
    """The content of the next draft version after an issued one (same actions, no agreement)."""
    if issued.state is not PlanState.ISSUED:
        raise ValidationFailed.single(
            "state", "not_issued", "Only an issued plan starts a new version."
        )
    return PlanVersion(
        person_id=issued.person_id,
        version=issued.version + 1,
        state=PlanState.DRAFT,
        actions=issued.actions,
        officer_notes=issued.officer_notes,
    )


def change_actions(
    plan: PlanVersion,
    actions: tuple[PlanAction, ...] | list[PlanAction],
    *,
    sentence_start: date | None,
    release_date: date | None,
) -> PlanVersion:
    """Save new actions for a plan, returning the version that now holds them.

    A draft is changed in place. An agreed plan goes back to draft (the agreement was for
    other actions), unless only the actions' statuses changed: recording progress is not a
    change to what was agreed, so the plan stays agreed. An issued plan is frozen: the change
    starts a new draft version, which the caller stores beside the issued one.
    """
    new_actions = tuple(actions)
    check_actions(new_actions, sentence_start=sentence_start, release_date=release_date)
    if plan.state is PlanState.AGREED and only_progress_changed(plan.actions, new_actions):
        return plan.model_copy(update={"actions": new_actions})
    base = start_new_version(plan) if plan.state is PlanState.ISSUED else plan
    return PlanVersion(
        person_id=base.person_id,
        version=base.version,
        state=PlanState.DRAFT,
        actions=new_actions,
        officer_notes=base.officer_notes,
    )


def only_progress_changed(
    before: tuple[PlanAction, ...] | list[PlanAction],
    after: tuple[PlanAction, ...] | list[PlanAction],
) -> bool:
    """True when ``after`` is ``before`` with only the actions' statuses changed (the same
    actions, in the same order, with the same wording, owners and due dates)."""
    return len(before) == len(after) and all(
        old.model_copy(update={"status": new.status}) == new
        for old, new in zip(before, after, strict=True)
    )


def agree_plan(plan: PlanVersion, agreement: Agreement) -> PlanVersion:
    """Record agreement. Needs a draft with at least one action and an owner for every action."""
    if plan.state is not PlanState.DRAFT:
        raise ValidationFailed.single(
            "state", "not_draft", "Only a draft plan can be agreed; this one is " + plan.state
        )
    if not plan.actions:
        raise ValidationFailed.single(
            "actions", "no_actions", "Add at least one action before the plan is agreed."
        )
    problems = _owner_problems(plan.actions)
    if problems:
        raise ValidationFailed(problems)
    return plan.model_copy(update={"state": PlanState.AGREED, "agreement": agreement})


def issue_plan(plan: PlanVersion, issue: Issue) -> PlanVersion:
    """Mark an agreed plan as issued with the hash (and JSON) of the PDF's snapshot."""
    if plan.state is not PlanState.AGREED:
        raise ValidationFailed.single(
            "state", "not_agreed", "The plan must be agreed before it is issued."
        )
    return plan.model_copy(update={"state": PlanState.ISSUED, "issue": issue})


def add_version(plan: ReleasePlan, version: PlanVersion) -> ReleasePlan:
    """Replace the current version (same number) or append the next one."""
    current = plan.current
    if version.version == current.version:
        if current.state is PlanState.ISSUED:
            raise ValidationFailed.single(
                "version", "issued_is_frozen", "An issued plan cannot be changed."
            )
        return plan.model_copy(update={"versions": (*plan.versions[:-1], version)})
    if version.version == current.version + 1 and current.state is PlanState.ISSUED:
        return plan.model_copy(update={"versions": (*plan.versions, version)})
    raise ValidationFailed.single(
        "version", "version_out_of_sequence", "A new version follows only an issued plan."
    )
