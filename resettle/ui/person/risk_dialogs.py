"""Dialogs of the Risk tab: record a score, record RoSH, confirm the risk level."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit, QWidget

from resettle.domain import clock
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.record_parts import RecordPart
from resettle.domain.recorded_risk import (
    RecordedScore,
    RiskConfirmationInput,
    RoshAssessment,
    RoshGroup,
    ScoreInUse,
    ScoreTool,
    confirm_risk_level,
)
from resettle.domain.risk import RiskLevel
from resettle.services.case_record import risk
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import label
from resettle.ui.common.widgets import ChoiceCombo, OptionalPercentBox, plain_text_edit
from resettle.ui.person.form import model_validator
from resettle.ui.person.form_dialog import FormDialog


def _tr(text: str) -> str:
    """For text needed before ``super().__init__``."""
    return QCoreApplication.translate("RiskDialogs", text)


def _levels(none_text: str | None) -> ChoiceCombo:
    combo = ChoiceCombo()
    combo.set_choices(((level, label(level)) for level in RiskLevel), none_text)
    return combo


def _source(default: str) -> QLineEdit:
    edit = QLineEdit(default)
    edit.setMaxLength(200)
    return edit


class RecordScoreDialog(FormDialog):
    part = RecordPart.RISK

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(
            session,
            _tr("Record a score"),
            model_validator(RecordedScore),
            parent,
            ok_text=_tr("&Record score"),
            intro=_tr(
                "A score from OASys or another tool. For OGRS3 and OVP give the 2-year "
                "percentage; an official OGRS3 takes precedence over the computed one."
            ),
        )
        self.tool = ChoiceCombo()
        self.tool.set_choices((tool, label(tool)) for tool in ScoreTool)
        self.percent = OptionalPercentBox()
        self.level = _levels(self.tr("Not recorded"))
        self.assessed_on = DateField(required=True)
        self.source = _source("OASys")
        self.add_row("tool", self.tr("&Tool"), self.tool)
        self.add_row("percent", self.tr("Score (&%)"), self.percent)
        self.add_row("level", self.tr("&Level"), self.level)
        self.add_row("assessed_on", self.tr("&Assessed on"), self.assessed_on)
        self.add_row("source", self.tr("&Source"), self.source)

    def write(self, values: dict[str, Any]) -> Callable[..., int | None]:
        person_id = self.session.person_id
        return lambda actor, uow, v: risk.record_score(actor, uow, person_id, v, values)

    def start(self, values: dict[str, Any] | None = None) -> None:
        super().start({"assessed_on": clock.today(), "source": "OASys", **(values or {})})


class RoshDialog(FormDialog):
    part = RecordPart.RISK

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(
            session,
            _tr("Record risk of serious harm"),
            model_validator(RoshAssessment),
            parent,
            ok_text=_tr("&Record RoSH"),
            intro=_tr("Levels per group from the latest RoSH assessment."),
        )
        captions = {
            RoshGroup.CHILDREN: self.tr("&Children"),
            RoshGroup.PUBLIC: self.tr("The &public"),
            RoshGroup.KNOWN_ADULT: self.tr("A &known adult"),
            RoshGroup.STAFF: self.tr("S&taff"),
            RoshGroup.PRISONERS: self.tr("P&risoners (in custody)"),
        }
        for group, caption in captions.items():
            self.add_row(
                group.value,
                caption,
                _levels(self.tr("Not assessed")),
                self.tr("Risk to %1").replace("%1", caption.replace("&", "").lower()),
            )
        self.add_row("assessed_on", self.tr("&Assessed on"), DateField(required=True))
        self.add_row("source", self.tr("&Source"), _source("OASys"))

    def write(self, values: dict[str, Any]) -> Callable[..., int | None]:
        person_id = self.session.person_id
        return lambda actor, uow, v: risk.record_rosh(actor, uow, person_id, v, values)

    def start(self, values: dict[str, Any] | None = None) -> None:
        current = self.session.record.risk.rosh
        start = current.model_dump() if current else {}
        start.update({"assessed_on": clock.today(), "source": "OASys", **(values or {})})
        super().start(start)


class ConfirmLevelDialog(FormDialog):
    """The officer's risk level; a reason is required when it differs from the score's band."""

    part = RecordPart.RISK

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        in_use = session.record.risk.in_use
        band = (
            _tr("The score in use puts this person at %1.").replace("%1", label(in_use.band))
            if in_use.band is not None
            else _tr("There is no score in use yet.")
        )
        super().__init__(
            session,
            _tr("Confirm risk level"),
            _confirmation_validator(in_use, session.actor.display_name),
            parent,
            ok_text=_tr("&Confirm level"),
            intro=band + " " + _tr("Give a reason if you choose a different level."),
        )
        self.add_row("level", self.tr("Risk &level"), _levels(None))
        self.add_row("reason", self.tr("&Reason"), plain_text_edit(self.tr("Reason"), 90))

    def write(self, values: dict[str, Any]) -> Callable[..., int | None]:
        person_id = self.session.person_id
        return lambda actor, uow, v: risk.confirm_risk(actor, uow, person_id, v, values)

    def start(self, values: dict[str, Any] | None = None) -> None:
        view = self.session.record.risk
        level = view.confirmed.level if view.confirmed else view.in_use.band or RiskLevel.LOW
        super().start({"level": level, "reason": "", **(values or {})})


def _confirmation_validator(
    in_use: ScoreInUse, who: str
) -> Callable[[dict[str, Any]], list[FieldProblem]]:
    plain = model_validator(RiskConfirmationInput)

    def check(data: dict[str, Any]) -> list[FieldProblem]:
        problems = plain(data)
        if problems:
            return problems
        try:
            confirm_risk_level(
                RiskConfirmationInput.model_validate(data),
                in_use,
                confirmed_by=who,
                confirmed_at=dt.datetime.now(dt.UTC),
            )
        except ValidationFailed as failed:
            return list(failed.problems)
        return []

    return check
