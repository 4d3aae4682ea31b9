"""Programmes: the person's programme referrals, each with its history of moves.

Read off the UI thread when the tab loads (the referrals are not part of the case record: a
move never changes the record's revisions). "Refer to a programme…" is shown to referrers;
"Move…" offers only the moves the workflow allows the signed-in account for this person.
Both save at once through their dialogs, after which the list is read again and the tab
says what was done, in the words the Programmes view's Referrals tab uses ("The referral to
Kaizen moved to Awaiting assessment.").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from resettle.domain.case_record import CaseRecord
from resettle.domain.permissions import Permission
from resettle.domain.programme_referrals import ReferralView
from resettle.services.programme_referral_lists import list_person_referrals, referral_choices
from resettle.services.programme_workflow import read_workflow
from resettle.ui import worker
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.referral_move_dialog import (
    CorrectDialog,
    MoveDialog,
    corrected_text,
    ended_group_place,
    moved_text,
)
from resettle.ui.common.tab_access import TabAccess
from resettle.ui.common.views import note_label, push_button, source_row, table_view
from resettle.ui.person.programme_referral_dialogs import ReferDialog
from resettle.ui.person.programme_referral_models import (
    ProgrammeReferralHistoryModel,
    ProgrammeReferralsModel,
    catch_up_words,
)


class ProgrammeReferralsTab(PersonTab):
    # Shown to everyone who sees the record; editable for referrers (Refer) and the programme
    # team (Move, Correct). Move is offered by the moves the workflow leaves open to the
    # account; Correct when the services say the account may correct the last move.
    ACCESS = TabAccess(
        edit=Permission.REFER_TO_PROGRAMMES,
        edit_also=frozenset({Permission.MANAGE_PROGRAMME_REFERRALS}),
    )
    TITLE = "Programme referrals"
    #: The referrals were read (and shown).
    loaded = Signal()

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        #: A referral asked for before the referrals were read (``show_referral``).
        self._wanted = 0
        self.dialog: ReferDialog | MoveDialog | CorrectDialog | None = None
        self._read_only = False
        self._workflow: Any = None
        self._build()

    def _build(self) -> None:
        self.referrals = ProgrammeReferralsModel(self)
        self.table = table_view(self.referrals, self.tr("Programme referrals"), stretch_column=0)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._chosen())
        self.empty = note_label(self.tr("No programme referrals."))
        self.refer_button = push_button(self.tr("&Refer to a programme…"))
        self.refer_button.clicked.connect(self.open_refer)
        self.move_button = push_button(self.tr("&Move…"))
        self.move_button.clicked.connect(self.open_move)
        self.correct_button = push_button(self.tr("&Correct the last move…"))
        self.correct_button.clicked.connect(self.open_correct)
        #: Why no move is offered for the chosen referral (a closed one). The buttons keep
        #: their places as the choice changes: they are disabled, saying why, never hidden.
        self.move_note = note_label("")
        #: For a late joiner: the catch-ups their completion still waits for.
        self.catch_up_note = note_label("")
        self.catch_up_note.setAccessibleName(self.tr("Catch-ups needed"))
        self.catch_up_note.hide()
        #: What the last move or correction made here did, as the Programmes view says it
        #: (cleared when another starts).
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAccessibleName(self.tr("Message"))
        style_banner(self.message, Tone.NOTICE)
        self.message.hide()
        buttons = QHBoxLayout()
        # At the top of the row: a note wrapping onto a second line never moves them.
        for button in (self.refer_button, self.move_button, self.correct_button):
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.move_note, 1)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(buttons)
        column.addWidget(self.message)
        column.addWidget(self.catch_up_note)
        column.addWidget(self.empty)
        column.addWidget(self.table, 1)
        self.history = ProgrammeReferralHistoryModel(self)
        self.history_table = table_view(
            self.history,
            self.tr("Referral history"),
            stretch_column=ProgrammeReferralHistoryModel.NOTES_COLUMN,
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.history_table)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def selected(self) -> ReferralView | None:
        row = source_row(self.table)
        return self.referrals.row_at(row) if row is not None else None

    def _chosen(self) -> None:
        view = self.selected()
        self.history.set_rows(view.timeline() if view else ())
        closed = (
            view is not None
            and self._workflow is not None
            and self._workflow.status(view.status).closed
        )
        may_move = view is not None and bool(view.moves_open)
        self.move_button.setEnabled(may_move)
        self.move_button.setToolTip(self._why_no_move(view, closed) if not may_move else "")
        may_correct = view is not None and view.may_correct_last
        self.correct_button.setEnabled(may_correct)
        self.correct_button.setToolTip("" if may_correct else self._why_no_correction(view))
        self.move_note.setText(self._closed_note(view) if closed and view is not None else "")
        owed = catch_up_words(view) if view is not None else ""
        self.catch_up_note.setText(
            self.tr(
                "%1 — %2. The group held these sessions before they joined; completion "
                "waits for a catch-up of each with its outcome recorded."
            )
            .replace("%1", view.programme_name if view is not None else "")
            .replace("%2", owed)
            if owed
            else ""
        )
        self.catch_up_note.setVisible(bool(owed))

    def _closed_note(self, view: ReferralView) -> str:
        """A closed referral: no move, and how a closing move made by mistake is put right
        (Correct the last move, never a new move or a new referral)."""
        note = self.tr("This referral is closed (%1): no further move is possible.").replace(
            "%1", view.status_label
        )
        if view.may_correct_last:
            mistake = self.tr(
                "If the move to %1 was a mistake, use Correct the last move (not a new referral)."
            )
        else:
            mistake = self.tr(
                "If the move to %1 was a mistake, ask the programme team to correct the last "
                "move (not a new referral)."
            )
        return note + " " + mistake.replace("%1", view.status_label)

    def _why_no_move(self, view: ReferralView | None, closed: bool) -> str:
        if view is None:
            return self.tr("Choose a referral above to move it.")
        if closed:
            return self.tr("This referral is closed: no further move is possible.")
        return self.tr(
            "No move from %1 is open to you: the programme team or the referrer makes the next one."
        ).replace("%1", view.status_label)

    def _why_no_correction(self, view: ReferralView | None) -> str:
        if view is None:
            return self.tr("Choose a referral above to correct its last move.")
        last = view.history[-1] if view.history else None
        if last is None or last.from_status is None:
            return self.tr("There is no move to correct yet: the referral was only made.")
        if last.corrects_id is not None:
            return self.tr("The last move is a correction: a correction is not corrected again.")
        if self._workflow is not None and self._workflow.status(view.status).closed:
            return self.tr(
                "The move to %1 closed the referral: only the programme team may correct it. "
                "If it was a mistake, ask them to use Correct the last move."
            ).replace("%1", view.status_label)
        return self.tr(
            "The last move (to %1) is not one your role may correct: the role that makes that "
            "move corrects it."
        ).replace("%1", view.status_label)

    def reload_referrals(self) -> None:
        """Read the person's referrals (and the workflow's reasons) in the background."""
        session = self.session

        def work(_job: Any) -> tuple[Any, Any]:
            views = session.read(list_person_referrals, session.person_id)
            return views, session.read(read_workflow)

        worker.run_in_background(self, work, self._arrived)

    def show_referral(self, referral_id: int) -> None:
        """Choose the referral (the one double-clicked in the Programmes view): now when the
        referrals are read, else as soon as they arrive."""
        ids = [view.id for view in self.referrals.rows()]
        if referral_id in ids:
            self.table.selectRow(ids.index(referral_id))
            self._wanted = 0
        else:
            self._wanted = referral_id

    def _arrived(self, result: tuple[tuple[ReferralView, ...], Any]) -> None:
        views, self._workflow = result
        chosen = self.selected()
        wanted = self._wanted or (chosen.id if chosen else 0)
        self._wanted = 0
        self.referrals.set_rows(views)
        self.empty.setVisible(not views)
        self.table.setVisible(bool(views))
        self.history_table.setVisible(bool(views))
        row = next((i for i, v in enumerate(views) if v.id == wanted), 0)
        if views:
            self.table.selectRow(row)
        self._chosen()
        self.loaded.emit()

    def open_refer(self) -> None:
        """Read the programmes open to the person, then open the Refer dialog."""
        session = self.session
        worker.run_in_background(
            self,
            lambda _job: session.read(referral_choices, session.person_id),
            self._open_refer,
        )

    def _open_refer(self, choices: Any) -> None:
        dialog = ReferDialog(self.session, choices, self)

        def referred(_id: Any) -> None:
            self._say(
                self.tr(
                    "Referred to %1. The referral is submitted: the programme team assesses "
                    "it next."
                ).replace("%1", dialog.chosen_programme_name())
            )

        dialog.saved.connect(referred)
        self._say("")
        self.dialog = dialog
        dialog.open()

    def open_move(self) -> MoveDialog | None:
        view = self.selected()
        if view is None or not view.moves_open or self._workflow is None:
            return None
        dialog = MoveDialog(self.session.workspace, view, self._workflow, self)
        workflow = self._workflow
        holds_place = any(place.left_at is None for place in view.places)

        def moved(_revision: Any) -> None:
            option = dialog.chosen_move()
            text = moved_text(self._referral_words(view), option)
            if ended_group_place(option, workflow, holds_place):
                text += " " + self.tr(
                    "Their group place has ended: they are back on the waiting list."
                )
            self._say(text)

        dialog.saved.connect(moved)
        self._say("")
        self.dialog = dialog
        dialog.open()
        return dialog

    def _referral_words(self, view: ReferralView) -> str:
        """The referral as this window names it: by its programme (the person is the
        window's)."""
        return self.tr("The referral to %1").replace("%1", view.programme_name)

    def _say(self, text: str) -> None:
        """Say what was done (empty: nothing), then read the referrals again."""
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        self.message.setVisible(bool(text))
        if text:
            self.reload_referrals()

    def open_correct(self) -> CorrectDialog | None:
        view = self.selected()
        if view is None or not view.may_correct_last or self._workflow is None:
            return None
        dialog = CorrectDialog(self.session.workspace, view, self._workflow, self)
        dialog.saved.connect(
            lambda _revision: self._say(
                corrected_text(self._referral_words(view), dialog.back_label)
            )
        )
        self._say("")
        self.dialog = dialog
        dialog.open()
        return dialog

    # --- PersonTab -----------------------------------------------------------------------
    def load(self, record: CaseRecord) -> None:
        self.refer_button.setVisible(Permission.REFER_TO_PROGRAMMES in record.permissions)
        # Shown (enabled or not) to everyone who may move referrals, whatever is chosen.
        self.correct_button.setVisible(
            bool(
                {Permission.REFER_TO_PROGRAMMES, Permission.MANAGE_PROGRAMME_REFERRALS}
                & set(record.permissions)
            )
        )
        self.reload_referrals()

    def refresh(self, record: CaseRecord) -> None:
        self.load(record)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.refer_button.setEnabled(not read_only)
        self._chosen()
