"""Editing the programme catalogue: managers and administrators, audited; everyone reads."""

from __future__ import annotations

from typing import Any

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Actor, Role
from resettle.services.programme_catalogue import (
    add_programme,
    change_programme,
    list_programmes,
    set_programme_active,
)
from resettle.services.workspace import Workspace
from tests.accounts import seed_account
from tests.domain.test_programme_catalogue import programme_data


def _actor(workspace: Workspace, role: Role) -> Actor:
    username = f"programme.{role.value}"
    staff_id = seed_account(workspace.database, username, (role,))
    return Actor(id=staff_id, username=username, display_name=username, role=role)


def _audit(workspace: Workspace, action: str) -> list[tuple[int | None, int | None, Any]]:
    """(actor id, person id, details) of each row with ``action``."""
    with workspace.uow() as uow:
        return [
            (row.actor_id, row.person_id, row.details)
            for row in uow.audit.latest(50)
            if row.action == action
        ]


def test_every_role_reads_the_seeded_catalogue(workspace: Workspace) -> None:
    for role in Role:
        catalogue = list_programmes(_actor(workspace, role), workspace.uow())
        assert len(catalogue.programmes) == 8
        assert catalogue.require("BC-HIGH").weeks_to_complete is not None


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_managers_and_administrators_edit_and_it_is_audited(
    workspace: Workspace, role: Role
) -> None:
    actor = _actor(workspace, role)
    added = add_programme(actor, workspace.uow(), programme_data())
    assert added.code == "TEST-PROG"
    changed = change_programme(
        actor, workspace.uow(), "TEST-PROG", programme_data(name="Renamed", intensity="high")
    )
    assert changed.name == "Renamed"
    set_programme_active(actor, workspace.uow(), "TEST-PROG", False)
    catalogue = list_programmes(actor, workspace.uow())
    assert catalogue.require("TEST-PROG").active is False
    assert catalogue.require("TEST-PROG").name == "Renamed"
    assert len(catalogue.programmes) == 9  # retired, never deleted
    set_programme_active(actor, workspace.uow(), "TEST-PROG", True)
    assert _audit(workspace, "programme.changed") == [
        (actor.id, None, {"code": "TEST-PROG", "fields": ["intensity", "name"]})
    ]
    for action in ("programme.added", "programme.retired", "programme.restored"):
        assert _audit(workspace, action) == [(actor.id, None, {"code": "TEST-PROG"})]


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PRISON_STAFF])
def test_other_roles_may_not_edit(workspace: Workspace, role: Role) -> None:
    actor = _actor(workspace, role)
    with pytest.raises(PermissionDenied, match="may not change the programme catalogue"):
        add_programme(actor, workspace.uow(), programme_data())
    with pytest.raises(PermissionDenied):
        set_programme_active(actor, workspace.uow(), "BC-HIGH", False)
    with pytest.raises(PermissionDenied):
        change_programme(actor, workspace.uow(), "BC-HIGH", programme_data(code="BC-HIGH"))
    assert _audit(workspace, "programme.added") == []


@pytest.mark.parametrize(
    ("code", "data", "field"),
    [
        (None, programme_data(code="BC-HIGH"), "code"),  # a code in use
        (
            None,
            programme_data(evidence_intervention_id="not-in-the-pack"),
            "evidence_intervention_id",
        ),
        (None, programme_data(criminogenic_needs=["housing"]), "criminogenic_needs"),
        (None, programme_data(setting="moon"), "setting"),
        ("NO-SUCH", programme_data(code="NO-SUCH"), "code"),
        ("BC-HIGH", programme_data(code="BC-OTHER"), "code"),  # codes never change
    ],
)
def test_bad_edits_are_refused_naming_the_field_and_nothing_is_saved(
    workspace: Workspace, code: str | None, data: dict[str, Any], field: str
) -> None:
    manager = _actor(workspace, Role.MANAGER)
    before = list_programmes(manager, workspace.uow())
    with pytest.raises(ValidationFailed) as caught:
        if code is None:
            add_programme(manager, workspace.uow(), data)
        else:
            change_programme(manager, workspace.uow(), code, data)
    assert caught.value.problems[0].field.split(".")[0] == field
    assert list_programmes(manager, workspace.uow()) == before
    with workspace.uow() as uow:
        assert not [r for r in uow.audit.latest(50) if r.action.startswith("programme.")]


def test_an_unchanged_definition_writes_nothing(workspace: Workspace) -> None:
    manager = _actor(workspace, Role.MANAGER)
    bc = list_programmes(manager, workspace.uow()).require("BC-MOD")
    assert change_programme(manager, workspace.uow(), "BC-MOD", bc) == bc
    assert _audit(workspace, "programme.changed") == []
