"""The person being worked on: the case record as last read, each part's revision, and every
write.

All tabs share one session. Saves run off the UI thread (``save``, ``write``): the window holds
input while one runs and shows it is busy after 200 ms; a second save is not started until the
first has reported back. A write is one service call (one user action) given the revision of
the part of the record it changes (``RecordPart``: profile, needs, essentials, risk, or one
referral); it returns that part's new revision (or None when the call starts no part, such as
adding a case note or a referral). Saving one part never fails because someone saved another.
What goes wrong is shown the same way everywhere:

- ``ValidationFailed`` (and ``DuplicateRecord``): the problems go back to the caller, which shows
  each under the field it names; nothing was saved.
- ``ConcurrentEdit``: someone else saved the same part since the record was read. The message
  is shown, the user's edits stay on screen, and Reload is offered.
- any other ``DomainError`` (permission, scope, not found): its message in a box. Storage
  failures (database busy, connection lost, ...) arrive here as domain errors too: every
  service call goes through ``Workspace.run``, which translates them.

Every completed save is announced on the application-wide change notice (``changes.py``), once,
naming the person and the parts written. Every other session of the same person (another window,
perhaps of the same officer) then reads the record again in the background: tabs without unsaved
edits show it and this window takes the new revisions of their parts, while a part held by a tab
with unsaved edits, or by an open dialog, keeps the revision it was read at, so saving it is
refused as a real conflict. This window's own earlier save is never reported as someone else's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from resettle.domain.case_record import CaseRecord
from resettle.domain.errors import (
    ConcurrentEdit,
    DomainError,
    DuplicateRecord,
    FieldProblem,
    ValidationFailed,
)
from resettle.domain.permissions import Permission
from resettle.domain.read_only_opening import ReadOnlyBecause, read_only_permissions
from resettle.domain.record_parts import RecordPart
from resettle.domain.staff import Actor
from resettle.services.case_record.read import open_case_record, refresh_case_record
from resettle.services.unit_of_work import UnitOfWork
from resettle.services.workspace import Workspace
from resettle.ui import worker
from resettle.ui.common import messages
from resettle.ui.common.busy import BusyIndicator
from resettle.ui.common.changes import RECORD, Change, change_notice
from resettle.ui.common.record_writes import SaveOutcome, Write, run_writes
from resettle.ui.worker import Job

#: ``action(actor, uow, expected_revision)`` -> the part's new revision, or None if it has none.
WriteAction = Callable[[Actor, UnitOfWork, int], int | None]
ProblemSink = Callable[[list[FieldProblem]], None]


class CaseRecordSession(QObject):
    #: The record was read again after a save; tabs without unsaved edits show it.
    record_changed = Signal(object)
    #: The user chose to reload (after a concurrent edit): every tab shows it, edits dropped.
    reloaded = Signal(object)
    #: A write succeeded (for the status bar).
    saved = Signal()
    #: A save started (True) or ended (False): the window holds input while it runs.
    writing_changed = Signal(bool)
    #: A save of this window completed (a ``Change``, as announced), e.g. Add to plan: the
    #: Plan tab shows the plan it changed.
    changed_here = Signal(object)
    #: The record was changed elsewhere (a ``Change``) and has been read again (after
    #: ``record_changed``): the window says which unsaved edits it kept.
    changed_elsewhere = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        person_id: int,
        parent: QObject | None = None,
        record: CaseRecord | None = None,
    ) -> None:
        """Opens the record (raises DomainError) unless ``record`` was already opened, e.g.
        in the background by the main window."""
        super().__init__(parent)
        self.workspace = workspace
        self.person_id = person_id
        self.record: CaseRecord = (
            workspace.run(open_case_record, person_id) if record is None else record
        )
        #: Opened while the database could not be written (disk full, read-only): the
        #: window stays read-only until it is opened again (``domain/read_only_opening.py``).
        self.read_only_because: ReadOnlyBecause | None = self.record.read_only_because
        self.revisions = self._revisions_of(self.record)
        #: The revisions of the record as last read: what "moved" is measured from (a part
        #: held by unsaved edits keeps an older revision in ``revisions``).
        self._last_read = dict(self.revisions)
        #: The window's busy indicator, lent by the window; saves then run for that window.
        self.busy: BusyIndicator | None = None
        self._writing = False
        self._batch: dict[str, int] = {}
        self._said = ""
        #: The parts the window's tabs hold unsaved edits of (set by the window).
        self.edited_parts: Callable[[], Collection[str]] = lambda: ()
        self._dialog_parts: Counter[str] = Counter()
        self._elsewhere: list[Change] = []
        self._reading_again = False
        change_notice(workspace).changed.connect(self._noticed)

    @property
    def actor(self) -> Actor:
        return self.workspace.actor

    def revision(self, part: str) -> int:
        """The revision of ``part`` this window's next save of it passes."""
        return self.revisions.get(part, 0)

    @staticmethod
    def _revisions_of(record: CaseRecord) -> dict[str, int]:
        return {part.value: record.revision(part) for part in RecordPart} | record.revisions

    def hold(self, part: str | None) -> None:
        """An open dialog edits ``part``: a change made elsewhere does not advance its
        revision here, so the dialog's save is refused rather than overwriting it."""
        if part is not None:
            self._dialog_parts[part] += 1

    def release(self, part: str | None) -> None:
        if part is not None and self._dialog_parts[part]:
            self._dialog_parts[part] -= 1
            if not self._dialog_parts[part]:
                del self._dialog_parts[part]

    def held_parts(self) -> set[str]:
        """The parts with unsaved edits on screen (tabs and open dialogs)."""
        return set(self.edited_parts()) | set(self._dialog_parts)

    @property
    def permissions(self) -> frozenset[Permission]:
        """What the account may do to this person, as the record says (the roles that reach
        them; ``domain/access.permissions_for``), as last read; only the view permissions
        while the record was opened read-only (the database could not be written)."""
        if self.read_only_because is not None:
            return read_only_permissions(self.record.permissions)
        return self.record.permissions

    def may(self, permission: Permission) -> bool:
        return permission in self.permissions

    @property
    def may_preview_plan(self) -> bool:
        """Whether the plan's preview is offered: a role that prints plans, even on a record
        opened read-only (the preview is an audited view; printing from it is then refused
        with the read-only message)."""
        return Permission.PRINT_PLAN in self.record.permissions

    @property
    def can_edit(self) -> bool:
        return self.may(Permission.EDIT_PERSON)

    def read(self, query: Callable[..., Any], *args: Any) -> Any:
        """Run a read-only use case ``query(actor, uow, *args)`` through the workspace."""
        return self.workspace.run(query, *args)

    # --- saving --------------------------------------------------------------------------
    @property
    def writing(self) -> bool:
        """True while a save runs in the background (a second one is not started)."""
        return self._writing

    def part_write(
        self,
        parent: QWidget | None,
        action: WriteAction,
        on_problems: ProblemSink | None = None,
        *,
        part: str | None,
        saved: Callable[[], None] | None = None,
    ) -> Write:
        """One write of ``part`` of the record (None for an addition that starts no part, such
        as a note), given the revision this window holds; ``saved`` runs after it succeeded.
        Refusals are shown as the module docstring says, with ``parent`` as their window."""

        def call() -> int | None:
            new_revision = self.workspace.run(action, self._batch.get(part, 0) if part else 0)
            if part is not None and new_revision is not None:
                self._batch[part] = new_revision
            return new_revision

        def succeeded(new_revision: int | None) -> None:
            if part is not None and new_revision is not None:
                self.revisions[part] = new_revision
            if saved is not None:
                saved()

        return Write(
            call, succeeded, lambda error: self._refused(parent, error, on_problems), part=part
        )

    def batch_revisions(self) -> dict[str, int]:
        """In a write running in a save: the revisions this window holds now, including those
        the writes before it advanced (for a write that changes parts besides its own, as a
        plan save ticking an action linked to an essential does)."""
        return dict(self._batch)

    def batch_advanced(self, revisions: Mapping[str, int]) -> None:
        """In a write running in a save: it advanced these parts too (the writes after it
        pass the new revisions)."""
        self._batch.update(revisions)

    def keep_revisions(self, revisions: Mapping[str, int]) -> None:
        """After a write that advanced these parts besides its own was saved: this window's
        next save of them passes the new revisions (its own save is never someone else's)."""
        self.revisions.update(revisions)

    def write(
        self,
        parent: QWidget | None,
        action: WriteAction,
        on_problems: ProblemSink | None = None,
        *,
        part: str | None,
        then: Callable[[], None] | None = None,
    ) -> bool:
        """Save one part in the background (see :meth:`part_write`), then read the record
        again; ``then`` runs if it was saved. False if another save is still running."""
        return self.save(
            parent, [self.part_write(parent, action, on_problems, part=part, saved=then)]
        )

    def save(
        self,
        owner: QWidget | None,
        writes: Sequence[Write],
        *,
        reread: bool = True,
        done: Callable[[bool], None] | None = None,
    ) -> bool:
        """Run ``writes`` in order off the UI thread, stopping at the first refusal; then, if
        anything was saved and ``reread``, read the record again (``record_changed``).
        ``done(True)`` when all were saved. Returns False, starting nothing, while another save
        runs. The window shows it is busy after 200 ms (when it lent its busy indicator)."""
        if self._writing:
            return False
        self._batch = dict(self.revisions)
        self._set_writing(True)
        reread_record = self._read_again if reread else None

        def arrived(outcome: SaveOutcome) -> None:
            self._set_writing(False)
            self._apply(owner, writes, outcome)
            if done is not None:
                done(outcome.succeeded)

        def failed(error: Exception) -> None:
            self._set_writing(False)
            worker.show_failure(self._owner(owner), error)
            if done is not None:
                done(False)

        self._run(owner, lambda _job: run_writes(writes, reread_record), arrived, failed)
        return True

    def say_saved(self, text: str) -> None:
        """What the save now completing did ("Case reopened", "Added to the plan: ..."), for
        the status bar instead of "Saved."; call from a write's ``saved`` callback."""
        self._said = text

    def take_saved_message(self) -> str:
        """What the last save did (:meth:`say_saved`), once; empty after any other save."""
        said, self._said = self._said, ""
        return said

    def _apply(self, owner: QWidget | None, writes: Sequence[Write], outcome: SaveOutcome) -> None:
        for write, result in zip(writes, outcome.results, strict=False):
            write.saved(result)
        if outcome.results:
            self.saved.emit()
        if outcome.record is not None:
            self._take(outcome.record)
        if outcome.results:
            self._announce(writes[: len(outcome.results)])
        if outcome.refusal is not None:
            refused = writes[len(outcome.results)]
            refused.where()
            refused.refused(outcome.refusal)
        if outcome.reread_failed is not None:
            messages.show_error(
                owner,
                str(outcome.reread_failed),
                self.tr("Saved, but the record could not be read again"),
            )

    def _take(self, record: CaseRecord) -> None:
        """The record read again (after a save, ours or another window's). Tabs without unsaved
        edits show it, so this window takes its revisions of their parts; a part held by unsaved
        edits (a tab or an open dialog) keeps the revision it was read at: if someone else saved
        it meanwhile, our next save of it is refused rather than overwriting. Opening the record
        was audited once; reading it again is not a view."""
        self.record = record
        self._last_read = self._revisions_of(record)
        held = self.held_parts()
        for part, revision in self._revisions_of(record).items():
            if part in held:
                self.revisions.setdefault(part, revision)
            else:
                self.revisions[part] = revision
        self.record_changed.emit(record)

    # --- the change notice ---------------------------------------------------------------
    def _announce(self, saved: Sequence[Write]) -> None:
        parts = {write.part or RECORD for write in saved}
        change = change_notice(self.workspace).announce([self.person_id], parts, origin=self)
        self.changed_here.emit(change)

    def _noticed(self, change: Change) -> None:
        """A write completed somewhere in the app: if it was another's write to this person's
        record, read the record again (once for changes arriving together)."""
        if change.origin is self or not change.concerns(self.person_id):
            return
        self._elsewhere.append(change)
        if not self._reading_again:
            self._read_for_changes()

    def _read_for_changes(self) -> None:
        owner = self._owner_or_none()
        if owner is None:  # a session without a window (tests, tools): nothing shows it
            self._elsewhere.clear()
            return
        changes, self._elsewhere = self._elsewhere, []
        self._reading_again = True

        def arrived(record: CaseRecord) -> None:
            self._reading_again = False
            moved = self._moved_parts(record)
            self._take(record)
            for change in changes:
                seen = _as_seen(change, moved)
                if seen is not None:
                    self.changed_elsewhere.emit(seen)
            if self._elsewhere:  # written while we read: read once more
                self._read_for_changes()

        def failed(error: Exception) -> None:
            self._reading_again = False
            self._elsewhere.clear()
            worker.show_failure(owner, error)

        self._run(owner, lambda _job: self._read_again(), arrived, failed)

    def _moved_parts(self, record: CaseRecord) -> frozenset[str]:
        """The parts whose revision in ``record`` differs from the record as last read (not
        from what this window holds: a part kept stale by unsaved edits after a clash would
        otherwise count as moved at every later read, the user's own saves included)."""
        return frozenset(
            part
            for part, revision in self._revisions_of(record).items()
            if self._last_read.get(part) != revision
        )

    def refresh(self, owner: QWidget | None = None) -> None:
        """Read the record again in the background after a change made elsewhere; tabs without
        unsaved edits show it (``record_changed``), and revisions are kept as after a save."""
        self._run(
            owner,
            lambda _job: self._read_again(),
            self._take,
            None,
        )

    def reload(self, owner: QWidget | None = None) -> None:
        """Read the record again in the background, dropping unsaved edits everywhere
        (``reloaded``; not another view)."""

        def arrived(record: CaseRecord) -> None:
            self.record = record
            self.revisions = self._revisions_of(record)
            self._last_read = dict(self.revisions)
            self.reloaded.emit(record)

        self._run(
            owner,
            lambda _job: self._read_again(),
            arrived,
            None,
        )

    # --- helpers -------------------------------------------------------------------------
    def _read_again(self) -> CaseRecord:
        """The record as saved now, for this window (not audited as another view)."""
        record: CaseRecord = self.workspace.run(refresh_case_record, self.person_id)
        return record

    def _run(
        self,
        owner: QWidget | None,
        work: Callable[[Job], Any],
        arrived: Callable[[Any], None],
        failed: Callable[[Exception], None] | None,
    ) -> None:
        if self.busy is not None:
            self.busy.run(work, arrived, on_failure=failed)
        else:
            worker.run_in_background(self._owner(owner), work, arrived, on_failure=failed)

    def _owner_or_none(self) -> QWidget | None:
        if self.busy is not None:
            return self.busy.window
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _owner(self, owner: QWidget | None) -> QWidget:
        if self.busy is not None:
            return self.busy.window
        if owner is None:
            raise ValueError("a session without a window needs an owner for its work")
        return owner

    def _set_writing(self, writing: bool) -> None:
        self._writing = writing
        self.writing_changed.emit(writing)

    def _refused(
        self, parent: QWidget | None, error: DomainError, on_problems: ProblemSink | None
    ) -> None:
        if isinstance(error, ValidationFailed):
            self._problems(parent, error.problems, on_problems)
        elif isinstance(error, DuplicateRecord):
            problem = FieldProblem(error.field, "duplicate", str(error))
            self._problems(parent, [problem], on_problems)
        elif isinstance(error, ConcurrentEdit):
            if messages.ask_reload(parent, str(error)):
                self.reload(parent)
        else:
            messages.show_error(parent, error)

    @staticmethod
    def _problems(
        parent: QWidget | None, problems: list[FieldProblem], sink: ProblemSink | None
    ) -> None:
        if sink is not None:
            sink(problems)
        else:
            messages.show_error(parent, "\n".join(p.message for p in problems))


def _as_seen(change: Change, moved: frozenset[str]) -> Change | None:
    """A change found in the database (``external``) names the parts whose revision moved;
    when none did (this copy's own save, seen again), there is nothing to say."""
    if not change.external:
        return change
    if not moved:
        return None
    return replace(change, parts=moved)
