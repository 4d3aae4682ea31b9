"""The New person dialog's establishment: typed, matched anywhere in the name (every name
starts "HMP"), chosen with Enter or Tab, and a name that matches nothing is a problem naming
the field, listed with the others when Save is pressed, never a silent wrong pick."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from resettle.services.people import get_person
from resettle.services.staff import list_establishments
from resettle.services.workspace import Workspace
from resettle.ui.person.new_person_dialog import NewPersonDialog
from tests.background import wait_for_background
from tests.factories import establishment

PRISONS = [("BLI", "HMP Bristol"), ("PVI", "HMP Pentonville"), ("LEI", "HMP Leeds")]


@pytest.fixture
def dialog(qtbot: Any, workspace: Workspace) -> NewPersonDialog:
    for code, name in PRISONS:
        establishment(workspace, code, name)
    shown = NewPersonDialog(workspace, workspace.run(list_establishments))
    qtbot.addWidget(shown)
    shown.start()
    qtbot.waitExposed(shown)
    return shown


def _type(qtbot: Any, dialog: NewPersonDialog, text: str) -> None:
    box = dialog.establishment_id
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)


def _id_of(workspace: Workspace, name: str) -> int:
    return next(e.id for e in workspace.run(list_establishments) if e.name == name)


def test_typing_pent_and_enter_picks_pentonville(
    qtbot: Any, dialog: NewPersonDialog, workspace: Workspace
) -> None:
    assert dialog.establishment_id.currentText() == "Not recorded"
    _type(qtbot, dialog, "pent")
    assert dialog.establishment_id.completer().popup().isVisible()
    qtbot.keyClick(dialog.establishment_id.lineEdit(), Qt.Key.Key_Return)
    assert dialog.establishment_id.currentText() == "HMP Pentonville"
    assert dialog.form.values()["establishment_id"] == _id_of(workspace, "HMP Pentonville")
    assert dialog.isVisible()  # Enter took the choice; it did not press Save
    assert dialog.form.problem_for("establishment_id") == ""


def test_a_name_matching_nothing_is_a_named_problem_among_the_others(
    qtbot: Any, dialog: NewPersonDialog
) -> None:
    _type(qtbot, dialog, "xyz")
    assert dialog.form.problem_for("establishment_id") == ""  # not while still typing
    qtbot.keyClick(dialog.establishment_id.lineEdit(), Qt.Key.Key_Tab)
    message = "Establishment: no establishment matches 'xyz'"
    assert dialog.form.problem_for("establishment_id") == message
    assert dialog.form.fields["establishment_id"].problem.text() == (
        "No establishment matches 'xyz'"
    )
    assert dialog.form.values()["establishment_id"] is None
    assert not dialog.save_button.isEnabled()
    dialog.form.reveal()  # Save pressed: every problem at once
    summary = dialog.form.general_problem.text()
    assert f"\u2022 {message}" in summary
    assert "Prison number: is required" in summary or "Prison number" in summary


def test_keyboard_only_registration_keeps_the_establishment_typed(
    qtbot: Any, dialog: NewPersonDialog, workspace: Workspace
) -> None:
    def tab() -> QWidget | None:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        return QApplication.focusWidget()

    focused = QApplication.focusWidget()
    assert focused is dialog.prison_number
    qtbot.keyClicks(focused, "A6161ZZ")
    qtbot.keyClicks(tab(), "X616161")  # CRN
    tab()  # PNC number (not known)
    qtbot.keyClicks(tab(), "Ada")
    qtbot.keyClicks(tab(), "Lovelace")
    qtbot.keyClicks(tab(), "10/12/1985")
    sex = tab()
    assert sex is dialog.sex
    qtbot.keyClick(sex, Qt.Key.Key_F)
    assert dialog.form.values()["sex"] is not None
    box = tab()
    assert box in (dialog.establishment_id, dialog.establishment_id.lineEdit())
    qtbot.keyClicks(box, "leed")
    release = tab()  # Tab takes the one name matched and moves on
    assert dialog.establishment_id.currentText() == "HMP Leeds"
    assert release is dialog.release_date.editor
    qtbot.keyClicks(release, "25 Mar 2027")
    assert dialog.save_button.isEnabled(), dialog.form.problems
    with qtbot.waitSignal(dialog.registered) as registered:
        qtbot.keyClick(release, Qt.Key.Key_Return)  # the default button: Save
    wait_for_background(qtbot)
    saved = get_person(workspace.actor, workspace.uow(), registered.args[0])
    assert saved.establishment == "HMP Leeds"
    assert saved.profile.release_date == dt.date(2027, 3, 25)
    assert saved.profile.establishment_id == _id_of(workspace, "HMP Leeds")


def test_the_establishment_round_trips_and_not_recorded_stays(
    qtbot: Any, dialog: NewPersonDialog, workspace: Workspace
) -> None:
    box = dialog.establishment_id
    leeds = _id_of(workspace, "HMP Leeds")
    box.set_value(leeds)
    assert box.currentText() == "HMP Leeds" and dialog.form.values()["establishment_id"] == leeds
    _type(qtbot, dialog, "not rec")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert box.currentText() == "Not recorded"
    assert dialog.form.values()["establishment_id"] is None
    assert dialog.form.problem_for("establishment_id") == ""
