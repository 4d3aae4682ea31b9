from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain import clock
from resettle.domain.essentials import EssentialKind
from resettle.domain.pathways import Pathway
from resettle.domain.permissions import PermissionDenied
from resettle.domain.plan import ActionOwner, ActionSource, DueDate, PlanAction
from resettle.domain.record_parts import RecordPart
from resettle.domain.staff import Role
from resettle.evidence.codes import Setting
from resettle.services.case_record import needs
from resettle.services.case_record.essentials import save_essential
from resettle.services.case_record.read import open_case_record
from resettle.services.people import register_person
from resettle.services.plans import edit
from resettle.services.plans.prefill import app_wording, essential_action, recommendation_action
from resettle.services.plans.suggestions import suggest_plan_actions
from resettle.services.programme_history import record_programme_entry
from resettle.services.recommendations import accept_recommendation
from resettle.services.workspace import Workspace
from tests.factories import actor, person_data

TODAY = clock.today()


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    detail = register_person(
        workspace.actor,
        workspace.uow(),
        person_data(
            release_date=TODAY + dt.timedelta(days=30),
            licence_end_date=TODAY + dt.timedelta(days=400),
            sentence_date=dt.date(2024, 2, 1),
        ),
    )
    return detail.id


def _essential_kinds(actions) -> set[str]:  # type: ignore[no-untyped-def]
    return {a.source.essential_kind for a in actions if a.source and a.source.essential_kind}


def test_suggests_every_open_essential_for_a_person_without_a_plan(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    suggestions = suggest_plan_actions(workspace.actor, workspace.uow(), person_id).actions
    assert "first_night_address" in _essential_kinds(suggestions)
    assert all(s.owner is not None and s.due is not None for s in suggestions)


def test_leaves_out_what_the_plan_already_has(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    first = suggest_plan_actions(workspace.actor, workspace.uow(), person_id).actions
    taken = [a for a in first if a.source and a.source.essential_kind == "first_night_address"]
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, taken)
    again = suggest_plan_actions(workspace.actor, workspace.uow(), person_id).actions
    assert "first_night_address" not in _essential_kinds(again)
    assert len(again) == len(first) - 1


def test_needs_permission_to_edit_plans(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        suggest_plan_actions(actor(Role.MANAGER), workspace.uow(), person_id)


def _add_support_need(workspace: Workspace, person_id: int, code: str) -> None:
    record = open_case_record(workspace.actor, workspace.uow(), person_id)
    revision = record.revision(RecordPart.NEEDS)
    needs.add_support_need(workspace.actor, workspace.uow(), person_id, revision, {"code": code})


def _need_ids(actions) -> set[int]:  # type: ignore[no-untyped-def]
    return {a.source.support_need_id for a in actions if a.source and a.source.support_need_id}


def test_a_support_need_an_open_essential_covers_is_not_suggested_twice(
    workspace: Workspace, person_id: int
) -> None:
    for code in ("apply_for_id", "gp_registration", "prescriptions_on_release", "cv_support"):
        _add_support_need(workspace, person_id, code)
    found = suggest_plan_actions(workspace.actor, workspace.uow(), person_id)
    whats = [a.what for a in found.actions]
    assert "Get an ID document" in whats and "Apply for ID documents" not in whats
    assert "Register with a GP" in whats and "Help to register with a GP surgery" not in whats
    assert "Support to create or update a CV" in whats  # covers no essential
    covered = {c.support_need: c.essential_action for c in found.covered}
    assert covered == {
        "Apply for ID documents": "Get an ID document",
        "Help to register with a GP surgery": "Register with a GP",
        "Arrange for prescriptions to be available on day of release": (
            "Take home a supply of your medication"
        ),
    }


def test_the_plans_own_wording_of_the_essential_is_named_and_nothing_is_added(
    workspace: Workspace, person_id: int
) -> None:
    _add_support_need(workspace, person_id, "apply_for_id")
    first = suggest_plan_actions(workspace.actor, workspace.uow(), person_id).actions
    id_action = next(a for a in first if a.source and a.source.essential_kind == "id_document")
    reworded = id_action.model_copy(update={"what": "Birth certificate from the GRO"})
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [reworded])
    again = suggest_plan_actions(workspace.actor, workspace.uow(), person_id)
    assert "id_document" not in _essential_kinds(again.actions)
    assert not _need_ids(again.actions)
    assert [(c.support_need, c.essential_action) for c in again.covered] == [
        ("Apply for ID documents", "Birth certificate from the GRO")
    ]


def test_a_support_need_is_suggested_when_its_essential_is_not_needed_and_not_planned(
    workspace: Workspace, person_id: int
) -> None:
    _add_support_need(workspace, person_id, "open_bank_account")
    record = open_case_record(workspace.actor, workspace.uow(), person_id)
    save_essential(
        workspace.actor,
        workspace.uow(),
        person_id,
        record.revision(RecordPart.ESSENTIALS),
        {"kind": "bank_account", "status": "not_needed"},
    )
    found = suggest_plan_actions(workspace.actor, workspace.uow(), person_id)
    assert "bank_account" not in _essential_kinds(found.actions)
    assert "Open a bank account" in [a.what for a in found.actions]
    assert not found.covered


def test_an_essentials_action_marked_with_its_recommendation_is_not_suggested_again(
    workspace: Workspace, person_id: int
) -> None:
    first = suggest_plan_actions(workspace.actor, workspace.uow(), person_id).actions
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, list(first))
    accept_recommendation(workspace.actor, workspace.uow(), person_id, "first-night-accommodation")
    again = suggest_plan_actions(workspace.actor, workspace.uow(), person_id)
    assert not again.actions and not again.covered


def test_accepting_an_essentials_recommendation_before_its_action_is_planned_adds_that_action(
    workspace: Workspace, person_id: int
) -> None:
    """The mirror of the case above: with the plan holding nothing for the first night yet,
    "Add to plan" adds the essential's own action marked as the recommendation, not a "Refer
    to" action that the essential's suggestion would later sit beside."""
    first = suggest_plan_actions(workspace.actor, workspace.uow(), person_id).actions
    others = [a for a in first if a.source.essential_kind != "first_night_address"]  # type: ignore[union-attr]
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, others)
    view = accept_recommendation(
        workspace.actor, workspace.uow(), person_id, "first-night-accommodation"
    ).plan
    added = [
        a
        for a in view.current.actions
        if a.source and a.source.essential_kind == "first_night_address"
    ]
    assert [(a.what, a.source.recommendation_intervention_id) for a in added] == [  # type: ignore[union-attr]
        ("Confirm where you will sleep on the first night", "first-night-accommodation")
    ]
    assert not [a for a in view.current.actions if a.what.startswith("Refer to")]
    again = suggest_plan_actions(workspace.actor, workspace.uow(), person_id)
    assert not again.actions and not again.covered


def test_suggestions_for_a_short_sentence_are_never_due_before_it_began(
    workspace: Workspace,
) -> None:
    """Sentenced five days ago, released in ten: "four weeks before release" falls before the
    sentence began, and the plan refused the suggested actions on Save."""
    began = TODAY - dt.timedelta(days=5)
    detail = register_person(
        workspace.actor,
        workspace.uow(),
        person_data(
            sentence_date=began,
            release_date=TODAY + dt.timedelta(days=10),
            licence_end_date=TODAY + dt.timedelta(days=300),
        ),
    )
    found = suggest_plan_actions(workspace.actor, workspace.uow(), detail.id).actions
    assert found
    view = edit.save_plan(workspace.actor, workspace.uow(), detail.id, None, list(found))
    assert view.current is not None
    first_night = next(
        a
        for a in view.current.actions
        if a.source and a.source.essential_kind == "first_night_address"
    )
    assert first_night.due is not None and first_night.due.on == TODAY  # the later of the two
    assert began < TODAY


def test_with_the_support_need_already_planned_its_essential_is_not_suggested_beside_it(
    workspace: Workspace, person_id: int
) -> None:
    """Second trial: "Apply for ID documents" was in the plan, and "Add suggestions" offered
    "Get an ID document" ticked; both ended up in the plan."""
    _add_support_need(workspace, person_id, "apply_for_id")
    record = open_case_record(workspace.actor, workspace.uow(), person_id)
    need_id = next(n.id for view in record.needs for n in view.support_needs)
    planned = PlanAction(
        pathway=Pathway.FINANCE_ID,
        what="Apply for ID documents",
        owner=ActionOwner.PROBATION,
        due=DueDate.relative(-14),
        source=ActionSource(support_need_id=need_id),
    )
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [planned])
    again = suggest_plan_actions(workspace.actor, workspace.uow(), person_id).actions
    whats = [a.what for a in again]
    assert "Get an ID document" not in whats
    assert "Register with a GP" in whats  # other essentials are still suggested


def test_a_suggestion_whose_usual_day_has_passed_is_due_today(workspace: Workspace) -> None:
    """Review: released in ten days, "Get an ID document" (four weeks before release) was
    suggested 18 days in the past and showed overdue on arrival; "Add to plan" made the same
    action due today. One rule for both."""
    detail = register_person(
        workspace.actor,
        workspace.uow(),
        person_data(
            sentence_date=dt.date(2024, 2, 1),
            release_date=TODAY + dt.timedelta(days=10),
            licence_end_date=TODAY + dt.timedelta(days=300),
        ),
    )
    found = suggest_plan_actions(workspace.actor, workspace.uow(), detail.id).actions
    by_what = {a.what: a.due for a in found}
    id_due = by_what["Get an ID document"]
    assert id_due is not None and id_due.on == TODAY
    travel = by_what["Arrange travel on release day"]  # three days before release: not passed
    assert travel is not None and travel.offset_days == -3


def test_the_apps_wording_is_known_for_essentials_and_recommendations_only() -> None:
    made = recommendation_action(
        "housing-first", "Housing First", Pathway.ACCOMMODATION, Setting.COMMUNITY
    )
    assert app_wording(None, "Housing First") == made.what
    assert app_wording("travel", None) == essential_action(EssentialKind.TRAVEL).what
    assert app_wording("travel", "Housing First") == essential_action(EssentialKind.TRAVEL).what
    assert app_wording("not_an_essential", None) is None
    assert app_wording(None, None) is None


def test_the_programme_history_suggests_its_follow_on_once(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    """A completed offending-behaviour programme suggests booster sessions after release, one
    in progress at release suggests carrying it on in the community (both probation's, due
    after release); a completed course of another kind (education, arts) suggests nothing;
    once in the plan, neither is suggested again."""
    me, uow = workspace.actor, workspace.uow
    done = {
        "programme_code": "BC-HIGH",
        "programme_name": "Building Choices (high intensity)",
        "setting": "custody",
        "started_on": TODAY - dt.timedelta(days=300),
        "ended_on": TODAY - dt.timedelta(days=20),
        "outcome": "complete",
        "evidence_intervention_id": "accredited-cbt-custody-high",
    }
    record_programme_entry(me, uow(), person_id, done)
    record_programme_entry(
        me,
        uow(),
        person_id,
        {
            **done,
            "programme_name": "Education",
            "evidence_intervention_id": "correctional-education",
        },
    )
    going_on = {
        **done,
        "programme_code": "KAIZEN",
        "programme_name": "Kaizen",
        "ended_on": None,
        "outcome": "in_progress",
        "evidence_intervention_id": None,
        "expected_end_on": TODAY + dt.timedelta(days=90),  # release is in 30 days
    }
    record_programme_entry(me, uow(), person_id, going_on)
    first = suggest_plan_actions(me, uow(), person_id).actions
    follow_ons = {a.what: a for a in first if a.source is None}
    assert set(follow_ons) == {
        "Booster / maintenance sessions after release: Building Choices (high intensity)",
        "Continue Kaizen in the community",
    }
    for action in follow_ons.values():
        assert action.owner is ActionOwner.PROBATION
        assert action.due is not None and action.due.offset_days is not None
        assert action.due.offset_days > 0
        assert action.pathway is Pathway.ATTITUDES_THINKING_BEHAVIOUR
    edit.save_plan(me, uow(), person_id, None, list(follow_ons.values()))
    again = suggest_plan_actions(me, uow(), person_id).actions
    assert not {a.what for a in again} & set(follow_ons)
