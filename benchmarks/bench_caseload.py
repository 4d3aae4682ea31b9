"""Caseload benchmarks against a built database (called by run.py).

Each figure is its own metric, named for what it measures, with the median wall time and the
median CPU time of this process (the machine is shared: CPU time moves less with its load):

- ``sort_by_<column>`` / ``sort_by_<column>_descending``: the first page (200 rows) in that
  order, through the service (unit of work, readiness day check, query, rows);
- ``page_at_depth_<n>`` (default order), ``page_at_depth_<n>_by_<column>``: the page after
  the first ``n`` rows, from a keyset cursor;
- ``filter_<what>``: the first page with one filter on;
- ``ui_thread_*``: what runs on the UI thread: a page arriving in the model shown in a table
  view and painted (the first page of a query; the next page while scrolling), and choosing
  the starting filters;
- ``readiness_day_change``: moving every readiness score to the next day (once a day, on the
  first caseload read, off the UI thread).
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable

from resettle.domain.caseload import (
    CaseloadColumn,
    CaseloadFilters,
    CaseloadPage,
    CaseloadQuery,
    PlanStateFilter,
    ReleaseWindow,
)
from resettle.domain.pathways import Pathway
from resettle.domain.readiness import ReadinessLevel
from resettle.services.workspace import Workspace

Metrics = dict[str, dict[str, float]]
SORT_TARGET_MS = 150
PAGE_TARGET_MS = 50
UI_TARGET_MS = 50
DEPTHS = (1_000, 20_000, 80_000)


def measure(action: Callable[[], object], repeats: int, target: float) -> dict[str, float]:
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return {
        "median_ms": statistics.median(walls),
        "median_cpu_ms": statistics.median(cpus),
        "worst_ms": max(walls),
        "target_ms": target,
    }


def _cursor_at(workspace: Workspace, query: CaseloadQuery, depth: int) -> CaseloadQuery | None:
    """The query for the page after the first ``depth`` rows (walked in large pages)."""
    from resettle.services.caseload import list_caseload

    done = 0
    current = query
    while done < depth:
        step = min(5000, depth - done)
        page = workspace.run(list_caseload, current.model_copy(update={"limit": step}))
        done += len(page.rows)
        if page.next_cursor is None:
            return None
        current = current.model_copy(update={"after": page.next_cursor})
    return current.model_copy(update={"limit": 200})


def run_with(workspace: Workspace, repeats: int) -> Metrics:
    from resettle.services.caseload import list_caseload

    def first_page(query: CaseloadQuery) -> Callable[[], CaseloadPage]:
        return lambda: workspace.run(list_caseload, query)

    workspace.run(list_caseload, CaseloadQuery())  # the readiness day is today's
    results: Metrics = {}
    for column in CaseloadColumn:
        for descending in (False, True):
            name = f"sort_by_{column.value}" + ("_descending" if descending else "")
            query = CaseloadQuery(sort=column, descending=descending)
            results[name] = measure(first_page(query), repeats, SORT_TARGET_MS)

    orders = {
        "": CaseloadQuery(),
        "_by_readiness": CaseloadQuery(sort=CaseloadColumn.READINESS),
        "_by_name": CaseloadQuery(sort=CaseloadColumn.NAME),
        "_by_officer_descending": CaseloadQuery(sort=CaseloadColumn.OFFICER, descending=True),
    }
    for suffix, query in orders.items():
        for depth in DEPTHS if not suffix else DEPTHS[-1:]:
            deep = _cursor_at(workspace, query, depth)
            if deep is not None:
                results[f"page_at_depth_{depth}{suffix}"] = measure(
                    first_page(deep), repeats, PAGE_TARGET_MS
                )

    filters = {
        "filter_next_2_weeks": CaseloadFilters(release_window=ReleaseWindow.NEXT_2_WEEKS),
        "filter_recently_released": CaseloadFilters(release_window=ReleaseWindow.RECENTLY_RELEASED),
        "filter_open_need_accommodation": CaseloadFilters(pathway=Pathway.ACCOMMODATION),
        "filter_plan_draft": CaseloadFilters(plan_state=PlanStateFilter.DRAFT),
        "filter_no_plan": CaseloadFilters(plan_state=PlanStateFilter.NONE),
        "filter_readiness_urgent": CaseloadFilters(readiness=ReadinessLevel.URGENT),
        "filter_my_caseload": CaseloadFilters(mine=True),
        "filter_outcome_checks_due": CaseloadFilters(outcome_checks_due=True),
    }
    for name, chosen in filters.items():
        results[name] = measure(first_page(CaseloadQuery(filters=chosen)), repeats, SORT_TARGET_MS)
    results.update(_ui_thread(workspace, repeats))
    results.update(_change_watch(workspace, repeats))
    results["readiness_day_change"] = _day_change(workspace)
    return results


#: A look by the change watch runs every 20 s in the background: a few ms at most.
CHANGE_WATCH_TARGET_MS = 5


def _change_watch(workspace: Workspace, repeats: int) -> Metrics:
    """The change watch's look (``services/record_changes``): from the newest audit row (what
    a quiet poll costs), and from 200 rows back (a busy one)."""
    from resettle.services.record_changes import changes_since

    last = workspace.run(changes_since, None).last_id
    return {
        "change_watch_quiet_look": measure(
            lambda: workspace.run(changes_since, last), repeats, CHANGE_WATCH_TARGET_MS
        ),
        "change_watch_look_200_rows": measure(
            lambda: workspace.run(changes_since, max(last - 200, 0)),
            repeats,
            CHANGE_WATCH_TARGET_MS,
        ),
    }


def _ui_thread(workspace: Workspace, repeats: int) -> Metrics:
    """The model and view's work when a page arrives (the query itself ran off the thread)."""
    from PySide6.QtWidgets import QApplication, QTableView

    from resettle.services.caseload import default_filters, list_caseload
    from resettle.ui.caseload_model import CaseloadTableModel

    app = QApplication.instance() or QApplication([])
    first = workspace.run(list_caseload, CaseloadQuery())
    after = CaseloadQuery(after=first.next_cursor)
    second = workspace.run(list_caseload, after)
    pages = {None: first, first.next_cursor: second}

    def source(query, arrived, _failed):  # type: ignore[no-untyped-def]
        arrived(pages.get(query.after, second))

    model = CaseloadTableModel(source)
    view = QTableView()
    view.setModel(model)
    view.resize(1300, 600)
    view.show()
    app.processEvents()

    def reload() -> None:
        model.reload()
        app.processEvents()

    def next_page() -> None:
        model.fetchMore()
        app.processEvents()

    firsts = measure(reload, repeats, UI_TARGET_MS)
    nexts: list[dict[str, float]] = []
    for _ in range(repeats):
        reload()  # not measured: the next page is what is timed
        nexts.append(measure(next_page, 1, UI_TARGET_MS))
    results = {
        "ui_thread_first_page": firsts,
        "ui_thread_next_page": {
            "median_ms": statistics.median(m["median_ms"] for m in nexts),
            "median_cpu_ms": statistics.median(m["median_cpu_ms"] for m in nexts),
            "target_ms": UI_TARGET_MS,
        },
        "ui_thread_starting_filters": measure(
            lambda: workspace.run(default_filters), repeats, UI_TARGET_MS
        ),
    }
    view.close()
    view.deleteLater()
    app.processEvents()
    return results


def _day_change(workspace: Workspace) -> dict[str, float]:
    from resettle.services.caseload import list_caseload

    today = dt.date.today()
    tomorrow = CaseloadQuery(today=today + dt.timedelta(days=1), limit=1)
    measured = measure(lambda: workspace.run(list_caseload, tomorrow), 1, 2000)
    workspace.run(list_caseload, CaseloadQuery(limit=1))  # back to today
    return measured
