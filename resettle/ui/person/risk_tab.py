"""Risk: OGRS3 inputs and result, scores recorded from other tools, RoSH, the confirmed level,
the case flags that shape recommendations, and the programme pathway (programme needs
identifier) with its items."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.case_flags import CaseFlag
from resettle.domain.case_record import CaseRecord, Ogrs3Inputs
from resettle.domain.ogrs3 import MAX_PREVIOUS_SANCTIONS
from resettle.domain.permissions import Permission
from resettle.domain.record_parts import RecordPart
from resettle.services.case_record import programme_needs, risk
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.date_field import DateField
from resettle.ui.common.labels import label
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.record_writes import Write
from resettle.ui.common.tab_access import TabAccess
from resettle.ui.common.views import note_label, push_button, table_view
from resettle.ui.common.widgets import OptionalSpinBox
from resettle.ui.person.form import Form, model_validator
from resettle.ui.person.form_dialog import FormDialog
from resettle.ui.person.programme_needs_panel import ProgrammeNeedsPanel
from resettle.ui.person.risk_dialogs import ConfirmLevelDialog, RecordScoreDialog, RoshDialog
from resettle.ui.person.risk_models import RecordedScoresModel
from resettle.ui.person.risk_panels import (
    ConfirmedLevelPanel,
    Ogrs3Panel,
    RoshPanel,
    ScoreInUsePanel,
)


class RiskTab(PersonTab):
    ACCESS = TabAccess(edit=Permission.EDIT_RISK)
    TITLE = "Risk"
    edits_parts = (RecordPart.RISK.value,)

    def __init__(self, session: CaseRecordSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.inputs_form = Form(model_validator(Ogrs3Inputs), self)
        self.flags_form = Form(None, self)
        self.programme = ProgrammeNeedsPanel()
        self.programme_form = self.programme.form
        self.dialog: FormDialog | None = None
        #: Prison staff see the risk level in use, not how it was reached (the services do
        #: not return the details to them).
        self.shows_details = session.may(Permission.VIEW_RISK_DETAILS)
        self._build()
        for widget in self.details:
            widget.setVisible(self.shows_details)
        for form in (self.inputs_form, self.flags_form, self.programme_form):
            form.changed.connect(self.notify)

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        inputs = QGroupBox(self.tr("OGRS3 inputs"))
        form = QFormLayout(inputs)
        form.addRow(
            note_label(
                self.tr(
                    "Date of birth, sex, index offence and release date come from the Profile tab."
                )
            )
        )
        form.addRow(self.inputs_form.general_problem)
        self.conviction_date = DateField()
        self.first_sanction_date = DateField()
        self.previous_sanctions = OptionalSpinBox(MAX_PREVIOUS_SANCTIONS)
        f = self.inputs_form
        f.add_row(
            form, "conviction_date", self.tr("Date of current &conviction"), self.conviction_date
        )
        f.add_row(
            form,
            "first_sanction_date",
            self.tr("Date of &first sanction"),
            self.first_sanction_date,
        )
        f.add_row(
            form,
            "previous_sanctions",
            self.tr("Number of &previous sanctions"),
            self.previous_sanctions,
        )

        flags = QGroupBox(self.tr("Case flags"))
        flag_layout = QFormLayout(flags)
        flag_layout.addRow(
            note_label(self.tr("They change which interventions are recommended and how."))
        )
        self.flag_boxes: dict[CaseFlag, QCheckBox] = {}
        boxes = QGridLayout()  # two columns, so the list fits beside the scores
        for index, flag in enumerate(CaseFlag):
            box = QCheckBox(label(flag))
            self.flag_boxes[flag] = box
            self.flags_form.bind(flag.value, box, label(flag))
            boxes.addWidget(box, index // 2, index % 2)
        flag_layout.addRow(boxes)

        self.confirmed = ConfirmedLevelPanel()
        self.confirm_button = push_button(self.tr("Confirm &level…"))
        self.confirm_button.clicked.connect(lambda: self._open(ConfirmLevelDialog))
        self.confirmed.layout_.addWidget(_right(self.confirm_button))

        self.ogrs3 = Ogrs3Panel()
        self.in_use = ScoreInUsePanel()

        recorded = QGroupBox(self.tr("Scores recorded from other tools"))
        self.scores = RecordedScoresModel(self)
        self.scores_table = table_view(self.scores, self.tr("Recorded scores"), stretch_column=4)
        self.scores_table.setMinimumHeight(90)
        self.scores_table.setMaximumHeight(150)
        self.record_score_button = push_button(self.tr("Record a &score…"))
        self.record_score_button.clicked.connect(lambda: self._open(RecordScoreDialog))
        column = QVBoxLayout(recorded)
        column.addWidget(self.scores_table)
        column.addWidget(_right(self.record_score_button))

        self.rosh = RoshPanel()
        self.rosh_button = push_button(self.tr("Record &RoSH…"))
        self.rosh_button.clicked.connect(lambda: self._open(RoshDialog))
        self.rosh.layout().addRow("", _right(self.rosh_button))

        #: Everything but the level in use.
        self.details: tuple[QWidget, ...] = (
            inputs,
            self.ogrs3,
            flags,
            self.confirmed,
            recorded,
            self.rosh,
            self.programme,
        )
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        left = QVBoxLayout()
        for widget in (inputs, self.ogrs3, self.in_use, flags):
            left.addWidget(widget)
        left.addStretch(1)
        right = QVBoxLayout()
        for widget in (self.confirmed, recorded, self.rosh):
            right.addWidget(widget)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.addWidget(self.programme, 1, 0, 1, 2)
        grid.setColumnStretch(0, 11)
        grid.setColumnStretch(1, 9)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _open(self, dialog_class: type[FormDialog]) -> FormDialog:
        self.dialog = dialog_class(self.session, self)
        self.dialog.start()
        return self.dialog

    # --- PersonTab -----------------------------------------------------------------------
    def load(self, record: CaseRecord) -> None:
        self.inputs_form.load(record.risk.inputs.model_dump())
        self.flags_form.load({flag.value: flag in record.flags for flag in CaseFlag})
        self.programme.load(record.risk)  # empty, and no pathway, without risk details
        self._show(record)
        self.notify()

    def refresh(self, record: CaseRecord) -> None:
        if self.dirty:
            self._show(record)
        else:
            self.load(record)

    def _show(self, record: CaseRecord) -> None:
        view = record.risk
        if not self.shows_details:
            self.in_use.show_level_only(view)
            return
        self.in_use.show_view(view)
        self.ogrs3.show_view(view)
        self.confirmed.show_view(view)
        self.scores.set_scores(view.recorded)
        self.rosh.show_view(view)
        self.programme.show_view(view)

    @property
    def dirty(self) -> bool:
        return self.inputs_form.dirty or self.flags_form.dirty or self.programme_form.dirty

    @property
    def valid(self) -> bool:
        return self.inputs_form.valid and self.programme_form.valid

    def reveal_problems(self, focus: bool = True) -> list[str]:
        problems = self.inputs_form.reveal(focus)
        problems += self.programme_form.reveal(focus and not problems)
        return [problem.message for problem in problems]

    def writes(self) -> list[Write]:
        person_id = self.session.person_id
        writes: list[Write] = []
        if self.inputs_form.dirty:
            inputs = self.inputs_form.values()

            def save_inputs(actor: Any, uow: Any, version: int) -> int:
                return risk.save_ogrs3_inputs(actor, uow, person_id, version, inputs)

            writes.append(
                self.session.part_write(
                    self,
                    save_inputs,
                    self.inputs_form.show_problems,
                    part=RecordPart.RISK,
                    saved=self.inputs_form.accept_current,
                )
            )
        if self.flags_form.dirty:
            chosen = [CaseFlag(code) for code, on in self.flags_form.values().items() if on]

            def save_flags(actor: Any, uow: Any, version: int) -> int:
                return risk.set_case_flags(actor, uow, person_id, version, chosen)

            writes.append(
                self.session.part_write(
                    self, save_flags, part=RecordPart.RISK, saved=self.flags_form.accept_current
                )
            )
        if self.programme_form.dirty:
            items = self.programme_form.values()

            def save_programme_needs(actor: Any, uow: Any, version: int) -> int:
                return programme_needs.save_programme_needs(actor, uow, person_id, version, items)

            writes.append(
                self.session.part_write(
                    self,
                    save_programme_needs,
                    self.programme_form.show_problems,
                    part=RecordPart.RISK,
                    saved=self.programme_form.accept_current,
                )
            )
        return writes

    def set_read_only(self, read_only: bool) -> None:
        read_only = read_only or not self.session.may(Permission.EDIT_RISK)
        self.inputs_form.set_read_only(read_only)
        self.flags_form.set_read_only(read_only)
        self.programme_form.set_read_only(read_only)
        for button in (self.confirm_button, self.record_score_button, self.rosh_button):
            button.setEnabled(not read_only)


def _right(button: QPushButton) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addStretch(1)
    row.addWidget(button)
    return holder
