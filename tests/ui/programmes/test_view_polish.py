"""The Programmes view after the user trial: the message line is cleared when the user moves on
(not when the view reads again after an action); double-clicking a session says why a register
is not opened for staff who do not take registers; Today puts the keyboard on its sessions
with the first chosen, so Enter opens the register; double-clicking a referral opens the
person's window on their Programme referrals tab; the Referrals tab opens on the open
referrals and keeps the user's choice."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from resettle.domain.staff import Role
from resettle.services.workspace import Workspace
from resettle.ui.main_window import MainWindow
from resettle.ui.person import PersonWindow
from resettle.ui.person.programme_referrals_tab import ProgrammeReferralsTab
from resettle.ui.programmes.delivery_window import ProgrammesWindow
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.ui.programmes.test_referrals_tab import Referrals
from tests.ui.programmes.test_referrals_tab import referrals as _referrals
from tests.ui.programmes.test_register_in_view import Group, _register, _yesterday_at_ten
from tests.ui.programmes.test_register_in_view import group as _group
from tests.ui.programmes.test_register_in_view import world as _world

referrals, group, world = _referrals, _group, _world


def _open(qtbot: Any, runner: Workspace) -> ProgrammesWindow:
    window = ProgrammesWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_background(qtbot)
    return window


def _double_click(qtbot: Any, view: QTableView, row: int) -> None:
    index = view.model().index(row, 0)
    view.scrollTo(index)
    where = view.visualRect(index).center()
    # A press first, as a real double-click (the view opens the row pressed).
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)


def _row_of(view: QTableView, name: str) -> int:
    model = view.model()
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            if str(model.index(row, column).data() or "").startswith(name):
                return row
    raise AssertionError(f"{name} is not listed")


def _today_is_the_sessions_day() -> None:
    from resettle.domain import clock
    from resettle.domain.programmes.sessions import SESSION_ZONE

    clock.hold_today(_yesterday_at_ten().astimezone(SESSION_ZONE).date())


def test_today_puts_the_keyboard_on_its_sessions_so_enter_opens_the_register(
    qtbot: Any, group: Group
) -> None:
    from resettle.domain import clock

    _today_is_the_sessions_day()
    try:
        window = _open(qtbot, group.team)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.tabs.tabBar().setFocus()
        # Alt+T, as a user reaches the tab.
        qtbot.keyClick(window.tabs.tabBar(), Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
        assert window.tabs.currentWidget() is window.today
        assert QApplication.focusWidget() is window.today.view
        assert [i.row() for i in window.today.view.selectionModel().selectedRows()] == [0]
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        dialog = _register(window)
        wait_for_background(qtbot)
        dialog.reject()
        window.close()
    finally:
        clock.follow_system_clock()


def test_staff_who_do_not_take_registers_are_told_why_on_a_double_click_and_it_clears(
    qtbot: Any, group: Group
) -> None:
    from resettle.domain import clock

    _today_is_the_sessions_day()
    try:
        staff = workspace_as(
            group.world.workspace,
            Role.PRISON_STAFF,
            username="p.staff",
            establishment_id=group.world.leeds,
        )
        window = _open(qtbot, staff)
        assert not window.today_register_button.isVisible()
        window.tabs.setCurrentWidget(window.today)
        assert window.today.model.rowCount() == 1, window.message.text()
        _double_click(qtbot, window.today.view, 0)
        assert window.register_dialog is None
        assert window.message.isVisible()
        assert "taken by the programme team" in window.message.text()
        # Reading again (Refresh) keeps it; moving to another tab clears it.
        window.reload()
        wait_for_background(qtbot)
        assert "taken by the programme team" in window.message.text()
        window.tabs.setCurrentWidget(window.offerings)
        assert window.message.text() == "" and not window.message.isVisible()
        # From the group's sessions too.
        window.tabs.setCurrentWidget(window.groups_split)
        rows = window.groups.model.rows()
        window.groups.select_source_row(next(i for i, r in enumerate(rows) if r.id == group.id))
        wait_for_background(qtbot)
        assert window.sessions.model.rowCount() == 1
        _double_click(qtbot, window.sessions.view, 0)
        assert "taken by the programme team" in window.message.text()
        window.close()
    finally:
        clock.follow_system_clock()


def test_a_message_stays_through_the_read_again_and_clears_when_another_row_is_chosen(
    qtbot: Any, referrals: Referrals
) -> None:
    window = _open(qtbot, referrals.team)
    tabs = window.referral_tabs
    window.tabs.setCurrentWidget(tabs.waiting)
    tabs.waiting.view.setCurrentIndex(tabs.waiting.view.model().index(0, 0))
    qtbot.mouseClick(tabs.waiting_give_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert tabs.dialog is not None
    qtbot.mouseClick(tabs.dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    # The view read again (Ann left the waiting list) and the message still says what was done.
    assert window.message.text().startswith("Ann Smith (B0001CC) has a place in group BC-1")
    window.tabs.setCurrentWidget(tabs.referrals)
    assert window.message.text() == ""
    tabs.status_choice.setCurrentIndex(tabs.status_choice.findData("all"))
    window.say("Something was done")
    view = tabs.referrals.view
    view.setCurrentIndex(view.model().index(_row_of(view, "Ben"), 0))
    assert window.message.text() == ""
    window.say("Something was done")
    tabs.status_choice.setCurrentIndex(tabs.status_choice.findData("submitted"))
    assert window.message.text() == ""
    window.say("Something was done")
    qtbot.keyClicks(tabs.find, "Cal")
    assert window.message.text() == ""
    window.close()


def test_the_referrals_tab_opens_on_the_open_referrals_and_keeps_the_choice(
    qtbot: Any, referrals: Referrals
) -> None:
    from resettle.services.programme_referrals import move_referral

    cal = referrals.ids["Cal"]
    referrals.workspace.run(
        move_referral,
        cal,
        referrals.revision(cal),
        {
            "to_status": "withdrawn",
            "category": "withdrawn_administrative",
            "reason": "withdrawn_duplicate",
        },
    )
    window = _open(qtbot, referrals.team)
    tabs = window.referral_tabs
    assert tabs.status_choice.currentData() == "open"
    assert tabs.shown_count.text() == "2 of 3 shown"  # Cal's withdrawn referral left out
    tabs.status_choice.setCurrentIndex(tabs.status_choice.findData("withdrawn"))
    # Closed and shown again (the main window keeps one view a session), it keeps the choice.
    window.close()
    window.show()
    window.reload()
    wait_for_background(qtbot)
    assert tabs.status_choice.currentData() == "withdrawn"
    assert tabs.shown_count.text() == "1 of 3 shown"
    window.close()


def test_double_clicking_a_referral_opens_the_person_on_their_programme_referrals(
    qtbot: Any, referrals: Referrals
) -> None:
    main = MainWindow(referrals.team)
    qtbot.addWidget(main)
    window = main.open_programmes()
    assert isinstance(window, ProgrammesWindow)
    wait_for_background(qtbot)
    tabs = window.referral_tabs
    window.tabs.setCurrentWidget(tabs.referrals)
    with qtbot.waitSignal(window.person_requested) as asked:
        _double_click(qtbot, tabs.referrals.view, _row_of(tabs.referrals.view, "Ben"))
    wait_for_background(qtbot)
    with referrals.workspace.uow() as uow:
        ben = uow.programme_referrals.referral(referrals.ids["Ben"])
        ann = uow.programme_referrals.referral(referrals.ids["Ann"])
        assert ben is not None and ann is not None
        ben_person, ann_person = ben.person_id, ann.person_id
    assert asked.args == [ben_person, referrals.ids["Ben"]]
    qtbot.waitUntil(lambda: bool(main.findChildren(PersonWindow)))
    person = main.findChildren(PersonWindow)[0]
    assert person.session.person_id == ben_person
    qtbot.waitUntil(lambda: isinstance(person.current_tab(), ProgrammeReferralsTab))
    wait_for_background(qtbot)
    shown = person.current_tab()
    assert isinstance(shown, ProgrammeReferralsTab)
    assert shown.selected() is not None and shown.selected().id == referrals.ids["Ben"]  # type: ignore[union-attr]
    # From the waiting list: Ann.
    window.tabs.setCurrentWidget(tabs.waiting)
    with qtbot.waitSignal(window.person_requested) as asked:
        _double_click(qtbot, tabs.waiting.view, 0)
    assert asked.args[0] == ann_person
    qtbot.waitUntil(lambda: len(main.findChildren(PersonWindow)) == 2)
    wait_for_background(qtbot)
    opened = {w.session.person_id: w for w in main.findChildren(PersonWindow)}
    qtbot.waitUntil(lambda: isinstance(opened[ann_person].current_tab(), ProgrammeReferralsTab))
    # Ben's window, moved to another tab, comes back on his referrals when asked again.
    person.tab_widget.setCurrentIndex(0)
    window.open_person(ben_person)
    assert isinstance(person.current_tab(), ProgrammeReferralsTab)
    for opened_window in main.findChildren(PersonWindow):
        opened_window.close()
    window.close()
    wait_for_background(qtbot)


def test_prison_staff_double_click_a_referral_too(qtbot: Any, referrals: Referrals) -> None:
    staff = workspace_as(
        referrals.workspace, Role.PRISON_STAFF, username="p.staff", establishment_id=referrals.leeds
    )
    window = _open(qtbot, staff)
    tabs = window.referral_tabs
    window.tabs.setCurrentWidget(tabs.referrals)
    with qtbot.waitSignal(window.person_requested):
        _double_click(qtbot, tabs.referrals.view, 0)
    window.close()


def test_the_tabs_stay_put_when_a_message_comes_and_goes(qtbot: Any, referrals: Referrals) -> None:
    """One line or two, shown or cleared: the tabs (and the rows in them) do not move."""
    window = _open(qtbot, referrals.team)
    window.tabs.setCurrentWidget(window.referral_tabs.referrals)
    qtbot.wait(20)
    where = window.tabs.mapTo(window, window.tabs.rect().topLeft())
    height = window.tabs.height()
    for text in (
        "Something was done",
        "The referral of Ann Smith (B0001CC) moved to Assessed as suitable.\n"
        "Their group place has ended: they are back on the waiting list.",
        "",
    ):
        window.say(text)
        qtbot.wait(20)
        assert window.message.isVisible() is bool(text)
        assert window.tabs.mapTo(window, window.tabs.rect().topLeft()) == where, text
        assert window.tabs.height() == height, text
    window.close()


def test_the_programme_stays_readable_when_the_status_filter_changes(
    qtbot: Any, referrals: Referrals
) -> None:
    window = _open(qtbot, referrals.team)
    window.resize(1366, 768)
    tabs = window.referral_tabs
    window.tabs.setCurrentWidget(tabs.referrals)
    view = tabs.referrals.view
    header = view.horizontalHeader()
    name, programme = 0, tabs.model.PROGRAMME_COLUMN
    for choice in ("all", "submitted", "assessed_suitable", "all"):
        tabs.status_choice.setCurrentIndex(tabs.status_choice.findData(choice))
        qtbot.wait(20)
        assert view.model().rowCount() > 0, choice
        # The programme's whole name shows; the person's name takes no more than it needs.
        assert header.sectionSize(programme) >= view.sizeHintForColumn(programme), choice
        assert header.sectionSize(name) <= 10 + max(
            view.sizeHintForColumn(name), header.sectionSizeHint(name)
        ), choice
    window.close()
