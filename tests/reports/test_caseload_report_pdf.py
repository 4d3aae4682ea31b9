"""The caseload report PDF, read back: furniture on every page, a page per measure, wide
tables on landscape pages with their header on every page, and the redacted copy's note."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from resettle.domain.caseload_report import CaseloadReport, MeasureSummary, TableBlock
from resettle.domain.charts import BarChartData, BarSeries, TrendData
from resettle.domain.measure_words import percent_text
from resettle.reports.caseload_report import REDACTED_NOTE, caseload_report_pdf

MONTHS = ("Oct", "Nov")
FIRST_NIGHT = MeasureSummary(
    code="MI014",
    name="Housed on the first night",
    numerator=38,
    denominator=42,
    excluded=5,
    excluded_reason="unknown or not recorded",
    definition=(("Cohort", "People released in the period"), ("Counted", "Settled or housed")),
    source="HMPPS accommodation outcomes (MI014)",
    figure="38 of 42 (90.5%), 5 excluded (2 unknown, 3 not recorded)",
    national="84.0% (2024/25)",
    trend=TrendData("MI014 by month of release", MONTHS, (80.0, None)),
    breakdown=BarChartData(
        "First night by month",
        MONTHS,
        (BarSeries("Settled", (5, 6)), BarSeries("Rough sleeping", (1, 0))),
        stacked=True,
        category_label="Month",
    ),
)
RELEASES = MeasureSummary(
    "REL4",
    "Releases in the last 4 weeks",
    17,
    None,
    0,
    "",
    (("Counted", "Released"),),
    "Resettle",
    "17",
)
OFFICERS = TableBlock(
    "Caseload by officer",
    ("Officer", "Team", "Caseload", "Outcome checks overdue"),
    tuple((f"Officer {n}", "North", str(n), "0") for n in range(90)),
    (0.4, 0.3, 0.15, 0.15),
    landscape=True,
)


def _report(**changes: object) -> CaseloadReport:
    values: dict[str, object] = {
        "period_from": dt.date(2026, 9, 1),
        "period_to": dt.date(2026, 11, 30),
        "scope": "North team; HMP Bristol",
        "generated_at": dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC),
        "generated_by": "Dana Manager",
        "redacted": False,
        "key_figures": (FIRST_NIGHT, RELEASES),
        "cover_charts": (
            BarChartData("Releases by week", ("w1", "w2"), (BarSeries("Releases", (3, 4)),)),
        ),
        "measures": (FIRST_NIGHT, RELEASES),
        "officer_tables": (OFFICERS,),
        "releases": TableBlock(
            "Due for release",
            ("Name", "Prison number", "Readiness"),
            (("A. B.", "A1234BC", "At risk"),),
            (0.4, 0.3, 0.3),
        ),
    }
    values.update(changes)
    return CaseloadReport(**values)  # type: ignore[arg-type]


def _pages(report: CaseloadReport) -> tuple[list[str], PdfReader]:
    reader = PdfReader(io.BytesIO(caseload_report_pdf(report)))
    return [" ".join(page.extract_text().split()) for page in reader.pages], reader


def test_every_page_carries_the_marking_its_number_the_period_and_the_scope() -> None:
    texts, _reader = _pages(_report())
    assert len(texts) >= 5
    for number, text in enumerate(texts, start=1):
        assert text.count("OFFICIAL-SENSITIVE") == 2
        assert f"Page {number} of {len(texts)}" in text
        assert "North team; HMP Bristol" in text
        assert "1 September 2026 to" in text and "30 November 2026" in text


def test_the_cover_has_the_key_figures_beside_the_national_ones() -> None:
    cover = _pages(_report())[0][0]
    assert FIRST_NIGHT.figure in cover
    assert "84.0% (2024/25)" in cover
    assert "Releases by week" in cover
    assert REDACTED_NOTE[:30] not in cover


def test_a_page_per_measure_with_its_definition_trend_and_breakdown() -> None:
    texts, _reader = _pages(_report())
    page = next(text for text in texts if "MI014: Housed" in text and "Cohort" in text)
    for expected in (
        "People released in the period",
        "HMPPS accommodation outcomes (MI014)",
        "5 (unknown or not recorded)",
        "MI014 by month of release",
        "no one measured",
        "First night by month",
        "Rough sleeping",
    ):
        assert expected in page
    process = next(
        text for text in texts if "REL4: Releases in the last 4 weeks" in text and "Source" in text
    )
    assert "No national figure: a local measure" in process


def test_wide_tables_go_on_landscape_pages_with_their_header_on_every_page() -> None:
    texts, reader = _pages(_report())
    # The pages with the table's header: every officer is on one of them, so no page of the
    # table lacks its header.
    officer_pages = [n for n, text in enumerate(texts) if "Officer Team Caseload Outcome" in text]
    assert len(officer_pages) >= 2
    for number in officer_pages:
        box = reader.pages[number].mediabox
        assert box.width > box.height
    every_officer = " ".join(texts[n] for n in officer_pages)
    assert all(f"Officer {n} North" in every_officer for n in range(90))
    last = reader.pages[len(texts) - 1].mediabox
    assert last.width < last.height  # the release list is back on a portrait page


def test_a_redacted_copy_says_so_on_its_cover_and_in_its_header() -> None:
    texts, _reader = _pages(_report(redacted=True))
    assert "Redacted copy" in texts[0]
    assert all("Caseload report (redacted)" in text for text in texts)


def test_an_empty_list_says_so() -> None:
    empty = TableBlock("Due for release", ("Name",), (), (1.0,), empty="Nobody is due for release.")
    texts, _reader = _pages(_report(releases=empty, officer_tables=()))
    assert "Nobody is due for release." in texts[-1]


def test_a_percentage_is_never_a_division_by_zero() -> None:
    assert percent_text(100 / 3) == "33.3%" and percent_text(None) == "n/a"
