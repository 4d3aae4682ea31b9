"""What the caseload report prints, as plain data (``reports/caseload_report.py`` lays it out).

The report service fills it from the measures and the caseload, already scoped to what the
manager may see and, for a redacted copy, with names cut to initials: the layout never decides
what a reader may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from resettle.domain.charts import BarChartData, TrendData


class ReportJustification(StrEnum):
    """Why a caseload report is printed: it names people in bulk, so printing it is a
    disclosure, audited with one of these (a code: no words are typed)."""

    CASELOAD_MANAGEMENT = "caseload_management"
    SUPERVISION = "supervision"
    PERFORMANCE_REVIEW = "performance_review"
    PARTNERSHIP_BOARD = "partnership_board"
    INSPECTION = "inspection"

    @property
    def label(self) -> str:
        return {
            ReportJustification.CASELOAD_MANAGEMENT: "Managing the team's caseload",
            ReportJustification.SUPERVISION: "Supervision of an officer's cases",
            ReportJustification.PERFORMANCE_REVIEW: "Performance review",
            ReportJustification.PARTNERSHIP_BOARD: "Reducing reoffending partnership board",
            ReportJustification.INSPECTION: "Inspection or audit",
        }[self]


@dataclass(frozen=True)
class MeasureSummary:
    """One measure as the report prints it: its figure, definition, trend and exclusions."""

    #: The official code ("MI014"); "" for a measure of Resettle's own.
    code: str
    name: str
    numerator: int
    #: None for a process measure (a count, no rate).
    denominator: int | None
    excluded: int
    #: Why people are excluded, in words ("unknown, or not yet recorded"); "" for a measure
    #: that excludes no one (a count of today's work).
    excluded_reason: str
    #: The definition as (label, words) lines: cohort, measurement point, numerator, exclusions.
    definition: tuple[tuple[str, str], ...]
    #: The official source and code ("HMPPS Offender Accommodation Outcomes, MI014").
    source: str
    #: The figure in words, as the dashboard says it (``measure_words.figure_words``).
    figure: str
    #: The latest national figure with its year ("84.0% (2024/25)"); None for local measures.
    national: str | None = None
    trend: TrendData | None = None
    breakdown: BarChartData | None = None


@dataclass(frozen=True)
class TableBlock:
    """A table with a heading: per-officer figures, people due for release."""

    heading: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Relative column widths (fractions summing to about 1).
    widths: tuple[float, ...]
    #: Printed on landscape pages (wide tables).
    landscape: bool = False
    #: Said instead of an empty table.
    empty: str = "Nobody to list."


@dataclass(frozen=True)
class CaseloadReport:
    period_from: dt.date
    period_to: dt.date
    #: Whose people, in words ("Bristol North team; HMP Bristol").
    scope: str
    generated_at: dt.datetime
    generated_by: str
    redacted: bool
    key_figures: tuple[MeasureSummary, ...]
    cover_charts: tuple[BarChartData, ...]
    measures: tuple[MeasureSummary, ...]
    officer_tables: tuple[TableBlock, ...]
    releases: TableBlock
