"""Save runs off the UI thread: the window stays responsive, holds input meant for the edits being
saved, shows it is busy when the save is slow, saves one thing at a time, and a window closed
during a save closes once the save has reported back."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from resettle.domain.errors import ValidationFailed
from resettle.services.workspace import Workspace
from resettle.ui.common.person_tab import PersonTab
from resettle.ui.common.record_writes import Write
from resettle.ui.person import PersonWindow
from resettle.ui.person.profile_tab import ProfileTab
from tests.background import wait_for_background
from tests.ui.person.conftest import MessageBoxes
from tests.ui.person.support import saved_record


class _GatedTab(PersonTab):
    """A tab whose one write blocks on a gate (then succeeds, or is refused)."""

    def __init__(self, session, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(session, parent)
        self.pending = False
        self.calls = 0
        self.started = threading.Event()
        self.release = threading.Event()
        self.refuse = False

    def title(self) -> str:
        return "Gated"

    def load(self, record: object) -> None:
        self.notify()

    @property
    def dirty(self) -> bool:
        return self.pending

    def writes(self) -> list[Write]:
        def call() -> str:
            self.calls += 1
            self.started.set()
            assert self.release.wait(10), "the test never released the save"
            if self.refuse:
                raise ValidationFailed.single("gated", "invalid_value", "Refused on purpose.")
            return "saved"

        def saved(_result: object) -> None:
            self.pending = False
            self.notify()

        def refused(error: Exception) -> None:
            self.refusal = str(error)

        return [Write(call, saved, refused)]  # type: ignore[arg-type]


def _window(qtbot, workspace: Workspace, person_id: int, *tabs) -> PersonWindow:  # type: ignore[no-untyped-def]
    window = PersonWindow(workspace, person_id, tabs=[ProfileTab, *tabs])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _edit_family_name(qtbot, window: PersonWindow, name: str) -> ProfileTab:  # type: ignore[no-untyped-def]
    profile = window.tab_of(ProfileTab)
    assert isinstance(profile, ProfileTab)
    profile.family_name.clear()
    qtbot.keyClicks(profile.family_name, name)
    return profile


def _gated(window: PersonWindow) -> _GatedTab:
    tab = window.tab_of(_GatedTab)
    assert isinstance(tab, _GatedTab)
    tab.pending = True
    tab.notify()
    return tab


def test_the_window_holds_input_and_shows_it_is_busy_while_a_save_runs(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    window = _window(qtbot, workspace, person_id, _GatedTab)
    profile = _edit_family_name(qtbot, window, "Byrne")
    gated = _gated(window)
    assert window.save()
    assert gated.started.wait(10)
    # The UI thread is free: events are handled while the save waits on its gate.
    assert window.session.writing and not window.save_button.isEnabled()
    assert window.save() is False  # one save at a time
    qtbot.keyClicks(profile.family_name, "-Typed-While-Saving")
    assert profile.family_name.text() == "Byrne"  # held: nothing typed into what is saved
    qtbot.waitUntil(lambda: window.busy.shown)  # after 200 ms
    assert window.cursor().shape() == Qt.CursorShape.BusyCursor
    gated.release.set()
    wait_for_background(qtbot)
    assert not window.session.writing and not window.busy.shown
    assert not window.dirty and not window.save_button.isEnabled()
    assert saved_record(workspace, person_id).person.profile.family_name == "Byrne"
    qtbot.keyClicks(profile.family_name, "s")  # input flows again
    assert profile.family_name.text() == "Byrnes" and window.save_button.isEnabled()


def test_a_window_closed_during_a_save_closes_once_it_is_saved(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, boxes: MessageBoxes
) -> None:
    window = _window(qtbot, workspace, person_id, _GatedTab)
    _edit_family_name(qtbot, window, "Byrne")
    gated = _gated(window)
    assert window.save()
    assert gated.started.wait(10)
    window.close()
    assert window.isVisible()  # not dropped half-way, and no question about unsaved edits
    gated.release.set()
    wait_for_background(qtbot)
    qtbot.waitUntil(lambda: not window.isVisible())
    assert boxes.shown == []
    assert saved_record(workspace, person_id).person.profile.family_name == "Byrne"


def test_a_refusal_stops_the_writes_after_it_and_keeps_the_edits(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    window = PersonWindow(workspace, person_id, tabs=[_GatedTab, ProfileTab])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    gated = _gated(window)
    gated.refuse = True
    gated.release.set()
    window.show_tab(window.tabs[1])
    _edit_family_name(qtbot, window, "Byrne")
    saved: list[bool] = []
    assert window.save(then=lambda: saved.append(True))
    wait_for_background(qtbot)
    assert saved == [] and gated.calls == 1
    assert gated.refusal == "gated: Refused on purpose."
    assert window.current_tab() is gated  # the refused tab is shown
    assert window.dirty and window.save_button.isEnabled()  # the edits stay
    assert saved_record(workspace, person_id).person.profile.family_name != "Byrne"
