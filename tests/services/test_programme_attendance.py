"""The attendance register and completion by rule through the services, on every backend:
the register lists the group's places the account reaches; one save records the whole
register or, refused naming the row's person and field, nothing; corrections are new marks;
no revision of the person's record or the referral moves; completion is confirmed through the
workflow with the programme history entry in the same unit of work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from resettle.domain.access import OutOfScope
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.programme_attendance import Register, RegisterRow
from resettle.domain.programme_completion import CompletionOutcome
from resettle.domain.programme_exports import MILESTONE_HEADER, WEEKLY_HEADER
from resettle.domain.programme_referrals import GroupFull
from resettle.domain.staff import Role
from resettle.services.programme_attendance import (
    assign_one_to_one,
    completion_figures,
    completion_for_referral,
    confirm_completion,
    correct_mark,
    record_attendance,
    register_for_session,
)
from resettle.services.programme_exports import (
    referral_milestones_export,
    weekly_attendance_export,
)
from resettle.services.programme_outcomes import planned_sessions
from resettle.services.programme_referral_places import give_group_place, sessions_before_joining
from resettle.services.programme_referrals import correct_last_move
from resettle.services.registration import register_person
from resettle.storage.errors import ConcurrentEdit
from resettle.storage.tables.access import ALLOWED, PersonAccessRow
from resettle.storage.tables.programme_attendance import ProgrammeAttendanceRow
from resettle.storage.tables.programme_history import ProgrammeHistoryRow
from resettle.storage.tables.programme_referrals import ProgrammeGroupMemberRow
from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeSessionRow
from tests.factories import another_person, staff_member
from tests.services.test_programme_referrals import TODAY, World
from tests.services.test_programme_referrals import world as _referral_world

#: The referral tests' world (a prison, its programme team, an officer, an offering).
world = _referral_world

NOW = dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@dataclass
class Delivery:
    world: World
    group: int
    people: list[int]
    referrals: list[int]
    places: list[int]
    sessions: list[int]  # two past group sessions
    future: int
    one_to_one: int

    def register(self, session: int | None = None, actor: Any = None) -> Any:
        return register_for_session(
            actor or self.world.team, self.world.workspace.uow(), session or self.sessions[0]
        )

    def save(self, marks: list[dict[str, Any]], session: int | None = None, actor: Any = None):  # type: ignore[no-untyped-def]
        read = self.register(session)
        sheet: Register = read.sheet
        rows = [_with(row, mark) for row, mark in zip(sheet.rows, marks, strict=False)]
        return record_attendance(
            actor or self.world.team,
            self.world.workspace.uow(),
            sheet.session_id,
            sheet.with_rows(rows),
            now=NOW,
        )

    def correct(self, place: int, outcome: str) -> int:
        """Correct the first session's first mark of ``place`` to ``outcome``."""
        return correct_mark(
            self.world.team,
            self.world.workspace.uow(),
            self.sessions[0],
            {
                "membership_id": place,
                "expected_mark_number": 1,
                "outcome": outcome,
                "correction_reason": "Marked on the wrong row",
            },
            now=NOW,
        )

    def marks(self) -> list[tuple[int, int, int, str, str | None, str]]:
        with self.world.workspace.uow() as uow:
            return [
                (r.session_id, r.member_id, r.mark_number, r.outcome, r.absence_reason, r.note)
                for r in uow.session.scalars(
                    select(ProgrammeAttendanceRow).order_by(ProgrammeAttendanceRow.id)
                )
            ]

    def history_ids(self) -> list[int]:
        with self.world.workspace.uow() as uow:
            return list(
                uow.session.scalars(select(ProgrammeHistoryRow.id).order_by(ProgrammeHistoryRow.id))
            )

    def history_entries(self) -> list[tuple[Any, ...]]:
        """The current programme history entries (nothing supersedes them), oldest first."""
        with self.world.workspace.uow() as uow:
            rows = list(
                uow.session.scalars(select(ProgrammeHistoryRow).order_by(ProgrammeHistoryRow.id))
            )
            superseded = {r.supersedes_id for r in rows}
            return [
                (r.person_id, r.outcome, r.source, r.referral_id, r.reason_category, r.setting)
                for r in rows
                if r.id not in superseded
            ]


def _with(row: RegisterRow, mark: dict[str, Any]) -> RegisterRow:
    return RegisterRow.model_validate({**row.model_dump(), **mark})


def _session(uow: Any, group: int, starts: dt.datetime, kind: str = "group", **more: Any) -> int:
    row = ProgrammeSessionRow(
        group_id=group,
        sequence=more.pop("sequence", 1),
        module_number=more.pop("module_number", 2),  # BC-MOD's module 2; 1 is pre-group
        session_number=1,
        name="Getting started",
        session_type=kind,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        is_catch_up=more.pop("is_catch_up", False),
        **more,
    )
    uow.programmes.add(row)
    return row.id


@pytest.fixture
def delivery(world: World) -> Delivery:
    ws = world.workspace
    people = [world.person] + [
        register_person(ws.actor, ws.uow(), another_person(n, establishment_id=world.leeds)).id
        for n in (2, 3)
    ]
    with ws.uow() as uow:
        group = ProgrammeGroupRow(
            offering_id=world.offering,
            code="BC-MOD-2",
            capacity=3,
            starts_on=dt.date(2026, 11, 2),
            ends_on=dt.date(2027, 1, 29),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        first = _session(uow, group.id, dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC))
        second = _session(uow, group.id, dt.datetime(2026, 11, 9, 9, tzinfo=dt.UTC), sequence=2)
        future = _session(uow, group.id, dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC), sequence=3)
        one = _session(
            uow, group.id, dt.datetime(2026, 11, 10, 9, tzinfo=dt.UTC), "one_to_one", sequence=4
        )
        uow.commit()
        group_id = group.id
    referrals = []
    for person in people:
        world.person = person
        referral = world.refer_assessed()
        give_group_place(world.team, ws.uow(), referral, world.revision(referral), group_id)
        referrals.append(referral)
    world.person = people[0]
    with ws.uow() as uow:
        places = list(
            uow.session.scalars(
                select(ProgrammeGroupMemberRow)
                .where(ProgrammeGroupMemberRow.group_id == group_id)
                .order_by(ProgrammeGroupMemberRow.id)
            )
        )
        for place in places:  # places given before the group started
            place.joined_at = dt.datetime(2026, 10, 30, tzinfo=dt.UTC)
        uow.commit()
        place_ids = [p.id for p in places]
    return Delivery(world, group_id, people, referrals, place_ids, [first, second], future, one)


ATTENDED = {"outcome": "attended_complied"}


def test_a_register_saved_once_records_every_mark_and_touches_no_revision(
    delivery: Delivery,
) -> None:
    world = delivery.world
    read = delivery.register()
    assert [row.prison_number for row in read.sheet.rows] == ["B0001CC", "B0002CC", "B0003CC"]
    assert read.sheet.capacity == 3 and read.current == ()
    before = world.part_revisions()
    referral_revisions = [world.revision(r) for r in delivery.referrals]
    counts = delivery.save(
        [
            ATTENDED,
            {"outcome": "acceptable_absence", "absence_reason": "legal_visit_or_court"},
            {"outcome": "unacceptable_absence", "note": "Stayed in cell"},
        ]
    )
    assert counts.by_outcome == {
        "attended_complied": 1,
        "acceptable_absence": 1,
        "unacceptable_absence": 1,
    }
    first = delivery.sessions[0]
    assert [m[:5] for m in delivery.marks()] == [
        (first, delivery.places[0], 1, "attended_complied", None),
        (first, delivery.places[1], 1, "acceptable_absence", "legal_visit_or_court"),
        (first, delivery.places[2], 1, "unacceptable_absence", None),
    ]
    assert world.part_revisions() == before
    assert [world.revision(r) for r in delivery.referrals] == referral_revisions
    # One audit row per person marked, holding codes only (review finding 7).
    assert world.audit("programme_attendance.recorded") == [
        {
            "group_id": delivery.group,
            "membership_id": delivery.places[0],
            "outcome": "attended_complied",
            "absence_reason": None,
            "person_id": delivery.people[0],
            "entity_id": first,
        },
        {
            "group_id": delivery.group,
            "membership_id": delivery.places[1],
            "outcome": "acceptable_absence",
            "absence_reason": "legal_visit_or_court",
            "person_id": delivery.people[1],
            "entity_id": first,
        },
        {
            "group_id": delivery.group,
            "membership_id": delivery.places[2],
            "outcome": "unacceptable_absence",
            "absence_reason": None,
            "person_id": delivery.people[2],
            "entity_id": first,
        },
    ]
    again = delivery.register()
    assert again.sheet.already_marked == frozenset(delivery.places)
    assert [m.outcome for m in again.current] == [
        "attended_complied",
        "acceptable_absence",
        "unacceptable_absence",
    ]


def _refused(delivery: Delivery, marks: list[dict[str, Any]], **kw: Any) -> list[Any]:
    with pytest.raises(ValidationFailed) as refused:
        delivery.save(marks, **kw)
    assert delivery.marks() == []
    assert delivery.world.audit("programme_attendance.recorded") == []
    return refused.value.problems


def test_bad_registers_are_refused_naming_the_person_and_field_and_nothing_is_saved(
    delivery: Delivery,
) -> None:
    (problem,) = _refused(delivery, [ATTENDED, {"outcome": "acceptable_absence"}, ATTENDED])
    assert problem.field == "rows[1].absence_reason" and problem.code == "reason_required"
    assert problem.message == (
        "Row 2, Zoë Ní Bhriain (B0002CC), Reason: an acceptable absence needs a reason"
    )
    problems = _refused(delivery, [ATTENDED, {"outcome": None}, ATTENDED])
    assert [(p.field, p.code) for p in problems] == [("rows[1].outcome", "outcome_missing")]
    problems = _refused(delivery, [ATTENDED] * 3, session=delivery.future)
    assert [(p.field, p.code) for p in problems] == [("session", "session_in_future")]


def test_duplicates_strangers_and_too_many_people_are_refused(delivery: Delivery) -> None:
    sheet = delivery.register().sheet
    rows = [_with(row, ATTENDED) for row in sheet.rows]
    stranger = rows[0].model_copy(update={"membership_id": 99999, "person_id": 99999})
    cases = {
        "duplicate_mark": [*rows, rows[0]],
        "not_in_group": [*rows[:2], stranger],
        "over_capacity": [*rows, stranger],
    }
    for code, given in cases.items():
        with pytest.raises(ValidationFailed) as refused:
            record_attendance(
                delivery.world.team,
                delivery.world.workspace.uow(),
                sheet.session_id,
                sheet.with_rows(given),
                now=NOW,
            )
        assert code in [p.code for p in refused.value.problems]
    assert delivery.marks() == []


def _release(delivery: Delivery, person: int, on: dt.date) -> None:
    with delivery.world.workspace.uow() as uow:
        row = uow.people.get(person)
        assert row is not None
        row.release_date = on
        uow.commit()


def test_a_released_person_takes_no_mark(delivery: Delivery) -> None:
    """Released on the session's day: still on its register, marked released, and refused a
    mark."""
    _release(delivery, delivery.people[2], dt.date(2026, 11, 2))
    sheet = delivery.register().sheet
    assert [row.released for row in sheet.rows] == [False, False, True]
    (problem,) = _refused(delivery, [ATTENDED] * 3)
    assert (problem.field, problem.code) == ("rows[2].outcome", "person_released")
    delivery.save([ATTENDED, ATTENDED, {}])
    assert len(delivery.marks()) == 2


def test_a_released_person_leaves_the_registers_after_release(delivery: Delivery) -> None:
    """User trial: a person released weeks ago still sat on every later register as
    "released". Sessions on or before the release day keep them; later ones do not list
    them nor count their place (capacity, the other places), and the planned sessions of
    their referral stop at release: with sessions still to run, it is in progress at release
    (never complete), whatever the sessions before it."""
    world = delivery.world
    _to_on_programme(world, delivery.referrals[2])
    _release(delivery, delivery.people[2], dt.date(2026, 11, 5))
    first = delivery.register().sheet  # 2 November: before release
    assert [row.released for row in first.rows] == [False, False, False]
    delivery.save([ATTENDED, ATTENDED, ATTENDED])
    later = delivery.register(delivery.sessions[1]).sheet  # 9 November: after release
    assert delivery.places[2] not in later.group_membership_ids
    assert len(later.rows) == 2 and later.other_places == 0
    assert delivery.places[2] not in delivery.register(delivery.future).sheet.group_membership_ids
    delivery.save([ATTENDED, ATTENDED], session=delivery.sessions[1])
    with delivery.world.workspace.uow() as uow:
        # Capacity counts the place free (released on or before today).
        assert uow.programme_referrals.places_taken(delivery.group, TODAY) == 2
        assert uow.programme_referrals.places_taken(delivery.group, dt.date(2026, 11, 4)) == 3
        row = uow.programme_referrals.referral(delivery.referrals[2])
        assert row is not None
        planned, _counted = planned_sessions(uow, row)
    assert [p.session_id for p in planned] == [delivery.sessions[0]]
    released = delivery.referrals[2]
    result = completion_for_referral(world.team, world.workspace.uow(), released).result
    assert result.outcome is CompletionOutcome.IN_PROGRESS
    assert (result.planned, result.with_outcome) == (1, 1)
    assert result.released_on == dt.date(2026, 11, 5)
    with pytest.raises(ValidationFailed) as refused:
        confirm_completion(world.team, world.workspace.uow(), released, world.revision(released))
    (problem,) = refused.value.problems
    assert problem.code == "completion.released_mid_programme"
    assert (
        "released on 2026-11-05" in problem.message and "in progress at release" in problem.message
    )
    # The attendance CSV schedules them no session in the weeks after release.
    weeks = weekly_attendance_export(
        delivery.world.team,
        delivery.world.workspace.uow(),
        "LEI",
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 30),
    )
    assert [
        (w.week_starting.isoformat(), w.scheduled) for w in weeks if w.prison_number == "B0003CC"
    ] == [("2026-11-02", 1)]


def test_only_the_programme_team_records_attendance(delivery: Delivery) -> None:
    world = delivery.world
    with pytest.raises(PermissionDenied):
        register_for_session(world.officer, world.workspace.uow(), delivery.sessions[0])
    sheet = delivery.register().sheet
    with pytest.raises(PermissionDenied):
        record_attendance(
            world.officer,
            world.workspace.uow(),
            sheet.session_id,
            sheet.with_rows([_with(r, ATTENDED) for r in sheet.rows]),
            now=NOW,
        )
    # The programme team of another establishment: the session is not one of theirs, so it
    # does not exist for them (its register is not read, no mark is recorded).
    elsewhere_team = staff_member(world.workspace, "other.team", Role.PROGRAMME_TEAM)
    with pytest.raises(ValidationFailed) as unknown:
        delivery.register(actor=elsewhere_team)
    assert unknown.value.problems[0].field == "session_id"
    with pytest.raises(ValidationFailed) as refused:
        record_attendance(
            elsewhere_team,
            world.workspace.uow(),
            sheet.session_id,
            sheet.with_rows([_with(r, ATTENDED) for r in sheet.rows]),
            now=NOW,
        )
    assert [p.field for p in refused.value.problems] == ["session_id"]
    assert delivery.marks() == []


def test_a_limited_access_person_is_left_out_for_staff_who_may_not_see_them(
    delivery: Delivery,
) -> None:
    world = delivery.world
    with world.workspace.uow() as uow:
        row = uow.people.get(delivery.people[1])
        assert row is not None
        row.restricted = True
        uow.session.add(PersonAccessRow(person_id=row.id, staff_id=world.officer.id, kind=ALLOWED))
        uow.commit()
    sheet = delivery.register().sheet
    assert [row.prison_number for row in sheet.rows] == ["B0001CC", "B0003CC"]
    assert delivery.places[1] not in sheet.group_membership_ids
    delivery.save([ATTENDED, ATTENDED])
    assert [m[1] for m in delivery.marks()] == [delivery.places[0], delivery.places[2]]


def test_a_place_the_account_does_not_see_counts_against_the_capacity(
    delivery: Delivery,
) -> None:
    world = delivery.world
    with world.workspace.uow() as uow:
        row = uow.people.get(delivery.people[1])
        group = uow.session.get(ProgrammeGroupRow, delivery.group)
        assert row is not None and group is not None
        row.restricted = True
        uow.session.add(PersonAccessRow(person_id=row.id, staff_id=world.officer.id, kind=ALLOWED))
        group.capacity = 2  # three places held (a capacity lowered since)
        uow.commit()
    sheet = delivery.register().sheet
    assert (len(sheet.rows), sheet.other_places, sheet.capacity) == (2, 1, 2)
    (problem,) = _refused(delivery, [ATTENDED, ATTENDED])
    assert problem.code == "over_capacity"
    with pytest.raises(ValidationFailed):  # a register sent claiming no hidden places
        record_attendance(
            world.team,
            world.workspace.uow(),
            sheet.session_id,
            sheet.model_copy(update={"other_places": 0}).with_rows(
                [_with(r, ATTENDED) for r in sheet.rows]
            ),
            now=NOW,
        )
    assert delivery.marks() == []


def test_a_mark_is_corrected_by_a_new_mark_and_the_old_one_is_kept(delivery: Delivery) -> None:
    world = delivery.world
    delivery.save([ATTENDED, ATTENDED, ATTENDED])
    first = delivery.sessions[0]
    correction = {
        "membership_id": delivery.places[1],
        "expected_mark_number": 1,
        "outcome": "unacceptable_absence",
        "note": "Was not there after all",
        "correction_reason": "Marked on the wrong row",
    }
    assert correct_mark(world.team, world.workspace.uow(), first, correction, now=NOW) == 2
    with pytest.raises(ConcurrentEdit):
        correct_mark(world.team, world.workspace.uow(), first, correction, now=NOW)
    with pytest.raises(ValidationFailed) as refused:
        correct_mark(
            world.team,
            world.workspace.uow(),
            first,
            {**correction, "expected_mark_number": 2, "absence_reason": "other"},
            now=NOW,
        )
    # One person's mark, not a register: no row number, the field by its label.
    (problem,) = refused.value.problems
    assert (problem.field, problem.code) == ("absence_reason", "reason_not_allowed")
    assert problem.message == (
        "Zoë Ní Bhriain (B0002CC), Reason: a reason is only given for an acceptable absence"
    )
    marks = [m for m in delivery.marks() if m[1] == delivery.places[1]]
    assert [(m[2], m[3]) for m in marks] == [(1, "attended_complied"), (2, "unacceptable_absence")]
    current = {m.membership_id: m for m in delivery.register().current}
    assert current[delivery.places[1]].outcome == "unacceptable_absence"
    assert current[delivery.places[1]].mark_number == 2
    (row,) = world.audit("programme_attendance.corrected")
    assert row["corrected_outcome"] == "attended_complied" and "note" not in row


def test_replaced_sessions_are_not_marked_catch_ups_and_one_to_ones_are(
    delivery: Delivery,
) -> None:
    world = delivery.world
    with world.workspace.uow() as uow:
        old = uow.programmes.session(delivery.sessions[1])
        assert old is not None
        old.replaced_at = dt.datetime(2026, 11, 8, tzinfo=dt.UTC)
        new = _session(
            uow,
            delivery.group,
            dt.datetime(2026, 11, 11, 9, tzinfo=dt.UTC),
            sequence=2,
            replaces_session_id=old.id,
        )
        catch_up = _session(
            uow, delivery.group, dt.datetime(2026, 11, 12, 9, tzinfo=dt.UTC), is_catch_up=True
        )
        uow.commit()
    with pytest.raises(ValidationFailed) as refused:
        delivery.register(delivery.sessions[1])
    assert refused.value.problems[0].field == "session_id"
    delivery.save([ATTENDED] * 3, session=new)
    delivery.save([ATTENDED], session=catch_up)
    assert delivery.register(delivery.one_to_one).sheet.rows == ()
    assign_one_to_one(world.team, world.workspace.uow(), delivery.one_to_one, delivery.referrals[1])
    sheet = delivery.register(delivery.one_to_one).sheet
    assert [row.membership_id for row in sheet.rows] == [delivery.places[1]]
    delivery.save([ATTENDED], session=delivery.one_to_one)
    with pytest.raises(ValidationFailed):
        assign_one_to_one(
            world.team, world.workspace.uow(), delivery.one_to_one, delivery.referrals[0]
        )


def _to_on_programme(world: World, referral: int) -> None:
    """The referral (assessed as suitable, with its place) starts the programme."""
    world.move(world.team, referral, "on_programme")


ABSENT = {"outcome": "unacceptable_absence"}


def test_completion_is_confirmed_through_the_workflow_with_the_history_entry(
    delivery: Delivery,
) -> None:
    world = delivery.world
    done, absent, _third = delivery.referrals
    for referral in (done, absent):
        _to_on_programme(world, referral)
    delivery.save([ATTENDED, ABSENT, ATTENDED], session=delivery.sessions[0])
    result = completion_for_referral(world.team, world.workspace.uow(), done)
    assert result.result.outcome is CompletionOutcome.IN_PROGRESS
    assert result.revision == world.revision(done)
    with pytest.raises(ValidationFailed) as refused:
        confirm_completion(world.team, world.workspace.uow(), done, world.revision(done), TODAY)
    (problem,) = refused.value.problems
    assert problem.code == "completion.sessions_without_outcome"
    assert "2 of its 3 planned sessions have no outcome" in problem.message
    with pytest.raises(ValidationFailed) as refused:  # nor by the move itself
        world.move(world.team, done, "programme_complete")
    assert refused.value.problems[0].code == "completion.sessions_without_outcome"
    assert world.status(done) == "on_programme"
    delivery.save([ATTENDED, ABSENT, ABSENT], session=delivery.sessions[1])
    with delivery.world.workspace.uow() as uow:
        for session_id in (delivery.future, delivery.one_to_one):
            row = uow.programmes.session(session_id)
            assert row is not None
            row.replaced_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        uow.commit()
    with pytest.raises(ValidationFailed) as refused:
        confirm_completion(world.team, world.workspace.uow(), absent, world.revision(absent), TODAY)
    assert refused.value.problems[0].code == "completion.none_attended"
    with pytest.raises(PermissionDenied):
        confirm_completion(world.officer, world.workspace.uow(), done, world.revision(done))
    with pytest.raises(ConcurrentEdit):  # nothing of the confirmation is left behind
        confirm_completion(world.team, world.workspace.uow(), done, world.revision(done) - 1)
    # On the programme: each has an entry in progress, and nothing of the refusals is left.
    on_programme = [
        (delivery.people[n], "in_progress", "referral", referral, None, "custody")
        for n, referral in enumerate((done, absent))
    ]
    assert world.status(done) == "on_programme" and delivery.history_entries() == on_programme
    before = world.part_revisions()
    revision = confirm_completion(
        world.team, world.workspace.uow(), done, world.revision(done), TODAY
    )
    assert revision == world.revision(done)
    assert world.status(done) == "programme_complete"
    assert [h[1:3] for h in world.history(done)][-1] == ("on_programme", "programme_complete")
    # The ending supersedes the entry in progress: one current entry for the referral.
    assert delivery.history_entries() == [
        on_programme[1],
        (delivery.people[0], "complete", "referral", done, None, "custody"),
    ]
    with world.workspace.uow() as uow:  # where it ran: the prison's name, never its code
        assert {r.location for r in uow.session.scalars(select(ProgrammeHistoryRow))} == {
            "HMP Leeds"
        }
    (audited,) = world.audit("programme_referral.completion_confirmed")
    assert (
        audited["planned"] == 2
        and audited["attended"] == 2
        and audited["person_id"] == delivery.people[0]
    )
    # The completion ended the place: the person leaves the group's later registers.
    assert audited["place_ended_group_id"] == delivery.group
    with world.workspace.uow() as uow:
        assert uow.programme_referrals.current_place(done) is None
    assert world.part_revisions() == before


def test_attending_only_the_pre_group_session_does_not_complete_the_programme(
    delivery: Delivery,
) -> None:
    world = delivery.world
    referral = delivery.referrals[0]
    _to_on_programme(world, referral)
    with world.workspace.uow() as uow:
        one = uow.programmes.session(delivery.one_to_one)
        future = uow.programmes.session(delivery.future)
        assert one is not None and future is not None
        one.module_number = 1  # BC-MOD's pre-group module, as the catalogue marks it
        future.replaced_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        uow.commit()
    assign_one_to_one(world.team, world.workspace.uow(), delivery.one_to_one, referral)
    for session in delivery.sessions:
        delivery.save([ABSENT, ABSENT, ABSENT], session=session)
    delivery.save([ATTENDED], session=delivery.one_to_one)
    found = completion_for_referral(world.team, world.workspace.uow(), referral).result
    assert (found.outcome, found.planned, found.substantive_attended) == (
        CompletionOutcome.CANCELLED,
        3,
        0,
    )
    with pytest.raises(ValidationFailed) as refused:
        confirm_completion(
            world.team, world.workspace.uow(), referral, world.revision(referral), TODAY
        )
    assert refused.value.problems[0].code == "completion.none_attended"
    # A cancelled programme is not a dead end: the refusal says what can be done next.
    assert "so the programme is cancelled. Next: plan a catch-up session" in (
        refused.value.problems[0].message
    )
    assert "move the referral to Deselected" in refused.value.problems[0].message
    assert world.status(referral) == "on_programme"
    assert [e[1] for e in delivery.history_entries()] == ["in_progress"]
    with world.workspace.uow() as uow:  # the same one-to-one in a content module counts
        one = uow.programmes.session(delivery.one_to_one)
        assert one is not None
        one.module_number = 2
        uow.commit()
    found = completion_for_referral(world.team, world.workspace.uow(), referral).result
    assert (found.outcome, found.substantive_attended) == (CompletionOutcome.COMPLETE, 1)


@pytest.mark.parametrize(
    ("to_status", "category", "reason", "label"),
    [
        ("deselected", "deselected_personal", "deselected_health", "Deselected"),
        ("withdrawn", "withdrawn_personal", "withdrawn_health", "Withdrawn"),
    ],
)
def test_completion_of_a_closed_referral_is_refused_saying_what_can_be_done(
    delivery: Delivery, to_status: str, category: str, reason: str, label: str
) -> None:
    """User trial: confirming the completion of a closed referral said only that nobody may
    move it to Programme complete. The refusal names its status and the way on: nothing to
    confirm, or correct the closing move if it was a mistake."""
    world = delivery.world
    referral = delivery.referrals[0]
    if to_status == "deselected":
        _to_on_programme(world, referral)
    world.move(world.team, referral, to_status, category=category, reason=reason)
    revision = world.revision(referral)
    with pytest.raises(ValidationFailed) as refused:
        confirm_completion(world.team, world.workspace.uow(), referral, revision, TODAY)
    (problem,) = refused.value.problems
    assert problem.code == "completion.referral_closed"
    assert problem.message.startswith(f"Completion: the referral is {label} (closed).")
    assert "There is nothing to confirm" in problem.message
    assert f"If the move to {label} was a mistake, correct the referral's last move" in (
        problem.message
    )
    assert world.status(referral) == to_status and world.revision(referral) == revision
    assert world.audit("programme_referral.completion_confirmed") == []


def test_a_deselection_after_a_place_puts_the_ending_on_the_programme_history(
    delivery: Delivery,
) -> None:
    world = delivery.world
    started, never = delivery.referrals[0], delivery.referrals[1]
    for referral in (started, never):
        _to_on_programme(world, referral)
    delivery.save([ATTENDED, ABSENT, ATTENDED], session=delivery.sessions[0])
    for referral in (started, never):
        world.move(
            world.team,
            referral,
            "deselected",
            category="deselected_motivation_behaviour",
            reason="deselected_motivation",
        )
    assert delivery.history_entries() == [
        (
            delivery.people[0],
            "not_completed",
            "referral",
            started,
            "deselected_motivation_behaviour",
            "custody",
        ),
        (
            delivery.people[1],
            "cancelled",
            "referral",
            never,
            "deselected_motivation_behaviour",
            "custody",
        ),
    ]


def test_a_referral_out_of_reach_is_not_found(delivery: Delivery) -> None:
    world = delivery.world
    with pytest.raises(OutOfScope):
        completion_for_referral(world.elsewhere, world.workspace.uow(), delivery.referrals[0])


def test_the_exports_count_each_week_and_keep_to_the_people_reached(delivery: Delivery) -> None:
    world = delivery.world
    delivery.save([ATTENDED, ABSENT, {"outcome": "attended_failed_to_comply"}])
    delivery.save([ATTENDED, ATTENDED, ABSENT], session=delivery.sessions[1])
    with world.workspace.uow() as uow:  # the third person becomes limited access
        row = uow.people.get(delivery.people[2])
        assert row is not None
        row.restricted = True
        uow.commit()
    first, last = dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    weeks = weekly_attendance_export(world.team, world.workspace.uow(), "LEI", first, last)
    assert [
        (w.week_starting, w.prison_number, w.scheduled, w.attended, w.unacceptable_absence)
        for w in weeks
    ] == [
        (dt.date(2026, 11, 2), "B0001CC", 1, 1, 0),
        (dt.date(2026, 11, 2), "B0002CC", 1, 0, 1),
        (dt.date(2026, 11, 9), "B0001CC", 1, 1, 0),
        (dt.date(2026, 11, 9), "B0002CC", 1, 1, 0),
    ]
    total, *each = world.audit("programme_attendance.exported")
    assert total["rows"] == 4 and total["people"] == 2 and total["person_id"] is None
    # ... and one row per person in the file, with their rows (review finding 7)
    assert [(a["person_id"], a["rows"], a["establishment"]) for a in each] == [
        (delivery.people[0], 2, "LEI"),
        (delivery.people[1], 2, "LEI"),
    ]
    with pytest.raises(PermissionDenied, match="may not export programme referrals or attend"):
        weekly_attendance_export(world.officer, world.workspace.uow(), "LEI", first, last)
    with pytest.raises(PermissionDenied):
        referral_milestones_export(world.officer, world.workspace.uow(), "LEI", first, last)
    assert len(world.audit("programme_attendance.exported")) == 3
    with pytest.raises(ValidationFailed) as refused:
        weekly_attendance_export(world.team, world.workspace.uow(), "LEI", last, first)
    assert refused.value.problems[0].field == "to"


def test_the_milestones_leave_out_a_corrected_move(delivery: Delivery) -> None:
    world = delivery.world
    referral = delivery.referrals[0]

    def milestones() -> dict[int, Any]:
        rows = referral_milestones_export(
            world.team, world.workspace.uow(), "LEI", dt.date(2026, 11, 1), dt.date(2027, 12, 31)
        )
        return {row.referral_id: row for row in rows}

    _to_on_programme(world, referral)
    correct_last_move(
        world.team, world.workspace.uow(), referral, world.revision(referral), {"notes": "Early"}
    )
    corrected = milestones()[referral]
    assert corrected.status_now == "Assessed as suitable" and corrected.on_programme is None
    assert corrected.status_code == "assessed_suitable"
    _to_on_programme(world, referral)
    by_id = milestones()
    assert set(by_id) == set(delivery.referrals)
    mine = by_id[referral]
    assert mine.status_now == "On programme" and mine.on_programme is not None
    assert mine.assessed is not None and mine.completed_or_closed is None
    assert by_id[delivery.referrals[1]].on_programme is None
    with pytest.raises(ValidationFailed) as refused:
        referral_milestones_export(
            world.team, world.workspace.uow(), "NOPE", dt.date(2026, 11, 1), dt.date(2026, 11, 2)
        )
    assert refused.value.problems[0].field == "establishment"


def test_a_deselection_that_kept_the_referral_open_is_a_milestone(delivery: Delivery) -> None:
    """User trial: a deselection back to Assessed as suitable was lost from the export, and
    the status was given as its code."""
    world = delivery.world
    kept, closed = delivery.referrals[0], delivery.referrals[1]
    for referral in (kept, closed):
        _to_on_programme(world, referral)
    world.move(
        world.team,
        kept,
        "assessed_suitable",
        category="deselected_motivation_behaviour",
        reason="deselected_behaviour_in_sessions",
    )
    world.move(
        world.team,
        closed,
        "deselected",
        category="deselected_operational",
        reason="deselected_transfer",
    )
    rows = {
        row.referral_id: row
        for row in referral_milestones_export(
            world.team, world.workspace.uow(), "LEI", dt.date(2026, 11, 1), dt.date(2027, 12, 31)
        )
    }
    back = rows[kept]
    assert back.deselected is not None and back.on_programme is not None
    assert (back.deselection_reason_category, back.deselection_reason) == (
        "deselected_motivation_behaviour",
        "deselected_behaviour_in_sessions",
    )
    assert back.completed_or_closed is None and back.reason is None
    assert (back.status_now, back.status_code) == ("Assessed as suitable", "assessed_suitable")
    assert back.assessed is not None and back.assessed <= back.deselected
    gone = rows[closed]
    assert gone.deselected == gone.completed_or_closed and gone.deselected is not None
    assert (gone.deselection_reason, gone.reason) == ("deselected_transfer",) * 2
    assert (gone.status_now, gone.status_code) == ("Deselected", "deselected")
    # Never deselected: no date; and every row's cells follow the header.
    untouched = rows[delivery.referrals[2]]
    assert untouched.deselected is None and untouched.on_programme is None
    assert len(untouched.cells()) == len(MILESTONE_HEADER)
    # The deselection is corrected away: it did not stand, so it is no milestone.
    correct_last_move(
        world.team, world.workspace.uow(), kept, world.revision(kept), {"notes": "Mistake"}
    )
    again = referral_milestones_export(
        world.team, world.workspace.uow(), "LEI", dt.date(2026, 11, 1), dt.date(2027, 12, 31)
    )
    assert {r.referral_id: r for r in again}[kept].deselected is None


def test_weekly_attendance_counts_each_outcome_and_no_session_still_to_come(
    delivery: Delivery,
) -> None:
    world = delivery.world
    illness = {"outcome": "acceptable_absence", "absence_reason": "illness_or_medical"}
    delivery.save([ATTENDED, illness, ABSENT])
    # The second session (9 November) is not marked yet; the third is in January 2027.
    wide = (dt.date(2026, 11, 1), dt.date(2027, 1, 31))

    def weeks(today: dt.date, end: dt.date = wide[1]) -> list[tuple[Any, ...]]:
        rows = weekly_attendance_export(
            world.team, world.workspace.uow(), "LEI", wide[0], end, today=today
        )
        return [
            (
                w.week_starting.isoformat(),
                w.prison_number,
                w.scheduled,
                w.attended,
                w.acceptable_absence,
                w.unacceptable_absence,
                w.not_yet_marked,
            )
            for w in rows
        ]

    held = [
        ("2026-11-02", "B0001CC", 1, 1, 0, 0, 0),
        ("2026-11-02", "B0002CC", 1, 0, 1, 0, 0),
        ("2026-11-02", "B0003CC", 1, 0, 0, 1, 0),
        ("2026-11-09", "B0001CC", 1, 0, 0, 0, 1),
        ("2026-11-09", "B0002CC", 1, 0, 0, 0, 1),
        ("2026-11-09", "B0003CC", 1, 0, 0, 0, 1),
    ]
    # Today 1 December: the January session is not counted (nor its week).
    assert weeks(dt.date(2026, 12, 1)) == held
    # --to before today: the sessions after --to are left out.
    assert weeks(dt.date(2026, 12, 1), end=dt.date(2026, 11, 8)) == held[:3]
    # Today the day of the second session: it counts (not yet marked); before it, it does not.
    assert weeks(dt.date(2026, 11, 9)) == held
    assert weeks(dt.date(2026, 11, 8)) == held[:3]
    # Once the January session's day has come, it counts as not yet marked.
    later = weeks(dt.date(2027, 1, 4))
    assert later[:6] == held
    assert later[6:] == [
        ("2027-01-04", number, 1, 0, 0, 0, 1) for number in ("B0001CC", "B0002CC", "B0003CC")
    ]
    header = list(WEEKLY_HEADER)
    assert header[5:] == [
        "scheduled",
        "attended",
        "acceptable_absence",
        "unacceptable_absence",
        "not_yet_marked",
    ]


def test_completion_figures_count_by_outcome_with_current_marks_only(delivery: Delivery) -> None:
    world = delivery.world
    for referral in delivery.referrals:
        _to_on_programme(world, referral)
    delivery.save([ATTENDED, ABSENT, ATTENDED])
    figures = completion_figures(world.team, world.workspace.uow(), "LEI")
    assert figures == {"in_progress": 3, "complete": 0, "not_completed": 0, "cancelled": 0}
    delivery.correct(delivery.places[2], "unacceptable_absence")
    for referral in delivery.referrals:
        world.move(
            world.team,
            referral,
            "deselected",
            category="deselected_motivation_behaviour",
            reason="deselected_motivation",
        )
    figures = completion_figures(world.team, world.workspace.uow())
    assert figures == {"in_progress": 0, "complete": 0, "not_completed": 1, "cancelled": 2}
    with world.workspace.uow() as uow:  # the first session was BC-MOD's pre-group module
        first = uow.programmes.session(delivery.sessions[0])
        assert first is not None
        first.module_number = 1
        uow.commit()
    figures = completion_figures(world.team, world.workspace.uow())
    assert figures == {"in_progress": 0, "complete": 0, "not_completed": 0, "cancelled": 3}
    assert [
        completion_for_referral(world.team, world.workspace.uow(), r).result.outcome
        for r in delivery.referrals
    ] == [CompletionOutcome.CANCELLED] * 3
    assert completion_figures(world.elsewhere, world.workspace.uow()) == dict.fromkeys(figures, 0)
    with pytest.raises(ValidationFailed) as refused:
        completion_figures(world.team, world.workspace.uow(), "NOPE")
    assert refused.value.problems[0].field == "establishment"


def test_the_move_to_programme_complete_follows_the_rule_too(delivery: Delivery) -> None:
    world = delivery.world
    referral = delivery.referrals[0]
    _to_on_programme(world, referral)
    with delivery.world.workspace.uow() as uow:  # only the first session is this test's
        for session_id in (delivery.sessions[1], delivery.future, delivery.one_to_one):
            row = uow.programmes.session(session_id)
            assert row is not None
            row.replaced_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        uow.commit()
    delivery.save([ATTENDED, ABSENT, ABSENT])
    world.move(world.team, referral, "programme_complete")
    assert delivery.history_entries() == [
        (delivery.people[0], "complete", "referral", referral, None, "custody")
    ]


def test_the_weekly_export_counts_a_one_to_one_and_a_catch_up_only_for_their_person(
    delivery: Delivery,
) -> None:
    """A one-to-one is scheduled only for the place it is tied to, and a catch-up only for
    the places marked there (as the completion rule plans them)."""
    world = delivery.world
    with world.workspace.uow() as uow:
        catch_up = _session(
            uow,
            delivery.group,
            dt.datetime(2026, 11, 12, 9, tzinfo=dt.UTC),
            is_catch_up=True,
            sequence=5,
        )
        unmarked_catch_up = _session(
            uow,
            delivery.group,
            dt.datetime(2026, 11, 13, 9, tzinfo=dt.UTC),
            is_catch_up=True,
            sequence=6,
        )
        uow.commit()
    assert unmarked_catch_up
    assign_one_to_one(world.team, world.workspace.uow(), delivery.one_to_one, delivery.referrals[1])
    delivery.save([ATTENDED], session=catch_up)
    weeks = weekly_attendance_export(
        world.team, world.workspace.uow(), "LEI", dt.date(2026, 11, 9), dt.date(2026, 11, 15)
    )
    assert [(w.prison_number, w.scheduled, w.attended, w.not_yet_marked) for w in weeks] == [
        ("B0001CC", 2, 1, 1),  # the group session and the catch-up marked
        ("B0002CC", 2, 0, 2),  # the group session and the one-to-one tied to the place
        ("B0003CC", 1, 0, 1),  # the group session only
    ]


def test_a_closed_referral_takes_no_mark_nor_a_correction(delivery: Delivery) -> None:
    """Review finding 3b: a referral withdrawn (or otherwise closed) keeps its place row but
    takes no new mark: the whole register is refused naming the row, and so is a correction."""
    world = delivery.world
    delivery.save([ATTENDED, ATTENDED, ATTENDED])
    world.move(
        world.officer,
        delivery.referrals[0],
        "withdrawn",
        category="withdrawn_administrative",
        reason="withdrawn_duplicate",
    )
    before = delivery.marks()
    with pytest.raises(ValidationFailed) as refused:
        delivery.save([ATTENDED, ATTENDED, ATTENDED], session=delivery.sessions[1])
    (problem,) = refused.value.problems
    assert problem.field == "rows[0].outcome"
    assert problem.code == "programme_referral.not_open"
    assert "Row 1, " in problem.message and "B0001CC" in problem.message
    with pytest.raises(ValidationFailed) as refused:
        delivery.correct(delivery.places[0], "unacceptable_absence")
    assert refused.value.problems[0].field == "membership_id"
    assert delivery.marks() == before
    assert len(world.audit("programme_attendance.recorded")) == 3  # the first save only
    assert world.audit("programme_attendance.corrected") == []


def _current_history(world: World, person: int) -> list[tuple[Any, ...]]:
    from resettle.services.programme_history import programme_history

    return [
        (v.entry.outcome.value, v.source.value, v.referral_id, v.supersedes_id)
        for v in programme_history(world.team, world.workspace.uow(), person)
        if v.current
    ]


def test_correcting_a_deselection_supersedes_its_ending_on_the_programme_history(
    delivery: Delivery,
) -> None:
    """Review finding 3a: moving an ended referral back leaves no stale ending current; the
    ending it supersedes stays on record, and a new ending supersedes the reopened entry."""
    world = delivery.world
    referral, person = delivery.referrals[0], delivery.people[0]
    _to_on_programme(world, referral)
    delivery.save([ATTENDED, ABSENT, ATTENDED], session=delivery.sessions[0])
    deselect = {
        "category": "deselected_motivation_behaviour",
        "reason": "deselected_motivation",
    }
    world.move(world.team, referral, "deselected", **deselect)
    ((_outcome, _source, _referral, _none),) = _current_history(world, person)
    started_id, ended_id = delivery.history_ids()
    correct_last_move(
        world.team, world.workspace.uow(), referral, world.revision(referral), {"notes": "Error"}
    )
    assert world.status(referral) == "on_programme"
    assert _current_history(world, person) == [("in_progress", "referral", referral, ended_id)]
    # The entry in progress and the ending are kept, superseded.
    assert delivery.history_ids()[:2] == [started_id, ended_id]
    (corrected,) = world.audit("programme_referral.corrected")
    reopened_id = corrected["programme_history_id"]
    assert reopened_id == delivery.history_ids()[2]
    world.move(world.team, referral, "deselected", **deselect)
    assert _current_history(world, person) == [("not_completed", "referral", referral, reopened_id)]


def test_only_the_programme_team_corrects_an_entry_the_workflow_wrote(
    delivery: Delivery,
) -> None:
    """Review finding 3c: an officer may not turn a deselection into a completion by hand."""
    from resettle.services.programme_history import correct_programme_entry

    world = delivery.world
    referral, person = delivery.referrals[0], delivery.people[0]
    _to_on_programme(world, referral)
    delivery.save([ATTENDED, ABSENT, ATTENDED], session=delivery.sessions[0])
    world.move(
        world.team,
        referral,
        "deselected",
        category="deselected_motivation_behaviour",
        reason="deselected_motivation",
    )
    started_id, ended_id = delivery.history_ids()
    complete = {
        "programme_code": "BC-MOD",
        "programme_name": "Building Choices (moderate intensity)",
        "setting": "custody",
        "started_on": "2026-11-02",
        "ended_on": "2026-11-09",
        "outcome": "complete",
    }
    with pytest.raises(PermissionDenied):
        correct_programme_entry(
            world.officer, world.workspace.uow(), person, ended_id, complete, today=TODAY
        )
    assert delivery.history_ids() == [started_id, ended_id]
    assert world.audit("programme_history.corrected") == []
    new_id = correct_programme_entry(
        world.team, world.workspace.uow(), person, ended_id, complete, today=TODAY
    )
    assert delivery.history_ids() == [started_id, ended_id, new_id]


def _withdraw(world: World, referral: int) -> int:
    from resettle.services.programme_referral_places import withdraw_group_place

    return withdraw_group_place(
        world.team, world.workspace.uow(), referral, world.revision(referral)
    )


def _holds_place(world: World, referral: int) -> bool:
    with world.workspace.uow() as uow:
        return uow.programme_referrals.current_place(referral) is not None


def test_the_place_of_a_referral_on_the_programme_is_withdrawn_only_after_a_deselection(
    delivery: Delivery,
) -> None:
    """User trial: withdrawing the place of a referral on the programme stranded it (on the
    programme, no group, not waiting). It is refused naming the person, the programme and the
    move to make first; after a deselection that keeps it open the place is withdrawn."""
    world = delivery.world
    referral = delivery.referrals[0]
    _to_on_programme(world, referral)
    revision = world.revision(referral)
    with pytest.raises(ValidationFailed) as refused:
        _withdraw(world, referral)
    (problem,) = refused.value.problems
    assert problem.field == "referral"
    assert problem.code == "programme_referral.place_on_programme"
    assert "B0001CC" in problem.message and "BC-MOD-2" in problem.message
    assert "Building Choices: moderate intensity" in problem.message
    assert "Deselect the referral first" in problem.message
    assert world.revision(referral) == revision and _holds_place(world, referral)
    assert world.audit("programme_referral.place_withdrawn") == []
    world.move(
        world.team,
        referral,
        "assessed_suitable",
        category="deselected_motivation_behaviour",
        reason="deselected_motivation",
    )
    # Second trial: the deselection itself ends the place (nothing left to withdraw): later
    # registers no longer list the person, and the group counts the place free.
    assert not _holds_place(world, referral)
    later = delivery.register(delivery.future).sheet
    assert delivery.places[0] not in later.group_membership_ids and later.other_places == 0
    with world.workspace.uow() as uow:
        assert uow.programme_referrals.places_taken(delivery.group, TODAY) == 2
    assert world.status(referral) == "assessed_suitable"
    with pytest.raises(ValidationFailed) as refused:
        _withdraw(world, referral)
    assert refused.value.problems[0].code == "programme_referral.no_place"


def test_a_closed_referral_leaves_its_group_and_its_place_is_not_withdrawn(
    delivery: Delivery,
) -> None:
    """A completed (or deselected) referral's place ends with the move that closed it, in the
    same unit of work: it no longer takes a place nor appears in later registers, and a
    withdrawal of it is refused naming why. A correction reopening it holds the place again."""
    world = delivery.world
    dropped = delivery.referrals[1]
    for referral in delivery.referrals[:2]:
        _to_on_programme(world, referral)
    delivery.save([ATTENDED, ATTENDED, ATTENDED], session=delivery.sessions[0])
    delivery.save([ATTENDED, ABSENT, ATTENDED], session=delivery.sessions[1])
    world.move(
        world.team,
        dropped,
        "deselected",
        category="deselected_motivation_behaviour",
        reason="deselected_motivation",
    )
    assert not _holds_place(world, dropped)
    assert world.audit("programme_referral.moved")[-1]["place_ended_group_id"] == delivery.group
    later = delivery.register(delivery.future).sheet
    assert delivery.places[1] not in later.group_membership_ids
    assert delivery.places[0] in later.group_membership_ids
    with pytest.raises(ValidationFailed) as refused:
        _withdraw(world, dropped)
    assert refused.value.problems[0].field == "group_id"  # it has no place left
    correct_last_move(
        world.team, world.workspace.uow(), dropped, world.revision(dropped), {"notes": "Error"}
    )
    assert world.status(dropped) == "on_programme" and _holds_place(world, dropped)
    assert world.audit("programme_referral.corrected")[-1]["place_restored"] is True
    assert delivery.places[1] in delivery.register(delivery.future).sheet.group_membership_ids
    with pytest.raises(ValidationFailed):
        _withdraw(world, dropped)  # on the programme again
    # A closed referral still holding a place (recorded before places ended on closing).
    assert "place_ended_group_id" not in world.audit("programme_referral.moved")[0]
    world.move(
        world.officer,
        delivery.referrals[2],
        "withdrawn",
        category="withdrawn_administrative",
        reason="withdrawn_duplicate",
    )
    with world.workspace.uow() as uow:
        row = uow.programme_referrals.referral(delivery.referrals[2])
        assert row is not None
        (place,) = uow.programme_referrals.places_of([row.id])
        place.left_at = None
        uow.commit()
    with pytest.raises(ValidationFailed) as refused:
        _withdraw(world, delivery.referrals[2])
    (problem,) = refused.value.problems
    assert problem.code == "programme_referral.place_of_closed"
    assert "B0003CC" in problem.message and "Withdrawn" in problem.message
    assert "Building Choices: moderate intensity" in problem.message


def test_a_correction_that_would_take_the_group_over_its_capacity_is_refused(
    delivery: Delivery,
) -> None:
    """The place a deselection freed went to someone else: correcting the deselection would
    hold it again over the capacity. The correction is refused saying what to do, and nothing
    is written (the referral stays deselected, no place, no audit row)."""
    world = delivery.world
    dropped = delivery.referrals[1]
    _to_on_programme(world, dropped)
    world.move(
        world.team,
        dropped,
        "deselected",
        category="deselected_motivation_behaviour",
        reason="deselected_motivation",
    )
    ws = world.workspace
    world.person = register_person(
        ws.actor, ws.uow(), another_person(4, establishment_id=world.leeds)
    ).id
    newcomer = world.refer_assessed()
    give_group_place(world.team, ws.uow(), newcomer, world.revision(newcomer), delivery.group)
    revision = world.revision(dropped)
    with pytest.raises(GroupFull) as refused:
        correct_last_move(world.team, ws.uow(), dropped, revision, {"notes": "Error"})
    assert "Group BC-MOD-2 is full: it has 3 places" in str(refused.value)
    assert "withdraw a place from the group" in str(refused.value)
    assert world.status(dropped) == "deselected" and world.revision(dropped) == revision
    assert not _holds_place(world, dropped)
    assert world.audit("programme_referral.corrected") == []


def test_a_session_shows_as_held_once_its_register_is_taken_and_a_correction_keeps_it(
    delivery: Delivery,
) -> None:
    """User trial: a session stayed "Planned" after its register was saved. The sessions
    listed (the Groups and sessions tab, the CLI) and the day's sessions (the Today tab) say
    whether its register was taken, worked out from its marks."""
    from resettle.services.programme_delivery import delivery_overview
    from resettle.services.programme_sessions import list_group_sessions

    world = delivery.world

    def taken() -> dict[int, bool]:
        listed = list_group_sessions(world.team, world.workspace.uow(), delivery.group)
        return {s.id: s.register_taken for s in listed}

    assert not any(taken().values())
    delivery.save([ATTENDED, ATTENDED, ABSENT])
    assert taken() == {
        delivery.sessions[0]: True,
        delivery.sessions[1]: False,
        delivery.future: False,
        delivery.one_to_one: False,
    }
    delivery.correct(delivery.places[2], "attended_complied")
    assert taken()[delivery.sessions[0]] is True
    day = delivery_overview(world.team, world.workspace.uow(), world.leeds, dt.date(2026, 11, 2))
    assert [(d.session.id, d.session.register_taken) for d in day.day_sessions] == [
        (delivery.sessions[0], True)
    ]
    day = delivery_overview(world.team, world.workspace.uow(), world.leeds, dt.date(2026, 11, 9))
    assert [(d.session.id, d.session.register_taken) for d in day.day_sessions] == [
        (delivery.sessions[1], False)
    ]


def test_a_place_given_after_two_sessions_is_on_neither_register_nor_counted_for_them(
    delivery: Delivery,
) -> None:
    """A place counts for a session only if it was held when the session started: the
    third person joined after both past sessions (trial finding: a late place was listed,
    unmarked, on the registers of sessions held before it was given)."""
    world = delivery.world
    late = delivery.places[2]
    with world.workspace.uow() as uow:
        place = uow.session.get(ProgrammeGroupMemberRow, late)
        assert place is not None
        place.joined_at = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
        uow.commit()
    for session in delivery.sessions:
        sheet = delivery.register(session).sheet
        assert [row.membership_id for row in sheet.rows] == delivery.places[:2]
        assert sheet.other_places == 0 and late not in sheet.group_membership_ids
        with world.workspace.uow() as uow:
            starts = uow.programmes.session(session).starts_at  # type: ignore[union-attr]
            assert uow.programme_referrals.places_held_at(delivery.group, starts) == 2
    # ... a mark for them there is refused, and the later session lists them.
    with pytest.raises(ValidationFailed):
        record_attendance(
            world.team,
            world.workspace.uow(),
            delivery.sessions[0],
            Register.model_validate(
                {
                    **delivery.register().sheet.model_dump(),
                    "group_membership_ids": frozenset(delivery.places),
                    "rows": (
                        *delivery.register().sheet.rows,
                        RegisterRow(
                            membership_id=late,
                            person_id=delivery.people[2],
                            name="Late Joiner",
                            outcome="attended_complied",
                        ),
                    ),
                }
            ),
            now=NOW,
        )
    # ... nor may a one-to-one held before the place was given be tied to them.
    with pytest.raises(ValidationFailed) as refused:
        assign_one_to_one(
            world.team, world.workspace.uow(), delivery.one_to_one, delivery.referrals[2]
        )
    (problem,) = refused.value.problems
    assert (problem.field, problem.code) == ("referral_id", "programme_session.before_place")
    assert "given after the session started (10/11/2026 at 09:00)" in problem.message
    later = delivery.register(delivery.future).sheet
    assert late in [row.membership_id for row in later.rows]
    # The completion rule does not drop the two group sessions held before the place was
    # given (second trial): they are planned for the late joiner, each needing a catch-up of
    # module 2; the one-to-one held before (someone else's) is not.
    delivery.save([ATTENDED, ATTENDED], session=delivery.sessions[0])
    delivery.save([ATTENDED, ATTENDED], session=delivery.sessions[1])
    found = completion_for_referral(world.team, world.workspace.uow(), delivery.referrals[2])
    assert found.result.planned == 3 and found.result.without_outcome == 3
    assert found.result.catch_ups_needed == (2, 2)
    early = completion_for_referral(world.team, world.workspace.uow(), delivery.referrals[0])
    assert early.result.planned == 3 and early.result.catch_ups_needed == ()
    # ... and the weekly export has no week for them before they joined.
    weeks = weekly_attendance_export(
        world.team, world.workspace.uow(), "LEI", dt.date(2026, 11, 1), dt.date(2026, 11, 30)
    )
    assert "B0003CC" not in {w.prison_number for w in weeks}
    assert {w.prison_number for w in weeks} == {"B0001CC", "B0002CC"}


@pytest.mark.parametrize("why", [None, "", "   "])
def test_a_correction_without_why_is_refused_naming_the_field(
    delivery: Delivery, why: str | None
) -> None:
    """User trial: a corrected mark did not say why it was corrected."""
    world = delivery.world
    delivery.save([ATTENDED, ATTENDED, ATTENDED])
    correction: dict[str, Any] = {
        "membership_id": delivery.places[0],
        "expected_mark_number": 1,
        "outcome": "unacceptable_absence",
    }
    if why is not None:
        correction["correction_reason"] = why
    with pytest.raises(ValidationFailed) as refused:
        correct_mark(world.team, world.workspace.uow(), delivery.sessions[0], correction, now=NOW)
    (problem,) = refused.value.problems
    assert problem.field == "correction_reason"
    assert problem.message == "Why corrected: is required"
    assert [m[2] for m in delivery.marks() if m[1] == delivery.places[0]] == [1]


def test_an_empty_why_is_said_with_the_marks_own_problems(delivery: Delivery) -> None:
    world = delivery.world
    delivery.save([ATTENDED, ATTENDED, ATTENDED])
    correction = {
        "membership_id": delivery.places[0],
        "expected_mark_number": 1,
        "outcome": "acceptable_absence",
        "correction_reason": "",
    }
    with pytest.raises(ValidationFailed) as refused:
        correct_mark(world.team, world.workspace.uow(), delivery.sessions[0], correction, now=NOW)
    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("correction_reason", "string_too_short"),
        ("absence_reason", "reason_required"),
    ]
    assert [m[2] for m in delivery.marks() if m[1] == delivery.places[0]] == [1]
    # Another field wrong with it: refused as before, every field named.
    with pytest.raises(ValidationFailed) as refused:
        correct_mark(
            world.team,
            world.workspace.uow(),
            delivery.sessions[0],
            {**correction, "outcome": "asleep"},
            now=NOW,
        )
    assert {p.field for p in refused.value.problems} == {"outcome", "correction_reason"}
    assert [m[2] for m in delivery.marks() if m[1] == delivery.places[0]] == [1]


def test_a_why_corrected_over_200_characters_is_refused(delivery: Delivery) -> None:
    world = delivery.world
    delivery.save([ATTENDED, ATTENDED, ATTENDED])
    correction = {
        "membership_id": delivery.places[0],
        "expected_mark_number": 1,
        "outcome": "unacceptable_absence",
        "correction_reason": "x" * 201,
    }
    with pytest.raises(ValidationFailed) as refused:
        correct_mark(world.team, world.workspace.uow(), delivery.sessions[0], correction, now=NOW)
    (problem,) = refused.value.problems
    assert problem.message == "Why corrected: at most 200 characters"
    assert [m[2] for m in delivery.marks() if m[1] == delivery.places[0]] == [1]
    correction["correction_reason"] = "x" * 200
    assert (
        correct_mark(world.team, world.workspace.uow(), delivery.sessions[0], correction, now=NOW)
        == 2
    )


def test_why_corrected_is_stored_and_shown_in_the_marks_history(delivery: Delivery) -> None:
    world = delivery.world
    delivery.save([ATTENDED, ATTENDED, ATTENDED])
    place = delivery.places[2]
    correction = {
        "membership_id": place,
        "expected_mark_number": 1,
        "outcome": "unacceptable_absence",
        "correction_reason": "  Marked present by mistake  ",
    }
    correct_mark(world.team, world.workspace.uow(), delivery.sessions[0], correction, now=NOW)
    again = {
        **correction,
        "expected_mark_number": 2,
        "outcome": "acceptable_absence",
        "absence_reason": "legal_visit_or_court",
        "correction_reason": "Was at court: the wing told us later",
    }
    correct_mark(world.team, world.workspace.uow(), delivery.sessions[0], again, now=NOW)
    with world.workspace.uow() as uow:
        stored = uow.session.scalars(
            select(ProgrammeAttendanceRow.correction_reason)
            .where(ProgrammeAttendanceRow.member_id == place)
            .order_by(ProgrammeAttendanceRow.mark_number)
        ).all()
    assert stored == [None, "Marked present by mistake", "Was at court: the wing told us later"]
    read = delivery.register()
    history = read.history_of(place)
    assert [(e.mark_number, e.outcome.value, e.correction_reason) for e in history] == [
        (1, "attended_complied", None),
        (2, "unacceptable_absence", "Marked present by mistake"),
        (3, "acceptable_absence", "Was at court: the wing told us later"),
    ]
    assert {e.recorded_by for e in history} == {world.team.display_name}
    assert history[2].absence_reason == "legal_visit_or_court"
    current = {m.membership_id: m for m in read.current}[place]
    assert current.correction_reason == "Was at court: the wing told us later"
    # Another place's history holds only its own first mark.
    assert [e.mark_number for e in read.history_of(delivery.places[0])] == [1]


def test_a_correction_that_changes_nothing_is_refused(delivery: Delivery) -> None:
    """User trial: Correct with nothing changed was saved as a correction."""
    world = delivery.world
    delivery.save([ATTENDED, ATTENDED, ATTENDED])
    same = {
        "membership_id": delivery.places[0],
        "expected_mark_number": 1,
        "correction_reason": "Checked the sheet",
        **ATTENDED,
    }
    with pytest.raises(ValidationFailed) as refused:
        correct_mark(world.team, world.workspace.uow(), delivery.sessions[0], same, now=NOW)
    (problem,) = refused.value.problems
    assert (problem.field, problem.code) == ("outcome", "correction_changes_nothing")
    assert problem.message.endswith(
        "Outcome: the correction changes nothing; choose another outcome, reason or note"
    )
    assert [m[2] for m in delivery.marks() if m[1] == delivery.places[0]] == [1]  # nothing added
    noted = {**same, "note": "Left early, back for the last hour"}
    assert (
        correct_mark(world.team, world.workspace.uow(), delivery.sessions[0], noted, now=NOW) == 2
    )


def test_a_late_joiner_completes_once_catch_ups_meet_the_sessions_held_before_they_joined(
    delivery: Delivery,
) -> None:
    """Second trial: a person given a place after the group had held two module 2 sessions
    was found complete on the sessions held since. The completion refusal names the modules
    needing a catch-up; marked catch-ups of module 2 meet them."""
    world = delivery.world
    late, late_referral = delivery.places[2], delivery.referrals[2]
    # Asked before the place is given: two group sessions of module 2 held so far (the
    # one-to-one is someone else's, the later session not held yet).
    held = sessions_before_joining(world.team, world.workspace.uow(), delivery.group, now=NOW)
    assert (held.sessions, held.modules, held.group_code) == (2, (2,), "BC-MOD-2")
    assert held.words() == (
        "Group BC-MOD-2 has already held 2 sessions (module 2); a place given now needs "
        "catch-ups of them before the programme can be completed"
    )
    early = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    before_any = sessions_before_joining(
        world.team, world.workspace.uow(), delivery.group, now=early
    )
    assert before_any.sessions == 0 and before_any.words() == ""
    with pytest.raises(PermissionDenied):
        sessions_before_joining(world.officer, world.workspace.uow(), delivery.group)
    # The places were given after both sessions: the audit row counts them.
    assert [a["sessions_held_before"] for a in world.audit("programme_referral.place_given")] == [
        2,
        2,
        2,
    ]
    with world.workspace.uow() as uow:
        place = uow.session.get(ProgrammeGroupMemberRow, late)
        assert place is not None
        place.joined_at = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
        future = uow.programmes.session(delivery.future)
        assert future is not None
        future.replaced_at = dt.datetime(2026, 11, 19, tzinfo=dt.UTC)  # not run
        since = _session(uow, delivery.group, dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC))
        uow.commit()
    _to_on_programme(world, late_referral)
    delivery.save([ATTENDED, ATTENDED, ATTENDED], session=since)
    with pytest.raises(ValidationFailed) as refused:
        confirm_completion(
            world.team, world.workspace.uow(), late_referral, world.revision(late_referral), TODAY
        )
    (problem,) = refused.value.problems
    assert (problem.field, problem.code) == ("referral_id", "completion.sessions_without_outcome")
    assert problem.message == (
        "Completion: not complete: 2 of its 3 planned sessions have no outcome yet. Catch-ups "
        "needed: 2 (module 2), for the group sessions held before they joined; plan a "
        "catch-up of each and record its outcome"
    )
    assert world.status(late_referral) == "on_programme"
    # Catch-ups of module 2, marked for the late joiner only: one attended, one absent. An
    # absence delivers nothing (third trial): module 2 still needs one, until a third
    # catch-up is attended.
    with world.workspace.uow() as uow:
        catch_ups = [
            _session(
                uow, delivery.group, dt.datetime(2026, 11, day, 14, tzinfo=dt.UTC), is_catch_up=True
            )
            for day in (24, 25, 26)
        ]
        uow.commit()
    needed = []
    for catch_up, mark in zip(catch_ups, (ATTENDED, ABSENT, ATTENDED), strict=True):
        sheet = delivery.register(catch_up).sheet
        rows = tuple(_with(row, mark) for row in sheet.rows if row.membership_id == late)
        record_attendance(
            world.team, world.workspace.uow(), catch_up, sheet.with_rows(rows), now=NOW
        )
        found = completion_for_referral(world.team, world.workspace.uow(), late_referral)
        needed.append((found.result.catch_ups_needed, found.result.outcome))
    assert needed == [
        ((2,), CompletionOutcome.IN_PROGRESS),
        ((2,), CompletionOutcome.IN_PROGRESS),
        ((), CompletionOutcome.COMPLETE),
    ]
    confirm_completion(
        world.team, world.workspace.uow(), late_referral, world.revision(late_referral), TODAY
    )
    assert world.status(late_referral) == "programme_complete"


def test_catch_ups_are_owed_only_while_the_referral_holds_a_place(delivery: Delivery) -> None:
    """Re-trial: after a deselection that kept the referral open (its place ended), the
    referral still said "catch-ups needed" though no catch-up could be planned for it."""
    from resettle.services.programme_referral_lists import list_person_referrals

    world = delivery.world
    late, late_referral = delivery.places[2], delivery.referrals[2]
    with world.workspace.uow() as uow:
        place = uow.session.get(ProgrammeGroupMemberRow, late)
        assert place is not None
        place.joined_at = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
        person_id = place.person_id
        uow.commit()
    _to_on_programme(world, late_referral)

    def owed() -> tuple[int, ...]:
        views = list_person_referrals(world.team, world.workspace.uow(), person_id)
        (view,) = [v for v in views if v.id == late_referral]
        return view.catch_ups_needed

    assert owed() == (2, 2)
    world.move(
        world.team,
        late_referral,
        "assessed_suitable",
        category="deselected_motivation_behaviour",
        reason="deselected_motivation",
    )
    assert owed() == ()
