"""The caseload model over a fake page source: no widgets, no database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt

from resettle.domain.caseload import (
    CaseloadColumn,
    CaseloadCursor,
    CaseloadPage,
    CaseloadQuery,
    CaseloadRow,
)
from resettle.ui.caseload_model import (
    COLUMNS,
    PERSON_ID_ROLE,
    CaseloadTableModel,
    synchronous,
)

TODAY = dt.date(2026, 11, 23)


class FakeSource:
    def __init__(self, count: int) -> None:
        self.rows = [
            CaseloadRow(
                id=n,
                name=f"Person {n:04d}",
                prison_number=f"A{n:04d}BC",
                crn=f"X{n:06d}",
                release_date=TODAY + dt.timedelta(days=n - 5) if n % 10 else None,
                officer="Officer",
                establishment="HMP Test",
            )
            for n in range(count)
        ]
        self.queries: list[CaseloadQuery] = []

    def __call__(self, query: CaseloadQuery) -> CaseloadPage:
        self.queries.append(query)
        rows = [r for r in self.rows if query.search.lower() in r.name.lower()]
        if query.sort is CaseloadColumn.NAME and query.descending:
            rows = rows[::-1]
        start = 0 if query.after is None else int(query.after.value or 0)
        chunk = rows[start : start + query.limit]
        more = start + query.limit < len(rows)
        cursor = CaseloadCursor(segment=0, value=start + query.limit, id=chunk[-1].id)
        return CaseloadPage(rows=tuple(chunk), next_cursor=cursor if more else None)


def test_loads_pages_on_demand(qapp) -> None:  # type: ignore[no-untyped-def]
    source = FakeSource(450)
    model = CaseloadTableModel(synchronous(source), today=lambda: TODAY)
    model.reload()
    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())
    starts = [None if q.after is None else q.after.value for q in source.queries]
    assert starts == [None, 200, 400]


def test_display_values_and_person_id(qapp) -> None:  # type: ignore[no-untyped-def]
    model = CaseloadTableModel(synchronous(FakeSource(20)), today=lambda: TODAY)
    model.reload()
    row = 3
    values = [model.data(model.index(row, c)) for c in range(model.columnCount())]
    assert values[:3] == ["Person 0003", "A0003BC", "X000003"]
    # Saturday 21 November: a release date on a closed day says so, and why in its tooltip.
    assert values[3] == "21 Nov 2026 (weekend)"
    assert model.data(model.index(row, 3), Qt.ItemDataRole.ToolTipRole) == (
        "Release date Saturday 21 Nov 2026 falls on a weekend: release normally happens on the "
        "previous working day, Friday 20 Nov 2026."
    )
    assert model.data(model.index(5, 3)) == "23 Nov 2026"  # a Monday
    assert model.data(model.index(5, 3), Qt.ItemDataRole.ToolTipRole) is None
    assert values[4] == "2 days ago"  # released: how long ago, never "-2"
    assert model.data(model.index(4, 4)) == "1 day ago"
    assert model.data(model.index(5, 4)) == "0"  # leaving today
    assert model.data(model.index(8, 4)) == "3"
    assert model.data(model.index(row, 0), PERSON_ID_ROLE) == 3
    assert model.data(model.index(0, 4)) == "—"  # no release date recorded
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert header[4] == "Days to release"


def test_search_and_sort_requery_from_first_page(qapp) -> None:  # type: ignore[no-untyped-def]
    source = FakeSource(450)
    model = CaseloadTableModel(synchronous(source), today=lambda: TODAY)
    model.reload()
    model.fetchMore(QModelIndex())
    model.set_search("Person 01")
    assert model.rowCount() == 100
    assert source.queries[-1].after is None and source.queries[-1].search == "Person 01"
    model.sort(COLUMNS.index(CaseloadColumn.NAME), Qt.SortOrder.DescendingOrder)
    assert source.queries[-1].sort is CaseloadColumn.NAME and source.queries[-1].descending
    assert model.data(model.index(0, 0)) == "Person 0199"


def test_days_column_is_right_aligned_and_explains_a_past_release(qapp) -> None:  # type: ignore[no-untyped-def]
    model = CaseloadTableModel(synchronous(FakeSource(20)), today=lambda: TODAY)
    model.reload()
    days = COLUMNS.index(CaseloadColumn.DAYS_TO_RELEASE)
    readiness = COLUMNS.index(CaseloadColumn.READINESS)
    alignment = model.data(model.index(3, days), Qt.ItemDataRole.TextAlignmentRole)
    assert alignment == int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert model.data(model.index(3, 0), Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.data(model.index(3, days), Qt.ItemDataRole.ToolTipRole) == (
        "Released 2 days ago on " + (TODAY - dt.timedelta(days=2)).strftime("%d %b %Y")
    )
    assert model.data(model.index(7, days), Qt.ItemDataRole.ToolTipRole) is None
    tooltip = model.data(model.index(7, readiness), Qt.ItemDataRole.ToolTipRole)
    assert "no plan is agreed yet" in tooltip  # nothing open, no agreed plan
    released = model.data(model.index(3, readiness), Qt.ItemDataRole.ToolTipRole)
    assert released == "Released without an agreed plan"
    assert model.data(model.index(99, 0), PERSON_ID_ROLE) is None


class DeferredSource:
    """A page source that holds each request until the test delivers or fails it, as the
    background source does while the database works."""

    def __init__(self, pages: FakeSource) -> None:
        self.pages = pages
        self.waiting: list[
            tuple[CaseloadQuery, Callable[[CaseloadPage], None], Callable[[], None]]
        ] = []

    def __call__(
        self,
        query: CaseloadQuery,
        arrived: Callable[[CaseloadPage], None],
        failed: Callable[[], None],
    ) -> None:
        self.waiting.append((query, arrived, failed))

    def deliver(self, position: int = 0) -> None:
        query, arrived, _failed = self.waiting.pop(position)
        arrived(self.pages(query))

    def fail(self, position: int = 0) -> None:
        self.waiting.pop(position)[2]()


def test_a_page_for_an_outdated_query_is_dropped(qapp) -> None:  # type: ignore[no-untyped-def]
    source = DeferredSource(FakeSource(450))
    model = CaseloadTableModel(source, today=lambda: TODAY)
    reloads: list[int] = []
    model.reloaded.connect(lambda: reloads.append(model.rowCount()))
    model.set_search("Person 01")
    model.set_search("Person 012")
    assert model.rowCount() == 0 and model.query.search == "Person 012"
    source.deliver(1)  # the newer query answers first
    assert model.rowCount() == 10 and reloads == [10]
    source.deliver(0)  # the outdated answer arrives late: dropped
    assert model.rowCount() == 10 and reloads == [10]
    assert model.data(model.index(0, 0)) == "Person 0120"


def test_at_most_one_further_page_is_fetched_at_a_time(qapp) -> None:  # type: ignore[no-untyped-def]
    source = DeferredSource(FakeSource(450))
    model = CaseloadTableModel(source, today=lambda: TODAY)
    model.reload()
    assert not model.canFetchMore(QModelIndex())  # no paging before the first page is in
    source.deliver()
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert len(source.waiting) == 1 and not model.canFetchMore(QModelIndex())
    source.fail()  # a failed page (the user was told) lets paging try again
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    source.deliver()
    assert model.rowCount() == 400
    model.fetchMore(QModelIndex())
    model.reload()  # a new query: the page still on its way belongs to the old one
    source.deliver(0)
    assert model.rowCount() == 400
    source.deliver(0)
    assert model.rowCount() == 200 and model.canFetchMore(QModelIndex())


def test_readiness_is_honest_without_a_release_date_or_an_agreed_plan(qapp) -> None:  # type: ignore[no-untyped-def]
    def row(n: int, release: dt.date | None, agreed: bool) -> CaseloadRow:
        return CaseloadRow(
            id=n,
            name=f"Person {n}",
            prison_number=f"A{n:04d}BC",
            crn=f"X{n:06d}",
            release_date=release,
            officer=None,
            establishment=None,
            plan_agreed=agreed,
        )

    rows = [
        row(1, None, False),
        row(2, None, True),
        row(3, TODAY - dt.timedelta(days=3), False),
        row(4, TODAY - dt.timedelta(days=3), True),
        row(5, TODAY + dt.timedelta(days=60), False),  # a draft plan, or none
        row(6, TODAY + dt.timedelta(days=30), True),
        row(7, TODAY + dt.timedelta(days=30), False).model_copy(
            update={"open_other_essentials": 2}
        ),
    ]
    page = CaseloadPage(rows=tuple(rows))
    model = CaseloadTableModel(synchronous(lambda _query: page), today=lambda: TODAY)
    model.reload()
    readiness = COLUMNS.index(CaseloadColumn.READINESS)
    texts = [model.data(model.index(r, readiness)) for r in range(len(rows))]
    assert texts == [
        "No release date",
        "No release date",
        "Released: no agreed plan",
        "Ready (100)",  # released with an agreed plan and nothing open
        "Plan not agreed",  # everything else done, but never "Ready" without an agreed plan
        "Ready (100)",
        "At risk (63), plan not agreed",  # 30 days away with no plan: never "On track (76)"
    ]
    tooltip = model.data(model.index(4, readiness), Qt.ItemDataRole.ToolTipRole)
    assert "no plan is agreed" in tooltip
    # No release date: labelled as a group of people, in the date columns too, not left blank.
    release = COLUMNS.index(CaseloadColumn.RELEASE_DATE)
    days = COLUMNS.index(CaseloadColumn.DAYS_TO_RELEASE)
    assert model.data(model.index(0, release)) == "No release date"
    assert model.data(model.index(0, days)) == "—"
    explained = model.data(model.index(0, days), Qt.ItemDataRole.ToolTipRole)
    assert "listed together, after everyone with a date" in explained
    assert model.data(model.index(4, release)) == (TODAY + dt.timedelta(days=60)).strftime(
        "%d %b %Y"
    )
    tooltip = model.data(model.index(6, readiness), Qt.ItemDataRole.ToolTipRole)
    assert tooltip == (
        "0 critical and 2 other release-day essentials still open; no plan agreed yet"
    )


def test_the_readiness_header_explains_every_level(qapp) -> None:  # type: ignore[no-untyped-def]
    """Officers' trial: nothing on screen said what "On track (87)" or "At risk" meant."""
    from resettle.domain.readiness import ReadinessLevel as Level

    model = CaseloadTableModel(synchronous(lambda _query: CaseloadPage(rows=())))
    readiness = COLUMNS.index(CaseloadColumn.READINESS)
    explained = model.headerData(readiness, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    for level in Level:
        if level is not Level.NO_RELEASE_DATE:  # shown in the date columns' own words
            assert level.label in explained, level
    name = COLUMNS.index(CaseloadColumn.NAME)
    assert model.headerData(name, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_closed_cases_are_grey_and_italic_in_every_column(qapp) -> None:  # type: ignore[no-untyped-def]
    from resettle.ui.caseload_model import CLOSED_COLOUR

    source = FakeSource(3)
    source.rows[1] = source.rows[1].model_copy(update={"closed": True})
    model = CaseloadTableModel(synchronous(source), today=lambda: TODAY)
    model.reload()
    for column in range(model.columnCount()):
        closed = model.index(1, column)
        assert model.data(closed, Qt.ItemDataRole.ForegroundRole) == CLOSED_COLOUR
        assert model.data(closed, Qt.ItemDataRole.FontRole).italic()
        open_font = model.data(model.index(2, column), Qt.ItemDataRole.FontRole)
        assert open_font is None
        assert model.data(model.index(2, column), Qt.ItemDataRole.ForegroundRole) != CLOSED_COLOUR
    assert model.data(model.index(1, COLUMNS.index(CaseloadColumn.READINESS))) == "Case closed"


def test_the_days_header_explains_the_grouped_order(qapp) -> None:  # type: ignore[no-untyped-def]
    model = CaseloadTableModel(synchronous(FakeSource(3)), today=lambda: TODAY)
    model.reload()
    days = COLUMNS.index(CaseloadColumn.DAYS_TO_RELEASE)
    assert model.grouped_order()
    tooltip = model.headerData(days, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith("Sorted: upcoming releases, soonest first")
    model.sort(COLUMNS.index(CaseloadColumn.NAME))
    assert not model.grouped_order()
    assert model.headerData(days, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) is None


def test_the_outcome_check_column_says_due_overdue_or_next(qapp) -> None:  # type: ignore[no-untyped-def]
    from resettle.domain.caseload import OutcomeCheckDue
    from resettle.ui.caseload_model import OUTCOME_CHECK_COLOURS

    def row(
        n: int, release: dt.date | None, due: dt.date | None, closed: bool = False
    ) -> CaseloadRow:
        return CaseloadRow(
            id=n,
            name=f"Person {n}",
            prison_number=f"A{n:04d}BC",
            crn=f"X{n:06d}",
            release_date=release,
            officer=None,
            establishment=None,
            outcome_check_due_on=due,
            closed=closed,
        )

    past = TODAY - dt.timedelta(days=60)
    rows = [
        row(1, TODAY - dt.timedelta(days=1), TODAY),  # the first night's, due today
        # The 6 weeks' check, due 14 days ago: still "due".
        row(2, TODAY - dt.timedelta(days=56), TODAY - dt.timedelta(days=14)),
        row(3, past, TODAY - dt.timedelta(days=15)),  # overdue
        row(4, past, dt.date(2027, 1, 5)),  # released, next check later
        # The treatment start's 3 weeks: its short name (a trial: "treatment st..." cut off).
        row(8, TODAY - dt.timedelta(days=22), TODAY - dt.timedelta(days=1)),
        row(5, TODAY + dt.timedelta(days=9), TODAY + dt.timedelta(days=10)),  # not released
        row(6, past, None),  # every check recorded
        row(7, None, None),
    ]
    model = CaseloadTableModel(
        synchronous(lambda _q: CaseloadPage(rows=tuple(rows))), today=lambda: TODAY
    )
    model.reload()
    column = COLUMNS.index(CaseloadColumn.OUTCOME_CHECK)
    texts = [model.data(model.index(r, column)) for r in range(len(rows))]
    assert texts == [
        "Due: first night 23 Nov",
        "Due: 6 weeks 9 Nov",
        "Overdue: 8 Nov",  # a due day no point has (not in real data): the date alone
        "Next: 5 Jan",
        "Due: treatment start 22 Nov",
        "",
        "",
        "",
    ]
    colours = [model.data(model.index(r, column), Qt.ItemDataRole.ForegroundRole) for r in range(3)]
    assert colours == [
        OUTCOME_CHECK_COLOURS[OutcomeCheckDue.DUE],
        OUTCOME_CHECK_COLOURS[OutcomeCheckDue.DUE],
        OUTCOME_CHECK_COLOURS[OutcomeCheckDue.OVERDUE],
    ]
    tooltip = model.data(model.index(2, column), Qt.ItemDataRole.ToolTipRole)
    assert "08 Nov 2026" in tooltip
    assert model.data(model.index(3, column), Qt.ItemDataRole.ToolTipRole) is None
    model.sort(column)
    assert model.query.sort is CaseloadColumn.OUTCOME_CHECK
