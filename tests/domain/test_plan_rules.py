"""Plan rules: relative due dates, refusals naming the action, agree/issue, versioning."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from pydantic import ValidationError

from resettle.domain.errors import ValidationFailed
from resettle.domain.pathways import Pathway
from resettle.domain.plan import (
    ActionOwner,
    ActionStatus,
    Agreement,
    DueDate,
    DueKind,
    DuePhrase,
    Issue,
    PersonAgreementMethod,
    PlanAction,
    PlanState,
    PlanVersion,
    ReleasePlan,
    add_version,
    agree_plan,
    change_actions,
    check_actions,
    due_phrase,
    issue_plan,
    only_progress_changed,
    renumber,
    resolve_due,
    start_new_version,
)

RELEASE = date(2025, 3, 14)
SENTENCE_START = date(2024, 6, 3)
SHA = "a" * 64


def action(
    what: str = "Register with a GP",
    *,
    owner: ActionOwner | None = ActionOwner.PERSON,
    due: DueDate | None = None,
    position: int = 0,
) -> PlanAction:
    return PlanAction(pathway=Pathway.HEALTH, what=what, owner=owner, due=due, position=position)


def agreement(**kw: object) -> Agreement:
    values: dict[str, object] = {
        "agreed_by": "Łukasz Nowak",
        "agreed_at": datetime(2025, 2, 10, 11, 5),
        "agreed_by_person": True,
        "person_agreed_on": date(2025, 2, 10),
        "person_agreed_how": PersonAgreementMethod.IN_PERSON,
    }
    values.update(kw)
    return Agreement.model_validate(values)


def issue() -> Issue:
    return Issue(
        issued_by="Łukasz Nowak", issued_at=datetime(2025, 2, 12, 9, 30), snapshot_sha256=SHA
    )


def draft(*actions: PlanAction) -> PlanVersion:
    return PlanVersion(person_id=7, actions=renumber(list(actions)))


def issued_plan() -> PlanVersion:
    return issue_plan(agree_plan(draft(action()), agreement()), issue())


# ------------------------------------------------------------------------- due dates


@pytest.mark.parametrize(
    ("due", "expected", "phrase"),
    [
        (DueDate.relative(-14), date(2025, 2, 28), (DuePhrase.DAYS_BEFORE_RELEASE, 14)),
        (DueDate.release_day(), RELEASE, (DuePhrase.RELEASE_DAY, 0)),
        (DueDate.relative(7), date(2025, 3, 21), (DuePhrase.DAYS_AFTER_RELEASE, 7)),
        (DueDate.absolute(date(2025, 1, 5)), date(2025, 1, 5), (DuePhrase.ON_DATE, 0)),
        (None, None, (DuePhrase.NO_DATE, 0)),
    ],
)
def test_due_dates_resolve_against_the_release_date(
    due: DueDate | None, expected: date | None, phrase: tuple[DuePhrase, int]
) -> None:
    assert resolve_due(due, RELEASE) == expected
    assert due_phrase(due) == phrase


def test_relative_due_date_without_a_release_date_is_unresolved() -> None:
    assert DueDate.relative(-14).resolve(None) is None
    assert DueDate.absolute(date(2025, 1, 5)).resolve(None) == date(2025, 1, 5)


@pytest.mark.parametrize(
    "data",
    [
        {"kind": DueKind.ABSOLUTE},
        {"kind": DueKind.ABSOLUTE, "on": RELEASE, "offset_days": 3},
        {"kind": DueKind.RELATIVE},
        {"kind": DueKind.RELATIVE, "offset_days": 3, "on": RELEASE},
        {"kind": DueKind.RELATIVE, "offset_days": 5000},
        {"kind": DueKind.RELATIVE, "offset_days": 3, "extra": 1},
    ],
)
def test_due_date_needs_exactly_one_form(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        DueDate.model_validate(data)


# ----------------------------------------------------------------------- refusals


def test_action_due_before_the_sentence_began_is_refused_naming_it() -> None:
    actions = renumber(
        [
            action("Book GP", due=DueDate.relative(-7)),
            action("Open bank account", due=DueDate.relative(-7)),
            action("Apply for ID", due=DueDate.relative(-7)),
            action("Find old ID papers", due=DueDate.absolute(date(2024, 5, 1))),
        ]
    )
    with pytest.raises(ValidationFailed) as caught:
        check_actions(actions, sentence_start=SENTENCE_START, release_date=RELEASE)
    [problem] = caught.value.problems
    assert problem.field == "actions[3].due"
    assert problem.code == "due_before_sentence"
    assert "Find old ID papers" in problem.message


def test_relative_due_before_sentence_is_refused_too() -> None:
    actions = (action("Too early", due=DueDate.relative(-400)),)
    with pytest.raises(ValidationFailed) as caught:
        check_actions(actions, sentence_start=SENTENCE_START, release_date=RELEASE)
    assert caught.value.problems[0].field == "actions[0].due"


def test_missing_owner_is_refused_naming_the_action() -> None:
    actions = renumber([action("Book GP"), action("Collect naloxone kit", owner=None)])
    with pytest.raises(ValidationFailed) as caught:
        check_actions(actions, sentence_start=None, release_date=RELEASE)
    [problem] = caught.value.problems
    assert problem.field == "actions[1].owner"
    assert "Collect naloxone kit" in problem.message


def test_repeated_positions_are_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_actions((action(), action()), sentence_start=None, release_date=None)
    assert caught.value.problems[0].code == "positions_repeat"


def test_valid_actions_pass() -> None:
    actions = renumber([action(due=DueDate.relative(-14)), action(due=DueDate.release_day())])
    check_actions(actions, sentence_start=SENTENCE_START, release_date=RELEASE)


def test_blank_action_text_and_extra_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        action("   ")
    with pytest.raises(ValidationError):
        PlanAction.model_validate({"pathway": "health", "what": "x", "colour": "red"})


# -------------------------------------------------------------------- agree / issue


def test_agree_needs_at_least_one_action() -> None:
    with pytest.raises(ValidationFailed) as caught:
        agree_plan(draft(), agreement())
    assert caught.value.problems[0].field == "actions"


def test_agree_needs_every_owner() -> None:
    plan = draft(action("Book GP"), action("Sort housing", owner=None))
    with pytest.raises(ValidationFailed) as caught:
        agree_plan(plan, agreement())
    assert caught.value.problems[0].field == "actions[1].owner"
    assert "Sort housing" in str(caught.value)


def test_agree_records_who_and_the_persons_agreement() -> None:
    agreed = agree_plan(draft(action()), agreement())
    assert agreed.state is PlanState.AGREED
    assert agreed.agreement is not None
    assert agreed.agreement.agreed_by_person is True
    assert agreed.agreement.person_agreed_how is PersonAgreementMethod.IN_PERSON


def test_persons_agreement_needs_when_and_how() -> None:
    with pytest.raises(ValidationError):
        agreement(person_agreed_on=None)
    agreement(agreed_by_person=False, person_agreed_on=None, person_agreed_how=None)


def test_issue_requires_agreed() -> None:
    with pytest.raises(ValidationFailed) as caught:
        issue_plan(draft(action()), issue())
    assert caught.value.problems[0].code == "not_agreed"
    assert issued_plan().state is PlanState.ISSUED
    with pytest.raises(ValidationFailed):
        issue_plan(issued_plan(), issue())


def test_cannot_agree_twice() -> None:
    with pytest.raises(ValidationFailed):
        agree_plan(agree_plan(draft(action()), agreement()), agreement())


def test_issue_hash_must_be_sha256_hex() -> None:
    with pytest.raises(ValidationError):
        Issue(issued_by="x", issued_at=datetime(2025, 1, 1), snapshot_sha256="not-a-hash")


def test_state_and_records_must_agree() -> None:
    with pytest.raises(ValidationError):
        PlanVersion(person_id=1, state=PlanState.ISSUED)
    with pytest.raises(ValidationError):
        PlanVersion(person_id=1, state=PlanState.DRAFT, agreement=agreement())


# ------------------------------------------------------------------------ versions


def test_changing_an_issued_plan_starts_a_new_draft_version() -> None:
    issued = issued_plan()
    new_actions = renumber([action("Book GP"), action("Open bank account")])
    changed = change_actions(
        issued, new_actions, sentence_start=SENTENCE_START, release_date=RELEASE
    )
    assert changed.version == issued.version + 1
    assert changed.state is PlanState.DRAFT
    assert changed.agreement is None and changed.issue is None
    assert [a.what for a in changed.actions] == ["Book GP", "Open bank account"]
    assert issued.state is PlanState.ISSUED  # the issued version is untouched


def test_changing_a_draft_keeps_its_version_and_an_agreed_plan_goes_back_to_draft() -> None:
    plan = draft(action())
    assert (
        change_actions(plan, (action("Other"),), sentence_start=None, release_date=None).version
        == 1
    )
    agreed = agree_plan(plan, agreement())
    back = change_actions(agreed, (action("Other"),), sentence_start=None, release_date=None)
    assert (back.version, back.state, back.agreement) == (1, PlanState.DRAFT, None)


def test_a_refused_change_changes_nothing() -> None:
    issued = issued_plan()
    with pytest.raises(ValidationFailed):
        change_actions(issued, (action(owner=None),), sentence_start=None, release_date=None)


def test_start_new_version_only_from_issued() -> None:
    with pytest.raises(ValidationFailed):
        start_new_version(draft(action()))
    new = start_new_version(issued_plan())
    assert (new.version, new.state, new.actions) == (2, PlanState.DRAFT, issued_plan().actions)


def test_release_plan_keeps_versions_in_sequence() -> None:
    issued = issued_plan()
    plan = ReleasePlan(person_id=7, versions=(issued,))
    nxt = start_new_version(issued)
    plan = add_version(plan, nxt)
    assert [v.version for v in plan.versions] == [1, 2]
    assert plan.current.state is PlanState.DRAFT
    # Replacing the current draft is fine; replacing an issued one is not.
    plan = add_version(plan, nxt.model_copy(update={"actions": ()}))
    assert plan.current.actions == ()
    with pytest.raises(ValidationFailed):
        add_version(ReleasePlan(person_id=7, versions=(issued,)), issued)
    with pytest.raises(ValidationFailed):
        add_version(plan, nxt.model_copy(update={"version": 5}))
    with pytest.raises(ValidationError):
        ReleasePlan(person_id=7, versions=(nxt,))  # must start at 1


def test_ordered_actions_follow_position() -> None:
    plan = PlanVersion(person_id=1, actions=(action("B", position=2), action("A", position=1)))
    assert [a.what for a in plan.ordered_actions()] == ["A", "B"]


def test_ticking_actions_off_keeps_an_agreed_plan_agreed() -> None:
    """User trial, 1 Dec 2026: recording progress returned an agreed plan to draft."""
    agreed = agree_plan(draft(action("Book GP"), action("Open bank account")), agreement())
    ticked = tuple(
        a.model_copy(update={"status": ActionStatus.DONE}) if a.what == "Book GP" else a
        for a in agreed.actions
    )
    kept = change_actions(agreed, ticked, sentence_start=None, release_date=None)
    assert (kept.state, kept.agreement, kept.version) == (PlanState.AGREED, agreed.agreement, 1)
    assert [a.status for a in kept.actions] == [ActionStatus.DONE, ActionStatus.TO_DO]
    reworded = (ticked[0].model_copy(update={"what": "Register with a GP"}), ticked[1])
    back = change_actions(agreed, reworded, sentence_start=None, release_date=None)
    assert (back.state, back.agreement) == (PlanState.DRAFT, None)
    fewer = change_actions(agreed, ticked[:1], sentence_start=None, release_date=None)
    assert fewer.state is PlanState.DRAFT


def test_only_progress_changed_compares_everything_but_the_status() -> None:
    one = (action("Book GP"),)
    assert only_progress_changed(one, (one[0].model_copy(update={"status": ActionStatus.DONE}),))
    assert not only_progress_changed(one, (one[0].model_copy(update={"owner": None}),))
    assert not only_progress_changed(one, ())
