"""What a chart shows, as plain data: drawn on screen (``ui/common/bar_chart.py``) and in a PDF
(``reports/charts.py``) from the same figures, and read as a table by anyone who cannot see it.

A bar chart has categories along one axis (weeks, readiness bands, check points) and one or
more series; with ``stacked`` the series of a category sit on top of each other (outcomes by
category), without it they stand side by side. Every bar may carry a *drill key*: the name of
the people behind that figure, which the dashboard opens in the caseload. A trend is one
measure's value per period, with gaps where there is nothing to measure.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BarSeries:
    name: str
    values: tuple[int, ...]
    #: One per value: what to open when the bar is chosen (None: nothing behind it).
    drill_keys: tuple[str | None, ...] = ()

    def key_at(self, index: int) -> str | None:
        return self.drill_keys[index] if index < len(self.drill_keys) else None


@dataclass(frozen=True)
class BarChartData:
    title: str
    categories: tuple[str, ...]
    series: tuple[BarSeries, ...]
    stacked: bool = False
    #: What the numbers count ("people", "releases").
    value_label: str = "people"
    #: What the categories are ("Week", "Readiness"): the table alternative's first heading.
    category_label: str = ""

    def __post_init__(self) -> None:
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"series {series.name!r} has {len(series.values)} values for "
                    f"{len(self.categories)} categories"
                )

    @property
    def largest(self) -> int:
        """The tallest bar (the stack's total when stacked), at least 1 for an empty chart."""
        if not self.series:
            return 1
        if self.stacked:
            totals = [sum(values) for values in zip(*(s.values for s in self.series), strict=True)]
            return max(totals, default=0) or 1
        return max((max(s.values, default=0) for s in self.series), default=0) or 1

    def table_header(self) -> tuple[str, ...]:
        return (self.category_label, *(series.name for series in self.series))

    def table_rows(self) -> tuple[tuple[str, ...], ...]:
        """The chart as a table: a row per category, a column per series."""
        return tuple(
            (category, *(str(series.values[index]) for series in self.series))
            for index, category in enumerate(self.categories)
        )

    def describe(self) -> str:
        """One sentence a screen reader can say for the whole chart."""
        parts = []
        for index, category in enumerate(self.categories):
            figures = ", ".join(
                f"{series.name} {series.values[index]}"
                if len(self.series) > 1
                else str(series.values[index])
                for series in self.series
            )
            parts.append(f"{category}: {figures}")
        return f"{self.title} ({self.value_label}). " + "; ".join(parts) + "."


@dataclass(frozen=True)
class TrendData:
    """A measure's value per period (a percentage, or None where nobody was measured)."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]

    def __post_init__(self) -> None:
        if len(self.labels) != len(self.values):
            raise ValueError(f"{len(self.values)} values for {len(self.labels)} labels")

    def describe(self) -> str:
        figures = "; ".join(
            f"{label}: {'no one measured' if value is None else f'{value:.1f}%'}"
            for label, value in zip(self.labels, self.values, strict=True)
        )
        return f"{self.title}. {figures}."
