"""The Programmes view: one establishment's programme delivery, for prison staff, the
programme team and managers.

Tabs: Offerings (the programmes offered there, each with its groups counted), Groups (the
groups, and under them who is in the chosen group now and its sessions), Today (the day's
sessions across the establishment's groups), Referrals (by status, with the counts) and
Waiting list (people assessed as suitable without a group place, with the places free):
``referrals_tab``.
An account with several establishments (a manager) chooses one at the top. What is read
comes off the UI thread (``BusyIndicator``); so does every change.

Actions are offered where the account may take them (``DeliveryPlace``): managers offer a
programme and add groups; the programme team and managers generate a group's sessions,
reschedule a session and add a catch-up. The services check again and their refusals are
shown, naming the field; hiding a button is not security.

The programme team takes a session's register from Today or from the group's sessions (Enter
or a double-click on the row, or "Take the register…"): ``register_dialog``; a session that
has not started, or was rescheduled, is not opened, and the message line says why, as it does
to staff who do not take registers. Today puts the keyboard on its sessions, the first one
chosen, so Enter opens its register.

Later parts add tabs: :data:`EXTRA_TABS` takes their
factories, and the window adds each after the built-in ones. It starts empty: no tab is shown
that has nothing in it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.errors import DomainError, ValidationFailed
from resettle.domain.permissions import Permission, has_permission
from resettle.domain.programme_group_places import GroupMembers, GroupMemberView
from resettle.domain.programme_referrals import EstablishmentReferrals
from resettle.domain.programmes.sessions import SessionView
from resettle.services import programme_sessions
from resettle.services.programme_delivery import (
    DeliveryOverview,
    DeliveryPlace,
    delivery_overview,
    delivery_places,
)
from resettle.services.programme_group_members import list_group_members
from resettle.services.programme_referral_lists import list_establishment_referrals
from resettle.services.workspace import Workspace
from resettle.ui.common import screen_fit
from resettle.ui.common.account_refusals import divert
from resettle.ui.common.banner_space import keep_room
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.rows_model import RowsTableModel
from resettle.ui.common.views import push_button, source_row, table_view
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.failures import failure_text
from resettle.ui.programmes.delivery_dialogs import (
    AddGroupDialog,
    DeliveryDialog,
    NewSessionDialog,
    OfferProgrammeDialog,
    new_session_text,
)
from resettle.ui.programmes.delivery_models import (
    GroupRow,
    OfferingRow,
    date_text,
    day_sessions_model,
    group_rows,
    groups_model,
    local,
    offering_rows,
    offerings_model,
    session_name,
    sessions_model,
    sessions_planned_text,
    time_span,
)
from resettle.ui.programmes.group_members_model import (
    members_caption,
    members_empty_text,
    members_model,
)
from resettle.ui.programmes.referrals_tab import ReferralTabs
from resettle.ui.programmes.register_dialog import RegisterDialog, saved_text
from resettle.ui.worker import show_failure


@dataclass(frozen=True)
class ExtraTab:
    """A tab a later part adds: its title, and a factory given the window that returns the
    widget, or None when the account has nothing to see there."""

    title: str
    make: Callable[[ProgrammesWindow], QWidget | None]


#: Tabs added after Offerings, Groups, Today, Referrals and Waiting list (the register).
EXTRA_TABS: list[ExtraTab] = []


class _TablePage(QWidget):
    """A table, or in its place a sentence saying what to do while it is empty."""

    def __init__(self, model: RowsTableModel[Any], name: str, stretch: int | None) -> None:
        super().__init__()
        self.model = model
        self.view: QTableView = table_view(model, name, sortable=True, stretch_column=stretch)
        # First column A to Z (Qt's header starts with a descending indicator).
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.hide()
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setAccessibleName(name)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)
        self.action_row = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.caption)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self.action_row)

    def show_rows(self, rows: list[Any], empty_text: str) -> None:
        chosen = self.selected()
        self.model.set_rows(rows)
        self.empty.setText(empty_text)
        self.stack.setCurrentWidget(self.view if rows else self.empty)
        chosen_id = getattr(chosen, "id", None)
        for position, row in enumerate(rows):
            if chosen_id is not None and getattr(row, "id", None) == chosen_id:
                self.select_source_row(position)
                return
        if rows:  # the first row as sorted
            self.view.setCurrentIndex(self.view.model().index(0, 0))

    def set_caption(self, text: str) -> None:
        """A line above the table (hidden while empty)."""
        self.caption.setText(text)
        self.caption.setVisible(bool(text))

    def select_source_row(self, position: int) -> None:
        proxy = self.view.model()
        index = proxy.mapFromSource(self.model.index(position, 0))  # type: ignore[attr-defined]
        self.view.setCurrentIndex(index)

    def selected(self) -> Any:
        row = source_row(self.view)
        return self.model.row_at(row) if row is not None else None

    def add_button(self, text: str, on_click: Callable[[], None]) -> QPushButton:
        button = push_button(text)
        button.clicked.connect(on_click)
        self.action_row.addWidget(button)
        return button


def keep_two_lines(label: QLabel) -> None:
    """The message line always takes the room of two lines (padding included), shown or not,
    one line or two: the tabs and tables under it never move when a message comes or goes
    (user trial: the table jumped and the user clicked the wrong row)."""
    shown = label.text()
    label.setText("X\nX")
    label.setFixedHeight(label.sizeHint().height())
    label.setText(shown)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    keep_room(label)


class ProgrammesWindow(QWidget):
    """``ProgrammesWindow(workspace)``, shown with ``show()``; reads the account's places at
    once, then the first place's delivery.

    The message line says what the last action did, or why it was not done; it is cleared
    when the user moves on (another tab, establishment, row or filter), never by the view
    reading again after the action."""

    #: A referral was double-clicked: open the person's window on their Programme referrals
    #: tab with that referral chosen (person id, referral id; the main window does, the way it
    #: opens a person from the caseload).
    person_requested = Signal(int, int)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("Programmes - Resettle"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.workspace = workspace
        self.places: tuple[DeliveryPlace, ...] = ()
        self.overview: DeliveryOverview | None = None
        self.dialog: DeliveryDialog | None = None
        self.busy = BusyIndicator(self)
        self._reading = 0  # the latest read: an older one arriving later is dropped
        #: Above zero while the view fills its tables itself (a read arrived): the rows it
        #: chooses then are not the user moving on, so the message line stays.
        self._filling = 0

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName(self.tr("Message"))
        style_banner(self.message, Tone.NOTICE)
        keep_two_lines(self.message)
        self.message.hide()
        self.place_label = QLabel(self.tr("&Establishment:"))
        self.place_choice = ChoiceCombo()
        self.place_label.setBuddy(self.place_choice)
        self.place_name = QLabel()
        bold = self.place_name.font()
        bold.setBold(True)
        self.place_name.setFont(bold)
        self.place_name.setAccessibleName(self.tr("Establishment"))
        self.place_choice.value_changed.connect(self.reload)
        self.place_choice.value_changed.connect(self.moved_on)
        self.refresh_button = push_button(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(self.place_label)
        top.addWidget(self.place_choice)
        top.addWidget(self.place_name)
        top.addStretch(1)
        top.addWidget(self.refresh_button)

        self.offerings = _TablePage(offerings_model(self), self.tr("Offerings"), 0)
        self.offer_button = self.offerings.add_button(
            self.tr("&Offer a programme…"), self.offer_programme
        )
        self.offerings.action_row.addStretch(1)
        self.groups = _TablePage(groups_model(self), self.tr("Groups"), 5)
        self.add_group_button = self.groups.add_button(self.tr("&Add a group…"), self.add_group)
        self.generate_button = self.groups.add_button(
            self.tr("Ge&nerate sessions"), self.generate_sessions
        )
        self.groups.action_row.addStretch(1)
        self.sessions = _TablePage(sessions_model(self), self.tr("Sessions of the group"), 2)
        self.reschedule_button = self.sessions.add_button(
            self.tr("Re&schedule…"), lambda: self.new_session(catch_up=False)
        )
        self.catch_up_button = self.sessions.add_button(
            self.tr("Add a catc&h-up…"), lambda: self.new_session(catch_up=True)
        )
        self.sessions_register_button = self.sessions.add_button(
            self.tr("Take the register (&J)…"), lambda: self.take_register(self.sessions)
        )
        self.sessions.action_row.addStretch(1)
        # Who is in the chosen group now, beside its sessions.
        self.members = _TablePage(members_model(self), self.tr("People in the group"), 0)
        self.members.view.doubleClicked.connect(lambda _i: self._open_member())
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self.members)
        below.addWidget(self.sessions)
        below.setChildrenCollapsible(False)
        # Room for the four member columns whole; the sessions' name column takes the rest.
        self.members.setMinimumWidth(440)
        below.setStretchFactor(0, 2)
        below.setStretchFactor(1, 3)
        self.groups_split = QSplitter(Qt.Orientation.Vertical)
        self.groups_split.addWidget(self.groups)
        self.groups_split.addWidget(below)
        self.groups_split.setChildrenCollapsible(False)
        self.groups_split.setStretchFactor(0, 1)
        self.groups_split.setStretchFactor(1, 1)
        self.today = _TablePage(day_sessions_model(self), self.tr("Today's sessions"), 3)
        self.today_register_button = self.today.add_button(
            self.tr("Ta&ke the register…"), lambda: self.take_register(self.today)
        )
        self.today.action_row.addStretch(1)
        self.takes_registers = has_permission(
            workspace.actor, Permission.MANAGE_PROGRAMME_REFERRALS
        )
        self.register_dialog: RegisterDialog | None = None
        for page in (self.today, self.sessions):
            page.view.doubleClicked.connect(lambda _i, page=page: self.take_register(page))
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                enter = QShortcut(QKeySequence(key), page.view)
                enter.setContext(Qt.ShortcutContext.WidgetShortcut)
                enter.activated.connect(lambda page=page: self.take_register(page))
        for page in (self.offerings, self.groups, self.today, self.sessions):
            page.view.selectionModel().currentRowChanged.connect(lambda *_: self.moved_on())
        self.today.view.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_actions()
        )
        self.groups.view.selectionModel().currentRowChanged.connect(lambda *_: self._group_chosen())
        self.sessions.view.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_actions()
        )

        self.tabs = QTabWidget()
        self.tabs.addTab(self.offerings, self.tr("O&fferings"))
        self.tabs.addTab(self.groups_split, self.tr("&Groups and sessions"))
        self.tabs.addTab(self.today, self.tr("&Today"))
        self.referral_tabs = ReferralTabs(self, clock.today())
        self.tabs.addTab(self.referral_tabs.referrals, self.tr("Referra&ls"))
        self.tabs.addTab(self.referral_tabs.waiting, self.tr("&Waiting list"))
        self.tabs.setAccessibleName(self.tr("Programmes"))
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        for extra in EXTRA_TABS:
            widget = extra.make(self)
            if widget is not None:
                self.tabs.addTab(widget, extra.title)
        close_button = push_button(self.tr("&Close"))
        close_button.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addWidget(self.busy.label)
        bottom.addStretch(1)
        bottom.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        self._update_actions()
        screen_fit.fit_to_screen(self, 1200, 700)
        self._read_places()

    # --- reading ------------------------------------------------------------------------

    @property
    def place(self) -> DeliveryPlace | None:
        chosen = self.place_choice.value()
        return next((place for place in self.places if place.id == chosen), None)

    def _read_places(self) -> None:
        runner = self.workspace
        self.busy.run(
            lambda _job: runner.run(delivery_places), self._places_arrived, on_failure=self._failed
        )

    def _places_arrived(self, places: tuple[DeliveryPlace, ...]) -> None:
        self.places = places
        self.place_choice.blockSignals(True)
        self.place_choice.set_choices(
            (place.id, f"{place.name} ({place.code})") for place in places
        )
        self.place_choice.blockSignals(False)
        several = len(places) > 1
        self.place_label.setText(
            self.tr("&Establishment:") if several else self.tr("Establishment:")
        )
        self.place_label.setVisible(bool(places))
        self.place_choice.setVisible(several)
        self.place_name.setVisible(not several)
        if len(places) == 1:
            self.place_name.setText(places[0].name)
        if not places:
            self.place_name.setText("")
            self.say(
                self.tr(
                    "Programmes are run per establishment, and this account neither works in "
                    "nor manages one. An administrator can add it to its establishment."
                ),
                Tone.WARNING,
            )
            self._show(None)
            return
        self.reload()

    def reload(self) -> None:
        """Read the chosen establishment's delivery again."""
        place = self.place
        if place is None:
            return
        self._reading += 1
        reading, runner, today = self._reading, self.workspace, clock.today()
        self.busy.run(
            lambda _job: (
                runner.run(delivery_overview, place.id, today),
                runner.run(list_establishment_referrals, place.code),
            ),
            lambda read: self._arrived(reading, *read),
            on_failure=self._failed,
        )

    def _arrived(
        self, reading: int, overview: DeliveryOverview, referrals: EstablishmentReferrals
    ) -> None:
        if reading != self._reading:
            return
        self._show(overview, referrals)

    def _failed(self, error: Exception) -> None:
        """A refusal (naming the field) goes in the message line; anything unexpected, or a
        refusal of the account itself, to the usual failure dialog."""
        if isinstance(error, DomainError) and not divert(error):
            text = failure_text(error, "programmes view")
            if isinstance(error, ValidationFailed):  # each problem in its own words
                text = "\n".join(problem.message for problem in error.problems)
            self.say(text, Tone.ERROR)
        else:
            show_failure(self, error)

    def _show(
        self, overview: DeliveryOverview | None, referrals: EstablishmentReferrals | None = None
    ) -> None:
        self._filling += 1
        try:
            self._fill(overview, referrals)
        finally:
            self._filling -= 1
        if self.tabs.currentWidget() is self.today and self.tabs.tabBar().hasFocus():
            self._focus_today()

    def _fill(
        self, overview: DeliveryOverview | None, referrals: EstablishmentReferrals | None
    ) -> None:
        self.overview = overview
        self.referral_tabs.show(overview, referrals)
        for position, title in enumerate(self.referral_tabs.tab_titles(), start=3):
            self.tabs.setTabText(position, title)
        if overview is None:
            for page in (self.offerings, self.groups, self.today, self.sessions):
                page.show_rows([], "")
            self._update_actions()
            return
        place = overview.place
        if place.may_set_up:
            no_offerings = self.tr(
                "No programmes are offered at %1 yet: choose Offer a programme to add one "
                "from the catalogue."
            )
            no_groups = self.tr(
                "No groups yet: add a group to run a programme offered at %1, then generate "
                "its sessions."
            )
        else:
            no_offerings = self.tr(
                "No programmes are offered at %1 yet. A manager of the establishment offers "
                "them from the catalogue."
            )
            no_groups = self.tr(
                "No groups yet at %1. A manager of the establishment adds the groups; the "
                "programme team then generates their sessions."
            )
        self.offerings.show_rows(offering_rows(overview), no_offerings.replace("%1", place.name))
        self.groups.show_rows(group_rows(overview), no_groups.replace("%1", place.name))
        self.today.set_caption(
            self.tr("Sessions on %1 in the groups at %2, replaced ones left out:")
            .replace("%1", f"{overview.day:%A} {date_text(overview.day)}")
            .replace("%2", place.name)
        )
        self.today.show_rows(
            list(overview.day_sessions),
            self.tr("No sessions today (%1) in the groups at %2.")
            .replace("%1", date_text(overview.day))
            .replace("%2", place.name),
        )
        self.tabs.setTabText(
            2, self.tr("&Today (%1)").replace("%1", str(len(overview.day_sessions)))
        )
        self._group_chosen()

    def _group_chosen(self) -> None:
        group: GroupRow | None = self.groups.selected()
        if group is None:
            self.sessions.set_caption("")
            self.sessions.show_rows([], self.tr("Choose a group above to see its sessions."))
            self.members.set_caption("")
            self.members.show_rows([], self.tr("Choose a group above to see who is in it."))
            self._update_actions()
            return
        self._read_members(group.id)
        self.sessions.set_caption(
            self.tr("Sessions of %1 (%2):")
            .replace("%1", group.group.code)
            .replace("%2", group.programme_name)
        )
        runner, group_id = self.workspace, group.id
        self.busy.run(
            lambda _job: runner.run(programme_sessions.list_group_sessions, group_id),
            lambda sessions: self._sessions_arrived(group_id, sessions),
            on_failure=self._failed,
        )

    def _read_members(self, group_id: int) -> None:
        runner = self.workspace
        self.busy.run(
            lambda _job: runner.run(list_group_members, group_id),
            self._members_arrived,
            on_failure=self._failed,
        )

    def _members_arrived(self, members: GroupMembers) -> None:
        group: GroupRow | None = self.groups.selected()
        if group is None or group.id != members.group_id:
            return  # another group was chosen meanwhile
        self._filling += 1
        try:
            self.members.set_caption(members_caption(members) if members.members else "")
            self.members.show_rows(list(members.members), members_empty_text(members))
        finally:
            self._filling -= 1

    def _open_member(self) -> None:
        member: GroupMemberView | None = self.members.selected()
        if member is not None:
            self.open_person(member.person_id, member.referral_id)

    def _sessions_arrived(self, group_id: int, sessions: tuple[SessionView, ...]) -> None:
        group: GroupRow | None = self.groups.selected()
        if group is None or group.id != group_id:
            return  # another group was chosen meanwhile
        place = self.overview.place if self.overview else None
        if place is not None and place.runs_sessions:
            empty = self.tr(
                "No sessions yet: choose Generate sessions to plan them from the weekly schedule."
            )
        else:
            empty = self.tr(
                "No sessions yet: the programme team generates them from the weekly schedule."
            )
        self._filling += 1
        try:
            self.sessions.show_rows(list(sessions), empty)
        finally:
            self._filling -= 1
        self._update_actions()

    # --- actions ------------------------------------------------------------------------

    def _update_actions(self) -> None:
        place = self.overview.place if self.overview else None
        sets_up = bool(place and place.may_set_up)
        runs = bool(place and place.runs_sessions)
        for button in (self.offer_button, self.add_group_button):
            button.setVisible(sets_up)
        for button in (self.generate_button, self.reschedule_button, self.catch_up_button):
            button.setVisible(runs)
        group: GroupRow | None = self.groups.selected()
        session: SessionView | None = self.sessions.selected()
        self.add_group_button.setEnabled(bool(self.offerings.model.rows()))
        self.generate_button.setEnabled(group is not None and group.group.session_count == 0)
        # A session already started is held or over: a catch-up repeats it, it is not moved
        # (the service refuses it too).
        started = session is not None and session.starts_at <= dt.datetime.now(dt.UTC)
        self.reschedule_button.setEnabled(
            session is not None and not session.replaced and not started
        )
        self.reschedule_button.setToolTip(
            self.tr(
                "This session has already started or is over: it cannot be rescheduled. "
                "Add a catch-up instead."
            )
            if started
            else ""
        )
        self.catch_up_button.setEnabled(session is not None and not session.replaced)
        for button, page in (
            (self.sessions_register_button, self.sessions),
            (self.today_register_button, self.today),
        ):
            button.setVisible(self.takes_registers)
            button.setEnabled(self._chosen_session(page) is not None)

    def moved_on(self) -> None:
        """The user chose another tab, establishment, row or filter: what the message line
        said about the last action no longer applies here."""
        if not self._filling and self.message.text():
            self.say("")

    def _tab_changed(self) -> None:
        self.moved_on()
        if self.tabs.currentWidget() is self.today:
            self._focus_today()

    def _focus_today(self) -> None:
        """The keyboard on today's sessions, the first chosen, so Enter opens its register."""
        view = self.today.view
        if not view.model().rowCount():
            return
        if not view.currentIndex().isValid():
            view.setCurrentIndex(view.model().index(0, 0))
        view.selectRow(view.currentIndex().row())
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_person(self, person_id: int, referral_id: int = 0) -> None:
        """Ask for the person's window on their Programme referrals tab, with ``referral_id``
        chosen when given (``person_requested``: the main window opens it as it does from the
        caseload, or brings it to the front)."""
        self.moved_on()
        self.person_requested.emit(person_id, referral_id)

    def say(self, text: str, tone: Tone = Tone.NOTICE) -> None:
        """One line above the tabs: what was done, or why not."""
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        style_banner(self.message, tone)
        self.message.setVisible(bool(text))

    def _open(self, dialog: DeliveryDialog, done: Callable[[Any], str]) -> None:
        self.say("")
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def closed(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                self.say(done(dialog.saved))
                self.reload()

        dialog.finished.connect(closed)
        dialog.open()

    def offer_programme(self) -> None:
        if self.overview is None:
            return
        offered = [o.programme_code for o in self.overview.listing.offerings if o.active]
        dialog = OfferProgrammeDialog(
            self.workspace, self.overview.place, self.overview.listing.catalogue, offered, self
        )
        self._open(
            dialog,
            lambda offering: self.tr("%1 is now offered. Add a group to run it.").replace(
                "%1", offering.programme_name
            ),
        )

    def add_group(self) -> None:
        if self.overview is None:
            return
        chosen: OfferingRow | None = self.offerings.selected()
        group: GroupRow | None = self.groups.selected()
        # The programme of the row chosen on the tab in view.
        if self.tabs.currentWidget() is self.groups_split and group is not None:
            offering_id: int | None = group.group.offering_id
        else:
            offering_id = chosen.id if chosen else None
        dialog = AddGroupDialog(
            self.workspace, offering_rows(self.overview), offering_id, self, clock.today()
        )
        self._open(
            dialog,
            lambda group: self.tr("Group %1 added. Generate its sessions next.").replace(
                "%1", group.code
            ),
        )

    def new_session(self, catch_up: bool) -> None:
        session: SessionView | None = self.sessions.selected()
        if session is None:
            return
        dialog = NewSessionDialog(
            self.workspace, session, catch_up, self, others=self.sessions.model.rows()
        )
        self._open(
            dialog,
            lambda new: new_session_text(new, catch_up),
        )

    def generate_sessions(self) -> None:
        group: GroupRow | None = self.groups.selected()
        if group is None:
            return
        self.say("")
        self.generate_button.setEnabled(False)
        runner, group_id, code = self.workspace, group.id, group.group.code

        def generated(result: Any) -> None:
            text = sessions_planned_text(len(result.sessions), code)
            if result.skipped_days:
                text += " " + self.tr("Bank holidays left out: %1.").replace(
                    "%1", ", ".join(date_text(day) for day in result.skipped_days)
                )
            self.say(text)
            self.reload()

        def refused(error: Exception) -> None:
            self._failed(error)
            self._update_actions()

        self.busy.run(
            lambda _job: runner.run(programme_sessions.generate_group_sessions, group_id),
            generated,
            on_failure=refused,
        )

    # --- the register ------------------------------------------------------------------

    def _chosen_session(self, page: _TablePage) -> tuple[SessionView, str, str] | None:
        """The session chosen on ``page`` with its group's code and programme's name."""
        chosen = page.selected()
        if chosen is None:
            return None
        if page is self.today:
            return chosen.session, chosen.group_code, chosen.programme_name
        group: GroupRow | None = self.groups.selected()
        if group is None or group.id != chosen.group_id:
            return None
        return chosen, group.group.code, group.programme_name

    def take_register(self, page: _TablePage, now: dt.datetime | None = None) -> None:
        """Open the register of the session chosen on ``page`` (the programme team's); a
        session that has not started, or was replaced, is not opened, saying why."""
        found = self._chosen_session(page)
        if found is None or self.register_dialog is not None:
            return
        session, group_code, programme = found
        when = f"{date_text(local(session.starts_at).date())} {time_span(session)}"
        if not self.takes_registers:
            self.say(
                self.tr(
                    "The register of the session on %1 is taken by the programme team: your "
                    "account sees the sessions but does not take registers."
                ).replace("%1", when),
                Tone.NOTICE,
            )
            return
        if session.replaced:
            self.say(
                self.tr(
                    "The session on %1 was rescheduled: take the register of the session that "
                    "replaced it."
                ).replace("%1", when),
                Tone.WARNING,
            )
            return
        if session.starts_at > (now or dt.datetime.now(dt.UTC)):
            self.say(
                self.tr(
                    "The session on %1 has not started yet: its register is taken once it has."
                ).replace("%1", when),
                Tone.WARNING,
            )
            return
        self.say("")
        heading = f"{programme}, {group_code}: {when}, {session_name(session)}"
        rows = self.referral_tabs.listing.rows if self.referral_tabs.listing else ()
        referrals = [
            (r.id, f"{r.name} ({r.prison_number})" if r.prison_number else r.name)
            for r in rows
            if r.group_id == session.group_id
        ]
        dialog = RegisterDialog(self.workspace, session.id, heading, self, referrals)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.register_dialog = dialog

        def saved(counts: Any) -> None:
            self.say(saved_text(counts))
            self.reload()

        def changed(text: str) -> None:
            self.say(text)
            self.reload()

        def closed(_result: int) -> None:
            self.register_dialog = None
            page.view.setFocus()  # Enter opens the next one

        dialog.saved.connect(saved)
        dialog.changed.connect(changed)
        dialog.finished.connect(closed)
        dialog.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        if self.register_dialog is not None:
            self.register_dialog.reject()
        if self.referral_tabs.dialog is not None:
            self.referral_tabs.dialog.reject()
        super().closeEvent(event)
