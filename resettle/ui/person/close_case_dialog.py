"""Closing a case: a reason (licence ended, transferred out, died, other with words) and
Close case, saved in the background through the person window's session."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QWidget

from resettle.domain import clock
from resettle.domain.case_status import (
    OTHER_REASON_MAX,
    CaseClosureInput,
    ClosureReason,
    closure_problems,
)
from resettle.domain.errors import FieldProblem
from resettle.services.case_status import close_case
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.changes import CASE_STATUS
from resettle.ui.common.labels import label
from resettle.ui.common.widgets import ChoiceCombo
from resettle.ui.person.form import model_validator
from resettle.ui.person.form_dialog import FormDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("CloseCaseDialog", text)


class CloseCaseDialog(FormDialog):
    #: Named for the change notice (closing has no revision of its own).
    part = CASE_STATUS

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(
            session,
            _tr("Close case"),
            self._problems,
            parent,
            ok_text=_tr("&Close case"),
            intro=_tr(
                "The case leaves the caseload; it can still be found with \u201cShow closed "
                "cases\u201d and reopened."
            ),
        )
        self.reason = ChoiceCombo()
        self.reason.set_choices(
            ((r, label(r)) for r in ClosureReason), self.tr("Choose a reason\u2026")
        )
        self.other_reason = QLineEdit()
        self.other_reason.setMaxLength(OTHER_REASON_MAX)
        self.other_reason.setPlaceholderText(self.tr("Say why the case ends"))
        self.add_row("reason", self.tr("&Reason"), self.reason)
        self.add_row("other_reason", self.tr("&Other reason"), self.other_reason)
        self.reason.value_changed.connect(self._reason_changed)
        self._reason_changed()

    def _problems(self, values: dict[str, Any]) -> list[FieldProblem]:
        """The model's problems, and "licence ended" before the person is released or while
        the licence end date is still to come."""
        found = model_validator(CaseClosureInput)(values)
        reason = values.get("reason")
        if isinstance(reason, ClosureReason):
            profile = self.session.record.person.profile
            found += closure_problems(
                reason, profile.release_date, clock.today(), profile.licence_end_date
            )
        return found

    def closed_text(self) -> str:
        """For the status bar once closed: "Case closed (Licence ended)"."""
        reason = self.reason.value()
        return self.tr("Case closed (%1)").replace("%1", label(reason) if reason else "")

    def _reason_changed(self) -> None:
        self.other_reason.setEnabled(self.reason.value() is ClosureReason.OTHER)

    def write(self, values: dict[str, Any]) -> Any:
        person_id = self.session.person_id

        def action(actor: Any, uow: Any, _revision: int) -> None:
            close_case(actor, uow, person_id, values)

        return action
