"""Read-only panels of the Risk tab: OGRS3 with every term, the score in use, RoSH, the level."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from resettle.domain.case_record import RiskView
from resettle.domain.ogrs3 import PROVENANCE
from resettle.domain.recorded_risk import RoshGroup, ScoreSource
from resettle.ui.common.labels import date_text, label, percent_text, when_text
from resettle.ui.common.views import note_label, table_view, value_label
from resettle.ui.person.risk_models import Ogrs3TermsModel


def _form(box: QGroupBox) -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
    return form


class Ogrs3Panel(QGroupBox):
    """The indicative OGRS3: each term and what it was read from, or why it cannot be scored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("OGRS3 reconviction score (indicative)"))
        self.setToolTip(PROVENANCE)
        self.terms = Ogrs3TermsModel(self)
        self.table = table_view(self.terms, self.tr("OGRS3 terms"), stretch_column=1)
        self.one_year = value_label(accessible_name=self.tr("1-year reconviction"))
        self.two_year = value_label(accessible_name=self.tr("2-year reconviction"))
        self.band = value_label(accessible_name=self.tr("OGRS3 band"), rich=True)
        self.notes = note_label()
        self.not_scored = value_label(
            accessible_name=self.tr("Why OGRS3 cannot be scored"), rich=True
        )
        self.summary = QWidget()
        summary = QFormLayout(self.summary)
        summary.setContentsMargins(0, 0, 0, 0)
        summary.addRow(self.tr("1-year reconviction:"), self.one_year)
        summary.addRow(self.tr("2-year reconviction:"), self.two_year)
        summary.addRow(self.tr("Band (2-year):"), self.band)
        layout = QVBoxLayout(self)
        layout.addWidget(
            note_label(
                self.tr(
                    "Computed here from the published formula: an official OGRS3 recorded "
                    "from OASys takes precedence."
                )
            )
        )
        layout.addWidget(self.not_scored)
        layout.addWidget(self.table)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)

    def show_view(self, view: RiskView) -> None:
        result = view.ogrs3
        self.terms.show_result(result)
        scored = result is not None
        self.table.setVisible(scored)
        self.summary.setVisible(scored)
        self.not_scored.setVisible(not scored)
        if result is None:
            reasons = "".join(f"<li>{_escape(reason)}</li>" for reason in view.ogrs3_not_scored)
            self.not_scored.setText(
                self.tr("Cannot be scored yet:") + f"<ul style='margin-left:-20px'>{reasons}</ul>"
            )
            self.notes.setText("")
            self.notes.hide()
            return
        rows = self.terms.rowCount()
        self.table.setFixedHeight(
            self.table.horizontalHeader().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
            + 2 * self.table.frameWidth()
        )
        self.one_year.setText(
            self.tr("%1% (probability %2)")
            .replace("%1", str(result.one_year_percent))
            .replace("%2", f"{result.one_year_probability:.5f}")
        )
        self.two_year.setText(
            self.tr("%1% (probability %2)")
            .replace("%1", str(result.two_year_percent))
            .replace("%2", f"{result.two_year_probability:.5f}")
        )
        self.band.setText(f"<b>{label(result.band)}</b>")
        self.notes.setText(" ".join(label(note) for note in result.notes))
        self.notes.setVisible(bool(result.notes))


class ScoreInUsePanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Score in use"))
        self.source = value_label(accessible_name=self.tr("Score in use"), wrap=False)
        self.score = value_label(
            accessible_name=self.tr("Score in use: 2-year percentage"), rich=True, wrap=False
        )
        self.reasons = note_label()
        form = _form(self)
        form.addRow(self.tr("Source:"), self.source)
        self.score_caption = QLabel(self.tr("2-year score:"))
        form.addRow(self.score_caption, self.score)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.reasons)

    def show_level_only(self, view: RiskView) -> None:
        """For an account that may not see risk details (prison staff): the level, and why
        there is no score, in words (not the dashes of a score never recorded)."""
        self.source.setText(label(view.in_use.source))
        self.score_caption.setText(self.tr("Risk level:"))
        if view.in_use.band is None:
            self.score.setText(self.tr("None"))
        else:
            self.score.setText(
                self.tr("<b>%1</b> (score hidden for your role)").replace(
                    "%1", label(view.in_use.band)
                )
            )
        self.score.setAccessibleName(self.tr("Risk level"))
        self.reasons.setText("")

    def show_view(self, view: RiskView) -> None:
        in_use = view.in_use
        source = label(in_use.source)
        if in_use.source is ScoreSource.RECORDED_OGRS3 and in_use.recorded is not None:
            source += (
                self.tr(" (assessed %1, %2)")
                .replace("%1", date_text(in_use.assessed_on))
                .replace("%2", in_use.recorded.source)
            )
        self.source.setText(source)
        if in_use.band is None and in_use.two_year_percent is None:
            self.score.setText(self.tr("None"))
        else:
            self.score.setText(
                f"{percent_text(in_use.two_year_percent)} — <b>{label(in_use.band)}</b>"
            )
        self.reasons.setText(" ".join(label(reason) for reason in in_use.reasons))


class ConfirmedLevelPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Confirmed risk level"))
        self.level = value_label(
            accessible_name=self.tr("Confirmed risk level"), rich=True, wrap=False
        )
        self.by = value_label(accessible_name=self.tr("Confirmed by"), wrap=False)
        self.reason = value_label(accessible_name=self.tr("Reason for the level"))
        self.form = _form(self)
        self.form.addRow(self.tr("Level:"), self.level)
        self.form.addRow(self.tr("Confirmed by:"), self.by)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.reason)

    def show_view(self, view: RiskView) -> None:
        confirmed = view.confirmed
        if confirmed is None:
            self.level.setText(self.tr("Not confirmed yet"))
            self.by.setText("—")
            self.reason.setText("")
            self.reason.hide()
            return
        text = f"<b>{label(confirmed.level)}</b>"
        if confirmed.differs_from_score:
            text += self.tr(" (the score in use then was %1)").replace(
                "%1", label(confirmed.score_band).lower()
            )
        self.level.setText(text)
        self.by.setText(
            self.tr("%1 on %2")
            .replace("%1", confirmed.confirmed_by)
            .replace("%2", when_text(confirmed.confirmed_at))
        )
        self.reason.setText(self.tr("Reason: %1").replace("%1", confirmed.reason))
        self.reason.setVisible(bool(confirmed.reason))


class RoshPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Risk of serious harm (RoSH)"))
        self.levels: dict[RoshGroup, QLabel] = {}
        layout = _form(self)
        captions = {
            RoshGroup.CHILDREN: self.tr("Children:"),
            RoshGroup.PUBLIC: self.tr("The public:"),
            RoshGroup.KNOWN_ADULT: self.tr("A known adult:"),
            RoshGroup.STAFF: self.tr("Staff:"),
            RoshGroup.PRISONERS: self.tr("Prisoners:"),
        }
        for group, caption in captions.items():
            self.levels[group] = value_label(
                accessible_name=self.tr("RoSH: %1").replace("%1", caption.rstrip(":")),
                wrap=False,
            )
            layout.addRow(caption, self.levels[group])
        self.assessed = value_label(accessible_name=self.tr("RoSH assessed"), wrap=False)
        layout.addRow(self.tr("Assessed:"), self.assessed)
        self.setLayout(layout)

    def show_view(self, view: RiskView) -> None:
        rosh = view.rosh
        for group, value in self.levels.items():
            level = rosh.level_for(group) if rosh else None
            value.setText(label(level) if level else self.tr("Not assessed"))
        if rosh is None:
            self.assessed.setText(self.tr("No RoSH recorded"))
        else:
            overall = rosh.highest
            self.assessed.setText(
                self.tr("%1 (%2); overall %3")
                .replace("%1", date_text(rosh.assessed_on))
                .replace("%2", rosh.source)
                .replace("%3", label(overall).lower() if overall else "—")
            )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
