"""The measures' figures as rows and charts, built once from the figures the measures service
returns, for the dashboard and the caseload report alike (so the table, the charts, their
drill keys and the printed pages agree).

A drill key names the people behind one bar or cell: ``"<figure key>|<part>"``
(:func:`drill_key`), read back by :func:`read_drill_key`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from resettle.domain.charts import BarChartData, BarSeries, TrendData
from resettle.domain.measure_figures import Figure, Part, TrendPoint
from resettle.domain.measure_words import figure_words, national_words
from resettle.domain.measures import MeasureKind, measure

READINESS = "readiness"
PER_OFFICER = "caseload_per_officer"
RELEASES_BY_WEEK = "releases_by_week"


def initials(name: str) -> str:
    """ "Łukasz Davies" as "Ł. D.": a person as a redacted report prints them."""
    return " ".join(f"{word[0]}." for word in name.split() if word)


def drill_key(figure: Figure, part: Part) -> str:
    return f"{figure.key}|{part.value}"


def read_drill_key(key: str) -> tuple[str, Part]:
    figure_key, _, part = key.rpartition("|")
    return figure_key, Part(part)


@dataclass(frozen=True)
class FigureRow:
    """One line of the figures table: an ungrouped measure."""

    figure: Figure
    trend: TrendData | None

    @property
    def name(self) -> str:
        definition = measure(self.figure.code)
        code = definition.source_code
        return f"{self.figure.name} ({code})" if code else self.figure.name

    @property
    def words(self) -> str:
        return figure_words(self.figure)

    @property
    def national(self) -> str:
        return national_words(measure(self.figure.code))


def figure_rows(
    figures: Sequence[Figure], trends: dict[str, tuple[TrendPoint, ...]]
) -> list[FigureRow]:
    """The ungrouped figures, outcome measures first (in the order the measures are defined)."""
    rows = [
        FigureRow(
            figure, trend_data(figure.name, trends[figure.code]) if figure.code in trends else None
        )
        for figure in figures
        if not figure.group
    ]
    return sorted(rows, key=lambda row: row.figure.kind is not MeasureKind.OUTCOME)


def month_label(month: str) -> str:
    """ "2026-11" as "Nov 2026"."""
    year, number = month.split("-")
    return dt.date(int(year), int(number), 1).strftime("%b %Y")


def trend_data(title: str, points: Sequence[TrendPoint]) -> TrendData:
    return TrendData(
        f"{title}: the last 12 months, by month of release",
        tuple(month_label(point.month) for point in points),
        tuple(
            None if not point.denominator else 100 * point.numerator / point.denominator
            for point in points
        ),
    )


def _grouped(figures: Sequence[Figure], code: str) -> list[Figure]:
    return [figure for figure in figures if figure.code == code and figure.group]


def grouped_chart(
    figures: Sequence[Figure], code: str, title: str, category_label: str
) -> BarChartData:
    """A grouped measure (readiness bands, officers, weeks) as bars, each opening its people."""
    groups = _grouped(figures, code)
    return BarChartData(
        title,
        tuple(figure.group_label or figure.group for figure in groups),
        (
            BarSeries(
                "People",
                tuple(figure.numerator for figure in groups),
                tuple(drill_key(figure, Part.NUMERATOR) for figure in groups),
            ),
        ),
        category_label=category_label,
    )


#: The segments of an outcome measure's stacked bar, each a part of the figure.
OUTCOME_SEGMENTS: tuple[tuple[str, Part], ...] = (
    ("Counted", Part.NUMERATOR),
    ("Not counted", Part.NOT_COUNTED),
    ("Unknown", Part.UNKNOWN),
    ("Not recorded", Part.NOT_RECORDED),
)


def outcomes_chart(figures: Sequence[Figure]) -> BarChartData:
    """The outcome measures side by side, each a stack of who is counted, who is not, whose
    outcome is unknown and whose check is not recorded."""
    outcomes = [f for f in figures if f.kind is MeasureKind.OUTCOME and not f.group]
    return BarChartData(
        "Outcomes after release: who is counted, and who is not",
        tuple(measure(figure.code).source_code or figure.code for figure in outcomes),
        tuple(
            BarSeries(
                label,
                tuple(figure.count(part) for figure in outcomes),
                tuple(drill_key(figure, part) for figure in outcomes),
            )
            for label, part in OUTCOME_SEGMENTS
        ),
        stacked=True,
        category_label="Measure",
    )


#: The outcome measures stacked by answer, a chart each: (title, the measures' codes).
ANSWER_CHARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Accommodation after release, by category", ("MI014", "MI015")),
    ("Employment after release, by status", ("MI016", "MI017")),
    ("Drug or alcohol treatment after release", ("PHOF_C20",)),
)


def answer_charts(answers: Mapping[str, Sequence[Figure]]) -> list[BarChartData]:
    """The outcome measures stacked by their people's answers (``services.measures.
    measure_dashboard``'s third part): accommodation by MI014's categories, employment by
    status, treatment by when it started, each with "not recorded"; a segment opens exactly
    its people (the answer's figure, everyone measured). Measures not given are left out."""
    charts = []
    for title, codes in ANSWER_CHARTS:
        shown = [code for code in codes if answers.get(code)]
        if not shown:
            continue
        labels = [figure.group_label for figure in answers[shown[0]]]
        by_code = {code: {f.group_label: f for f in answers[code]} for code in shown}
        charts.append(
            BarChartData(
                title,
                tuple(_answer_bar_label(code) for code in shown),
                tuple(
                    BarSeries(
                        label,
                        tuple(by_code[code][label].count(Part.COHORT) for code in shown),
                        tuple(drill_key(by_code[code][label], Part.COHORT) for code in shown),
                    )
                    for label in labels
                ),
                stacked=True,
                category_label="Measure",
            )
        )
    return charts


def _answer_bar_label(code: str) -> str:
    """ "First night (MI014)": the point measured, then the official code."""
    definition = measure(code)
    point = definition.point.label.split(" (")[0] if definition.point else definition.name
    return f"{point} ({definition.source_code or code})"
