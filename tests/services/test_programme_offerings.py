"""Offerings, groups and sessions: managers set them up for their own establishments and
teams, audited; prison staff see their establishment's; bad input is refused naming the field
with nothing saved; rescheduling keeps the old session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.programmes.sessions import SESSION_ZONE
from resettle.domain.staff import Actor, Role
from resettle.services.programme_offerings import (
    create_group,
    create_offering,
    list_programme_offerings,
)
from resettle.services.programme_sessions import (
    add_catch_up_session,
    generate_group_sessions,
    list_group_sessions,
    reschedule_session,
)
from resettle.services.workspace import Workspace
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import seed_account, team_for_tests


@dataclass
class Place:
    workspace: Workspace
    manager: Actor
    prison_staff: Actor
    officer: Actor
    admin: Actor
    managed: int  # establishment
    elsewhere: int  # establishment the manager does not manage
    team: int


def _actor(workspace: Workspace, username: str, role: Role, **places: Any) -> Actor:
    staff_id = seed_account(workspace.database, username, (role,), **places)
    return Actor(id=staff_id, username=username, display_name=username, role=role)


@pytest.fixture
def place(workspace: Workspace) -> Place:
    with workspace.uow() as uow:
        managed = uow.staff.add_establishment(EstablishmentRow(code="MDI", name="Moorland")).id
        elsewhere = uow.staff.add_establishment(EstablishmentRow(code="LEI", name="Leicester")).id
        uow.commit()
    team = team_for_tests(workspace.database)
    return Place(
        workspace=workspace,
        manager=_actor(
            workspace,
            "p.manager",
            Role.MANAGER,
            managed_establishment_ids=[managed],
            managed_team_ids=[team],
        ),
        prison_staff=_actor(workspace, "p.prison", Role.PRISON_STAFF, establishment_id=managed),
        officer=_actor(workspace, "p.officer", Role.OFFICER),
        admin=_actor(workspace, "p.admin", Role.ADMIN),
        managed=managed,
        elsewhere=elsewhere,
        team=team,
    )


def _group_data(offering_id: int, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "offering_id": offering_id,
        "code": "BC-1",
        "capacity": 12,
        "starts_on": "2027-01-04",
        "ends_on": "2027-06-25",
        "schedule": [  # Building Choices high intensity: 52 sessions, three a week
            {"weekday": "monday", "starts_at": "09:30", "minutes": 150},
            {"weekday": "wednesday", "starts_at": "09:30", "minutes": 150},
            {"weekday": "thursday", "starts_at": "13:30", "minutes": 150},
        ],
    }
    data.update(changes)
    return data


def _audit_actions(workspace: Workspace) -> list[tuple[str, Any]]:
    with workspace.uow() as uow:
        return [
            (row.action, row.details)
            for row in reversed(uow.audit.latest(100))
            if row.action.startswith("programme")
        ]


def _offering(place: Place, code: str = "BC-HIGH") -> int:
    view = create_offering(
        place.manager,
        place.workspace.uow(),
        {"programme_code": code, "establishment_id": place.managed, "contact": "Programmes hub"},
    )
    return view.id


def test_a_manager_sets_up_an_offering_a_group_and_its_sessions(place: Place) -> None:
    ws = place.workspace
    offering = create_offering(
        place.manager, ws.uow(), {"programme_code": "BC-HIGH", "establishment_id": place.managed}
    )
    assert (offering.programme_code, offering.establishment_code) == ("BC-HIGH", "MDI")
    team_offering = create_offering(
        place.manager, ws.uow(), {"programme_code": "BC-MOD", "team_id": place.team}
    )
    assert team_offering.team_code == "TEST" and team_offering.establishment_id is None
    group = create_group(place.manager, ws.uow(), _group_data(offering.id))
    generated = generate_group_sessions(place.manager, ws.uow(), group.id)
    assert len(generated.sessions) == 52
    sessions = list_group_sessions(place.prison_staff, ws.uow(), group.id)
    assert [s.sequence for s in sessions] == list(range(1, 53))
    assert sessions[0].starts_at == dt.datetime(2027, 1, 4, 9, 30, tzinfo=SESSION_ZONE)
    assert sessions[0].session_type.value == "one_to_one"
    assert sessions[1].ends_at - sessions[1].starts_at == dt.timedelta(minutes=150)
    assert _audit_actions(ws) == [
        (
            "programme_offering.created",
            {"programme": "BC-HIGH", "establishment_id": place.managed},
        ),
        ("programme_offering.created", {"programme": "BC-MOD", "team_id": place.team}),
        (
            "programme_group.created",
            {
                "offering_id": offering.id,
                "capacity": 12,
                "starts_on": "2027-01-04",
                "ends_on": "2027-06-25",
            },
        ),
        (
            "programme_group.sessions_generated",
            {
                "sessions": 52,
                "skipped_days": len(generated.skipped_days),
                "holidays_checked": generated.holidays_checked,
            },
        ),
    ]


def test_who_sees_which_offerings(place: Place) -> None:
    ws = place.workspace
    here = _offering(place)
    create_offering(place.manager, ws.uow(), {"programme_code": "BSR", "team_id": place.team})
    listing = list_programme_offerings(place.prison_staff, ws.uow())
    assert [o.id for o in listing.offerings] == [here]
    assert len(listing.catalogue.programmes) == 8
    assert len(list_programme_offerings(place.manager, ws.uow()).offerings) == 2
    assert len(list_programme_offerings(place.officer, ws.uow()).offerings) == 2
    assert len(list_programme_offerings(place.admin, ws.uow()).offerings) == 2
    only_here = list_programme_offerings(place.officer, ws.uow(), establishment_code="MDI")
    assert [o.id for o in only_here.offerings] == [here]
    assert list_programme_offerings(place.officer, ws.uow(), "LEI").offerings == ()
    with pytest.raises(ValidationFailed) as caught:
        list_programme_offerings(place.officer, ws.uow(), "XXX")
    assert caught.value.problems[0].field == "establishment"


@pytest.mark.parametrize("who", ["prison_staff", "officer", "admin"])
def test_only_managers_set_up_delivery(place: Place, who: str) -> None:
    actor: Actor = getattr(place, who)
    offering = _offering(place)
    group = create_group(place.manager, place.workspace.uow(), _group_data(offering))
    with pytest.raises(PermissionDenied, match="may not set up programme offerings"):
        create_offering(
            actor,
            place.workspace.uow(),
            {"programme_code": "BSR", "establishment_id": place.managed},
        )
    with pytest.raises(PermissionDenied):
        create_group(actor, place.workspace.uow(), _group_data(offering, code="BC-2"))
    with pytest.raises(PermissionDenied):
        generate_group_sessions(actor, place.workspace.uow(), group.id)


def _refused(run: Any, field: str, code: str | None = None) -> None:
    with pytest.raises(ValidationFailed) as caught:
        run()
    problem = caught.value.problems[0]
    assert problem.field.split(".")[0] == field, caught.value.problems
    if code is not None:
        assert problem.code == code


def test_bad_offerings_are_refused_naming_the_field(place: Place) -> None:
    ws, manager = place.workspace, place.manager
    cases = [
        (
            {"programme_code": "NOPE", "establishment_id": place.managed},
            "programme_code",
            "unknown",
        ),
        ({"programme_code": "BC-HIGH", "establishment_id": 99999}, "establishment_id", "unknown"),
        ({"programme_code": "BC-HIGH", "team_id": 99999}, "team_id", "unknown"),
        (
            {"programme_code": "BC-HIGH", "establishment_id": place.elsewhere},
            "establishment_id",
            "not_managed",
        ),
        ({"programme_code": "BC-HIGH"}, "establishment_id", "one_place"),
    ]
    for data, field, code in cases:
        _refused(lambda data=data: create_offering(manager, ws.uow(), data), field, code)
    _offering(place)
    _refused(lambda: _offering(place), "programme_code", "duplicate")
    from resettle.services.programme_catalogue import set_programme_active

    set_programme_active(manager, ws.uow(), "BSR", False)
    _refused(lambda: _offering(place, "BSR"), "programme_code", "retired")
    assert len(list_programme_offerings(manager, ws.uow()).offerings) == 1


def test_bad_groups_are_refused_naming_the_field_and_nothing_is_saved(place: Place) -> None:
    ws, manager = place.workspace, place.manager
    offering = _offering(place)
    cases = [
        ({"capacity": 0}, "capacity", None),
        ({"ends_on": "2027-01-01"}, "ends_on", "before_start"),
        ({"schedule": []}, "schedule", None),
        ({"offering_id": 99999}, "offering_id", "unknown"),
        ({"facilitator_ids": [99999]}, "facilitator_ids", "unknown"),
    ]
    for changes, field, code in cases:
        data = {**_group_data(offering), **changes}
        _refused(lambda data=data: create_group(manager, ws.uow(), data), field, code)
    create_group(manager, ws.uow(), _group_data(offering, facilitator_ids=[place.prison_staff.id]))
    _refused(lambda: create_group(manager, ws.uow(), _group_data(offering)), "code", "duplicate")
    assert len(list_programme_offerings(manager, ws.uow()).groups) == 1
    assert [a for a, _ in _audit_actions(ws)].count("programme_group.created") == 1


def test_a_group_elsewhere_is_refused(place: Place) -> None:
    ws = place.workspace
    other = seed_account(
        ws.database, "other.manager", (Role.MANAGER,), managed_establishment_ids=[place.elsewhere]
    )
    outsider = Actor(id=other, username="other.manager", display_name="O", role=Role.MANAGER)
    offering = _offering(place)
    _refused(
        lambda: create_group(outsider, ws.uow(), _group_data(offering)),
        "establishment_id",
        "not_managed",
    )


def test_sessions_are_generated_once_and_need_room_before_the_end(place: Place) -> None:
    ws, manager = place.workspace, place.manager
    offering = _offering(place)
    short = create_group(manager, ws.uow(), _group_data(offering, ends_on="2027-01-20"))
    _refused(
        lambda: generate_group_sessions(manager, ws.uow(), short.id), "ends_on", "too_few_slots"
    )
    assert list_group_sessions(manager, ws.uow(), short.id) == ()
    group = create_group(manager, ws.uow(), _group_data(offering, code="BC-2"))
    generate_group_sessions(manager, ws.uow(), group.id)
    _refused(
        lambda: generate_group_sessions(manager, ws.uow(), group.id),
        "group_id",
        "already_generated",
    )
    _refused(lambda: generate_group_sessions(manager, ws.uow(), 99999), "group_id", "unknown")


def test_rescheduling_replaces_a_session_and_keeps_the_old_one(place: Place) -> None:
    ws, manager = place.workspace, place.manager
    group = create_group(manager, ws.uow(), _group_data(_offering(place)))
    generate_group_sessions(manager, ws.uow(), group.id)
    first = list_group_sessions(manager, ws.uow(), group.id)[0]
    moved_to = dt.datetime(2027, 1, 5, 10, 0, tzinfo=SESSION_ZONE)
    new = reschedule_session(manager, ws.uow(), first.id, moved_to)
    assert new.replaces_session_id == first.id and new.starts_at == moved_to
    assert new.sequence == first.sequence and not new.replaced
    sessions = {s.id: s for s in list_group_sessions(manager, ws.uow(), group.id)}
    assert len(sessions) == 53 and sessions[first.id].replaced
    assert sessions[first.id].starts_at == first.starts_at  # kept as it was
    _refused(
        lambda: reschedule_session(manager, ws.uow(), first.id, moved_to),
        "session_id",
        "replaced",
    )
    catch_up = add_catch_up_session(
        manager, ws.uow(), new.id, dt.datetime(2027, 1, 8, 10, tzinfo=SESSION_ZONE)
    )
    assert catch_up.is_catch_up and catch_up.replaces_session_id is None
    listing = list_programme_offerings(manager, ws.uow())
    assert listing.groups[0].session_count == 53  # 52 live, plus the catch-up
    actions = _audit_actions(ws)
    assert actions[-2] == (
        "programme_session.replaced",
        {"group_id": group.id, "replaced_session_id": first.id},
    )
    assert actions[-1] == (
        "programme_session.catch_up_added",
        {"group_id": group.id, "session_id": new.id},
    )
    with pytest.raises(PermissionDenied):
        reschedule_session(place.prison_staff, ws.uow(), new.id, moved_to)


def test_a_new_time_outside_the_groups_dates_is_refused_naming_the_start(place: Place) -> None:
    """Reschedule: within the group's dates (2027-01-04 to 2027-06-25); a catch-up also up
    to four weeks after the end (2027-07-23)."""
    ws, manager = place.workspace, place.manager
    group = create_group(manager, ws.uow(), _group_data(_offering(place)))
    generate_group_sessions(manager, ws.uow(), group.id)
    first = list_group_sessions(manager, ws.uow(), group.id)[0]

    def at(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(10), tzinfo=SESSION_ZONE)

    for day, code in ((dt.date(2027, 1, 3), "before_group"), (dt.date(2027, 6, 26), "after_group")):
        _refused(
            lambda d=day: reschedule_session(manager, ws.uow(), first.id, at(d)), "starts_at", code
        )
        assert not list_group_sessions(manager, ws.uow(), group.id)[0].replaced
    _refused(
        lambda: add_catch_up_session(manager, ws.uow(), first.id, at(dt.date(2027, 7, 24))),
        "starts_at",
        "after_group",
    )
    _refused(
        lambda: add_catch_up_session(manager, ws.uow(), first.id, at(dt.date(2027, 1, 3))),
        "starts_at",
        "before_group",
    )
    assert len(list_group_sessions(manager, ws.uow(), group.id)) == 52
    catch_up = add_catch_up_session(manager, ws.uow(), first.id, at(dt.date(2027, 7, 23)))
    assert catch_up.is_catch_up
    # The group's last session (of its last module) may move to its last day.
    last = list_group_sessions(manager, ws.uow(), group.id)[-2]
    assert not last.is_catch_up
    new = reschedule_session(manager, ws.uow(), last.id, at(dt.date(2027, 6, 25)))
    assert new.replaces_session_id == last.id


def test_the_programme_team_runs_its_establishments_groups_sessions(place: Place) -> None:
    """Facilitators and treatment managers generate, reschedule and add catch-ups for the
    groups of their own establishment, audited as theirs; they still may not set up
    offerings or groups, and a group elsewhere is refused naming the establishment."""
    ws = place.workspace
    team = _actor(ws, "p.programmes", Role.PROGRAMME_TEAM, establishment_id=place.managed)
    group = create_group(place.manager, ws.uow(), _group_data(_offering(place)))
    generated = generate_group_sessions(team, ws.uow(), group.id)
    assert len(generated.sessions) == 52
    first = list_group_sessions(team, ws.uow(), group.id)[0]
    moved_to = dt.datetime(2027, 1, 5, 10, 0, tzinfo=SESSION_ZONE)
    new = reschedule_session(team, ws.uow(), first.id, moved_to)
    catch_up = add_catch_up_session(
        team, ws.uow(), new.id, dt.datetime(2027, 1, 8, 10, tzinfo=SESSION_ZONE)
    )
    assert new.replaces_session_id == first.id and catch_up.is_catch_up
    with ws.uow() as uow:
        mine = [
            row.action
            for row in reversed(uow.audit.latest(100))
            if row.actor_id == team.id and row.action.startswith("programme")
        ]
    assert mine == [
        "programme_group.sessions_generated",
        "programme_session.replaced",
        "programme_session.catch_up_added",
    ]
    with pytest.raises(PermissionDenied, match="may not set up programme offerings"):
        create_group(team, ws.uow(), _group_data(group.offering_id, code="BC-2"))


def test_the_programme_team_of_another_establishment_is_refused(place: Place) -> None:
    ws = place.workspace
    outsider = _actor(ws, "p.elsewhere", Role.PROGRAMME_TEAM, establishment_id=place.elsewhere)
    group = create_group(place.manager, ws.uow(), _group_data(_offering(place)))
    _refused(
        lambda: generate_group_sessions(outsider, ws.uow(), group.id),
        "establishment_id",
        "not_run",
    )
    assert list_group_sessions(outsider, ws.uow(), group.id) == ()
    generate_group_sessions(place.manager, ws.uow(), group.id)
    first = list_group_sessions(outsider, ws.uow(), group.id)[0]
    _refused(
        lambda: reschedule_session(outsider, ws.uow(), first.id, first.starts_at),
        "establishment_id",
        "not_run",
    )
    _refused(
        lambda: add_catch_up_session(outsider, ws.uow(), first.id, first.starts_at),
        "establishment_id",
        "not_run",
    )
    assert len(list_group_sessions(outsider, ws.uow(), group.id)) == 52


def test_a_catch_up_or_rescheduled_session_over_another_of_the_group_is_refused(
    place: Place,
) -> None:
    """User trial: a catch-up could be added at the very time of the session it repeats.
    A new session overlapping a live session of the same group is refused naming the session
    it clashes with; nothing is added. A rescheduled session may overlap the one it replaces,
    and a replaced session is no clash."""
    ws, manager = place.workspace, place.manager
    group = create_group(manager, ws.uow(), _group_data(_offering(place)))
    generate_group_sessions(manager, ws.uow(), group.id)
    first, second, third = list_group_sessions(manager, ws.uow(), group.id)[:3]
    assert first.starts_at == dt.datetime(2027, 1, 4, 9, 30, tzinfo=SESSION_ZONE)
    before = len(list_group_sessions(manager, ws.uow(), group.id))

    def refused(run: Any) -> str:
        with pytest.raises(ValidationFailed) as caught:
            run()
        (problem,) = caught.value.problems
        assert (problem.field, problem.code) == ("starts_at", "programme_session.clash")
        return problem.message

    same_time = first.starts_at
    message = refused(lambda: add_catch_up_session(manager, ws.uow(), first.id, same_time))
    assert f"Module {first.module_number}, session {first.session_number}: {first.name}" in (
        message
    )
    assert "on 04/01/2027 at 09:30-10:30 in the same group" in message  # a one-hour session
    # The second session (module 2) an hour into the third (module 2, Thursday 13:30-16:00).
    assert second.module_number == third.module_number
    overlapping = third.starts_at + dt.timedelta(hours=1)
    message = refused(lambda: reschedule_session(manager, ws.uow(), second.id, overlapping))
    assert f"{third.name} on 07/01/2027 at 13:30-16:00" in message
    assert len(list_group_sessions(manager, ws.uow(), group.id)) == before
    assert not any(s.replaced for s in list_group_sessions(manager, ws.uow(), group.id))
    # Half an hour later than itself: it overlaps only the session it replaces.
    moved = reschedule_session(
        manager, ws.uow(), first.id, first.starts_at + dt.timedelta(minutes=30)
    )
    # The replaced session's old time is free now; a catch-up right after the moved one too.
    add_catch_up_session(manager, ws.uow(), moved.id, moved.ends_at)
    message = refused(lambda: add_catch_up_session(manager, ws.uow(), moved.id, moved.ends_at))
    assert "(a catch-up)" in message


def test_a_new_time_already_past_is_refused_naming_the_start_and_nothing_is_saved(
    place: Place,
) -> None:
    """Trial finding: a catch-up at a time already past today was accepted with no word; a
    session is scheduled for a time still to come."""
    ws, manager = place.workspace, place.manager
    group = create_group(manager, ws.uow(), _group_data(_offering(place)))
    generate_group_sessions(manager, ws.uow(), group.id)
    first = list_group_sessions(manager, ws.uow(), group.id)[0]
    now = dt.datetime(2027, 1, 12, 14, 0, tzinfo=SESSION_ZONE)
    earlier_today = dt.datetime(2027, 1, 12, 10, 0, tzinfo=SESSION_ZONE)
    to_come = next(s for s in list_group_sessions(manager, ws.uow(), group.id) if s.starts_at > now)
    for use_case, session in ((add_catch_up_session, first), (reschedule_session, to_come)):
        with pytest.raises(ValidationFailed) as caught:
            use_case(manager, ws.uow(), session.id, earlier_today, now=now)
        (problem,) = caught.value.problems
        assert (problem.field, problem.code) == ("starts_at", "programme_session.in_past")
        assert problem.message == (
            "New start: 12/01/2027 at 10:00 has already passed; choose a date and time "
            "still to come"
        )
    sessions = list_group_sessions(manager, ws.uow(), group.id)
    assert len(sessions) == 52 and not any(s.replaced for s in sessions)
    later_today = dt.datetime(2027, 1, 12, 16, 0, tzinfo=SESSION_ZONE)
    catch_up = add_catch_up_session(manager, ws.uow(), first.id, later_today, now=now)
    assert catch_up.is_catch_up and catch_up.starts_at == later_today


def test_a_new_time_out_of_hours_on_a_bank_holiday_or_out_of_module_order_is_refused(
    place: Place,
) -> None:
    """User trial: a session could be moved to 06:00, to Easter Monday, or to before the
    module it follows. Each is refused naming the new start; nothing is saved. A catch-up is
    held out of order but still within hours and not on a bank holiday."""
    ws, manager = place.workspace, place.manager
    group = create_group(manager, ws.uow(), _group_data(_offering(place)))
    generate_group_sessions(manager, ws.uow(), group.id)
    sessions = list_group_sessions(manager, ws.uow(), group.id)
    assert not any(s.starts_at.date() == dt.date(2027, 3, 29) for s in sessions)  # skipped
    first_of_module_2 = next(s for s in sessions if s.module_number == 2)
    first_of_module_3 = next(s for s in sessions if s.module_number == 3)

    def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SESSION_ZONE)

    cases = [
        (first_of_module_2, at(dt.date(2027, 1, 12), 6), "programme_session.outside_hours"),
        (first_of_module_2, at(dt.date(2027, 1, 12), 18), "programme_session.outside_hours"),
        (first_of_module_2, at(dt.date(2027, 3, 29), 10), "programme_session.bank_holiday"),
        # Module 3 (a one-to-one) moved to the group's second week, among module 2's sessions.
        (first_of_module_3, at(dt.date(2027, 1, 12), 10), "programme_session.out_of_order"),
        # Module 2's first session moved to after module 3's one-to-one.
        (
            first_of_module_2,
            first_of_module_3.starts_at + dt.timedelta(days=1),
            "programme_session.out_of_order",
        ),
    ]
    for session, starts_at, code in cases:
        _refused(
            lambda s=session, a=starts_at: reschedule_session(manager, ws.uow(), s.id, a),
            "starts_at",
            code,
        )
    assert list_group_sessions(manager, ws.uow(), group.id) == sessions
    for starts_at, code in (
        (at(dt.date(2027, 3, 29), 10), "programme_session.bank_holiday"),
        (at(dt.date(2027, 1, 12), 19, 30), "programme_session.outside_hours"),  # to 20:30
    ):
        _refused(
            lambda a=starts_at: add_catch_up_session(manager, ws.uow(), first_of_module_3.id, a),
            "starts_at",
            code,
        )
    assert list_group_sessions(manager, ws.uow(), group.id) == sessions
    # A catch-up of module 3 in module 2's weeks is fine (at a time the group is free).
    catch_up = add_catch_up_session(
        manager, ws.uow(), first_of_module_3.id, at(dt.date(2027, 1, 12), 10)
    )
    assert catch_up.is_catch_up and catch_up.module_number == 3
    # Within its module's place, a rescheduled session is fine.
    moved = reschedule_session(
        manager, ws.uow(), first_of_module_2.id, first_of_module_2.starts_at + dt.timedelta(hours=2)
    )
    assert moved.replaces_session_id == first_of_module_2.id


def test_a_session_moved_out_of_its_modules_session_order_is_refused(place: Place) -> None:
    """User trial: module 2 session 2 was moved after module 2 session 3 (and to a Sunday after
    both), and accepted: within a module the sessions run in session-number order too. A
    catch-up is exempt."""
    ws, manager = place.workspace, place.manager
    group = create_group(manager, ws.uow(), _group_data(_offering(place)))
    generate_group_sessions(manager, ws.uow(), group.id)
    sessions = list_group_sessions(manager, ws.uow(), group.id)
    module = [s for s in sessions if s.module_number == sessions[1].module_number]
    assert len(module) >= 2 and module[0].session_number < module[1].session_number
    moved, next_one = module[0], module[1]
    after_next = next_one.starts_at + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as caught:
        reschedule_session(manager, ws.uow(), moved.id, after_next)
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("starts_at", "programme_session.out_of_order")
    assert problem.message.startswith(
        f"New start: module {moved.module_number} session {moved.session_number} on "
    )
    assert (
        f"would run after Module {next_one.module_number}, session {next_one.session_number}"
        in problem.message
    )
    assert "a module's sessions run in order" in problem.message
    # The later session may not be moved before the earlier one either.
    with pytest.raises(ValidationFailed) as caught:
        reschedule_session(manager, ws.uow(), next_one.id, moved.starts_at - dt.timedelta(hours=2))
    assert caught.value.problems[0].code in {
        "programme_session.out_of_order",
        "programme_session.outside_hours",
    }
    assert not any(s.replaced for s in list_group_sessions(manager, ws.uow(), group.id))
    # A catch-up of the earlier session after the later one is allowed.
    catch_up = add_catch_up_session(manager, ws.uow(), moved.id, after_next)
    # Re-trial: the catch-up could not be moved, the module's order refusing every date. It
    # moves, and stays a catch-up, replacing the one it moves.
    later = reschedule_session(manager, ws.uow(), catch_up.id, after_next + dt.timedelta(days=7))
    assert later.is_catch_up and later.replaces_session_id == catch_up.id


def test_a_session_already_started_is_not_rescheduled_but_may_be_caught_up(
    place: Place,
) -> None:
    """User trial: a session over without a register was rescheduled to a later week, which
    changed what a late joiner owed. A session whose start has passed is refused naming the
    session; a catch-up repeats it instead."""
    ws, manager = place.workspace, place.manager
    group = create_group(manager, ws.uow(), _group_data(_offering(place)))
    generate_group_sessions(manager, ws.uow(), group.id)
    sessions = list_group_sessions(manager, ws.uow(), group.id)
    held = sessions[0]
    now = held.starts_at + dt.timedelta(days=2)
    later = next(s for s in sessions if s.starts_at > now + dt.timedelta(days=1))
    free_slot = later.starts_at - dt.timedelta(days=1)
    for when in (now, held.starts_at + dt.timedelta(minutes=10)):
        with pytest.raises(ValidationFailed) as caught:
            reschedule_session(manager, ws.uow(), held.id, free_slot, now=when)
        (problem,) = caught.value.problems
        assert (problem.field, problem.code) == ("session_id", "programme_session.already_held")
        assert problem.message.endswith(
            "a session already held or over cannot be rescheduled: add a catch-up instead"
        )
    assert not any(s.replaced for s in list_group_sessions(manager, ws.uow(), group.id))
    catch_up = add_catch_up_session(manager, ws.uow(), held.id, free_slot, now=now)
    assert catch_up.is_catch_up
