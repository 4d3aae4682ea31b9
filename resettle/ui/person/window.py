"""The person window: one person's case record in tabs, with Save, Cancel changes and Close.

The window holds a list of :class:`~resettle.ui.common.person_tab.PersonTab` objects built from
``tabs`` (classes taking the shared session); see ``ui/common/person_tab.py`` for how to add
one. Without ``tabs`` it shows this package's own tabs (:data:`PERSON_TABS`); the window the app
opens, with the Recommendations and Plan tabs of the other screen packages, is composed in
``resettle/ui/screens.py``, so this package never imports another screen package. Save writes
every tab with edits, in tab order, and stops at the first refusal on that tab. Closing with
unsaved edits asks Save / Discard / Cancel.

When another window changes this person's record (the change notice, ``ui/common/changes.py``),
the session reads it again: tabs without unsaved edits show it, and a line in the status bar
names the tabs that kept their unsaved edits instead (saving them is refused as a conflict if
they clash).

Keyboard: Ctrl+S saves, F5 reloads, Ctrl+W or Esc closes, Ctrl+PgDn / Ctrl+PgUp (or
Ctrl+Tab) and Alt+1..9 change tab (each tab's tooltip shows its key), F1 lists the keys;
form labels carry mnemonics. The window opens on the first field of the first tab.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.case_record import CaseRecord
from resettle.domain.permissions import Permission
from resettle.domain.read_only_opening import ReadOnlyBecause
from resettle.services.case_profile import risk_level_for
from resettle.services.workspace import Workspace
from resettle.ui import saved_state
from resettle.ui.common.banner_space import keep_room
from resettle.ui.common.busy import BusyIndicator, InputHold
from resettle.ui.common.calendar_labels import closed_day_text
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.changed_elsewhere_bar import ChangedElsewhereBar
from resettle.ui.common.changes import Change
from resettle.ui.common.focus import first_field
from resettle.ui.common.keyboard_help import KeyboardHelpDialog, KeyRow
from resettle.ui.common.labels import date_text, label, readiness_text
from resettle.ui.common.message_style import Tone, style_banner, text_colour
from resettle.ui.common.messages import UnsavedChoice, ask_unsaved, confirm_discard
from resettle.ui.common.person_tab import PersonTab, TabFactory, caption
from resettle.ui.common.screen_fit import fit_to_screen, scrolling
from resettle.ui.common.tab_access import access_of
from resettle.ui.person.aftercare_tab import AftercareTab
from resettle.ui.person.case_status_controls import (
    CaseStatusControls,
    allocation_history_text,
)
from resettle.ui.person.needs_tab import NeedsTab
from resettle.ui.person.notes_tab import NotesTab
from resettle.ui.person.profile_tab import ProfileTab
from resettle.ui.person.record_menu import add_record_menu
from resettle.ui.person.release_day_tab import ReleaseDayTab
from resettle.ui.person.risk_tab import RiskTab


class _TabSlot:
    """One page of the tab bar: how to build its tab, and the tab once it is built."""

    def __init__(self, factory: TabFactory) -> None:
        self.factory = factory
        self.tab: PersonTab | None = None
        self.page = QWidget()
        self.page_layout = QVBoxLayout(self.page)
        self.page_layout.setContentsMargins(0, 0, 0, 0)


#: The tabs of the person's own record, in order (the full window adds more: see screens.py).
PERSON_TABS: list[TabFactory] = [
    ProfileTab,
    RiskTab,
    NeedsTab,
    ReleaseDayTab,
    AftercareTab,
    NotesTab,
]
GEOMETRY_KEY = "person_window/geometry"


def person_window_keys(tab_titles: Sequence[str]) -> list[KeyRow]:
    """The person window's keys for Help > Keyboard shortcuts, one row per tab key."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("PersonWindow", text)

    return [
        *(
            (f"Alt+{number}", tr("Go to the %1 tab").replace("%1", title))
            for number, title in enumerate(tab_titles[:9], 1)
        ),
        ("Ctrl+PgDown / Ctrl+PgUp", tr("Next or previous tab")),
        ("Ctrl+S", tr("Save the changes on every tab")),
        ("F5", tr("Reload the record (asks first if there are changes)")),
        ("Ctrl+W / Esc", tr("Close the record")),
        ("Tab / Shift+Tab", tr("Next or previous field (a date is one field: type it)")),
        ("F1", tr("These keyboard shortcuts")),
    ]


class PersonWindow(QMainWindow):
    def __init__(
        self,
        workspace: Workspace,
        person_id: int,
        parent: QWidget | None = None,
        tabs: Sequence[TabFactory] | None = None,
        record: CaseRecord | None = None,
    ) -> None:
        """Shows ``record`` if given (already opened); otherwise opens it, raising DomainError
        (not found, out of scope, no permission) before showing."""
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.session = CaseRecordSession(workspace, person_id, self, record=record)
        self.busy = BusyIndicator(self)
        self.session.busy = self.busy
        self.hold = InputHold(self)
        self._close_when_saved = False
        self._shown_once = False
        self._editable: bool | None = None  # as last applied to the tabs
        self._problems_revealed = False  # Save was pressed with problems: the line says so
        self._slots: list[_TabSlot] = []
        self._build()
        for factory in PERSON_TABS if tabs is None else tabs:
            # Without its view permission a tab is not there (Notes for prison staff).
            if access_of(factory).shown_with(self.session.permissions):
                self._add_slot(_TabSlot(factory))
        self._layout.addLayout(self._buttons_row)
        # Only the tab on show is built now; each other tab is built (and reads what it needs)
        # when it is first shown, so opening a person costs one tab, not eight.
        self.tab_widget.currentChanged.connect(self._built_at)
        self.tab_widget.currentChanged.connect(lambda _index: self._show_read_only_caption())
        self._built_at(self.tab_widget.currentIndex())
        self.session.edited_parts = self._edited_parts
        self.session.changed_elsewhere.connect(self._changed_elsewhere)
        self.session.record_changed.connect(self._record_changed)
        self.session.reloaded.connect(self._reloaded)
        self.session.saved.connect(self._saved)
        self.session.writing_changed.connect(self._writing_changed)
        self.statusBar().addPermanentWidget(self.busy.label)
        self.elsewhere_label = QLabel()
        self.statusBar().addWidget(self.elsewhere_label)
        self._watch_other_copies()
        self._show_header(self.session.record)
        self._update_buttons()
        self._restore_geometry()
        if parent is not None:  # closing the main window must not drop unsaved edits here
            parent.installEventFilter(self)

    def show_banner(self, banner: QWidget) -> None:
        """A band across the top of the window (the demo-data banner)."""
        self._layout.insertWidget(0, banner)

    # --- tabs ----------------------------------------------------------------------------
    @property
    def tabs(self) -> list[PersonTab]:
        """Every tab, in order, building those not shown yet."""
        return [self._built(slot) for slot in self._slots]

    def _built_tabs(self) -> list[PersonTab]:
        """The tabs built so far (a tab not built yet has no edits and shows nothing)."""
        return [slot.tab for slot in self._slots if slot.tab is not None]

    def add_tab(self, tab: PersonTab, index: int | None = None) -> PersonTab:
        """Add ``tab`` (at ``index``, else last), read-only if the user may not edit, and
        show the record in it."""
        slot = _TabSlot(type(tab))
        slot.tab = tab  # so the first tab's insertion (current changes) builds no second one
        self._add_slot(slot, index)
        self._show_built(slot, tab)
        return tab

    def _add_slot(self, slot: _TabSlot, index: int | None = None) -> None:
        position = len(self._slots) if index is None else index
        self._slots.insert(position, slot)
        self.tab_widget.insertTab(position, slot.page, caption(slot.factory))
        self._update_captions()

    def _built_at(self, index: int) -> None:
        if 0 <= index < len(self._slots):
            self._built(self._slots[index])

    def _built(self, slot: _TabSlot) -> PersonTab:
        if slot.tab is None:
            self._show_built(slot, slot.factory(self.session))
        assert slot.tab is not None
        return slot.tab

    def _show_built(self, slot: _TabSlot, tab: PersonTab) -> None:
        slot.tab = tab
        page = scrolling(tab)
        slot.page_layout.addWidget(page)
        self._keep_buttons_last(page)
        tab.set_read_only(not self.tab_editable(slot.factory))
        tab.load(self.session.record)
        tab.state_changed.connect(self._update_buttons)
        tab.dirty_changed.connect(lambda _dirty: self._update_captions())
        tab.go_to.connect(self._go_to_item)
        tab.changed_item.connect(self._select_item)
        self._update_captions()

    def _go_to_item(self, part: str, key: object) -> None:
        """A tab asked for an item of another part: show the tab that holds it, at it."""
        for tab in self.tabs:
            if tab.show_item(part, key):
                self.show_tab(tab)
                return

    def _select_item(self, part: str, key: object) -> None:
        """A tab changed an item of another part: the tab that holds it selects it, unseen
        until the officer turns to it."""
        for tab in self.tabs:
            if tab.show_item(part, key):
                return

    def _keep_buttons_last(self, page: QWidget) -> None:
        """A tab built after the window is shown joins the end of the Tab key's order, after
        the buttons: put the buttons back after it, so Tab goes through the page first."""
        last: QWidget | None = None
        widget = page.nextInFocusChain()
        while page.isAncestorOf(widget):
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                last = widget
            widget = widget.nextInFocusChain()
        if last is None:
            return
        for button in self._bottom_buttons:
            QWidget.setTabOrder(last, button)
            last = button

    def tab_of(self, kind: type[PersonTab]) -> PersonTab:
        slot = next(
            slot
            for slot in self._slots
            if isinstance(slot.tab, kind) or (slot.tab is None and slot.factory is kind)
        )
        return self._built(slot)

    def show_tab(self, tab: PersonTab) -> None:
        self.tab_widget.setCurrentIndex(next(i for i, s in enumerate(self._slots) if s.tab is tab))

    def current_tab(self) -> PersonTab | None:
        index = self.tab_widget.currentIndex()
        return self._built(self._slots[index]) if 0 <= index < len(self._slots) else None

    def focus_first_field(self) -> None:
        """Show the first tab with the keyboard on its first field (not on the tab bar)."""
        if not self._slots:
            return
        self.tab_widget.setCurrentIndex(0)
        tab = self._built(self._slots[0])
        (first_field(tab) or tab).setFocus(Qt.FocusReason.TabFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            QTimer.singleShot(0, self, self.focus_first_field)  # not after deletion

    @property
    def dirty(self) -> bool:
        return any(tab.dirty for tab in self._built_tabs())

    @property
    def may_edit_any(self) -> bool:
        """The account may change at least one tab of a record (``tab_access.py``)."""
        granted = self.session.permissions
        return any(access_of(slot.factory).editable_with(granted) for slot in self._slots)

    @property
    def editable(self) -> bool:
        """The user may change something in this record now: a tab their permissions let them
        edit, and the case is open (a closed case is read-only until it is reopened; the
        services refuse too)."""
        return self.may_edit_any and self.session.record.closure is None

    def tab_editable(self, factory: TabFactory) -> bool:
        """This tab is editable now: by its own edit permission, and the case is open."""
        return (
            access_of(factory).editable_with(self.session.permissions)
            and self.session.record.closure is None
        )

    def _show_read_only_caption(self) -> None:
        """Why the fields cannot be changed: the whole record for this role, or (for a role
        that edits other tabs, as prison staff edit release day) the tab on show. While the
        case is closed its status banner says why instead."""
        if self.session.record.closure is not None:
            keep_room(self.read_only_label, False)
            self.read_only_label.hide()
            return
        # A caption that comes and goes with the tab on show (prison staff edit only release
        # day) keeps its room, so the tabs under it do not jump as the user goes through them.
        editable = {self.tab_editable(slot.factory) for slot in self._slots}
        keep_room(self.read_only_label, self.may_edit_any and editable == {True, False})
        index = self.tab_widget.currentIndex()
        if not self.may_edit_any:
            self.read_only_label.setText(self._read_only_text)
            self.read_only_label.show()
        elif 0 <= index < len(self._slots) and not self.tab_editable(self._slots[index].factory):
            self.read_only_label.setText(
                self.tr("Read only: %1 accounts cannot change this tab.").replace(
                    "%1", self.session.actor.role.label
                )
            )
            self.read_only_label.show()
        else:
            self.read_only_label.hide()

    def _apply_editable(self) -> None:
        """Make each tab read-only or editable by its own permission and the case status, when
        that changed; Save and Cancel changes are shown only while there is something the user
        may save."""
        self._show_read_only_caption()
        editable = self.editable
        if editable is self._editable:
            return
        self._editable = editable
        for slot in self._slots:
            if slot.tab is not None:
                slot.tab.set_read_only(not self.tab_editable(slot.factory))
        for button in (self.save_button, self.cancel_button):
            button.setVisible(editable)
        self._update_buttons()

    # --- building ------------------------------------------------------------------------
    def _storage_read_only_text(self, because: ReadOnlyBecause) -> str:
        """The banner of a record opened while the database cannot be written."""
        if because is ReadOnlyBecause.DISK_FULL:
            why = self.tr(
                "Read only: the disk that holds the database is full, so changes cannot be "
                "saved. Free some space (or tell your administrator), then open the record "
                "again."
            )
        else:
            why = self.tr(
                "Read only: the database can only be read, so changes cannot be saved. Ask "
                "your administrator to check the database's permissions."
            )
        unaudited = self.tr(
            "This opening could not be recorded in the audit trail; it was noted in the log."
        )
        return f"{why} {unaudited}"

    def _build(self) -> None:
        self.name_label = QLabel()
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.name_label.setFont(font)
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_label = QLabel()
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The facts wrap rather than widen the window past a 1366-pixel screen (a long
        # establishment name, an alias, a release flag).
        self.facts_label.setWordWrap(True)
        # One caption says why the fields cannot be changed: this one for the role, or the
        # case status banner while the case is closed.
        why = self.tr("Read only: %1 accounts can view this record but not change it.").replace(
            "%1", self.session.actor.role.label
        )
        if self.session.may(Permission.CLOSE_CASE):
            why += " " + self.tr("They can close and reopen the case.")
        if self.session.read_only_because is not None:
            why = self._storage_read_only_text(self.session.read_only_because)
        self._read_only_text = why
        self.read_only_label = QLabel(why)
        self.read_only_label.setWordWrap(True)
        style_banner(self.read_only_label, Tone.WARNING)
        self.case_status = CaseStatusControls(self.session, self)
        self.case_status.has_unsaved_edits = lambda: self.dirty

        self.tab_widget = QTabWidget()
        self.tab_widget.setDocumentMode(True)
        self.tab_widget.setUsesScrollButtons(True)
        # When the tabs overflow a narrow window, its scroll buttons are for the mouse: the
        # keyboard moves between tabs with Ctrl+Tab and Alt+number, and Tab stays on the page.
        for button in self.tab_widget.tabBar().findChildren(QToolButton):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setToolTip(self.tr("Save the changes on every tab (Ctrl+S)"))
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda _checked=False: self.save())
        self.cancel_button = QPushButton(self.tr("Cancel changes"))
        self.cancel_button.setToolTip(self.tr("Put back what was saved, on every tab"))
        self.cancel_button.clicked.connect(self.cancel_changes)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setToolTip(self.tr("Close this record (Ctrl+W or Esc)"))
        self.close_button.clicked.connect(self.close)
        for button in (self.save_button, self.cancel_button, self.close_button):
            button.setAccessibleName(button.text())
            button.setAutoDefault(False)

        self.state_label = QLabel()
        text_colour(self.state_label, Tone.ERROR)

        header = QVBoxLayout()
        header.setSpacing(2)
        header.addWidget(self.name_label)
        facts = QHBoxLayout()
        facts.addWidget(self.facts_label, 1)
        facts.addWidget(self.case_status.history_button)
        header.addLayout(facts)
        self._bottom_buttons = (
            self.case_status.close_case_button,
            self.case_status.reopen_button,
            self.cancel_button,
            self.save_button,
            self.close_button,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.case_status.close_case_button)
        buttons.addWidget(self.case_status.reopen_button)
        buttons.addWidget(self.state_label)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        self._buttons_row = buttons
        layout = QVBoxLayout()
        layout.addLayout(header)
        self.clash_bar = ChangedElsewhereBar()
        layout.addWidget(self.read_only_label)
        layout.addWidget(self.case_status.closed_label)
        layout.addWidget(self.tab_widget, 1)
        # Under the tabs, above Save: when someone else's save is noticed while the user
        # types, the fields they are in do not move down (user trial).
        layout.addWidget(self.clash_bar)
        self._layout = layout
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)

        self._shortcut(lambda _checked=False: self.save(), QKeySequence.StandardKey.Save)
        self._shortcut(self.reload, QKeySequence.StandardKey.Refresh)
        self._shortcut(self.close, QKeySequence.StandardKey.Close, "Ctrl+W", "Esc")
        for number in range(1, 10):
            self._shortcut(lambda _checked=False, n=number: self._go_to_tab(n - 1), f"Alt+{number}")
        self._shortcut(self.show_keyboard_help, QKeySequence.StandardKey.HelpContents, "F1")
        self.record_menu = add_record_menu(self, self.session)

    def _shortcut(self, slot: Callable[[], object], *keys: object) -> QAction:
        action = QAction(self)
        sequences: list[QKeySequence] = []
        for key in keys:
            sequences += (
                QKeySequence.keyBindings(key)
                if isinstance(key, QKeySequence.StandardKey)
                else [QKeySequence(str(key))]
            )
        unique = list({sequence.toString(): sequence for sequence in sequences}.values())
        action.setShortcuts(unique)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def show_keyboard_help(self) -> KeyboardHelpDialog:
        titles = [caption(slot.factory) for slot in self._slots]
        dialog = KeyboardHelpDialog([(self.tr("Person window"), person_window_keys(titles))], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _go_to_tab(self, index: int) -> None:
        if 0 <= index < self.tab_widget.count():
            self.tab_widget.setCurrentIndex(index)

    # --- state ---------------------------------------------------------------------------
    def _show_header(self, record: CaseRecord) -> None:
        person = record.person
        profile = person.profile
        self.setWindowTitle(
            self.tr("%1 (%2)[*] — Resettle")
            .replace("%1", person.name)
            .replace("%2", profile.prison_number)
        )
        self.name_label.setText(person.name)
        facts = [
            self.tr("Prison number %1").replace("%1", profile.prison_number),
            self.tr("CRN %1").replace("%1", profile.crn),
        ]
        if person.establishment:
            facts.append(person.establishment)
        facts.append(
            self.tr("Officer: %1").replace("%1", person.officer or self.tr("not allocated"))
        )
        if profile.release_date:
            release = self.tr("Release %1").replace("%1", date_text(profile.release_date))
            closed = closed_day_text(profile.release_date)  # the Profile tab says more
            facts.append(release + (self.tr(" (%1)").replace("%1", closed) if closed else ""))
        if record.closure is None:  # a closed case is not being readied for anything
            facts.append(self.tr("Readiness: %1").replace("%1", readiness_text(record.readiness)))
        level, confirmed = risk_level_for(record)
        if confirmed:  # the level the recommendations use, as the Recommendations tab says
            facts.append(self.tr("Risk level: %1 (confirmed)").replace("%1", label(level)))
        elif record.risk.in_use.band is not None:
            facts.append(
                self.tr("Risk level: %1 (from the score; not confirmed)").replace(
                    "%1", label(record.risk.in_use.band)
                )
            )
        self.facts_label.setText("   ·   ".join(facts))
        self.facts_label.setToolTip(allocation_history_text(record))
        self.case_status.show_record(record)
        self._apply_editable()

    def _update_captions(self) -> None:
        for position, slot in enumerate(self._slots):
            title = caption(slot.factory) if slot.tab is None else slot.tab.title()
            dirty = slot.tab is not None and slot.tab.dirty
            self.tab_widget.setTabText(position, title + (" *" if dirty else ""))
            self.tab_widget.setTabToolTip(
                position,
                self.tr("%1 (Alt+%2)").replace("%1", title).replace("%2", str(position + 1))
                if position < 9
                else title,
            )

    def _update_buttons(self) -> None:
        dirty = [tab for tab in self._built_tabs() if tab.dirty]
        editable = self.editable and not self.session.writing
        # Save stays available with problems: pressing it shows every one of them at once.
        self.save_button.setEnabled(editable and bool(dirty))
        self.cancel_button.setEnabled(editable and bool(dirty))
        self.setWindowModified(bool(dirty))
        invalid = [t.title() for t in dirty if not t.valid]
        self._problems_revealed = self._problems_revealed and bool(invalid)
        self.state_label.setText(
            self.tr("Not saved: correct the problems listed on %1.").replace(
                "%1", ", ".join(invalid)
            )
            if self._problems_revealed
            else ""
        )

    def _saved(self) -> None:
        self.elsewhere_label.clear()
        said = self.session.take_saved_message() or self.tr("Saved.")
        self.statusBar().showMessage(said, 5000)

    def _record_changed(self, record: CaseRecord) -> None:
        for tab in self._built_tabs():
            tab.refresh(record)
        self._show_header(record)
        self._update_captions()
        self._update_buttons()

    def _edited_parts(self) -> set[str]:
        return {part for tab in self._built_tabs() if tab.dirty for part in tab.edits_parts}

    def _changed_elsewhere(self, change: Change) -> None:
        """Say that the record was changed in another window, naming the tabs whose unsaved
        edits were kept rather than overwritten, and those changed there too (their save will
        be refused as a conflict). The line goes at the next save or reload."""
        kept = [tab for tab in self._built_tabs() if tab.dirty]
        clashing = [tab.title() for tab in kept if change.parts.intersection(tab.edits_parts)]
        text = (
            self.tr("Changed by someone else: showing the latest.")
            if change.external
            else self.tr("Changed in another window: showing the latest.")
        )
        if kept:
            text += " " + self.tr("Your unsaved edits on %1 are kept.").replace(
                "%1", ", ".join(tab.title() for tab in kept)
            )
        if clashing:
            text += " " + self.tr("%1 changed there too: saving it will offer to reload.").replace(
                "%1", ", ".join(clashing)
            )
        self.elsewhere_label.setText(text)
        if change.external and clashing:
            parts = frozenset(change.parts & self._edited_parts())
            self.clash_bar.show_clash(dt.datetime.now(), clashing, parts)

    def _watch_other_copies(self) -> None:
        """Another copy's save of a part with unsaved edits here (``ChangedElsewhereBar``)."""
        self.clash_bar.reload_requested.connect(lambda: self.session.reload(self))
        self.clash_bar.keep_requested.connect(self._keep_my_changes)
        self.session.saved.connect(self._saved_with_a_clash)
        self.session.reloaded.connect(lambda _record: self.clash_bar.clear())

    def _saved_with_a_clash(self) -> None:
        """A save of another tab leaves the bar up while a clashing part is still unsaved
        (review: it hid the warning, and the refused save came as a surprise)."""
        if not self.clash_bar.parts & self._edited_parts():
            self.clash_bar.clear()

    def _keep_my_changes(self) -> None:
        self.elsewhere_label.setText(
            self.tr(
                "Someone else saved this record: copy your edits, then reload to save them "
                "(saving now is refused, so nothing they saved is overwritten)."
            )
        )

    def _reloaded(self, record: CaseRecord) -> None:
        self.elsewhere_label.clear()
        for tab in self._built_tabs():
            tab.load(record)
        self._show_header(record)
        self._update_captions()
        self._update_buttons()
        self.statusBar().showMessage(self.tr("Reloaded: showing the latest saved record."), 5000)

    # --- actions -------------------------------------------------------------------------
    def save(self, then: Callable[[], None] | None = None) -> bool:
        """Save every tab with edits, in tab order, off the UI thread. The first refusal stops
        the rest and shows its tab with the problems. While any tab's edits are not valid
        nothing is saved: every problem on every tab is shown at once (:meth:`reveal_problems`).
        ``then`` runs once everything was saved. False when nothing could start (no
        permission, a closed case, problems to correct, or a save still running)."""
        if not self.editable or self.session.writing:
            return False
        dirty = [t for t in self._built_tabs() if t.dirty]
        invalid = [t for t in dirty if not t.valid]
        if invalid:
            self.reveal_problems(invalid)
            return False
        for tab in dirty:
            if not tab.confirm_save():
                self.show_tab(tab)
                return False
        writes = []
        for tab in dirty:
            writes += [write.shown_by(lambda tab=tab: self.show_tab(tab)) for write in tab.writes()]

        def done(saved: bool) -> None:
            self._update_buttons()
            if saved and then is not None:
                then()

        if not writes:
            done(True)
            return True
        return self.session.save(self, writes, done=done)

    def reveal_problems(self, tabs: list[PersonTab]) -> list[str]:
        """Save with problems saves nothing and shows every problem at once: on each tab by
        its fields and listed at its top, the first tab shown with the keyboard on its first
        problem, and a line by the buttons naming the tabs. Returns every message."""
        self.show_tab(tabs[0])
        messages = []
        for index, tab in enumerate(tabs):
            messages += tab.reveal_problems(focus=index == 0)
        self._problems_revealed = True
        self._update_buttons()
        return messages

    def cancel_changes(self) -> bool:
        """Cancel changes: ask, then put back what was saved on every tab; False if kept."""
        where = [tab.title() for tab in self._built_tabs() if tab.dirty]
        if not where or self.session.writing or not confirm_discard(self, where):
            return False
        self.discard()
        return True

    def discard(self) -> None:
        for tab in self._built_tabs():
            if tab.dirty:
                tab.discard()
        self._update_captions()
        self._update_buttons()

    def reload(self) -> None:
        """Read the record again (F5), asking first if there are unsaved edits."""
        if self.session.writing:
            return
        if self.dirty:
            choice = ask_unsaved(self, self.session.record.person.name, reloading=True)
            if choice is UnsavedChoice.CANCEL:
                return
            if choice is UnsavedChoice.SAVE:
                self.save(then=lambda: self.session.reload(self))
                return
        self.session.reload(self)

    def _writing_changed(self, writing: bool) -> None:
        self.hold.set_held(writing)
        self._update_buttons()
        if not writing and self._close_when_saved:
            self._close_when_saved = False
            QTimer.singleShot(0, self, self.close)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.parent()
            and event.type() == QEvent.Type.Close
            and self.isVisible()
            and not self.close()
        ):
            event.ignore()  # the user chose Cancel (or a save was refused): stay open
            return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session.writing:  # close once the save running now has reported back
            self._close_when_saved = True
            event.ignore()
            return
        if self.dirty:
            choice = ask_unsaved(self, self.session.record.person.name)
            if choice is UnsavedChoice.SAVE:
                self.save(then=self.close)
            if choice is not UnsavedChoice.DISCARD:
                event.ignore()
                return
        self.hold.set_held(False)
        saved_state.save(**{GEOMETRY_KEY: self.saveGeometry()})
        super().closeEvent(event)

    def _restore_geometry(self) -> None:
        if saved_state.restore(GEOMETRY_KEY, self.restoreGeometry):
            fit_to_screen(self)  # saved on a bigger screen: bring it back inside this one
        else:
            fit_to_screen(self, 1060, 760)


__all__ = ["PERSON_TABS", "PersonWindow", "TabFactory", "person_window_keys"]
