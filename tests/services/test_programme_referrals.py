"""Programme referrals through the services, on every backend: refer, move, correct, group
places and the lists; every refusal names what is wrong and saves nothing; the audit rows hold
codes only; the case record's revisions are never touched; the history is append-only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import event, select

from resettle.domain.access import OutOfScope
from resettle.domain.case_status import CaseIsClosed
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import PermissionDenied
from resettle.domain.programme_referral_workflow import MoveNotAllowed
from resettle.domain.programme_referrals import (
    CorrectionNotAllowed,
    GroupFull,
    NothingToCorrect,
    PersonReleased,
)
from resettle.domain.seen_by import ViewPlace
from resettle.domain.staff import Actor, Role
from resettle.services.programme_referral_lists import (
    list_establishment_referrals,
    list_person_referrals,
)
from resettle.services.programme_referral_places import give_group_place, withdraw_group_place
from resettle.services.programme_referrals import (
    correct_last_move,
    move_referral,
    refer_to_programme,
)
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from resettle.storage.errors import ConcurrentEdit
from resettle.storage.tables.access import ALLOWED, PersonAccessRow
from resettle.storage.tables.audit import AuditEntryRow
from resettle.storage.tables.programme_referrals import (
    ProgrammeGroupMemberRow,
    ProgrammeReferralHistoryRow,
    ProgrammeReferralRow,
)
from resettle.storage.tables.programmes import (
    ProgrammeGroupRow,
    ProgrammeOfferingRow,
    ProgrammeSessionRow,
)
from tests.factories import another_person, establishment, staff_member
from tests.programme_steps import ASSESSMENT, acting, assess_as_suitable

TODAY = dt.date(2026, 12, 1)


@dataclass
class World:
    workspace: Workspace
    officer: Actor
    team: Actor  # the programme team at Leeds
    elsewhere: Actor  # an officer on another team
    leeds: int
    person: int
    offering: int
    group: int

    def refer(self, **data: Any) -> int:
        return refer_to_programme(
            self.officer,
            self.workspace.uow(),
            self.person,
            {"programme_code": "BC-MOD", **data},
            today=TODAY,
        )

    def refer_another(self, n: int, **data: Any) -> int:
        """Refer another person held at Leeds (a person has one open referral a programme)."""
        other = register_person(
            self.officer, self.workspace.uow(), another_person(n, establishment_id=self.leeds)
        ).id
        return refer_to_programme(
            self.officer,
            self.workspace.uow(),
            other,
            {"programme_code": "BC-MOD", **data},
            today=TODAY,
        )

    def move(self, actor: Actor, referral: int, to: str, **data: Any) -> int:
        return move_referral(
            actor,
            self.workspace.uow(),
            referral,
            self.revision(referral),
            {"to_status": to, **data},
            today=TODAY,
        )

    def revision(self, referral: int) -> int:
        with self.workspace.uow() as uow:
            row = uow.programme_referrals.referral(referral)
            assert row is not None
            return row.revision

    def history(self, referral: int) -> list[tuple[Any, ...]]:
        with self.workspace.uow() as uow:
            return [
                (
                    e.id,
                    e.from_status,
                    e.to_status,
                    e.category,
                    e.reason,
                    e.notes,
                    e.corrects_id,
                    e.moved_at,
                )
                for e in uow.session.scalars(
                    select(ProgrammeReferralHistoryRow)
                    .where(ProgrammeReferralHistoryRow.referral_id == referral)
                    .order_by(ProgrammeReferralHistoryRow.id)
                )
            ]

    def status(self, referral: int) -> str:
        with self.workspace.uow() as uow:
            row = uow.programme_referrals.referral(referral)
            assert row is not None
            return row.status

    def audit(self, action: str) -> list[dict[str, Any]]:
        with self.workspace.uow() as uow:
            return [
                dict(row.details or {}, person_id=row.person_id, entity_id=row.entity_id)
                for row in uow.session.scalars(
                    select(AuditEntryRow)
                    .where(AuditEntryRow.action == action)
                    .order_by(AuditEntryRow.seq)
                )
            ]

    def part_revisions(self) -> dict[str, int]:
        with self.workspace.uow() as uow:
            row = uow.people.get(self.person)
            assert row is not None
            return {"profile": row.version, **uow.case.part_revisions(self.person)}

    def to_assessment_started(self, referral: int) -> None:
        for status in ASSESSMENT:
            self.move(self.team, referral, status)

    def assess(self, referral: int) -> int:
        """Take the submitted referral through its assessment to assessed as suitable, as the
        programme team does before it gives a group place; returns the revision."""
        run = acting(self.team, self.workspace.uow)
        return assess_as_suitable(run, referral, self.revision(referral), today=TODAY)

    def refer_assessed(self, **data: Any) -> int:
        """A referral of the world's person, assessed as suitable: waiting for a place."""
        referral = self.refer(**data)
        self.assess(referral)
        return referral


@pytest.fixture
def world(workspace: Workspace) -> World:
    leeds = establishment(workspace)
    person = register_person(
        workspace.actor, workspace.uow(), another_person(1, establishment_id=leeds)
    ).id
    team = staff_member(workspace, "tam.tutor", Role.PROGRAMME_TEAM, establishment_id=leeds)
    with workspace.uow() as uow:
        other_team = uow.staff.add_team("OTHER", "Other team").id
        uow.commit()
    from tests.accounts import seed_account

    elsewhere_id = seed_account(workspace.database, "o.other", (Role.OFFICER,), team_id=other_team)
    elsewhere = Actor(
        id=elsewhere_id, username="o.other", display_name="O Other", role=Role.OFFICER
    )
    with workspace.uow() as uow:
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert programme is not None
        offering = ProgrammeOfferingRow(programme_id=programme.id, establishment_id=leeds)
        uow.programmes.add(offering)
        group = ProgrammeGroupRow(
            offering_id=offering.id,
            code="BC-MOD-1",
            capacity=1,
            starts_on=dt.date(2027, 1, 4),
            ends_on=dt.date(2027, 3, 29),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        uow.commit()
        offering_id, group_id = offering.id, group.id
    return World(workspace, workspace.actor, team, elsewhere, leeds, person, offering_id, group_id)


def test_a_referral_is_created_as_a_draft_and_submitted_with_codes_only_audited(
    world: World,
) -> None:
    before = world.part_revisions()
    referral = world.refer(notes="Keen to start; speaks to the tutor first.")
    history = world.history(referral)
    assert [(h[1], h[2], h[5]) for h in history] == [
        (None, "draft", ""),
        ("draft", "submitted", "Keen to start; speaks to the tutor first."),
    ]
    assert world.status(referral) == "submitted"
    assert world.revision(referral) == 1
    (row,) = world.audit("programme_referral.created")
    assert row == {
        "programme": "BC-MOD",
        "status": "submitted",
        "offering_id": None,
        "programme_pathway": None,
        # Released on 2027-01-15, 45 days after TODAY; BC-MOD takes at least 70 days.
        "short_of_time_to_release": True,
        "person_id": world.person,
        "entity_id": referral,
    }
    assert world.part_revisions() == before
    draft = world.refer(programme_code="BC-HIGH", submit=False, notes="To discuss")
    assert [(h[2], h[5]) for h in world.history(draft)] == [("draft", "To discuss")]


def test_a_referral_with_too_little_time_before_release_is_made_and_the_shortfall_audited(
    world: World,
) -> None:
    """Second trial: the time a programme needs against the time to release is a warning,
    not a refusal: the referral is made, its audit row says it was short, and
    ``referral_release_time`` gives both figures, from the offering's group start when the
    referral names the offering."""
    from resettle.services.programme_referral_lists import referral_release_time

    short = world.refer()
    time = referral_release_time(world.officer, world.workspace.uow(), short, today=TODAY)
    assert time is not None and (time.days_needed, time.days_to_release) == (70, 45)
    assert time.short and not time.from_group_start
    world.move(
        world.officer,
        short,
        "withdrawn",
        category="withdrawn_administrative",
        reason="withdrawn_duplicate",
    )
    early = dt.date(2026, 9, 1)  # 136 days before release, but the group starts on 4 January
    grouped = refer_to_programme(
        world.officer,
        world.workspace.uow(),
        world.person,
        {"programme_code": "BC-MOD", "offering_id": world.offering},
        today=early,
    )
    time = referral_release_time(world.officer, world.workspace.uow(), grouped, today=early)
    assert time is not None and time.from_group_start
    assert (time.starts_on, time.days_to_release, time.short) == (dt.date(2027, 1, 4), 11, True)
    # Not short: a programme with no time to complete, and none when there is time.
    bsr = world.refer(programme_code="BSR")
    assert referral_release_time(world.officer, world.workspace.uow(), bsr) is None
    with world.workspace.uow() as uow:
        person = uow.people.get(world.person)
        assert person is not None
        person.release_date = TODAY + dt.timedelta(days=400)
        uow.commit()
    roomy = world.refer(programme_code="BC-HIGH")
    time = referral_release_time(world.officer, world.workspace.uow(), roomy, today=TODAY)
    assert time is not None and not time.short
    assert [a["short_of_time_to_release"] for a in world.audit("programme_referral.created")] == [
        True,
        True,
        False,
        False,
    ]
    with pytest.raises(OutOfScope):  # a person out of reach: as if no such referral
        referral_release_time(world.elsewhere, world.workspace.uow(), roomy)


def test_bad_referrals_are_refused_naming_the_field_and_nothing_is_saved(world: World) -> None:
    with pytest.raises(ValidationFailed) as refused:
        world.refer(programme_code="NOPE")
    assert refused.value.problems[0].field == "programme_code"
    with pytest.raises(ValidationFailed) as refused:
        world.refer(offering_id=world.offering + 100)
    assert refused.value.problems[0].field == "offering_id"
    with pytest.raises(ValidationFailed) as refused:
        world.refer(notes="x" * 5000)
    assert refused.value.problems[0].field == "notes"
    with pytest.raises(OutOfScope):
        refer_to_programme(
            world.elsewhere, world.workspace.uow(), world.person, {"programme_code": "BC-MOD"}
        )
    with pytest.raises(PermissionDenied):
        refer_to_programme(
            world.team, world.workspace.uow(), world.person, {"programme_code": "BC-MOD"}
        )
    with world.workspace.uow() as uow:
        assert uow.session.scalars(select(ProgrammeReferralRow)).all() == []
        assert uow.session.scalars(select(ProgrammeReferralHistoryRow)).all() == []


def test_an_offering_elsewhere_and_a_second_open_referral_are_refused(world: World) -> None:
    from resettle.services.programme_referral_lists import referral_choices

    york = establishment(world.workspace, code="YOR", name="HMP York")
    with world.workspace.uow() as uow:
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert programme is not None
        there = ProgrammeOfferingRow(programme_id=programme.id, establishment_id=york)
        uow.programmes.add(there)
        uow.commit()
        there_id = there.id
    choices = referral_choices(world.officer, world.workspace.uow(), world.person, today=TODAY)
    # Only the offering where the person is held is offered, by name.
    assert {p.code: p for p in choices.programmes}["BC-MOD"].offerings == (
        (world.offering, "HMP Leeds"),
    )
    with pytest.raises(ValidationFailed) as refused:
        world.refer(offering_id=there_id)
    assert refused.value.problems[0].field == "offering_id"
    assert "another establishment" in refused.value.problems[0].message
    assert {p.code: p for p in choices.programmes}["BC-MOD"].taken_status is None
    first = world.refer()
    # The Refer dialog is told which programme the person is referred to already.
    again = referral_choices(world.officer, world.workspace.uow(), world.person, today=TODAY)
    taken = {p.code: p.taken_status for p in again.programmes}
    assert taken["BC-MOD"] == "submitted"
    assert taken["BC-HIGH"] is None
    with pytest.raises(ValidationFailed) as refused:
        world.refer(offering_id=world.offering)
    problem = refused.value.problems[0]
    assert problem.field == "programme_code"
    assert "status: Referral submitted" in problem.message
    # Named by the programme's name, as the screens show it, not by its code.
    assert "Building Choices" in problem.message
    assert "BC-MOD" not in problem.message
    # Another programme is fine; once the first referral is closed, a new one is too.
    world.refer(programme_code="BC-HIGH")
    world.move(
        world.officer,
        first,
        "withdrawn",
        category="withdrawn_administrative",
        reason="withdrawn_duplicate",
    )
    world.refer()
    with world.workspace.uow() as uow:
        assert len(uow.programme_referrals.referrals_of(world.person)) == 3


def test_the_refer_choices_mark_a_completed_programme_but_not_a_withdrawn_one(
    world: World,
) -> None:
    from resettle.services.programme_referral_lists import referral_choices

    def taken() -> dict[str, str | None]:
        choices = referral_choices(world.officer, world.workspace.uow(), world.person, today=TODAY)
        return {p.code: p.taken_status for p in choices.programmes}

    first = world.refer()
    world.move(
        world.officer,
        first,
        "withdrawn",
        category="withdrawn_administrative",
        reason="withdrawn_duplicate",
    )
    assert taken()["BC-MOD"] is None  # withdrawn: they may be referred again
    done = world.refer(programme_code="BC-HIGH")
    with world.workspace.uow() as uow:  # where confirming completion leaves it
        row = uow.programme_referrals.referral(done)
        assert row is not None
        row.status = "programme_complete"
        uow.commit()
    assert taken()["BC-HIGH"] == "programme_complete"
    # A new open referral to it is what a second referral would be refused for.
    world.refer(programme_code="BC-HIGH")
    assert taken()["BC-HIGH"] == "submitted"


def test_a_released_person_is_not_referred_to_a_custody_programme(world: World) -> None:
    with world.workspace.uow() as uow:
        row = uow.people.get(world.person)
        assert row is not None
        row.release_date = TODAY - dt.timedelta(days=3)
        uow.commit()
    with pytest.raises(PersonReleased, match="released on 2026-11-28") as refused:
        world.refer()
    # The shipped catalogue has no community programme: no advice to refer to one.
    assert "community" not in str(refused.value)
    from resettle.services.programme_referral_lists import referral_choices

    choices = referral_choices(world.officer, world.workspace.uow(), world.person, today=TODAY)
    assert choices.released_on == TODAY - dt.timedelta(days=3)
    by_code = {p.code: p for p in choices.programmes}
    assert "already_released" in by_code["BC-MOD"].ineligible
    assert "not_enough_time" not in by_code["BC-MOD"].ineligible
    with world.workspace.uow() as uow:
        course = uow.programmes.programme_by_code("EDU-FS-ENGLISH-MATHS")
        assert course is not None
        course.definition = {**course.definition, "setting": "community"}
        uow.commit()
    with pytest.raises(PersonReleased) as refused:
        world.refer()
    assert "Refer them to a community programme instead." in str(refused.value)
    assert world.audit("programme_referral.created") == []


def test_moves_follow_the_table_for_the_roles_reaching_the_person(world: World) -> None:
    referral = world.refer()
    with pytest.raises(
        MoveNotAllowed,
        match=r"^A referrer may not move a referral from Referral submitted to Awaiting ",
    ):
        world.move(world.officer, referral, "awaiting_assessment")
    assert world.status(referral) == "submitted" and world.revision(referral) == 1
    before = world.part_revisions()
    world.to_assessment_started(referral)
    assert world.status(referral) == "assessment_started"
    assert world.revision(referral) == 3
    assert world.part_revisions() == before
    moved = world.audit("programme_referral.moved")
    assert [(m["from_status"], m["to_status"], m["role_groups"]) for m in moved] == [
        ("submitted", "awaiting_assessment", ["programme_team"]),
        ("awaiting_assessment", "assessment_started", ["programme_team"]),
    ]
    history = world.history(referral)
    assert history[-1][1:3] == ("awaiting_assessment", "assessment_started")
    with world.workspace.uow() as uow:
        last = uow.programme_referrals.last_entry(referral)
        assert last is not None and last.seconds_at_previous is not None
        assert last.seconds_at_previous >= 0


def test_a_withdrawal_asks_for_its_category_and_reason(world: World) -> None:
    referral = world.refer()
    with pytest.raises(ValidationFailed) as refused:
        world.move(world.officer, referral, "withdrawn")
    assert refused.value.problems[0].field == "category"
    with pytest.raises(ValidationFailed) as refused:
        world.move(world.officer, referral, "withdrawn", category="withdrawn_other")
    assert refused.value.problems[0].field == "notes"
    with pytest.raises(ValidationFailed) as refused:
        world.move(world.officer, referral, "on_hold_submitted", reason="withdrawn_duplicate")
    assert refused.value.problems[0].field == "reason"
    assert world.status(referral) == "submitted" and len(world.history(referral)) == 2
    world.move(
        world.officer,
        referral,
        "withdrawn",
        category="withdrawn_administrative",
        reason="withdrawn_duplicate",
        notes="Referred twice by mistake",
    )
    (moved,) = world.audit("programme_referral.moved")
    assert moved["category"] == "withdrawn_administrative"
    assert "notes" not in moved and "Referred twice" not in repr(moved)
    assert world.history(referral)[-1][5] == "Referred twice by mistake"


def test_assessed_suitable_at_another_intensity_needs_an_audited_override(world: World) -> None:
    referral = world.refer()
    world.to_assessment_started(referral)
    with pytest.raises(ValidationFailed) as refused:
        world.move(world.team, referral, "assessed_suitable")
    (problem,) = refused.value.problems
    assert problem.field == "override_reason"
    assert "moderate intensity" in problem.message and "not worked out" in problem.message
    # The reasons are listed as the move dialog words them, never as codes.
    assert "Information incomplete: Information missing, Information out of date" in (
        problem.message
    )
    assert "Risk: Sexual killing in the offending history" in problem.message
    assert "override_" not in problem.message
    with pytest.raises(ValidationFailed) as refused:
        world.move(world.team, referral, "assessed_suitable", override_reason="withdrawn_death")
    assert refused.value.problems[0].field == "override_reason"
    assert world.status(referral) == "assessment_started"
    world.move(
        world.team, referral, "assessed_suitable", override_reason="override_missing_information"
    )
    moved = world.audit("programme_referral.moved")[-1]
    assert moved["override_reason"] == "override_missing_information"
    assert moved["override_category"] == "override_incomplete_information"
    assert moved["intensity"] == "moderate" and moved["programme_pathway"] is None


def test_a_move_from_a_stale_revision_is_refused_and_saves_nothing(world: World) -> None:
    referral = world.refer()
    stale = world.revision(referral)
    world.move(world.team, referral, "awaiting_assessment")
    with pytest.raises(ConcurrentEdit, match="Someone else saved"):
        move_referral(
            world.officer,
            world.workspace.uow(),
            referral,
            stale,
            {"to_status": "on_hold_awaiting_assessment"},
        )
    assert world.status(referral) == "awaiting_assessment"
    assert len(world.history(referral)) == 3


def test_a_correction_is_a_new_entry_and_earlier_entries_are_never_changed(
    world: World,
) -> None:
    referral = world.refer()
    world.move(world.officer, referral, "on_hold_submitted", notes="Hospital stay")
    before = world.history(referral)
    correct_last_move(
        world.officer,
        world.workspace.uow(),
        referral,
        world.revision(referral),
        {"notes": "Put on hold by mistake"},
    )
    after = world.history(referral)
    assert after[: len(before)] == before
    assert after[-1][1:3] == ("on_hold_submitted", "submitted")
    assert after[-1][6] == before[-1][0] and after[-1][5] == "Put on hold by mistake"
    assert world.status(referral) == "submitted"
    (corrected,) = world.audit("programme_referral.corrected")
    assert corrected["corrects"] == before[-1][0]
    with pytest.raises(NothingToCorrect):
        correct_last_move(
            world.officer, world.workspace.uow(), referral, world.revision(referral), {"notes": "x"}
        )
    with pytest.raises(ValidationFailed) as refused:
        correct_last_move(
            world.officer, world.workspace.uow(), referral, world.revision(referral), {"notes": ""}
        )
    assert refused.value.problems[0].field == "notes"


def test_a_referrer_may_not_correct_a_move_it_could_not_make_back(world: World) -> None:
    referral = world.refer()
    world.move(world.team, referral, "awaiting_assessment")
    with pytest.raises(CorrectionNotAllowed, match="Only the programme team may correct"):
        correct_last_move(
            world.officer,
            world.workspace.uow(),
            referral,
            world.revision(referral),
            {"notes": "Wrong referral"},
        )
    correct_last_move(
        world.team,
        world.workspace.uow(),
        referral,
        world.revision(referral),
        {"notes": "Accepted too soon"},
    )
    assert world.status(referral) == "submitted"


def test_a_place_is_given_only_to_a_referral_assessed_for_it(world: World) -> None:
    """User trial: a place was given to a referral still awaiting assessment, taking one of
    the group's places from someone assessed for it. Until the referral is assessed as
    suitable (or suitable but not ready) it is refused, naming the person, the programme and
    the move to make first, and nothing is saved."""
    referral = world.refer()

    def refused_at(status: str) -> str:
        revision = world.revision(referral)
        with pytest.raises(ValidationFailed) as refused:
            give_group_place(world.team, world.workspace.uow(), referral, revision, world.group)
        (problem,) = refused.value.problems
        assert (problem.field, problem.code) == ("referral", "programme_referral.not_assessed")
        assert world.status(referral) == status and world.revision(referral) == revision
        return problem.message

    message = refused_at("submitted")
    assert message.startswith(
        "Referral: the referral of Zoë Ní Bhriain (B0001CC) to Building Choices: moderate "
        "intensity is Referral submitted;"
    )
    # Second user trial: the message named a move ("to Assessed as suitable") not open from
    # the referral's status; it now names the moves open from it, in the order to make them.
    assert message.endswith(
        "Accept the referral for assessment first (Move… > Awaiting assessment), then move "
        "it to Assessment started, then move it to Assessed as suitable, then give the place."
    )
    expected = {
        "awaiting_assessment": "Start the assessment first (Move… > Assessment started), "
        "then move it to Assessed as suitable, then give the place.",
        "assessment_started": "First move it to Assessed as suitable (Move… > Assessed as "
        "suitable), then give the place.",
    }
    for status in ASSESSMENT:
        world.move(world.team, referral, status)
        assert refused_at(status).endswith(expected[status])
    world.move(world.team, referral, "on_hold_assessment_started")
    assert refused_at("on_hold_assessment_started").endswith(
        "Take the referral off hold first (Move… > Assessment started), then move it to "
        "Assessed as suitable, then give the place."
    )
    world.move(world.team, referral, "assessment_started")
    assert world.audit("programme_referral.place_given") == []
    with world.workspace.uow() as uow:
        assert uow.programme_referrals.current_place(referral) is None
    # Suitable but not ready waits for a place as well as assessed as suitable.
    world.move(world.team, referral, "suitable_not_ready")
    give_group_place(
        world.team, world.workspace.uow(), referral, world.revision(referral), world.group
    )
    (given,) = world.audit("programme_referral.place_given")
    assert given["entity_id"] == referral and given["group_id"] == world.group


def test_group_places_are_counted_against_the_capacity(world: World) -> None:
    first, second = world.refer_assessed(), world.refer_another(2)
    world.assess(second)
    with pytest.raises(PermissionDenied):
        give_group_place(
            world.officer, world.workspace.uow(), first, world.revision(first), world.group
        )
    give_group_place(world.team, world.workspace.uow(), first, world.revision(first), world.group)
    with pytest.raises(
        GroupFull, match=r"Group BC-MOD-1 is full: it has 1 place and it is taken\."
    ):
        give_group_place(
            world.team, world.workspace.uow(), second, world.revision(second), world.group
        )
    withdraw_group_place(world.team, world.workspace.uow(), first, world.revision(first))
    give_group_place(world.team, world.workspace.uow(), second, world.revision(second), world.group)
    with world.workspace.uow() as uow:
        places = [
            (p.referral_id, p.left_at is None)
            for p in uow.session.scalars(
                select(ProgrammeGroupMemberRow).order_by(ProgrammeGroupMemberRow.id)
            )
        ]
        second_row = uow.programme_referrals.referral(second)
        assert second_row is not None and second_row.offering_id == world.offering
    assert places == [(first, False), (second, True)]
    listed = list_establishment_referrals(world.team, world.workspace.uow(), "LEI")
    assert {(r.id, r.group_id, r.group_code) for r in listed.rows} == {
        (first, None, None),  # its place was withdrawn
        (second, world.group, "BC-MOD-1"),
    }
    assert {r.programme_name for r in listed.rows} == {"Building Choices: moderate intensity"}
    assert listed.places_taken == {world.group: 1}
    given = world.audit("programme_referral.place_given")
    assert [(g["places_taken"], g["capacity"]) for g in given] == [(1, 1), (1, 1)]


def test_the_person_list_offers_each_account_its_own_moves(world: World) -> None:
    referral = world.refer(notes="First referral")
    (officer_view,) = list_person_referrals(world.officer, world.workspace.uow(), world.person)
    (team_view,) = list_person_referrals(
        world.team, world.workspace.uow(), world.person, opened_from=ViewPlace.COMMAND_LINE
    )
    assert officer_view.id == referral and officer_view.programme_code == "BC-MOD"
    assert [m.to_status for m in officer_view.moves_open] == ["on_hold_submitted", "withdrawn"]
    assert [m.to_status for m in team_view.moves_open][:2] == [
        "awaiting_assessment",
        "on_hold_submitted",
    ]
    assert [h.to_status for h in team_view.history] == ["draft", "submitted"]
    assert team_view.history[-1].notes == "First referral"
    assert team_view.history[-1].moved_by == world.officer.display_name
    assert len(world.audit("person.viewed")) >= 1
    with pytest.raises(OutOfScope):
        list_person_referrals(world.elsewhere, world.workspace.uow(), world.person)


def test_a_limited_access_person_is_seen_only_by_named_staff(world: World) -> None:
    referral = world.refer()
    with world.workspace.uow() as uow:
        row = uow.people.get(world.person)
        assert row is not None
        row.restricted = True
        uow.session.add(
            PersonAccessRow(person_id=world.person, staff_id=world.officer.id, kind=ALLOWED)
        )
        uow.commit()
    with pytest.raises(OutOfScope):
        list_person_referrals(world.team, world.workspace.uow(), world.person)
    with pytest.raises(OutOfScope):
        world.move(world.team, referral, "awaiting_assessment")
    listed = list_establishment_referrals(world.team, world.workspace.uow(), "LEI")
    assert listed.rows == () and listed.counts == {}
    assert list_person_referrals(world.officer, world.workspace.uow(), world.person)[0].id == (
        referral
    )


def test_an_establishment_list_counts_each_status_in_one_query(world: World) -> None:
    first, second, third = (
        world.refer(),
        world.refer_another(2),
        world.refer_another(3, submit=False),
    )
    world.move(world.team, first, "awaiting_assessment")
    del second, third
    statements: list[str] = []
    engine = world.workspace.database.engine

    def count(*args: Any) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        listed = list_establishment_referrals(
            world.team, world.workspace.uow(), "LEI", status="submitted"
        )
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert listed.counts == {"awaiting_assessment": 1, "submitted": 1, "draft": 1}
    assert [(r.status, r.prison_number) for r in listed.rows] == [("submitted", "B0002CC")]
    assert sum("programme_referrals" in s for s in statements) == 1
    with pytest.raises(ValidationFailed) as refused:
        list_establishment_referrals(world.team, world.workspace.uow(), "LEI", status="nope")
    assert refused.value.problems[0].field == "status"
    with pytest.raises(ValidationFailed) as refused:
        list_establishment_referrals(world.team, world.workspace.uow(), "XXX")
    assert refused.value.problems[0].field == "establishment"


def test_the_refer_dialog_choices_check_eligibility_and_show_the_pathway(world: World) -> None:
    from resettle.services.programme_referral_lists import referral_choices

    choices = referral_choices(world.officer, world.workspace.uow(), world.person, today=TODAY)
    assert choices.pathway is None
    by_code = {p.code: p for p in choices.programmes}
    assert by_code["BC-MOD"].offerings == ((world.offering, "HMP Leeds"),)
    assert by_code["BC-MOD"].needs_override
    assert not by_code["EDU-FS-ENGLISH-MATHS"].needs_override
    assert "no_targeted_need" not in {r for p in choices.programmes for r in p.ineligible}
    assert "risk_band_unknown" in by_code["BC-HIGH"].ineligible
    with pytest.raises(PermissionDenied):
        referral_choices(world.team, world.workspace.uow(), world.person)


def test_a_move_audits_every_role_group_that_allowed_it(world: World) -> None:
    from tests.accounts import seed_account

    both_id = seed_account(
        world.workspace.database,
        "pom.tutor",
        (Role.PRISON_STAFF, Role.PROGRAMME_TEAM),
        establishment_id=world.leeds,
    )
    both = Actor(
        id=both_id,
        username="pom.tutor",
        display_name="Pom Tutor",
        roles=frozenset({Role.PRISON_STAFF, Role.PROGRAMME_TEAM}),
    )
    referral = world.refer()
    world.move(
        both,
        referral,
        "withdrawn",
        category="withdrawn_administrative",
        reason="withdrawn_duplicate",
    )
    (moved,) = world.audit("programme_referral.moved")
    assert moved["role_groups"] == ["programme_team", "referrer"]
    assert "role_group" not in moved


def _group_at(world: World, establishment_id: int, code: str, **group: Any) -> int:
    """A group of BC-MOD at ``establishment_id`` (a new offering there)."""
    with world.workspace.uow() as uow:
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert programme is not None
        offering = ProgrammeOfferingRow(
            programme_id=programme.id,
            establishment_id=establishment_id,
            active=group.pop("active", True),
        )
        uow.programmes.add(offering)
        row = ProgrammeGroupRow(
            offering_id=offering.id,
            code=code,
            capacity=4,
            starts_on=group.pop("starts_on", dt.date(2027, 1, 4)),
            ends_on=group.pop("ends_on", dt.date(2027, 3, 29)),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(row)
        uow.commit()
        return row.id


def test_a_place_is_given_only_in_a_running_group_at_the_persons_establishment(
    world: World,
) -> None:
    """Review finding 6: the group's establishment must be the person's and one the team runs;
    an ended group, a retired offering and a released person are refused; nothing is saved."""
    from resettle.domain import clock

    referral = world.refer_assessed()
    revision = world.revision(referral)

    def give(group: int, actor: Actor | None = None) -> int:
        return give_group_place(
            actor or world.team, world.workspace.uow(), referral, revision, group
        )

    wakefield = establishment(world.workspace, "WDI", "HMP Wakefield")
    elsewhere = _group_at(world, wakefield, "BC-MOD-W")
    with pytest.raises(OutOfScope):  # a group the Leeds programme team does not run
        give(elsewhere)
    both_id = seed_account_at(world, "tam.both", wakefield)
    both = Actor(id=both_id, username="tam.both", display_name="Tam Both", role=Role.PROGRAMME_TEAM)
    with pytest.raises(ValidationFailed) as refused:  # not where the person is held
        give(elsewhere, both)
    assert refused.value.problems[0].code == "programme_referral.other_establishment"

    ended = _group_at(world, world.leeds, "BC-MOD-OLD", ends_on=clock.today() - dt.timedelta(1))
    with pytest.raises(ValidationFailed, match="Group: it ended on") as refused:
        give(ended)
    assert refused.value.problems[0].field == "group_id"

    retired = _group_at(world, world.leeds, "BC-MOD-RET", active=False)
    with pytest.raises(ValidationFailed) as refused:
        give(retired)
    assert refused.value.problems[0].code == "programme_referral.offering_retired"

    with world.workspace.uow() as uow:
        person = uow.people.get(world.person)
        assert person is not None
        person.release_date = clock.today()
        uow.commit()
    with pytest.raises(PersonReleased):
        give(world.group)

    assert world.revision(referral) == revision
    assert world.audit("programme_referral.place_given") == []
    with world.workspace.uow() as uow:
        assert uow.programme_referrals.current_place(referral) is None


def test_a_place_is_not_withdrawn_on_a_closed_case(world: World) -> None:
    referral = world.refer_assessed()
    give_group_place(
        world.team, world.workspace.uow(), referral, world.revision(referral), world.group
    )
    with world.workspace.uow() as uow:
        person = uow.people.get(world.person)
        assert person is not None
        person.case_closed = True
        uow.commit()
    revision = world.revision(referral)
    with pytest.raises(CaseIsClosed):
        withdraw_group_place(world.team, world.workspace.uow(), referral, revision)
    assert world.revision(referral) == revision
    with world.workspace.uow() as uow:
        assert uow.programme_referrals.current_place(referral) is not None


def seed_account_at(world: World, username: str, *establishments: int) -> int:
    """A programme team account working at Leeds and at ``establishments``."""
    from tests.accounts import seed_account

    staff_id = seed_account(
        world.workspace.database,
        username,
        (Role.PROGRAMME_TEAM,),
        establishment_id=world.leeds,
    )
    with world.workspace.uow() as uow:
        for place in establishments:
            uow.staff.add_to_establishment(staff_id, place)
        uow.commit()
    return staff_id


def test_the_listing_names_the_groups_whose_every_session_has_been_held(world: World) -> None:
    """User trial: "Give a group place" offered a group whose only session had passed. The
    listing names such groups (sessions_over); a group with a session still to come, or with
    no sessions yet, is not among them, and a replaced session does not count."""
    now = dt.datetime.now(dt.UTC)

    def session(group_id: int, sequence: int, starts: dt.datetime, **more: Any) -> None:
        with world.workspace.uow() as uow:
            uow.session.add(
                ProgrammeSessionRow(
                    group_id=group_id,
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

    def over() -> frozenset[int]:
        return list_establishment_referrals(world.team, world.workspace.uow(), "LEI").sessions_over

    assert over() == frozenset()  # no sessions yet
    session(world.group, 1, now - dt.timedelta(days=30))
    assert over() == {world.group}
    session(world.group, 2, now + dt.timedelta(days=3), replaced_at=now)  # replaced: not live
    assert over() == {world.group}
    session(world.group, 3, now + dt.timedelta(days=7))
    assert over() == frozenset()
