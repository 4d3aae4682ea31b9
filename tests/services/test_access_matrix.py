"""The access matrix, through the services, on every backend: each role, each permission, and
a person in scope, out of scope, restricted with access and restricted without.

For a permission about one person, the use case that needs it runs against each of the four
people: it must succeed exactly when the role holds the permission and the account reaches
the person (``domain/access.can_reach`` on the same data), and otherwise fail with
``PermissionDenied`` (no permission) or the "not on any caseload you can reach" refusal, worded
the same as a person who does not exist. Permissions not about one person run once. Reads
that hide parts of a record rather than refuse it are checked in test_record_visibility.py.
A new permission without an entry here fails ``test_every_permission_is_in_the_matrix``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from resettle.domain import clock
from resettle.domain.access import OutOfScope, Placement, can_reach
from resettle.domain.caseload import CaseloadFilters, CaseloadQuery
from resettle.domain.errors import DomainError
from resettle.domain.permissions import (
    ROLE_PERMISSIONS,
    Permission,
    PermissionDenied,
    has_permission,
)
from resettle.domain.staff import Actor, Role
from resettle.services import (
    allocation,
    authentication,
    case_access,
    case_status,
    caseload,
    catalogue,
    evidence_pack,
    people,
    registration,
    staff,
)
from resettle.services.case_record import aftercare, essentials, needs, notes, read, risk
from resettle.services.demo.loader import load_demo
from resettle.services.plans import edit, printing
from resettle.services.plans import read as plan_read
from resettle.services.unit_of_work import UnitOfWork
from resettle.services.workspace import Workspace
from resettle.storage.errors import NotFound
from resettle.storage.tables.access import ALLOWED, PersonAccessRow
from resettle.storage.tables.staff import EstablishmentRow
from tests.factories import another_person, housing_referral, staff_member

SITUATIONS = ("in_scope", "out_of_scope", "restricted_with_access", "restricted_without")
TODAY = clock.today()
ACTION = {
    "pathway": "accommodation",
    "what": "Confirm the hostel bed",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}


@dataclass
class World:
    workspace: Workspace
    actors: dict[Role, Actor]
    people: dict[str, int]
    data: dict[str, dict[str, Any]]
    plan_revisions: dict[str, int]
    officer_id: int
    other_staff_id: int
    referral: dict[str, Any]

    def uow(self) -> UnitOfWork:
        return self.workspace.uow()


@pytest.fixture
def world(workspace: Workspace) -> World:
    """Team TEST (the signed-in officer's) and team OTHER; prisons HMP Leeds and HMP Bristol.
    Every person is made by the test officer with a plan, then placed: ``out_of_scope`` on
    the other team in the other prison, the two restricted ones restricted, with every
    account named on ``restricted_with_access``'s list and nobody on the other's."""
    manager = staff_member(workspace, "m.manager", Role.MANAGER)  # of team TEST
    with workspace.uow() as uow:
        leeds = uow.staff.add_establishment(EstablishmentRow(code="LEI", name="HMP Leeds")).id
        bristol = uow.staff.add_establishment(EstablishmentRow(code="BLI", name="HMP Bristol")).id
        uow.staff.add_managed_establishment(manager.id, leeds)
        other_team = uow.staff.add_team("OTHER", "Other team").id
        uow.commit()
    actors = {
        Role.OFFICER: workspace.actor,
        Role.PRISON_STAFF: staff_member(workspace, "m.prison", Role.PRISON_STAFF, leeds),
        Role.MANAGER: manager,
        Role.ADMIN: staff_member(workspace, "m.admin", Role.ADMIN),
    }
    people_ids, data, plans = {}, {}, {}
    for n, situation in enumerate(SITUATIONS, start=1):
        person = another_person(n, establishment_id=leeds)
        detail = registration.register_person(workspace.actor, workspace.uow(), person)
        people_ids[situation] = detail.id
        data[situation] = person
        plans[situation] = edit.save_plan(
            workspace.actor, workspace.uow(), detail.id, None, [ACTION]
        ).revision
    with workspace.uow() as uow:
        out = uow.people.get(people_ids["out_of_scope"])
        assert out is not None
        out.team_id, out.establishment_id = other_team, bristol
        for situation in ("restricted_with_access", "restricted_without"):
            row = uow.people.get(people_ids[situation])
            assert row is not None
            row.restricted = True
        uow.session.add_all(
            PersonAccessRow(
                person_id=people_ids["restricted_with_access"], staff_id=actor.id, kind=ALLOWED
            )
            for actor in actors.values()
        )
        uow.commit()
    colleague = staff_member(workspace, "m.colleague")
    referral = housing_referral(workspace)
    return World(
        workspace, actors, people_ids, data, plans, workspace.actor.id, colleague.id, referral
    )


def _revision(world: World, person_id: int, part: str) -> int:
    with world.uow() as uow:
        return uow.case.part_revisions(person_id).get(part, 0)


def _version(world: World, person_id: int) -> int:
    with world.uow() as uow:
        row = uow.people.get(person_id)
        return row.version if row is not None else 1


PersonUseCase = Callable[[World, Actor, str], Any]

PERSON_USE_CASES: dict[Permission, PersonUseCase] = {
    Permission.VIEW_PERSON: lambda w, a, s: read.open_case_record(a, w.uow(), w.people[s]),
    Permission.EDIT_PERSON: lambda w, a, s: people.update_person(
        a, w.uow(), w.people[s], _version(w, w.people[s]), {**w.data[s], "gender": "Woman"}
    ),
    Permission.EDIT_NEEDS: lambda w, a, s: needs.save_pathway_need(
        a,
        w.uow(),
        w.people[s],
        _revision(w, w.people[s], "needs"),
        {"pathway": "accommodation", "status": "support_required", "severity": "high"},
    ),
    Permission.EDIT_ESSENTIALS: lambda w, a, s: essentials.save_essential(
        a,
        w.uow(),
        w.people[s],
        _revision(w, w.people[s], "essentials"),
        {"kind": "gp_registration", "status": "to_do"},
    ),
    Permission.EDIT_REFERRALS: lambda w, a, s: aftercare.add_referral(
        a, w.uow(), w.people[s], w.referral
    ),
    Permission.ADD_NOTES: lambda w, a, s: notes.add_case_note(
        a, w.uow(), w.people[s], {"text": "Met today."}
    ),
    Permission.EDIT_RISK: lambda w, a, s: risk.set_case_flags(
        a, w.uow(), w.people[s], _revision(w, w.people[s], "risk"), []
    ),
    Permission.EDIT_PLAN: lambda w, a, s: edit.save_plan(
        a, w.uow(), w.people[s], w.plan_revisions[s], [ACTION, {**ACTION, "what": "Bank"}]
    ),
    Permission.AGREE_PLAN: lambda w, a, s: edit.agree(
        a, w.uow(), w.people[s], w.plan_revisions[s], {"agreed_by_person": False}
    ),
    Permission.PRINT_PLAN: lambda w, a, s: printing.plan_pdf(a, w.uow(), w.people[s]),
    Permission.CLOSE_CASE: lambda w, a, s: case_status.close_case(
        a, w.uow(), w.people[s], {"reason": "transferred_out"}
    ),
    Permission.ALLOCATE_CASES: lambda w, a, s: allocation.allocate_people(
        a, w.uow(), [w.people[s]], w.other_staff_id
    ),
    Permission.RESTRICT_ACCESS: lambda w, a, s: case_access.person_access(a, w.uow(), w.people[s]),
}

OtherUseCase = Callable[[World, Actor], Any]

OTHER_USE_CASES: dict[Permission, OtherUseCase] = {
    Permission.VIEW_CASELOAD: lambda w, a: caseload.count_caseload(a, w.uow(), CaseloadQuery()),
    Permission.REGISTER_PERSON: lambda w, a: registration.register_person(
        a, w.uow(), another_person(90)
    ),
    Permission.LIST_STAFF: lambda w, a: staff.list_staff(a, w.uow()),
    Permission.MANAGE_CATALOGUE: lambda w, a: catalogue.add_catalogue_entry(
        a, w.uow(), {"code": "matrix_need", "pathway": "health", "label": "Matrix need"}
    ),
    Permission.GRANT_COVER: lambda w, a: case_access.list_cover(a, w.uow()),
    Permission.MANAGE_EVIDENCE: lambda w, a: evidence_pack.import_evidence_pack(
        a, w.uow(), b"{not a pack"
    ),
    Permission.LOAD_DEMO_DATA: lambda w, a: load_demo(a, w.uow(), 0),
    Permission.MANAGE_ACCOUNTS: lambda w, a: authentication.reset_password(
        a, w.uow(), w.other_staff_id, "short"
    ),
}

#: Permissions that hide part of a record instead of refusing it (test_record_visibility.py).
READ_FILTERS = {
    Permission.VIEW_RISK_DETAILS,
    Permission.VIEW_NOTES,
    Permission.VIEW_PLAN_OFFICER_TEXT,
}
#: Permissions whose use cases arrive with the administration window's services.
LATER = {Permission.MANAGE_TEAMS}


def test_every_permission_is_in_the_matrix() -> None:
    covered = set(PERSON_USE_CASES) | set(OTHER_USE_CASES) | READ_FILTERS | LATER
    assert covered == set(Permission)


def _reaches(world: World, role: Role, situation: str) -> bool:
    actor = world.actors[role]
    with world.uow() as uow:
        scope = uow.access.scope_of(actor.id, uow.access.roles_of(actor.id), TODAY)
        placement = uow.access.placement(world.people[situation])
    assert isinstance(placement, Placement)
    return can_reach(scope, placement)


def test_the_situations_are_what_they_say(world: World) -> None:
    reached = {
        (role, situation): _reaches(world, role, situation)
        for role in Role
        for situation in SITUATIONS
    }
    for role in (Role.OFFICER, Role.PRISON_STAFF, Role.MANAGER):
        assert reached[role, "in_scope"] and reached[role, "restricted_with_access"]
        assert not reached[role, "out_of_scope"] and not reached[role, "restricted_without"]
    assert not any(reached[Role.ADMIN, situation] for situation in SITUATIONS)


def _outcome(run: Callable[[], Any]) -> str:
    try:
        run()
    except PermissionDenied:
        return "no permission"
    except (OutOfScope, NotFound) as error:
        assert str(error) == str(OutOfScope()), "an unreachable person reads as not existing"
        return "not reached"
    return "done"


def _no_world(workspace: Workspace, role: Role) -> World:
    """For a role without the permission: the refusal comes before anything is read, so
    the people need not exist (building the world for every cell would double the time)."""
    actor = (
        staff_member(workspace, f"m.{role.value}", role)
        if role is not Role.OFFICER
        else (workspace.actor)
    )
    return World(
        workspace,
        {role: actor},
        {s: 9_000 + n for n, s in enumerate(SITUATIONS)},
        {s: another_person(n) for n, s in enumerate(SITUATIONS, start=1)},
        dict.fromkeys(SITUATIONS, 1),
        workspace.actor.id,
        workspace.actor.id,
        {},
    )


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
@pytest.mark.parametrize("permission", list(PERSON_USE_CASES), ids=lambda p: p.value)
def test_person_use_cases_follow_the_permission_table_and_the_reach(
    request: pytest.FixtureRequest, workspace: Workspace, role: Role, permission: Permission
) -> None:
    allowed = permission in ROLE_PERMISSIONS[role]
    world = request.getfixturevalue("world") if allowed else _no_world(workspace, role)
    actor = world.actors[role]
    use_case = PERSON_USE_CASES[permission]
    for situation in SITUATIONS:
        if not has_permission(actor, permission):
            expected = "no permission"
        elif _reaches(world, role, situation):
            expected = "done"
        else:
            expected = "not reached"
        outcome = _outcome(lambda: use_case(world, actor, situation))  # noqa: B023
        assert outcome == expected, (role.value, permission.value, situation)


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
@pytest.mark.parametrize("permission", list(OTHER_USE_CASES), ids=lambda p: p.value)
def test_other_use_cases_follow_the_permission_table(
    world: World, role: Role, permission: Permission
) -> None:
    actor = world.actors[role]
    try:
        OTHER_USE_CASES[permission](world, actor)
    except PermissionDenied:
        assert not has_permission(actor, permission), (role.value, permission.value)
    except DomainError:
        # Allowed, then refused for what was asked (an invalid pack, a weak password, ...).
        assert has_permission(actor, permission), (role.value, permission.value)
    else:
        assert has_permission(actor, permission), (role.value, permission.value)


@pytest.mark.parametrize("role", [Role.OFFICER, Role.PRISON_STAFF, Role.MANAGER])
def test_the_caseload_and_a_search_show_exactly_the_people_reached(
    world: World, role: Role
) -> None:
    actor = world.actors[role]
    expected = {world.people[s] for s in SITUATIONS if _reaches(world, role, s)}
    query = CaseloadQuery(filters=CaseloadFilters(include_closed=True), limit=100)
    shown = {row.id for row in caseload.list_caseload(actor, world.uow(), query).rows}
    assert shown == expected
    assert caseload.count_caseload(actor, world.uow(), query) == len(expected)
    for situation in SITUATIONS:
        prison_number = world.data[situation]["prison_number"]
        searched = caseload.list_caseload(
            actor, world.uow(), query.model_copy(update={"search": prison_number})
        )
        found = {row.id for row in searched.rows}
        assert found == ({world.people[situation]} & expected), situation
        if world.people[situation] not in expected:
            with pytest.raises(NotFound, match="No person with prison number"):
                people.find_person_id(actor, world.uow(), prison_number)


def test_an_administrator_has_no_caseload(world: World) -> None:
    admin = world.actors[Role.ADMIN]
    with pytest.raises(PermissionDenied):
        caseload.list_caseload(admin, world.uow(), CaseloadQuery())
    with pytest.raises(PermissionDenied):
        plan_read.get_plan(admin, world.uow(), world.people["in_scope"])


def test_cover_lets_an_officer_of_another_team_reach_its_people_until_it_ends(
    world: World,
) -> None:
    manager = world.actors[Role.MANAGER]
    with world.uow() as uow:
        other_team = uow.staff.add_team("THIRD", "Third team").id
        uow.commit()
    outsider = staff_member(world.workspace, "o.outsider")
    with world.uow() as uow:  # move the outsider to the third team
        uow.session.execute(
            text("UPDATE team_members SET team_id = :t WHERE staff_id = :s"),
            {"t": other_team, "s": outsider.id},
        )
        uow.commit()
    person = world.people["in_scope"]
    with pytest.raises(OutOfScope):
        read.open_case_record(outsider, world.uow(), person)
    with world.uow() as uow:
        team = uow.access.team_for_officer(world.officer_id, keep=None)
    assert team is not None
    cover = case_access.grant_cover(
        manager, world.uow(), outsider.id, team, TODAY + dt.timedelta(days=3), "Leave cover"
    )
    read.open_case_record(outsider, world.uow(), person)
    case_access.end_cover(manager, world.uow(), cover)
    with pytest.raises(OutOfScope):
        read.open_case_record(outsider, world.uow(), person)
