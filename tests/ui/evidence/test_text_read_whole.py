"""The evidence tables show every name and reason whole on a 1366x768 laptop, at 100% and at
125% scaling (issue 11: "No label or table header is clipped"). Officers read why an item is
recommended without hovering: long text wraps and the row grows; the selected row's card
holds its full name and every reason."""

from __future__ import annotations

import contextlib
import re

import pytest
from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QTableView, QWidget
from pytestqt.exceptions import TimeoutError

from resettle.domain.case_flags import CaseFlag
from resettle.domain.record_parts import RecordPart
from resettle.services.case_record.read import open_case_record
from resettle.services.case_record.risk import set_case_flags
from resettle.services.workspace import Workspace
from resettle.ui.common import screen_fit
from resettle.ui.evidence import EvidenceBrowser, RecommendationsTab, open_evidence_browser
from resettle.ui.evidence.words import readable
from resettle.ui.screens import open_person_window
from tests.background import wait_for_background
from tests.ui.text_fit import cut_short_cells, cut_short_headers

LAPTOP = QRect(0, 0, 1366, 728)  # 1366x768 less a 40-pixel taskbar
#: The same laptop at 125% scaling, in the logical pixels Qt lays windows out in.
LAPTOP_AT_125 = QRect(0, 0, 1092, 582)


@pytest.fixture(params=[LAPTOP, LAPTOP_AT_125], ids=["100%", "125%"])
def laptop(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> QRect:
    area: QRect = request.param
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: QRect(area))
    return area


def _many_recommendations(workspace: Workspace, person_id: int) -> None:
    """Opioid use brings long names and reasons (naloxone, treatment continuity) to the top."""
    record = open_case_record(workspace.actor, workspace.uow(), person_id)
    version = record.revision(RecordPart.RISK)
    set_case_flags(workspace.actor, workspace.uow(), person_id, version, [CaseFlag.OPIOID_USE])


def _whole(qtbot, view: QTableView) -> None:  # type: ignore[no-untyped-def]
    """Rows take their height once laid out: wait for that, then say what is cut short."""
    with contextlib.suppress(TimeoutError):  # timed out: the assertion below says why
        qtbot.waitUntil(lambda: not cut_short_cells(view), timeout=3000)
    assert cut_short_cells(view) == []
    assert cut_short_headers(view) == []


def _after_queued_calls(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Return once the calls queued so far have run (zero-delay timers run in order)."""
    ran: list[bool] = []
    QTimer.singleShot(0, lambda: ran.append(True))
    qtbot.waitUntil(lambda: bool(ran))


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture
def recommendations(qtbot, workspace: Workspace, person_id: int, laptop: QRect):  # type: ignore[no-untyped-def]
    _many_recommendations(workspace, person_id)
    window = open_person_window(workspace, person_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    _after_queued_calls(qtbot)  # the window's own move to the first tab has run
    assert window.width() <= laptop.width()
    tab = window.tab_of(RecommendationsTab)
    window.show_tab(tab)
    qtbot.waitUntil(lambda: tab.recommendations.rowCount() > 3)
    yield tab
    window.close()
    wait_for_background(qtbot)


def test_recommended_and_excluded_items_are_read_whole(qtbot, recommendations) -> None:  # type: ignore[no-untyped-def]
    tab: RecommendationsTab = recommendations
    _whole(qtbot, tab.table)
    tab.sections.setCurrentIndex(1)
    qtbot.waitUntil(tab.exclusion_table.isVisible)
    _whole(qtbot, tab.exclusion_table)


def test_the_card_holds_the_full_name_and_every_reason(qtbot, recommendations) -> None:  # type: ignore[no-untyped-def]
    tab: RecommendationsTab = recommendations
    for row in range(tab.table.model().rowCount()):
        tab.table.selectRow(row)
        item = tab.selected()
        assert item is not None
        card = _words(tab.detail.toPlainText())
        assert item.item.name in card
        for reason in item.item.reasons:
            assert _words(readable(reason)) in card, reason


def test_the_evidence_browser_keeps_names_readable(qtbot, workspace, laptop: QRect) -> None:  # type: ignore[no-untyped-def]
    owner = QWidget()
    qtbot.addWidget(owner)
    open_evidence_browser(owner, workspace)
    (browser,) = owner.findChildren(EvidenceBrowser)
    qtbot.waitExposed(browser)
    assert browser.width() <= laptop.width()
    table = browser.table
    # A narrow window scrolls the table sideways rather than squeeze the names to a word a line.
    least = table.fontMetrics().horizontalAdvance("Accredited cognitive-behavioural")
    assert table.columnWidth(0) >= least
    _whole(qtbot, table)
    browser.close()
