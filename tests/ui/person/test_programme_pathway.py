"""The Risk tab's programme pathway section: the items in their four domains and the SARA
levels, the pathway with every term following the boxes as they change, saved with the tab,
and hidden from roles that may not see risk details."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resettle.domain.programme_needs import NeedDomain, ProgrammePathway, SaraLevel
from resettle.domain.staff import Role
from resettle.services.case_record import risk
from resettle.services.people import register_person
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.risk_tab import RiskTab
from resettle.ui.screens import open_person_window
from tests.accounts import workspace_as
from tests.background import wait_for_background
from tests.factories import establishment, person_data
from tests.recorded_risk_steps import PROGRAMME_NEEDS
from tests.ui.person.support import choose, saved_record
from tests.ui.saving import save_and_wait


def _risk(window: PersonWindow) -> RiskTab:
    tab = window.tab_of(RiskTab)
    assert isinstance(tab, RiskTab)
    window.show_tab(tab)
    return tab


def _record_ogrs3(workspace: Workspace, person_id: int, percent: float) -> None:
    risk.record_score(
        workspace.actor,
        workspace.uow(),
        person_id,
        0,
        {
            "tool": "ogrs3",
            "percent": percent,
            "assessed_on": dt.date(2024, 3, 1),
            "source": "OASys",
        },
    )


def test_every_item_and_sara_has_a_box_in_its_domain(window: PersonWindow) -> None:
    tab = _risk(window)
    panel = tab.programme
    assert panel.isVisibleTo(tab)
    assert set(panel.combos) == set(PROGRAMME_NEEDS)
    assert panel.combos["impulsivity"].currentText() == "Not answered"
    assert [panel.combos["impulsivity"].itemText(i) for i in range(4)] == [
        "Not answered",
        "0 No problems",
        "1 Some problems",
        "2 Significant problems",
    ]
    assert panel.combos["sara_other"].currentText() == "Not recorded"
    # Nothing answered and no score: missing information, naming what to answer.
    assert panel.pathway.text() == "Missing information"
    assert "Thinking: Pro-criminal attitudes" in panel.missing.text()
    assert "OGRS3" in panel.missing.text()


def test_the_pathway_follows_the_boxes_and_saves_with_the_tab(
    qtbot: Any, workspace: Workspace, person_id: int
) -> None:
    _record_ogrs3(workspace, person_id, 75)
    window = open_person_window(workspace, person_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = _risk(window)
    panel = tab.programme
    assert not tab.dirty
    for name, value in PROGRAMME_NEEDS.items():
        if name.startswith("sara_"):
            continue
        choose(panel.combos[name], value)
    # Need: thinking 2, relationships 2, self-management 2 -> 6, high; risk: OGRS3 75 high.
    assert panel.result is not None
    assert panel.result.domain_scores[NeedDomain.RELATIONSHIPS] == 2
    assert panel.pathway.text() == "High intensity"
    assert panel.rule.text() == "High need and high risk (high_need_high_risk)"
    assert "Need 6 of 8: high" in panel.need.text()
    assert panel.risk.text() == "High, set by OGRS3"
    assert "OGRS3 75% (high)" in panel.terms.text()
    assert not panel.missing.isVisibleTo(panel)
    choose(panel.combos["sara_partner"], SaraLevel.HIGH)
    assert "OGRS3 high with OVP or a SARA high" in panel.rule.text()
    assert tab.dirty and window.save_button.isEnabled()
    assert save_and_wait(qtbot, window)
    saved = saved_record(workspace, person_id).risk
    assert saved.programme_needs.answered == 13
    assert saved.programme_needs.sara_partner is SaraLevel.HIGH
    assert saved.pni is not None and saved.pni.pathway is ProgrammePathway.HIGH_INTENSITY
    assert not tab.dirty
    # Unanswering an item shows it missing straight away.
    choose(panel.combos["hostile_orientation"], None)
    assert panel.pathway.text() == "Missing information"
    assert panel.missing.text() == "Thinking: Hostile orientation"
    wait_for_background(qtbot)


def test_hidden_from_prison_staff(qtbot: Any, workspace: Workspace) -> None:
    prison = establishment(workspace)
    person = workspace.run(register_person, person_data(establishment_id=prison))
    acting = workspace_as(workspace, Role.PRISON_STAFF, establishment_id=prison)
    window = open_person_window(acting, person.id)
    qtbot.addWidget(window)
    window.show()
    tab = _risk(window)
    assert not tab.programme.isVisibleTo(tab)
    assert tab.programme.result is None
    assert not tab.dirty  # nothing to ask about on closing
    wait_for_background(qtbot)


def test_answering_items_moves_nothing_and_none_answered_is_not_a_need_score(
    qtbot: Any, workspace: Workspace, person_id: int
) -> None:
    _record_ogrs3(workspace, person_id, 75)
    window = open_person_window(workspace, person_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = _risk(window)
    panel = tab.programme
    qtbot.wait(20)
    assert panel.need.text() == "Not worked out: no items answered"
    assert "of 8" not in panel.need.text()

    def places() -> tuple[int, list[tuple[int, int]]]:
        return panel.height(), [
            (combo.mapTo(window, combo.rect().topLeft()).y(), combo.height())
            for combo in panel.combos.values()
        ]

    before = places()
    for name, value in PROGRAMME_NEEDS.items():
        if name.startswith("sara_"):
            continue
        choose(panel.combos[name], value)
        qtbot.wait(10)
        assert places() == before, name
    assert "Need 6 of 8: high" in panel.need.text()
    wait_for_background(qtbot)
