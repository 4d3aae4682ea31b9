"""Granting cover says every problem at once, each naming its field, and saves nothing
(user trial: the problems came one at a time, each after the last was fixed)."""

from __future__ import annotations

import datetime as dt

import pytest

from resettle.domain import clock
from resettle.domain.errors import ValidationFailed
from resettle.domain.staff import Role
from resettle.services import case_access
from resettle.services.workspace import Workspace
from tests.accounts import workspace_as


def test_every_problem_is_said_together(workspace: Workspace) -> None:
    manager = workspace_as(workspace, Role.MANAGER)
    prison = workspace_as(workspace, Role.PRISON_STAFF)
    with pytest.raises(ValidationFailed) as raised:
        manager.run(
            case_access.grant_cover,
            prison.actor.id,  # not an officer
            987_654,  # no team the manager manages
            clock.today() - dt.timedelta(days=1),  # before cover starts (today)
            "   ",  # no reason
        )
    problems = {(p.field, p.code) for p in raised.value.problems}
    assert problems == {
        ("staff_id", "not_an_officer"),
        ("team_id", "not_managed"),
        ("ends_on", "before_start"),
        ("reason", "required"),
    }
    assert all(p.message.split(":")[0] for p in raised.value.problems)
    assert manager.run(case_access.list_cover) == []


def test_cover_for_an_officer_already_in_the_team_is_refused(workspace: Workspace) -> None:
    """User trial: cover was granted to an officer of the covered team itself, which changes
    nothing they reach and clutters the cover list."""
    manager = workspace_as(workspace, Role.MANAGER)
    team_id = manager.run(case_access.managed_teams)[0].id
    with pytest.raises(ValidationFailed) as raised:
        manager.run(
            case_access.grant_cover,
            workspace.actor.id,  # the test officer, a member of the test team
            team_id,
            clock.today() + dt.timedelta(days=7),
            "Leave cover",
        )
    assert [(p.field, p.code) for p in raised.value.problems] == [("staff_id", "already_in_team")]
    assert manager.run(case_access.list_cover) == []
