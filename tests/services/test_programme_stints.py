"""A referral's time on its programme on the person's programme history, on every backend
(user trial: a man on Building Choices had "No programmes have been recorded" on his plan,
and nothing suggested carrying the programme on after release). At On programme an entry in
progress, once per stint; its ending supersedes it; a corrected move to On programme or a
deselection that keeps the referral open withdraws it (a superseding entry that no longer
holds, never a programme done or in progress); a re-start leaves one current entry."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from resettle.domain.programme_history import standing_entries
from resettle.services.case_record.read import open_case_record
from resettle.services.plans.document import programmes
from resettle.services.plans.suggestions import suggest_plan_actions
from resettle.services.programme_attendance import confirm_completion
from resettle.services.programme_history import programme_history
from resettle.services.programme_referrals import correct_last_move
from resettle.storage.tables.programme_history import ProgrammeHistoryRow
from tests.programme_steps import NO_PATHWAY_OVERRIDE
from tests.services.test_programme_attendance import ABSENT, ATTENDED, Delivery, delivery
from tests.services.test_programme_referrals import TODAY, World
from tests.services.test_programme_referrals import world as _referral_world

world = _referral_world
__all__ = ["delivery", "world"]

#: The delivery group's sessions: the first two held (2 and 9 November), the last planned on
#: 4 January 2027 (a one-to-one on 10 November, not tied to anyone, covers nobody).
FIRST_SESSION = dt.date(2026, 11, 2)
LAST_SESSION = dt.date(2027, 1, 4)
KEEP_OPEN = {"category": "deselected_motivation_behaviour", "reason": "deselected_attitude"}
CLOSE = {"category": "deselected_motivation_behaviour", "reason": "deselected_motivation"}


def _entries(world: World, referral: int) -> list[ProgrammeHistoryRow]:
    with world.workspace.uow() as uow:
        rows = list(
            uow.session.scalars(
                select(ProgrammeHistoryRow)
                .where(ProgrammeHistoryRow.referral_id == referral)
                .order_by(ProgrammeHistoryRow.id)
            )
        )
        uow.session.expunge_all()
        return rows


def _current(world: World, referral: int) -> list[ProgrammeHistoryRow]:
    rows = _entries(world, referral)
    superseded = {row.supersedes_id for row in rows}
    return [row for row in rows if row.id not in superseded]


def _correct(world: World, referral: int) -> int:
    return correct_last_move(
        world.team,
        world.workspace.uow(),
        referral,
        world.revision(referral),
        {"notes": "Recorded against the wrong referral."},
    )


def test_on_programme_puts_an_entry_in_progress_with_the_groups_dates(
    delivery: Delivery,
) -> None:
    world = delivery.world
    referral = delivery.referrals[0]
    world.move(world.team, referral, "on_programme")
    (entry,) = _entries(world, referral)
    assert (entry.outcome, entry.source, entry.person_id) == (
        "in_progress",
        "referral",
        delivery.people[0],
    )
    # From the first session the place covers to the group's last planned session.
    assert (entry.started_on, entry.ended_on, entry.expected_end_on) == (
        FIRST_SESSION,
        None,
        LAST_SESSION,
    )
    assert (entry.programme_code, entry.setting, entry.location) == (
        "BC-MOD",
        "custody",
        "HMP Leeds",
    )
    assert entry.supersedes_id is None and entry.reason_category is None
    (moved,) = [a for a in world.audit("programme_referral.moved") if a["entity_id"] == referral][
        -1:
    ]
    assert moved["programme_history_id"] == entry.id
    # A replaced last session is not planned: the one before it is the expected end.
    other = delivery.referrals[1]
    with world.workspace.uow() as uow:
        future = uow.programmes.session(delivery.future)
        assert future is not None
        future.replaced_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        uow.commit()
    world.move(world.team, other, "on_programme")
    (entry,) = _entries(world, other)
    assert (entry.started_on, entry.expected_end_on) == (FIRST_SESSION, dt.date(2026, 11, 10))


def test_on_programme_without_a_place_starts_on_the_day_of_the_move(world: World) -> None:
    referral = world.refer_assessed()
    world.move(world.team, referral, "on_programme")
    (entry,) = _entries(world, referral)
    assert (entry.outcome, entry.started_on, entry.expected_end_on) == ("in_progress", TODAY, None)


def test_the_ending_supersedes_the_entry_in_progress_from_the_same_start(
    delivery: Delivery,
) -> None:
    world = delivery.world
    done, left = delivery.referrals[0], delivery.referrals[1]
    for referral in (done, left):
        world.move(world.team, referral, "on_programme")
    delivery.save([ATTENDED, ATTENDED, ABSENT], session=delivery.sessions[0])
    world.move(world.team, left, "deselected", **CLOSE)
    started, ended = _entries(world, left)
    assert (ended.outcome, ended.supersedes_id) == ("not_completed", started.id)
    assert ended.started_on == started.started_on == FIRST_SESSION
    # Ended on the last session held while it held the place (the second: missed, unmarked).
    assert ended.ended_on == dt.date(2026, 11, 9)
    # Completed: every session planned has an outcome (the later ones replaced).
    with world.workspace.uow() as uow:
        for session_id in (delivery.sessions[1], delivery.future, delivery.one_to_one):
            row = uow.programmes.session(session_id)
            assert row is not None
            row.replaced_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        uow.commit()
    confirm_completion(world.team, world.workspace.uow(), done, world.revision(done), TODAY)
    started, ended = _entries(world, done)
    assert (ended.outcome, ended.supersedes_id) == ("complete", started.id)
    assert ended.started_on == started.started_on == FIRST_SESSION
    assert [e.outcome for e in _current(world, done)] == ["complete"]


def test_a_corrected_move_to_on_programme_withdraws_the_entry_and_a_restart_has_one(
    delivery: Delivery,
) -> None:
    world = delivery.world
    referral, person = delivery.referrals[0], delivery.people[0]
    world.move(world.team, referral, "on_programme")
    _correct(world, referral)
    assert world.status(referral) == "assessed_suitable"
    started, withdrawn = _entries(world, referral)
    assert (withdrawn.outcome, withdrawn.supersedes_id) == ("withdrawn", started.id)
    assert withdrawn.reason_category is None and withdrawn.ended_on is None
    (corrected,) = world.audit("programme_referral.corrected")
    assert corrected["programme_history_id"] == withdrawn.id
    # Nothing reads it as a programme: no standing entry, nothing on the printed plan.
    views = programme_history(world.team, world.workspace.uow(), person)
    assert [v.entry.outcome.value for v in views if v.current] == ["withdrawn"]
    assert standing_entries(views) == ()
    assert programmes(open_case_record(world.team, world.workspace.uow(), person)) == ()
    # Started again: one current entry, in progress, superseding the withdrawn one.
    world.move(world.team, referral, "on_programme")
    (current,) = _current(world, referral)
    assert (current.outcome, current.supersedes_id) == ("in_progress", withdrawn.id)
    assert (current.started_on, current.expected_end_on) == (FIRST_SESSION, LAST_SESSION)
    assert len(_entries(world, referral)) == 3  # nothing deleted


def test_a_deselection_that_keeps_the_referral_open_withdraws_the_entry(
    delivery: Delivery,
) -> None:
    world = delivery.world
    referral = delivery.referrals[0]
    world.move(world.team, referral, "on_programme")
    world.move(world.team, referral, "assessed_suitable", **KEEP_OPEN)
    started, withdrawn = _entries(world, referral)
    assert (withdrawn.outcome, withdrawn.supersedes_id) == ("withdrawn", started.id)
    # It says why: the deselection's category and reason.
    assert (withdrawn.reason_category, withdrawn.reason) == (
        KEEP_OPEN["category"],
        KEEP_OPEN["reason"],
    )
    world.move(world.team, referral, "suitable_not_ready")  # no second withdrawal
    assert len(_entries(world, referral)) == 2
    world.move(world.team, referral, "assessed_suitable", override_reason=NO_PATHWAY_OVERRIDE)
    world.move(world.team, referral, "on_programme")  # a new stint
    (current,) = _current(world, referral)
    assert (current.outcome, current.supersedes_id) == ("in_progress", withdrawn.id)


def test_correcting_a_keep_open_deselection_puts_the_programme_back_in_progress(
    delivery: Delivery,
) -> None:
    world = delivery.world
    referral = delivery.referrals[0]
    world.move(world.team, referral, "on_programme")
    world.move(world.team, referral, "assessed_suitable", **KEEP_OPEN)
    _correct(world, referral)
    assert world.status(referral) == "on_programme"
    entries = _entries(world, referral)
    assert [e.outcome for e in entries] == ["in_progress", "withdrawn", "in_progress"]
    (current,) = _current(world, referral)
    assert current.id == entries[-1].id and current.supersedes_id == entries[1].id
    assert current.started_on == entries[0].started_on


def test_correcting_a_withdrawal_back_to_before_the_programme_withdraws_its_ending(
    delivery: Delivery,
) -> None:
    """A referral withdrawn after a deselection kept it open has its ending recorded (it held
    a place); the withdrawal corrected, the ending no longer holds and is withdrawn."""
    world = delivery.world
    referral = delivery.referrals[0]
    world.move(world.team, referral, "on_programme")
    delivery.save([ATTENDED], session=delivery.sessions[0])
    world.move(world.team, referral, "assessed_suitable", **KEEP_OPEN)
    world.move(
        world.team,
        referral,
        "withdrawn",
        category="withdrawn_personal",
        reason="withdrawn_health",
    )
    assert [e.outcome for e in _current(world, referral)] == ["not_completed"]
    _correct(world, referral)
    assert world.status(referral) == "assessed_suitable"
    assert [e.outcome for e in _entries(world, referral)] == [
        "in_progress",
        "withdrawn",
        "not_completed",
        "withdrawn",
    ]


def _follow_ons(world: World, person: int) -> set[str]:
    found = suggest_plan_actions(world.officer, world.workspace.uow(), person).actions
    return {a.what for a in found if a.source is None}


def _release(world: World, person: int, day: dt.date) -> None:
    with world.workspace.uow() as uow:
        row = uow.people.get(person)
        assert row is not None
        row.release_date = day
        uow.commit()


def test_a_programme_going_on_past_release_suggests_carrying_it_on_in_the_community(
    delivery: Delivery,
) -> None:
    """The plan reads "in progress at release" from the entry the move to On programme wrote:
    the group ends after release, so carrying the programme on is suggested; released after
    the group ends, it is not; withdrawn, nothing is; completed, booster sessions are."""
    world = delivery.world
    referral, person = delivery.referrals[0], delivery.people[0]
    continue_on = "Continue Building Choices: moderate intensity in the community"
    _release(world, person, LAST_SESSION - dt.timedelta(days=10))
    world.move(world.team, referral, "on_programme")
    assert continue_on in _follow_ons(world, person)
    lines = programmes(open_case_record(world.team, world.workspace.uow(), person))
    assert [(line.outcome, line.started_on, line.expected_end_on) for line in lines] == [
        ("In progress", FIRST_SESSION, LAST_SESSION)
    ]
    _release(world, person, LAST_SESSION + dt.timedelta(days=10))
    assert continue_on not in _follow_ons(world, person)
    _release(world, person, LAST_SESSION - dt.timedelta(days=10))
    world.move(world.team, referral, "assessed_suitable", **KEEP_OPEN)
    assert _follow_ons(world, person) == set()
    # Back on the programme and completed: no carrying on; a programme done.
    world.move(world.team, referral, "on_programme")
    with world.workspace.uow() as uow:
        for session_id in (delivery.sessions[1], delivery.future, delivery.one_to_one):
            row = uow.programmes.session(session_id)
            assert row is not None
            row.replaced_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        uow.commit()
    delivery.save([ATTENDED], session=delivery.sessions[0])
    confirm_completion(world.team, world.workspace.uow(), referral, world.revision(referral), TODAY)
    assert continue_on not in _follow_ons(world, person)
    lines = programmes(open_case_record(world.team, world.workspace.uow(), person))
    assert [line.outcome for line in lines] == ["Completed"]
