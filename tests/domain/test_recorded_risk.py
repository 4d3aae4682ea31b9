"""Recorded scores, RoSH, which OGRS3 is in use, and the officer's confirmed level."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.ogrs3 import Ogrs3Input, Ogrs3Result, compute_ogrs3
from resettle.domain.recorded_risk import (
    RecordedScore,
    RiskConfirmationInput,
    RoshAssessment,
    RoshGroup,
    ScoreChoiceReason,
    ScoreSource,
    ScoreTool,
    confirm_risk_level,
    select_score_in_use,
)
from resettle.domain.risk import RiskLevel
from resettle.domain.validation import validate

AT = datetime(2025, 6, 1, 9, 0)


def computed() -> Ogrs3Result:
    """Worked in test_ogrs3.py: 2-year 39%, low."""
    inp = Ogrs3Input.model_validate(
        {
            "date_of_birth": "1990-05-17",
            "sex": "male",
            "conviction_date": "2024-03-01",
            "first_sanction_date": "2006-08-01",
            "previous_sanctions": 7,
            "offence_category": "burglary_domestic",
            "start_date": "2025-09-01",
        }
    )
    return compute_ogrs3(inp, today=date(2025, 11, 1))


def ogrs3(percent: float | None, on: str, level: str | None = None) -> RecordedScore:
    data: dict[str, Any] = {"tool": "ogrs3", "assessed_on": on, "source": "OASys"}
    if percent is not None:
        data["percent"] = percent
    if level is not None:
        data["level"] = level
    return validate(RecordedScore, data)


def codes(data: dict[str, Any], model: type[Any] = RecordedScore) -> set[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as caught:
        validate(model, data)
    return {(p.field, p.code) for p in caught.value.problems}


def test_recorded_score_needs_a_score_or_level_a_date_and_a_source() -> None:
    assert codes({"tool": "ovp", "assessed_on": "2025-01-01", "source": "OASys"}) == {
        ("percent", "required")
    }
    assert codes({"tool": "rsr", "percent": 101, "assessed_on": "2025-01-01", "source": "x"}) == {
        ("percent", "less_than_equal")
    }
    assert codes({"tool": "rsr", "percent": 3.2, "assessed_on": "2025-01-01", "source": " "}) == {
        ("source", "string_too_short")
    }
    assert codes(
        {"tool": "osp_dc", "level": "high", "assessed_on": "2999-01-01", "source": "x"}
    ) == {("assessed_on", "in_future")}
    assert codes({"tool": "spin", "level": "high", "assessed_on": "2025-01-01", "source": "x"}) == {
        ("tool", "enum")
    }


def test_ogrs3_band_comes_from_its_whole_percentage() -> None:
    assert ogrs3(49.4, "2025-01-01").band is RiskLevel.LOW
    assert ogrs3(49.5, "2025-01-01").band is RiskLevel.MEDIUM
    assert ogrs3(None, "2025-01-01", "very_high").band is RiskLevel.VERY_HIGH
    ovp = validate(
        RecordedScore, {"tool": "ovp", "percent": 40, "assessed_on": "2025-01-01", "source": "x"}
    )
    assert ovp.band is None  # OVP bands are not ours to invent


def test_ogrs3_level_must_match_its_percentage() -> None:
    data = {"tool": "ogrs3", "percent": 76, "level": "medium", "assessed_on": "2025-01-01"}
    assert codes({**data, "source": "OASys"}) == {("level", "band_mismatch")}


def test_recorded_official_ogrs3_takes_precedence() -> None:
    recorded = [
        ogrs3(81, "2025-03-01"),
        ogrs3(55, "2025-05-01"),
        validate(
            RecordedScore,
            {"tool": "ovp", "percent": 70, "assessed_on": "2025-06-01", "source": "x"},
        ),
    ]
    in_use = select_score_in_use(recorded, computed())
    assert in_use.source is ScoreSource.RECORDED_OGRS3
    assert in_use.reasons == (
        ScoreChoiceReason.RECORDED_TAKES_PRECEDENCE,
        ScoreChoiceReason.MOST_RECENT_RECORDED,
    )
    assert (in_use.two_year_percent, in_use.band) == (55, RiskLevel.MEDIUM)
    assert in_use.assessed_on == date(2025, 5, 1)
    assert in_use.computed is not None


def test_computed_is_used_when_nothing_is_recorded() -> None:
    in_use = select_score_in_use([], computed())
    assert in_use.source is ScoreSource.COMPUTED_OGRS3
    assert in_use.reasons == (ScoreChoiceReason.NO_RECORDED_SCORE,)
    assert (in_use.two_year_percent, in_use.band) == (39, RiskLevel.LOW)
    none = select_score_in_use([], None)
    assert (none.source, none.reasons, none.band) == (
        ScoreSource.NONE,
        (ScoreChoiceReason.NO_SCORE,),
        None,
    )


def test_rosh_levels_per_group_and_overall() -> None:
    rosh = validate(
        RoshAssessment,
        {"children": "low", "public": "high", "known_adult": "very_high", "staff": "medium",
         "assessed_on": "2025-04-01", "source": "OASys"},
    )  # fmt: skip
    assert rosh.level_for(RoshGroup.PUBLIC) is RiskLevel.HIGH
    assert rosh.level_for(RoshGroup.PRISONERS) is None
    assert rosh.highest is RiskLevel.VERY_HIGH
    assert RoshGroup.KNOWN_ADULT.label == "Known adult"
    assert codes({"assessed_on": "2025-04-01", "source": "OASys"}, RoshAssessment) == {
        ("public", "required")
    }
    assert codes(
        {"staff": "extreme", "assessed_on": "2025-04-01", "source": "x"}, RoshAssessment
    ) == {("staff", "enum")}


def test_officer_confirms_the_band_without_a_reason() -> None:
    in_use = select_score_in_use([], computed())
    confirmed = confirm_risk_level(
        RiskConfirmationInput(level=RiskLevel.LOW), in_use, confirmed_by="J Smith", confirmed_at=AT
    )
    assert (confirmed.level, confirmed.score_band, confirmed.differs_from_score) == (
        RiskLevel.LOW,
        RiskLevel.LOW,
        False,
    )


def test_a_different_level_needs_a_reason() -> None:
    in_use = select_score_in_use([ogrs3(80, "2025-05-01")], computed())  # high
    with pytest.raises(ValidationFailed) as caught:
        confirm_risk_level(
            RiskConfirmationInput(level=RiskLevel.MEDIUM, reason="   "),
            in_use,
            confirmed_by="J Smith",
            confirmed_at=AT,
        )
    assert (caught.value.problems[0].field, caught.value.problems[0].code) == (
        "reason",
        "required_when_different",
    )
    confirmed = confirm_risk_level(
        RiskConfirmationInput(level=RiskLevel.MEDIUM, reason="Stable housing, abstinent 2 years"),
        in_use,
        confirmed_by="J Smith",
        confirmed_at=AT,
    )
    assert confirmed.differs_from_score
    assert confirmed.score_source is ScoreSource.RECORDED_OGRS3


def test_no_score_means_no_reason_needed_but_someone_must_confirm() -> None:
    in_use = select_score_in_use([], None)
    confirmed = confirm_risk_level(
        RiskConfirmationInput(level=RiskLevel.HIGH), in_use, confirmed_by="J Smith", confirmed_at=AT
    )
    assert not confirmed.differs_from_score
    with pytest.raises(ValidationFailed) as caught:
        confirm_risk_level(
            RiskConfirmationInput(level=RiskLevel.HIGH), in_use, confirmed_by="", confirmed_at=AT
        )
    assert caught.value.problems[0].field == "confirmed_by"


def test_tool_labels() -> None:
    assert [t.label for t in ScoreTool] == ["OGRS3 (OASys)", "OVP", "OSP/DC", "OSP/IIC", "RSR"]
