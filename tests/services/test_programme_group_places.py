"""Group places end when they should (second user trial), on every backend: a deselection
that keeps the referral open ends the place in the same unit of work and its correction gives
it back (refused while the group is full); a place is not given in a group with no session to
come; and the referral's history shows the place changes, with who and when, among its
moves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from resettle.domain.errors import ValidationFailed
from resettle.domain.programme_group_places import PlaceEventKind
from resettle.domain.programme_referrals import GroupFull, HistoryEntryView
from resettle.services.programme_group_members import list_group_members
from resettle.services.programme_referral_lists import (
    list_establishment_referrals,
    list_person_referrals,
)
from resettle.services.programme_referral_places import (
    give_group_place,
    sessions_before_joining,
    withdraw_group_place,
)
from resettle.services.programme_referrals import correct_last_move
from resettle.storage.tables.access import ALLOWED, PersonAccessRow
from resettle.storage.tables.programme_referrals import ProgrammeGroupMemberRow
from resettle.storage.tables.programmes import ProgrammeSessionRow
from tests.services.test_programme_attendance import Delivery
from tests.services.test_programme_attendance import delivery as _delivery
from tests.services.test_programme_referrals import TODAY, World
from tests.services.test_programme_referrals import world as _referral_world

world = _referral_world
delivery = _delivery

DESELECT = {"category": "deselected_motivation_behaviour", "reason": "deselected_motivation"}


def _give(world: World, referral: int, group: int | None = None) -> int:
    return give_group_place(
        world.team, world.workspace.uow(), referral, world.revision(referral), group or world.group
    )


def _correct(world: World, referral: int) -> int:
    return correct_last_move(
        world.team,
        world.workspace.uow(),
        referral,
        world.revision(referral),
        {"notes": "Deselected in error"},
    )


def _places(world: World, referral: int) -> list[tuple[Any, ...]]:
    with world.workspace.uow() as uow:
        return [
            (p.group_id, p.left_at is None, p.ended_by_id, p.end_reason)
            for p in uow.session.scalars(
                select(ProgrammeGroupMemberRow)
                .where(ProgrammeGroupMemberRow.referral_id == referral)
                .order_by(ProgrammeGroupMemberRow.id)
            )
        ]


def _taken(world: World) -> int:
    listed = list_establishment_referrals(world.team, world.workspace.uow(), "LEI")
    return listed.places_taken.get(world.group, 0)


def test_a_deselection_keeping_the_referral_open_ends_its_place(world: World) -> None:
    """User trial: deselected back to Suitable but not ready, the person kept their seat, and
    stayed on every later register. The move now ends the place in the same unit of work,
    recording who ended it and why; the group counts the place free."""
    referral = world.refer_assessed()
    _give(world, referral)
    world.move(world.team, referral, "on_programme")
    assert _taken(world) == 1
    world.move(world.team, referral, "suitable_not_ready", **DESELECT)
    assert world.status(referral) == "suitable_not_ready"
    assert _places(world, referral) == [(world.group, False, world.team.id, "deselected")]
    assert _taken(world) == 0
    (moved,) = [
        m for m in world.audit("programme_referral.moved") if m["to_status"] == "suitable_not_ready"
    ]
    assert moved["place_ended_group_id"] == world.group
    # Waiting again, it may be given a place afresh.
    _give(world, referral)
    assert _taken(world) == 1


def test_the_correction_of_a_deselection_gives_the_place_back_while_there_is_room(
    world: World,
) -> None:
    referral = world.refer_assessed()
    _give(world, referral)
    world.move(world.team, referral, "on_programme")
    world.move(world.team, referral, "assessed_suitable", **DESELECT)
    _correct(world, referral)
    assert world.status(referral) == "on_programme"
    assert _places(world, referral) == [(world.group, True, None, None)]
    assert world.audit("programme_referral.corrected")[-1]["place_restored"] is True

    # Deselected again; the freed place (capacity 1) goes to someone else meanwhile.
    world.move(world.team, referral, "assessed_suitable", **DESELECT)
    other = world.refer_another(2)
    world.assess(other)
    _give(world, other)
    revision = world.revision(referral)
    with pytest.raises(GroupFull, match=r"Group BC-MOD-1 is full.*its place back"):
        _correct(world, referral)
    assert world.revision(referral) == revision and world.status(referral) == "assessed_suitable"
    assert _places(world, referral) == [(world.group, False, world.team.id, "deselected")]


def _session(world: World, starts: dt.datetime, sequence: int = 1, **more: Any) -> None:
    with world.workspace.uow() as uow:
        uow.session.add(
            ProgrammeSessionRow(
                group_id=world.group,
                sequence=sequence,
                module_number=1,
                session_number=sequence,
                name=f"Session {sequence}",
                session_type="group",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                **more,
            )
        )
        uow.commit()


def test_no_place_is_given_in_a_group_with_no_session_to_come(world: World) -> None:
    """User trial: ``resettle programmes place`` gave a place in a group whose sessions had all
    been held (the screen hides such groups). Refused, naming the group and its last
    session's date; nothing saved. A group with no sessions planned yet still takes places."""
    referral = world.refer_assessed()
    now = dt.datetime.now(dt.UTC)
    last = now - dt.timedelta(days=10)
    _session(world, now - dt.timedelta(days=17))
    _session(world, last, sequence=2)
    _session(world, now + dt.timedelta(days=3), sequence=3, replaced_at=now)  # replaced
    revision = world.revision(referral)
    with pytest.raises(ValidationFailed) as refused:
        _give(world, referral)
    (problem,) = refused.value.problems
    assert (problem.field, problem.code) == ("group_id", "programme_referral.no_session_to_come")
    assert problem.message == (
        f"Group: BC-MOD-1 has no session to come (its last session was on "
        f"{last.date().isoformat()}); choose a group with sessions still to come, or add "
        "sessions to it first"
    )
    assert world.revision(referral) == revision and _places(world, referral) == []
    assert world.audit("programme_referral.place_given") == []
    _session(world, now + dt.timedelta(days=7), sequence=4)
    _give(world, referral)
    assert _places(world, referral) == [(world.group, True, None, None)]


def _timeline(world: World, referral: int) -> list[tuple[str, str]]:
    (view,) = [
        v
        for v in list_person_referrals(world.team, world.workspace.uow(), world.person)
        if v.id == referral
    ]
    rows = []
    for row in view.timeline():
        if isinstance(row, HistoryEntryView):
            rows.append(("move", row.to_status))
        else:
            rows.append((row.kind.value, f"{row.group_code} by {row.by or '-'}"))
    return rows


def test_the_history_shows_the_place_changes_among_the_moves(world: World) -> None:
    referral = world.refer_assessed()
    _give(world, referral)
    withdraw_group_place(world.team, world.workspace.uow(), referral, world.revision(referral))
    _give(world, referral)
    world.move(world.team, referral, "on_programme")
    world.move(world.team, referral, "suitable_not_ready", **DESELECT)
    team = f"BC-MOD-1 by {world.team.display_name}"
    assert _timeline(world, referral) == [
        ("move", "draft"),
        ("move", "submitted"),
        ("move", "awaiting_assessment"),
        ("move", "assessment_started"),
        ("move", "assessed_suitable"),
        ("given", team),
        ("withdrawn", team),
        ("given", team),
        ("move", "on_programme"),
        ("move", "suitable_not_ready"),
        ("ended_deselected", team),
    ]


@pytest.mark.usefixtures("system_day")
def test_a_release_reads_as_the_place_ended_on_the_release_date(world: World) -> None:
    from resettle.domain import clock

    referral = world.refer_assessed()
    _give(world, referral)
    world.move(world.team, referral, "on_programme")
    released_on = clock.today()
    with world.workspace.uow() as uow:
        person = uow.people.get(world.person)
        assert person is not None
        person.release_date = released_on
        uow.commit()
    (view,) = list_person_referrals(world.team, world.workspace.uow(), world.person)
    last = view.place_events[-1]
    assert last.kind is PlaceEventKind.ENDED_RELEASED and last.by == ""
    assert last.at.date() == released_on
    assert _taken(world) == 0  # released on or before today: the place is free


def test_the_groups_members_are_listed_and_limited_access_people_only_counted(
    delivery: Delivery,
) -> None:
    """User trial: the groups tab did not say who was in a group. Members now are listed with
    name, prison number, referral status and joined date; a limited-access person the account
    may not see is counted, never named; a released person and an ended place are left out."""
    world = delivery.world
    listed = list_group_members(world.team, world.workspace.uow(), delivery.group)
    assert (listed.group_code, listed.capacity, listed.others) == ("BC-MOD-2", 3, 0)
    assert [(m.prison_number, m.name, m.referral_status) for m in listed.members] == [
        ("B0001CC", "Zoë Ní Bhriain", "assessed_suitable"),
        ("B0002CC", listed.members[1].name, "assessed_suitable"),
        ("B0003CC", listed.members[2].name, "assessed_suitable"),
    ]
    assert listed.members[0].joined_at == dt.datetime(2026, 10, 30, tzinfo=dt.UTC)
    with world.workspace.uow() as uow:
        hidden = uow.people.get(delivery.people[1])
        assert hidden is not None
        hidden.restricted = True
        uow.session.add(
            PersonAccessRow(person_id=hidden.id, staff_id=world.officer.id, kind=ALLOWED)
        )
        uow.commit()
    listed = list_group_members(world.team, world.workspace.uow(), delivery.group)
    assert [m.prison_number for m in listed.members] == ["B0001CC", "B0003CC"]
    assert listed.others == 1
    seen_by_officer = list_group_members(world.officer, world.workspace.uow(), delivery.group)
    assert "B0002CC" in [m.prison_number for m in seen_by_officer.members]
    assert [m.limited_access for m in seen_by_officer.members if m.prison_number == "B0002CC"] == [
        True
    ]
    with world.workspace.uow() as uow:
        released = uow.people.get(delivery.people[2])
        assert released is not None
        released.release_date = dt.date(2026, 11, 20)
        uow.commit()
    listed = list_group_members(world.team, world.workspace.uow(), delivery.group, today=TODAY)
    assert [m.prison_number for m in listed.members] == ["B0001CC"] and listed.others == 1
    with pytest.raises(ValidationFailed):
        list_group_members(world.team, world.workspace.uow(), 999_999)


def test_a_group_is_not_described_to_an_account_with_no_reach_and_nobody_in_it(
    delivery: Delivery,
) -> None:
    """Security review: any account could ask any group for its count of places held by
    people it may not see. An officer of another team, with no person in the group and no
    reach to where it runs, is refused."""
    from resettle.domain.access import OutOfScope

    world = delivery.world
    with pytest.raises(OutOfScope):
        list_group_members(world.elsewhere, world.workspace.uow(), delivery.group)


def test_the_correction_of_a_deselection_gives_back_the_place_it_ended_not_a_later_one(
    world: World,
) -> None:
    """Security review: after a deselection kept the referral open, a new place given and
    withdrawn by hand was the one a correction of the deselection brought back (clearing who
    withdrew it); the place the deselection ended stayed ended."""
    referral = world.refer_assessed()
    _give(world, referral)
    world.move(world.team, referral, "on_programme")
    world.move(world.team, referral, "assessed_suitable", **DESELECT)
    _give(world, referral)
    withdraw_group_place(world.team, world.workspace.uow(), referral, world.revision(referral))
    _correct(world, referral)
    assert world.status(referral) == "on_programme"
    assert _places(world, referral) == [
        (world.group, True, None, None),
        (world.group, False, world.team.id, "withdrawn"),
    ]


def test_the_history_shows_a_place_ended_by_a_move_and_held_again_by_its_correction(
    world: World,
) -> None:
    """Third user trial: a place a deselection ended and its correction gave back showed only
    as given (the correction clears the end from the place's row). The history shows the end
    at the deselection and the place held again at the correction, in time order; a place
    given and withdrawn between them was neither."""
    referral = world.refer_assessed()
    _give(world, referral)
    world.move(world.team, referral, "on_programme")
    world.move(world.team, referral, "assessed_suitable", **DESELECT)
    _give(world, referral)
    withdraw_group_place(world.team, world.workspace.uow(), referral, world.revision(referral))
    _correct(world, referral)
    team = f"BC-MOD-1 by {world.team.display_name}"
    assert _timeline(world, referral)[4:] == [
        ("move", "assessed_suitable"),
        ("given", team),
        ("move", "on_programme"),
        ("move", "assessed_suitable"),
        ("ended_deselected", team),
        ("given", team),
        ("withdrawn", team),
        ("move", "on_programme"),
        ("held_again", team),
    ]
    # Deselected again (not corrected): the place held again ends once more.
    world.move(world.team, referral, "suitable_not_ready", **DESELECT)
    assert _timeline(world, referral)[-3:] == [
        ("held_again", team),
        ("move", "suitable_not_ready"),
        ("ended_deselected", team),
    ]


def test_a_corrected_move_that_ended_no_place_adds_no_place_change(world: World) -> None:
    """A referral closed and the closing corrected without ever holding a place: nothing to
    show."""
    referral = world.refer_assessed()
    world.move(
        world.team,
        referral,
        "withdrawn",
        category="withdrawn_administrative",
        reason="withdrawn_duplicate",
    )
    _correct(world, referral)
    assert [kind for kind, _ in _timeline(world, referral) if kind != "move"] == []


def _release_on(world: World, day: dt.date | None) -> None:
    with world.workspace.uow() as uow:
        person = uow.people.get(world.person)
        assert person is not None
        person.release_date = day
        uow.commit()


def test_a_place_in_a_group_ending_after_the_release_is_given_with_a_warning(
    world: World,
) -> None:
    """Third user trial: a person released on 25/12 was given a place in a group ending in
    April with no word that the programme would not be finished in custody. Asked for the
    referral, ``sessions_before_joining`` gives the release date and the group's last
    session; the place is given all the same, and its audit row says so."""
    from resettle.domain import clock

    referral = world.refer_assessed()
    now = dt.datetime.now(dt.UTC)
    _session(world, now + dt.timedelta(days=7))
    last = now + dt.timedelta(days=90)
    _session(world, last, sequence=2)
    _session(world, now + dt.timedelta(days=120), sequence=3, replaced_at=now)  # replaced
    release = clock.today() + dt.timedelta(days=30)
    _release_on(world, release)
    uow = world.workspace.uow
    held = sessions_before_joining(world.team, uow(), world.group, referral_id=referral)
    assert (held.released_on, held.last_session_on) == (release, last.date())
    assert held.release_words() == (
        f"Released on {release:%d/%m/%Y}, before the group's last session on "
        f"{last:%d/%m/%Y}: the programme will not be finished in custody; plan follow-on "
        "in the community"
    )
    # Without a referral, or with a release after the last session: nothing to say.
    assert sessions_before_joining(world.team, uow(), world.group).release_words() == ""
    _give(world, referral)
    withdraw_group_place(world.team, uow(), referral, world.revision(referral))
    _release_on(world, last.date())
    held = sessions_before_joining(world.team, uow(), world.group, referral_id=referral)
    assert held.released_on is None and held.release_words() == ""
    _give(world, referral)
    assert [
        a["released_before_group_ends"] for a in world.audit("programme_referral.place_given")
    ] == [True, False]
