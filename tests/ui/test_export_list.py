""" "Export list" on the caseload window: the whole list as shown (not just the rows loaded),
saved where the user chose, UTF-8 with a byte-order mark, in the background."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMenu

from resettle.domain import clock
from resettle.domain.caseload import PAGE_SIZE
from resettle.domain.staff import Role
from resettle.services.registration import register_people
from resettle.services.workspace import Workspace
from resettle.ui import caseload_export
from resettle.ui.main_window import MainWindow
from tests.background import wait_for_background
from tests.factories import another_person, establishment, staff_member

COUNT = PAGE_SIZE + 30


def _window(qtbot, workspace: Workspace) -> MainWindow:  # type: ignore[no-untyped-def]
    main = MainWindow(workspace)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    wait_for_background(qtbot)
    return main


def _choose(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    """The save dialog answers ``path`` (None: Cancel); returns the names it suggested."""
    suggested: list[str] = []

    def answer(_parent, _caption, directory, _filter):  # type: ignore[no-untyped-def]
        suggested.append(directory)
        return ("" if path is None else str(path), "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return suggested


def _people(workspace: Workspace, count: int) -> None:
    today = clock.today()
    register_people(
        workspace.actor,
        workspace.uow(),
        [another_person(n, release_date=today + dt.timedelta(days=n % 90)) for n in range(count)],
    )


def test_the_whole_list_is_saved_with_a_byte_order_mark(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _people(workspace, COUNT)
    main = _window(qtbot, workspace)
    assert main.model.rowCount() == PAGE_SIZE  # one page loaded on screen
    assert main.export_button.isVisible()
    suggested = _choose(monkeypatch, tmp_path / "my list")  # no ending: .csv is added
    job = main.export_list()
    assert job is not None
    wait_for_background(qtbot)
    saved = tmp_path / "my list.csv"
    data = saved.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][0] == "Name" and len(rows) == COUNT + 1
    shown = [main.model.row_at(r).prison_number for r in range(main.model.rowCount())]
    assert [row[1] for row in rows[1 : PAGE_SIZE + 1]] == shown  # in the window's order
    assert "Zoë Ní Bhriain" in {row[0] for row in rows}  # accents survive
    assert suggested[0].endswith(f"caseload-{clock.today().isoformat()}.csv")
    assert main.statusBar().currentMessage() == f"Exported {COUNT} people to {saved}"
    assert not (tmp_path / "my list.csv.partial").exists()
    main.close()


def test_the_export_follows_the_search_and_filters_and_cancel_writes_nothing(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _people(workspace, 12)
    main = _window(qtbot, workspace)
    qtbot.keyClicks(main.search_box, "B0003CC")  # exported at once, before the search delay
    out = tmp_path / "out"
    out.mkdir()
    target = out / "one.csv"
    _choose(monkeypatch, target)
    main.export_list()
    wait_for_background(qtbot)
    rows = list(csv.reader(io.StringIO(target.read_text("utf-8-sig"), newline="")))
    assert [row[1] for row in rows[1:]] == ["B0003CC"]
    assert main.statusBar().currentMessage() == f"Exported 1 person to {target}"

    _choose(monkeypatch, None)
    assert main.export_list() is None  # cancelled: nothing read, nothing written
    assert sorted(p.name for p in out.iterdir()) == ["one.csv"]
    main.close()


def test_a_file_that_cannot_be_written_is_reported(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    _people(workspace, 2)
    main = _window(qtbot, workspace)
    warned: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, title, text: warned.append(text))
    )
    _choose(monkeypatch, tmp_path / "no-such-folder" / "list.csv")
    main.export_list()
    wait_for_background(qtbot)
    target = tmp_path / "no-such-folder" / "list.csv"
    assert warned == [f"The file {target} could not be written: its folder is not there"]
    main.close()


def test_prison_staff_have_no_export(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    leeds = establishment(workspace)
    staff = staff_member(workspace, "pat.gate", Role.PRISON_STAFF, leeds)
    main = _window(qtbot, Workspace(database=workspace.database, actor=staff))
    assert not main.export_button.isVisible()
    file_menu = main.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    menu_items = [a.text() for a in file_menu.actions()]
    assert "E&xport list…" not in menu_items
    asked = _choose(monkeypatch, Path("never.csv"))
    assert caseload_export.export_list(main, main.workspace, main.model.query) is None
    assert asked == []
    main.close()
