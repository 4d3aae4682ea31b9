"""The dashboard on the hand-counted caseload (``tests/services/measures_dataset.py``): every
figure in words, every figure's people opening in the main window's caseload with the figure's
own count under a banner naming it (from the table, its buttons, a bar, a table alternative's
cell and the officers' list), a period that ends before it starts refused, the figure's people
exported from the caseload as CSV, and the way back to the whole caseload."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from resettle.domain import clock
from resettle.domain.caseload import CaseloadFilters
from resettle.domain.caseload_report import ReportJustification
from resettle.domain.measure_figures import Part
from resettle.domain.measure_words import figure_words
from resettle.services.workspace import Workspace
from resettle.ui import caseload_export, caseload_filters_state
from resettle.ui.dashboard import window as dashboard
from resettle.ui.dashboard.window import DashboardWindow
from resettle.ui.main_window import MainWindow
from tests.background import wait_for_background
from tests.services.measures_dataset import TODAY, Dataset, build


@pytest.fixture
def dataset(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Dataset:
    monkeypatch.setattr(clock, "_day_source", lambda: TODAY)
    return build(workspace)


def _window(qtbot, workspace: Workspace) -> DashboardWindow:  # type: ignore[no-untyped-def]
    window = DashboardWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_background(qtbot)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0)
    return window


def _main(qtbot, workspace: Workspace) -> tuple[MainWindow, DashboardWindow]:  # type: ignore[no-untyped-def]
    """The main window (an officer's own caseload remembered, to show it is set aside) and
    its dashboard, the figures read."""
    caseload_filters_state.save(
        workspace.database_key, workspace.actor.username, CaseloadFilters(mine=True)
    )
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_for_background(qtbot)
    window = main.open_dashboard()
    assert isinstance(window, DashboardWindow)
    wait_for_background(qtbot)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0)
    return main, window


def _shown(qtbot, main: MainWindow) -> set[int]:  # type: ignore[no-untyped-def]
    """The ids the caseload lists once the figure's people have arrived (every page)."""
    wait_for_background(qtbot)
    qtbot.waitUntil(lambda: "Reading" not in main.figure_banner.text.text())
    while main.model.canFetchMore():
        main.model.fetchMore()
        wait_for_background(qtbot)
    return {main.model.row_at(n).id for n in range(main.model.rowCount())}


def test_every_figure_is_in_words_beside_the_national_one(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, workspace)
    rows = {row.figure.code: row for row in window.model.rows()}
    first_night = rows["MI014"]
    assert first_night.words == "3 of 4 (75.0%), 3 excluded (1 unknown, 2 not recorded)"
    assert first_night.national == "84.0% (2024/25)"
    assert rows["MI016"].words.endswith("unknown or unavailable for work, 3 not recorded)")
    assert all(row.words == figure_words(row.figure) for row in rows.values())
    assert "releases_by_week" not in rows and "caseload_per_officer" not in rows  # charts, list
    assert "Looks at: People released in the period" in window.definition.text()


def test_each_part_of_each_figure_opens_exactly_its_people_in_the_caseload(  # type: ignore[no-untyped-def]
    qtbot, workspace, dataset
) -> None:
    main, window = _main(qtbot, workspace)
    checked = 0
    for number, row in enumerate(window.model.rows()):
        window.table.selectRow(number)
        for part in row.figure.parts():
            if part not in window.part_buttons:
                continue
            qtbot.mouseClick(window.part_buttons[part], Qt.MouseButton.LeftButton)
            shown = _shown(qtbot, main)
            assert len(shown) == row.figure.count(part), (row.figure.key, part)
            assert main.model.query.figure is not None
            assert main.model.query.figure.key == row.figure.key
            assert window.isVisible()  # the dashboard stays open
            checked += 1
    assert checked >= 30


def test_a_figure_shows_in_the_caseload_under_a_banner_until_cleared(  # type: ignore[no-untyped-def]
    qtbot, workspace, dataset
) -> None:
    main, window = _main(qtbot, workspace)
    mine = {main.model.row_at(n).id for n in range(main.model.rowCount())}
    window.table.selectRow(0)
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert sorted(dataset.numbers(_shown(qtbot, main))) == [1, 5, 11]
    banner = main.figure_banner.text.text()
    assert banner.startswith(
        "People of the dashboard figure Housed on the first night after release (MI014): "
        "counted · period 24 Nov 2025 to 23 Nov 2026"
    )
    assert banner.endswith("· 3 people (your search and filters are set aside meanwhile)")
    assert main.figure_banner.isVisible() and not main.summary.isVisible()
    assert not main.search_box.isEnabled() and not main.only_mine.isEnabled()
    assert not main.filter_bar.isEnabled() and not main.show_closed.isEnabled()
    qtbot.waitUntil(lambda: main.count_label.text().startswith("3 people"))
    assert not main.table.isColumnHidden(main.model.columnCount() - 2)  # Answer
    assert main.table.isColumnHidden(2)  # the CRN gives way to it
    with workspace.uow() as uow:
        row = uow.audit.latest(1)[0]
        assert row.action == "measure.people_listed" and dict(row.details)["people"] == 3
    qtbot.mouseClick(main.figure_banner.clear_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert not main.figure_banner.isVisible() and main.summary.isVisible()
    assert main.search_box.isEnabled() and main.only_mine.isChecked()
    assert main.model.query.figure is None
    assert {main.model.row_at(n).id for n in range(main.model.rowCount())} == mine
    assert main.table.isColumnHidden(main.model.columnCount() - 2)
    assert not main.table.isColumnHidden(2)


def test_bars_and_their_table_cells_open_their_people(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    main, window = _main(qtbot, workspace)
    weeks = window.charts[dashboard.RELEASES_BY_WEEK]
    assert (
        weeks.data.categories[4] == "w/c 23 Nov (this week)" and weeks.data.series[0].values[4] == 1
    )
    weeks.choose_bar(4)
    assert dataset.numbers(_shown(qtbot, main)) == {6}
    assert (
        "w/c 23 Nov (this week): counted · today's work · 1 person"
        in main.figure_banner.text.text()
    )
    assert main.table.isColumnHidden(main.model.columnCount() - 2)  # a process measure
    outcomes = window.charts["outcomes"]
    assert outcomes.data.categories[0] == "MI014"
    qtbot.mouseClick(outcomes.toggle, Qt.MouseButton.LeftButton)
    not_counted = outcomes.data.table_header().index("Not counted") - 1
    outcomes.table.setCurrentCell(0, not_counted)
    qtbot.keyClick(outcomes.table, Qt.Key.Key_Return)
    assert dataset.numbers(_shown(qtbot, main)) == {2}  # rough sleeping
    assert "· 1 person (" in main.figure_banner.text.text()
    answer = main.model.index(0, main.model.columnCount() - 2)
    assert main.model.data(answer) == "Rough sleeping"
    assert main.model.data(main.model.index(0, main.model.columnCount() - 1)) != ""


def test_the_outcomes_by_category_open_each_categorys_people(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    main, window = _main(qtbot, workspace)
    accommodation = window.charts["answers:Accommodation after release, by category"]
    assert accommodation.data.categories == ("First night (MI014)", "3 months (MI015)")
    settled = [s.name for s in accommodation.data.series].index("Settled accommodation")
    assert accommodation.data.series[settled].values[0] == 2
    accommodation.choose_bar(settled * len(accommodation.data.categories))  # its first bar
    assert dataset.numbers(_shown(qtbot, main)) == {1, 11}
    assert "Settled accommodation" in main.figure_banner.text.text()
    # The table alternative, from the keyboard: C20's "Started later" is P2 alone.
    treatment = window.charts["answers:Drug or alcohol treatment after release"]
    qtbot.mouseClick(treatment.toggle, Qt.MouseButton.LeftButton)
    later = treatment.data.table_header().index("Started later") - 1
    treatment.table.setCurrentCell(0, later)
    qtbot.keyClick(treatment.table, Qt.Key.Key_Return)
    assert dataset.numbers(_shown(qtbot, main)) == {2}


def test_the_officers_list_opens_an_officers_people(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    main, window = _main(qtbot, workspace)
    names = [window.officers_model.row_at(n).group_label for n in range(3)]
    assert "No responsible officer" in names
    for number in range(window.officers_model.rowCount()):
        figure = window.officers_model.row_at(number)
        window.officers.selectRow(
            window.officers.model().mapFromSource(window.officers_model.index(number, 0)).row()
        )
        qtbot.keyClick(window.officers, Qt.Key.Key_Return)
        assert len(_shown(qtbot, main)) == figure.numerator


def test_a_person_of_an_outcome_figure_opens_on_after_release(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    from resettle.ui.person import PersonWindow
    from resettle.ui.person.outcome_checks_tab import OutcomeChecksTab

    main, window = _main(qtbot, workspace)
    window.drill_chosen(Part.NUMERATOR)  # MI014
    _shown(qtbot, main)
    main.table.selectRow(0)
    main.open_selected()
    qtbot.waitUntil(lambda: bool(main.findChildren(PersonWindow)))
    wait_for_background(qtbot)
    person = main.findChildren(PersonWindow)[0]
    shown = person.tab_widget.tabText(person.tab_widget.currentIndex()).replace("&", "")
    assert shown == OutcomeChecksTab.TITLE == "After release"
    person.close()
    wait_for_background(qtbot)


def test_a_period_ending_before_it_starts_is_refused_naming_it(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, workspace)
    shown = window.figures
    window.period_from.set_value(dt.date(2026, 12, 1))
    window.period_to.set_value(dt.date(2026, 11, 1))
    qtbot.mouseClick(window.apply_button, Qt.MouseButton.LeftButton)
    assert window.message.isVisible()
    assert window.message.text() == "The period starts (01 Dec 2026) after it ends (01 Nov 2026)."
    assert window.shown.text().startswith("Figures for releases from 24 Nov 2025 to 23 Nov 2026")
    assert window.figures is shown  # nothing read again


def test_a_narrower_period_reads_the_figures_again(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, workspace)
    window.period_from.set_value(dt.date(2026, 6, 1))
    qtbot.mouseClick(window.apply_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    rows = {row.figure.code: row for row in window.model.rows()}
    assert rows["MI014"].figure.count(Part.EXCLUDED) == 2  # P3 and P4 (P8: April)


def test_a_figures_people_export_from_the_caseload_as_csv(  # type: ignore[no-untyped-def]
    qtbot, workspace, dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    main, window = _main(qtbot, workspace)
    window.drill_chosen(Part.DENOMINATOR)
    _shown(qtbot, main)
    target = tmp_path / "first night.csv"
    monkeypatch.setattr(caseload_export, "choose_file", lambda _owner, _name: target)
    main.export_list()
    wait_for_background(qtbot)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Name", "Prison number"] and rows[0][-3] == "First night answer"
    assert len(rows) - 1 == 4 == main.model.rowCount()
    # On screen too, the answer names its check (a trial read it as the next check's).
    from resettle.ui.caseload_model import COLUMNS

    header = main.model.headerData(len(COLUMNS), Qt.Orientation.Horizontal)
    assert header == "First night answer"


def test_the_report_is_printed_from_the_dashboard_with_its_justification(  # type: ignore[no-untyped-def]
    qtbot, workspace, dataset, tmp_path: Path
) -> None:
    window = _window(qtbot, workspace)
    # The window fits a 1366 px screen (a trial: the filters pushed it to 1,394).
    assert window.minimumSizeHint().width() <= 1366 and window.width() <= 1366
    # A filter chosen but not yet shown: the report would not be of the figures on screen.
    window.pathway.setCurrentIndex(1)
    assert window.print_report() is None
    assert "press Show figures first" in window.message.text()
    window.pathway.setCurrentIndex(0)
    dialog = window.print_report()
    assert dialog is not None
    target = tmp_path / "report.pdf"
    dialog._save_path = lambda _parent, _name: str(target)
    dialog.print_report()  # no justification chosen yet
    assert dialog.message.text() == "Why: choose why the report is printed."
    assert not target.exists()
    dialog.justification.set_value(ReportJustification.PERFORMANCE_REVIEW)
    dialog.redact.setChecked(True)
    dialog.print_report()
    wait_for_background(qtbot, timeout=30_000)
    assert target.read_bytes().startswith(b"%PDF")
    assert dialog.message.text() == f"Saved the report to {target}"
    with workspace.uow() as uow:
        row = next(r for r in uow.audit.latest(10) if r.person_id is None)
        assert row.action == "caseload_report.printed"
        assert dict(row.details)["justification"] == "performance_review"
        assert dict(row.details)["redacted"] is True


def test_a_cancelled_report_is_neither_saved_nor_recorded(  # type: ignore[no-untyped-def]
    qtbot, workspace, dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(qtbot, workspace)
    dialog = window.print_report()
    assert dialog is not None
    target = tmp_path / "report.pdf"
    dialog._save_path = lambda _parent, _name: str(target)
    dialog.justification.set_value(ReportJustification.INSPECTION)
    from resettle.ui import worker

    monkeypatch.setattr(worker.Job, "cancelled", property(lambda _job: True))
    dialog.print_report()
    wait_for_background(qtbot, timeout=30_000)
    assert dialog.message.text() == "Cancelled: no report was made or recorded."
    assert not target.exists()
    with workspace.uow() as uow:
        assert not [r for r in uow.audit.latest(30) if r.action == "caseload_report.printed"]


def test_the_regions_reached_are_offered_and_narrow_the_figures(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    """A region holding the officer's team is offered, one holding only another team's is
    not; choosing it reads the figures of its people (here: all the officer reaches)."""
    with workspace.uow() as uow:
        north, south = uow.regions.add("NR", "North"), uow.regions.add("SR", "South")
        for team in uow.staff.teams():
            team.region_id = north.id if team.id == dataset.team_id else south.id
        uow.commit()
        north_id = north.id
    window = _window(qtbot, workspace)
    offered = [window.region.itemText(i) for i in range(window.region.count())]
    assert offered == ["All regions", "North"]
    everyone = [row.figure for row in window.model.rows()]
    window.region.setCurrentIndex(1)
    chosen = window.chosen_filters()
    assert chosen is not None and chosen.region_id == north_id
    qtbot.mouseClick(window.apply_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert [row.figure for row in window.model.rows()] == everyone
    assert window.shown.text().endswith("today's work. Only region: North.")  # named above


def test_the_officers_offered_are_the_chosen_teams(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    """A trial chose a team, then an officer of another team, and got no one."""
    from resettle.services.measures import DashboardChoices

    window = _window(qtbot, workspace)
    window._choices_arrived(
        DashboardChoices(
            teams=((1, "North"), (2, "South")),
            establishments=(),
            officers=((10, "Ann Ash"), (11, "Bob Birch"), (12, "Cy Both")),
            officer_teams=((10, 1), (11, 2), (12, 1), (12, 2)),
        )
    )
    wait_for_background(qtbot)

    def offered() -> list[str]:
        return [window.officer.itemText(i) for i in range(window.officer.count())]

    assert offered() == ["All officers", "Ann Ash", "Bob Birch", "Cy Both"]
    window.officer.set_value(11)
    window.team.set_value(1)
    assert offered() == ["All officers", "Ann Ash", "Cy Both"]
    assert window.officer.value() is None  # Bob is not in North: not kept chosen
    window.officer.set_value(12)
    window.team.set_value(2)
    assert offered() == ["All officers", "Bob Birch", "Cy Both"] and window.officer.value() == 12


def test_a_person_opened_from_outcome_checks_due_opens_on_after_release(  # type: ignore[no-untyped-def]
    qtbot, workspace, dataset
) -> None:
    """The officer came to record a check (a trial: it opened on Profile)."""
    from resettle.ui.person import PersonWindow

    main, _dashboard = _main(qtbot, workspace)
    main.outcome_checks_due.setChecked(True)
    wait_for_background(qtbot)
    qtbot.waitUntil(lambda: main.model.rowCount() > 0)
    main.table.selectRow(0)
    main.open_selected()
    qtbot.waitUntil(lambda: bool(main.findChildren(PersonWindow)))
    wait_for_background(qtbot)
    person = main.findChildren(PersonWindow)[0]
    shown = person.tab_widget.tabText(person.tab_widget.currentIndex()).replace("&", "")
    assert shown == "After release"
    person.close()
    wait_for_background(qtbot)
