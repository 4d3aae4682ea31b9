"""Every window and dialog fits a 1366x768 laptop with a taskbar, buttons in view.

The screen's available geometry is read in one place (``screen_fit.available_geometry``);
these tests make it a laptop's 1366x728 whatever screen the off-screen platform reports, open
each window, and look at every visible push button and button box: each must lie inside that
area. Buttons inside a scroll area's page are reached by scrolling, so for those the scroll
area itself must be inside.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QDialogButtonBox,
    QPushButton,
    QSplitter,
    QWidget,
)

from resettle.domain.retention import DueForReview, RetentionBasis
from resettle.domain.staff import Role
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.allocation_dialog import AllocationDialog
from resettle.ui.case_access.retention_decisions import EraseDialog, KeepDialog
from resettle.ui.case_access.retention_review import RetentionReviewDialog
from resettle.ui.common import screen_fit
from resettle.ui.common.disclosure_dialog import DisclosureDialog
from resettle.ui.common.keyboard_help import KeyboardHelpDialog
from resettle.ui.evidence import EvidenceBrowser, open_evidence_browser
from resettle.ui.evidence.pack_import import PackProblemsDialog
from resettle.ui.main_window import MainWindow
from resettle.ui.person.aftercare_dialogs import ProviderDialog, ReferralDialog
from resettle.ui.person.close_case_dialog import CloseCaseDialog
from resettle.ui.person.needs_tab import NeedsTab
from resettle.ui.person.new_person_dialog import NewPersonDialog
from resettle.ui.person.release_day_tab import ReleaseDayTab
from resettle.ui.person.risk_dialogs import ConfirmLevelDialog, RecordScoreDialog, RoshDialog
from resettle.ui.person.seen_by_dialog import SeenByDialog
from resettle.ui.plan.action_dialog import ActionDialog
from resettle.ui.plan.agree_dialog import AgreeDialog
from resettle.ui.plan.batch_dialog import BatchPrintDialog
from resettle.ui.plan.preview import PlanPreviewDialog
from resettle.ui.plan.suggestions_dialog import SuggestionsDialog
from resettle.ui.screens import open_person_window
from resettle.ui.subject_access_dialog import SubjectAccessDialog
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import person_data
from tests.ui.plan.support import RELEASE, SENTENCE

LAPTOP = QRect(0, 0, 1366, 728)  # 1366x768 less a 40-pixel taskbar


@pytest.fixture(autouse=True)
def laptop_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: QRect(LAPTOP))


@pytest.fixture
def person_id(workspace: Workspace) -> int:
    return register_person(workspace.actor, workspace.uow(), person_data()).id


def _global_rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _scrolled(widget: QWidget, window: QWidget) -> QAbstractScrollArea | None:
    """The scroll area whose page holds ``widget`` (None: it is not scrolled)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return grand
        parent = grand
    return None


def off_screen(window: QWidget) -> list[str]:
    """Every visible button (or the scroll area it is in) that reaches outside the laptop."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QPushButton | QDialogButtonBox) or not widget.isVisible():
            continue
        shown: QWidget = _scrolled(widget, window) or widget
        rect = _global_rect(shown)
        if not LAPTOP.contains(rect):
            text = widget.text() if isinstance(widget, QPushButton) else "button box"
            found.append(f"{type(window).__name__}: {text!r} at {rect.getRect()}")
    return found


def _check(qtbot, window: QWidget) -> list[str]:  # type: ignore[no-untyped-def]
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    problems = off_screen(window)
    if _outer_height(window) > LAPTOP.height():
        problems.append(f"{type(window).__name__} is {_outer_height(window)} high")
    return problems


def _outer_height(window: QWidget) -> int:
    """The window's height with a title bar. The off-screen platform draws a 2-pixel frame
    and no title bar, so the room a window manager takes (``screen_fit.FRAME_ALLOWANCE``) is
    added: a 700-pixel caseload window passed here and was too tall on a laptop."""
    with_title_bar = window.height() + screen_fit.FRAME_ALLOWANCE.height()
    return max(window.frameGeometry().height(), with_title_bar)


@pytest.fixture
def opened(qtbot) -> Iterator[list[QWidget]]:  # type: ignore[no-untyped-def]
    windows: list[QWidget] = []
    yield windows
    for window in windows:
        window.close()
    wait_for_background(qtbot)


def test_the_person_window_and_its_dialogs_fit(qtbot, workspace, person_id, opened) -> None:  # type: ignore[no-untyped-def]
    window = open_person_window(workspace, person_id)
    opened.append(window)
    problems = _check(qtbot, window)
    assert window.save_button.isVisible() and window.close_button.isVisible()
    session = window.session
    dialogs: list[Callable[[], QWidget]] = [
        lambda: RecordScoreDialog(session, window),
        lambda: RoshDialog(session, window),
        lambda: ConfirmLevelDialog(session, window),
        lambda: ProviderDialog(session, window),
        lambda: ReferralDialog(session, None, window),
        lambda: CloseCaseDialog(session, window),
        lambda: DisclosureDialog("Record a disclosure", "Record", window, recipient_needed=True),
        lambda: SeenByDialog(workspace, person_id, "Test Person", window),
    ]
    for make in dialogs:
        dialog = make()
        problems += _check(qtbot, dialog)
        dialog.close()
    assert problems == []


def test_every_tab_of_the_person_window_keeps_its_buttons_in_view(  # type: ignore[no-untyped-def]
    qtbot, workspace, person_id, opened
) -> None:
    window = open_person_window(workspace, person_id)
    opened.append(window)
    problems = _check(qtbot, window)
    for tab in window.tabs:
        window.show_tab(tab)
        qtbot.waitUntil(lambda tab=tab: tab.isVisible())
        problems += [f"{tab.title()}: {p}" for p in off_screen(window)]
    assert problems == []


def test_the_plan_preview_fits(qtbot, workspace, person_id, opened) -> None:  # type: ignore[no-untyped-def]
    preview = PlanPreviewDialog(workspace, person_id)
    opened.append(preview)
    assert _check(qtbot, preview) == []
    assert preview.save_button.isVisible() and preview.close_button.isVisible()


def test_the_evidence_browser_fits(qtbot, workspace, owner, opened) -> None:  # type: ignore[no-untyped-def]
    open_evidence_browser(owner, workspace)
    (browser,) = owner.findChildren(EvidenceBrowser)
    opened.append(browser)
    qtbot.waitExposed(browser)
    assert off_screen(browser) == []
    assert browser.frameGeometry().height() <= LAPTOP.height()


def test_the_caseload_window_and_its_keyboard_help_fit(qtbot, workspace, opened) -> None:  # type: ignore[no-untyped-def]
    main = MainWindow(workspace)
    opened.append(main)
    assert _check(qtbot, main) == []
    wait_for_background(qtbot)
    qtbot.keyClick(main, Qt.Key.Key_F1)
    (help_dialog,) = main.findChildren(KeyboardHelpDialog)
    text = help_dialog.text.toPlainText()
    assert "Alt+1" in text and "Go to the Profile tab" in text and "Ctrl+N" in text
    assert _check(qtbot, help_dialog) == []


DUE = DueForReview(
    person_id=1,
    prison_number="A1234BC",
    name="Alexandria Montgomery-Fitzwilliam",
    rule_name="7 years after licence end",
    counts_from=RetentionBasis.LICENCE_END,
    counted_from=dt.date(2014, 1, 1),
    due_on=dt.date(2021, 1, 1),
)


def test_the_other_dialogs_fit(qtbot, workspace, opened) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[QWidget] = [
        ActionDialog(None, RELEASE, SENTENCE),
        AgreeDialog("Demo Officer", 3),
        SuggestionsDialog([], RELEASE),
        BatchPrintDialog(workspace),
        NewPersonDialog(workspace, []),
        AllocationDialog(workspace, [1], []),
        PackProblemsDialog("pack.json", [], "2026.1"),
        RetentionReviewDialog(workspace_as(workspace, Role.MANAGER), Path("certificates")),
        KeepDialog(workspace, DUE, None),
        EraseDialog(workspace, DUE, Path("certificates"), None),
        SubjectAccessDialog(workspace, "A1234BC", "Zoë Ní Bhriain"),
    ]
    problems = []
    for dialog in dialogs:
        problems += _check(qtbot, dialog)
        dialog.close()
    wait_for_background(qtbot)  # the Allocate dialog reads the people it lists
    assert problems == []


def test_a_window_saved_on_a_bigger_screen_comes_back_inside(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    window.setGeometry(900, 500, 1900, 1000)
    screen_fit.fit_to_screen(window)
    frame = window.geometry().adjusted(0, 0, *screen_fit.FRAME_ALLOWANCE.toTuple())
    assert LAPTOP.contains(frame), frame


def test_pathway_and_essential_names_are_not_cut_short(qtbot, workspace, person_id, opened) -> None:  # type: ignore[no-untyped-def]
    window = open_person_window(workspace, person_id)
    opened.append(window)
    _check(qtbot, window)
    needs, release_day = window.tab_of(NeedsTab), window.tab_of(ReleaseDayTab)
    for tab, table in ((needs, needs.pathways_table), (release_day, release_day.table)):  # type: ignore[attr-defined]
        window.show_tab(tab)
        qtbot.waitUntil(table.isVisible)
        splitter = table.parentWidget()
        while not isinstance(splitter, QSplitter):
            splitter = splitter.parentWidget()
        splitter.setSizes([10, 5000])  # the user drags the table narrow, or the font is wide
        qtbot.waitUntil(lambda t=table: t.width() <= max(t.minimumWidth(), 100))
        header = table.horizontalHeader()
        needed = sum(
            max(header.sectionSizeHint(column), table.sizeHintForColumn(column))
            for column in range(table.model().columnCount())
        )
        assert needed <= table.viewport().width(), f"{tab.title()}: the names are cut short"


def test_a_long_header_wraps_instead_of_widening_the_person_window(  # type: ignore[no-untyped-def]
    qtbot, workspace, person_id, opened
) -> None:
    """A long establishment name, an officer's long name and a release flag made the header
    one line of 1,500 pixels, and the window could no longer fit the screen."""
    window = open_person_window(workspace, person_id)
    opened.append(window)
    facts = ["Prison number A1234BC", "CRN X123456", "HMP & YOI Long Establishment Name " * 3]
    facts += ["Officer: Alexandra Montgomery-Fitzwilliam", "Release 04 Apr 2027 (bank holiday)"]
    window.facts_label.setText("   ·   ".join(facts))
    window.layout().activate()
    assert window.minimumSizeHint().width() <= LAPTOP.width()
    assert window.facts_label.minimumSizeHint().width() < 600


def test_the_plan_tab_shows_preview_and_print_without_scrolling(  # type: ignore[no-untyped-def]
    qtbot, workspace, opened
) -> None:
    """A plan with a release-day band: the tab's page must not need scrolling on the laptop
    (its scroll area sizes a page with wrapped text by its preferred height, and the actions
    view asked for 336 pixels), so "Preview and print…" stays in view."""
    import datetime as dt

    from resettle.services.plans import edit
    from resettle.ui.plan.tab import PlanTab
    from tests.ui.plan.support import SENTENCE, action

    sunday = dt.date(2027, 1, 3)
    data = person_data(
        release_date=sunday,
        licence_end_date=sunday + dt.timedelta(days=365),
        sentence_date=SENTENCE,
        responsible_officer_id=workspace.actor.id,
    )
    person_id = register_person(workspace.actor, workspace.uow(), data).id
    actions = [action(f"Step {n}", due={"kind": "relative", "offset_days": n}) for n in range(8)]
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, actions)
    window = open_person_window(workspace, person_id)
    opened.append(window)
    _check(qtbot, window)
    plan = next(tab for tab in window.tabs if isinstance(tab, PlanTab))
    window.show_tab(plan)
    qtbot.waitUntil(plan.isVisible)
    assert plan.release_note.isVisible()
    area = _scrolled(plan.controls.preview, window)
    assert area is not None
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() == 0)
