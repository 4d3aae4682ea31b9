"""The caseload report: the measures, per officer and the people due for release, on paper.

Assembled here from the same query objects as the dashboard (``storage/repositories/
measures.py``), scoped to the people the manager reaches and narrowed by the same filters, then
laid out by ``reports/caseload_report.py``. A redacted copy prints people by initials and
prison number only, for sharing beyond the team.

Printing it is a disclosure of the people it names: one audit row per person on its list of
releases (``caseload_report.printed``, the justification's code and whether it was redacted)
and one for the report itself with the counts, in the same unit of work as the reads. The
PDF is made after the unit of work commits; ``progress`` (0 to 100) and ``cancelled`` let the
screen show progress and stop it between steps (nothing is printed or audited once
cancelled before the audit).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from resettle.domain import clock
from resettle.domain.access import AccessScope
from resettle.domain.audit_actions import AuditAction
from resettle.domain.caseload_report import (
    CaseloadReport,
    MeasureSummary,
    ReportJustification,
    TableBlock,
)
from resettle.domain.charts import BarChartData, BarSeries
from resettle.domain.measure_charts import (
    PER_OFFICER,
    READINESS,
    RELEASES_BY_WEEK,
    answer_charts,
    grouped_chart,
    initials,
    outcomes_chart,
    trend_data,
)
from resettle.domain.measure_figures import (
    Figure,
    MeasureFilters,
    MeasurePerson,
    Part,
    TrendPoint,
)
from resettle.domain.measure_words import (
    PART_LABELS,
    excluded_noun,
    figure_words,
    national_words,
)
from resettle.domain.measures import MEASURES_BY_CODE, Measure, MeasureKind, measure
from resettle.domain.permissions import Permission, require
from resettle.domain.readiness import ReadinessLevel
from resettle.domain.staff import Actor
from resettle.private_files import file_written_safely
from resettle.reports.caseload_report import caseload_report_pdf
from resettle.services import audit
from resettle.services.access_scope import scope_for
from resettle.services.read_only_storage import bring_readiness_to
from resettle.services.unit_of_work import UnitOfWork

Progress = Callable[[int], None]

#: The figures on the cover, beside their national figures where there are some.
KEY_FIGURES = (
    "MI014",
    "MI015",
    "MI016",
    "MI017",
    "PHOF_C20",
    "releases_last_4_weeks",
    "releases_next_4_weeks",
    "plans_agreed_by_14_days",
    "outcome_checks_overdue",
)
#: The columns of the per-officer table: (heading, measure code); the caseload comes first.
OFFICER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Due for release in 4 weeks", "releases_next_4_weeks"),
    ("Plans agreed 14 days before release", "plans_agreed_by_14_days"),
    ("Overdue plan actions", "overdue_plan_actions"),
    ("Essentials past due", "overdue_essentials"),
    ("Outcome checks overdue", "outcome_checks_overdue"),
    ("Housed first night (MI014)", "MI014"),
    ("Programme referrals", "programme_referrals"),
    ("Completions", "programme_completions"),
    ("Deselections", "programme_deselections"),
)
OFFICER_WIDTHS = (0.16, 0.07, 0.08, 0.11, 0.08, 0.08, 0.09, 0.1, 0.08, 0.08, 0.07)
RELEASE_HEADERS = ("Name", "Prison number", "Release date", "Days", "Officer", "Readiness")
RELEASE_WIDTHS = (0.24, 0.13, 0.14, 0.07, 0.24, 0.18)


class ReportCancelled(Exception):
    """The user cancelled the report before it was printed."""


def caseload_report(
    actor: Actor,
    uow: UnitOfWork,
    filters: MeasureFilters,
    *,
    justification: ReportJustification,
    redact: bool = False,
    scope_words: str = "",
    today: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    target: Path | None = None,
    replace: bool = True,
) -> bytes:
    """The report as PDF bytes; audited as a disclosure of the people it lists.

    ``target``: the file to save it as. As a plan's print (``plans/printing.plan_pdf``), the
    whole PDF is written to a temporary file beside it first, the audit rows are committed,
    and only then is the file put under ``target``'s name: a file that cannot be written is
    never recorded as printed, and no file leaves unaudited. ``replace=False``: a file there
    already is never replaced (``FileExistsError`` before anything is recorded).

    The PDF is rendered inside the unit of work, before the audit rows are written: on
    SQLite a writer is held back meanwhile only on the first read of a new day, when the
    readiness scores are brought to it (``bring_readiness_to``)."""
    require(actor, Permission.VIEW_MEASURES)
    require(actor, Permission.EXPORT_CASELOAD)
    day = today or clock.today()
    step = progress or (lambda _done: None)
    stop = cancelled or (lambda: False)
    with uow:
        bring_readiness_to(uow, day)
        scope = scope_for(actor, uow, Permission.VIEW_MEASURES, Permission.EXPORT_CASELOAD)
        # As the dashboard reads them: an outcome measure's figure, trend and answers in one
        # statement.
        found, trends, answers = uow.measures.figures_and_trends(scope, filters, day)
        figures = tuple(found)
        step(40)
        officers = _officer_table(uow, scope, filters, day, figures)
        step(60)
        due = _releases(uow, scope, filters, day)
        if stop():
            raise ReportCancelled()
        report = CaseloadReport(
            period_from=filters.period_from,
            period_to=filters.period_to,
            scope=scope_words or _scope_words(uow, scope, filters),
            generated_at=dt.datetime.now(dt.UTC),
            generated_by=actor.display_name,
            redacted=redact,
            key_figures=tuple(
                _summary(f, trends) for code in KEY_FIGURES for f in figures if f.key == code
            ),
            cover_charts=(
                outcomes_chart(figures),
                *answer_charts(answers),
                grouped_chart(
                    figures,
                    READINESS,
                    "Readiness of people due for release today or in the next 12 weeks",
                    "Readiness",
                ),
                grouped_chart(figures, RELEASES_BY_WEEK, "Releases by week", "Week"),
            ),
            measures=tuple(_summary(f, trends) for f in figures if not f.group),
            officer_tables=(officers,),
            releases=_release_block(due, redact, day),
        )
        step(75)
        pdf = caseload_report_pdf(report)
        if stop():
            raise ReportCancelled()
        placed: contextlib.AbstractContextManager[object] = (
            file_written_safely(target, pdf, replace=replace)
            if target is not None
            else contextlib.nullcontext()
        )
        with placed:
            _record(uow, actor, justification, redact, filters, due)
            uow.commit()
    step(100)
    return pdf


def _scope_words(uow: UnitOfWork, scope: AccessScope, filters: MeasureFilters) -> str:
    """Whose people, in words: the region, team, prison and officer chosen, or the teams and
    prisons of the people reached, said as theirs (a trial read "Teams: Bristol..." as the
    whole of Bristol's caseload), and the regions the account manages, when it manages any."""
    teams, places, officers = uow.measures.places_reached(scope)

    def names(chosen: int | None, found: list[tuple[int, str]], what: str, whose: str) -> str:
        picked = [name for key, name in found if chosen is None or key == chosen]
        if chosen is not None:
            return f"{what}: {picked[0] if picked else 'none reached'}"
        shown = ", ".join(picked[:3]) + (f" and {len(picked) - 3} more" if len(picked) > 3 else "")
        return f"{whose}: {shown or 'none'}"

    words = [
        names(filters.team_id, teams, "Team", "Teams of the people reached"),
        names(filters.establishment_id, places, "Establishment", "Establishments holding them"),
    ]
    regions = {r.id: r.name for r in uow.regions.all()}
    if filters.region_id is not None:
        words.insert(0, f"Region: {regions.get(filters.region_id, 'none reached')}")
    elif scope.managed_region_ids:
        managed = sorted(regions[r] for r in scope.managed_region_ids if r in regions)
        words.insert(0, f"Region{'s' if len(managed) > 1 else ''} managed: {', '.join(managed)}")
    if filters.officer_id is not None:
        words.append(names(filters.officer_id, officers, "Officer", "Officers"))
    if filters.pathway is not None:
        words.append(f"only people with a need on the {filters.pathway.label.lower()} pathway")
    return "; ".join(words)


def _summary(figure: Figure, trends: dict[str, list[TrendPoint]]) -> MeasureSummary:
    definition = measure(figure.code)
    lines = [("Cohort", definition.cohort_words)]
    if definition.point_words:
        lines.append(("Measured", definition.point_words))
    lines.append(("Counted", definition.numerator_words))
    if definition.exclusions_words:
        lines.append(("Exclusions", definition.exclusions_words))
    outcome = figure.kind is MeasureKind.OUTCOME
    return MeasureSummary(
        code=definition.source_code,
        name=figure.name,
        numerator=figure.numerator,
        denominator=figure.denominator,
        excluded=figure.excluded,
        excluded_reason=_excluded_reason(definition, figure) if outcome else "",
        definition=tuple(lines),
        source=definition.source
        + (f" ({definition.source_code})" if definition.source_code else ""),
        national=national_words(definition) if definition.national else None,
        trend=trend_data(figure.name, trends[figure.code]) if figure.code in trends else None,
        breakdown=_breakdown(figure) if outcome else None,
        figure=figure_words(figure),
    )


def _excluded_reason(definition: Measure, figure: Figure) -> str:
    noun = excluded_noun(definition)
    return f"{noun}; {figure.not_recorded:,} not recorded" if figure.not_recorded else noun


def _breakdown(figure: Figure) -> BarChartData:
    parts = (Part.NUMERATOR, Part.NOT_COUNTED, Part.UNKNOWN, Part.NOT_RECORDED)
    return BarChartData(
        f"{figure.name}: who is counted",
        tuple(PART_LABELS[part] for part in parts),
        (BarSeries("People", tuple(figure.count(part) for part in parts)),),
        category_label="Outcome",
    )


def _officer_table(
    uow: UnitOfWork,
    scope: AccessScope,
    filters: MeasureFilters,
    day: dt.date,
    figures: tuple[Figure, ...],
) -> TableBlock:
    caseloads = [f for f in figures if f.code == PER_OFFICER and f.group]
    split = uow.measures.figures_by_officer(
        scope, filters, day, tuple(MEASURES_BY_CODE[code] for _h, code in OFFICER_COLUMNS)
    )
    rows = []
    for caseload in caseloads:
        theirs = split.get(caseload.group, {})
        cells = [caseload.group_label, f"{caseload.numerator:,}"]
        for _heading, code in OFFICER_COLUMNS:
            figure = theirs.get(code)
            cells.append(_cell(figure))
        rows.append(tuple(cells))
    return TableBlock(
        "Caseload by officer",
        ("Officer", "Open cases", *(heading for heading, _code in OFFICER_COLUMNS)),
        tuple(rows),
        OFFICER_WIDTHS,
        landscape=True,
        empty="No open cases in this scope.",
    )


def _cell(figure: Figure | None) -> str:
    if figure is None:
        return "0"
    if figure.denominator is None:
        return f"{figure.numerator:,}"
    return f"{figure.numerator:,} of {figure.denominator:,}"


def _releases(
    uow: UnitOfWork, scope: AccessScope, filters: MeasureFilters, day: dt.date
) -> list[tuple[MeasurePerson, str]]:
    """The people due for release today or in the next 12 weeks, with their readiness band:
    the readiness measure's own people, so the list adds up to the cover's chart."""
    bands = uow.measures.people_by_group(
        scope, filters, day, MEASURES_BY_CODE[READINESS], (Part.NUMERATOR,), None
    )
    found = [
        (person, ReadinessLevel(band).label)
        for band, parts in bands.items()
        for person in parts.get(Part.NUMERATOR, [])
    ]
    return sorted(found, key=lambda item: (item[0].release_date or day, item[0].id))


def _release_block(
    due: list[tuple[MeasurePerson, str]], redact: bool, today: dt.date
) -> TableBlock:
    rows = tuple(
        (
            initials(person.name) if redact else person.name,
            person.prison_number,
            person.release_date.strftime("%d %b %Y") if person.release_date else "",
            str((person.release_date - today).days) if person.release_date else "",
            person.officer or "No officer",
            band,
        )
        for person, band in due
    )
    return TableBlock(
        "People due for release in the next 12 weeks, with their readiness",
        RELEASE_HEADERS,
        rows,
        RELEASE_WIDTHS,
        empty="Nobody in this scope is due for release in the next 12 weeks.",
    )


def _record(
    uow: UnitOfWork,
    actor: Actor,
    justification: ReportJustification,
    redact: bool,
    filters: MeasureFilters,
    due: list[tuple[MeasurePerson, str]],
) -> None:
    details = {"justification": justification.value, "redacted": redact}
    audit.record(
        uow,
        actor,
        AuditAction.CASELOAD_REPORT_PRINTED,
        None,
        person_id=None,
        **details,
        **filters.audit_details(),
        people=len(due),
    )
    audit.record_many(
        uow,
        actor,
        AuditAction.CASELOAD_REPORT_PRINTED,
        [(None, person.id, details) for person, _band in due],
    )
