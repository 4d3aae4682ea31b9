"""Table models of the Risk tab: the OGRS3 terms and the scores recorded from other tools."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject

from resettle.domain.ogrs3 import Ogrs3Result
from resettle.domain.recorded_risk import RecordedScore
from resettle.ui.common.labels import date_text, label, percent_text
from resettle.ui.common.rows_model import Column, RowsTableModel


def _tr(text: str) -> str:
    return QCoreApplication.translate("RiskTab", text)


@dataclass(frozen=True)
class TermRow:
    term: str
    read_from: str
    value: float


def term_rows(result: Ogrs3Result) -> list[TermRow]:
    """Every term of T with what it was read from, in words, then the total."""
    inputs = result.inputs
    sanctions = inputs.previous_sanctions
    return [
        TermRow(
            _tr("Age and sex"),
            _tr("%1, age band %2 (aged %3 at release)")
            .replace("%1", label(inputs.sex))
            .replace("%2", result.age_band)
            .replace("%3", str(result.age_at_start)),
            result.age_sex_term,
        ),
        TermRow(
            _tr("Conviction status"),
            _tr("%1 (%2 previous sanctions)")
            .replace("%1", label(result.conviction_status))
            .replace("%2", str(sanctions)),
            result.conviction_status_term,
        ),
        TermRow(
            _tr("Copas rate × 1.25112"),
            _tr("Copas rate %1: ln((1 + %2) / (10 + %3 − %4))")
            .replace("%1", f"{result.copas_rate:.5f}")
            .replace("%2", str(sanctions))
            .replace("%3", str(result.age_at_conviction))
            .replace("%4", str(result.age_at_first_sanction)),
            result.copas_term,
        ),
        TermRow(_tr("Offence category"), label(inputs.offence_category), result.offence_term),
        TermRow(_tr("Total (T)"), _tr("Sum of the terms above"), result.total),
    ]


class Ogrs3TermsModel(RowsTableModel[TermRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(self.tr("Term"), lambda r: r.term),
                Column(self.tr("Read from"), lambda r: r.read_from),
                Column(self.tr("Value"), lambda r: f"{r.value:+.5f}", align_right=True),
            ],
            parent,
        )

    def show_result(self, result: Ogrs3Result | None) -> None:
        self.set_rows(term_rows(result) if result is not None else [])


class RecordedScoresModel(RowsTableModel[RecordedScore]):
    """Scores from OASys and other tools, the most recently assessed first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(self.tr("Tool"), lambda s: label(s.tool)),
                Column(self.tr("Score"), lambda s: percent_text(s.percent), align_right=True),
                Column(self.tr("Level"), lambda s: label(s.band)),
                Column(self.tr("Assessed on"), lambda s: date_text(s.assessed_on)),
                Column(self.tr("Source"), lambda s: s.source),
            ],
            parent,
        )

    def set_scores(self, scores: Sequence[RecordedScore]) -> None:
        self.set_rows(sorted(scores, key=lambda s: s.assessed_on, reverse=True))
