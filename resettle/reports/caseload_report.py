"""The caseload report (PDF): a cover with the key figures and charts, a page per measure,
per-officer tables on landscape pages, and the people due for release with their readiness.

Every page carries the OFFICIAL-SENSITIVE marking, "Page X of Y", the period and the scope.
Tables repeat their header row on every page they span. Each chart is followed by its figures
as a table, so the page reads without colour. The layout prints what it is given
(``domain/caseload_report.py``): scope and redaction are decided before.
"""

from __future__ import annotations

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
)

from resettle.domain.caseload_report import CaseloadReport, MeasureSummary, TableBlock
from resettle.domain.charts import BarChartData, TrendData
from resettle.reports.charts import bar_chart, trend_line
from resettle.reports.page_templates import (
    OFFICIAL_SENSITIVE,
    PageFurniture,
    build_pdf,
    content_width,
)
from resettle.reports.styles import Styles, make_styles
from resettle.reports.tables import (
    PagedTable,
    Plain,
    data_table,
    key_value_table,
    text_width,
    widths_fitting_words,
)
from resettle.reports.text import date_time, long_date, para

TITLE = "Caseload report"
SUBJECT = "Figures for a caseload of people leaving prison, by team and pathway"
REDACTED_NOTE = (
    "Redacted copy: people are shown by initials and identifiers only, for sharing beyond the team."
)
CHART_HEIGHT = 170
TREND_HEIGHT = 60


def caseload_report_pdf(report: CaseloadReport) -> bytes:
    styles = make_styles()
    furniture = PageFurniture(
        marking=OFFICIAL_SENSITIVE,
        title=TITLE + (" (redacted)" if report.redacted else ""),
        subject=f"{report.scope}: {_period(report)}",
        footer_note=f"Printed {date_time(report.generated_at)} by {report.generated_by}",
    )
    width = content_width(furniture)
    wide = content_width(furniture, wide=True)
    story: list[Flowable] = [*_cover(report, styles, width)]
    # A page for each measure with a rate (the official outcome measures and the plans in
    # time); the counts of today's work share pages, each kept whole.
    for number, measure in enumerate(report.measures):
        if measure.denominator is not None or number == 0:
            story += [PageBreak(), *_measure_page(measure, styles, width)]
        else:
            story += [
                Spacer(1, styles.gap * 2),
                KeepTogether(_measure_page(measure, styles, width)),
            ]
    if report.officer_tables:
        story += [NextPageTemplate("landscape"), PageBreak()]
        for number, block in enumerate(report.officer_tables):
            if number:
                story.append(Spacer(1, styles.gap * 2))
            story += _table_block(block, styles, wide)
        story.append(NextPageTemplate("portrait"))
    releases = report.releases
    if releases.landscape and not report.officer_tables:
        story.append(NextPageTemplate("landscape"))
    story += [PageBreak(), *_table_block(releases, styles, wide if releases.landscape else width)]
    return build_pdf(story, furniture, title=TITLE, subject=SUBJECT, with_landscape=True)


def _period(report: CaseloadReport) -> str:
    return f"{long_date(report.period_from)} to {long_date(report.period_to)}"


def _cover(report: CaseloadReport, s: Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        para(TITLE, s.title),
        key_value_table(
            [
                ("Period", _period(report)),
                ("Scope", report.scope),
                ("Printed", f"{date_time(report.generated_at)} by {report.generated_by}"),
            ],
            s,
            total_width=width,
            columns=1,
            label_fraction=0.2,
        ),
    ]
    if report.redacted:
        story += [Spacer(1, s.gap), para(REDACTED_NOTE, s.callout)]
    story += [Spacer(1, s.gap), para("Key figures", s.h1), _key_figures(report, s, width)]
    for chart in report.cover_charts:
        story += [CondPageBreak(CHART_HEIGHT + 80), Spacer(1, s.gap)]
        story += _chart_with_table(chart, s, width)
    return story


def _key_figures(report: CaseloadReport, s: Styles, width: float) -> Flowable:
    rows = [(_title(m), m.figure, m.national or "No national figure") for m in report.key_figures]
    return data_table(
        ("Measure", "This caseload", "England and Wales"),
        rows,
        (0.42, 0.36, 0.22),
        s,
        total_width=width,
    )


def _chart_with_table(chart: BarChartData, s: Styles, width: float) -> list[Flowable]:
    """The chart, then its figures as a table (the chart's table alternative)."""
    header = chart.table_header()
    rows = chart.table_rows()
    columns = len(header)
    first = 0.3 if columns > 2 else 0.5
    fractions = (first, *((1 - first) / (columns - 1),) * (columns - 1))
    widths = widths_fitting_words(header, rows, fractions, s, total_width=width)
    table = data_table(
        header,
        [tuple(Plain(cell) if i else cell for i, cell in enumerate(row)) for row in rows],
        widths,
        s,
        total_width=width,
    )
    return [
        KeepTogether([para(chart.title, s.h2), bar_chart(chart, width, CHART_HEIGHT)]),
        Spacer(1, s.gap * 0.5),
        table,
    ]


def _title(m: MeasureSummary) -> str:
    """ "MI014: Housed on the first night after release"; a local measure by its name."""
    return f"{m.code}: {m.name}" if m.code else m.name


def _measure_page(m: MeasureSummary, s: Styles, width: float) -> list[Flowable]:
    excluded = [("Excluded", f"{m.excluded:,} ({m.excluded_reason})")] if m.excluded_reason else []
    story: list[Flowable] = [
        para(_title(m), s.h1),
        para(m.figure, s.callout),
        Spacer(1, s.gap * 0.5),
        key_value_table(
            [
                ("England and Wales", m.national or "No national figure: a local measure"),
                ("Source", m.source),
                *m.definition,
                *excluded,
            ],
            s,
            total_width=width,
            columns=1,
            label_fraction=0.25,
        ),
    ]
    if m.trend is not None:
        story += [Spacer(1, s.gap), *_trend(m.trend, s, width)]
    if m.breakdown is not None:
        story += [Spacer(1, s.gap), *_chart_with_table(m.breakdown, s, width)]
    return story


def _trend(trend: TrendData, s: Styles, width: float) -> list[Flowable]:
    rows = [
        (label, Plain("no one measured" if value is None else f"{value:.1f}%"))
        for label, value in zip(trend.labels, trend.values, strict=True)
    ]
    half = [rows[: (len(rows) + 1) // 2], rows[(len(rows) + 1) // 2 :]]
    flat = [
        (*left, *(right if right else ("", Plain(""))))
        for left, right in zip(half[0], [*half[1], ()], strict=False)
    ]
    return [
        KeepTogether([para(trend.title, s.h2), trend_line(trend, width * 0.5, TREND_HEIGHT)]),
        data_table(
            ("Month", "Rate", "Month", "Rate"), flat, (0.3, 0.2, 0.3, 0.2), s, total_width=width
        ),
    ]


def _table_block(block: TableBlock, s: Styles, width: float) -> list[Flowable]:
    story: list[Flowable] = [para(block.heading, s.h1)]
    if not block.rows:
        return [*story, para(block.empty, s.body)]
    widths = widths_fitting_words(block.headers, block.rows, block.widths, s, total_width=width)
    room = [fraction * width - s.body_size * 0.6 - 1 for fraction in widths]
    rows = [_fitted_cells(row, room, s) for row in block.rows]
    # A page of rows at a time: one table of 100,000 rows took ReportLab minutes to split.
    story.append(PagedTable(block.headers, rows, widths, s, total_width=width))
    return story


def _fitted_cells(row: tuple[str, ...], room: list[float], s: Styles) -> tuple[str, ...]:
    """Cells that fit their column on one line as plain strings (a wrapping Paragraph costs
    far more, and a report of 10,000 people has tens of thousands of cells)."""
    font, size = s.cell.fontName, s.cell.fontSize
    return tuple(
        Plain(cell) if text_width(cell, font, size) <= space else cell
        for cell, space in zip(row, room, strict=True)
    )
