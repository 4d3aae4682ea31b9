"""The person being worked on: the case record as last read, its version, and every write.

All tabs share one session. A write is one service call (one user action) given the record's
version; it returns the new version (or None when the call does not change it, such as adding a
case note). What goes wrong is shown the same way everywhere:

- ``ValidationFailed`` (and ``DuplicateRecord``): the problems go back to the caller, which shows
  each under the field it names; nothing was saved.
- ``ConcurrentEdit``: someone else saved since the record was read. The message is shown, the
  user's edits stay on screen, and Reload is offered.
- any other ``DomainError`` (permission, scope, not found): its message in a box.
"""

from __future__ import annotations

from collections.abc import Callable
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
from resettle.domain.permissions import Permission, has_permission
from resettle.domain.staff import Actor
from resettle.services.case_record.read import open_case_record, refresh_case_record
from resettle.services.unit_of_work import UnitOfWork
from resettle.services.workspace import Workspace
from resettle.ui.person import messages

#: ``action(actor, uow, expected_version)`` -> the record's new version, or None if unchanged.
WriteAction = Callable[[Actor, UnitOfWork, int], int | None]
ProblemSink = Callable[[list[FieldProblem]], None]


class CaseRecordSession(QObject):
    #: The record was read again after a save; tabs without unsaved edits show it.
    record_changed = Signal(object)
    #: The user chose to reload (after a concurrent edit): every tab shows it, edits dropped.
    reloaded = Signal(object)
    #: A write succeeded (for the status bar).
    saved = Signal()

    def __init__(self, workspace: Workspace, person_id: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.person_id = person_id
        self.record: CaseRecord = workspace.run(open_case_record, person_id)
        self.version = self.record.version

    @property
    def actor(self) -> Actor:
        return self.workspace.actor

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
        refresh: bool = True,
    ) -> bool:
        """Run one write; True when it was saved. See the module docstring for failures."""
        try:
            new_version = self.workspace.run(action, self.version)
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
        if new_version is not None:
            self.version = new_version
        self.saved.emit()
        if refresh:
            self.refresh()
        return True

    def refresh(self) -> CaseRecord:
        """Read the record again after our own save. The version is the one our save returned:
        if someone else saved in between, our next save is refused rather than overwriting.
        Opening the record was audited once; reading it again for this window is not a view."""
        self.record = self.workspace.run(refresh_case_record, self.person_id)
        self.record_changed.emit(self.record)
        return self.record

    def reload(self) -> CaseRecord:
        """Read the record again, dropping unsaved edits everywhere (not another view)."""
        self.record = self.workspace.run(refresh_case_record, self.person_id)
        self.version = self.record.version
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
