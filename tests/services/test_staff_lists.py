"""Staff and establishment names (``services/staff.py``): every signed-in role may list them
(allocation, key workers, filters); an account no longer active, or a role the permission table
does not name, is refused."""

from __future__ import annotations

import pytest

from resettle.domain.permissions import InactiveAccount, PermissionDenied
from resettle.domain.staff import Actor, Role
from resettle.services.staff import list_establishments, list_staff, list_workplaces
from resettle.services.workspace import Workspace
from tests.factories import establishment, staff_member


@pytest.mark.parametrize("role", list(Role))
def test_every_signed_in_role_lists_staff_and_establishments(
    workspace: Workspace, role: Role
) -> None:
    prison_id = establishment(workspace)
    member = staff_member(workspace, f"{role.value}.lists", role, establishment_id=prison_id)
    officers = list_staff(member, workspace.uow(), Role.OFFICER)
    assert officers and {o.role for o in officers} == {Role.OFFICER}
    assert member.id in {s.id for s in list_staff(member, workspace.uow())}
    assert [e.name for e in list_establishments(member, workspace.uow())] == ["HMP Leeds"]


def test_an_account_no_longer_active_is_refused(workspace: Workspace) -> None:
    member = staff_member(workspace, "gone.officer")
    with workspace.uow() as uow:
        row = uow.staff.get(member.id)
        assert row is not None
        row.active = False
        uow.commit()
    with pytest.raises(InactiveAccount):
        list_staff(member, workspace.uow())
    with pytest.raises(InactiveAccount):
        list_establishments(member, workspace.uow())


def test_an_account_that_is_not_stored_is_refused(workspace: Workspace) -> None:
    stranger = Actor(id=987654, username="nobody", display_name="Nobody", role=Role.MANAGER)
    with pytest.raises(InactiveAccount):
        list_staff(stranger, workspace.uow())


def test_a_role_the_permission_table_does_not_name_is_refused(workspace: Workspace) -> None:
    member = staff_member(workspace, "odd.role")
    unknown = Actor.model_construct(**(member.model_dump() | {"roles": frozenset({"visitor"})}))
    with pytest.raises(PermissionDenied, match="Unknown role accounts may not"):
        list_staff(unknown, workspace.uow())
    with pytest.raises(PermissionDenied):
        list_establishments(unknown, workspace.uow())


def test_workplaces_name_each_accounts_teams_and_establishments(workspace: Workspace) -> None:
    prison_id = establishment(workspace)
    officer = staff_member(workspace, "t.officer")  # on the test team
    prison = staff_member(workspace, "t.prison", Role.PRISON_STAFF, establishment_id=prison_id)
    admin = staff_member(workspace, "t.admin", Role.ADMIN)
    places = list_workplaces(officer, workspace.uow())
    assert places[officer.id] == ("Test team",)
    assert places[prison.id] == ("HMP Leeds",)
    assert admin.id not in places  # no team, no establishment
