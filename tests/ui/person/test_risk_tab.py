"""Risk: OGRS3 inputs and every term shown, recorded scores, RoSH, the confirmed level, flags."""

from __future__ import annotations

import datetime as dt

from resettle.domain.case_flags import CaseFlag
from resettle.domain.recorded_risk import ScoreSource, ScoreTool
from resettle.domain.risk import RiskLevel
from resettle.services.workspace import Workspace
from resettle.ui.person import PersonWindow
from resettle.ui.person.risk_dialogs import ConfirmLevelDialog, RecordScoreDialog, RoshDialog
from resettle.ui.person.risk_tab import RiskTab
from tests.ui.person.support import choose, saved_record, submit
from tests.ui.saving import save_and_wait


def _risk(window: PersonWindow) -> RiskTab:
    tab = window.tab_of(RiskTab)
    assert isinstance(tab, RiskTab)
    window.show_tab(tab)
    return tab


def _enter_inputs(tab: RiskTab) -> None:
    tab.conviction_date.editor.setText(f"{dt.date(2024, 1, 10):%d/%m/%Y}")
    tab.first_sanction_date.editor.setText(f"{dt.date(2008, 3, 1):%d/%m/%Y}")
    tab.previous_sanctions.setValue(4)


def test_ogrs3_inputs_save_and_every_term_is_shown(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _risk(window)
    assert not tab.ogrs3.table.isVisibleTo(tab)
    assert "Date of current conviction (Risk tab): not recorded yet" in tab.ogrs3.not_scored.text()
    _enter_inputs(tab)
    assert tab.dirty and window.save_button.isEnabled()
    assert save_and_wait(qtbot, window)
    saved = saved_record(workspace, window.session.person_id).risk
    assert saved.inputs.previous_sanctions == 4
    assert saved.inputs.conviction_date == dt.date(2024, 1, 10)
    assert saved.ogrs3 is not None
    assert tab.ogrs3.table.isVisibleTo(tab)
    assert [row[0] for row in tab.ogrs3.terms.display_rows()] == [
        "Age and sex",
        "Conviction status",
        "Copas rate × 1.25112",
        "Offence category",
        "Total (T)",
    ]
    assert tab.ogrs3.two_year.text().startswith(f"{saved.ogrs3.two_year_percent}%")
    assert tab.ogrs3.title().endswith("(indicative)")
    assert tab.in_use.source.text() == "OGRS3 computed here (indicative)"
    assert not tab.dirty


def test_previous_sanctions_can_be_not_recorded(window: PersonWindow) -> None:  # type: ignore[no-untyped-def]
    tab = _risk(window)
    tab.previous_sanctions.setValue(3)
    tab.previous_sanctions.setValue(-1)  # the "Not recorded" value
    assert tab.previous_sanctions.text() == "Not recorded"
    assert tab.inputs_form.values()["previous_sanctions"] is None
    assert not tab.dirty


def test_confirming_a_different_level_needs_a_reason(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _risk(window)
    _enter_inputs(tab)
    assert save_and_wait(qtbot, window)
    band = window.session.record.risk.in_use.band
    assert band is not None
    other = RiskLevel.VERY_HIGH if band is not RiskLevel.VERY_HIGH else RiskLevel.LOW
    tab.confirm_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, ConfirmLevelDialog)
    qtbot.waitExposed(dialog)
    choose(dialog.form.fields["level"].widget, other)  # type: ignore[arg-type]
    assert not dialog.ok_button.isEnabled()
    assert dialog.form.problem_for("reason").startswith("Reason: is required")
    dialog.form.fields["reason"].widget.setPlainText("Recent violence in custody")  # type: ignore[attr-defined]
    assert submit(qtbot, dialog)
    confirmed = saved_record(workspace, window.session.person_id).risk.confirmed
    assert confirmed is not None and confirmed.level is other
    assert confirmed.reason == "Recent violence in custody"
    assert "Recent violence in custody" in tab.confirmed.reason.text()
    assert "Test Officer" in tab.confirmed.by.text()


def test_a_recorded_official_score_takes_precedence(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace
) -> None:
    tab = _risk(window)
    tab.record_score_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, RecordScoreDialog)
    choose(dialog.tool, ScoreTool.OGRS3)
    assert not dialog.ok_button.isEnabled()  # neither score nor level yet
    assert "give the score or its level" in dialog.form.problem_for("percent")
    dialog.percent.setValue(62)
    assert submit(qtbot, dialog)
    view = saved_record(workspace, window.session.person_id).risk
    assert view.in_use.source is ScoreSource.RECORDED_OGRS3
    assert tab.scores.display_rows()[0][:3] == ["OGRS3 (OASys)", "62%", "Medium"]
    assert tab.in_use.source.text().startswith("Official OGRS3 recorded from OASys")
    assert "takes precedence" in tab.in_use.reasons.text()


def test_rosh_and_flags(qtbot, window: PersonWindow, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    tab = _risk(window)
    tab.rosh_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, RoshDialog)
    assert not dialog.ok_button.isEnabled()  # at least one group is needed
    choose(dialog.form.fields["public"].widget, RiskLevel.HIGH)  # type: ignore[arg-type]
    assert submit(qtbot, dialog)
    assert tab.rosh.levels[next(iter(tab.rosh.levels))].text() == "Not assessed"
    assert "overall high" in tab.rosh.assessed.text()
    tab.flag_boxes[CaseFlag.OPIOID_USE].setChecked(True)
    assert save_and_wait(qtbot, window)
    assert saved_record(workspace, window.session.person_id).flags == {CaseFlag.OPIOID_USE}


def test_a_stale_risk_save_is_refused(  # type: ignore[no-untyped-def]
    qtbot, window: PersonWindow, workspace: Workspace, boxes
) -> None:
    other = PersonWindow(workspace, window.session.person_id)
    qtbot.addWidget(other)
    _enter_inputs(_risk(other))  # edited before the first window saved: a real conflict
    _risk(window).flag_boxes[CaseFlag.MENTAL_HEALTH].setChecked(True)
    assert save_and_wait(qtbot, window)
    assert save_and_wait(qtbot, other) is False
    assert "Someone else saved" in boxes.texts()[-1]
    assert saved_record(workspace, window.session.person_id).risk.inputs.previous_sanctions is None
