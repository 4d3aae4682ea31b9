"""A plan action linked to an essential, support need or referral has one status: theirs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from resettle.domain.aftercare import ReferralStatus
from resettle.domain.errors import ValidationFailed
from resettle.domain.essentials import (
    EssentialKind,
    FirstNightAddress,
    IdDocument,
    IdDocumentType,
    check_done_date,
)
from resettle.domain.linked_actions import (
    LinkKind,
    SourceChange,
    SourceStatuses,
    linked_status,
    source_changes,
    ticked_essential,
    ticked_positions,
    with_linked_statuses,
)
from resettle.domain.needs import SupportNeedStatus
from resettle.domain.pathways import Pathway
from resettle.domain.plan import ActionOwner, ActionSource, ActionStatus, PlanAction

TODAY = date(2027, 3, 1)


def action(status: ActionStatus = ActionStatus.TO_DO, **source: object) -> PlanAction:
    return PlanAction(
        pathway=Pathway.FINANCE_ID,
        what="Get an ID document",
        owner=ActionOwner.PRISON,
        status=status,
        source=ActionSource(**source) if source else None,  # type: ignore[arg-type]
    )


SOURCES = SourceStatuses(
    essentials={EssentialKind.ID_DOCUMENT: ActionStatus.DONE},
    support_needs={7: SupportNeedStatus.MET, 8: SupportNeedStatus.DECLINED},
    referrals={3: ReferralStatus.ACCEPTED, 4: ReferralStatus.ATTENDED},
)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ({"essential_kind": "id_document"}, ActionStatus.DONE),
        ({"support_need_id": 7}, ActionStatus.DONE),
        ({"support_need_id": 8}, ActionStatus.NOT_NEEDED),
        ({"aftercare_referral_id": 3}, ActionStatus.IN_PROGRESS),
        ({"aftercare_referral_id": 4}, ActionStatus.DONE),
    ],
)
def test_a_linked_action_takes_the_status_of_what_it_is_linked_to(
    source: dict[str, object], expected: ActionStatus
) -> None:
    stale = action(ActionStatus.IN_PROGRESS, **source)
    assert linked_status(stale, SOURCES) is expected
    assert with_linked_statuses([stale], SOURCES)[0].status is expected


@pytest.mark.parametrize(
    "source",
    [
        {},
        {"recommendation_intervention_id": "cbt-1"},
        {"support_need_id": 99},  # a link to nothing the record holds
        {"essential_kind": "not_a_kind"},
    ],
)
def test_an_action_not_linked_keeps_its_own_status(source: dict[str, object]) -> None:
    own = action(ActionStatus.IN_PROGRESS, **source)
    assert linked_status(own, SOURCES) is None
    assert with_linked_statuses([own], SOURCES) == (own,)


def test_only_ticked_actions_change_their_source() -> None:
    actions = [
        action(ActionStatus.TO_DO, essential_kind="id_document"),  # stale: not ticked
        action(ActionStatus.IN_PROGRESS, support_need_id=7),  # ticked back from met
    ]
    changes = source_changes(actions, {1}, SOURCES)
    assert changes == [
        SourceChange(index=1, link=LinkKind.SUPPORT_NEED, key=7, status=ActionStatus.IN_PROGRESS)
    ]


def test_a_referral_move_the_workflow_forbids_is_refused_naming_the_action() -> None:
    actions = [action(ActionStatus.TO_DO, aftercare_referral_id=4)]  # attended -> referred
    with pytest.raises(ValidationFailed) as refused:
        source_changes(actions, {0}, SOURCES)
    assert [p.field for p in refused.value.problems] == ["actions[0].status"]
    assert "Aftercare tab" in refused.value.problems[0].message


def test_ticked_positions_are_the_linked_actions_whose_status_changed() -> None:
    saved = [
        action(ActionStatus.IN_PROGRESS, essential_kind="id_document"),
        action(ActionStatus.TO_DO, support_need_id=7),
        action(ActionStatus.TO_DO),
    ]
    edited = [
        action(ActionStatus.TO_DO),  # unlinked: its own status, no tick
        saved[1],
        saved[0].model_copy(update={"status": ActionStatus.DONE}),
    ]
    assert ticked_positions(saved, edited) == {2}


def _id_change(status: ActionStatus) -> SourceChange:
    return SourceChange(index=0, link=LinkKind.ESSENTIAL, key="id_document", status=status)


def test_ticking_an_essential_done_dates_it_today() -> None:
    due = IdDocument(
        status=ActionStatus.IN_PROGRESS,
        action_date=TODAY + timedelta(days=10),  # due date while open
        id_type=IdDocumentType.PASSPORT,
    )
    done = ticked_essential(due, _id_change(ActionStatus.DONE), TODAY, "Get an ID document")
    assert done.status is ActionStatus.DONE
    assert done.action_date == TODAY
    assert done.id_type is IdDocumentType.PASSPORT


def test_ticking_an_essential_done_after_its_due_date_dates_it_today_not_when_it_was_due() -> None:
    """User trial, 1 Dec 2026: ticked today, the Release day tab said done on the old due date."""
    overdue = IdDocument(
        status=ActionStatus.IN_PROGRESS,
        action_date=TODAY - timedelta(days=10),  # when it was due
        id_type=IdDocumentType.PASSPORT,
    )
    done = ticked_essential(overdue, _id_change(ActionStatus.DONE), TODAY, "Get an ID document")
    assert done.action_date == TODAY
    already = IdDocument(
        status=ActionStatus.DONE,
        action_date=TODAY - timedelta(days=3),
        id_type=IdDocumentType.PASSPORT,
    )
    kept = ticked_essential(already, _id_change(ActionStatus.DONE), TODAY, "Get an ID document")
    assert kept.action_date == TODAY - timedelta(days=3)


def test_ticking_an_essential_its_rules_refuse_names_the_action_and_the_missing_field() -> None:
    with pytest.raises(ValidationFailed) as refused:
        ticked_essential(FirstNightAddress(), _id_change(ActionStatus.DONE), TODAY, "Confirm")
    (problem,) = refused.value.problems
    assert problem.field == "actions[0].status"
    assert "Address: is required once it is done" in problem.message
    assert "Release day tab" in problem.message


def test_done_in_the_future_is_refused_naming_the_date() -> None:
    tomorrow = IdDocument(
        status=ActionStatus.DONE,
        action_date=TODAY + timedelta(days=1),
        id_type=IdDocumentType.PASSPORT,
    )
    with pytest.raises(ValidationFailed) as refused:
        check_done_date(tomorrow, TODAY)
    (problem,) = refused.value.problems
    assert (problem.field, problem.code) == ("action_date", "done_in_future")
    assert problem.message == "Date: cannot be in the future once it is done"
    check_done_date(tomorrow.model_copy(update={"action_date": TODAY}), TODAY)
    # while open, the date is when it is due, and may be in the future
    check_done_date(tomorrow.model_copy(update={"status": ActionStatus.IN_PROGRESS}), TODAY)
