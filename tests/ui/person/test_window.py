"""The person window as a whole: closing with unsaved changes, keyboard use, accessibility,
read-only roles and adding a tab."""

from __future__ import annotations

import dataclasses
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from resettle.domain.case_record import CaseRecord
from resettle.domain.record_parts import RecordPart
from resettle.domain.staff import Actor, Role
from resettle.services import staff
from resettle.services.case_record.notes import add_case_note
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.common.keyboard_help import KeyboardHelpDialog
from resettle.ui.common.message_style import READ_ONLY_TEXT
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.record_writes import Write
from resettle.ui.person import PersonWindow
from resettle.ui.person.notes_tab import NotesTab
from resettle.ui.person.profile_tab import ProfileTab
from resettle.ui.person.release_day_tab import ReleaseDayTab
from resettle.ui.person.risk_tab import RiskTab
from resettle.ui.screens import PERSON_WINDOW_TABS, open_person_window
from tests.accounts import load_demo_for
from tests.background import wait_for_background
from tests.factories import TODAY, person_data, staff_member
from tests.ui.person.conftest import MessageBoxes
from tests.ui.person.support import saved_record
from tests.ui.saving import save_and_wait

INPUTS = (
    QLineEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QApplication,
    QAbstractButton,
    QAbstractItemView,
)


def _edit_name(window: PersonWindow, name: str = "Zed") -> None:
    tab = window.tab_of(ProfileTab)
    assert isinstance(tab, ProfileTab)
    tab.given_name.setText(name)


@pytest.mark.parametrize(
    ("answer", "closed", "saved_name"),
    [
        (QMessageBox.StandardButton.Cancel, False, "Zoë"),
        (QMessageBox.StandardButton.Discard, True, "Zoë"),
        (QMessageBox.StandardButton.Save, True, "Zed"),
    ],
    ids=["cancel", "discard", "save"],
)
def test_closing_with_unsaved_changes_asks_first(  # type: ignore[no-untyped-def]
    qtbot,
    window: PersonWindow,
    workspace: Workspace,
    boxes: MessageBoxes,
    answer: QMessageBox.StandardButton,
    closed: bool,
    saved_name: str,
) -> None:
    _edit_name(window)
    boxes.answer(answer)
    window.close()
    wait_for_background(qtbot)  # Save: the window closes once the save has reported back
    assert boxes.shown == [
        ("Unsaved changes", "Save your changes to Zoë Ní Bhriain before closing?")
    ]
    assert window.isVisible() is not closed
    assert saved_record(workspace, window.session.person_id).person.profile.given_name == (
        saved_name
    )


def test_closing_without_changes_does_not_ask(qtbot, window: PersonWindow, boxes) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert boxes.shown == []


def test_escape_closes_and_cancel_changes_puts_back(qtbot, window: PersonWindow, boxes) -> None:  # type: ignore[no-untyped-def]
    _edit_name(window)
    boxes.answer(QMessageBox.StandardButton.Cancel)
    window.cancel_button.click()  # asked first: Keep editing
    assert window.dirty
    boxes.answer(QMessageBox.StandardButton.Discard)
    window.cancel_button.click()
    assert boxes.texts() == ["Throw away your unsaved changes on Profile?"] * 2
    assert not window.dirty
    assert window.tab_of(ProfileTab).given_name.text() == "Zoë"  # type: ignore[attr-defined]
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()


def test_alt_number_changes_tab_and_title_names_the_person(qtbot, window: PersonWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.windowTitle().startswith("Zoë Ní Bhriain (A1234BC)")
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert window.current_tab() is window.tab_of(RiskTab)
    assert [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())] == [
        "Profile",
        "Risk",
        "Needs",
        "Release day",
        "Aftercare",
        "Notes",
        "Recommendations",
        "Plan",
        "Programme referrals",
        "Programme history",
        "After release",
    ]


def _inside_a_control(widget: QWidget) -> bool:
    """Parts Qt builds inside a control (a combo's list, a date edit's calendar, scroll bars)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QCalendarWidget | QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def test_every_input_has_an_accessible_name(window: PersonWindow) -> None:
    unnamed = [
        f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r} on {tab.title()}"
        for tab in window.tabs
        for w in tab.findChildren(QWidget)
        if isinstance(w, INPUTS) and not _inside_a_control(w) and not w.accessibleName()
    ]
    assert unnamed == []


def _mnemonics(widgets: list[QWidget]) -> list[str]:
    letters = []
    for widget in widgets:
        text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
        match = re.search(r"&([^&])", text)
        if match:
            letters.append(match.group(1).lower())
    return letters


def test_mnemonics_are_unique_on_each_tab(window: PersonWindow) -> None:
    shared = [window.save_button, window.cancel_button, window.close_button]
    for tab in window.tabs:
        window.show_tab(tab)
        shown = [w for w in tab.findChildren(QWidget) if w.isVisibleTo(window)]
        letters = _mnemonics([*shown, *shared])
        assert len(letters) == len(set(letters)), (tab.title(), sorted(letters))
        assert letters, tab.title()


@pytest.fixture
def prison_staff_window(qtbot, workspace: Workspace) -> PersonWindow:  # type: ignore[no-untyped-def]
    load_demo_for(workspace, 3, seed=2, today=TODAY)
    member = staff.list_staff(workspace.actor, workspace.uow(), Role.PRISON_STAFF)[0]
    person = register_person(
        workspace.actor,
        workspace.uow(),
        person_data(prison_number="K1234LM", establishment_id=member.establishment_id),
    )
    actor = Actor(
        id=member.id,
        username=member.username,
        display_name=member.display_name,
        role=Role.PRISON_STAFF,
        establishment_id=member.establishment_id,
    )
    opened = open_person_window(dataclasses.replace(workspace, actor=actor), person.id)
    qtbot.addWidget(opened)
    opened.show()
    return opened


def test_prison_staff_edit_release_day_only_and_see_no_notes_or_risk_details(
    prison_staff_window: PersonWindow,
) -> None:
    """Each tab by its own permission: prison staff edit release-day essentials, read the
    rest, see the risk level but not its details, and have no Notes tab at all."""
    window = prison_staff_window
    assert window.read_only_label.isVisible()  # on the Profile tab, not theirs to change
    assert "this tab" in window.read_only_label.text()
    assert NotesTab.TITLE not in [
        window.tab_widget.tabText(i) for i in range(window.tab_widget.count())
    ]
    profile = window.tab_of(ProfileTab)
    assert isinstance(profile, ProfileTab)
    assert profile.prison_number.isReadOnly() and not profile.sex.isEnabled()
    risk = window.tab_of(RiskTab)
    assert isinstance(risk, RiskTab)
    window.show_tab(risk)
    assert risk.in_use.isVisible()
    assert not any(widget.isVisible() for widget in risk.details)
    assert not risk.confirm_button.isEnabled() and not risk.record_score_button.isEnabled()
    release = window.tab_of(ReleaseDayTab)
    assert isinstance(release, ReleaseDayTab)
    tabs_top = window.tab_widget.mapTo(window, window.tab_widget.rect().topLeft())
    window.show_tab(release)
    assert not window.read_only_label.isVisible()  # theirs to change
    # The caption's room is kept: the tabs do not jump as it comes and goes (user trial).
    window.tab_widget.parentWidget().layout().activate()
    assert window.tab_widget.mapTo(window, window.tab_widget.rect().topLeft()) == tabs_top
    assert any(w.isEnabled() for w in release.findChildren(QComboBox))
    assert window.save_button.isVisible()


class _CountingTab(PersonTab):
    """A minimal extra tab, as the Recommendations and Plan tabs will plug in."""

    def __init__(self, session, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session, parent)
        self.loaded: list[CaseRecord] = []
        self.pending = False
        self.saved = 0

    def title(self) -> str:
        return "Extra"

    def load(self, record: CaseRecord) -> None:
        self.loaded.append(record)
        self.pending = False
        self.notify()

    @property
    def dirty(self) -> bool:
        return self.pending

    def writes(self) -> list[Write]:
        def saved(_result: object) -> None:
            self.saved += 1
            self.pending = False

        return [Write(lambda: None, saved)]


def test_a_new_tab_plugs_in(qtbot, workspace: Workspace, person_id: int) -> None:  # type: ignore[no-untyped-def]
    window = PersonWindow(workspace, person_id, tabs=[*PERSON_WINDOW_TABS, _CountingTab])
    qtbot.addWidget(window)
    extra = window.tabs[-1]
    assert isinstance(extra, _CountingTab)
    extra_index = len(PERSON_WINDOW_TABS)
    assert window.tab_widget.tabText(extra_index) == "Extra"
    extra.pending = True
    extra.notify()
    assert window.save_button.isEnabled()
    assert window.tab_widget.tabText(extra_index) == "Extra *"
    assert save_and_wait(qtbot, window)
    assert extra.saved == 1
    assert len(extra.loaded) == 2  # refreshed with the record after the save
    assert window.tab_widget.tabText(extra_index) == "Extra"


def test_quitting_the_main_window_asks_about_a_person_with_unsaved_edits(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, boxes: MessageBoxes
) -> None:
    from resettle.ui.main_window import MainWindow

    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    wait_for_background(qtbot)
    main.open_person(person_id)
    main.open_person(person_id)  # asked again while the record is read: still one window
    qtbot.waitUntil(lambda: bool(main.findChildren(PersonWindow)))
    wait_for_background(qtbot)
    main.open_person(person_id)  # asked again once open: brought to the front
    wait_for_background(qtbot)
    (person,) = main.findChildren(PersonWindow)  # one window each
    _edit_name(person)
    boxes.answer(QMessageBox.StandardButton.Cancel)
    main.close()
    assert main.isVisible() and person.isVisible()
    assert boxes.shown[-1][0] == "Unsaved changes"
    boxes.answer(QMessageBox.StandardButton.Discard)
    main.close()
    assert not main.isVisible()


def test_f5_reloads_after_asking(qtbot, window: PersonWindow, workspace: Workspace, boxes) -> None:  # type: ignore[no-untyped-def]
    from resettle.services.people import update_person

    detail = saved_record(workspace, window.session.person_id).person
    update_person(
        workspace.actor,
        workspace.uow(),
        detail.id,
        detail.version,
        {**detail.profile.model_dump(), "gender": "Woman"},
    )
    _edit_name(window)
    boxes.answer(QMessageBox.StandardButton.Cancel)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.dirty  # Cancel: nothing reloaded
    assert boxes.texts() == ["Save your changes to Zoë Ní Bhriain before reloading?"]
    boxes.answer(QMessageBox.StandardButton.Discard)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    wait_for_background(qtbot)
    profile = window.tab_of(ProfileTab)
    assert profile.gender.text() == "Woman" and profile.given_name.text() == "Zoë"  # type: ignore[attr-defined]
    assert window.session.revision(RecordPart.PROFILE) == detail.version + 1


def test_any_other_refusal_is_shown_as_its_message(qtbot, window: PersonWindow, boxes) -> None:  # type: ignore[no-untyped-def]
    from resettle.domain.errors import NotFound

    def gone(*_args: object) -> int:
        raise NotFound("That referral no longer exists.")

    assert window.session.write(window, gone, part=None)
    assert window.session.write(window, gone, part=None) is False  # one save at a time
    wait_for_background(qtbot)
    assert boxes.shown == [("Not saved", "That referral no longer exists.")]


def _tab_chain(window: PersonWindow) -> list[str]:
    """Accessible names in Tab-key order from the tab bar to the Close button."""
    names: list[str] = []
    widget: QWidget = window.tab_widget.tabBar()
    for _ in range(5000):
        widget = widget.nextInFocusChain()
        if widget is window.close_button:
            return [*names, "Close"]
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.accessibleName()
        ):
            names.append(widget.accessibleName())
    raise AssertionError("the Close button is not in the focus chain")


def test_tab_key_order_follows_the_page(qtbot, window: PersonWindow) -> None:  # type: ignore[no-untyped-def]
    chain = _tab_chain(window)
    assert chain[:6] == [
        "Prison number",
        "CRN",
        "PNC number",
        "Given name",
        "Family name",
        "Date of birth",
    ]
    assert (
        chain.index("Aliases")
        < chain.index("Preferred language")
        < chain.index("Establishment")
        < chain.index("Sentence date")
        < chain.index("Sexual offence")
    )
    assert chain[-1] == "Close"
    window.show_tab(window.tab_of(NotesTab))
    assert _tab_chain(window) == [
        "New note",
        "Pathway of the new note",
        "Case notes",
        "Close case",
        "Close",
    ]
    add_case_note(
        window.session.actor,
        window.session.workspace.uow(),
        window.session.person_id,
        {"text": "Phoned the hostel"},
    )
    window.session.refresh()
    wait_for_background(qtbot)
    assert _tab_chain(window) == [
        "New note",
        "Pathway of the new note",
        "Case notes",
        "Selected note",
        "Corrections of the selected note",
        "Correct this note",
        "Close case",
        "Close",
    ]


def test_opening_puts_the_keyboard_on_the_first_field_of_the_first_tab(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    opened = open_person_window(workspace, person_id)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    opened.activateWindow()
    profile = opened.tab_of(ProfileTab)
    first = profile.form.fields["prison_number"].widget  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
    assert opened.current_tab() is profile


def test_tab_keys_are_in_the_tooltips_and_the_keyboard_help(qtbot, window: PersonWindow) -> None:  # type: ignore[no-untyped-def]
    tips = [window.tab_widget.tabToolTip(i) for i in range(window.tab_widget.count())]
    assert tips[0] == "Profile (Alt+1)" and tips[7] == "Plan (Alt+8)"
    qtbot.keyClick(window, Qt.Key.Key_F1)
    (help_dialog,) = window.findChildren(KeyboardHelpDialog)
    text = help_dialog.text.toPlainText()
    assert "Alt+4" in text and "Go to the Release day tab" in text
    assert "Alt+8" in text and "Go to the Plan tab" in text
    help_dialog.close()


def test_a_manager_sees_fields_that_look_read_only_and_one_caption_why(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    manager = staff_member(workspace, "demo.manager", Role.MANAGER)
    window = open_person_window(dataclasses.replace(workspace, actor=manager), person_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    profile = window.tab_of(ProfileTab)
    assert isinstance(profile, ProfileTab)
    flat = QApplication.palette().color(QPalette.ColorRole.Window)
    for field in profile.form.fields.values():  # every kind of field, one look
        looks = field.widget.palette()
        assert looks.color(QPalette.ColorRole.Base) == flat, field.name
        assert looks.color(QPalette.ColorRole.Text) == QColor(READ_ONLY_TEXT), field.name
        disabled = looks.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        assert disabled == QColor(READ_ONLY_TEXT), field.name  # readable, not Qt's pale grey
    assert profile.prison_number.isReadOnly() and not profile.sex.isEnabled()
    assert profile.pnc_number.placeholderText() == ""  # no "e.g. ..." invitation to type
    assert not profile.release_date.calendar_button.isVisibleTo(window)
    risk = window.tab_of(RiskTab)
    assert isinstance(risk, RiskTab)
    # No up and down arrows on a number that cannot change (user trial).
    assert risk.previous_sanctions.isReadOnly()
    assert risk.previous_sanctions.buttonSymbols() is QAbstractSpinBox.ButtonSymbols.NoButtons
    captions = [window.read_only_label, window.case_status.closed_label]
    assert [c for c in captions if c.isVisibleTo(window)] == [window.read_only_label]
    assert window.read_only_label.text() == (
        "Read only: Manager accounts can view this record but not change it. They can close "
        "and reopen the case."
    )
    assert not window.save_button.isVisibleTo(window)
    assert not window.cancel_button.isVisibleTo(window)
    notes = window.tab_of(NotesTab)
    assert isinstance(notes, NotesTab)
    window.show_tab(notes)
    assert not notes.composer.isVisibleTo(window)  # no greyed "New note" box above the notes


def test_a_tab_added_to_an_empty_window_is_built_once(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    window = PersonWindow(workspace, person_id, tabs=[])
    qtbot.addWidget(window)
    tab = window.add_tab(_CountingTab(window.session))
    assert window.tabs == [tab]
    assert len(window.findChildren(_CountingTab)) == 1
