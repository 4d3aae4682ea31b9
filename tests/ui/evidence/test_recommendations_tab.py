"""The Recommendations tab on a registered person whose record is set through the services."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from resettle.domain import clock
from resettle.domain.case_flags import CaseFlag
from resettle.domain.record_parts import RecordPart
from resettle.domain.staff import Role
from resettle.evidence import RULE_VERSION, Tier
from resettle.services.case_record.needs import save_pathway_need
from resettle.services.case_record.read import open_case_record
from resettle.services.case_record.risk import confirm_risk, set_case_flags
from resettle.services.evidence_pack import pack_status
from resettle.services.plans.edit import save_plan
from resettle.services.plans.read import get_plan
from resettle.services.workspace import Workspace
from resettle.ui.common import messages
from resettle.ui.common.case_record_session import CaseRecordSession
from resettle.ui.common.changes import PLAN
from resettle.ui.evidence import RecommendationsTab
from resettle.ui.person.window import PersonWindow
from tests.ui.evidence.support import as_role

NALOXONE = "naloxone-on-release"
ACTION = {
    "pathway": "accommodation",
    "what": "Confirm the hostel bed",
    "owner": "probation",
    "due": {"kind": "relative", "offset_days": -7},
}


def _set_flags(workspace: Workspace, person_id: int, *flags: CaseFlag) -> None:
    version = open_case_record(workspace.actor, workspace.uow(), person_id).revision(
        RecordPart.RISK
    )
    set_case_flags(workspace.actor, workspace.uow(), person_id, version, list(flags))


def _decline_family_support(workspace: Workspace, person_id: int) -> None:
    """A high family need the person declined support on: its items are held back."""
    version = open_case_record(workspace.actor, workspace.uow(), person_id).revision(
        RecordPart.NEEDS
    )
    save_pathway_need(
        workspace.actor,
        workspace.uow(),
        person_id,
        version,
        {
            "pathway": "children_families_communities",
            "status": "support_declined",
            "severity": "high",
            "linked_to_offending": False,
            "notes": "",
        },
    )


def _tab(qtbot, workspace: Workspace, person_id: int) -> RecommendationsTab:  # type: ignore[no-untyped-def]
    tab = RecommendationsTab(CaseRecordSession(workspace, person_id))
    qtbot.addWidget(tab)
    tab.resize(1100, 800)
    tab.show()
    qtbot.waitExposed(tab)
    return tab


def _shown_ids(tab: RecommendationsTab) -> list[str]:
    """Intervention ids in the order the table shows them."""
    proxy = tab.table.model()
    out = []
    for row in range(proxy.rowCount()):
        source = proxy.mapToSource(proxy.index(row, 0)).row()  # type: ignore[attr-defined]
        out.append(tab.recommendations.row_at(source).item.intervention_id)
    return out


def test_opioid_use_puts_naloxone_first_with_its_reasons_and_evidence(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    _set_flags(workspace, person_id, CaseFlag.OPIOID_USE)
    tab = _tab(qtbot, workspace, person_id)
    shown = _shown_ids(tab)
    assert shown[:2] == [NALOXONE, "opioid-treatment-continuity"]
    first = tab.table.model().index(0, 1).data()
    assert first == "Take-home naloxone on release"
    version = pack_status(workspace.actor, workspace.uow()).metadata.pack_version
    assert f"Evidence pack {version}" in tab.context_label.text()
    assert f"rules {RULE_VERSION}" in tab.context_label.text()
    assert "Risk level used: Medium" in tab.risk_label.text()
    assert "assumed" in tab.risk_label.text()  # no score, nothing confirmed
    assert tab.sections.tabText(0).startswith("Recommended (")

    card = tab.detail.toPlainText()
    assert tab.selected() is not None and tab.selected().item.intervention_id == NALOXONE  # type: ignore[union-attr]
    assert "Why it is on the list, and in this place" in card
    assert "Opioid safety: naloxone" in card
    assert "Evidence strength" in card and "Continuity" in card
    assert "Bird SM" in card and "Checked against the source" in card
    assert "Delivery advice" in card
    assert tab.add_button.isEnabled()


def test_add_to_plan_accepts_it_and_adds_an_action(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    _set_flags(workspace, person_id, CaseFlag.OPIOID_USE)
    save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    tab = _tab(qtbot, workspace, person_id)
    assert tab.select_intervention(NALOXONE)
    with qtbot.waitSignal(tab.session.changed_here, timeout=5000) as signal:
        tab.add_button.click()
    change = signal.args[0]
    assert change.parts == {PLAN} and change.person_ids == {person_id}
    plan = get_plan(workspace.actor, workspace.uow(), person_id)
    assert NALOXONE in plan.accepted_interventions
    assert plan.current is not None
    sources = [a.source.recommendation_intervention_id for a in plan.current.actions if a.source]
    assert NALOXONE in sources

    assert tab.selected().item.intervention_id == NALOXONE  # type: ignore[union-attr]
    assert tab.add_button.text() == "In plan"
    assert not tab.add_button.isEnabled()
    assert "In plan" in tab.plan_state.text()
    row = _shown_ids(tab).index(NALOXONE)
    assert tab.table.model().index(row, 7).data() == "In plan"


def test_without_a_plan_the_acceptance_is_recorded(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    _set_flags(workspace, person_id, CaseFlag.OPIOID_USE)
    tab = _tab(qtbot, workspace, person_id)
    assert tab.select_intervention(NALOXONE)
    with qtbot.waitSignal(tab.session.changed_here, timeout=5000):
        tab.add_button.click()
    assert get_plan(workspace.actor, workspace.uow(), person_id).accepted_interventions == (
        NALOXONE,
    )
    assert tab.add_button.text() == "Accepted"
    assert "no plan yet" in tab.plan_state.text()


def test_exclusions_are_listed_with_every_reason(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    tab = _tab(qtbot, workspace, person_id)
    tab.sections.setCurrentIndex(1)
    rows = tab.exclusions.display_rows()
    assert tab.sections.tabText(1) == f"Not recommended ({len(rows)})"
    by_name = {row[0]: row[2] for row in rows}
    scared = by_name["Scared Straight and other juvenile awareness programmes"]
    assert scared.startswith("Possible harm") and "Not eligible: age" in scared
    assert by_name["Take-home naloxone on release"] == "No matching need"
    core = next(name for name in by_name if name.startswith("Core Sex Offender"))
    assert "Possible harm" in by_name[core]
    assert "Not eligible: sexual conviction" in by_name[core]
    assert [r[0] for r in rows[:2]].count(core) == 1  # harmful ones first
    card = tab.exclusion_detail.toPlainText()
    assert "Why it is not recommended" in card and "Possible harm" in card


def test_the_tab_follows_the_record_after_a_save(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    window = PersonWindow(workspace, person_id, tabs=[RecommendationsTab])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tab = window.tab_of(RecommendationsTab)
    assert isinstance(tab, RecommendationsTab)
    assert NALOXONE not in _shown_ids(tab)
    assert "Risk level:" not in window.facts_label.text()  # no score, nothing confirmed

    _set_flags(workspace, person_id, CaseFlag.OPIOID_USE)
    version = open_case_record(workspace.actor, workspace.uow(), person_id).revision(
        RecordPart.RISK
    )
    confirm_risk(
        workspace.actor, workspace.uow(), person_id, version, {"level": "high", "reason": "PSR"}
    )
    window.session.refresh()  # what the window does after any save
    qtbot.waitUntil(lambda: _shown_ids(tab)[:1] == [NALOXONE], timeout=5000)
    assert "Risk level used: High (confirmed by" in tab.risk_label.text()
    # The header names the level the list uses, not the score's band (second trial).
    assert "Risk level: High (confirmed)" in window.facts_label.text()


def test_the_recommender_waits_until_the_tab_is_shown(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    tab = RecommendationsTab(CaseRecordSession(workspace, person_id))
    qtbot.addWidget(tab)
    assert tab.result is None
    tab.show()
    qtbot.waitUntil(lambda: tab.result is not None, timeout=5000)


def test_roles_that_cannot_edit_plans_cannot_add(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    _set_flags(workspace, person_id, CaseFlag.OPIOID_USE)
    tab = _tab(qtbot, as_role(workspace, Role.MANAGER), person_id)
    assert _shown_ids(tab)[0] == NALOXONE
    assert not tab.add_button.isEnabled()
    assert "Only officers who edit plans" in tab.plan_state.text()
    assert tab.add_to_plan() is False
    assert get_plan(workspace.actor, workspace.uow(), person_id).accepted_interventions == ()


def test_tier_column_and_licence_conditions_kept_apart(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    _set_flags(workspace, person_id, CaseFlag.OPIOID_USE)
    tab = _tab(qtbot, workspace, person_id)
    model = tab.table.model()
    assert model.headerData(6, Qt.Orientation.Horizontal) == "Tier"
    assert model.index(0, 6).data() == "Safety first"
    shown = _shown_ids(tab)
    assert "electronic-monitoring-licence" not in shown
    assert tab.sections.tabText(2) == "Licence conditions (1)"
    text = tab.licence_conditions.toPlainText()
    assert "controls, not recommendations" in text
    assert "Electronic monitoring" in text and "Belur" in text
    assert "releasing authority" in text


def test_held_back_items_are_counted_apart_from_the_recommended(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int
) -> None:
    """Held-back items are listed last and not endorsed; the tab's count says so."""
    _decline_family_support(workspace, person_id)
    tab = _tab(qtbot, workspace, person_id)
    tiers = [r.tier for r in tab.result.recommendations]  # type: ignore[union-attr]
    held_back = tiers.count(Tier.HELD_BACK)
    assert held_back, tiers  # the family support they declined
    endorsed = len(tiers) - held_back
    assert tab.sections.tabText(0) == f"Recommended ({endorsed}) + {held_back} held back"
    assert f"{endorsed} recommended," in tab.context_label.text()


def test_a_confirmation_over_a_year_old_asks_to_be_checked(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, monkeypatch
) -> None:
    version = open_case_record(workspace.actor, workspace.uow(), person_id).revision(
        RecordPart.RISK
    )
    confirm_risk(
        workspace.actor, workspace.uow(), person_id, version, {"level": "high", "reason": "PSR"}
    )
    fresh = _tab(qtbot, workspace, person_id).risk_label
    assert "check it is still current" not in fresh.text()
    assert "color" not in fresh.styleSheet()

    confirmed = open_case_record(workspace.actor, workspace.uow(), person_id).risk.confirmed
    assert confirmed is not None
    # A year and a day after the day it was saved (system clock: the suite holds only today).
    later = clock.day_of(confirmed.confirmed_at) + dt.timedelta(days=366)
    monkeypatch.setattr(clock, "_day_source", lambda: later)
    old = _tab(qtbot, workspace, person_id).risk_label
    assert old.text().endswith("over a year ago: check it is still current)")
    assert "color" in old.styleSheet()


def test_adding_a_held_back_item_asks_first_with_why_it_is_held_back(  # type: ignore[no-untyped-def]
    qtbot, workspace: Workspace, person_id: int, monkeypatch
) -> None:
    _decline_family_support(workspace, person_id)
    tab = _tab(qtbot, workspace, person_id)
    held = next(r for r in tab.result.recommendations if r.tier is Tier.HELD_BACK)  # type: ignore[union-attr]
    assert tab.select_intervention(held.intervention_id)
    asked: list[tuple[str, str]] = []

    def answer(_parent, _icon, _title, text, informative, _ok, *_rest) -> bool:  # type: ignore[no-untyped-def]
        asked.append((text, informative))
        return False

    monkeypatch.setattr(messages, "ask_ok_cancel", answer)
    assert tab.add_to_plan() is False
    assert asked == [
        (f"{held.name} is held back, not recommended yet.", held.reasons[0]),
    ]
    assert "declined support" in held.reasons[0]
    assert get_plan(workspace.actor, workspace.uow(), person_id).accepted_interventions == ()
