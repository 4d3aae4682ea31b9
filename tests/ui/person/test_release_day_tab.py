"""Release day: each essential's own fields, done needs a date, readiness shown."""

from __future__ import annotations

import datetime as dt

from resettle.domain import clock
from resettle.domain.essentials import AccommodationType, EssentialKind
from resettle.domain.plan import ActionStatus
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.release_day_tab import ReleaseDayTab
from tests.ui.person.support import choose, saved_record
from tests.ui.saving import save_and_wait


def _release_day(window: PersonWindow) -> ReleaseDayTab:
    tab = window.tab_of(ReleaseDayTab)
    assert isinstance(tab, ReleaseDayTab)
    window.show_tab(tab)
    return tab


def test_an_essential_done_needs_its_date_and_details(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _release_day(window)
    assert "Readiness:" in tab.readiness.text() and "of 100" in tab.readiness.text()
    assert tab.readiness_detail.text().startswith("5 critical and 5 other essentials still open")
    tab.table.selectRow(0)
    page = tab.page(EssentialKind.FIRST_NIGHT_ADDRESS)
    assert tab.stack.currentWidget() is page
    fields = page.form.fields
    choose(fields["status"].widget, ActionStatus.DONE)  # type: ignore[arg-type]
    assert page.form.problem_for("action_date") == "Date: is required once it is done"
    assert page.form.problem_for("address") == "Address: is required once it is done"
    assert save_and_wait(qtbot, window) is False
    assert saved_record(workspace, window.session.person_id).essentials[0].status is (
        ActionStatus.TO_DO
    )
    fields["action_date"].widget.editor.setText(f"{clock.today():%d/%m/%Y}")  # type: ignore[attr-defined]
    fields["address"].widget.setPlainText("Flat 2, 10 Quay Street, Exeter")  # type: ignore[attr-defined]
    choose(fields["accommodation_type"].widget, AccommodationType.CAS3)  # type: ignore[arg-type]
    fields["who"].widget.setText("CAS3 team")  # type: ignore[attr-defined]
    assert tab.essentials.display_rows()[0][:3] == [
        "First-night address",
        "Critical",
        "Done (edited)",
    ]
    assert save_and_wait(qtbot, window)
    saved = saved_record(workspace, window.session.person_id).essentials[0]
    assert saved.status is ActionStatus.DONE and saved.action_date == clock.today()
    assert saved.address == "Flat 2, 10 Quay Street, Exeter"  # type: ignore[union-attr]
    assert saved.accommodation_type is AccommodationType.CAS3  # type: ignore[union-attr]
    assert tab.essentials.display_rows()[0][2:] == [
        "Done",
        clock.today().strftime("%d %b %Y"),
        "CAS3 team",
    ]
    assert tab.readiness_detail.text().startswith("4 critical and 5 other")
    assert not tab.dirty


def test_several_essentials_save_together(
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:  # type: ignore[no-untyped-def]
    tab = _release_day(window)
    for kind in (EssentialKind.NALOXONE, EssentialKind.BANK_ACCOUNT):
        page = tab.show_kind(kind)
        choose(page.form.fields["status"].widget, ActionStatus.NOT_NEEDED)  # type: ignore[arg-type]
    assert tab.edited_kinds() == [EssentialKind.BANK_ACCOUNT, EssentialKind.NALOXONE]
    assert save_and_wait(qtbot, window)
    saved = {e.kind: e.status for e in saved_record(workspace, window.session.person_id).essentials}
    assert saved[EssentialKind.NALOXONE] is ActionStatus.NOT_NEEDED
    assert saved[EssentialKind.BANK_ACCOUNT] is ActionStatus.NOT_NEEDED


def test_marking_an_essential_done_dates_it_today(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow
) -> None:
    """Officers' trials: Done kept the due date it held (21 Nov) as the day it was done."""
    tab = _release_day(window)
    tab.table.selectRow(0)
    page = tab.page(EssentialKind.FIRST_NIGHT_ADDRESS)
    fields = page.form.fields
    due = clock.today() - dt.timedelta(days=10)
    fields["action_date"].widget.set_value(due)  # type: ignore[attr-defined]
    status = fields["status"].widget
    index = list(status.values()).index(ActionStatus.DONE)  # type: ignore[attr-defined]
    status.setCurrentIndex(index)  # type: ignore[attr-defined]
    status.activated.emit(index)  # type: ignore[attr-defined]  # as a user's pick does
    assert fields["action_date"].widget.value() == clock.today()  # type: ignore[attr-defined]
    assert page.form.problem_for("action_date") == ""


def test_picking_done_again_keeps_the_day_it_was_done(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _release_day(window)
    tab.table.selectRow(0)
    page = tab.page(EssentialKind.FIRST_NIGHT_ADDRESS)
    fields = page.form.fields
    done_on = clock.today() - dt.timedelta(days=5)
    choose(fields["status"].widget, ActionStatus.DONE)  # type: ignore[arg-type]
    fields["action_date"].widget.set_value(done_on)  # type: ignore[attr-defined]
    fields["address"].widget.setPlainText("Flat 2, 10 Quay Street, Exeter")  # type: ignore[attr-defined]
    choose(fields["accommodation_type"].widget, AccommodationType.CAS3)  # type: ignore[arg-type]
    assert save_and_wait(qtbot, window)
    status = fields["status"].widget
    index = list(status.values()).index(ActionStatus.DONE)  # type: ignore[attr-defined]
    status.activated.emit(index)  # type: ignore[attr-defined]  # Done picked again
    assert fields["action_date"].widget.value() == done_on  # type: ignore[attr-defined]
    assert not tab.dirty


def test_every_problem_of_an_essential_shows_at_once_as_typed(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow
) -> None:
    """The trial: ID Done with a future date said "Type of ID" at the first Save and "Date"
    only at the second (with "Date:" repeated under the Date field). Both show as the
    fields are edited, each under its field without its caption, and the list on the left
    shows the edit as unsaved rather than the old status."""
    tab = _release_day(window)
    page = tab.show_kind(EssentialKind.ID_DOCUMENT)
    fields = page.form.fields
    choose(fields["status"].widget, ActionStatus.DONE)  # type: ignore[arg-type]
    future = clock.today() + dt.timedelta(days=3)
    fields["action_date"].widget.editor.setText(f"{future:%d/%m/%Y}")  # type: ignore[attr-defined]
    problems = {problem.field for problem in page.form.problems}
    assert problems == {"id_type", "action_date"}
    assert fields["action_date"].problem.text() == "Cannot be in the future once it is done"
    assert fields["id_type"].problem.text() == "Is required once work on it has started"
    row = list(EssentialKind).index(EssentialKind.ID_DOCUMENT)
    assert tab.essentials.display_rows()[row][2] == "Done (edited)"
    assert len(tab.reveal_problems(focus=False)) == 2
