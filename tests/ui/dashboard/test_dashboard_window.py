"""The dashboard on the hand-counted caseload (``tests/services/measures_dataset.py``): every
figure in words, every figure's people opening with the figure's own count (from the table,
its buttons, a bar, a table alternative's cell and the officers' list), a period that ends
before it starts refused, and a figure's people exported as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from resettle.domain import clock
from resettle.domain.caseload_report import ReportJustification
from resettle.domain.measure_figures import Part
from resettle.domain.measure_words import figure_words
from resettle.services.workspace import Workspace
from resettle.ui.dashboard import window as dashboard
from resettle.ui.dashboard.drill_dialog import DrillDialog
from resettle.ui.dashboard.window import DashboardWindow
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


def _opened(qtbot, window: DashboardWindow) -> DrillDialog:  # type: ignore[no-untyped-def]
    wait_for_background(qtbot)
    dialog = window.dialogs[-1]
    qtbot.waitUntil(lambda: dialog.count.text() != "Reading…")
    return dialog


def _listed(dialog: DrillDialog) -> int:
    return dialog.model.rowCount()


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


def test_each_part_of_each_figure_opens_exactly_its_people(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, workspace)
    checked = 0
    for number, row in enumerate(window.model.rows()):
        window.table.selectRow(number)
        for part in row.figure.parts():
            if part not in window.part_buttons:
                continue
            qtbot.mouseClick(window.part_buttons[part], Qt.MouseButton.LeftButton)
            dialog = _opened(qtbot, window)
            assert _listed(dialog) == row.figure.count(part), (row.figure.key, part)
            dialog.close()
            checked += 1
    assert checked >= 30


def test_enter_on_a_figure_opens_the_people_it_counts(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, workspace)
    window.table.selectRow(0)
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    dialog = _opened(qtbot, window)
    assert dialog.windowTitle() == "Housed on the first night after release (MI014): counted"
    assert sorted(dataset.numbers([p.id for p in dialog.model.rows()])) == [1, 5, 11]


def test_bars_and_their_table_cells_open_their_people(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, workspace)
    weeks = window.charts[dashboard.RELEASES_BY_WEEK]
    assert weeks.data.categories[4] == "w/c 23 Nov" and weeks.data.series[0].values[4] == 1
    weeks.choose_bar(4)
    assert dataset.numbers([p.id for p in _opened(qtbot, window).model.rows()]) == {6}
    outcomes = window.charts["outcomes"]
    assert outcomes.data.categories[0] == "MI014"
    qtbot.mouseClick(outcomes.toggle, Qt.MouseButton.LeftButton)
    not_counted = outcomes.data.table_header().index("Not counted") - 1
    outcomes.table.setCurrentCell(0, not_counted)
    qtbot.keyClick(outcomes.table, Qt.Key.Key_Return)
    dialog = _opened(qtbot, window)
    assert dataset.numbers([p.id for p in dialog.model.rows()]) == {2}  # rough sleeping
    assert dialog.count.text() == "1 person"


def test_the_outcomes_by_category_open_each_categorys_people(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, workspace)
    accommodation = window.charts["answers:Accommodation after release, by category"]
    assert accommodation.data.categories == ("First night (MI014)", "3 months (MI015)")
    settled = [s.name for s in accommodation.data.series].index("Settled accommodation")
    assert accommodation.data.series[settled].values[0] == 2
    accommodation.choose_bar(settled * len(accommodation.data.categories))  # its first bar
    dialog = _opened(qtbot, window)
    assert dataset.numbers([p.id for p in dialog.model.rows()]) == {1, 11}
    assert dialog.windowTitle().endswith(": Settled accommodation: everyone measured")
    dialog.close()
    # The table alternative, from the keyboard: C20's "Started later" is P2 alone.
    treatment = window.charts["answers:Drug or alcohol treatment after release"]
    qtbot.mouseClick(treatment.toggle, Qt.MouseButton.LeftButton)
    later = treatment.data.table_header().index("Started later") - 1
    treatment.table.setCurrentCell(0, later)
    qtbot.keyClick(treatment.table, Qt.Key.Key_Return)
    dialog = _opened(qtbot, window)
    assert dataset.numbers([p.id for p in dialog.model.rows()]) == {2}


def test_the_officers_list_opens_an_officers_people(qtbot, workspace, dataset) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, workspace)
    names = [window.officers_model.row_at(n).group_label for n in range(3)]
    assert "No responsible officer" in names
    for number in range(window.officers_model.rowCount()):
        figure = window.officers_model.row_at(number)
        window.officers.selectRow(
            window.officers.model().mapFromSource(window.officers_model.index(number, 0)).row()
        )
        qtbot.keyClick(window.officers, Qt.Key.Key_Return)
        assert _listed(_opened(qtbot, window)) == figure.numerator


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


def test_a_figures_people_export_as_csv_with_a_byte_order_mark(
    qtbot, workspace, dataset, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, workspace)
    window.drill_chosen(Part.DENOMINATOR)
    dialog = _opened(qtbot, window)
    target = tmp_path / "first night.csv"
    dialog._save_path = lambda _parent, _name: str(target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Prison number", "Release date", "Officer"]
    assert len(rows) - 1 == 4 == _listed(dialog)
    assert "Saved the list to" in dialog.message.text()


def test_the_report_is_printed_from_the_dashboard_with_its_justification(
    qtbot, workspace, dataset, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, workspace)
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


def test_a_cancelled_report_is_neither_saved_nor_recorded(
    qtbot, workspace, dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
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
