"""Programme referrals in the demo: every status of the workflow, each referral's moves allowed
by the workflow and in the past, people placed within capacity, registers filled for the
sessions held, completions and deselections on the programme history, need items giving
varied programme pathways, nobody with limited access referred, the same for a seed and day."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from resettle.domain.programme_attendance import AttendanceOutcome
from resettle.domain.programme_needs import DOMAIN_ITEMS, NeedDomain
from resettle.domain.programme_referral_statuses import (
    PLACE_GIVEN_AT,
    ProgrammeReferralStatus,
    ReasonGroup,
)
from resettle.domain.programme_referrals import pathway_matches
from resettle.domain.programmes.catalogue import Programme, ProgrammeIntensity
from resettle.services.demo.loader import start_demo_database
from resettle.services.demo.programme_referrals import DEMO_CORRECTION_REASON
from resettle.services.programme_referrals import person_pathway
from resettle.services.unit_of_work import UnitOfWork
from resettle.services.workspace import open_settings_database
from resettle.settings import Settings
from resettle.storage import tables as t
from resettle.storage.engine import sqlite_url
from resettle.storage.tables.programme_attendance import ProgrammeAttendanceRow
from resettle.storage.tables.programme_history import ProgrammeHistoryRow
from resettle.storage.tables.programme_needs import ProgrammeNeedItemsRow
from resettle.storage.tables.programme_referrals import (
    ProgrammeGroupMemberRow,
    ProgrammeReferralHistoryRow,
    ProgrammeReferralRow,
)
from resettle.storage.tables.risk import RecordedScoreRow, RiskProfileRow
from tests.databases import (
    BuiltTemplate,
    backends,
    built_template,
    copy_of_built,
    copy_sqlite_template,
)
from tests.factories import TODAY

SIZE = 400


def _build_demo(url: str, data_dir: Path) -> None:
    database = open_settings_database(Settings(data_dir=data_dir, database_url=url))
    try:
        start_demo_database(database.uow(), SIZE, seed=4, today=TODAY)
    finally:
        database.close()


@pytest.fixture(scope="module", params=backends())
def demo_template(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BuiltTemplate]:
    """The demo, built once for the module (it took most of each test's time); every test
    reads a copy of its own."""
    with built_template(request, tmp_path_factory, _build_demo) as template:
        yield template


@pytest.fixture
def database_url(
    demo_template: BuiltTemplate, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """This module's own: a copy of the demo's template (``tests/conftest.py``'s copies the
    empty one)."""
    yield from copy_of_built(demo_template, request, tmp_path)


def _loaded(settings: Settings, check: Any) -> Any:
    """``check`` run on the test's copy of the demo."""
    database = open_settings_database(settings)
    try:
        with database.uow() as uow:
            return check(uow)
    finally:
        database.close()


def _facts(uow: UnitOfWork) -> dict[str, Any]:
    s = uow.session
    facts = {
        "referrals": s.query(ProgrammeReferralRow).order_by(ProgrammeReferralRow.id).all(),
        "history": s.query(ProgrammeReferralHistoryRow)
        .order_by(ProgrammeReferralHistoryRow.id)
        .all(),
        "members": s.query(ProgrammeGroupMemberRow).all(),
        "marks": s.query(ProgrammeAttendanceRow).all(),
        "programme_history": s.query(ProgrammeHistoryRow).all(),
        "groups": {g.id: g for g in s.query(t.ProgrammeGroupRow)},
        "sessions": {x.id: x for x in s.query(t.ProgrammeSessionRow)},
        "people": {p.id: p for p in s.query(t.PersonRow)},
        "workflow": uow.programme_workflow.workflow(),
        "pathways": Counter(
            getattr(person_pathway(uow, person, TODAY), "value", None)
            for person in s.query(t.PersonRow).join(
                ProgrammeNeedItemsRow, ProgrammeNeedItemsRow.person_id == t.PersonRow.id
            )
        ),
    }
    s.expunge_all()  # the rows stay readable after the unit of work ends
    return facts


def test_demo_referrals_cover_the_workflow_in_the_past(settings: Settings) -> None:
    facts = _loaded(settings, _facts)
    referrals, history = facts["referrals"], facts["history"]
    # Every status of the workflow has a referral at it.
    at = Counter(r.status for r in referrals)
    assert set(at) == {status.value for status in ProgrammeReferralStatus}, at
    # Each referral's history: starts as a draft, each move one the workflow allows (with a
    # reason from the move's list when it asks for one), ends at the referral's status.
    moves = {(m.from_status, m.to_status): m for m in facts["workflow"].moves}
    by_referral: dict[int, list[ProgrammeReferralHistoryRow]] = {}
    for entry in history:
        by_referral.setdefault(entry.referral_id, []).append(entry)
    now = dt.datetime.now(dt.UTC)
    for referral in referrals:
        entries = by_referral[referral.id]
        assert entries[0].from_status is None and entries[0].to_status == "draft"
        assert entries[-1].to_status == referral.status
        for before, entry in pairwise(entries):
            assert entry.from_status == before.to_status
            move = moves[(entry.from_status, entry.to_status)]
            group = facts["workflow"].reason_group_of(move)
            if group is not None:
                facts["workflow"].check_reason(
                    group, entry.category, entry.reason, entry.notes, staying_open=move.deselects
                )
            assert entry.moved_at >= before.moved_at
            assert entry.seconds_at_previous == int(
                (entry.moved_at - before.moved_at).total_seconds()
            )
        assert all(entry.moved_at <= now for entry in entries)
        assert referral.status_since == entries[-1].moved_at <= now
    # Deselections that close and that keep the referral open, withdrawals with reasons.
    kept_open = [
        e for e in history if e.from_status == "on_programme" and e.to_status == "assessed_suitable"
    ]
    assert kept_open and all(e.category and e.reason for e in kept_open)
    assert all(e.category for e in history if e.to_status in ("withdrawn", "deselected"))
    # Referred by the person's officer, or by the prison key worker.
    people = facts["people"]
    by = Counter(
        "officer"
        if r.referred_by_id == people[r.person_id].responsible_officer_id
        else "key worker"
        if r.referred_by_id == people[r.person_id].key_worker_id
        else "other"
        for r in referrals
    )
    assert by["officer"] > by["key worker"] > 0 and by["other"] == 0, by
    # Nobody with limited access, released or with a closed case is referred.
    for referral in referrals:
        person = people[referral.person_id]
        assert not person.restricted and not person.case_closed
        assert person.release_date is None or person.release_date > TODAY


def test_demo_groups_and_registers(settings: Settings) -> None:
    facts = _loaded(settings, _facts)
    groups, sessions, members = facts["groups"], facts["sessions"], facts["members"]
    referrals = {r.id: r for r in facts["referrals"]}
    # The demo's day is TODAY: sessions after it have not been held yet.
    now = min(dt.datetime.combine(TODAY, dt.time(17), dt.UTC), dt.datetime.now(dt.UTC))
    per_group = Counter(m.group_id for m in members)
    assert per_group
    for group_id, count in per_group.items():
        assert count <= groups[group_id].capacity
    for member in members:
        status = referrals[member.referral_id].status
        if member.left_at is None:
            assert status == "on_programme"
        else:  # a completion or a deselection that closed the referral ended its place
            assert status in ("deselected", "assessed_suitable", "programme_complete")
    # Registers: a mark for every place at every group session held while the place was held.
    every_mark = facts["marks"]
    # One first mark each; some unacceptable absences corrected to a legal visit, saying why.
    marks = [m for m in every_mark if m.mark_number == 1]
    corrections = [m for m in every_mark if m.mark_number > 1]
    marked = {(m.session_id, m.member_id) for m in marks}
    assert len(marked) == len(marks)
    assert all(m.correction_reason is None for m in marks)
    assert corrections
    firsts = {(m.session_id, m.member_id): m for m in marks}
    for correction in corrections:
        corrected = firsts[(correction.session_id, correction.member_id)]
        assert correction.mark_number == 2 and corrected.outcome == "unacceptable_absence"
        assert correction.correction_reason == DEMO_CORRECTION_REASON
        assert correction.absence_reason == "legal_visit_or_court"
        assert corrected.recorded_at <= correction.recorded_at <= now
    for member in members:
        for session in sessions.values():
            if (
                session.group_id == member.group_id
                and session.session_type != "one_to_one"
                and member.joined_at <= session.starts_at < now
                and (member.left_at is None or session.starts_at < member.left_at)
            ):
                assert (session.id, member.id) in marked
    for mark in marks:
        session = sessions[mark.session_id]
        assert session.starts_at < now and mark.recorded_at <= now
        reason_needed = mark.outcome == AttendanceOutcome.ACCEPTABLE_ABSENCE.value
        assert (mark.absence_reason is not None) == reason_needed
    outcomes = Counter(m.outcome for m in marks)
    assert set(outcomes) == {o.value for o in AttendanceOutcome}
    assert outcomes["attended_complied"] > sum(outcomes.values()) / 2
    assert any(m.note for m in marks)
    assert any(sessions[m.session_id].session_type == "one_to_one" for m in marks)


def test_demo_completions_and_deselections_are_on_the_programme_history(
    settings: Settings,
) -> None:
    facts = _loaded(settings, _facts)
    entries = facts["programme_history"]
    superseded = {e.supersedes_id for e in entries}
    from_referrals: dict[int, list[ProgrammeHistoryRow]] = {}
    for e in sorted(entries, key=lambda e: e.id):
        if e.source == "referral":
            from_referrals.setdefault(e.referral_id, []).append(e)
    placed = {m.referral_id for m in facts["members"]}
    started = {e.referral_id for e in facts["history"] if e.to_status == "on_programme"}
    outcomes: Counter[str] = Counter()
    for referral in facts["referrals"]:
        mine = from_referrals.get(referral.id, [])
        current = [e for e in mine if e.id not in superseded]
        if referral.id not in started:
            assert mine == [], referral.id
            continue
        # Each referral that went on the programme: one current entry, the others superseded
        # in a chain starting with the entry in progress the move to On programme wrote.
        assert len(current) == 1, referral.id
        (entry,) = current
        outcomes[entry.outcome] += 1
        assert mine[0].outcome == "in_progress" and mine[0].supersedes_id is None
        assert all(later.supersedes_id == before.id for before, later in pairwise(mine))
        assert all(e.person_id == referral.person_id for e in mine)
        if referral.status == "programme_complete":
            assert entry.outcome == "complete"
            assert entry.started_on is not None and entry.ended_on is not None
            assert entry.ended_on <= TODAY or entry.ended_on <= dt.date.today()
        elif referral.status == "deselected":
            assert referral.id in placed
            assert entry.outcome in ("not_completed", "cancelled")
            assert entry.reason_category
        elif referral.status == "on_programme":
            assert entry.outcome == "in_progress" and entry.ended_on is None
            assert entry.expected_end_on is not None and entry.expected_end_on >= TODAY
        else:  # deselected, kept open: the entry in progress withdrawn, saying why
            assert referral.status == "assessed_suitable"
            assert entry.outcome == "withdrawn" and entry.reason_category
    assert {"in_progress", "complete", "withdrawn", "not_completed"} <= set(outcomes), outcomes
    recorded = [e for e in entries if e.source == "recorded"]
    assert recorded and {e.outcome for e in recorded} == {"complete", "not_completed"}
    # The need items give a varied programme pathway.
    pathways = facts["pathways"]
    assert len(pathways) >= 3, pathways


def _summary(uow: UnitOfWork) -> list[tuple[object, ...]]:
    s = uow.session
    return (
        [(r.person_id, r.programme_id, r.status) for r in s.query(ProgrammeReferralRow)]
        + [
            (m.session_id, m.person_id, m.outcome, m.absence_reason)
            for m in s.query(ProgrammeAttendanceRow)
        ]
        + [(h.person_id, h.programme_code, h.outcome) for h in s.query(ProgrammeHistoryRow)]
    )


def test_demo_referrals_are_the_same_for_a_seed_and_day(
    settings: Settings, sqlite_template: Path, tmp_path: Path
) -> None:
    """The module's demo against one built again, on SQLite (so on PostgreSQL the two
    backends agree too)."""
    first = _loaded(settings, _summary)
    second_file = copy_sqlite_template(sqlite_template, tmp_path / "b" / "b.sqlite3")
    _build_demo(sqlite_url(second_file), tmp_path / "b")
    other = Settings(data_dir=tmp_path / "b", database_url=sqlite_url(second_file))
    assert sorted(_loaded(other, _summary), key=repr) == sorted(first, key=repr)
    assert len(first) > 200


def _override_facts(uow: UnitOfWork) -> dict[str, Any]:
    s = uow.session
    workflow = uow.programme_workflow.workflow()
    programmes = {
        row.id: Programme.model_validate(row.definition) for row in uow.programmes.programmes()
    }
    referrals = {r.id: r for r in s.query(ProgrammeReferralRow)}
    return {
        "suitable": [
            (
                entry.override_reason,
                entry.notes,
                programmes[referrals[entry.referral_id].programme_id].intensity,
                entry.person_id,
            )
            for entry in s.query(ProgrammeReferralHistoryRow).filter(
                ProgrammeReferralHistoryRow.to_status == "assessed_suitable",
                ProgrammeReferralHistoryRow.category.is_(None),  # not a deselection back
            )
        ],
        "others": s.query(ProgrammeReferralHistoryRow)
        .filter(
            ProgrammeReferralHistoryRow.override_reason.is_not(None),
            ProgrammeReferralHistoryRow.to_status != "assessed_suitable",
        )
        .count(),
        "with_items": {pid for (pid,) in s.query(ProgrammeNeedItemsRow.person_id)},
        "reasons": {
            reason.code
            for category in workflow.categories_of(ReasonGroup.PATHWAY_OVERRIDE)
            for reason in category.reasons
        },
    }


def test_demo_referrals_of_people_without_a_pathway_are_assessed_suitable_by_override(
    settings: Settings,
) -> None:
    """User trial: no demo referral had a pathway override, so the screens never showed one.
    As the application asks, a person with no programme pathway (no need items) is assessed
    suitable for a programme graded by intensity only with an override reason from the
    workflow's table; people with need items, and ungraded programmes, get none here."""
    facts = _loaded(settings, _override_facts)
    overridden = [row for row in facts["suitable"] if row[0] is not None]
    assert len(overridden) >= 3
    assert len({reason for reason, *_ in overridden}) >= 2  # not one reason throughout
    assert {reason for reason, *_ in overridden} <= facts["reasons"]
    assert all(notes for _reason, notes, *_ in overridden)  # the assessor says why
    for reason, _notes, intensity, person_id in facts["suitable"]:
        needs_one = (
            person_id not in facts["with_items"] and intensity is not ProgrammeIntensity.NOT_GRADED
        )
        assert (reason is not None) == needs_one, (reason, intensity, person_id)
    assert facts["others"] == 0  # only the move to assessed suitable carries one


def test_demo_dates_agree_with_the_sentence_the_places_and_the_moves(settings: Settings) -> None:
    """User trial: demo referrals were made before the person was sentenced, places were
    given to referrals not assessed yet, and a programme history said it started and ended on
    other days than the referral's moves to On programme and out of it. A referral is made on
    or after the sentence date; a place is given while the referral is assessed as suitable
    (or suitable but not ready); a programme history entry starts on the day of the move to
    On programme and ends on the day of the move that ended it."""
    facts = _loaded(settings, _facts)
    people = facts["people"]
    by_referral: dict[int, list[ProgrammeReferralHistoryRow]] = {}
    for entry in facts["history"]:
        by_referral.setdefault(entry.referral_id, []).append(entry)
    for referral in facts["referrals"]:
        sentenced = people[referral.person_id].sentence_date
        assert sentenced is None or referral.referred_at.date() >= sentenced, referral.id
        assert by_referral[referral.id][0].moved_at.date() >= (sentenced or dt.date.min)

    def status_at(referral_id: int, moment: dt.datetime) -> str:
        held = [e for e in by_referral[referral_id] if e.moved_at <= moment]
        return held[-1].to_status

    assert facts["members"]
    for member in facts["members"]:
        assert status_at(member.referral_id, member.joined_at) in PLACE_GIVEN_AT, member.id
    entries = [e for e in facts["programme_history"] if e.source == "referral"]
    assert len(entries) >= 5
    sessions = facts["sessions"]
    places = {m.referral_id: m for m in facts["members"]}
    marks_of: dict[int, list[ProgrammeAttendanceRow]] = {}
    for mark in facts["marks"]:
        marks_of.setdefault(mark.referral_id, []).append(mark)
    for entry in entries:
        assert entry.referral_id is not None
        moves = by_referral[entry.referral_id]
        started = [e for e in moves if e.to_status == "on_programme"][-1]
        assert entry.started_on == started.moved_at.date(), entry.referral_id
        # The first session the place covered (each one held has a mark) is the day of the
        # move to On programme, after the place was given.
        place = places[entry.referral_id]
        held = [sessions[m.session_id].starts_at for m in marks_of.get(entry.referral_id, [])]
        assert held and entry.started_on == min(held).date(), entry.referral_id
        assert entry.started_on >= place.joined_at.date(), entry.referral_id
        if entry.outcome in ("in_progress", "withdrawn"):
            assert entry.ended_on is None, entry.referral_id
        else:  # ended on the day of the move that ended it
            assert entry.ended_on == moves[-1].moved_at.date(), entry.referral_id
        if entry.outcome == "in_progress":  # expected to end with the group's last session
            last = max(
                s.starts_at
                for s in sessions.values()
                if s.group_id == place.group_id and s.replaced_at is None
            )
            assert entry.expected_end_on == last.date(), entry.referral_id


def test_demo_sex_items_are_scored_only_for_people_with_a_sexual_offence(
    settings: Settings,
) -> None:
    """Second officers' trial: a robbery case had every sex item at 2."""
    sex_items = DOMAIN_ITEMS[NeedDomain.SEX]

    def check(uow: UnitOfWork) -> tuple[list[tuple[bool, tuple[Any, ...]]]]:
        rows = uow.session.query(ProgrammeNeedItemsRow, t.PersonRow.sexual_offence).join(
            t.PersonRow, t.PersonRow.id == ProgrammeNeedItemsRow.person_id
        )
        return ([(sexual, tuple(getattr(r, i) for i in sex_items)) for r, sexual in rows],)

    (scored,) = _loaded(settings, check)
    others = [items for sexual, items in scored if not sexual]
    assert others and all(items == (0, 0, 0) for items in others)
    assert any(any(v for v in items) for sexual, items in scored if sexual)


def _eligibility_facts(uow: UnitOfWork) -> dict[str, Any]:
    s = uow.session
    levels: dict[int, str] = {}
    for score in (
        s.query(RecordedScoreRow)
        .filter(RecordedScoreRow.tool == "ogrs3")
        .order_by(RecordedScoreRow.assessed_on, RecordedScoreRow.id)
    ):
        if score.level:
            levels[score.person_id] = score.level
    for profile in s.query(RiskProfileRow):
        if profile.confirmed_level:
            levels[profile.person_id] = profile.confirmed_level
    with_items = {pid for (pid,) in s.query(ProgrammeNeedItemsRow.person_id)}
    people = {p.id: p for p in s.query(t.PersonRow)}
    referrals = s.query(ProgrammeReferralRow).all()
    facts = {
        "programmes": {
            row.id: Programme.model_validate(row.definition) for row in uow.programmes.programmes()
        },
        "referrals": referrals,
        "people": people,
        "levels": levels,
        "pathways": {
            r.person_id: person_pathway(uow, people[r.person_id], TODAY)
            for r in referrals
            if r.person_id in with_items
        },
        "groups": s.query(t.ProgrammeGroupRow).all(),
        "sessions": s.query(t.ProgrammeSessionRow).all(),
        "members": s.query(ProgrammeGroupMemberRow).all(),
        "marks": s.query(ProgrammeAttendanceRow).all(),
    }
    s.expunge_all()
    return facts


def test_demo_referrals_fit_the_programme_and_groups_that_ran_had_people(
    settings: Settings,
) -> None:
    """Treatment manager's trial: a Kaizen referral for a burglary, a
    low-risk man completing Building Choices at high intensity, a group whose sessions were
    held with nobody in it, and a "complete" after two sessions. Every demo referral is for a
    person the programme's eligibility (and their programme pathway, when need items are
    recorded) is for; every group with sessions held had people in it; a completed referral
    attended most of the substantive sessions of a group that has ended."""
    facts = _loaded(settings, _eligibility_facts)
    programmes, people = facts["programmes"], facts["people"]
    by_code: Counter[str] = Counter()
    for referral in facts["referrals"]:
        programme, person = programmes[referral.programme_id], people[referral.person_id]
        by_code[programme.code] += 1
        rule = programme.eligibility
        assert not rule.sexes or person.sex in rule.sexes, referral.id
        assert not rule.offence_categories or person.offence_category in rule.offence_categories
        assert not rule.risk_levels or facts["levels"].get(person.id) in rule.risk_levels
        if person.id in facts["pathways"]:
            assert pathway_matches(programme.intensity, facts["pathways"][person.id])
    assert by_code["BC-HIGH"] and by_code["BC-MOD"], by_code
    start = dt.datetime.combine(TODAY, dt.time.min, dt.UTC)
    placed = Counter(m.group_id for m in facts["members"])
    sessions_of: dict[int, list[t.ProgrammeSessionRow]] = {}
    for session in facts["sessions"]:
        sessions_of.setdefault(session.group_id, []).append(session)
    for group in facts["groups"]:
        held = [s for s in sessions_of.get(group.id, []) if s.starts_at < start]
        assert not held or placed[group.id], group.code
    # Completions: most substantive sessions attended, in a group whose sessions are over.
    group_of = {m.referral_id: m.group_id for m in facts["members"]}
    marks: dict[int, list[ProgrammeAttendanceRow]] = {}
    for mark in facts["marks"]:
        marks.setdefault(mark.referral_id, []).append(mark)
    by_id = {s.id: s for s in facts["sessions"]}
    complete = [r for r in facts["referrals"] if r.status == "programme_complete"]
    assert complete
    for referral in complete:
        pre_group = {m.number for m in programmes[referral.programme_id].modules if m.pre_group}
        group_sessions = sessions_of[group_of[referral.id]]
        assert max(s.starts_at for s in group_sessions) < start, referral.id
        substantive = [
            m for m in marks[referral.id] if by_id[m.session_id].module_number not in pre_group
        ]
        attended = [m for m in substantive if AttendanceOutcome(m.outcome).attended]
        assert len(substantive) >= 10 and 2 * len(attended) > len(substantive), referral.id
