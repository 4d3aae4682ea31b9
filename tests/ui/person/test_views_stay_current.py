"""Views stay current (issue 11): a save in one window of a person refreshes the person's other
windows through the change notice, without overwriting their unsaved edits; an officer's own
earlier save is never reported as someone else's, and only a real conflict gets the message."""

from __future__ import annotations

from resettle.domain import clock
from resettle.domain.essentials import EssentialKind
from resettle.domain.plan import ActionStatus
from resettle.services.workspace import Workspace
from resettle.ui.common.changes import PLAN, Change, change_notice
from resettle.ui.person import PersonWindow
from resettle.ui.person.profile_tab import ProfileTab
from resettle.ui.person.release_day_tab import ReleaseDayTab
from resettle.ui.person.risk_dialogs import RoshDialog
from resettle.ui.person.risk_tab import RiskTab
from resettle.ui.plan.tab import PlanTab
from resettle.ui.screens import open_person_window
from tests.ui.person.conftest import MessageBoxes
from tests.ui.person.support import choose, saved_record
from tests.ui.saving import save_and_wait

CONFLICT = "Someone else saved this part of the person's record"


def _second_window(qtbot, workspace: Workspace, person_id: int) -> PersonWindow:  # type: ignore[no-untyped-def]
    other = open_person_window(workspace, person_id)
    qtbot.addWidget(other)
    other.show()
    qtbot.waitExposed(other)
    return other


def _profile(window: PersonWindow) -> ProfileTab:
    tab = window.tab_of(ProfileTab)
    assert isinstance(tab, ProfileTab)
    return tab


def _release_day(window: PersonWindow) -> ReleaseDayTab:
    tab = window.tab_of(ReleaseDayTab)
    assert isinstance(tab, ReleaseDayTab)
    return tab


def _bank_account_done(window: PersonWindow) -> None:
    page = _release_day(window).show_kind(EssentialKind.BANK_ACCOUNT)
    fields = page.form.fields
    choose(fields["status"].widget, ActionStatus.DONE)  # type: ignore[arg-type]
    fields["action_date"].widget.editor.setText(f"{clock.today():%d/%m/%Y}")  # type: ignore[attr-defined]


def _bank_status(window: PersonWindow) -> ActionStatus:
    essential = next(
        e for e in window.session.record.essentials if e.kind is EssentialKind.BANK_ACCOUNT
    )
    return essential.status


def test_saving_one_part_then_another_in_the_same_window_is_no_conflict(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, boxes: MessageBoxes
) -> None:
    notices: list[Change] = []
    change_notice(workspace).changed.connect(notices.append)
    _profile(window).given_name.setText("Zoe")
    assert save_and_wait(qtbot, window)
    _bank_account_done(window)
    assert save_and_wait(qtbot, window)
    _profile(window).given_name.setText("Zoë")  # the part this window saved first, again
    assert save_and_wait(qtbot, window)
    assert boxes.shown == []
    assert [sorted(n.parts) for n in notices] == [["profile"], ["essentials"], ["profile"]]
    assert all(n.origin is window.session for n in notices)  # once per completed save


def test_a_save_in_one_window_shows_in_the_others_unchanged_tabs_and_header(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, person_id: int, boxes: MessageBoxes
) -> None:
    other = _second_window(qtbot, workspace, person_id)
    _profile(window).given_name.setText("Zoe")
    _bank_account_done(window)
    assert save_and_wait(qtbot, window)  # waits for the other window's read too
    assert _bank_status(other) is ActionStatus.DONE
    rows = _release_day(other).essentials.display_rows()
    assert next(row for row in rows if row[0] == "Bank account")[2] == "Done"
    assert _profile(other).given_name.text() == "Zoe"
    assert other.name_label.text().startswith("Zoe ")  # the header followed
    assert other.elsewhere_label.text() == "Changed in another window: showing the latest."
    # The other window saw the change, so saving the same part from there is no conflict.
    page = _release_day(other).show_kind(EssentialKind.BANK_ACCOUNT)
    page.form.fields["who"].widget.setText("Prison bank scheme")  # type: ignore[attr-defined]
    assert save_and_wait(qtbot, other)
    assert boxes.shown == []
    assert other.elsewhere_label.text() == ""


def test_unsaved_edits_in_the_other_window_are_kept_and_a_real_conflict_is_refused(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, person_id: int, boxes: MessageBoxes
) -> None:
    other = _second_window(qtbot, workspace, person_id)
    _profile(other).family_name.setText("Bryan")  # edits waiting for Save in the other window
    _profile(window).given_name.setText("Zoe")
    _bank_account_done(window)
    assert save_and_wait(qtbot, window)
    # The other window's unchanged tab shows the save; its edited tab keeps the edits.
    assert _bank_status(other) is ActionStatus.DONE
    assert _profile(other).family_name.text() == "Bryan"
    assert _profile(other).given_name.text() != "Zoe"
    assert other.dirty
    assert other.elsewhere_label.text() == (
        "Changed in another window: showing the latest. Your unsaved edits on Profile are "
        "kept. Profile changed there too: saving it will offer to reload."
    )
    assert boxes.shown == []
    # Saving them is the real conflict: the usual message, nothing overwritten.
    assert save_and_wait(qtbot, other) is False
    assert len(boxes.shown) == 1 and CONFLICT in boxes.texts()[0]
    profile = saved_record(workspace, person_id).person.profile
    assert (profile.given_name, profile.family_name) == ("Zoe", "Ní Bhriain")


def test_an_edit_on_another_part_saves_after_the_other_window_saved(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, person_id: int, boxes: MessageBoxes
) -> None:
    other = _second_window(qtbot, workspace, person_id)
    risk = other.tab_of(RiskTab)
    assert isinstance(risk, RiskTab)
    first_flag = next(iter(risk.flag_boxes.values()))
    first_flag.setChecked(True)
    _profile(window).given_name.setText("Zoe")
    assert save_and_wait(qtbot, window)
    assert first_flag.isChecked()  # kept
    assert other.elsewhere_label.text() == (
        "Changed in another window: showing the latest. Your unsaved edits on Risk are kept."
    )
    assert save_and_wait(qtbot, other)
    assert boxes.shown == []
    assert saved_record(workspace, person_id).person.profile.given_name == "Zoe"


def test_a_dialog_open_in_the_other_window_keeps_its_revision(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, person_id: int
) -> None:
    other = _second_window(qtbot, workspace, person_id)
    dialog = RoshDialog(other.session, other)
    dialog.start()
    assert "risk" in other.session.held_parts()
    held = other.session.revision("risk")
    risk = window.tab_of(RiskTab)
    assert isinstance(risk, RiskTab)
    next(iter(risk.flag_boxes.values())).setChecked(True)
    assert save_and_wait(qtbot, window)
    assert other.session.revision("risk") == held  # the dialog's save would be refused
    dialog.reject()
    assert "risk" not in other.session.held_parts()


def test_a_plan_change_in_one_window_shows_in_the_others_plan_tab(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, person_id: int, boxes: MessageBoxes
) -> None:
    from resettle.domain.pathways import Pathway
    from resettle.domain.plan import ActionOwner, PlanAction

    other = _second_window(qtbot, workspace, person_id)
    plan, other_plan = window.tab_of(PlanTab), other.tab_of(PlanTab)
    assert isinstance(plan, PlanTab) and isinstance(other_plan, PlanTab)
    plan.model.add([PlanAction(pathway=Pathway.HEALTH, what="Book a GP", owner=ActionOwner.PRISON)])
    with qtbot.waitSignal(window.session.changed_here, timeout=10_000) as signal:
        assert save_and_wait(qtbot, window)
    assert PLAN in signal.args[0].parts
    assert "Book a GP" in [a.what for a in other_plan.model.actions()]
    assert not other_plan.dirty
    other_plan.model.add(
        [PlanAction(pathway=Pathway.HEALTH, what="Check in", owner=ActionOwner.PROBATION)]
    )
    assert save_and_wait(qtbot, other)  # it showed the first window's plan: no conflict
    assert boxes.shown == []
