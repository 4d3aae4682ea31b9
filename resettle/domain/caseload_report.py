"""What the caseload report prints, as plain data (``reports/caseload_report.py`` lays it out).

The report service fills it from the measures and the caseload, already scoped to what the
manager may see and, for a redacted copy, with names cut to initials: the layout never decides
what a reader may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from resettle.domain.charts import BarChartData, TrendData


def percent(numerator: int, denominator: int | None) -> str:
    """ "84.0%"; "n/a" where nobody is counted (never a division by zero shown as 0%)."""
    if not denominator:
        return "n/a"
    return f"{100 * numerator / denominator:.1f}%"


@dataclass(frozen=True)
class MeasureSummary:
    """One measure as the report prints it: its figure, definition, trend and exclusions."""

    code: str
    name: str
    numerator: int
    #: None for a process measure (a count, no rate).
    denominator: int | None
    excluded: int
    #: Why people are excluded, in words ("unknown, or not yet recorded").
    excluded_reason: str
    #: The definition as (label, words) lines: cohort, measurement point, numerator, exclusions.
    definition: tuple[tuple[str, str], ...]
    #: The official source and code ("HMPPS Offender Accommodation Outcomes, MI014").
    source: str
    #: The latest national figure with its year ("84.0% (2024/25)"); None for local measures.
    national: str | None = None
    trend: TrendData | None = None
    breakdown: BarChartData | None = None

    @property
    def figure(self) -> str:
        """ "n of d (x%), k unknown excluded" for a rate; the count for a process measure."""
        if self.denominator is None:
            return f"{self.numerator:,}"
        text = (
            f"{self.numerator:,} of {self.denominator:,} "
            f"({percent(self.numerator, self.denominator)})"
        )
        if self.excluded:
            text += f", {self.excluded:,} {self.excluded_reason} excluded"
        return text


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
