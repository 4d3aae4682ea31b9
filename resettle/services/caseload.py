"""The caseload list, paged (keyset) and filtered in the database, where it opens, and the
list as a CSV file ("Export list")."""

from __future__ import annotations

import datetime as dt

from resettle.domain.access import AccessScope
from resettle.domain.audit_actions import AuditAction
from resettle.domain.caseload import (
    CaseloadColumn,
    CaseloadCount,
    CaseloadFilters,
    CaseloadPage,
    CaseloadQuery,
    CaseloadReach,
    CaseloadRow,
    FigurePeople,
    PlanStateFilter,
    caseload_reach,
    check_search,
)
from resettle.domain.caseload_figure import CaseloadFigure, answer_label
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import Permission, has_permission, require
from resettle.domain.staff import Actor, Role
from resettle.reports.csv_cells import write_csv
from resettle.services import audit
from resettle.services.access_scope import scope_for, scope_of
from resettle.services.measures import record_listing
from resettle.services.read_only_storage import bring_readiness_to
from resettle.services.unit_of_work import UnitOfWork

#: The columns of "Export list", in order.
CSV_HEADER = (
    "Name",
    "Prison number",
    "CRN",
    "Release date",
    "Days to release",
    "Officer",
    "Establishment",
    "Readiness",
    "Plan",
    "Outcome check due",
    "Outcome check",
)
#: The columns added for an outcome measure's figure: the current check's answer and dates.
FIGURE_CSV_HEADER = ("Answer", "Checked on", "Treatment started")


def list_caseload(actor: Actor, uow: UnitOfWork, query: CaseloadQuery) -> CaseloadPage:
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        bring_readiness_to(uow, query.today)
        page = uow.people.caseload(query, _reach_of(actor, uow, query))
        uow.commit()  # the readiness day, when it moved
        if has_permission(actor, Permission.VIEW_OUTCOME_CHECKS):
            return page
        # Prison staff and the programme team: no outcome check due dates (casework after
        # release; which one is due tells which were recorded).
        rows = tuple(row.model_copy(update={"outcome_check_due_on": None}) for row in page.rows)
        return page.model_copy(update={"rows": rows})


def count_caseload(actor: Actor, uow: UnitOfWork, query: CaseloadQuery) -> int:
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        bring_readiness_to(uow, query.today)
        count = uow.people.caseload_count(query, _reach_of(actor, uow, query))
        uow.commit()
        return count


def count_caseload_shown(actor: Actor, uow: UnitOfWork, query: CaseloadQuery) -> CaseloadCount:
    """The count, saying that restricted cases are not shown (``restricted_hidden``).

    Every count an account that reads cases sees carries the sentence, whether or not a
    limited-access case sits in its teams or establishments: saying it only when one does
    told an officer that a case of theirs had been restricted, and when (review and user
    trial). It tells nothing about any person."""
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        bring_readiness_to(uow, query.today)
        count = uow.people.caseload_count(query, _reach_of(actor, uow, query))
        reads_cases = scope_of(actor, uow).reads_cases
        uow.commit()
        return CaseloadCount(count=count, restricted_hidden=reads_cases)


def show_figure_people(actor: Actor, uow: UnitOfWork, query: CaseloadQuery) -> FigurePeople:
    """The first page and the count of a dashboard figure's people on the caseload
    (``query.figure``), when the caseload starts showing them: audited as one consultation of
    the people behind a figure (``measure.people_listed``, as ``services/measures
    .measure_people``: the measure, group, part, period and how many people), in the same
    unit of work as the read. Later pages, other orders and refreshes of the same list are
    caseload reads (``list_caseload``), not audited, like the caseload's."""
    require(actor, Permission.VIEW_CASELOAD)
    figure = query.figure
    if figure is None:
        raise ValidationFailed.single("figure", "missing", "Choose a figure to show its people.")
    with uow:
        bring_readiness_to(uow, query.today)
        reach = _reach_of(actor, uow, query)
        first = query.model_copy(update={"after": None})
        page = uow.people.caseload(first, reach)
        count = uow.people.caseload_count(first, reach)
        reads_cases = scope_of(actor, uow).reads_cases
        record_listing(uow, actor, figure, count)
        uow.commit()
        return FigurePeople(
            page=page, count=CaseloadCount(count=count, restricted_hidden=reads_cases)
        )


def default_filters(actor: Actor, uow: UnitOfWork) -> CaseloadFilters:
    """Where the caseload opens for someone with no remembered filters: an officer on the
    people they are responsible for; a key worker on the people they key-work; other prison
    staff on their establishment; managers on everyone."""
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        if actor.role is Role.OFFICER:
            return CaseloadFilters(mine=True)
        if actor.role is Role.PRISON_STAFF:
            reach = caseload_reach(actor, scope_of(actor, uow), mine=True)
            page = uow.people.caseload(CaseloadQuery(limit=1), reach)
            return CaseloadFilters(mine=bool(page.rows))
        return CaseloadFilters()


def caseload_is_empty(actor: Actor, uow: UnitOfWork) -> bool:
    """True when nobody at all is on the caseload the actor can see, closed cases included
    (a new database): the main window then shows how to add the first person."""
    require(actor, Permission.VIEW_CASELOAD)
    with uow:
        query = CaseloadQuery(filters=CaseloadFilters(include_closed=True), limit=1)
        reach = caseload_reach(actor, scope_of(actor, uow), mine=False)
        return not uow.people.caseload(query, reach).rows


def _reach_of(
    actor: Actor, uow: UnitOfWork, query: CaseloadQuery, scope: AccessScope | None = None
) -> CaseloadReach:
    """Whom ``query`` may list: the actor's reach (``scope``, else all their roles'), and
    their own people with "My caseload only". A figure's people (``query.figure``) need
    VIEW_MEASURES and are read as the figure counts them, through the roles that see the
    measures, within that reach and without "My caseload only" (the figure decides)."""
    check_search(query.search)
    scope = scope or scope_of(actor, uow)
    if query.filters.outcome_checks_due or query.sort is CaseloadColumn.OUTCOME_CHECK:
        # Which checks are due says which were recorded: casework after release.
        require(actor, Permission.VIEW_OUTCOME_CHECKS)
    if query.figure is None:
        return caseload_reach(actor, scope, query.filters.mine)
    require(actor, Permission.VIEW_MEASURES)
    query.figure.check()
    figure_scope = scope_for(actor, uow, Permission.VIEW_MEASURES)
    reach = caseload_reach(actor, scope, mine=False)
    return reach.model_copy(update={"figure_scope": figure_scope})


def caseload_csv(actor: Actor, uow: UnitOfWork, query: CaseloadQuery) -> str:
    """The caseload view ``query`` shows (its search, filters and order), every page of it,
    as CSV text (``CSV_HEADER``; every cell escaped against spreadsheet formulas by
    ``write_csv``). The caller adds the byte-order mark when it writes the file.

    The export is audited in the same transaction: one row with the totals and the codes of
    the filters (never the search's words), and one row per person in the file, so their
    subject access audit shows their data left in a file.
    """
    require(actor, Permission.EXPORT_CASELOAD)
    with uow:
        bring_readiness_to(uow, query.today)
        # Through the roles that may export only (not an account's prison-staff role).
        scope = scope_for(actor, uow, Permission.EXPORT_CASELOAD)
        reach = _reach_of(actor, uow, query, scope)
        rows = list(uow.people.caseload_all(query, reach))
        figure = query.figure
        if figure is not None and figure.outcome:
            text = write_csv(
                (_csv_row(row, query.today) + _answer_cells(row, figure) for row in rows),
                CSV_HEADER + _figure_header(figure),
            )
        else:
            text = write_csv((_csv_row(row, query.today) for row in rows), CSV_HEADER)
        audit.record(
            uow,
            actor,
            AuditAction.CASELOAD_EXPORTED,
            None,
            person_id=None,
            rows=len(rows),
            sort=query.sort.value,
            descending=query.descending,
            searched=bool(query.search.strip()) and figure is None,
            filters=_filter_codes(query.filters) if figure is None else [],
            **({} if figure is None else {"figure": figure.audit_details()}),
        )
        # One details object for every row: checked and hashed once.
        each: dict[str, object] = {"rows": 1}
        if figure is not None:
            each.update(measure=figure.measure.code, part=figure.part.value)
        audit.record_many(
            uow,
            actor,
            AuditAction.CASELOAD_EXPORTED,
            [(None, row.id, each) for row in sorted(rows, key=lambda r: r.id)],
        )
        uow.commit()
        return text


def _csv_row(row: CaseloadRow, today: dt.date) -> tuple[object, ...]:
    return (
        row.name,
        row.prison_number,
        row.crn,
        row.release_date,
        row.days_to_release(today),
        row.officer,
        row.establishment,
        _readiness_words(row, today),
        (PlanStateFilter.NONE if row.plan_state is None else PlanStateFilter(row.plan_state)).label,
        row.outcome_check_due_on,
        _point_words(row),
    )


def _point_words(row: CaseloadRow) -> str:
    """The check that is due ("First night"), beside its due date."""
    point = row.outcome_check_point
    return "" if point is None else point.label


def _figure_header(figure: CaseloadFigure) -> tuple[str, ...]:
    """``FIGURE_CSV_HEADER``, the answer named by the figure's check ("First night answer":
    beside "Outcome check", the next check due, a bare "Answer" was read as its answer)."""
    point = figure.measure.point
    answer = f"{point.label} answer" if point is not None else FIGURE_CSV_HEADER[0]
    return (answer, *FIGURE_CSV_HEADER[1:])


def _answer_cells(row: CaseloadRow, figure: CaseloadFigure) -> tuple[object, ...]:
    return (
        answer_label(figure.measure, row.figure_answer) or "Not recorded",
        row.figure_checked_on,
        row.figure_started_on,
    )


def _readiness_words(row: CaseloadRow, today: dt.date) -> str:
    """As the caseload shows it: "On track (82)", "At risk (62), plan not agreed",
    "No release date", "Case closed"."""
    if row.closed:
        return "Case closed"
    result = row.readiness(today)
    if not result.shows_score:
        return result.level.label
    scored = f"{result.level.label} ({result.score})"
    return scored if result.plan_agreed else f"{scored}, plan not agreed"


def _filter_codes(filters: CaseloadFilters) -> list[str]:
    """The filters in force as codes for the audit row (``release_window:next_2_weeks``)."""
    codes = []
    for name, value in filters.model_dump(mode="json").items():
        if value not in (None, False, "all"):
            codes.append(name if value is True else f"{name}:{value}")
    return sorted(codes)
