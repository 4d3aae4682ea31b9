"""A record saved before control characters were refused opens in the person window, shows
them (a NUL would look like a blank in a QLineEdit), refuses a save naming the field, and saves
once they are deleted. See tests/services/test_stored_control_characters.py
for the services."""

from __future__ import annotations

from sqlalchemy import text

from resettle.domain.plan import ActionOwner
from resettle.services.case_record import notes
from resettle.services.plans import edit
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.notes_tab import NotesTab
from resettle.ui.person.profile_tab import ProfileTab
from resettle.ui.plan.action_dialog import ActionDialog
from resettle.ui.plan.actions_model import WHAT
from resettle.ui.plan.tab import PlanTab
from resettle.ui.screens import open_person_window
from tests.background import wait_for_background
from tests.ui.person.support import saved_record
from tests.ui.saving import save_and_wait


def _control(workspace: Workspace) -> str:
    return "\x00" if workspace.database.is_sqlite else "\x01"


def _picture(control: str) -> str:
    return chr(0x2400 + ord(control))  # U+2400 SYMBOL FOR NULL, U+2401 ...


def _store(workspace: Workspace, statement: str, value: str, person_id: int) -> None:
    with workspace.database.engine.begin() as connection:
        connection.execute(text(statement), {"v": value, "p": person_id})


def _open(qtbot, workspace: Workspace, person_id: int) -> PersonWindow:  # type: ignore[no-untyped-def]
    window = open_person_window(workspace, person_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_background(qtbot)
    return window


def test_the_profile_shows_them_refuses_a_save_naming_the_field_then_saves(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    bad = _control(workspace)
    _store(workspace, "UPDATE people SET given_name = :v WHERE id = :p", f"Zo{bad}ë", person_id)
    _store(
        workspace,
        "UPDATE people SET preferred_language = :v WHERE id = :p",
        "English\nWelsh",
        person_id,
    )
    window = _open(qtbot, workspace, person_id)
    tab = window.tab_of(ProfileTab)
    assert isinstance(tab, ProfileTab)
    assert tab.given_name.text() == f"Zo{_picture(bad)}ë"  # visible, not a blank
    assert tab.preferred_language.text() == "English\u240aWelsh"
    assert tab.form.values()["given_name"] == f"Zo{bad}ë"  # as stored: nothing stripped
    assert not tab.dirty
    tab.gender.setText("Woman")  # an unrelated change
    assert save_and_wait(qtbot, window) is False
    assert tab.form.problem_for("given_name").startswith("Given name: must not contain control")
    assert tab.form.problem_for("preferred_language").startswith("Preferred language: must not")
    profile = saved_record(workspace, person_id).person.profile
    assert (profile.given_name, profile.gender) == (f"Zo{bad}ë", "")  # nothing saved
    tab.given_name.setText("Zoë")
    tab.preferred_language.setText("English, Welsh")
    assert tab.form.problem_for("given_name") == ""
    assert save_and_wait(qtbot, window)
    profile = saved_record(workspace, person_id).person.profile
    assert (profile.given_name, profile.preferred_language, profile.gender) == (
        "Zoë",
        "English, Welsh",
        "Woman",
    )


def test_the_plan_shows_them_and_the_action_dialog_asks_to_delete_them(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    edit.save_plan(
        workspace.actor,
        workspace.uow(),
        person_id,
        None,
        [{"pathway": "health", "what": "Register with a GP", "owner": ActionOwner.PERSON}],
    )
    bad = _control(workspace)
    _store(
        workspace,
        "UPDATE plan_actions SET what = :v WHERE plan_version_id IN "
        "(SELECT id FROM plan_versions WHERE person_id = :p)",
        f"Register{bad} with a GP",
        person_id,
    )
    window = PersonWindow(workspace, person_id, tabs=[PlanTab])
    qtbot.addWidget(window)
    window.show()
    wait_for_background(qtbot)
    tab = window.tab_of(PlanTab)
    assert isinstance(tab, PlanTab)
    model = tab.model
    assert model.data(model.index(0, WHAT)) == f"Register{_picture(bad)} with a GP"
    dialog = ActionDialog(model.actions()[0], None, None, tab)
    qtbot.addWidget(dialog)
    assert dialog.what.toPlainText() == f"Register{_picture(bad)} with a GP"
    assert "control characters" in dialog.problems()["what"]
    dialog.what.setPlainText("Register with a GP")
    assert "what" not in dialog.problems()
    assert dialog.action().what == "Register with a GP"


def test_a_note_shows_them(qtbot, workspace: Workspace, person_id: int) -> None:  # type: ignore[no-untyped-def]
    notes.add_case_note(workspace.actor, workspace.uow(), person_id, {"text": "Seen at the gate"})
    bad = _control(workspace)
    _store(
        workspace,
        "UPDATE case_notes SET text = :v WHERE person_id = :p",
        f"Seen{bad} at\nthe gate",
        person_id,
    )
    window = _open(qtbot, workspace, person_id)
    tab = window.tab_of(NotesTab)
    assert isinstance(tab, NotesTab)
    tab.table.selectRow(0)
    assert tab.note_text.toPlainText() == f"Seen{_picture(bad)} at\nthe gate"
