"""The Plan tab: build the through-the-gate plan, agree it, issue it, preview and print it.

Edits (add, change, delete, reorder, tick off, suggestions) stay on screen until Save (the
window's Save, Ctrl+S), which writes them in one ``save_plan`` call with the revision the plan
was read at. A refused save names each action at fault and tints its row; if someone else
changed the plan meanwhile, the edits stay on screen and reloading the plan is offered.
Agree… and Issue… act at once on the saved plan. Earlier versions are read-only.

An action linked to an essential, support need or referral shows its status; ticking it here
changes that too, in the same save (``ticked_positions`` says which the officer ticked), and the
Release day, Needs and Aftercare tabs show it when the record is read again after the save.

Another tab of this window that changes the plan (Add to plan) announces it on the change notice
(``session.changed_here``): the tab shows the new plan at once, keeping unsaved edits. A change
made in another window arrives as the record read again (``refresh``): without edits the plan is
read again; with edits they stay, with the revision they were read at.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from resettle.domain import clock
from resettle.domain.case_record import CaseRecord
from resettle.domain.errors import ConcurrentEdit, DomainError, ValidationFailed
from resettle.domain.linked_actions import (
    SourceStatuses,
    action_tick_problems,
    linked_essential,
    linked_status,
    ticked_positions,
    with_linked_statuses,
)
from resettle.domain.permissions import Permission
from resettle.domain.plan import (
    ActionSource,
    ActionStatus,
    PlanAction,
    PlanState,
    PlanVersion,
    only_progress_changed,
    renumber,
)
from resettle.domain.plan_view import PlanView
from resettle.domain.record_parts import RecordPart
from resettle.domain.working_days import release_day_note
from resettle.services.plans import edit, issue, officer_notes, read
from resettle.services.plans.prefill import not_yet_in
from resettle.services.plans.suggestions import suggest_plan_actions
from resettle.ui.common.calendar_labels import release_day_text
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.changes import PLAN, Change
from resettle.ui.common.message_style import Tone, style_banner
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.record_writes import Write
from resettle.ui.common.tab_access import TabAccess
from resettle.ui.plan import messages
from resettle.ui.plan.action_dialog import ActionDialog
from resettle.ui.plan.actions_model import PlanActionsModel
from resettle.ui.plan.actions_view import PlanActionsView
from resettle.ui.plan.agree_dialog import AgreeDialog
from resettle.ui.plan.banner import PlanBanner
from resettle.ui.plan.labels import weekday_mismatch_line
from resettle.ui.plan.officer_notes_box import OfficerNotesBox
from resettle.ui.plan.preview import PlanPreviewDialog
from resettle.ui.plan.suggestions_dialog import SuggestionsDialog, covered_texts
from resettle.ui.plan.tab_controls import PlanControls

_ACTION_FIELD = re.compile(r"^actions\[(\d+)\]")


def _origin(action: PlanAction) -> tuple[object, ...]:
    """What an action is, whatever its position: where it came from and what it says."""
    return (action.source, action.pathway, action.what)


class PlanTab(PersonTab):
    ACCESS = TabAccess(edit=Permission.EDIT_PLAN)
    TITLE = "Plan"
    edits_parts = (PLAN,)

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.plan: PlanView | None = None
        self.shown: PlanVersion | None = None
        self.viewing_earlier = False
        self._saved: tuple[PlanAction, ...] = ()
        self._read_only = not session.may(Permission.EDIT_PLAN)
        self.dialog: QWidget | None = None
        self.preview_dialog: PlanPreviewDialog | None = None
        self._own_write_shown = False
        #: The source of the action another tab changed (Add to plan): selected once the plan
        #: read after that change shows it (``show_item``).
        self._to_select: ActionSource | None = None
        self._build()
        # Loaded by the person window when the tab is first shown (PersonWindow._show_built):
        # reading the plan here too read it twice.
        session.changed_here.connect(self._changed_here)

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        self.banner = PlanBanner()
        self.banner.version_chosen.connect(self.show_version)
        #: A release date on a weekend or bank holiday, with the previous working day.
        self.release_note = QLabel()
        self.release_note.setWordWrap(True)
        self.release_note.setAccessibleName(self.tr("Release day"))
        style_banner(self.release_note, Tone.WARNING)
        self.release_note.hide()
        self.model = PlanActionsModel(self)
        self.model.edited.connect(self._edited)
        self.model.tick_check = self._tick_problems
        self.model.tick_refused.connect(self._tick_refused)
        self.views = PlanActionsView(self.model)
        self.table = self.views.table
        self.timeline = self.views.timeline
        self.views.row_chosen.connect(lambda _row: self._update())
        self.views.open_requested.connect(self._open_row)
        self.views.add_shortcuts(
            [
                (QKeySequence.StandardKey.Delete, self.delete_action),
                ("Ins", self.add_action),
                ("Ctrl+Up", lambda: self.move_action(-1)),
                ("Ctrl+Down", lambda: self.move_action(1)),
                ("Space", self.toggle_done),
            ]
        )
        self.controls = PlanControls(self)
        c = self.controls
        c.add.clicked.connect(self.add_action)
        c.change.clicked.connect(lambda: self.edit_action())
        c.delete.clicked.connect(self.delete_action)
        c.up.clicked.connect(lambda: self.move_action(-1))
        c.down.clicked.connect(lambda: self.move_action(1))
        c.done.clicked.connect(self.toggle_done)
        c.suggest.clicked.connect(self.add_suggestions)
        c.table_view.toggled.connect(lambda on: on and self.show_table())
        c.timeline_view.toggled.connect(lambda on: on and self.show_timeline())
        c.agree.clicked.connect(self.agree)
        c.issue.clicked.connect(self.issue)
        c.preview.clicked.connect(self.preview)
        self.officer_notes = OfficerNotesBox(self.session.may(Permission.VIEW_PLAN_OFFICER_TEXT))
        self.officer_notes.edited.connect(self._edited)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.release_note)
        layout.addLayout(c.edit_row)
        layout.addWidget(self.views, 1)
        layout.addWidget(self.officer_notes)
        layout.addLayout(c.bottom_row)

    # --- state ---------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._actions_dirty or (not self.viewing_earlier and self.officer_notes.dirty)

    @property
    def _actions_dirty(self) -> bool:
        return not self.viewing_earlier and tuple(self.model.actions()) != self._saved

    @property
    def valid(self) -> bool:
        return not self.officer_notes.problems

    def reveal_problems(self, focus: bool = True) -> list[str]:
        problems = self.officer_notes.problems
        self.officer_notes.show_problem("\n".join(problems))
        if problems and focus:
            self.officer_notes.edit.setFocus()
        return problems

    @property
    def editable(self) -> bool:
        return not self._read_only and not self.viewing_earlier

    def selected_row(self) -> int | None:
        return self.views.selected_row()

    def select_row(self, row: int) -> None:
        self.views.select_row(row)

    def show_item(self, part: str, key: object) -> bool:
        """Select the plan action whose source is ``key`` (Add to plan's action): now if it is
        shown, and again once the plan read after that change is shown."""
        if part != PLAN or not isinstance(key, ActionSource):
            return False
        self._to_select = key
        self._select_source(key)
        return True

    def _select_source(self, source: ActionSource) -> bool:
        for row, action in enumerate(self.model.actions()):
            if action.source == source:
                self.select_row(row)
                return True
        return False

    def _select_changed_action(self) -> None:
        """After a plan read again: select the action another tab changed, if it is there."""
        if self._to_select is not None and self._select_source(self._to_select):
            self._to_select = None

    def showEvent(self, event: QShowEvent) -> None:
        """Scroll to the selected action: selected while hidden (Add to plan), it was not."""
        super().showEvent(event)
        self.views.scroll_to_selected()

    def _tick_problems(self, action: PlanAction, status: ActionStatus) -> list[str]:
        """Why the tick cannot be made to the essential the action is linked to (asked at
        the moment of ticking, so Save never refuses it later)."""
        essentials = self.session.record.essentials
        return [p.message for p in action_tick_problems(essentials, action, status, clock.today())]

    def _tick_refused(self, _row: int, action: PlanAction, problems: list[str]) -> None:
        kind = linked_essential(action)
        if kind is None:
            return
        if messages.ask_record_first(self, action.what, kind.label, problems):
            self.go_to.emit(RecordPart.ESSENTIALS.value, kind)

    def _edited(self) -> None:
        self._update()
        self.notify()

    def _update(self) -> None:
        row = self.selected_row()
        plan = self.shown
        self.controls.update(
            editable=self.editable,
            row=row,
            rows=self.model.rowCount(),
            done=row is not None and self.model.action_at(row).status is ActionStatus.DONE,
            can_agree=self._can_agree(),
            can_issue=self._can_issue(),
            can_print=self.session.may_preview_plan,
            state=plan.state if plan else None,
            dirty=self.dirty,
        )
        self.controls.show_counts(self.model.actions())
        note = release_day_text(release_day_note(self.model.release_date))
        self.release_note.setText(note)
        self.release_note.setVisible(bool(note))
        self.banner.show_plan(
            plan,
            self.plan.versions if self.plan else (),
            current=not self.viewing_earlier,
            dirty=self._actions_dirty,  # the notes change no state: the banner is the plan's
            progress_only=self._actions_dirty
            and only_progress_changed(self._saved, self.model.actions()),
            read_only=not self.editable,
            can_print=self.session.may_preview_plan,
            storage_read_only=self.session.read_only_because,
        )
        self.banner.versions.setEnabled(
            not self.dirty and self.plan is not None and len(self.plan.versions) > 1
        )

    def _can_agree(self) -> bool:
        plan = self.shown
        return (
            self.session.may(Permission.AGREE_PLAN)
            and self.editable
            and not self.dirty
            and plan is not None
            and plan.state is PlanState.DRAFT
            and bool(plan.actions)
        )

    def _can_issue(self) -> bool:
        plan = self.shown
        return (
            self.session.may(Permission.AGREE_PLAN)
            and self.editable
            and not self.dirty
            and plan is not None
            and plan.state is PlanState.AGREED
        )

    # --- showing -------------------------------------------------------------------------
    def load(self, record: CaseRecord) -> None:
        """Read the plan again and show its current version, dropping unsaved edits."""
        plan = self._read_plan()
        if plan is not None:
            self._show_plan(plan)

    def _read_plan(self) -> PlanView | None:
        """The plan as stored now; None, with the reason shown, when it cannot be read."""
        try:
            plan: PlanView = self.session.read(read.get_plan, self.session.person_id)
            return plan
        except DomainError as error:
            messages.show_error(self, str(error))
            return None

    def refresh(self, record: CaseRecord) -> None:
        if self.dirty:
            self.model.set_release_date(record.person.profile.release_date)
            self._follow_record(record)
            self._update()
            self.timeline.update()
        else:
            self.load(record)

    def _follow_record(self, record: CaseRecord) -> None:
        """With edits on screen, after a save of the record: the linked actions the officer
        has not ticked take the status the record now gives them; ticks stay."""
        sources = SourceStatuses.of_record(record)
        ticked = ticked_positions(self._saved, self.model.actions())
        self._saved = with_linked_statuses(self._saved, sources)
        for row, action in enumerate(self.model.actions()):
            status = linked_status(action, sources)
            if row not in ticked and status is not None and status is not action.status:
                self.model.replace(row, action.model_copy(update={"status": status}))

    def _changed_here(self, change: Change) -> None:
        """A save of this window completed. If another tab changed the plan (Add to plan),
        read it and show it; this tab's own plan writes have shown theirs already."""
        own, self._own_write_shown = self._own_write_shown, False
        if PLAN not in change.parts or own:
            return
        plan = self._read_plan()
        if plan is not None:
            self.plan_changed_by_another_tab(plan)

    def plan_changed_by_another_tab(self, plan: PlanView) -> None:
        """Another tab of this window changed the plan (Add to plan). Without edits, show it.
        With edits, keep them, add the actions that change brought, and take its revision:
        the officer's own change is never reported as someone else's at the next save."""
        if self.viewing_earlier or not self.dirty:
            self._show_plan(plan)
            return
        before = {_origin(a) for a in self._saved} | {_origin(a) for a in self.model.actions()}
        current = plan.current.actions if plan.current else ()
        self.plan = plan
        self.shown = plan.current
        self._saved = renumber(sorted(current, key=lambda a: a.position))
        self.model.add([a for a in self._saved if _origin(a) not in before])
        self.officer_notes.keep_edits(plan.current.officer_notes if plan.current else "")
        self._select_changed_action()
        self._update()
        self.notify()

    def _show_plan(self, plan: PlanView) -> None:
        self.plan = plan
        self.viewing_earlier = False
        self.shown = plan.current
        actions = plan.current.actions if plan.current else ()
        self._saved = renumber(sorted(actions, key=lambda a: a.position))
        self.model.set_plan(self._saved, plan.release_date)
        self.model.set_editable(self.editable)
        self.officer_notes.show_notes(
            plan.current.officer_notes if plan.current else "",
            editable=self.editable,
            has_plan=plan.current is not None,
        )
        self.officer_notes.show_problem("")
        if self.model.rowCount():
            self.select_row(0)
        self._select_changed_action()
        self._update()
        self.notify()

    def show_version(self, number: int) -> None:
        """Show version ``number`` (read-only unless it is the current one)."""
        if self.plan is None or self.dirty:
            return
        if self.plan.current is not None and number == self.plan.current.version:
            self._show_plan(self.plan)
            return
        try:
            version = self.session.read(read.get_plan_version, self.session.person_id, number)
        except DomainError as error:
            messages.show_error(self, str(error))
            return
        self.viewing_earlier = True
        self.shown = version
        self.model.set_plan(version.actions, self.plan.release_date)
        self.model.set_editable(False)
        self.officer_notes.show_notes(version.officer_notes, editable=False, has_plan=True)
        self._update()

    def show_table(self) -> None:
        self.views.show_table()
        self.controls.table_view.setChecked(True)

    def show_timeline(self) -> None:
        self.views.show_timeline()
        self.controls.timeline_view.setChecked(True)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only or not self.session.may(Permission.EDIT_PLAN)
        self.model.set_editable(self.editable)
        self.officer_notes.set_editable(self.editable, has_plan=self.shown is not None)
        self._update()

    # --- editing -------------------------------------------------------------------------
    def _dates(self) -> tuple:  # (release, sentence)
        plan = self.plan
        return (plan.release_date, plan.sentence_date) if plan else (None, None)

    def add_action(self) -> ActionDialog | None:
        if not self.editable:
            return None
        dialog = ActionDialog(None, *self._dates(), parent=self)
        dialog.accepted.connect(lambda: self.select_row(self.model.add([dialog.action()])))
        return self._open(dialog)

    def edit_action(self, row: int | None = None) -> ActionDialog | None:
        row = self.selected_row() if row is None else row
        if row is None:
            return None
        dialog = ActionDialog(self.model.action_at(row), *self._dates(), parent=self)
        if not self.editable:
            dialog.show_read_only()
        dialog.accepted.connect(lambda: self.editable and self.model.replace(row, dialog.action()))
        return self._open(dialog)

    def _open_row(self, row: int) -> None:
        self.select_row(row)
        self.edit_action(row)

    def delete_action(self) -> None:
        row = self.selected_row()
        if row is None or not self.editable:
            return
        self.model.remove(row)
        if self.model.rowCount():
            self.select_row(min(row, self.model.rowCount() - 1))

    def move_action(self, delta: int) -> None:
        row = self.selected_row()
        if row is None or not self.editable:
            return
        self.select_row(self.model.move(row, delta))

    def toggle_done(self) -> None:
        row = self.selected_row()
        if row is not None and self.editable:
            self.model.toggle_done(row)

    def add_suggestions(self) -> SuggestionsDialog | None:
        if not self.editable:
            return None
        try:
            found = self.session.workspace.run(suggest_plan_actions, self.session.person_id)
        except DomainError as error:
            messages.show_error(self, str(error))
            return None
        fresh = not_yet_in(self.model.actions(), list(found.actions))
        if not fresh:
            messages.show_info(
                self,
                "\n\n".join(
                    [
                        self.tr("Every action the record suggests is already in the plan."),
                        *covered_texts(found.covered),
                    ]
                ),
                self.tr("No suggestions"),
            )
            return None
        dialog = SuggestionsDialog(fresh, self._dates()[0], self, covered=found.covered)
        dialog.accepted.connect(lambda: self.select_row(self.model.add(dialog.chosen())))
        return self._open(dialog)

    def _open(self, dialog: QWidget) -> QWidget:
        self.dialog = dialog
        dialog.open()  # type: ignore[attr-defined]
        return dialog

    # --- saving, agreeing, issuing -------------------------------------------------------
    def writes(self) -> list[Write]:
        if not self.dirty or not self.editable:
            return []
        plan = self.plan
        revision = plan.revision if plan else None
        actions = self.model.actions()
        ticked = ticked_positions(self._saved, actions)
        person_id = self.session.person_id
        session = self.session
        save_actions = self._actions_dirty
        notes = self.officer_notes.text() if self.officer_notes.dirty else None

        def save() -> PlanView:
            """The actions, then the officer-only notes (each its own use case), as one Save."""
            saved: PlanView | None = None
            if save_actions:
                saved = session.workspace.run(
                    edit.save_plan, person_id, revision, actions, ticked, session.batch_revisions()
                )
                session.batch_advanced(saved.record_revisions)
            if notes is not None:
                notes_saved: PlanView = session.workspace.run(
                    officer_notes.save_officer_notes,
                    person_id,
                    saved.revision if saved else revision,
                    {"officer_notes": notes},
                )
                saved = notes_saved.model_copy(
                    update={"record_revisions": saved.record_revisions if saved else {}}
                )
            assert saved is not None  # writes() is empty when nothing changed
            return saved

        return [self._plan_write(save)]

    def _plan_write(
        self, call: Callable[[], PlanView], then: Callable[[PlanView], None] | None = None
    ) -> Write:
        """One plan write, run off the UI thread; the plan it returns is shown, then ``then``
        runs with it. What went wrong is shown as the module docstring says."""

        def saved(plan: PlanView) -> None:
            self.session.keep_revisions(plan.record_revisions)
            self._show_plan(plan)
            self._own_write_shown = True
            if then is not None:
                then(plan)

        return Write(call, saved, self._plan_refused, part=PLAN)

    def _plan_refused(self, error: DomainError) -> None:
        if isinstance(error, ValidationFailed):
            self._refused([(p.field, p.message) for p in error.problems])
        elif isinstance(error, ConcurrentEdit):
            if messages.ask_reload_plan(self, str(error)):
                self.load(self.session.record)
        else:
            messages.show_error(self, str(error))

    def _refused(self, problems: list[tuple[str, str]]) -> None:
        rows: dict[int, list[str]] = {}
        for field, message in problems:
            match = _ACTION_FIELD.match(field)
            if match:
                rows.setdefault(int(match.group(1)), []).append(message)
            if field == "officer_notes":
                self.officer_notes.show_problem(message)
        self.model.set_problems(rows)
        if rows:
            self.select_row(min(rows))
        messages.show_refusal(self, [message for _field, message in problems])

    def agree(self) -> AgreeDialog | None:
        if not self._can_agree() or self.plan is None or self.plan.revision is None:
            return None
        revision = self.plan.revision
        person_id = self.session.person_id
        release = self.model.release_date
        dialog = AgreeDialog(
            self.session.actor.display_name,
            self.model.rowCount(),
            self,
            wrong_weekdays=[
                weekday_mismatch_line(row, action, release)
                for row, action in self.model.wrong_weekday_actions()
            ],
        )

        def submit() -> None:
            values = dialog.values()
            agree = self._plan_write(
                lambda: self.session.workspace.run(edit.agree, person_id, revision, values)
            )
            self.session.save(self, [agree], reread=False)

        dialog.accepted.connect(submit)
        return self._open(dialog)  # type: ignore[return-value]

    def issue(self) -> bool:
        """Ask, then issue the agreed plan off the UI thread and offer its preview; False when
        nothing was started."""
        plan = self.plan
        if not self._can_issue() or plan is None or plan.revision is None:
            return False
        if not messages.confirm_issue(self, plan.person_name, plan.current.version):  # type: ignore[union-attr]
            return False
        revision = plan.revision
        person_id = self.session.person_id

        def offer_preview(issued: PlanView) -> None:
            record = issued.current.issue if issued.current is not None else None
            if record is not None and messages.offer_preview(self, record.snapshot_sha256):
                self.preview()

        write = self._plan_write(
            lambda: self.session.workspace.run(issue.issue, person_id, revision), offer_preview
        )
        return self.session.save(self, [write], reread=False)

    def preview(self) -> PlanPreviewDialog | None:
        if not self.session.may(Permission.PRINT_PLAN):
            return None
        note = self.tr("Unsaved changes are not in it.") if self.dirty else ""
        version = self.shown.version if self.viewing_earlier and self.shown else None
        dialog = PlanPreviewDialog(
            self.session.workspace, self.session.person_id, version, self, note=note
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = dialog
        dialog.start()
        return dialog
