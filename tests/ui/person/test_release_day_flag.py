"""A release date on a weekend or bank holiday is flagged on the record: under the Profile
tab's release date (as it is typed, too) and in the person window's header."""

from __future__ import annotations

import datetime as dt

from resettle.services.people import register_person
from resettle.ui.person.profile_tab import ProfileTab
from resettle.ui.person.window import PersonWindow
from tests.factories import person_data

EASTER_MONDAY = dt.date(2027, 3, 29)


def test_an_easter_monday_release_is_flagged_until_a_working_day_is_typed(  # type: ignore[no-untyped-def]
    qtbot, workspace
) -> None:
    data = person_data(
        release_date=EASTER_MONDAY,
        licence_end_date=EASTER_MONDAY + dt.timedelta(days=365),
        responsible_officer_id=workspace.actor.id,
    )
    person_id = register_person(workspace.actor, workspace.uow(), data).id
    window = PersonWindow(workspace, person_id, tabs=[ProfileTab])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.tabs[0]
    assert isinstance(tab, ProfileTab)
    assert "Release 29 Mar 2027 (bank holiday)" in window.facts_label.text()
    assert tab.release_note.isVisible()
    assert tab.release_note.text() == (
        "Release date Monday 29 Mar 2027 falls on a bank holiday: release normally happens on "
        "the previous working day, Thursday 25 Mar 2027."
    )
    tab.release_date.editor.setText("30 Mar 2027")  # the Tuesday after
    assert tab.release_date.value() == dt.date(2027, 3, 30)
    assert not tab.release_note.isVisible() and tab.release_note.text() == ""
