"""The person being worked on: the case record as last read, each part's revision, and every
write.

All tabs share one session. A write is one service call (one user action) given the revision of
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
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from resettle.domain.case_record import CaseRecord, RecordPart
from resettle.domain.errors import (
    ConcurrentEdit,
    DomainError,
    DuplicateRecord,
    FieldProblem,
    ValidationFailed,
)
from resettle.domain.permissions import Permission, has_permission
from resettle.domain.staff import Actor
from resettle.services.case_record.read import open_case_record, refresh_case_record
from resettle.services.unit_of_work import UnitOfWork
from resettle.services.workspace import Workspace
from resettle.ui.common import messages

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
        self.revisions = self._revisions_of(self.record)

    @property
    def actor(self) -> Actor:
        return self.workspace.actor

    def revision(self, part: str) -> int:
        """The revision of ``part`` this window's next save of it passes."""
        return self.revisions.get(part, 0)

    @staticmethod
    def _revisions_of(record: CaseRecord) -> dict[str, int]:
        return {part.value: record.revision(part) for part in RecordPart} | record.revisions

    def may(self, permission: Permission) -> bool:
        return has_permission(self.actor, permission)

    @property
    def can_edit(self) -> bool:
        return self.may(Permission.EDIT_PERSON)

    def read(self, query: Callable[..., Any], *args: Any) -> Any:
        """Run a read-only use case ``query(actor, uow, *args)`` through the workspace."""
        return self.workspace.run(query, *args)

    def write(
        self,
        parent: QWidget | None,
        action: WriteAction,
        on_problems: ProblemSink | None = None,
        *,
        part: str | None,
        refresh: bool = True,
    ) -> bool:
        """Run one write of ``part`` (None for an addition that starts no part, such as a
        note); True when it was saved. See the module docstring for failures."""
        try:
            new_revision = self.workspace.run(action, self.revision(part) if part else 0)
        except ValidationFailed as failed:
            self._problems(parent, failed.problems, on_problems)
            return False
        except DuplicateRecord as duplicate:
            problem = FieldProblem(duplicate.field, "duplicate", str(duplicate))
            self._problems(parent, [problem], on_problems)
            return False
        except ConcurrentEdit as conflict:
            if messages.ask_reload(parent, str(conflict)):
                self.reload()
            return False
        except DomainError as error:
            messages.show_error(parent, error)
            return False
        if part is not None and new_revision is not None:
            self.revisions[part] = new_revision
        self.saved.emit()
        if refresh:
            self.refresh()
        return True

    def refresh(self) -> CaseRecord:
        """Read the record again after our own save. Each part keeps the revision our own saves
        returned: if someone else saved that part in between, our next save of it is refused
        rather than overwriting. Parts new to this window (a referral just added) are taken
        as read.
        Opening the record was audited once; reading it again for this window is not a view."""
        self.record = self.workspace.run(refresh_case_record, self.person_id)
        for part, revision in self.record.revisions.items():
            self.revisions.setdefault(part, revision)
        self.record_changed.emit(self.record)
        return self.record

    def reload(self) -> CaseRecord:
        """Read the record again, dropping unsaved edits everywhere (not another view)."""
        self.record = self.workspace.run(refresh_case_record, self.person_id)
        self.revisions = self._revisions_of(self.record)
        self.reloaded.emit(self.record)
        return self.record

    @staticmethod
    def _problems(
        parent: QWidget | None, problems: list[FieldProblem], sink: ProblemSink | None
    ) -> None:
        if sink is not None:
            sink(problems)
        else:
            messages.show_error(parent, "\n".join(p.message for p in problems))
