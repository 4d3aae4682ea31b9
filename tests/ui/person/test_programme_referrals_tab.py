"""The Programme referrals tab: the person's referrals and their history (models tested without
widgets), referring from the person window, and moving with only the moves the workflow allows
the signed-in role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QDialogButtonBox

from resettle.domain.programme_referrals import GroupPlaceView, HistoryEntryView, ReferralView
from resettle.domain.staff import Role
from resettle.services.programme_referrals import refer_to_programme
from resettle.services.workspace import Workspace
from resettle.ui.common.referral_move_dialog import CorrectDialog, MoveDialog
from resettle.ui.person import PersonWindow
from resettle.ui.person.programme_referral_dialogs import ReferDialog
from resettle.ui.person.programme_referral_models import (
    ProgrammeReferralHistoryModel,
    ProgrammeReferralsModel,
    catch_up_words,
    duration_words,
)
from resettle.ui.person.programme_referrals_tab import ProgrammeReferralsTab
from resettle.ui.screens import open_person_window
from tests.accounts import workspace_as
from tests.background import wait_for_background

WHEN = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def _entry(n: int, source: str | None, target: str, **kw: object) -> HistoryEntryView:
    data: dict[str, object] = {
        "id": n,
        "from_status": source,
        "to_status": target,
        "category": None,
        "reason": None,
        "override_reason": None,
        "notes": "",
        "moved_by": "Tam Tutor",
        "moved_at": WHEN,
        "seconds_at_previous": None,
        "corrects_id": None,
    }
    data.update(kw)
    return HistoryEntryView.model_validate(data)


def test_the_models_show_statuses_reasons_and_corrections_in_words(qtbot) -> None:  # type: ignore[no-untyped-def]
    history = ProgrammeReferralHistoryModel()
    history.set_rows(
        [
            _entry(1, None, "draft"),
            _entry(
                2,
                "submitted",
                "withdrawn",
                category="withdrawn_administrative",
                reason="withdrawn_duplicate",
                notes="Twice",
                seconds_at_previous=3 * 86_400 + 5,
            ),
            _entry(3, "withdrawn", "submitted", corrects_id=2, seconds_at_previous=120),
        ]
    )
    rows = history.display_rows()
    assert rows[0][1:3] == ["—", "Draft referral"]
    assert rows[1][1:6] == [
        "Referral submitted",
        "Withdrawn",
        "Administrative — Duplicate referral",
        "3 d",
        "Twice",
    ]
    assert rows[2][2] == "Referral submitted (correction)" and rows[2][4] == "< 1 h"
    assert duration_words(7200) == "2 h"
    referrals = ProgrammeReferralsModel()
    view = ReferralView(
        id=1,
        person_id=1,
        programme_code="BC-MOD",
        programme_name="Building Choices: moderate intensity",
        intensity="moderate",
        offering_id=None,
        status="withdrawn",
        status_label="Withdrawn",
        status_since=WHEN,
        referred_by="Test Officer",
        referred_at=WHEN,
        pathway=None,
        revision=2,
        history=(),
    )
    referrals.set_rows([view])
    assert referrals.display_rows()[0][0] == "Building Choices: moderate intensity (BC-MOD)"
    assert referrals.display_rows()[0][1] == "Withdrawn"
    # A late joiner: the group column says which catch-ups the completion still waits for.
    late = view.model_copy(
        update={
            "status": "on_programme",
            "status_label": "On programme",
            "places": (
                GroupPlaceView(group_id=4, group_code="BC-1", joined_at=WHEN, left_at=None),
            ),
            "catch_ups_needed": (2, 2, 4),
        }
    )
    referrals.set_rows([late, late.model_copy(update={"catch_ups_needed": (2,)})])
    assert referrals.display_rows()[0][-1] == "BC-1; catch-ups needed: 3 (modules 2, 4)"
    assert referrals.display_rows()[1][-1] == "BC-1; catch-ups needed: 1 (module 2)"
    assert catch_up_words(view) == ""


def _tab(qtbot, window: PersonWindow) -> ProgrammeReferralsTab:  # type: ignore[no-untyped-def]
    tab = window.tab_of(ProgrammeReferralsTab)
    assert isinstance(tab, ProgrammeReferralsTab)
    window.show_tab(tab)
    wait_for_background(qtbot)
    return tab


def test_an_officer_refers_from_the_person_window(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow
) -> None:
    tab = _tab(qtbot, window)
    assert tab.empty.isVisibleTo(tab) and tab.refer_button.isVisibleTo(tab)
    tab.open_refer()
    wait_for_background(qtbot)
    dialog = tab.dialog
    assert isinstance(dialog, ReferDialog)
    assert "no need items recorded" in dialog.pathway.text()
    dialog.programme.setCurrentIndex(dialog.programme.findData("BC-HIGH"))
    assert "no risk level confirmed" in dialog.eligibility.text()
    assert "override reason" not in dialog.eligibility.text()  # no pathway worked out
    dialog.programme.setCurrentIndex(dialog.programme.findData("BC-MOD"))
    dialog.notes.setPlainText("Keen to start")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_for_background(qtbot)
    wait_for_background(qtbot)
    assert tab.referrals.display_rows()[0][1] == "Referral submitted"
    assert tab.message.isVisibleTo(tab)
    assert tab.message.text().startswith("Referred to Building Choices")
    assert "the programme team assesses it next" in tab.message.text()
    assert [row[2] for row in tab.history.display_rows()] == [
        "Draft referral",
        "Referral submitted",
    ]
    assert tab.history.display_rows()[1][5] == "Keen to start"
    dialog = tab.open_move()
    assert isinstance(dialog, MoveDialog)
    assert [dialog.moves.itemData(i) for i in range(dialog.moves.count())] == [
        None,
        "on_hold_submitted",
        "withdrawn",
    ]
    dialog.moves.setCurrentIndex(dialog.moves.findData("withdrawn"))
    assert dialog.form.isRowVisible(dialog.category)
    assert not dialog.form.isRowVisible(dialog.override)
    dialog.category.setCurrentIndex(dialog.category.findData("withdrawn_other"))
    assert not dialog.form.isRowVisible(dialog.reason)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_for_background(qtbot)
    assert dialog.problem.isVisibleTo(dialog)
    assert dialog.problem.text().startswith("Notes: say why")
    dialog.close()


def test_the_programme_team_is_offered_its_own_moves(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    from tests.factories import establishment

    prison = establishment(workspace)
    with workspace.uow() as uow:
        row = uow.people.get(person_id)
        assert row is not None
        row.establishment_id = prison
        uow.commit()
    refer_to_programme(workspace.actor, workspace.uow(), person_id, {"programme_code": "BC-MOD"})
    team = workspace_as(workspace, Role.PROGRAMME_TEAM, establishment_id=prison)
    window = open_person_window(team, person_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = _tab(qtbot, window)
    assert not tab.refer_button.isVisibleTo(tab)
    dialog = tab.open_move()
    assert isinstance(dialog, MoveDialog)
    assert dialog.moves.itemData(1) == "awaiting_assessment"
    assert not dialog.ok_button.isEnabled()  # no move chosen yet
    dialog.moves.setCurrentIndex(1)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_for_background(qtbot)
    wait_for_background(qtbot)
    assert tab.referrals.display_rows()[0][1] == "Awaiting assessment"
    assert window.width() <= 1366 and window.height() <= 768


def test_the_programme_team_moves_and_corrects_without_a_read_only_banner(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    from tests.factories import establishment

    prison = establishment(workspace)
    with workspace.uow() as uow:
        row = uow.people.get(person_id)
        assert row is not None
        row.establishment_id = prison
        uow.commit()
    refer_to_programme(workspace.actor, workspace.uow(), person_id, {"programme_code": "BC-MOD"})
    team = workspace_as(workspace, Role.PROGRAMME_TEAM, establishment_id=prison)
    window = open_person_window(team, person_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = _tab(qtbot, window)
    # Moving is the team's work here: the tab is not captioned read only.
    window.show_tab(tab)
    assert window.current_tab() is tab
    assert not window.read_only_label.isVisible(), window.read_only_label.text()
    assert tab.move_button.isEnabled() and tab.move_note.text() == ""
    # Nothing to correct yet: the last entry submitted the referral (the referrer's move).
    dialog = tab.open_move()
    assert isinstance(dialog, MoveDialog)
    dialog.moves.setCurrentIndex(dialog.moves.findData("awaiting_assessment"))
    dialog.ok_button.click()
    wait_for_background(qtbot)
    wait_for_background(qtbot)
    assert tab.referrals.display_rows()[0][1] == "Awaiting assessment"
    # User trial: the move was saved without a word. It is confirmed as the Programmes
    # view's Referrals tab confirms it.
    assert tab.message.isVisibleTo(tab)
    assert tab.message.text() == (
        "The referral to Building Choices: moderate intensity moved to Awaiting assessment."
    )
    assert tab.correct_button.isVisibleTo(tab) and tab.correct_button.isEnabled()
    corrector = tab.open_correct()
    assert isinstance(corrector, CorrectDialog)
    assert not tab.message.isVisibleTo(tab)  # a new action: the last one's words go
    corrector.ok_button.click()
    assert corrector.problem.text() == "Notes: say why the last move is corrected"
    corrector.notes.setPlainText("Moved by mistake: assessment not yet booked")
    corrector.ok_button.click()
    wait_for_background(qtbot)
    wait_for_background(qtbot)
    assert tab.referrals.display_rows()[0][1] == "Referral submitted"
    assert tab.message.text() == (
        "The referral to Building Choices: moderate intensity: the last move was corrected; "
        "it is back at Referral submitted."
    )
    # A correction is not corrected again: the button stays where it is, disabled, saying why.
    assert tab.correct_button.isVisibleTo(tab) and not tab.correct_button.isEnabled()
    assert "a correction is not corrected again" in tab.correct_button.toolTip()
    # Closed: said in words, no move offered.
    refer_view = tab.selected()
    assert refer_view is not None
    from resettle.services.programme_referrals import move_referral

    move_referral(
        workspace.actor,
        workspace.uow(),
        refer_view.id,
        refer_view.revision,
        {
            "to_status": "withdrawn",
            "category": "withdrawn_administrative",
            "reason": "withdrawn_duplicate",
        },
    )
    tab.reload_referrals()
    wait_for_background(qtbot)
    assert not tab.move_button.isEnabled()
    assert tab.move_note.isVisibleTo(tab)
    view = tab.selected()
    assert view is not None
    # User trial: an officer who withdrew by mistake was not told how to put it right.
    mistake = (
        "If the move to Withdrawn was a mistake, use Correct the last move (not a new referral)."
        if view.may_correct_last
        else "If the move to Withdrawn was a mistake, ask the programme team to correct the "
        "last move (not a new referral)."
    )
    assert tab.move_note.text() == (
        f"This referral is closed (Withdrawn): no further move is possible. {mistake}"
    )


def test_the_officers_buttons_keep_their_places_as_the_choice_changes(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow
) -> None:
    from resettle.services.programme_referrals import move_referral

    first = refer_to_programme(
        workspace.actor, workspace.uow(), person_id, {"programme_code": "BC-MOD"}
    )
    refer_to_programme(workspace.actor, workspace.uow(), person_id, {"programme_code": "BC-HIGH"})
    from resettle.services.programme_referral_lists import list_person_referrals

    shown = {v.id: v for v in list_person_referrals(workspace.actor, workspace.uow(), person_id)}
    move_referral(
        workspace.actor,
        workspace.uow(),
        first,
        shown[first].revision,
        {
            "to_status": "withdrawn",
            "category": "withdrawn_administrative",
            "reason": "withdrawn_duplicate",
        },
    )
    tab = _tab(qtbot, window)
    tab.reload_referrals()
    wait_for_background(qtbot)
    assert tab.referrals.rowCount() == 2
    buttons = (tab.refer_button, tab.move_button, tab.correct_button)
    seen = []
    for row in (0, 1, 0):
        tab.table.selectRow(row)
        qtbot.wait(20)  # let the layout settle
        view = tab.selected()
        assert view is not None
        seen.append([button.geometry() for button in buttons])
        assert all(button.isVisibleTo(tab) for button in buttons)
        if view.status == "withdrawn":
            assert not tab.move_button.isEnabled()
            assert tab.move_button.toolTip() == (
                "This referral is closed: no further move is possible."
            )
            # Only the programme team corrects a move that closed the referral: the officer is
            # told to ask them rather than withdraw or refer again.
            assert tab.correct_button.isEnabled() == view.may_correct_last
            assert not view.may_correct_last
            assert tab.correct_button.toolTip() == (
                "The move to Withdrawn closed the referral: only the programme team may "
                "correct it. If it was a mistake, ask them to use Correct the last move."
            )
            assert tab.move_note.text().endswith(
                "If the move to Withdrawn was a mistake, ask the programme team to correct "
                "the last move (not a new referral)."
            )
        else:
            assert tab.move_button.isEnabled()
            assert not tab.correct_button.isEnabled()
            assert tab.correct_button.toolTip() == (
                "The last move (to Referral submitted) is not one your role may correct: the "
                "role that makes that move corrects it."
            )
    assert seen[0] == seen[1] == seen[2]


def test_a_referral_asked_for_is_chosen_before_or_after_the_referrals_are_read(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    """Programme delivery trial: double-clicking a person's completed Kaizen referral opened
    their window on their other referral. The one asked for is chosen."""
    first = refer_to_programme(
        workspace.actor, workspace.uow(), person_id, {"programme_code": "BC-MOD"}
    )
    second = refer_to_programme(
        workspace.actor, workspace.uow(), person_id, {"programme_code": "KAIZEN"}
    )
    window = open_person_window(workspace, person_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.tab_of(ProgrammeReferralsTab)
    assert isinstance(tab, ProgrammeReferralsTab)
    window.show_tab(tab)
    tab.show_referral(first)  # asked for before the referrals arrive
    wait_for_background(qtbot)
    assert tab.selected() is not None and tab.selected().id == first  # type: ignore[union-attr]
    tab.show_referral(second)  # and once they are read
    assert tab.selected() is not None and tab.selected().id == second  # type: ignore[union-attr]


def test_a_late_joiners_referral_says_the_catch_ups_its_completion_waits_for(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, window: PersonWindow
) -> None:
    """Second trial: the referral panel of a person who joined a group late shows the
    catch-ups needed (read from the service; set here as the service returns it)."""
    refer_to_programme(workspace.actor, workspace.uow(), person_id, {"programme_code": "BC-MOD"})
    tab = _tab(qtbot, window)
    view = tab.referrals.row_at(0)
    assert view is not None and view.catch_ups_needed == ()  # no place: nothing owed
    tab.table.selectRow(0)
    assert not tab.catch_up_note.isVisibleTo(tab)
    tab.referrals.set_rows([view.model_copy(update={"catch_ups_needed": (2, 4)})])
    tab.table.selectRow(0)
    tab._chosen()
    assert tab.catch_up_note.isVisibleTo(tab)
    assert tab.catch_up_note.text() == (
        "Building Choices: moderate intensity — catch-ups needed: 2 (modules 2, 4). The group "
        "held these sessions before they joined; completion waits for a catch-up of each with "
        "its outcome recorded."
    )


def test_the_refer_dialog_warns_when_release_comes_before_the_programme_can_end(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    """Second trial: an officer referred someone released in 60 days to a programme of 17
    weeks with no word. The dialog names both figures before OK, and still refers."""
    from resettle.domain import clock
    from resettle.services.registration import register_person
    from tests.factories import person_data

    person = register_person(
        workspace.actor,
        workspace.uow(),
        person_data(release_date=clock.today() + dt.timedelta(days=60)),
    ).id
    window = open_person_window(workspace, person)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_background(qtbot)
    tab = _tab(qtbot, window)
    tab.open_refer()
    wait_for_background(qtbot)
    dialog = tab.dialog
    assert isinstance(dialog, ReferDialog)
    dialog.programme.setCurrentIndex(dialog.programme.findData("BC-HIGH"))
    assert dialog.release_warning.isVisibleTo(dialog)
    assert dialog.release_warning.text() == (
        "Building Choices: high intensity needs about 119 days; release is in 60 days. You "
        "can still refer them, for example to continue after release."
    )
    dialog.programme.setCurrentIndex(dialog.programme.findData("BSR"))  # no time given
    assert not dialog.release_warning.isVisibleTo(dialog)
    dialog.programme.setCurrentIndex(dialog.programme.findData("KAIZEN"))  # at least 26 weeks
    assert "Kaizen needs about 182 days; release is in 60 days" in dialog.release_warning.text()
    dialog.programme.setCurrentIndex(dialog.programme.findData("BC-MOD"))  # 70 days > 60
    assert "needs about 70 days; release is in 60 days" in dialog.release_warning.text()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    wait_for_background(qtbot)
    wait_for_background(qtbot)
    assert tab.referrals.display_rows()[0][1] == "Referral submitted"  # warned, not refused
    window.close()


def _on_programme(**fields: Any) -> ReferralView:
    """Building Choices at moderate intensity, on the programme, with ``fields`` given."""
    return ReferralView(
        id=1,
        person_id=1,
        programme_code="BC-MOD",
        programme_name="Building Choices: moderate intensity",
        intensity="moderate",
        offering_id=None,
        status="on_programme",
        status_label="On programme",
        status_since=WHEN,
        referred_by="Test Officer",
        referred_at=WHEN,
        pathway=None,
        revision=4,
        **fields,
    )


def _place_event(kind: Any, hours: int, by: str = "Tam Tutor") -> Any:
    """A change of place in group BC-1, ``hours`` after WHEN, made ``by``."""
    from resettle.domain.programme_group_places import PlaceEventView

    return PlaceEventView(kind=kind, group_code="BC-1", at=WHEN + dt.timedelta(hours=hours), by=by)


def test_the_history_interleaves_the_place_changes_with_the_moves(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Second user trial: the officer and the team could not see when a place was given or
    why it ended. The history lists each place change in its time among the moves, with
    who made it (a release is a date: nobody made it)."""
    from resettle.domain.programme_group_places import PlaceEventKind

    event = _place_event

    view = _on_programme(
        history=(
            _entry(1, None, "draft"),
            _entry(2, "assessed_suitable", "on_programme", moved_at=WHEN + dt.timedelta(hours=2)),
            _entry(
                3,
                "on_programme",
                "assessed_suitable",
                moved_at=WHEN + dt.timedelta(hours=4),
            ),
        ),
        place_events=(
            event(PlaceEventKind.GIVEN, 1),
            event(PlaceEventKind.ENDED_DESELECTED, 4),
            event(PlaceEventKind.GIVEN, 5),
            event(PlaceEventKind.WITHDRAWN, 6),
            event(PlaceEventKind.GIVEN, 7),
            event(PlaceEventKind.ENDED_RELEASED, 8, by=""),
        ),
    )
    history = ProgrammeReferralHistoryModel()
    history.set_rows(view.timeline())
    rows = history.display_rows()
    assert [(row[2], row[6]) for row in rows] == [
        ("Draft referral", "Tam Tutor"),
        ("Place given in group BC-1", "Tam Tutor"),
        ("On programme", "Tam Tutor"),
        ("Assessed as suitable", "Tam Tutor"),
        ("Place ended: deselected (group BC-1)", "Tam Tutor"),
        ("Place given in group BC-1", "Tam Tutor"),
        ("Place withdrawn (group BC-1)", "Tam Tutor"),
        ("Place given in group BC-1", "Tam Tutor"),
        ("Place ended: released (group BC-1)", ""),
    ]
    assert rows[1][1] == "" and rows[1][3] == "" and rows[1][5] == ""


def test_a_deselection_keeping_the_referral_open_says_the_place_ended(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    """Third user trial: after a deselection keeping the referral open, the banner said to
    withdraw the group place, which the move had already ended."""
    from resettle.domain.programme_referral_statuses import ReasonGroup
    from resettle.domain.programme_referral_workflow import STANDARD_WORKFLOW
    from resettle.services.programme_referral_places import give_group_place
    from resettle.services.programme_referrals import move_referral
    from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeOfferingRow
    from tests.factories import establishment
    from tests.programme_steps import assess_as_suitable

    prison = establishment(workspace)
    with workspace.uow() as uow:
        row = uow.people.get(person_id)
        assert row is not None
        row.establishment_id = prison
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert programme is not None
        offering = ProgrammeOfferingRow(programme_id=programme.id, establishment_id=prison)
        uow.programmes.add(offering)
        group = ProgrammeGroupRow(
            offering_id=offering.id,
            code="BC-1",
            capacity=2,
            starts_on=dt.date(2030, 1, 4),
            ends_on=dt.date(2030, 3, 29),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        uow.session.flush()
        group_id = group.id
        uow.commit()
    referral = refer_to_programme(
        workspace.actor, workspace.uow(), person_id, {"programme_code": "BC-MOD"}
    )
    team = workspace_as(workspace, Role.PROGRAMME_TEAM, establishment_id=prison)
    with workspace.uow() as uow:
        submitted = uow.programme_referrals.referral(referral)
        assert submitted is not None
        revision = submitted.revision
    revision = assess_as_suitable(team.run, referral, revision)
    revision = team.run(give_group_place, referral, revision, group_id)
    team.run(move_referral, referral, revision, {"to_status": "on_programme"})
    window = open_person_window(team, person_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = _tab(qtbot, window)
    dialog = tab.open_move()
    assert isinstance(dialog, MoveDialog)
    dialog.moves.setCurrentIndex(dialog.moves.findData("assessed_suitable"))
    category = STANDARD_WORKFLOW.categories_of(ReasonGroup.DESELECTED)[0]
    dialog.category.setCurrentIndex(dialog.category.findData(category.code))
    if dialog.form.isRowVisible(dialog.reason):
        dialog.reason.setCurrentIndex(1)
    dialog.ok_button.click()
    wait_for_background(qtbot)
    wait_for_background(qtbot)
    assert tab.message.text() == (
        "The referral to Building Choices: moderate intensity moved to Assessed as suitable. "
        "Their group place has ended: they are back on the waiting list."
    )


def test_the_history_shows_a_place_held_again_after_its_move_was_corrected(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Third user trial: a correction giving back the place a deselection ended showed
    nothing. The history shows the end and the place held again, after the correction."""
    from resettle.domain.programme_group_places import PlaceEventKind

    event = _place_event

    view = _on_programme(
        history=(
            _entry(1, "on_programme", "assessed_suitable", moved_at=WHEN + dt.timedelta(hours=2)),
            _entry(
                2,
                "assessed_suitable",
                "on_programme",
                moved_at=WHEN + dt.timedelta(hours=3),
                corrects_id=1,
            ),
        ),
        place_events=(
            event(PlaceEventKind.ENDED_DESELECTED, 2),
            event(PlaceEventKind.HELD_AGAIN, 3),
        ),
    )
    history = ProgrammeReferralHistoryModel()
    history.set_rows(view.timeline())
    assert [row[2] for row in history.display_rows()] == [
        "Assessed as suitable",
        "Place ended: deselected (group BC-1)",
        "On programme (correction)",
        "Place held again: move corrected (group BC-1)",
    ]
