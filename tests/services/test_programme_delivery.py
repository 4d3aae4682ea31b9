"""What the Programmes view reads: the account's own establishments with the actions it may
take there, and one establishment's offerings, groups and the live sessions of a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.programmes.sessions import SESSION_ZONE
from resettle.domain.staff import Actor, Role
from resettle.services.programme_delivery import delivery_overview, delivery_places
from resettle.services.programme_offerings import create_group, create_offering
from resettle.services.programme_sessions import (
    generate_group_sessions,
    list_group_sessions,
    reschedule_session,
)
from resettle.services.workspace import Workspace
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import seed_account


def _actor(workspace: Workspace, username: str, role: Role, **places: Any) -> Actor:
    staff_id = seed_account(workspace.database, username, (role,), **places)
    return Actor(id=staff_id, username=username, display_name=username, role=role)


@pytest.fixture
def prisons(workspace: Workspace) -> dict[str, int]:
    with workspace.uow() as uow:
        found = {
            code: uow.staff.add_establishment(EstablishmentRow(code=code, name=name)).id
            for code, name in (("MDI", "HMP Moorland"), ("LEI", "HMP Leeds"), ("BLI", "HMP B"))
        }
        uow.commit()
    return found


def test_each_account_gets_its_own_places_and_what_it_may_do_there(
    workspace: Workspace, prisons: dict[str, int]
) -> None:
    manager = _actor(
        workspace,
        "d.manager",
        Role.MANAGER,
        managed_establishment_ids=[prisons["MDI"], prisons["LEI"]],
    )
    team = _actor(workspace, "d.team", Role.PROGRAMME_TEAM, establishment_id=prisons["LEI"])
    prison = _actor(workspace, "d.prison", Role.PRISON_STAFF, establishment_id=prisons["BLI"])
    admin = _actor(workspace, "d.admin", Role.ADMIN)

    def seen(actor: Actor) -> list[tuple[str, bool, bool]]:
        return [
            (p.code, p.may_set_up, p.runs_sessions) for p in delivery_places(actor, workspace.uow())
        ]

    assert seen(manager) == [("LEI", True, True), ("MDI", True, True)]  # by name
    assert seen(team) == [("LEI", False, True)]
    assert seen(prison) == [("BLI", False, False)]
    assert seen(admin) == []


def test_an_overview_holds_the_places_groups_and_the_live_sessions_of_the_day(
    workspace: Workspace, prisons: dict[str, int]
) -> None:
    manager = _actor(
        workspace, "d.manager", Role.MANAGER, managed_establishment_ids=[prisons["MDI"]]
    )
    team = _actor(workspace, "d.team", Role.PROGRAMME_TEAM, establishment_id=prisons["MDI"])
    offering = create_offering(
        manager, workspace.uow(), {"programme_code": "BC-MOD", "establishment_id": prisons["MDI"]}
    )
    group = create_group(
        manager,
        workspace.uow(),
        {
            "offering_id": offering.id,
            "code": "BC-1",
            "capacity": 12,
            "starts_on": "2027-01-04",
            "ends_on": "2027-04-16",  # 15 Mondays, two slots each: room for 26 sessions
            "schedule": [
                {"weekday": "monday", "starts_at": "09:30", "minutes": 150},
                {"weekday": "monday", "starts_at": "14:00", "minutes": 150},
            ],
        },
    )
    generate_group_sessions(team, workspace.uow(), group.id)
    # The afternoon session moves to Tuesday (module 2 stays after the morning's pre-group
    # session): Monday keeps the morning one only.
    moved = list_group_sessions(team, workspace.uow(), group.id)[1]
    reschedule_session(
        team, workspace.uow(), moved.id, dt.datetime(2027, 1, 5, 10, tzinfo=SESSION_ZONE)
    )
    overview = delivery_overview(team, workspace.uow(), prisons["MDI"], dt.date(2027, 1, 4))
    assert [o.programme_code for o in overview.listing.offerings] == ["BC-MOD"]
    assert [(g.code, g.session_count) for g in overview.listing.groups] == [("BC-1", 26)]
    assert [
        (s.group_code, s.session.starts_at.astimezone(SESSION_ZONE).hour)
        for s in overview.day_sessions
    ] == [("BC-1", 9)]
    assert overview.day_sessions[0].programme_name.startswith("Building Choices")
    tuesday = delivery_overview(team, workspace.uow(), prisons["MDI"], dt.date(2027, 1, 5))
    assert [s.session.replaces_session_id for s in tuesday.day_sessions] == [moved.id]
    assert (
        delivery_overview(team, workspace.uow(), prisons["MDI"], dt.date(2027, 6, 1)).day_sessions
        == ()
    )


def test_an_overview_of_someone_elses_establishment_is_refused(
    workspace: Workspace, prisons: dict[str, int]
) -> None:
    team = _actor(workspace, "d.team", Role.PROGRAMME_TEAM, establishment_id=prisons["LEI"])
    with pytest.raises(ValidationFailed) as caught:
        delivery_overview(team, workspace.uow(), prisons["MDI"], dt.date(2027, 1, 4))
    assert caught.value.problems[0].field == "establishment_id"


def test_a_session_read_after_its_end_is_over_and_says_its_register_was_not_taken() -> None:
    """Programme delivery trial: past sessions with no register still said "Planned"."""
    from resettle.domain.programmes.sessions import SessionState
    from resettle.services.programme_sessions import session_view
    from resettle.storage.tables.programmes import ProgrammeSessionRow

    def row(ends_at: dt.datetime) -> ProgrammeSessionRow:
        return ProgrammeSessionRow(
            id=1,
            group_id=1,
            sequence=1,
            module_number=1,
            session_number=1,
            name="Getting started",
            session_type="group",
            starts_at=ends_at - dt.timedelta(hours=2),
            ends_at=ends_at,
            is_catch_up=False,
            replaces_session_id=None,
            replaced_at=None,
        )

    now = dt.datetime.now(dt.UTC)
    naive_past = (now - dt.timedelta(hours=1)).replace(tzinfo=None)  # as SQLite hands it back
    assert session_view(row(naive_past)).state is SessionState.REGISTER_NOT_TAKEN
    assert session_view(row(naive_past), register_taken=True).state is SessionState.HELD
    assert session_view(row(now + dt.timedelta(hours=1))).state is SessionState.PLANNED
