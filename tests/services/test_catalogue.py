from __future__ import annotations

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.staff import Actor, Role
from resettle.services.case_record.needs import add_support_need
from resettle.services.catalogue import (
    add_catalogue_entry,
    list_catalogue,
    relabel_catalogue_entry,
    set_catalogue_entry_active,
)
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from tests.catalogue_words import PLAIN
from tests.factories import person_data

ENTRY = {
    "code": "veterans_housing",
    "pathway": "accommodation",
    "label": "Veterans' housing",
    **PLAIN,
}


def _manager(workspace: Workspace) -> Actor:
    return Actor(id=workspace.actor.id, username="m", display_name="M", role=Role.MANAGER)


def test_manager_edits_the_catalogue_and_it_is_audited(workspace: Workspace) -> None:
    manager = _manager(workspace)
    add_catalogue_entry(manager, workspace.uow(), ENTRY)
    with pytest.raises(ValidationFailed) as caught:
        add_catalogue_entry(manager, workspace.uow(), {**ENTRY, "label": "Again"})
    assert caught.value.problems[0].field == "code"
    relabel_catalogue_entry(manager, workspace.uow(), "veterans_housing", "Housing for veterans")
    entry = list_catalogue(workspace.actor, workspace.uow()).require("veterans_housing")
    assert entry.label == "Housing for veterans" and entry.active
    with workspace.uow() as uow:
        assert uow.audit.count("catalogue.added") == 1
        assert uow.audit.count("catalogue.relabelled") == 1


def test_retired_entry_cannot_be_chosen_but_history_stays(workspace: Workspace) -> None:
    manager = _manager(workspace)
    add_catalogue_entry(manager, workspace.uow(), ENTRY)
    person = register_person(workspace.actor, workspace.uow(), person_data())
    version = add_support_need(
        workspace.actor, workspace.uow(), person.id, 0, {"code": "veterans_housing"}
    )
    set_catalogue_entry_active(manager, workspace.uow(), "veterans_housing", False)
    with pytest.raises(ValidationFailed) as caught:
        add_support_need(
            workspace.actor, workspace.uow(), person.id, version, {"code": "veterans_housing"}
        )
    assert "no longer offered" in str(caught.value)
    entry = list_catalogue(workspace.actor, workspace.uow()).require("veterans_housing")
    assert not entry.active


def test_officer_cannot_edit_the_catalogue(workspace: Workspace) -> None:
    with pytest.raises(PermissionDenied):
        add_catalogue_entry(workspace.actor, workspace.uow(), ENTRY)
