"""An account that may not see risk details (prison staff) sees the level in use in words,
with the score said to be hidden for its role, not the dashes of a score never recorded
(user trial: "2-year score: — — Medium")."""

from __future__ import annotations

from typing import Any

from resettle.domain.case_record import Ogrs3Inputs, RiskView
from resettle.domain.record_visibility import risk_level_only
from resettle.domain.recorded_risk import ScoreInUse, ScoreSource
from resettle.domain.risk import RiskLevel
from resettle.ui.person.risk_panels import ScoreInUsePanel


def _view(band: RiskLevel | None) -> RiskView:
    full = RiskView(
        inputs=Ogrs3Inputs(),
        ogrs3=None,
        ogrs3_not_scored=(),
        recorded=(),
        rosh=None,
        in_use=ScoreInUse(
            source=ScoreSource.RECORDED_OGRS3, reasons=(), two_year_percent=41.0, band=band
        ),
        confirmed=None,
    )
    return risk_level_only(full)


def test_the_level_is_shown_and_the_score_said_hidden(qtbot: Any) -> None:
    panel = ScoreInUsePanel()
    qtbot.addWidget(panel)
    panel.show_level_only(_view(RiskLevel.MEDIUM))
    assert panel.score_caption.text() == "Risk level:"
    assert panel.score.text() == "<b>Medium</b> (score hidden for your role)"
    assert "—" not in panel.score.text() and "41" not in panel.score.text()


def test_no_level_yet_says_none(qtbot: Any) -> None:
    panel = ScoreInUsePanel()
    qtbot.addWidget(panel)
    panel.show_level_only(_view(None))
    assert panel.score.text() == "None"
