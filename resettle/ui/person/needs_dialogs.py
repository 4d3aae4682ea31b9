"""Dialogs of the Needs tab: add a support need from the catalogue, change its status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QWidget

from resettle.domain.case_record import SupportNeedView
from resettle.domain.catalogue import SupportNeedCatalogue
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.needs import (
    DETAIL_MAX,
    SupportNeedInput,
    SupportNeedStatus,
    change_support_need_status,
    check_support_need,
)
from resettle.domain.pathways import Pathway
from resettle.domain.record_parts import RecordPart
from resettle.services.case_record import needs
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.labels import label
from resettle.ui.common.views import value_label
from resettle.ui.common.widgets import ChoiceCombo, plain_text_edit
from resettle.ui.person.form_dialog import FormDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("NeedsDialogs", text)


def _statuses() -> ChoiceCombo:
    combo = ChoiceCombo()
    combo.set_choices((status, label(status)) for status in SupportNeedStatus)
    return combo


class AddSupportNeedDialog(FormDialog):
    part = RecordPart.NEEDS

    def __init__(
        self,
        session: CaseRecordSession,
        catalogue: SupportNeedCatalogue,
        pathway: Pathway,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            session,
            _tr("Add a support need: %1").replace("%1", label(pathway)),
            None,
            parent,
            ok_text=_tr("&Add support need"),
        )
        self.catalogue = catalogue
        self.pathway = pathway
        self.form.validator = self._check
        taken = {
            s.code
            for s in session.record.need_for(pathway).support_needs
            if not (entry := catalogue.get(s.code)) or not entry.needs_detail
        }
        self.code = ChoiceCombo(long_items=True)
        self.code.set_choices(
            (
                (entry.code, f"{entry.section} — {entry.label}" if entry.section else entry.label)
                for entry in catalogue.for_pathway(pathway)
                if entry.code not in taken
            ),
            self.tr("Choose a support need"),
        )
        self.detail = QLineEdit()
        self.detail.setMaxLength(DETAIL_MAX)
        self.detail.setPlaceholderText(self.tr("Required for “Other” needs"))
        self.add_row("code", self.tr("&Support need"), self.code)
        self.add_row("detail", self.tr("&Details"), self.detail)
        self.add_row("status", self.tr("S&tatus"), _statuses())
        self.add_row("note", self.tr("&Note"), plain_text_edit(self.tr("Note"), 60))

    def _check(self, data: dict[str, Any]) -> list[FieldProblem]:
        if data.get("code") is None:
            return [FieldProblem("code", "required", _tr("Support need: choose one"))]
        try:
            chosen = SupportNeedInput.model_validate(
                {"code": data["code"], "detail": data.get("detail", "")}
            )
            check_support_need(chosen, self.catalogue)
        except ValidationFailed as failed:
            return list(failed.problems)
        except ValueError as error:  # pydantic: detail too long
            return [FieldProblem("detail", "invalid", f"{_tr('Details')}: {error}")]
        return []

    def write(self, values: dict[str, Any]) -> Callable[..., int | None]:
        person_id = self.session.person_id
        data = {"code": values["code"], "detail": values["detail"]}
        status, note = values["status"], values["note"]
        return lambda actor, uow, v: needs.add_support_need(
            actor, uow, person_id, v, data, status=status, note=note
        )

    def start(self, values: dict[str, Any] | None = None) -> None:
        super().start({"status": SupportNeedStatus.NOT_STARTED, **(values or {})})


class ChangeSupportStatusDialog(FormDialog):
    part = RecordPart.NEEDS

    def __init__(
        self, session: CaseRecordSession, need: SupportNeedView, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            session,
            _tr("Change status: %1").replace("%1", need.label),
            None,
            parent,
            ok_text=_tr("&Change status"),
        )
        self.need = need
        self.form.validator = self._check
        self.add_text_row(
            self.tr("Now:"), value_label(label(need.status), self.tr("Current status"))
        )
        self.add_row("status", self.tr("&New status"), _statuses())
        self.add_row("note", self.tr("&Note"), plain_text_edit(self.tr("Note"), 60))

    def _check(self, data: dict[str, Any]) -> list[FieldProblem]:
        try:
            change_support_need_status(
                self.need.status,
                data["status"],
                changed_by=self.session.actor.display_name,
                changed_at=dt.datetime.now(dt.UTC),
                note=data.get("note", ""),
            )
        except ValidationFailed as failed:
            return list(failed.problems)
        return []

    def write(self, values: dict[str, Any]) -> Callable[..., int | None]:
        need_id = self.need.id
        status, note = values["status"], values["note"]
        return lambda actor, uow, v: needs.set_support_need_status(
            actor, uow, need_id, v, status, note
        )

    def start(self, values: dict[str, Any] | None = None) -> None:
        following = {
            SupportNeedStatus.NOT_STARTED: SupportNeedStatus.IN_PROGRESS,
            SupportNeedStatus.IN_PROGRESS: SupportNeedStatus.MET,
        }.get(self.need.status, SupportNeedStatus.IN_PROGRESS)
        super().start({"status": following, **(values or {})})
