"""The register and completion taken from the Programmes view, on a SQLite workspace: the
programme team opens a session's register with Enter, marks 12 people and saves in under 20
keystrokes; a future session is not opened (saying why); a refusal is shown on its rows and
nothing more is saved; a recorded mark shows and is corrected by a new mark; a one-to-one
session not tied to anyone is tied from the register; completion is confirmed by rule, and
refused while the rule does not find it complete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from sqlalchemy import select

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.programme_attendance import AttendanceOutcome
from resettle.domain.programme_completion import (
    CompletionOutcome,
    CompletionResult,
    EndedEarlyKind,
)
from resettle.domain.programme_register import AttendanceCounts
from resettle.services.programme_attendance import (
    confirm_completion,
    record_attendance,
    register_for_session,
)
from resettle.services.programme_referral_places import give_group_place
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from resettle.storage.tables.access import ALLOWED, PersonAccessRow
from resettle.storage.tables.programme_attendance import ProgrammeAttendanceRow
from resettle.storage.tables.programme_referrals import ProgrammeGroupMemberRow
from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeSessionRow
from resettle.ui.programmes.completion_dialog import CompletionDialog, outcome_words
from resettle.ui.programmes.delivery_window import ProgrammesWindow
from resettle.ui.programmes.register_dialog import (
    CorrectMarkDialog,
    RegisterDialog,
    TieDialog,
    refused_problems,
    saved_text,
)
from tests.background import wait_for_background
from tests.factories import another_person
from tests.services.test_programme_referrals import World
from tests.services.test_programme_referrals import world as _referral_world

world = _referral_world

CTRL = Qt.KeyboardModifier.ControlModifier


@dataclass
class Group:
    world: World
    id: int
    referrals: list[int]
    past: int  # a group session that started yesterday
    names: list[str]
    people: list[int]

    @property
    def team(self) -> Workspace:
        return Workspace(database=self.world.workspace.database, actor=self.world.team)

    def marks(self) -> list[tuple[int, int, str, int]]:
        with self.world.workspace.uow() as uow:
            return [
                (r.session_id, r.member_id, r.outcome, r.mark_number)
                for r in uow.session.scalars(
                    select(ProgrammeAttendanceRow).order_by(ProgrammeAttendanceRow.id)
                )
            ]

    def add_session(self, starts: dt.datetime, kind: str = "group", sequence: int = 2) -> int:
        with self.world.workspace.uow() as uow:
            row = ProgrammeSessionRow(
                group_id=self.id,
                sequence=sequence,
                module_number=2,  # module 1 is the pre-group module: not substantive
                session_number=sequence,
                name="Next steps",
                session_type=kind,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                is_catch_up=False,
            )
            uow.programmes.add(row)
            uow.commit()
            return row.id


def _yesterday_at_ten() -> dt.datetime:
    return (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )


@pytest.fixture
def group(world: World) -> Group:
    """Twelve people at Leeds, each referred to Building Choices with a place in group
    BC-MOD-12 (capacity 12) since before its first session, yesterday."""
    ws = world.workspace
    people = [world.person] + [
        register_person(ws.actor, ws.uow(), another_person(n, establishment_id=world.leeds)).id
        for n in range(2, 13)
    ]
    with ws.uow() as uow:
        row = ProgrammeGroupRow(
            offering_id=world.offering,
            code="BC-MOD-12",
            capacity=12,
            starts_on=dt.date.today() - dt.timedelta(days=7),
            ends_on=dt.date.today() + dt.timedelta(days=60),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(row)
        uow.commit()
        group_id = row.id
    referrals = []
    for person in people:
        world.person = person
        referral = world.refer_assessed()
        give_group_place(world.team, ws.uow(), referral, world.revision(referral), group_id)
        referrals.append(referral)
    world.person = people[0]
    with ws.uow() as uow:
        for place in uow.session.scalars(
            select(ProgrammeGroupMemberRow).where(ProgrammeGroupMemberRow.group_id == group_id)
        ):
            place.joined_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
        uow.commit()
    found = Group(world, group_id, referrals, 0, [], people)
    found.past = found.add_session(_yesterday_at_ten(), sequence=1)
    read = register_for_session(world.team, ws.uow(), found.past)
    found.names = [r.name for r in read.sheet.rows]
    assert len(found.names) == 12
    return found


def _open(qtbot: Any, runner: Workspace) -> ProgrammesWindow:
    window = ProgrammesWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_background(qtbot)
    return window


def _choose_session(qtbot: Any, window: ProgrammesWindow, group: Group, session: int) -> None:
    """The Groups and sessions tab, the group, then the session (by id)."""
    window.tabs.setCurrentWidget(window.groups_split)
    rows = window.groups.model.rows()
    window.groups.select_source_row(next(i for i, r in enumerate(rows) if r.id == group.id))
    wait_for_background(qtbot)
    sessions = window.sessions.model.rows()
    window.sessions.select_source_row(next(i for i, s in enumerate(sessions) if s.id == session))
    window.sessions.view.setFocus()


def _register(window: ProgrammesWindow) -> RegisterDialog:
    assert window.register_dialog is not None, "the register is not open"
    return window.register_dialog


class Keys:
    """Presses keys where the keyboard's focus is, and counts them (a chord is one)."""

    def __init__(self, qtbot: Any, fallback: Any) -> None:
        self.qtbot, self.fallback, self.count = qtbot, fallback, 0

    def press(self, *keys: Any, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
        for key in keys:
            target = QApplication.focusWidget() or self.fallback
            self.qtbot.keyClick(target, key, modifier)
            self.count += 1

    def type(self, text: str) -> None:  # the note's text is not counted
        target = QApplication.focusWidget()
        assert isinstance(target, QLineEdit), "no note is being written"
        self.qtbot.keyClicks(target, text)


def test_twelve_people_are_registered_from_the_view_in_under_20_keystrokes(
    qtbot: Any, group: Group
) -> None:
    window = _open(qtbot, group.team)
    _choose_session(qtbot, window, group, group.past)
    assert window.sessions_register_button.isVisible()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.sessions.view.setFocus()
    keys = Keys(qtbot, window.sessions.view)
    keys.press(Qt.Key.Key_Return)  # opens the register
    dialog = _register(window)
    wait_for_background(qtbot)
    qtbot.waitUntil(lambda: dialog.view.model.rowCount() == 12)
    assert "BC-MOD-12" in dialog.view.title.text()
    assert "Module 2, session 1: Next steps" in dialog.view.title.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.view.table)
    keys.press(*[Qt.Key.Key_A] * 8)
    keys.press(Qt.Key.Key_F)
    keys.press(Qt.Key.Key_X, Qt.Key.Key_2)
    keys.press(Qt.Key.Key_U)
    keys.press(Qt.Key.Key_5)  # other: the note opens
    keys.type("Chaplaincy visit")
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_S, modifier=CTRL)
    wait_for_background(qtbot)
    assert window.register_dialog is None
    assert keys.count < 20, keys.count
    assert keys.count == 16
    assert window.message.text() == (
        "Register saved: 8 attended and complied, 1 attended, failed to comply, "
        "2 acceptable absences, 1 unacceptable absence."
    )
    marks = group.marks()
    assert len(marks) == 12 and {m[0] for m in marks} == {group.past}
    assert [m[2] for m in marks].count("attended_complied") == 8
    wait_for_background(qtbot)
    window.close()


def test_a_future_session_is_not_opened_and_says_why(qtbot: Any, group: Group) -> None:
    future = group.add_session(dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    window = _open(qtbot, group.team)
    _choose_session(qtbot, window, group, future)
    window.sessions_register_button.click()
    assert window.register_dialog is None
    assert "has not started yet" in window.message.text()
    window.close()


def test_a_refusal_is_shown_on_its_rows_and_nothing_more_is_saved(qtbot: Any, group: Group) -> None:
    window = _open(qtbot, group.team)
    _choose_session(qtbot, window, group, group.past)
    window.sessions_register_button.click()
    dialog = _register(window)
    wait_for_background(qtbot)
    # Someone else saves the register meanwhile.
    read = register_for_session(group.world.team, group.world.workspace.uow(), group.past)
    rows = [
        r.model_copy(update={"outcome": AttendanceOutcome.ATTENDED_COMPLIED})
        for r in read.sheet.rows
    ]
    record_attendance(
        group.world.team, group.world.workspace.uow(), group.past, read.sheet.with_rows(rows)
    )
    before = group.marks()
    dialog.view.mark_rest()
    assert dialog.view.save()
    wait_for_background(qtbot)
    assert window.register_dialog is dialog and dialog.isVisible()
    assert group.marks() == before
    problems = [dialog.view.model.problems_at(r) for r in range(12)]
    assert all(p and p[0].code.value == "already_marked" for p in problems)
    assert dialog.view.model.display_rows()[0][5] == "Already marked for this session."
    assert dialog.general.text().startswith("Nothing was saved")
    assert "meanwhile" in dialog.general.text()
    dialog.reject()
    window.close()


def _register_marked(qtbot: Any, group: Group, mark: dict[str, Any]) -> tuple[Any, Any]:
    """The past session's register saved with ``mark`` for everyone, then opened in the view:
    (window, register dialog)."""
    read = register_for_session(group.world.team, group.world.workspace.uow(), group.past)
    rows = [r.model_copy(update=mark) for r in read.sheet.rows]
    record_attendance(
        group.world.team, group.world.workspace.uow(), group.past, read.sheet.with_rows(rows)
    )
    window = _open(qtbot, group.team)
    _choose_session(qtbot, window, group, group.past)
    window.sessions_register_button.click()
    dialog = _register(window)
    wait_for_background(qtbot)
    return window, dialog


def test_a_recorded_mark_shows_and_is_corrected_by_a_new_mark(qtbot: Any, group: Group) -> None:
    window, dialog = _register_marked(
        qtbot, group, {"outcome": AttendanceOutcome.ATTENDED_COMPLIED}
    )
    assert dialog.view.model.display_rows()[0][2:5] == ["Attended and complied", "", ""]
    assert dialog.correct_button.isEnabled()
    assert not dialog.view.save_button.isEnabled()
    assert dialog.view.progress.text().startswith("Every mark here is saved")
    dialog.view.table.setCurrentIndex(dialog.view.model.index(0, 2))
    dialog.correct_button.click()
    correction = dialog.form_dialog
    assert isinstance(correction, CorrectMarkDialog)
    assert correction.outcome.currentData() == "attended_complied"
    assert correction.reason.currentText() == "" and not correction.reason.isEnabled()
    correction.outcome.setCurrentIndex(
        correction.outcome.findData(AttendanceOutcome.ACCEPTABLE_ABSENCE.value)
    )
    # User trial: the Reason box started blank. It asks for a reason, and leaving the
    # placeholder is refused naming the field; nothing is saved.
    assert correction.reason.currentText() == "Choose a reason…"
    assert correction.reason.currentData() is None and correction.reason.isEnabled()
    # User trial: a correction did not say why. "Why corrected" left empty is refused,
    # naming it; nothing is saved.
    assert correction.why.text() == "" and correction.why.maxLength() == 200
    correction.submit()
    wait_for_background(qtbot)
    assert dialog.form_dialog is correction and len(group.marks()) == 12
    # Every problem at once: the empty why and the missing reason.
    lines = correction.problem.text().split("\n")
    assert lines[0] == "Why corrected: is required"
    assert len(lines) == 2 and lines[1].endswith("Reason: an acceptable absence needs a reason")
    correction.why.setFocus()
    qtbot.keyClicks(correction.why, "Was at healthcare, not in the room")
    correction.submit()
    wait_for_background(qtbot)
    assert dialog.form_dialog is correction and len(group.marks()) == 12
    assert "Reason: an acceptable absence needs a reason" in correction.problem.text()
    correction.reason.setCurrentIndex(correction.reason.findData("illness_or_medical"))
    correction.note.setText("Seen by healthcare")
    correction.submit()
    wait_for_background(qtbot)
    assert dialog.form_dialog is None
    assert window.message.text() == f"The mark of {group.names[0]} was corrected."
    assert dialog.view.model.display_rows()[0][2:5] == [
        "Acceptable absence (corrected)",
        "Illness or medical",
        "Seen by healthcare",
    ]
    marks = group.marks()
    assert marks[-1][2:] == ("acceptable_absence", 2) and len(marks) == 13
    # The mark's history, shown when it is corrected again, says why it was corrected.
    dialog.view.table.setCurrentIndex(dialog.view.model.index(0, 2))
    dialog.correct_button.click()
    again = dialog.form_dialog
    assert isinstance(again, CorrectMarkDialog)
    lines = again.history.toPlainText().split("\n")
    assert len(lines) == 2
    assert lines[0].startswith("Mark 1, ") and lines[0].endswith(": Attended and complied")
    assert lines[1].startswith("Mark 2, ")
    assert lines[1].endswith(
        ": Acceptable absence (illness or medical). Note: Seen by healthcare. "
        "Why corrected: Was at healthcare, not in the room"
    )
    assert again.why.text() == ""  # each correction says its own why
    again.reject()
    dialog.reject()
    window.close()


def test_a_one_to_one_not_tied_explains_and_is_tied_from_the_register(
    qtbot: Any, group: Group
) -> None:
    one = group.add_session(_yesterday_at_ten() + dt.timedelta(hours=3), "one_to_one", 2)
    window = _open(qtbot, group.team)
    _choose_session(qtbot, window, group, one)
    window.sessions_register_button.click()
    dialog = _register(window)
    wait_for_background(qtbot)
    assert dialog.tie_button.isVisible() and "not tied to a person" in dialog.explain.text()
    assert dialog.view.progress.text() == "Nobody to mark."
    assert not dialog.view.save_button.isEnabled()
    dialog.tie_button.click()
    tie = dialog.form_dialog
    assert isinstance(tie, TieDialog)
    offered = [tie.person.itemData(i) for i in range(tie.person.count())]
    assert sorted(offered) == sorted(group.referrals)
    tie.person.setCurrentIndex(offered.index(group.referrals[3]))
    tie.submit()
    wait_for_background(qtbot)
    assert dialog.form_dialog is None
    assert dialog.view.model.rowCount() == 1 and not dialog.tie_button.isVisible()
    assert dialog.view.model.row_at(0).person_id == group.people[3]
    dialog.reject()
    window.close()


def _correction_of(group: Group, person_id: int) -> ProgrammeAttendanceRow:
    """The person's second mark: the one a correction of their first wrote."""
    with group.world.workspace.uow() as uow:
        (latest,) = [
            r
            for r in uow.session.scalars(select(ProgrammeAttendanceRow))
            if r.person_id == person_id and r.mark_number == 2
        ]
        uow.session.expunge(latest)
        return latest


def _on_programme(group: Group, referral: int) -> None:
    """The referral (assessed as suitable, with its place) starts the programme."""
    world = group.world
    world.move(world.team, referral, "on_programme")


def test_completion_is_refused_until_the_rule_finds_it_then_confirmed(
    qtbot: Any, group: Group
) -> None:
    referral = group.referrals[0]
    _on_programme(group, referral)
    window = _open(qtbot, group.team)
    window.tabs.setCurrentWidget(window.referral_tabs.referrals)
    tabs = window.referral_tabs
    tabs._reselect(tabs.referrals.view, referral)
    assert tabs.complete_button.isVisible() and tabs.complete_button.isEnabled()
    tabs.complete_button.click()
    wait_for_background(qtbot)
    dialog = tabs.dialog
    assert isinstance(dialog, CompletionDialog)
    assert not dialog.ok_button.isEnabled()
    assert any(
        label.text().endswith(": Building Choices: moderate intensity")
        for label in dialog.findChildren(QLabel)
    )
    assert dialog.outcome.text() == "Not complete: its one planned session has no outcome yet."
    dialog.reject()
    # The register is taken: the one session attended.
    read = register_for_session(group.world.team, group.world.workspace.uow(), group.past)
    rows = [
        r.model_copy(update={"outcome": AttendanceOutcome.ATTENDED_COMPLIED})
        for r in read.sheet.rows
    ]
    record_attendance(
        group.world.team, group.world.workspace.uow(), group.past, read.sheet.with_rows(rows)
    )
    tabs._reselect(tabs.referrals.view, referral)
    tabs.complete_button.click()
    wait_for_background(qtbot)
    dialog = tabs.dialog
    assert isinstance(dialog, CompletionDialog) and dialog.ok_button.isEnabled()
    assert dialog.outcome.text().startswith("Complete: every planned session")
    dialog.submit()
    wait_for_background(qtbot)
    assert "confirmed complete" in window.message.text()
    with group.world.workspace.uow() as uow:
        row = uow.programme_referrals.referral(referral)
        assert row is not None and row.status == "programme_complete"
    window.close()


def test_completion_confirmed_by_someone_else_meanwhile_is_refused_in_the_dialog(
    qtbot: Any, group: Group
) -> None:
    referral = group.referrals[0]
    _on_programme(group, referral)
    read = register_for_session(group.world.team, group.world.workspace.uow(), group.past)
    rows = [
        r.model_copy(update={"outcome": AttendanceOutcome.ATTENDED_COMPLIED})
        for r in read.sheet.rows
    ]
    record_attendance(
        group.world.team, group.world.workspace.uow(), group.past, read.sheet.with_rows(rows)
    )
    window = _open(qtbot, group.team)
    tabs = window.referral_tabs
    tabs._reselect(tabs.referrals.view, referral)
    tabs.complete_button.click()
    wait_for_background(qtbot)
    dialog = tabs.dialog
    assert isinstance(dialog, CompletionDialog)
    # Someone else confirms it meanwhile: the revision read is stale.
    confirm_completion(
        group.world.team, group.world.workspace.uow(), referral, group.world.revision(referral)
    )
    entries = group.world.history(referral)
    dialog.submit()
    wait_for_background(qtbot)
    assert dialog.isVisible() and dialog.problem.text()
    assert group.world.history(referral) == entries  # nothing more saved
    dialog.reject()
    window.close()


def test_only_the_programme_team_is_offered_the_register_and_completion(
    qtbot: Any, group: Group
) -> None:
    officer = Workspace(database=group.world.workspace.database, actor=group.world.officer)
    window = _open(qtbot, officer)
    assert not window.today_register_button.isVisible()
    assert not window.sessions_register_button.isVisible()
    assert not window.referral_tabs.complete_button.isVisible()
    window.take_register(window.today)
    assert window.register_dialog is None
    window.close()


# --- widget-free --------------------------------------------------------------------------


def test_saved_text_counts_each_outcome_in_words() -> None:
    counts = AttendanceCounts(
        session_id=1, by_outcome={"attended_complied": 10, "unacceptable_absence": 1}
    )
    assert saved_text(counts) == "Register saved: 10 attended and complied, 1 unacceptable absence."
    assert saved_text(AttendanceCounts(session_id=1, by_outcome={})) == (
        "Register saved: nobody new was marked."
    )
    # User trial: "2 acceptable absence".
    several = AttendanceCounts(
        session_id=1,
        by_outcome={"acceptable_absence": 2, "unacceptable_absence": 3, "attended_complied": 1},
    )
    assert saved_text(several) == (
        "Register saved: 1 attended and complied, 2 acceptable absences, 3 unacceptable absences."
    )


def test_a_refusal_maps_to_its_rows_and_keeps_other_words() -> None:
    error = ValidationFailed(
        [
            FieldProblem("rows[3].outcome", "already_marked", "Row 4, X: already"),
            FieldProblem("session", "session_in_future", "Register: not started"),
            FieldProblem("session_id", "replaced", "Session: it was rescheduled"),
        ]
    )
    rows, other = refused_problems(error)
    assert [(p.row, p.field, p.code.value) for p in rows] == [
        (3, "outcome", "already_marked"),
        (None, "session", "session_in_future"),
    ]
    assert other == ["Session: it was rescheduled"]


@pytest.mark.parametrize(
    ("result", "words"),
    [
        (
            CompletionResult(
                outcome=CompletionOutcome.IN_PROGRESS,
                planned=0,
                with_outcome=0,
                attended=0,
                substantive_attended=0,
            ),
            "Not complete: no session is planned for this referral yet.",
        ),
        (
            CompletionResult(
                outcome=CompletionOutcome.CANCELLED,
                planned=3,
                with_outcome=3,
                attended=0,
                substantive_attended=0,
            ),
            "Not complete: every planned session has an outcome but none was attended, so "
            "the programme is cancelled. Next: plan a catch-up session for them and record "
            "its outcome, or, if they will not take part, move the referral to Deselected.",
        ),
        (  # user trial: raw codes, and no way on from a closed referral
            CompletionResult(
                outcome=CompletionOutcome.CANCELLED,
                planned=3,
                with_outcome=1,
                attended=0,
                substantive_attended=0,
                ended_early=EndedEarlyKind.WITHDRAWN,
                reason_category="withdrawn_personal",
            ),
            "Not complete: the referral was moved to Withdrawn (Personal) before its sessions "
            "ran out, so the programme is cancelled (no substantive session was attended). "
            "There is nothing to confirm. If the move to Withdrawn was a mistake, correct the "
            "last move in the person's window (Programme referrals tab): the referral reopens "
            "and its completion can be checked again.",
        ),
        (
            CompletionResult(
                outcome=CompletionOutcome.NOT_COMPLETED,
                planned=3,
                with_outcome=2,
                attended=1,
                substantive_attended=1,
                ended_early=EndedEarlyKind.DESELECTED,
                reason_category="deselected_motivation_behaviour",
            ),
            "Not complete: the referral was moved to Deselected (Motivation and behaviour) "
            "before its sessions ran out, so the programme is not completed. There is nothing "
            "to confirm. If the move to Deselected was a mistake, correct the last move in the "
            "person's window (Programme referrals tab): the referral reopens and its completion "
            "can be checked again.",
        ),
        (
            CompletionResult(
                outcome=CompletionOutcome.COMPLETE,
                planned=3,
                with_outcome=3,
                attended=2,
                substantive_attended=2,
            ),
            "Complete: every planned session has an outcome and 2 substantive sessions were "
            "attended.",
        ),
        (  # user trial: "1 sessions were attended"
            CompletionResult(
                outcome=CompletionOutcome.COMPLETE,
                planned=3,
                with_outcome=3,
                attended=2,
                substantive_attended=1,
            ),
            "Complete: every planned session has an outcome and 1 substantive session was "
            "attended.",
        ),
        (
            CompletionResult(
                outcome=CompletionOutcome.IN_PROGRESS,
                planned=4,
                with_outcome=3,
                attended=2,
                substantive_attended=2,
            ),
            "Not complete: 1 of the 4 planned sessions has no outcome yet.",
        ),
        (
            CompletionResult(
                outcome=CompletionOutcome.IN_PROGRESS,
                planned=4,
                with_outcome=2,
                attended=2,
                substantive_attended=2,
            ),
            "Not complete: 2 of the 4 planned sessions have no outcome yet.",
        ),
        (  # second trial: a late joiner
            CompletionResult(
                outcome=CompletionOutcome.IN_PROGRESS,
                planned=5,
                with_outcome=2,
                attended=2,
                substantive_attended=2,
                catch_ups_needed=(2, 2, 4),
            ),
            "Not complete: 3 of the 5 planned sessions have no outcome yet. Catch-ups needed: "
            "3 (modules 2, 4), for the group sessions held before they joined: plan a catch-up "
            "of each and record its outcome.",
        ),
    ],
)
def test_the_rule_outcome_in_words(result: CompletionResult, words: str) -> None:
    assert outcome_words(result) == words


def test_enter_on_a_session_of_today_opens_its_register(qtbot: Any, group: Group) -> None:
    from resettle.domain import clock
    from resettle.domain.programmes.sessions import SESSION_ZONE

    starts = _yesterday_at_ten().astimezone(SESSION_ZONE)
    clock.hold_today(starts.date())  # the fixture's session is today's
    try:
        window = _open(qtbot, group.team)
        window.tabs.setCurrentWidget(window.today)
        assert [d.session.id for d in window.today.model.rows()] == [group.past]
        assert window.today_register_button.isVisible()
        assert window.today_register_button.isEnabled()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.today.view.setFocus()
        qtbot.keyClick(window.today.view, Qt.Key.Key_Return)
        dialog = _register(window)
        wait_for_background(qtbot)
        assert dialog.view.model.rowCount() == 12
        assert dialog.view.title.text() == (
            f"Building Choices: moderate intensity, BC-MOD-12: {starts:%d/%m/%Y %H:%M}-"
            f"{starts + dt.timedelta(hours=2):%H:%M}, Module 2, session 1: Next steps"
        )
        dialog.reject()
        window.close()
    finally:
        clock.follow_system_clock()


def test_correcting_a_mark_names_the_person_and_drops_a_reason_the_new_mark_takes_none(
    qtbot: Any, group: Group
) -> None:
    """User trial: the Correct mark dialog kept the old absence reason with a new mark that
    takes none; its refusal named "Row 1" (of a one-person correction) and the field's code;
    and it did not say whose mark it was."""
    from resettle.domain.programme_attendance import AbsenceReason

    window, dialog = _register_marked(
        qtbot,
        group,
        {
            "outcome": AttendanceOutcome.ACCEPTABLE_ABSENCE,
            "absence_reason": AbsenceReason.ILLNESS_OR_MEDICAL,
        },
    )
    dialog.view.table.setCurrentIndex(dialog.view.model.index(3, 2))
    person = dialog.view.model.row_at(3)
    dialog.correct_button.click()
    correction = dialog.form_dialog
    assert isinstance(correction, CorrectMarkDialog)
    who = f"{person.name} ({person.prison_number})"
    assert correction.who.text() == f"Correcting the mark of {who}."
    assert who in correction.windowTitle()
    assert correction.reason.currentData() == "illness_or_medical"
    assert correction.reason.isEnabled()
    correction.why.setText("Marked the wrong outcome")
    # An acceptable absence with its reason taken away: refused naming the person and the
    # field by its label, with no row number.
    correction.reason.setCurrentIndex(0)
    correction.submit()
    wait_for_background(qtbot)
    assert dialog.form_dialog is correction
    assert correction.problem.text() == f"{who}, Reason: an acceptable absence needs a reason"
    # Unacceptable absence takes no reason: the old one is cleared, not sent.
    correction.reason.setCurrentIndex(correction.reason.findData("illness_or_medical"))
    correction.outcome.setCurrentIndex(
        correction.outcome.findData(AttendanceOutcome.UNACCEPTABLE_ABSENCE.value)
    )
    assert correction.reason.currentData() is None and not correction.reason.isEnabled()
    correction.submit()
    wait_for_background(qtbot)
    assert dialog.form_dialog is None
    latest = _correction_of(group, person.person_id)
    assert (latest.outcome, latest.absence_reason) == ("unacceptable_absence", None)
    dialog.reject()
    window.close()


def test_a_register_with_no_place_held_says_so_and_one_with_hidden_places_says_that(
    qtbot: Any, group: Group
) -> None:
    """Trial finding: a session before anyone joined said nobody "is shown to you", which
    sounds like people are hidden; that wording is kept for places the account may not see."""
    before = group.add_session(dt.datetime.now(dt.UTC) - dt.timedelta(days=20), sequence=2)
    window = _open(qtbot, group.team)
    _choose_session(qtbot, window, group, before)
    window.sessions_register_button.click()
    dialog = _register(window)
    wait_for_background(qtbot)
    assert dialog.view.model.rowCount() == 0
    assert dialog.explain.text() == "Nobody held a place in this group at this session."
    assert dialog.view.progress.text() == "Nobody to mark."
    dialog.reject()
    window.close()
    with group.world.workspace.uow() as uow:  # everyone limited access: hidden from the team
        for person in group.people:
            row = uow.people.get(person)
            assert row is not None
            row.restricted = True
            uow.session.add(
                PersonAccessRow(person_id=person, staff_id=group.world.officer.id, kind=ALLOWED)
            )
        uow.commit()
    window = _open(qtbot, group.team)
    _choose_session(qtbot, window, group, group.past)
    window.sessions_register_button.click()
    dialog = _register(window)
    wait_for_background(qtbot)
    assert dialog.view.model.rowCount() == 0
    assert dialog.explain.text() == "Nobody in this group is shown to you for this session."
    dialog.reject()
    window.close()


def test_correcting_the_outcome_clears_the_old_marks_note_but_keeps_a_note_typed(
    qtbot: Any, group: Group
) -> None:
    """Trial finding: an "Attended" note stayed on a mark corrected to an acceptable
    absence."""
    note = "Good contributions in group work."
    window, dialog = _register_marked(
        qtbot, group, {"outcome": AttendanceOutcome.ATTENDED_COMPLIED, "note": note}
    )
    dialog.view.table.setCurrentIndex(dialog.view.model.index(0, 2))
    person = dialog.view.model.row_at(0)
    dialog.correct_button.click()
    correction = dialog.form_dialog
    assert isinstance(correction, CorrectMarkDialog)
    assert correction.note.text() == note
    absent = correction.outcome.findData(AttendanceOutcome.ACCEPTABLE_ABSENCE.value)
    correction.outcome.setCurrentIndex(absent)
    assert correction.note.text() == ""  # the old mark's note went with its outcome
    correction.outcome.setCurrentIndex(
        correction.outcome.findData(AttendanceOutcome.ATTENDED_COMPLIED.value)
    )
    assert correction.note.text() == note  # back to the old outcome: its note is back
    correction.note.setText("Left early, unwell.")
    correction.outcome.setCurrentIndex(absent)
    assert correction.note.text() == "Left early, unwell."  # a note typed here stays
    correction.reason.setCurrentIndex(correction.reason.findData("illness_or_medical"))
    correction.note.clear()
    correction.why.setText("Left before the session began")
    correction.submit()
    wait_for_background(qtbot)
    assert dialog.form_dialog is None
    latest = _correction_of(group, person.person_id)
    assert (latest.outcome, latest.note) == ("acceptable_absence", "")
    dialog.reject()
    window.close()
