"""Two people working on the same record in two windows: saving different tabs from the same
starting point both succeed; saving the same tab, the second gets the clear conflict message."""

from __future__ import annotations

from resettle.domain.case_flags import CaseFlag
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.profile_tab import ProfileTab
from resettle.ui.person.risk_tab import RiskTab
from tests.ui.person.conftest import MessageBoxes
from tests.ui.person.support import saved_record
from tests.ui.saving import save_and_wait


def _tab(window: PersonWindow, kind: type) -> object:
    tab = window.tab_of(kind)
    assert isinstance(tab, kind)
    return tab


def test_two_windows_saving_different_tabs_both_succeed(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, boxes: MessageBoxes
) -> None:
    other = PersonWindow(workspace, window.session.person_id)
    qtbot.addWidget(other)
    _tab(window, ProfileTab).given_name.setText("Zoe")  # type: ignore[attr-defined]
    _tab(other, RiskTab).flag_boxes[CaseFlag.MENTAL_HEALTH].setChecked(True)  # type: ignore[attr-defined]
    assert save_and_wait(qtbot, window)
    assert save_and_wait(qtbot, other)
    assert boxes.shown == []
    record = saved_record(workspace, window.session.person_id)
    assert record.person.profile.given_name == "Zoe"
    assert record.flags == {CaseFlag.MENTAL_HEALTH}
    # and each window can go on saving its own tab
    _tab(window, ProfileTab).given_name.setText("Zoë")  # type: ignore[attr-defined]
    assert save_and_wait(qtbot, window)
    _tab(other, RiskTab).flag_boxes[CaseFlag.OPIOID_USE].setChecked(True)  # type: ignore[attr-defined]
    assert save_and_wait(qtbot, other)
    assert boxes.shown == []


def test_two_windows_saving_the_same_tab_the_second_is_refused(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, boxes: MessageBoxes
) -> None:
    other = PersonWindow(workspace, window.session.person_id)
    qtbot.addWidget(other)
    _tab(window, RiskTab).flag_boxes[CaseFlag.MENTAL_HEALTH].setChecked(True)  # type: ignore[attr-defined]
    _tab(other, RiskTab).flag_boxes[CaseFlag.OPIOID_USE].setChecked(True)  # type: ignore[attr-defined]
    assert save_and_wait(qtbot, window)
    assert save_and_wait(qtbot, other) is False
    assert len(boxes.shown) == 1
    assert "Someone else saved this part of the person's record" in boxes.texts()[0]
    assert saved_record(workspace, window.session.person_id).flags == {CaseFlag.MENTAL_HEALTH}
