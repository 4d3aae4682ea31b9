"""The printed risk summary gives the level an officer confirmed, with when, or "Not yet
confirmed" (never "Confirmed level: Low (not yet confirmed)"); the score's band has its own
line."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from resettle.domain import clock
from resettle.domain.recorded_risk import ScoreSource
from resettle.domain.risk import RiskLevel
from resettle.services.plans.document import risk_summary


def _record(*, confirmed: RiskLevel | None, band: RiskLevel | None) -> object:
    in_use = SimpleNamespace(
        source=ScoreSource.COMPUTED_OGRS3 if band else ScoreSource.NONE,
        band=band,
        recorded=None,
        two_year_percent=41.0 if band else None,
    )
    risk = SimpleNamespace(
        in_use=in_use,
        ogrs3=SimpleNamespace(one_year_percent=25) if band else None,
        rosh=None,
        confirmed=(
            SimpleNamespace(level=confirmed, confirmed_at=dt.datetime(2026, 3, 2, 10, 0))
            if confirmed
            else None
        ),
    )
    return SimpleNamespace(risk=risk)


@pytest.mark.parametrize(
    ("confirmed", "band", "printed"),
    [
        (RiskLevel.HIGH, RiskLevel.MEDIUM, "High (confirmed by an officer on 02 Mar 2026)"),
        (None, RiskLevel.LOW, "Not yet confirmed"),
        (None, None, "Not yet confirmed"),
    ],
)
def test_the_level_says_how_it_was_set(
    confirmed: RiskLevel | None, band: RiskLevel | None, printed: str
) -> None:
    summary = risk_summary(_record(confirmed=confirmed, band=band))  # type: ignore[arg-type]
    assert summary.confirmed_level == printed
    assert summary.band == (band.value.capitalize() if band else "")


def test_a_confirmation_or_a_recorded_score_over_a_year_old_asks_to_be_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = _record(confirmed=RiskLevel.HIGH, band=RiskLevel.LOW)
    record.risk.in_use.source = ScoreSource.RECORDED_OGRS3  # type: ignore[attr-defined]
    record.risk.in_use.recorded = SimpleNamespace(  # type: ignore[attr-defined]
        source="OASys", assessed_on=dt.date(2026, 3, 2)
    )
    monkeypatch.setattr(clock, "_day_source", lambda: dt.date(2027, 3, 2))  # a year on
    summary = risk_summary(record)  # type: ignore[arg-type]
    assert summary.confirmed_level == "High (confirmed by an officer on 02 Mar 2026)"
    assert summary.score_source == "OASys, assessed 02 Mar 2026"
    monkeypatch.setattr(clock, "_day_source", lambda: dt.date(2027, 3, 3))
    summary = risk_summary(record)  # type: ignore[arg-type]
    assert summary.confirmed_level == (
        "High (confirmed by an officer on 02 Mar 2026, over a year ago: check it is still current)"
    )
    assert summary.score_source == (
        "OASys, assessed 02 Mar 2026, over a year ago: check it is still current"
    )
