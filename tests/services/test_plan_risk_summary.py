"""The printed risk summary says how the level was set: an officer's confirmation, the
score's band, or nothing recorded at all (never "Confirmed level: Low (not yet confirmed)")."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

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
        confirmed=SimpleNamespace(level=confirmed) if confirmed else None,
    )
    return SimpleNamespace(risk=risk)


@pytest.mark.parametrize(
    ("confirmed", "band", "printed"),
    [
        (RiskLevel.HIGH, RiskLevel.MEDIUM, "High (confirmed by an officer)"),
        (None, RiskLevel.LOW, "Low (from the score's band; not yet confirmed by an officer)"),
        (None, None, "Medium (no score recorded: assumed until an officer confirms a level)"),
    ],
)
def test_the_level_says_how_it_was_set(
    confirmed: RiskLevel | None, band: RiskLevel | None, printed: str
) -> None:
    summary = risk_summary(_record(confirmed=confirmed, band=band))  # type: ignore[arg-type]
    assert summary.confirmed_level == printed
