"""The person window's tables show long names whole on a 1366x768 laptop, at 100% and at 125%
scaling (issue 11): the longest support need in the catalogue, in the Needs tab and as a plan
action, wraps onto a second line instead of being cut with "…"."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QTableView
from pytestqt.exceptions import TimeoutError as WaitTimedOut

from resettle.domain.pathways import Pathway
from resettle.services.case_record.needs import add_support_need
from resettle.services.people import register_person
from resettle.services.plans.edit import save_plan
from resettle.services.workspace import Workspace
from resettle.ui.common import screen_fit
from resettle.ui.person.needs_tab import NeedsTab
from resettle.ui.person.window import PersonWindow
from resettle.ui.plan.tab import PlanTab
from resettle.ui.screens import open_person_window
from tests.background import wait_for_background
from tests.factories import person_data
from tests.ui.text_fit import cut_short_cells, cut_short_headers

LONGEST = "Contact any support services they have previously used outside of prison"
LAPTOP = QRect(0, 0, 1366, 728)  # 1366x768 less a 40-pixel taskbar
LAPTOP_AT_125 = QRect(0, 0, 1092, 582)  # the same at 125% scaling, in logical pixels


@pytest.fixture(params=[LAPTOP, LAPTOP_AT_125], ids=["100%", "125%"])
def window(request, qtbot, monkeypatch, workspace: Workspace) -> Iterator[PersonWindow]:  # type: ignore[no-untyped-def]
    area: QRect = request.param
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: QRect(area))
    person_id = register_person(workspace.actor, workspace.uow(), person_data()).id
    add_support_need(
        workspace.actor, workspace.uow(), person_id, 0, {"code": "previous_services_contact"}
    )
    action = {
        "pathway": "drugs_alcohol",
        "what": LONGEST,
        "owner": "probation",
        "due": {"kind": "relative", "offset_days": -14},
    }
    beside = {  # the longest pathway and owner take room from the action's column
        "pathway": "attitudes_thinking_behaviour",
        "what": "Go to the first session",
        "owner": "person",
        "due": {"kind": "relative", "offset_days": 10},
    }
    save_plan(workspace.actor, workspace.uow(), person_id, None, [action, beside])
    opened = open_person_window(workspace, person_id)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    ran: list[bool] = []
    QTimer.singleShot(0, lambda: ran.append(True))  # after the window's own first focus
    qtbot.waitUntil(lambda: bool(ran))
    yield opened
    opened.close()
    wait_for_background(qtbot)


def _whole(qtbot, view: QTableView) -> None:  # type: ignore[no-untyped-def]
    with contextlib.suppress(WaitTimedOut):  # the assertion below says what is cut short
        qtbot.waitUntil(lambda: not cut_short_cells(view), timeout=3000)
    assert cut_short_cells(view) == []
    assert cut_short_headers(view) == []


def test_a_long_support_need_is_read_whole(qtbot, window: PersonWindow) -> None:  # type: ignore[no-untyped-def]
    needs = window.tab_of(NeedsTab)
    window.show_tab(needs)
    needs.show_pathway(Pathway.DRUGS_ALCOHOL)  # type: ignore[attr-defined]
    table = needs.support_table  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: table.isVisible() and table.model().rowCount() == 1)
    assert table.model().index(0, 0).data() == LONGEST
    _whole(qtbot, table)


def test_a_long_plan_action_is_read_whole(qtbot, window: PersonWindow) -> None:  # type: ignore[no-untyped-def]
    plan = window.tab_of(PlanTab)
    window.show_tab(plan)
    table = plan.table  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: table.isVisible() and table.model().rowCount() == 2)
    _whole(qtbot, table)
