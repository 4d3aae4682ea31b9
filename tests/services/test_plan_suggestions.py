from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain import clock
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Role
from resettle.services.people import register_person
from resettle.services.plans import edit
from resettle.services.plans.suggestions import suggest_plan_actions
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
    suggestions = suggest_plan_actions(workspace.actor, workspace.uow(), person_id)
    assert "first_night_address" in _essential_kinds(suggestions)
    assert all(s.owner is not None and s.due is not None for s in suggestions)


def test_leaves_out_what_the_plan_already_has(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    first = suggest_plan_actions(workspace.actor, workspace.uow(), person_id)
    taken = [a for a in first if a.source and a.source.essential_kind == "first_night_address"]
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, taken)
    again = suggest_plan_actions(workspace.actor, workspace.uow(), person_id)
    assert "first_night_address" not in _essential_kinds(again)
    assert len(again) == len(first) - 1


def test_needs_permission_to_edit_plans(workspace, person_id) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        suggest_plan_actions(actor(Role.MANAGER), workspace.uow(), person_id)
