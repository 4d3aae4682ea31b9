"""The Programmes view's Referrals and Waiting list tabs, driven as the programme team and as
a prison-staff referrer: the status filter with its counts, the name filter, a limited-access
person left out, the Move dialog offering only the moves open to the role, a group place given
from the waiting list, a group that filled meanwhile refused with the service's words and
nothing saved, and a place withdrawn."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QHeaderView

from resettle.domain.programme_referral_statuses import ReasonGroup
from resettle.domain.programme_referral_workflow import STANDARD_WORKFLOW
from resettle.domain.staff import Role
from resettle.services.programme_referral_places import give_group_place
from resettle.services.programme_referrals import move_referral, refer_to_programme
from resettle.services.registration import register_person
from resettle.services.workspace import Workspace
from resettle.storage.tables.access import ALLOWED, PersonAccessRow
from resettle.storage.tables.programme_referrals import ProgrammeGroupMemberRow
from resettle.storage.tables.programmes import ProgrammeGroupRow, ProgrammeOfferingRow
from resettle.ui.common.referral_move_dialog import MoveDialog
from resettle.ui.person.programme_referrals_tab import ProgrammeReferralsTab
from resettle.ui.programmes import referrals_tab
from resettle.ui.programmes.delivery_window import ProgrammesWindow
from resettle.ui.programmes.referrals_tab import GivePlaceDialog
from resettle.ui.screens import open_person_window
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import another_person, establishment
from tests.programme_steps import assess_as_suitable


@dataclass
class Referrals:
    workspace: Workspace  # the officer who referred
    team: Workspace
    leeds: int
    ids: dict[str, int]  # referral ids by the person's given name
    groups: dict[str, int]

    def revision(self, referral: int) -> int:
        with self.workspace.uow() as uow:
            row = uow.programme_referrals.referral(referral)
            assert row is not None
            return row.revision

    def assess(self, name: str) -> None:
        """The programme team assesses the referral as suitable (before it gives a place)."""
        referral = self.ids[name]
        assess_as_suitable(self.team.run, referral, self.revision(referral))

    def start_in_group(self, name: str, group: str) -> None:
        """The programme team gives the (assessed) referral a place in ``group`` and moves it
        to On programme."""
        referral = self.ids[name]
        self.team.run(give_group_place, referral, self.revision(referral), self.groups[group])
        self.team.run(
            move_referral, referral, self.revision(referral), {"to_status": "on_programme"}
        )

    def places(self) -> list[tuple[int, int, bool]]:
        with self.workspace.uow() as uow:
            return [
                (row.referral_id, row.group_id, row.left_at is None)
                for row in uow.session.query(ProgrammeGroupMemberRow).order_by(
                    ProgrammeGroupMemberRow.id
                )
            ]


@pytest.fixture
def referrals(workspace: Workspace) -> Referrals:
    """At Leeds: Ann assessed as suitable, Ben and Cal submitted, Dee (limited access, only
    the officer named) submitted; groups BC-1 (1 place) and BC-2 (2 places)."""
    leeds = establishment(workspace)
    team = workspace_as(workspace, Role.PROGRAMME_TEAM, username="t.team", establishment_id=leeds)
    ids: dict[str, int] = {}
    for n, name in enumerate(("Ann", "Ben", "Cal", "Dee"), start=1):
        person = register_person(
            workspace.actor,
            workspace.uow(),
            another_person(n, establishment_id=leeds, given_name=name, family_name="Smith"),
        ).id
        ids[name] = workspace.run(refer_to_programme, person, {"programme_code": "BC-MOD"})
        if name == "Dee":
            with workspace.uow() as uow:
                row = uow.people.get(person)
                assert row is not None
                row.restricted = True
                uow.session.add(
                    PersonAccessRow(person_id=person, staff_id=workspace.actor.id, kind=ALLOWED)
                )
                uow.commit()
    found = Referrals(workspace, team, leeds, ids, {})
    found.assess("Ann")
    with workspace.uow() as uow:
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert programme is not None
        offering = ProgrammeOfferingRow(programme_id=programme.id, establishment_id=leeds)
        uow.programmes.add(offering)
        for code, capacity, starts in (("BC-1", 1, 4), ("BC-2", 2, 11)):
            group = ProgrammeGroupRow(
                offering_id=offering.id,
                code=code,
                capacity=capacity,
                starts_on=dt.date(2030, 1, starts),
                ends_on=dt.date(2030, 3, 29),
                schedule=[],
                facilitator_ids=[],
            )
            uow.programmes.add(group)
            uow.session.flush()
            found.groups[code] = group.id
        uow.commit()
    return found


def _open(qtbot: Any, runner: Workspace) -> ProgrammesWindow:
    window = ProgrammesWindow(runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for_background(qtbot)
    return window


def _names(window: ProgrammesWindow) -> list[str]:
    proxy = window.referral_tabs.filter
    return sorted(proxy.index(r, 0).data() for r in range(proxy.rowCount()))


def _choose(window: ProgrammesWindow, name: str) -> None:
    view = window.referral_tabs.referrals.view
    proxy = view.model()
    for r in range(proxy.rowCount()):
        if proxy.index(r, 0).data().startswith(name):
            view.setCurrentIndex(proxy.index(r, 0))
            return
    raise AssertionError(f"{name} is not listed")


def _move_dialog(qtbot: Any, window: ProgrammesWindow, name: str) -> MoveDialog:
    window.tabs.setCurrentWidget(window.referral_tabs.referrals)
    _choose(window, name)
    qtbot.mouseClick(window.referral_tabs.move_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    dialog = window.referral_tabs.dialog
    assert isinstance(dialog, MoveDialog)
    return dialog


def _offered(dialog: MoveDialog) -> list[str]:
    """The moves offered, after the placeholder the dialog opens on (no move chosen)."""
    assert dialog.moves.itemData(0) is None and dialog.moves.currentIndex() == 0
    assert not dialog.ok_button.isEnabled()
    return [dialog.moves.itemData(i) for i in range(1, dialog.moves.count())]


def test_the_referrals_tab_filters_by_status_and_name_with_the_counts(
    qtbot: Any, referrals: Referrals
) -> None:
    window = _open(qtbot, referrals.team)
    tabs = window.referral_tabs
    assert window.tabs.tabText(3) == "Referra&ls (3 open)"  # Dee is limited access
    assert _names(window) == ["Ann Smith", "Ben Smith", "Cal Smith"]
    assert all(not name.startswith("Dee") for name in _names(window))
    choices = {
        tabs.status_choice.itemData(i): tabs.status_choice.itemText(i)
        for i in range(tabs.status_choice.count())
    }
    assert choices["all"] == "All statuses (3)"
    assert choices["submitted"] == "Referral submitted (2)"
    assert choices["assessed_suitable"] == "Assessed as suitable (1)"
    assert "Referral submitted 2" in tabs.referrals.caption.text()
    tabs.status_choice.setCurrentIndex(tabs.status_choice.findData("assessed_suitable"))
    assert [n.split()[0] for n in _names(window)] == ["Ann"]
    assert tabs.shown_count.text() == "1 of 3 shown"
    tabs.status_choice.setCurrentIndex(tabs.status_choice.findData("all"))
    qtbot.keyClicks(tabs.find, "b0002")  # Ben's prison number, any case
    assert [n.split()[0] for n in _names(window)] == ["Ben"]
    tabs.find.clear()
    qtbot.keyClicks(tabs.find, "nobody")
    assert tabs.referrals.stack.currentWidget() is tabs.referrals.empty
    assert "No referral matches" in tabs.referrals.empty.text()
    # Thousands of rows load fast: rows are not measured one by one to wrap their text.
    for view in (tabs.referrals.view, tabs.waiting.view):
        assert view.verticalHeader().sectionResizeMode(0) != QHeaderView.ResizeMode.ResizeToContents


def test_the_move_dialog_offers_only_the_moves_open_to_the_role(
    qtbot: Any, referrals: Referrals
) -> None:
    team_window = _open(qtbot, referrals.team)
    dialog = _move_dialog(qtbot, team_window, "Ben")
    assert _offered(dialog) == [
        "awaiting_assessment",
        "on_hold_submitted",
        "not_eligible",
        "withdrawn",
    ]
    dialog.reject()
    dialog = _move_dialog(qtbot, team_window, "Ann")
    assert _offered(dialog) == ["on_programme", "suitable_not_ready", "withdrawn"]
    dialog.reject()
    prison = workspace_as(
        referrals.workspace, Role.PRISON_STAFF, username="p.staff", establishment_id=referrals.leeds
    )
    staff_window = _open(qtbot, prison)
    # A referrer: no group places to manage.
    assert staff_window.referral_tabs.give_button.isHidden()
    dialog = _move_dialog(qtbot, staff_window, "Ben")
    assert _offered(dialog) == ["on_hold_submitted", "withdrawn"]
    assert "awaiting_assessment" not in _offered(dialog)
    dialog.moves.setCurrentIndex(dialog.moves.findData("on_hold_submitted"))
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    wait_for_background(qtbot)
    assert staff_window.message.text() == (
        "The referral of Ben Smith (B0002CC) moved to On hold (referral submitted)."
    )
    tabs = staff_window.referral_tabs
    assert "On hold (referral submitted) (1)" in [
        tabs.status_choice.itemText(i) for i in range(tabs.status_choice.count())
    ]
    # Ann was assessed by the team: a referrer may only withdraw the referral there.
    dialog = _move_dialog(qtbot, staff_window, "Ann")
    assert _offered(dialog) == ["withdrawn"]
    dialog.reject()
    # A closed referral has no move open to a referrer: said in words, no dialog.
    cal = referrals.ids["Cal"]
    referrals.workspace.run(
        move_referral,
        cal,
        referrals.revision(cal),
        {
            "to_status": "withdrawn",
            "category": "withdrawn_administrative",
            "reason": "withdrawn_duplicate",
        },
    )
    staff_window.reload()
    wait_for_background(qtbot)
    staff_window.tabs.setCurrentWidget(tabs.referrals)
    # The tab shows the open referrals (those that need action): Cal's is closed now.
    assert tabs.status_choice.currentData() == "open"
    assert [n.split()[0] for n in _names(staff_window)] == ["Ann", "Ben"]
    tabs.status_choice.setCurrentIndex(tabs.status_choice.findData("all"))
    _choose(staff_window, "Cal")
    qtbot.mouseClick(tabs.move_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert tabs.dialog is None
    assert staff_window.message.text() == (
        "Move: this referral is closed (Withdrawn); no further move is possible."
    )


def test_a_place_for_a_referral_not_assessed_yet_says_to_record_the_assessment_first(
    qtbot: Any, referrals: Referrals
) -> None:
    """User trial: Give a group place worked for a referral still awaiting assessment. The
    tab names the person, the programme and the move to make first, opens no dialog and
    saves nothing; once assessed, the place is given."""
    window = _open(qtbot, referrals.team)
    tabs = window.referral_tabs
    window.tabs.setCurrentWidget(tabs.referrals)
    _choose(window, "Ben")
    assert tabs.give_button.isEnabled()
    before = referrals.places()
    qtbot.mouseClick(tabs.give_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert tabs.dialog is None and referrals.places() == before
    assert window.message.text() == (
        "Give a group place: the referral of Ben Smith (B0002CC) to Building Choices: "
        "moderate intensity is Referral submitted; a place is given only once the referral is "
        "assessed as suitable (or suitable but not ready). Accept the referral for assessment "
        "first (Move… > Awaiting assessment), then move it to Assessment started, then move it "
        "to Assessed as suitable, then give the place."
    )
    referrals.assess("Ben")
    window.reload()
    wait_for_background(qtbot)
    _choose(window, "Ben")
    qtbot.mouseClick(tabs.give_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert isinstance(tabs.dialog, GivePlaceDialog)
    tabs.dialog.reject()
    window.close()


def test_a_group_place_is_given_from_the_waiting_list_refused_when_full_and_withdrawn(
    qtbot: Any, referrals: Referrals, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, referrals.team)
    tabs = window.referral_tabs
    window.tabs.setCurrentWidget(tabs.waiting)
    assert window.tabs.tabText(4) == "&Waiting list (1)"
    assert tabs.waiting_model.display_rows()[0][2] == "Ann Smith"
    assert "BC-1 (starts 04/01/2030): 1 of 1 place free" in tabs.waiting.caption.text()
    tabs.waiting.view.setCurrentIndex(tabs.waiting.view.model().index(0, 0))
    qtbot.mouseClick(tabs.waiting_give_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    dialog = tabs.dialog
    assert isinstance(dialog, GivePlaceDialog)
    assert [dialog.group.itemText(i) for i in range(dialog.group.count())] == [
        "BC-1 (starts 04/01/2030): 1 of 1 place free",
        "BC-2 (starts 11/01/2030): 2 of 2 places free",
    ]
    dialog.group.setCurrentIndex(0)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    # Who got which group, from when, and the next step.
    assert window.message.text() == (
        "Ann Smith (B0001CC) has a place in group BC-1 of Building Choices: moderate "
        "intensity: they are on its register from 04/01/2030. Next: move the referral to On "
        "programme when they start."
    )
    assert tabs.waiting_model.rowCount() == 0 and window.tabs.tabText(4) == "&Waiting list (0)"
    assert "Nobody at HMP Leeds is waiting" in tabs.waiting.empty.text()

    # Ben: BC-1 is full now, so only BC-2 is offered; it fills behind the dialog's back.
    for name in ("Ben", "Cal"):
        referrals.assess(name)
    window.reload()
    wait_for_background(qtbot)
    window.tabs.setCurrentWidget(tabs.referrals)
    _choose(window, "Ben")
    qtbot.mouseClick(tabs.give_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    dialog = tabs.dialog
    assert isinstance(dialog, GivePlaceDialog)
    assert [dialog.group.itemText(i) for i in range(dialog.group.count())] == [
        "BC-2 (starts 11/01/2030): 2 of 2 places free"
    ]
    with referrals.workspace.uow() as uow:
        group = uow.session.get(ProgrammeGroupRow, referrals.groups["BC-2"])
        assert group is not None
        group.capacity = 1
        uow.commit()
    cal = referrals.ids["Cal"]
    referrals.team.run(give_group_place, cal, referrals.revision(cal), referrals.groups["BC-2"])
    before = referrals.places()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert tabs.dialog is dialog and dialog.isVisible()
    assert dialog.problem.text() == "Group BC-2 is full: it has 1 place and it is taken."
    assert referrals.places() == before  # nothing saved
    dialog.reject()

    window.reload()
    wait_for_background(qtbot)
    _choose(window, "Ann")
    assert tabs.withdraw_button.isEnabled() and not tabs.give_button.isEnabled()
    asked: list[tuple[str, str]] = []

    def answer(yes: bool) -> Any:
        def ask(_parent: Any, name: str, group: str) -> bool:
            asked.append((name, group))
            return yes

        return ask

    monkeypatch.setattr(referrals_tab, "confirm_withdraw", answer(False))
    qtbot.mouseClick(tabs.withdraw_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert asked == [("Ann Smith", "BC-1")]
    assert (referrals.ids["Ann"], referrals.groups["BC-1"], True) in referrals.places()
    monkeypatch.setattr(referrals_tab, "confirm_withdraw", answer(True))
    # Someone else saves Ann's referral after the list showed it: the withdrawal acts on the
    # revision shown, so it is refused and the place kept.
    with referrals.workspace.uow() as uow:
        ann = uow.programme_referrals.referral(referrals.ids["Ann"])
        assert ann is not None
        ann.revision += 1
        uow.commit()
    qtbot.mouseClick(tabs.withdraw_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert window.message.text().startswith("Someone else saved")
    assert (referrals.ids["Ann"], referrals.groups["BC-1"], True) in referrals.places()
    window.reload()
    wait_for_background(qtbot)
    _choose(window, "Ann")
    qtbot.mouseClick(tabs.withdraw_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert window.message.text() == "Ann Smith's place in BC-1 was withdrawn."
    assert (referrals.ids["Ann"], referrals.groups["BC-1"], False) in referrals.places()
    # Ann waits again, with Ben (refused BC-2 above); Cal holds BC-2's place.
    assert sorted(row[2] for row in tabs.waiting_model.display_rows()) == [
        "Ann Smith",
        "Ben Smith",
    ]


def test_no_group_with_a_place_free_says_so_and_cannot_be_saved(
    qtbot: Any, referrals: Referrals
) -> None:
    with referrals.workspace.uow() as uow:
        for group_id in referrals.groups.values():
            group = uow.session.get(ProgrammeGroupRow, group_id)
            assert group is not None
            group.capacity = 0
        uow.commit()
    referrals.assess("Ben")
    window = _open(qtbot, referrals.team)
    _choose(window, "Ben")
    qtbot.mouseClick(window.referral_tabs.give_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    dialog = window.referral_tabs.dialog
    assert isinstance(dialog, GivePlaceDialog)
    assert dialog.group.count() == 0 and not dialog.ok_button.isEnabled()
    assert dialog.problem.text().startswith("Group: no group of this programme here")
    dialog.reject()


def test_the_place_of_a_referral_on_the_programme_is_not_withdrawn_and_says_what_to_do(
    qtbot: Any, referrals: Referrals, monkeypatch: pytest.MonkeyPatch
) -> None:
    """User trial: Withdraw group place on a referral on the programme stranded it (no group,
    not waiting). The tab says which move to make first, asks nothing, saves nothing. Third
    trial: the button was enabled only to refuse; it is disabled, its tooltip saying why."""
    referrals.start_in_group("Ann", "BC-1")
    window = _open(qtbot, referrals.team)
    tabs = window.referral_tabs
    _choose(window, "Ann")
    why = (
        "Withdraw group place: Ann Smith (B0001CC) is on Building Choices: moderate intensity "
        "in BC-1. Deselect the referral first"
    )
    assert not tabs.withdraw_button.isEnabled()
    assert tabs.withdraw_button.toolTip().startswith(why)
    asked: list[Any] = []

    def ask(*given: Any) -> bool:
        asked.append(given)
        return True

    monkeypatch.setattr(referrals_tab, "confirm_withdraw", ask)
    before = referrals.places()
    tabs.withdraw_place()  # as a shortcut would: still refused, saying why
    wait_for_background(qtbot)
    assert asked == []
    assert window.message.text().startswith(why)
    assert referrals.places() == before
    window.close()


def _session_at(
    session_id: int, starts: dt.datetime, *, replaced: bool = False, kind: str = "group"
) -> Any:
    from resettle.domain.programmes.sessions import SessionView

    return SessionView(
        id=session_id,
        group_id=1,
        sequence=session_id,
        module_number=2,
        session_number=1,
        name="Getting started",
        session_type=kind,  # type: ignore[arg-type]
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        is_catch_up=False,
        replaces_session_id=None,
        replaced=replaced,
    )


def test_a_place_given_late_names_the_first_session_after_it_not_the_group_start() -> None:
    """Trial finding: a place given on 02/12 said "on its register from 18/11/2026", the
    group's start; a register lists only places held when its session starts."""
    from types import SimpleNamespace

    from resettle.ui.programmes.referral_models import GroupPlaces

    given = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)
    sessions = [
        _session_at(1, dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC)),
        _session_at(2, dt.datetime(2026, 12, 8, 9, 30, tzinfo=dt.UTC), replaced=True),
        _session_at(3, dt.datetime(2026, 12, 3, 9, 30, tzinfo=dt.UTC), kind="one_to_one"),
        _session_at(4, dt.datetime(2026, 12, 9, 9, 30, tzinfo=dt.UTC)),
        _session_at(5, dt.datetime(2026, 12, 16, 9, 30, tzinfo=dt.UTC)),
    ]
    first = referrals_tab.first_session_from(sessions, given)
    assert first is not None and first.id == 4
    assert referrals_tab.first_session_from(sessions[:3], given) is None
    referral: Any = SimpleNamespace(
        name="Ann Smith",
        prison_number="B0001CC",
        programme_name="Building Choices",
        status="on_programme",
    )
    group = GroupPlaces(
        id=1,
        offering_id=1,
        programme_code="BC",
        programme_name="Building Choices",
        code="BC-1",
        starts_on=dt.date(2026, 11, 18),
        ends_on=dt.date(2027, 2, 1),
        capacity=4,
        taken=1,
    )
    assert referrals_tab.place_given_text(referral, group, first, today=given.date()) == (
        "Ann Smith (B0001CC) has a place in group BC-1 of Building Choices: they are on its "
        "register from its session on 09/12/2026 at 09:30."
    )
    assert referrals_tab.place_given_text(referral, group, None, today=given.date()) == (
        "Ann Smith (B0001CC) has a place in group BC-1 of Building Choices: they are on the "
        "register of each session it holds from now on; it has none planned yet."
    )


def test_a_deselection_keeping_the_referral_open_says_the_place_ended(
    qtbot: Any, referrals: Referrals
) -> None:
    referrals.start_in_group("Ann", "BC-1")
    window = _open(qtbot, referrals.team)
    dialog = _move_dialog(qtbot, window, "Ann")
    dialog.moves.setCurrentIndex(dialog.moves.findData("assessed_suitable"))
    assert dialog.form.isRowVisible(dialog.category)
    dialog.category.setCurrentIndex(1)
    if dialog.form.isRowVisible(dialog.reason):
        dialog.reason.setCurrentIndex(1)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert window.referral_tabs.dialog is None  # saved and closed
    assert window.message.text() == (
        "The referral of Ann Smith (B0001CC) moved to Assessed as suitable. Their group "
        "place has ended: they are back on the waiting list."
    )


def test_a_closed_referral_shows_the_group_of_its_ended_place(
    qtbot: Any, referrals: Referrals
) -> None:
    ann = referrals.ids["Ann"]
    referrals.start_in_group("Ann", "BC-1")
    category = STANDARD_WORKFLOW.categories_of(ReasonGroup.DESELECTED)[0]
    referrals.team.run(
        move_referral,
        ann,
        referrals.revision(ann),
        {
            "to_status": "deselected",
            "category": category.code,
            "reason": category.reasons[0].code if category.reasons else None,
        },
    )
    assert (ann, referrals.groups["BC-1"], False) in referrals.places()  # the place ended
    window = _open(qtbot, referrals.team)
    tabs = window.referral_tabs
    tabs.status_choice.setCurrentIndex(tabs.status_choice.findData("all"))
    model = tabs.model
    group = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Group"
    )
    rows = {row[0].split()[0]: row[group] for row in model.display_rows()}
    assert rows["Ann"] == "BC-1 (ended)"
    assert rows["Ben"] == ""  # never had a place
    # Ann's place is not one to withdraw.
    _choose(window, "Ann")
    assert not tabs.withdraw_button.isEnabled()
    assert tabs.withdraw_button.toolTip() == ""  # no place held: nothing to explain
    window.close()
    person = open_person_window(referrals.team, _person_of(referrals, ann))
    qtbot.addWidget(person)
    person.show()
    qtbot.waitExposed(person)
    wait_for_background(qtbot)
    tab = person.tab_of(ProgrammeReferralsTab)
    assert isinstance(tab, ProgrammeReferralsTab)
    person.show_tab(tab)
    wait_for_background(qtbot)
    model = tab.referrals
    group = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Group"
    )
    assert model.display_rows()[0][group] == "BC-1 (ended)"
    person.close()


def _person_of(referrals: Referrals, referral: int) -> int:
    with referrals.workspace.uow() as uow:
        row = uow.programme_referrals.referral(referral)
        assert row is not None
        return row.person_id


def test_a_place_in_a_group_under_way_asks_first_naming_the_sessions_held(
    qtbot: Any, referrals: Referrals, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Second trial: a place was given in a group that had held sessions with no word. The
    dialog says how many sessions and modules the chosen group has held and that catch-ups
    are needed, and asks before giving the place; Cancel saves nothing."""
    from resettle.domain import clock
    from resettle.storage.tables.programmes import ProgrammeSessionRow

    today = clock.today()
    with referrals.workspace.uow() as uow:
        bc1 = uow.session.get(ProgrammeGroupRow, referrals.groups["BC-1"])
        assert bc1 is not None
        group = ProgrammeGroupRow(
            offering_id=bc1.offering_id,
            code="BC-3",
            capacity=4,
            starts_on=today - dt.timedelta(days=30),
            ends_on=today + dt.timedelta(days=60),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        start = dt.datetime.combine(group.starts_on, dt.time(9), tzinfo=dt.UTC)
        # Three sessions held, one still to come.
        for n, (days, module) in enumerate(((7, 2), (14, 2), (21, 4), (45, 4))):
            uow.programmes.add(
                ProgrammeSessionRow(
                    group_id=group.id,
                    sequence=n + 1,
                    module_number=module,
                    session_number=n + 1,
                    name=f"Session {n + 1}",
                    session_type="group",
                    starts_at=start + dt.timedelta(days=days),
                    ends_at=start + dt.timedelta(days=days, hours=2),
                )
            )
        uow.commit()
        late_group = group.id
    window = _open(qtbot, referrals.team)
    tabs = window.referral_tabs
    _choose(window, "Ann")
    qtbot.mouseClick(tabs.give_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    dialog = tabs.dialog
    assert isinstance(dialog, GivePlaceDialog)
    dialog.group.setCurrentIndex(dialog.group.findData(referrals.groups["BC-1"]))
    assert not dialog.late_note.isVisibleTo(dialog)  # BC-1 has held nothing
    dialog.group.setCurrentIndex(dialog.group.findData(late_group))
    assert dialog.late_note.isVisibleTo(dialog)
    assert dialog.late_note.text() == (
        "This group has already held 3 sessions (modules 2, 4): catch-ups are needed for them "
        "before the programme can be completed."
    )
    asked: list[tuple[str, int, tuple[int, ...]]] = []

    def answer(yes: bool) -> Any:
        def ask(_parent: Any, name: str, held: Any) -> bool:
            asked.append((name, held.sessions, held.modules))
            return yes

        return ask

    before = referrals.places()
    monkeypatch.setattr(referrals_tab, "confirm_late_place", answer(False))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert asked == [("Ann Smith", 3, (2, 4))]
    assert tabs.dialog is dialog and dialog.isVisible() and referrals.places() == before
    monkeypatch.setattr(referrals_tab, "confirm_late_place", answer(True))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert (referrals.ids["Ann"], late_group, True) in referrals.places()
    assert window.message.text().startswith("Ann Smith (B0001CC) has a place in group BC-3")


def test_a_place_in_a_group_ending_after_the_release_warns_and_asks_first(
    qtbot: Any, referrals: Referrals, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Third user trial: a person released on 25/12 was given a place in a group ending in
    April with no word. The dialog says the programme will not be finished in custody and
    asks before giving the place; Cancel saves nothing."""
    from resettle.storage.tables.programmes import ProgrammeSessionRow

    last = dt.datetime(2030, 3, 25, 9, 30, tzinfo=dt.UTC)
    with referrals.workspace.uow() as uow:
        uow.programmes.add(
            ProgrammeSessionRow(
                group_id=referrals.groups["BC-1"],
                sequence=1,
                module_number=1,
                session_number=1,
                name="Session 1",
                session_type="group",
                starts_at=last,
                ends_at=last + dt.timedelta(hours=2),
            )
        )
        row = uow.programme_referrals.referral(referrals.ids["Ann"])
        assert row is not None
        person = uow.people.get(row.person_id)
        assert person is not None
        person.release_date = dt.date(2030, 2, 1)
        uow.commit()
    window = _open(qtbot, referrals.team)
    tabs = window.referral_tabs
    _choose(window, "Ann")
    qtbot.mouseClick(tabs.give_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    dialog = tabs.dialog
    assert isinstance(dialog, GivePlaceDialog)
    dialog.group.setCurrentIndex(dialog.group.findData(referrals.groups["BC-2"]))
    assert not dialog.release_note.isVisibleTo(dialog)  # BC-2 has no session planned
    # Third trial: "13 sessions (modules 2)". One module is said in the singular.
    from resettle.domain.programme_referrals import SessionsBeforeJoining

    dialog.held[referrals.groups["BC-2"]] = SessionsBeforeJoining(
        group_id=referrals.groups["BC-2"], group_code="BC-2", modules_held=(2,) * 13
    )
    dialog._show_held()
    assert dialog.late_note.text() == (
        "This group has already held 13 sessions (module 2): catch-ups are needed for them "
        "before the programme can be completed."
    )
    dialog.group.setCurrentIndex(dialog.group.findData(referrals.groups["BC-1"]))
    assert dialog.release_note.isVisibleTo(dialog)
    assert dialog.release_note.text() == (
        "Released on 01/02/2030, before the group's last session on 25/03/2030: the programme "
        "will not be finished in custody; plan follow-on in the community."
    )
    asked: list[str] = []

    def answer(yes: bool) -> Any:
        def ask(_parent: Any, name: str, held: Any) -> bool:
            asked.append(f"{name} {held.released_on}")
            return yes

        return ask

    before = referrals.places()
    monkeypatch.setattr(referrals_tab, "confirm_release_place", answer(False))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert asked == ["Ann Smith 2030-02-01"]
    assert tabs.dialog is dialog and dialog.isVisible() and referrals.places() == before
    monkeypatch.setattr(referrals_tab, "confirm_release_place", answer(True))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for_background(qtbot)
    assert (referrals.ids["Ann"], referrals.groups["BC-1"], True) in referrals.places()


def test_sessions_held_in_one_module_are_said_in_the_singular(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Third user trial: "13 sessions (modules 2)"."""
    from resettle.domain.programme_referrals import SessionsBeforeJoining

    held = SessionsBeforeJoining(group_id=1, group_code="BC-3", modules_held=(2,) * 13)
    said: list[str] = []

    def ask(_parent: Any, _icon: Any, _title: str, text: str, *_rest: Any) -> bool:
        said.append(text)
        return False

    monkeypatch.setattr(referrals_tab, "ask_ok_cancel", ask)
    assert referrals_tab.confirm_late_place(None, "Ann Smith", held) is False  # type: ignore[arg-type]
    both = held.model_copy(update={"modules_held": (2, 2, 4)})
    referrals_tab.confirm_late_place(None, "Ann Smith", both)  # type: ignore[arg-type]
    assert said == [
        "Group BC-3 has already held 13 sessions (module 2).",
        "Group BC-3 has already held 3 sessions (modules 2, 4).",
    ]
    assert held.words().startswith("Group BC-3 has already held 13 sessions (module 2);")
