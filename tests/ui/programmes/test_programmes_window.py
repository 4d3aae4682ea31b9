"""The Programmes view driven for each role: the programme team generates a group's sessions,
reschedules one and adds a catch-up; a manager chooses between establishments, offers a
programme and adds a group; prison staff see the establishment's delivery without actions;
each dialog's refusal names its field and saves nothing; the main window offers the view to
those roles only; and it fits a 1366x768 laptop."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from resettle.domain.programmes.sessions import SESSION_ZONE
from resettle.domain.staff import Actor, Role
from resettle.services.programme_offerings import create_group, create_offering
from resettle.services.workspace import Workspace
from resettle.storage.tables.staff import EstablishmentRow
from resettle.ui.common import screen_fit
from resettle.ui.main_window import MainWindow
from resettle.ui.programmes.delivery_dialogs import (
    AddGroupDialog,
    DeliveryDialog,
    NewSessionDialog,
    OfferProgrammeDialog,
    default_new_start,
)
from resettle.ui.programmes.delivery_window import ProgrammesWindow
from tests.accounts import seed_account, workspace_as
from tests.background import wait_for_background
from tests.ui.test_screen_fit import LAPTOP, _outer_height, off_screen


@dataclass
class Delivery:
    database: Any
    moorland: int
    leeds: int
    group_id: int

    def as_(self, username: str, role: Role, **places: Any) -> Workspace:
        staff_id = seed_account(self.database, username, (role,), **places)
        actor = Actor(
            id=staff_id,
            username=username,
            display_name=username,
            role=role,
            establishment_id=places.get("establishment_id"),
        )
        return Workspace(database=self.database, actor=actor)


@pytest.fixture
def delivery(workspace: Workspace) -> Delivery:
    """Moorland offers Building Choices (moderate) with group BC-1 in January 2027, its
    sessions not generated yet; Leeds offers nothing."""
    with workspace.uow() as uow:
        moorland = uow.staff.add_establishment(EstablishmentRow(code="MDI", name="HMP Moorland")).id
        leeds = uow.staff.add_establishment(EstablishmentRow(code="LEI", name="HMP Leeds")).id
        uow.commit()
    found = Delivery(workspace.database, moorland, leeds, 0)
    setter = found.as_("v.setter", Role.MANAGER, managed_establishment_ids=[moorland])
    offering = setter.run(
        create_offering, {"programme_code": "BC-MOD", "establishment_id": moorland}
    )
    found.group_id = setter.run(
        create_group,
        {
            "offering_id": offering.id,
            "code": "BC-1",
            "capacity": 12,
            "starts_on": "2027-01-04",
            "ends_on": "2027-03-26",  # three a week: the 26 sessions end before Easter
            "schedule": [
                {"weekday": "monday", "starts_at": "09:30", "minutes": 150},
                {"weekday": "wednesday", "starts_at": "09:30", "minutes": 150},
                {"weekday": "thursday", "starts_at": "09:30", "minutes": 150},
            ],
        },
    ).id
    return found


def _open(qtbot: Any, runner: Workspace) -> ProgrammesWindow:
    window = ProgrammesWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_background(qtbot)
    return window


def _dialog(window: ProgrammesWindow) -> DeliveryDialog:
    assert window.dialog is not None, "no dialog is open"
    return window.dialog


def _save(qtbot: Any, dialog: DeliveryDialog) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    wait_for_background(qtbot)


def _select_session(window: ProgrammesWindow, position: int) -> None:
    window.sessions.select_source_row(position)


def test_the_programme_team_generates_reschedules_and_adds_a_catch_up(
    qtbot: Any, delivery: Delivery
) -> None:
    team = delivery.as_("v.team", Role.PROGRAMME_TEAM, establishment_id=delivery.moorland)
    window = _open(qtbot, team)
    assert window.place_name.text() == "HMP Moorland" and window.place_choice.isHidden()
    assert window.offerings.model.display_rows()[0][:4] == [
        "Building Choices: moderate intensity",
        "BC-MOD",
        "HMP Moorland",  # the prison's name, not its code
        "1",
    ]
    # The team runs groups but does not set them up.
    assert window.offer_button.isHidden() and window.add_group_button.isHidden()
    window.tabs.setCurrentIndex(1)
    assert window.groups.model.display_rows()[0][-1] == "None yet"
    assert "Generate sessions" in window.sessions.empty.text()
    assert window.generate_button.isEnabled()
    qtbot.mouseClick(window.generate_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert window.message.text() == "26 sessions planned for BC-1."
    assert window.groups.model.display_rows()[0][-1] == "26"
    assert window.sessions.model.rowCount() == 26
    assert not window.generate_button.isEnabled()  # once per group

    _select_session(window, 0)
    qtbot.mouseClick(window.reschedule_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(window)
    assert isinstance(dialog, NewSessionDialog)
    dialog.day.editor.setText("05/01/2027")
    _save(qtbot, dialog)
    assert window.dialog is None
    assert window.message.text() == "Session moved to 05/01/2027 at 09:30."
    states = [row[4] for row in window.sessions.model.display_rows()]
    assert states.count("Replaced (not run)") == 1 and states.count("Rescheduled") == 1
    assert window.sessions.model.rowCount() == 27

    new_position = states.index("Rescheduled")
    _select_session(window, new_position)
    qtbot.mouseClick(window.catch_up_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(window)
    dialog.day.editor.setText("08/01/2027")
    _save(qtbot, dialog)
    assert window.message.text() == "Catch-up added on 08/01/2027 at 09:30."
    assert [row[4] for row in window.sessions.model.display_rows()].count("Catch-up") == 1
    window.close()


def test_a_reschedule_refused_names_the_field_and_saves_nothing(
    qtbot: Any, delivery: Delivery
) -> None:
    team = delivery.as_("v.team", Role.PROGRAMME_TEAM, establishment_id=delivery.moorland)
    window = _open(qtbot, team)
    window.tabs.setCurrentIndex(1)
    qtbot.mouseClick(window.generate_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    _select_session(window, 0)
    qtbot.mouseClick(window.reschedule_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(window)
    dialog.day.editor.setText("31/02/2027")  # no such day: refused before asking
    _save(qtbot, dialog)
    assert window.dialog is dialog
    assert dialog.problems()["starts_at"].startswith("New date")
    dialog.day.editor.setText("04/01/2027")  # where it already is: the service refuses
    _save(qtbot, dialog)
    assert window.dialog is dialog
    assert dialog.problems()["starts_at"].startswith("New start")
    # A time already past is refused naming the field: the date, or today's time.
    today = dt.datetime.now(SESSION_ZONE).date()
    dialog.day.editor.setText((today - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    _save(qtbot, dialog)
    assert window.dialog is dialog
    assert dialog.problems()["starts_at"].startswith("New date: ")
    assert "has already passed" in dialog.problems()["starts_at"]
    dialog.day.editor.setText(today.strftime("%d/%m/%Y"))
    dialog.time.setText("00:00")
    _save(qtbot, dialog)
    assert window.dialog is dialog
    assert dialog.problems()["time"] == (
        "New time: 00:00 today has already passed; choose a time still to come."
    )
    dialog.time.setText("09:30")
    dialog.day.editor.setText("29/03/2027")  # after the group's end date (26/03/2027)
    _save(qtbot, dialog)
    assert window.dialog is dialog
    assert dialog.problems()["starts_at"] == (
        "New start: 2027-03-29 is after the group's end date (2027-03-26)"
    )
    # Nothing clipped: the description and the problem get the height their wrapped text needs.
    qtbot.wait(50)
    assert isinstance(dialog, NewSessionDialog)
    for label in (dialog.about, dialog._problems["starts_at"]):
        assert label.height() >= label.heightForWidth(label.width()), label.text()
    # The dialog says when sessions may run; each rule broken is refused naming the start.
    assert "08:00" in dialog.hours.text() and "bank holiday" in dialog.hours.text()
    for day, time, words in (
        ("05/01/2027", "19:30", "outside session hours (08:00-20:00)"),  # an hour, to 20:30
        ("26/03/2027", "09:30", "is a bank holiday in England and Wales (Good Friday)"),
        ("20/01/2027", "14:00", "a group's modules run in order"),  # module 1 after module 2
    ):
        dialog.day.editor.setText(day)
        dialog.time.setText(time)
        _save(qtbot, dialog)
        assert window.dialog is dialog
        assert dialog.problems()["starts_at"].startswith("New start: "), day
        assert words in dialog.problems()["starts_at"]
    dialog.reject()
    wait_for_background(qtbot)
    assert window.sessions.model.rowCount() == 26
    window.close()


def test_a_manager_chooses_an_establishment_offers_a_programme_and_adds_a_group(
    qtbot: Any, delivery: Delivery
) -> None:
    manager = delivery.as_(
        "v.manager", Role.MANAGER, managed_establishment_ids=[delivery.moorland, delivery.leeds]
    )
    window = _open(qtbot, manager)
    assert window.place_choice.isVisible()
    assert window.place.name == "HMP Leeds"  # by name: Leeds first  # type: ignore[union-attr]
    assert window.offerings.stack.currentWidget() is window.offerings.empty
    assert window.offerings.empty.text().startswith("No programmes are offered at HMP Leeds yet")
    assert not window.add_group_button.isEnabled()
    qtbot.mouseClick(window.offer_button, Qt.MouseButton.LeftButton)
    offer = _dialog(window)
    assert isinstance(offer, OfferProgrammeDialog)
    offer.programme.set_value("KAIZEN")
    offer.contact.setText("Hub 2")
    _save(qtbot, offer)
    assert window.message.text() == "Kaizen is now offered. Add a group to run it."
    assert window.offerings.model.display_rows()[0][:2] == ["Kaizen", "KAIZEN"]

    window.tabs.setCurrentIndex(1)
    assert window.groups.empty.text().startswith("No groups yet: add a group")
    qtbot.mouseClick(window.add_group_button, Qt.MouseButton.LeftButton)
    add = _dialog(window)
    assert isinstance(add, AddGroupDialog)
    add.starts_on.editor.setText("04/01/2027")
    add.ends_on.editor.setText("01/02/2027")
    _save(qtbot, add)  # no group code: refused before asking
    assert window.dialog is add and add.problems()["code"].startswith("Group code: enter one")
    add.code.setText("#1")  # refused by the services, naming it
    _save(qtbot, add)
    assert window.dialog is add and set(add.problems()) == {"code"}
    add.code.setText("KZ-1")
    add.ends_on.editor.setText("01/01/2027")  # before the start
    _save(qtbot, add)
    assert set(add.problems()) == {"ends_on"}
    add.ends_on.editor.setText("29/03/2027")
    _save(qtbot, add)
    assert window.dialog is None
    assert window.message.text() == "Group KZ-1 added. Generate its sessions next."
    assert [row[0] for row in window.groups.model.display_rows()] == ["KZ-1"]

    window.place_choice.set_value(delivery.moorland)
    wait_for_background(qtbot)
    assert [row[0] for row in window.groups.model.display_rows()] == ["BC-1"]
    window.close()


def test_prison_staff_see_the_delivery_without_actions(qtbot: Any, delivery: Delivery) -> None:
    prison = delivery.as_("v.prison", Role.PRISON_STAFF, establishment_id=delivery.moorland)
    window = _open(qtbot, prison)
    assert window.groups.model.rowCount() == 1
    for button in (
        window.offer_button,
        window.add_group_button,
        window.generate_button,
        window.reschedule_button,
        window.catch_up_button,
    ):
        assert button.isHidden()
    assert window.tabs.count() == 5  # Referrals and Waiting list; no empty placeholder tabs
    window.tabs.setCurrentIndex(2)
    assert window.today.empty.text().startswith("No sessions today")
    window.close()


def test_an_account_without_an_establishment_is_told_why_nothing_shows(
    qtbot: Any, delivery: Delivery, workspace: Workspace
) -> None:
    window = _open(qtbot, workspace)  # the test officer
    assert "neither works in nor manages" in window.message.text()
    assert window.offerings.model.rowCount() == 0
    window.close()


def _menu_texts(window: MainWindow) -> set[str]:
    return {
        action.text()
        for menu_action in window.menuBar().actions()
        if menu_action.menu() is not None
        for action in menu_action.menu().actions()  # type: ignore[union-attr]
    }


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        (Role.PROGRAMME_TEAM, True),
        (Role.PRISON_STAFF, True),
        (Role.MANAGER, True),
        (Role.OFFICER, False),
        (Role.ADMIN, False),
    ],
)
def test_the_main_window_offers_the_view_to_prison_programme_and_manager_roles(
    qtbot: Any, workspace: Workspace, delivery: Delivery, role: Role, sees: bool
) -> None:
    runner = (
        workspace
        if role is Role.OFFICER
        else workspace_as(
            workspace,
            role,
            establishment_id=delivery.moorland if role is not Role.MANAGER else None,
        )
    )
    window = MainWindow(runner)
    qtbot.addWidget(window)
    assert ("&Offerings, groups and sessions…" in _menu_texts(window)) is sees
    if sees:
        opened = window.open_programmes()
        assert isinstance(opened, ProgrammesWindow)
        wait_for_background(qtbot)
        if role is Role.MANAGER:  # manages both establishments: Leeds comes first, by name
            opened.place_choice.set_value(delivery.moorland)
            wait_for_background(qtbot)
        assert opened.groups.model.rowCount() == 1
        assert window.open_programmes() is opened  # one per main window
        wait_for_background(qtbot)
        opened.close()
    wait_for_background(qtbot)


def test_the_view_and_its_dialogs_fit_a_laptop(
    qtbot: Any, delivery: Delivery, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: QRect(LAPTOP))
    manager = delivery.as_("v.manager", Role.MANAGER, managed_establishment_ids=[delivery.moorland])
    window = _open(qtbot, manager)
    problems = off_screen(window)
    assert _outer_height(window) <= LAPTOP.height()
    window.tabs.setCurrentIndex(1)
    qtbot.mouseClick(window.add_group_button, Qt.MouseButton.LeftButton)
    dialogs: list[QWidget] = [_dialog(window)]
    qtbot.waitExposed(dialogs[0])
    problems += off_screen(dialogs[0])
    assert _outer_height(dialogs[0]) <= LAPTOP.height()
    dialogs[0].close()
    wait_for_background(qtbot)
    assert problems == []
    window.close()


def test_an_offer_refused_names_the_programme_and_generating_too_few_slots_names_the_end(
    qtbot: Any, delivery: Delivery
) -> None:
    """The programme is retired while the dialog is open: the offer is refused under the
    programme, nothing is offered. A group whose schedule ends too soon: generating is refused
    naming the end date, and no session is made."""
    from resettle.services.programme_catalogue import set_programme_active

    manager = delivery.as_("v.manager", Role.MANAGER, managed_establishment_ids=[delivery.moorland])
    window = _open(qtbot, manager)
    qtbot.mouseClick(window.offer_button, Qt.MouseButton.LeftButton)
    offer = _dialog(window)
    assert isinstance(offer, OfferProgrammeDialog)
    assert "BC-MOD" not in offer.programme.values()  # offered here already
    offer.programme.set_value("HORIZON")
    manager.run(set_programme_active, "HORIZON", False)
    _save(qtbot, offer)
    assert window.dialog is offer
    assert offer.problems()["programme_code"].startswith("Programme: is retired")
    offer.reject()
    wait_for_background(qtbot)
    assert window.offerings.model.rowCount() == 1

    manager.run(
        create_group,
        {
            "offering_id": window.offerings.model.row_at(0).id,
            "code": "BC-SHORT",
            "capacity": 8,
            "starts_on": "2027-01-04",
            "ends_on": "2027-01-31",
            "schedule": [{"weekday": "monday", "starts_at": "09:30", "minutes": 150}],
        },
    )
    window.reload()
    wait_for_background(qtbot)
    window.tabs.setCurrentIndex(1)
    position = [row.group.code for row in window.groups.model.rows()].index("BC-SHORT")
    window.groups.select_source_row(position)
    wait_for_background(qtbot)
    qtbot.mouseClick(window.generate_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert window.message.text().startswith("End date: the schedule has 4 slots")
    assert window.groups.model.row_at(position).group.session_count == 0
    assert window.generate_button.isEnabled()  # may try again once the group is changed
    window.close()


def test_an_unexpected_failure_is_shown_in_a_dialog_without_its_text(
    qtbot: Any, delivery: Delivery, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from resettle.ui.programmes import delivery_window

    def broken(*_args: Any) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(delivery_window, "delivery_overview", broken)
    team = delivery.as_("v.team", Role.PROGRAMME_TEAM, establishment_id=delivery.moorland)
    window = _open(qtbot, team)
    boxes = window.findChildren(QMessageBox)
    assert len(boxes) == 1 and "secret detail" not in boxes[0].text()
    assert "went wrong" in boxes[0].text()
    boxes[0].close()
    window.close()


def test_every_action_has_its_own_mnemonic_and_the_keyboard_reaches_it(
    qtbot: Any, delivery: Delivery
) -> None:
    from PySide6.QtWidgets import QPushButton

    manager = delivery.as_("v.manager", Role.MANAGER, managed_establishment_ids=[delivery.moorland])
    window = _open(qtbot, manager)
    texts = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert window.place_choice.isHidden()  # one establishment: named, nothing to choose
    for button in window.findChildren(QPushButton):
        if button.text():
            assert button.accessibleName(), button.text()
            texts.append(button.text())
    keys = [text[text.index("&") + 1].lower() for text in texts if "&" in text]
    assert len(keys) == len(texts), texts  # every one has a mnemonic
    assert len(set(keys)) == len(keys), texts  # and no two share it
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentWidget() is window.groups_split
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.message.text() == "26 sessions planned for BC-1.")
    wait_for_background(qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_a_time_typed_by_keyboard_counts_and_a_clashing_catch_up_is_refused(
    qtbot: Any, delivery: Delivery
) -> None:
    """User trial: the new time of a rescheduled or catch-up session ignored a time typed over
    the field (only the arrows changed it); and a catch-up could be put over the session it
    repeats. A typed time is read on save (a wrong one named under its field); a clash is
    refused naming the session, nothing saved."""
    team = delivery.as_("v.team", Role.PROGRAMME_TEAM, establishment_id=delivery.moorland)
    window = _open(qtbot, team)
    window.tabs.setCurrentIndex(1)
    qtbot.mouseClick(window.generate_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    _select_session(window, 0)  # Monday 04/01/2027 09:30
    qtbot.mouseClick(window.reschedule_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(window)
    assert isinstance(dialog, NewSessionDialog)
    dialog.day.editor.setText("05/01/2027")
    qtbot.mouseClick(dialog.time, Qt.MouseButton.LeftButton)
    dialog.time.selectAll()
    qtbot.keyClicks(dialog.time, "25:00")
    _save(qtbot, dialog)
    assert window.dialog is dialog
    assert dialog.problems() == {
        "time": "New time: type a time on the 24-hour clock, for example 14:30."
    }
    dialog.time.selectAll()
    qtbot.keyClicks(dialog.time, "1445")
    _save(qtbot, dialog)
    assert window.dialog is None
    rows = window.sessions.model.display_rows()
    (moved,) = [row for row in rows if row[4] == "Rescheduled"]
    assert moved[:2] == ["Tue 05/01/2027", "14:45-15:45"]

    second = next(i for i, row in enumerate(rows) if row[0] == "Wed 06/01/2027")
    _select_session(window, second)
    qtbot.mouseClick(window.catch_up_button, Qt.MouseButton.LeftButton)
    dialog = _dialog(window)
    assert isinstance(dialog, NewSessionDialog)
    dialog.day.editor.setText("06/01/2027")
    qtbot.mouseClick(dialog.time, Qt.MouseButton.LeftButton)
    dialog.time.selectAll()
    qtbot.keyClicks(dialog.time, "10:00")
    _save(qtbot, dialog)
    assert window.dialog is dialog
    problem = dialog.problems()["starts_at"]
    assert problem.startswith("New start: it clashes with Module 2, session 1: Getting started")
    assert "on 06/01/2027 at 09:30-12:00 in the same group" in problem
    dialog.reject()
    wait_for_background(qtbot)
    assert [row[4] for row in window.sessions.model.display_rows()].count("Catch-up") == 0
    window.close()


def test_the_new_time_offered_clashes_with_nothing_and_a_started_session_is_not_moved(
    qtbot: Any, delivery: Delivery
) -> None:
    """User trial: the Reschedule dialog offered a time clashing with the next session, the
    catch-up dialog a day already past, and Reschedule… was offered for a session already
    over."""
    team = delivery.as_("v.team", Role.PROGRAMME_TEAM, establishment_id=delivery.moorland)
    window = _open(qtbot, team)
    window.tabs.setCurrentIndex(1)
    qtbot.mouseClick(window.generate_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    sessions = window.sessions.model.rows()
    by_order = sorted(sessions, key=lambda s: (s.module_number, s.session_number))
    for position, session in enumerate(sessions):
        _select_session(window, position)
        qtbot.mouseClick(window.reschedule_button, Qt.MouseButton.LeftButton)
        dialog = _dialog(window)
        assert isinstance(dialog, NewSessionDialog)
        day, time = dialog.day.value(), dialog.time.value()
        assert day is not None and time is not None
        starts = dt.datetime.combine(day, time, tzinfo=SESSION_ZONE)
        ends = starts + (session.ends_at - session.starts_at)
        others = [s for s in sessions if s.id != session.id]
        assert not any(o.starts_at < ends and starts < o.ends_at for o in others), session
        following = by_order.index(session) + 1
        if following < len(by_order) and by_order[following].starts_at - session.ends_at > (
            dt.timedelta(days=3)
        ):
            assert starts < by_order[following].starts_at
        dialog.reject()
        wait_for_background(qtbot)
    # A catch-up of a session long past is offered from today on, never on a past day.
    past = sessions[0].model_copy(
        update={
            "starts_at": sessions[0].starts_at - dt.timedelta(days=400),
            "ends_at": sessions[0].ends_at - dt.timedelta(days=400),
        }
    )
    today = dt.datetime.now(SESSION_ZONE).date()
    offered = default_new_start(past, sessions, True, today)
    assert offered.astimezone(SESSION_ZONE).date() >= today
    assert offered > dt.datetime.now(dt.UTC)
    # A session already started: Reschedule… is disabled, saying why; a catch-up is offered.
    window.sessions.model.set_rows([past, *sessions[1:]])
    _select_session(window, 0)
    window._update_actions()
    assert not window.reschedule_button.isEnabled()
    assert "Add a catch-up instead" in window.reschedule_button.toolTip()
    assert window.catch_up_button.isEnabled()
    _select_session(window, 1)
    window._update_actions()
    assert window.reschedule_button.isEnabled() and not window.reschedule_button.toolTip()
    window.close()
