"""The caseload window's filters: where each role opens, remembered between runs, and all of
them readable at 1366x768."""

from __future__ import annotations

import pytest

from resettle.domain.caseload import CaseloadFilters, PlanStateFilter, ReleaseWindow
from resettle.domain.pathways import Pathway
from resettle.domain.staff import Role
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from resettle.ui import caseload_filters_state
from resettle.ui.main_window import MainWindow
from tests.background import wait_for_background
from tests.factories import another_person, staff_member


def _window(qtbot, workspace: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_for_background(qtbot)
    return main


def _choose(combo, value) -> None:  # type: ignore[no-untyped-def]
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == value))


def test_an_officer_opens_on_their_own_caseload_and_choices_are_remembered(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    mine = register_person(workspace.actor, workspace.uow(), another_person(1)).id
    colleague = staff_member(workspace, "oli.officer")
    register_person(
        workspace.actor, workspace.uow(), another_person(2, responsible_officer_id=colleague.id)
    )
    first = _window(qtbot, workspace)
    assert first.only_mine.isChecked() and first.model.query.filters.mine
    assert [first.model.row_at(r).id for r in range(first.model.rowCount())] == [mine]
    _choose(first.filter_bar.release_window, ReleaseWindow.NEXT_4_WEEKS)
    _choose(first.filter_bar.pathway, Pathway.HEALTH)
    _choose(first.filter_bar.plan_state, PlanStateFilter.NONE)
    first.only_mine.setChecked(False)
    wait_for_background(qtbot)
    chosen = first.model.query.filters
    assert chosen == CaseloadFilters(
        release_window=ReleaseWindow.NEXT_4_WEEKS,
        pathway=Pathway.HEALTH,
        plan_state=PlanStateFilter.NONE,
    )
    first.close()

    second = _window(qtbot, workspace)  # the next run
    assert second.model.query.filters == chosen
    assert second.filter_bar.filters() == chosen
    assert not second.only_mine.isChecked()
    assert second.filter_bar.release_window.currentData() == ReleaseWindow.NEXT_4_WEEKS
    second.close()


def test_filters_are_remembered_per_database_so_another_starts_on_the_role_default(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, other_workspace: Workspace
) -> None:
    """demo.officer's choices on one database do not follow the user name to a new one."""
    assert other_workspace.actor.username == workspace.actor.username
    assert other_workspace.database_key != workspace.database_key
    first = _window(qtbot, workspace)
    first.only_mine.setChecked(False)
    first.show_closed.setChecked(True)
    wait_for_background(qtbot)
    assert first.model.query.filters == CaseloadFilters(include_closed=True)
    # Ticked, "Show closed cases" is named in the summary line.
    assert first.summary.filters.text() == "· No filters; closed cases shown"
    first.close()

    elsewhere = _window(qtbot, other_workspace)
    assert elsewhere.model.query.filters == CaseloadFilters(mine=True)
    assert elsewhere.only_mine.isChecked() and not elsewhere.show_closed.isChecked()
    elsewhere.close()
    again = _window(qtbot, workspace)  # the first database keeps its own choice
    assert again.model.query.filters == CaseloadFilters(include_closed=True)
    again.close()


def test_the_sort_arrow_shows_only_when_one_column_orders_the_list(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    from PySide6.QtCore import Qt

    from resettle.domain.caseload import CaseloadColumn
    from resettle.ui.caseload_model import COLUMNS

    main = _window(qtbot, workspace)
    header = main.table.horizontalHeader()
    # The opening order is grouped by days to release: no arrow can describe it.
    assert main.model.query.sort is CaseloadColumn.DAYS_TO_RELEASE
    assert not header.isSortIndicatorShown()
    name = COLUMNS.index(CaseloadColumn.NAME)
    main.table.sortByColumn(name, Qt.SortOrder.DescendingOrder)
    wait_for_background(qtbot)
    assert header.isSortIndicatorShown() and header.sortIndicatorSection() == name
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert main.model.query.sort is CaseloadColumn.NAME and main.model.query.descending
    main.table.sortByColumn(
        COLUMNS.index(CaseloadColumn.DAYS_TO_RELEASE), Qt.SortOrder.AscendingOrder
    )
    wait_for_background(qtbot)
    assert not header.isSortIndicatorShown()
    main.close()


def test_the_database_key_hides_the_password_and_the_path() -> None:
    from resettle.storage.engine import database_key, normalise_url

    key = database_key(normalise_url("postgresql://ann:secret@db.example:5432/resettle"))
    assert "secret" not in key and "resettle" not in key and len(key) == 16
    # Another login on the same server and database: the same database.
    assert key == database_key(normalise_url("postgresql://bob:other@db.example:5432/resettle"))
    assert key != database_key(normalise_url("postgresql://ann:secret@db.example:5432/training"))
    assert "case" not in database_key(normalise_url("sqlite:////srv/case/resettle.sqlite3"))


def test_unreadable_remembered_filters_fall_back_to_the_role_default(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    from PySide6.QtCore import QSettings

    key = caseload_filters_state.key(workspace.database_key, workspace.actor.username)
    QSettings().setValue(key, '{"release_window": "next_3_years"}')
    main = _window(qtbot, workspace)
    assert main.model.query.filters == CaseloadFilters(mine=True)
    main.close()


def test_prison_staff_see_a_key_worker_tick_box_and_managers_none(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    staff = staff_member(workspace, "pat.gate", Role.PRISON_STAFF)
    as_staff = _window(qtbot, Workspace(database=workspace.database, actor=staff))
    assert as_staff.only_mine.text() == "People I &key-work only"
    assert not as_staff.only_mine.isChecked()  # key-works nobody: opens on the establishment
    as_staff.close()
    manager = staff_member(workspace, "mo.manager", Role.MANAGER)
    as_manager = _window(qtbot, Workspace(database=workspace.database, actor=manager))
    assert as_manager.only_mine.isHidden()
    as_manager.close()


@pytest.mark.parametrize("width", [1366, 1100])
def test_every_filter_is_readable_on_a_laptop_screen(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, width: int
) -> None:
    main = _window(qtbot, workspace)
    main.resize(width, 700)
    qtbot.waitUntil(lambda: main.width() == width)
    assert main.minimumSizeHint().width() <= 1366
    bar = main.filter_bar
    combos = [bar.release_window, bar.pathway, bar.plan_state, bar.readiness]
    controls = [main.only_mine, main.outcome_checks_due, main.show_closed, main.search_box]
    for control in [*combos, *controls]:
        right = control.mapTo(main, control.rect().topRight()).x()
        assert 0 <= right <= main.width(), control.accessibleName()
    if width == 1366:  # at full width no choice is cut short
        for combo in combos:
            longest = max(
                combo.fontMetrics().horizontalAdvance(combo.itemText(i))
                for i in range(combo.count())
            )
            assert longest + 30 <= combo.width(), combo.accessibleName()
    main.close()


def test_remembered_filters_are_shown_named_when_they_hide_someone_and_cleared_by_keyboard(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    """A returning officer whose remembered filters hide the person searched for."""
    from PySide6.QtCore import Qt

    register_person(workspace.actor, workspace.uow(), another_person(1, family_name="Smith"))
    remembered = CaseloadFilters(
        release_window=ReleaseWindow.NEXT_2_WEEKS, plan_state=PlanStateFilter.DRAFT
    )
    caseload_filters_state.save(workspace.database_key, workspace.actor.username, remembered)
    main = _window(qtbot, workspace)
    summary = main.summary
    assert summary.isVisible() and summary.clear_button.isEnabled()
    qtbot.waitUntil(
        lambda: (
            summary.filters.text() == "· Nobody matches these filters: release in the next "
            "2 weeks, plan: draft. Clear filters to see everyone."
        )
    )
    qtbot.keyClicks(main.search_box, "smith")
    qtbot.waitUntil(
        lambda: (
            summary.filters.text()
            == "· Nobody matches ‘smith’ with these filters: release in the next 2 weeks, "
            "plan: draft. Clear filters to search everyone."
        )
    )
    assert main.count_label.text() == "Nobody found (restricted cases are not shown)"
    qtbot.keyClick(main, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # Clea&r filters
    qtbot.waitUntil(lambda: main.count_label.text() == "1 person (restricted cases are not shown)")
    # Back to where an officer's caseload opens (their own people), and the search cleared.
    officers_own = CaseloadFilters(mine=True)
    assert main.model.query.filters == officers_own and main.only_mine.isChecked()
    assert main.search_box.text() == "" and main.model.query.search == ""
    assert (
        caseload_filters_state.load(workspace.database_key, workspace.actor.username)
        == officers_own
    )
    assert summary.filters.text() == "· Filtered: my caseload only"
    assert not summary.clear_button.isEnabled()
    _choose(main.filter_bar.plan_state, PlanStateFilter.NONE)  # a filter that hides nobody
    qtbot.waitUntil(lambda: summary.filters.text() == "· Filtered: my caseload only, plan: none")
    assert main.filter_bar.release_window.currentData() == ReleaseWindow.ALL
    wait_for_background(qtbot)
    main.close()


def test_a_search_that_finds_nobody_anywhere_does_not_blame_the_filters(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    register_person(workspace.actor, workspace.uow(), another_person(1))
    main = _window(qtbot, workspace)  # an officer: opens on "My caseload only"
    assert main.summary.filters.text() == "· Filtered: my caseload only"
    qtbot.keyClicks(main.search_box, "nobody")
    qtbot.waitUntil(
        lambda: (
            main.summary.filters.text()
            == "· Nobody matches ‘nobody’. Closed cases are not searched."
        )
    )
    main.search_box.clear()  # a search that finds someone again
    qtbot.waitUntil(lambda: main.summary.filters.text() == "· Filtered: my caseload only")
    wait_for_background(qtbot)
    main.close()


def test_an_officer_whose_own_caseload_hides_the_person_is_told_to_untick_it(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    """Clear filters keeps "My caseload only", so it is not the advice."""
    colleague = staff_member(workspace, "oli.officer")
    register_person(
        workspace.actor,
        workspace.uow(),
        another_person(2, family_name="Smith", responsible_officer_id=colleague.id),
    )
    main = _window(qtbot, workspace)
    qtbot.keyClicks(main.search_box, "smith")
    qtbot.waitUntil(
        lambda: (
            main.summary.filters.text()
            == "· Nobody matches ‘smith’ with these filters: my caseload only. "
            "Untick “My caseload only” to search everyone."
        )
    )
    assert not main.summary.clear_button.isEnabled()
    wait_for_background(qtbot)
    main.close()


def test_prison_staff_are_told_whose_people_they_see(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    from tests.factories import establishment

    bristol = establishment(workspace, "BLI", "HMP Bristol")
    worker = staff_member(workspace, "kim.keyworker", Role.PRISON_STAFF, establishment_id=bristol)
    register_person(
        workspace.actor,
        workspace.uow(),
        another_person(1, establishment_id=bristol, key_worker_id=worker.id),
    )
    as_worker = _window(qtbot, Workspace(database=workspace.database, actor=worker))
    assert as_worker.summary.scope.text() == "People in HMP Bristol you key-work"
    as_worker.only_mine.setChecked(False)
    assert as_worker.summary.scope.text() == (
        "Everyone in HMP Bristol (prison staff see their own establishment only)"
    )
    wait_for_background(qtbot)
    as_worker.close()
    officer = _window(qtbot, workspace)
    assert officer.summary.scope.text() == (
        "Your caseload: the people you are the responsible officer for"
    )
    officer.close()


def test_the_programme_team_sees_its_establishment_and_is_told_so(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    from tests.factories import establishment

    bristol = establishment(workspace, "BLI", "HMP Bristol")
    leeds = establishment(workspace, "LEI", "HMP Leeds")
    tutor = staff_member(workspace, "tam.tutor", Role.PROGRAMME_TEAM, establishment_id=bristol)
    here = register_person(
        workspace.actor, workspace.uow(), another_person(1, establishment_id=bristol)
    )
    register_person(workspace.actor, workspace.uow(), another_person(2, establishment_id=leeds))
    as_tutor = _window(qtbot, Workspace(database=workspace.database, actor=tutor))
    assert as_tutor.only_mine.isHidden()
    assert as_tutor.summary.scope.text() == (
        "Everyone in HMP Bristol (the programme team sees its own establishment only)"
    )
    qtbot.waitUntil(lambda: as_tutor.model.rowCount() == 1)
    assert as_tutor.model.row_at(0).id == here.id
    wait_for_background(qtbot)
    as_tutor.close()


def test_outcome_checks_due_is_a_filter_remembered_named_and_cleared(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    import datetime as dt

    from resettle.domain import clock

    today = clock.today()
    due = register_person(
        workspace.actor,
        workspace.uow(),
        another_person(1, release_date=today - dt.timedelta(days=3)),
    ).id
    register_person(
        workspace.actor,
        workspace.uow(),
        another_person(2, release_date=today + dt.timedelta(days=30)),
    )
    main = _window(qtbot, workspace)
    assert main.model.rowCount() == 2
    main.outcome_checks_due.setChecked(True)
    wait_for_background(qtbot)
    assert main.model.query.filters == CaseloadFilters(mine=True, outcome_checks_due=True)
    assert [main.model.row_at(r).id for r in range(main.model.rowCount())] == [due]
    assert main.summary.filters.text() == "· Filtered: my caseload only, outcome checks due"
    assert main.summary.clear_button.isEnabled()
    main.close()

    again = _window(qtbot, workspace)  # remembered for the next run
    assert again.outcome_checks_due.isChecked()
    assert again.model.query.filters.outcome_checks_due
    again.clear_filters()
    wait_for_background(qtbot)
    assert not again.outcome_checks_due.isChecked()
    assert again.model.rowCount() == 2
    again.close()


def test_a_long_search_is_quoted_short_and_never_widens_the_window(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace
) -> None:
    main = _window(qtbot, workspace)
    main.resize(1000, 700)
    main.search_box.setText("Q" * 300)  # a paste: the box keeps its limit (200)
    qtbot.waitUntil(lambda: "Nobody matches" in main.summary.filters.text())
    said = main.summary.filters.text()
    assert "‘" + "Q" * 40 + "…’" in said and "Q" * 41 not in said
    wait_for_background(qtbot)
    # No label in the window asks for more than a 1366-pixel screen's width.
    assert main.minimumSizeHint().width() < 1366
    assert main.width() <= 1366
    main.close()
