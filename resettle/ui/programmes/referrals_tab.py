"""The Programmes view's Referrals and Waiting list tabs.

Referrals: the establishment's referrals the account may see (the service leaves out
limited-access people it does not reach), filtered by status (all, open, or one status, each
with its count; it opens on the open ones, those that need action, and keeps the user's
choice while the view lasts) and by a name or prison number, with the counts at each status
above. Double-clicking a referral (here or on the waiting list) opens the person's window on
their Programme referrals tab.
Waiting list: the referrals assessed as suitable (or suitable but not ready) without a group
place, per programme, longest wait first, and the places free in each group of their
programme.

Actions: "Move…" reads the referral again (its revision and the moves open to the account,
from the workflow's table) and offers only those moves (the shared ``MoveDialog``); "Give a
group place…" chooses among the programme's groups with places free; "Withdraw group place"
gives up the referral's place. The programme team sees the place actions; the services check
again, and their refusals are shown in plain words. After each change the view reads again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from resettle.domain import clock
from resettle.domain.moments import aware as _aware
from resettle.domain.permissions import Permission, has_permission
from resettle.domain.programme_referral_statuses import PLACE_GIVEN_AT, ProgrammeReferralStatus
from resettle.domain.programme_referral_workflow import Workflow, WorkflowRoleGroup
from resettle.domain.programme_referrals import (
    EstablishmentReferral,
    EstablishmentReferrals,
    ReferralView,
    SessionsBeforeJoining,
)
from resettle.domain.programmes.sessions import SessionView
from resettle.services.programme_attendance import completion_for_referral
from resettle.services.programme_delivery import DeliveryOverview
from resettle.services.programme_referral_lists import read_referral
from resettle.services.programme_referral_places import (
    give_group_place,
    sessions_before_joining,
    withdraw_group_place,
)
from resettle.services.programme_sessions import list_group_sessions
from resettle.services.programme_workflow import read_workflow
from resettle.services.workspace import Workspace
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.messages import ask_ok_cancel
from resettle.ui.common.referral_move_dialog import (
    MoveDialog,
    SavingDialog,
    ended_group_place,
    moved_text,
)
from resettle.ui.common.rows_model import RowsTableModel
from resettle.ui.common.views import note_label, push_button, source_row, table_view
from resettle.ui.programmes.completion_dialog import CompletionDialog
from resettle.ui.programmes.delivery_models import date_text, local
from resettle.ui.programmes.referral_models import (
    ALL,
    OPEN,
    GroupPlaces,
    ReferralsFilter,
    ReferralsModel,
    WaitingRow,
    counts_line,
    filter_choices,
    group_places,
    groups_for,
    is_open,
    status_label,
    waiting_model,
    waiting_rows,
    waiting_summary,
)

if TYPE_CHECKING:
    from resettle.ui.programmes.delivery_window import ProgrammesWindow


def confirm_withdraw(parent: QWidget, name: str, group: str) -> bool:
    """Withdraw this place? Cancel is the default (the place may be taken meanwhile)."""
    return ask_ok_cancel(
        parent,
        QMessageBox.Icon.Question,
        QCoreApplication.translate("ProgrammesView", "Withdraw group place"),
        QCoreApplication.translate("ProgrammesView", "Withdraw %1's place in %2?")
        .replace("%1", name)
        .replace("%2", group),
        QCoreApplication.translate(
            "ProgrammesView",
            "The place is kept in the referral's record, marked as left, and is free for "
            "someone else at once.",
        ),
        QCoreApplication.translate("ProgrammesView", "&Withdraw place"),
    )


def confirm_late_place(parent: QWidget, name: str, held: SessionsBeforeJoining) -> bool:
    """Give a place in a group that has already held sessions? Cancel is the default: the
    person will need a catch-up of each before they can complete."""
    modules = ", ".join(str(number) for number in held.modules)
    return ask_ok_cancel(
        parent,
        QMessageBox.Icon.Question,
        QCoreApplication.translate("ProgrammesView", "Join a group already under way"),
        (
            QCoreApplication.translate(
                "ProgrammesView", "Group %1 has already held 1 session (module %3)."
            )
            if held.sessions == 1
            else QCoreApplication.translate(
                "ProgrammesView", "Group %1 has already held %2 sessions (module %3)."
            )
            if len(held.modules) == 1
            else QCoreApplication.translate(
                "ProgrammesView", "Group %1 has already held %2 sessions (modules %3)."
            )
        )
        .replace("%1", held.group_code)
        .replace("%2", str(held.sessions))
        .replace("%3", modules),
        QCoreApplication.translate(
            "ProgrammesView",
            "%1 will need a catch-up session for each before the programme can be completed; "
            "their referral shows the catch-ups still needed. Give the place?",
        ).replace("%1", name),
        QCoreApplication.translate("ProgrammesView", "&Give place"),
    )


def release_text(held: SessionsBeforeJoining) -> str:
    """The release coming before the group's last session, in words ("" when it does not)."""
    if held.released_on is None or held.last_session_on is None:
        return ""
    return (
        QCoreApplication.translate(
            "ProgrammesView",
            "Released on %1, before the group's last session on %2: the programme will not "
            "be finished in custody; plan follow-on in the community.",
        )
        .replace("%1", f"{held.released_on:%d/%m/%Y}")
        .replace("%2", f"{held.last_session_on:%d/%m/%Y}")
    )


def confirm_release_place(parent: QWidget, name: str, held: SessionsBeforeJoining) -> bool:
    """Give a place in a group whose last session comes after the person's release? Cancel
    is the default."""
    return ask_ok_cancel(
        parent,
        QMessageBox.Icon.Question,
        QCoreApplication.translate("ProgrammesView", "Released before the group ends"),
        release_text(held),
        QCoreApplication.translate("ProgrammesView", "Give %1 the place all the same?").replace(
            "%1", name
        ),
        QCoreApplication.translate("ProgrammesView", "&Give place"),
    )


class GivePlaceDialog(SavingDialog):
    """Give a referral a place in one of its programme's groups with places free (capacity
    shown); the service refuses a group that has filled meanwhile, and says so here. A group
    that has already held sessions (``held``, read before the dialog opens) is said so under
    the choice, and giving a place in it asks first (``confirm_late_place``)."""

    def __init__(
        self,
        workspace: Workspace,
        referral: ReferralView,
        name: str,
        groups: list[GroupPlaces],
        parent: QWidget | None = None,
        held: dict[int, SessionsBeforeJoining] | None = None,
    ) -> None:
        super().__init__(workspace, parent)
        self.setWindowTitle(self.tr("Give a group place"))
        self.referral = referral
        self.name = name
        self.held = held or {}
        self.group = QComboBox()
        self.group.setAccessibleName(self.tr("Group"))
        self._groups = {group.id: group for group in groups}
        for group in groups:
            if group.free > 0:
                self.group.addItem(group.words(), group.id)
        self.form.addRow(self.tr("Person:"), QLabel(name))
        self.form.addRow(
            self.tr("Programme:"),
            QLabel(f"{referral.programme_name} ({referral.programme_code})"),
        )
        self.form.addRow(self.tr("&Group:"), self.group)
        #: For a group already under way: the sessions held and the catch-ups needed.
        self.late_note = QLabel()
        self.late_note.setWordWrap(True)
        self.late_note.setAccessibleName(self.tr("Sessions already held"))
        style_banner(self.late_note, Tone.WARNING)
        self.form.addRow(self.late_note)
        #: When the person is released before the group's last session.
        self.release_note = QLabel()
        self.release_note.setWordWrap(True)
        self.release_note.setAccessibleName(self.tr("Release before the group ends"))
        style_banner(self.release_note, Tone.WARNING)
        self.form.addRow(self.release_note)
        self.group.currentIndexChanged.connect(lambda _index: self._show_held())
        self._show_held()
        if self.group.count() == 0:
            self.problem.setText(
                self.tr(
                    "Group: no group of this programme here has a place free. A manager of "
                    "the establishment can add a group."
                )
            )
            self.problem.show()
            self.ok_button.setEnabled(False)

    def chosen_group(self) -> GroupPlaces | None:
        return self._groups.get(self.group.currentData())

    def held_before(self) -> SessionsBeforeJoining | None:
        """What the chosen group has held so far, when it has held any session."""
        held = self.held.get(self.group.currentData())
        return held if held is not None and held.sessions else None

    def released_before(self) -> SessionsBeforeJoining | None:
        """What the chosen group said, when the person is released before its last session."""
        held = self.held.get(self.group.currentData())
        return held if held is not None and held.released_on is not None else None

    def _show_held(self) -> None:
        released = self.released_before()
        self.release_note.setText(release_text(released) if released is not None else "")
        self.release_note.setVisible(released is not None)
        held = self.held_before()
        if held is None:
            self.late_note.setText("")
            self.late_note.hide()
            return
        self.late_note.setText(
            (
                self.tr(
                    "This group has already held 1 session (module %2): a catch-up is needed "
                    "for it before the programme can be completed."
                )
                if held.sessions == 1
                else self.tr(
                    "This group has already held %1 sessions (module %2): catch-ups are "
                    "needed for them before the programme can be completed."
                )
                if len(held.modules) == 1
                else self.tr(
                    "This group has already held %1 sessions (modules %2): catch-ups are "
                    "needed for them before the programme can be completed."
                )
            )
            .replace("%1", str(held.sessions))
            .replace("%2", ", ".join(str(number) for number in held.modules))
        )
        self.late_note.show()

    def submit(self) -> None:
        held = self.held_before()
        if held is not None and not confirm_late_place(self, self.name, held):
            return
        released = self.released_before()
        if released is not None and not confirm_release_place(self, self.name, released):
            return
        super().submit()

    def call(self) -> Any:
        """The place given, then the group's first session from now on: the first register
        the person is on (a register lists the places held when its session starts)."""
        group_id = self.group.currentData()
        revision = self.workspace.run(
            give_group_place, self.referral.id, self.referral.revision, group_id
        )
        given_at = dt.datetime.now(dt.UTC)
        sessions = self.workspace.run(list_group_sessions, group_id)
        return revision, first_session_from(sessions, given_at)


def first_session_from(sessions: Iterable[SessionView], moment: dt.datetime) -> SessionView | None:
    """The group's first session (not replaced, not one-to-one) starting at or after
    ``moment``: the first register a place given at ``moment`` is on."""
    later = [
        session
        for session in sessions
        if not session.replaced
        and session.session_type != "one_to_one"
        and _aware(session.starts_at) >= moment
    ]
    return min(later, key=lambda session: session.starts_at, default=None)


def place_given_text(
    referral: EstablishmentReferral,
    group: GroupPlaces | None,
    first: SessionView | None = None,
    today: dt.date | None = None,
) -> str:
    """Who got which group, the first session whose register they are on (``first``, the
    group's first session after the place was given), and what comes next."""
    who = f"{referral.name} ({referral.prison_number})" if referral.prison_number else referral.name
    programme = referral.programme_name or (group.programme_name if group else "")
    if group is None:  # pragma: no cover - the dialog always has a group chosen
        return (
            _tr("%1 has a place in a group of %2 now.").replace("%1", who).replace("%2", programme)
        )
    if first is not None:
        start = local(_aware(first.starts_at))
        text = (
            _tr(
                "%1 has a place in group %2 of %3: they are on its register from its session on "
                "%4 at %5."
            )
            .replace("%4", date_text(start.date()))
            .replace("%5", f"{start:%H:%M}")
        )
    elif group.starts_on > (today or clock.today()):
        text = _tr("%1 has a place in group %2 of %3: they are on its register from %4.").replace(
            "%4", date_text(group.starts_on)
        )
    else:
        text = _tr(
            "%1 has a place in group %2 of %3: they are on the register of each session it "
            "holds from now on; it has none planned yet."
        )
    text = text.replace("%1", who).replace("%2", group.code).replace("%3", programme)
    if referral.status != ProgrammeReferralStatus.ON_PROGRAMME.value:
        text += " " + _tr("Next: move the referral to On programme when they start.")
    return text


def _tr(text: str) -> str:
    return QCoreApplication.translate("ProgrammesView", text)


class _Page(QWidget):
    """A caption, a table (or a sentence while it is empty) and a row of buttons."""

    def __init__(self, view: QTableView, name: str) -> None:
        super().__init__()
        self.view = view
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setAccessibleName(name)
        self.filters = QHBoxLayout()
        self.empty = note_label()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.stack = QStackedWidget()
        self.stack.addWidget(view)
        self.stack.addWidget(self.empty)
        self.buttons = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.caption)
        layout.addLayout(self.filters)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self.buttons)

    def show_table(self, shown: bool, empty_text: str) -> None:
        self.empty.setText(empty_text)
        self.stack.setCurrentWidget(self.view if shown else self.empty)

    def button(self, text: str, on_click: Callable[[], None]) -> QPushButton:
        button = push_button(text)
        button.clicked.connect(on_click)
        self.buttons.addWidget(button)
        return button


class ReferralTabs(QObject):
    """The two pages and their actions; ``host`` is the Programmes view (its workspace, its
    background runner, its message line and its reload)."""

    def __init__(self, host: ProgrammesWindow, today: dt.date) -> None:
        super().__init__(host)
        self.host = host
        self.today = today
        self.listing: EstablishmentReferrals | None = None
        self.groups: list[GroupPlaces] = []
        self.dialog: SavingDialog | None = None
        self.manages_places = has_permission(
            host.workspace.actor, Permission.MANAGE_PROGRAMME_REFERRALS
        )

        self.model = ReferralsModel(today, self)
        self.filter = ReferralsFilter(self)
        self.filter.setSourceModel(self.model)
        # Thousands of rows: one line each (measuring every row to wrap it takes seconds).
        # The programme's name takes the room left (user trial: with the name stretching,
        # switching the status filter left the name very wide and the programme cut off).
        view = table_view(
            self.filter,
            self.tr("Referrals"),
            stretch_column=ReferralsModel.PROGRAMME_COLUMN,
            wrap=False,
        )
        view.setSortingEnabled(True)
        view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # newest status first
        view.selectionModel().currentRowChanged.connect(lambda *_: self.update_actions())
        view.selectionModel().currentRowChanged.connect(lambda *_: host.moved_on())
        view.doubleClicked.connect(lambda _i: self._open_person(self._chosen()))
        self.referrals = _Page(view, self.tr("Counts at each status"))
        self.status_choice = QComboBox()
        self.status_choice.setAccessibleName(self.tr("Status"))
        #: The status filter chosen: the user's last choice, else the open statuses (those
        #: that need action: neither drafts, which are the referrer's, nor closed). The main
        #: window keeps one Programmes view for the session (closed, it is shown again), so
        #: the choice lasts the session.
        self._status_key: str | None = None
        self.status_choice.currentIndexChanged.connect(lambda _i: self._status_chosen())
        status_label_widget = QLabel(self.tr("&Status:"))
        status_label_widget.setBuddy(self.status_choice)
        self.find = QLineEdit()
        self.find.setPlaceholderText(self.tr("Name or prison number"))
        self.find.setAccessibleName(self.tr("Find by name or prison number"))
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(lambda _t: self._filter_changed())
        self.find.textChanged.connect(lambda _t: host.moved_on())
        find_label = QLabel(self.tr("F&ind:"))
        find_label.setBuddy(self.find)
        self.shown_count = QLabel()
        row = self.referrals.filters
        row.addWidget(status_label_widget)
        row.addWidget(self.status_choice)
        row.addWidget(find_label)
        row.addWidget(self.find, 1)
        row.addWidget(self.shown_count)
        self.move_button = self.referrals.button(self.tr("&Move…"), self.open_move)
        self.give_button = self.referrals.button(
            self.tr("Give a group &place…"), lambda: self.open_give_place(self._chosen())
        )
        self.withdraw_button = self.referrals.button(
            self.tr("With&draw group place"), self.withdraw_place
        )
        self.complete_button = self.referrals.button(
            self.tr("Confirm completion by r&ule…"), self.open_completion
        )
        self.complete_button.setVisible(self.manages_places)
        self.referrals.buttons.addStretch(1)

        self.waiting_model: RowsTableModel[WaitingRow] = waiting_model(self)
        waiting_view = table_view(
            self.waiting_model, self.tr("Waiting list"), sortable=True, stretch_column=2, wrap=False
        )
        waiting_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        waiting_view.selectionModel().currentRowChanged.connect(lambda *_: self.update_actions())
        waiting_view.selectionModel().currentRowChanged.connect(lambda *_: host.moved_on())
        waiting_view.doubleClicked.connect(lambda _i: self._open_person(self._waiting_chosen()))
        self.waiting = _Page(waiting_view, self.tr("Places free in each group"))
        self.waiting_give_button = self.waiting.button(
            self.tr("Gi&ve a group place…"), lambda: self.open_give_place(self._waiting_chosen())
        )
        self.waiting.buttons.addStretch(1)
        for button in (self.give_button, self.withdraw_button, self.waiting_give_button):
            button.setVisible(self.manages_places)
        self._set_choices({})
        self.update_actions()

    # --- showing ------------------------------------------------------------------------

    def show(
        self, overview: DeliveryOverview | None, listing: EstablishmentReferrals | None
    ) -> None:
        self.listing = listing
        if overview is None or listing is None:
            self.groups = []
            self.model.set_rows([])
            self.waiting_model.set_rows([])
            self._set_choices({})
            self.referrals.caption.setText("")
            self.waiting.caption.setText("")
            self.referrals.show_table(False, "")
            self.waiting.show_table(False, "")
            self.update_actions()
            return
        place = overview.place.name
        self.groups = group_places(
            overview, listing.places_taken, self.today, listing.sessions_over
        )
        chosen = self._chosen()
        self.model.set_rows(list(listing.rows))
        self._set_choices(listing.counts)
        self.referrals.caption.setText(
            self.tr("At %1: %2").replace("%1", place).replace("%2", counts_line(listing.counts))
        )
        self._reselect(self.referrals.view, chosen.id if chosen else None)
        self._filter_changed()
        waiting = waiting_rows(listing.rows, self.today)
        chosen_waiting = self._waiting_chosen()
        self.waiting_model.set_rows(waiting)
        self.waiting.caption.setText(waiting_summary(waiting, self.groups))
        self.waiting.show_table(
            bool(waiting),
            self.tr(
                "Nobody at %1 is waiting for a group place: no referral assessed as suitable "
                "is without one."
            ).replace("%1", place),
        )
        self._reselect(self.waiting.view, chosen_waiting.id if chosen_waiting else None)
        self.update_actions()

    def tab_titles(self) -> tuple[str, str]:
        """The tabs' titles with the open referrals and the people waiting counted."""
        rows = self.listing.rows if self.listing else ()
        opened = sum(1 for row in rows if is_open(row.status))
        return (
            self.tr("Referra&ls (%1 open)").replace("%1", str(opened)),
            self.tr("&Waiting list (%1)").replace("%1", str(self.waiting_model.rowCount())),
        )

    def _set_choices(self, counts: dict[str, int]) -> None:
        current = self._status_key or OPEN
        self.status_choice.blockSignals(True)
        self.status_choice.clear()
        for key, words in filter_choices(counts):
            self.status_choice.addItem(words, key)
        found = self.status_choice.findData(current)
        self.status_choice.setCurrentIndex(max(0, found))
        self.status_choice.blockSignals(False)

    def _status_chosen(self) -> None:
        """The user chose a status: kept while the view lasts (the session)."""
        self._status_key = self.status_choice.currentData() or ALL
        self._filter_changed()
        self.host.moved_on()

    def _open_person(self, chosen: EstablishmentReferral | WaitingRow | None) -> None:
        referral = chosen.referral if isinstance(chosen, WaitingRow) else chosen
        if referral is not None:
            self.host.open_person(referral.person_id, referral.id)

    def _filter_changed(self) -> None:
        self.filter.set_status(self.status_choice.currentData() or ALL)
        self.filter.set_text(self.find.text())
        shown, total = self.filter.rowCount(), self.model.rowCount()
        self.shown_count.setText(
            self.tr("%1 of %2 shown").replace("%1", str(shown)).replace("%2", str(total))
        )
        if total == 0:
            empty = self.tr("No referrals yet at this establishment.")
        else:
            empty = self.tr("No referral matches the status and the text chosen.")
        self.referrals.show_table(shown > 0, empty)
        view = self.referrals.view
        if shown and not view.currentIndex().isValid():
            view.setCurrentIndex(self.filter.index(0, 0))
        self.update_actions()

    @staticmethod
    def _reselect(view: QTableView, chosen_id: int | None) -> None:
        model = view.model()
        for row in range(model.rowCount()):
            item = model.data(model.index(row, 0), Qt.ItemDataRole.UserRole + 1)
            if chosen_id is not None and getattr(item, "id", None) == chosen_id:
                view.setCurrentIndex(model.index(row, 0))
                return
        if model.rowCount():
            view.setCurrentIndex(model.index(0, 0))

    def _chosen(self) -> EstablishmentReferral | None:
        row = source_row(self.referrals.view)
        return self.model.row_at(row) if row is not None else None

    def _waiting_chosen(self) -> WaitingRow | None:
        row = source_row(self.waiting.view)
        return self.waiting_model.row_at(row) if row is not None else None

    def update_actions(self) -> None:
        chosen = self._chosen()
        self.move_button.setEnabled(chosen is not None)
        self.give_button.setEnabled(
            chosen is not None and chosen.group_id is None and is_open(chosen.status)
        )
        # A place on the programme (deselect first) or of a closed referral is not withdrawn:
        # the button says why instead of offering it only to refuse.
        refusal = (
            self._withdraw_refusal(chosen)
            if chosen is not None and chosen.group_id is not None
            else None
        )
        self.withdraw_button.setEnabled(
            chosen is not None and chosen.group_id is not None and refusal is None
        )
        self.withdraw_button.setToolTip(refusal or "")
        self.waiting_give_button.setEnabled(self._waiting_chosen() is not None)
        self.complete_button.setEnabled(
            chosen is not None and chosen.status == ProgrammeReferralStatus.ON_PROGRAMME.value
        )

    # --- actions ------------------------------------------------------------------------

    def _read_then(self, referral_id: int, then: Callable[[Any], None], workflow: bool) -> None:
        runner = self.host.workspace

        def read(_job: Any) -> Any:
            view = runner.run(read_referral, referral_id)
            return (view, runner.run(read_workflow)) if workflow else view

        self.host.say("")
        self.host.busy.run(read, then, on_failure=self.host._failed)

    def open_move(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self._read_then(chosen.id, lambda got: self._open_move(chosen, *got), workflow=True)

    def _open_move(self, chosen: EstablishmentReferral, view: ReferralView, workflow: Any) -> None:
        if not view.moves_open:
            closed = workflow.status(view.status).closed
            self.host.say(
                self.tr(
                    "Move: this referral is closed (%1); no further move is possible."
                    if closed
                    else "Move: no move is open to you from %1 for this referral; the "
                    "programme team or the referrer makes the next one."
                ).replace("%1", status_label(view.status))
            )
            return
        dialog = MoveDialog(self.host.workspace, view, workflow, self.host, person_name=chosen.name)
        self._open(dialog, lambda _revision: self._moved_text(chosen, dialog, workflow))

    def _moved_text(self, chosen: EstablishmentReferral, dialog: MoveDialog, workflow: Any) -> str:
        """Who was moved to what; after a deselection keeping the referral open while it held
        a group place, that the move ended the place."""
        option = dialog.chosen_move()
        who = f"{chosen.name} ({chosen.prison_number})" if chosen.prison_number else chosen.name
        text = moved_text(self.tr("The referral of %1").replace("%1", who), option)
        if ended_group_place(option, workflow, chosen.group_id is not None):
            text += " " + self.tr("Their group place has ended: they are back on the waiting list.")
        return text

    def open_give_place(self, chosen: EstablishmentReferral | WaitingRow | None) -> None:
        referral = chosen.referral if isinstance(chosen, WaitingRow) else chosen
        if referral is None or not self.manages_places:
            return
        if referral.status not in PLACE_GIVEN_AT and is_open(referral.status):
            # The service refuses it too; said before asking, with the moves open from the
            # referral's status in the workflow as the database holds it.
            self._read_then(
                referral.id,
                lambda got: self.host.say(self._give_refusal(referral, got[1])),
                workflow=True,
            )
            return
        runner = self.host.workspace
        group_ids = [group.id for group in groups_for(referral, self.groups) if group.free > 0]

        def read(_job: Any) -> Any:
            view = runner.run(read_referral, referral.id)
            held = {
                gid: runner.run(sessions_before_joining, gid, referral_id=referral.id)
                for gid in group_ids
            }
            return view, held

        self.host.say("")
        self.host.busy.run(
            read, lambda got: self._open_give_place(referral, *got), on_failure=self.host._failed
        )

    def _give_refusal(self, chosen: EstablishmentReferral, workflow: Workflow) -> str:
        """Why ``chosen`` (open, not waiting for a place) is not given one: not assessed yet,
        with the moves open from its status to make first; on the programme: deselect first."""
        who = f"{chosen.name} ({chosen.prison_number})" if chosen.prison_number else chosen.name
        programme = chosen.programme_name or chosen.programme_code
        if chosen.status == ProgrammeReferralStatus.ON_PROGRAMME.value:
            text = self.tr(
                "Give a group place: the referral of %1 to %2 is %3. To move them to another "
                "group, deselect the referral first (Move… to Assessed as suitable or Suitable "
                "but not ready), then give the place."
            )
        else:
            text = self.tr(
                "Give a group place: the referral of %1 to %2 is %3; a place is given only "
                "once the referral is assessed as suitable (or suitable but not ready). %4, "
                "then give the place."
            ).replace("%4", self._first_moves(chosen.status, workflow))
        return (
            text.replace("%1", who)
            .replace("%2", programme)
            .replace("%3", status_label(chosen.status))
        )

    def _first_moves(self, status: str, workflow: Workflow) -> str:
        """The moves the programme team makes from ``status`` to one at which a place is
        given, in words ("Start the assessment first (Move… > Assessment started), then move
        it to Assessed as suitable")."""
        route = workflow.route(status, PLACE_GIVEN_AT, {WorkflowRoleGroup.PROGRAMME_TEAM})
        if not route:
            return self.tr("Record the assessment first")
        first, *rest = route
        label = workflow.status(first.to_status).label
        if first.description.casefold() == label.casefold():
            words = self.tr("First move it to %1 (Move… > %1)").replace("%1", label)
        else:
            words = (
                self.tr("%1 first (Move… > %2)")
                .replace("%1", first.description)
                .replace("%2", label)
            )
        for move in rest:
            words += self.tr(", then move it to %1").replace(
                "%1", workflow.status(move.to_status).label
            )
        return words

    def _open_give_place(
        self,
        referral: EstablishmentReferral,
        view: ReferralView,
        held: dict[int, SessionsBeforeJoining] | None = None,
    ) -> None:
        dialog = GivePlaceDialog(
            self.host.workspace,
            view,
            referral.name,
            groups_for(referral, self.groups),
            self.host,
            held=held,
        )
        self._open(
            dialog,
            lambda result: place_given_text(
                referral, dialog.chosen_group(), result[1], today=self.today
            ),
        )

    def withdraw_place(self) -> None:
        chosen = self._chosen()
        if chosen is None or chosen.group_id is None:
            return
        runner, referral_id, shown = self.host.workspace, chosen.id, chosen.revision
        group = chosen.group_code or ""
        if (refusal := self._withdraw_refusal(chosen)) is not None:
            self.host.say(refusal)  # the service refuses it too; said before asking
            return
        if not confirm_withdraw(self.host, chosen.name, group):
            return

        def withdraw(_job: Any) -> Any:
            # The revision the list showed: a change since is refused as someone else's save.
            return runner.run(withdraw_group_place, referral_id, shown)

        def done(_revision: Any) -> None:
            self.host.say(
                self.tr("%1's place in %2 was withdrawn.")
                .replace("%1", chosen.name)
                .replace("%2", group)
            )
            self.host.reload()

        self.host.say("")
        self.host.busy.run(withdraw, done, on_failure=self.host._failed)

    def _withdraw_refusal(self, chosen: EstablishmentReferral) -> str | None:
        """Why the place of ``chosen`` is not withdrawn (on the programme: deselect first;
        closed: its place is part of its record), or None."""
        who = f"{chosen.name} ({chosen.prison_number})" if chosen.prison_number else chosen.name
        programme = chosen.programme_name or chosen.programme_code
        if chosen.status == ProgrammeReferralStatus.ON_PROGRAMME.value:
            return (
                self.tr(
                    "Withdraw group place: %1 is on %2 in %3. Deselect the referral first "
                    "(Move… to Assessed as suitable or Suitable but not ready to keep it open); "
                    "the place can then be withdrawn."
                )
                .replace("%1", who)
                .replace("%2", programme)
                .replace("%3", chosen.group_code or "")
            )
        if not is_open(chosen.status):
            return (
                self.tr(
                    "Withdraw group place: the referral of %1 to %2 is %3; its place is part of "
                    "the record of how the programme ended and is not withdrawn."
                )
                .replace("%1", who)
                .replace("%2", programme)
                .replace("%3", status_label(chosen.status))
            )
        return None

    def open_completion(self) -> None:
        """Read what the completion rule finds, then offer to confirm it."""
        chosen = self._chosen()
        if chosen is None or not self.manages_places:
            return
        runner, referral_id = self.host.workspace, chosen.id
        heading = f"{chosen.name}: {chosen.programme_name or chosen.programme_code}"
        self.host.say("")
        self.host.busy.run(
            lambda _job: runner.run(completion_for_referral, referral_id),
            lambda found: self._open(
                CompletionDialog(runner, referral_id, heading, found, self.host),
                lambda _revision: self.tr("The programme of %1 is confirmed complete.").replace(
                    "%1", chosen.name
                ),
            ),
            on_failure=self.host._failed,
        )

    def _open(self, dialog: SavingDialog, done: Callable[[Any], str]) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved(result: Any) -> None:
            self.dialog = None
            self.host.say(done(result))
            self.host.reload()

        dialog.saved.connect(saved)
        dialog.rejected.connect(lambda: setattr(self, "dialog", None))
        dialog.open()
