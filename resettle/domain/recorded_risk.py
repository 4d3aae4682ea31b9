"""Risk scores recorded from other tools, which score is in use, and the officer's confirmation.

- :class:`RecordedScore`: a score from OASys or another tool (OGRS3, OVP, OSP/DC, OSP/IIC, RSR)
  as a percentage and/or a level, with the date it was assessed and its source.
- :class:`RoshAssessment`: Risk of Serious Harm levels per group (children, public, known adult,
  staff, prisoners), with date and source.
- :func:`select_score_in_use`: a recorded official OGRS3 takes precedence over the computed one
  (the most recent, when there are several); the choice and why are returned as codes.
- :func:`confirm_risk_level`: the officer's risk level; a reason is required when it differs from
  the band of the score in use.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from resettle.domain import clock
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.ogrs3 import Ogrs3Result, band_for_percent
from resettle.domain.risk import RiskLevel
from resettle.domain.text_fields import MULTI_LINE, CheckedText
from resettle.domain.validation import validate

Source = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), MULTI_LINE]
Who = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class ScoreTool(StrEnum):
    OGRS3 = "ogrs3"
    OVP = "ovp"
    OSP_DC = "osp_dc"
    OSP_IIC = "osp_iic"
    RSR = "rsr"

    @property
    def label(self) -> str:
        return {
            ScoreTool.OGRS3: "OGRS3 (OASys)",
            ScoreTool.OVP: "OVP",
            ScoreTool.OSP_DC: "OSP/DC",
            ScoreTool.OSP_IIC: "OSP/IIC",
            ScoreTool.RSR: "RSR",
        }[self]


class RoshGroup(StrEnum):
    CHILDREN = "children"
    PUBLIC = "public"
    KNOWN_ADULT = "known_adult"
    STAFF = "staff"
    PRISONERS = "prisoners"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def _problem(model: type[BaseModel], field: str, code: str, message: str) -> FieldProblem:
    return FieldProblem(field, code, f"{model.model_fields[field].title}: {message}")


class RecordedScore(CheckedText):
    """A score from another tool. For OGRS3 and OVP ``percent`` is the 2-year figure."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tool: ScoreTool = Field(title="Tool")
    percent: float | None = Field(default=None, ge=0, le=100, title="Score (%)")
    level: RiskLevel | None = Field(default=None, title="Level")
    assessed_on: date = Field(title="Assessed on")
    source: Source = Field(title="Source")

    @property
    def band(self) -> RiskLevel | None:
        """The level given, else (OGRS3 only) the band of its whole 2-year percentage."""
        if self.level is not None:
            return self.level
        if self.tool is ScoreTool.OGRS3 and self.percent is not None:
            return band_for_percent(_whole(self.percent))
        return None

    def cross_field_problems(self, today: date | None = None) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        if self.percent is None and self.level is None:
            problems.append(
                _problem(RecordedScore, "percent", "required", "give the score or its level")
            )
        if self.assessed_on > (today or clock.today()):
            problems.append(
                _problem(RecordedScore, "assessed_on", "in_future", "cannot be in the future")
            )
        if self.tool is ScoreTool.OGRS3 and self.percent is not None and self.level is not None:
            expected = band_for_percent(_whole(self.percent))
            if expected is not self.level:
                problems.append(
                    _problem(
                        RecordedScore,
                        "level",
                        "band_mismatch",
                        f"an OGRS3 of {self.percent:g}% is {expected.value.replace('_', ' ')}",
                    )
                )
        return problems


def _whole(percent: float) -> int:
    return int(Decimal(repr(percent)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class RoshAssessment(CheckedText):
    """Risk of Serious Harm per group; ``prisoners`` applies in custody only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    children: RiskLevel | None = Field(default=None, title="Risk to children")
    public: RiskLevel | None = Field(default=None, title="Risk to the public")
    known_adult: RiskLevel | None = Field(default=None, title="Risk to a known adult")
    staff: RiskLevel | None = Field(default=None, title="Risk to staff")
    prisoners: RiskLevel | None = Field(default=None, title="Risk to prisoners")
    assessed_on: date = Field(title="Assessed on")
    source: Source = Field(title="Source")

    def level_for(self, group: RoshGroup) -> RiskLevel | None:
        return getattr(self, group.value)  # type: ignore[no-any-return]

    @property
    def highest(self) -> RiskLevel | None:
        """The overall RoSH: the highest level of any group."""
        levels = [lvl for g in RoshGroup if (lvl := self.level_for(g)) is not None]
        return max(levels, key=lambda lvl: lvl.rank, default=None)

    def cross_field_problems(self, today: date | None = None) -> list[FieldProblem]:
        problems: list[FieldProblem] = []
        if self.highest is None:
            problems.append(
                _problem(
                    RoshAssessment, "public", "required", "give a level for at least one group"
                )
            )
        if self.assessed_on > (today or clock.today()):
            problems.append(
                _problem(RoshAssessment, "assessed_on", "in_future", "cannot be in the future")
            )
        return problems


class ScoreSource(StrEnum):
    RECORDED_OGRS3 = "recorded_ogrs3"
    COMPUTED_OGRS3 = "computed_ogrs3"
    NONE = "none"

    @property
    def label(self) -> str:
        return {
            ScoreSource.RECORDED_OGRS3: "Official OGRS3 recorded from OASys",
            ScoreSource.COMPUTED_OGRS3: "OGRS3 computed here (indicative)",
            ScoreSource.NONE: "No score yet",
        }[self]


class ScoreChoiceReason(StrEnum):
    RECORDED_TAKES_PRECEDENCE = "recorded_takes_precedence"  # official score beats computed
    MOST_RECENT_RECORDED = "most_recent_recorded"  # several recorded: the latest assessed
    NO_RECORDED_SCORE = "no_recorded_score"  # so the computed one is used
    NO_SCORE = "no_score"  # neither recorded nor computed


class ScoreInUse(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: ScoreSource
    reasons: tuple[ScoreChoiceReason, ...]
    two_year_percent: float | None = None
    band: RiskLevel | None = None
    assessed_on: date | None = None
    recorded: RecordedScore | None = None
    computed: Ogrs3Result | None = None


def select_score_in_use(
    recorded: Iterable[RecordedScore], computed: Ogrs3Result | None
) -> ScoreInUse:
    """Which OGRS3 figure the record uses, and why (codes, best reason first)."""
    ogrs3 = [score for score in recorded if score.tool is ScoreTool.OGRS3]
    if ogrs3:
        latest = max(ogrs3, key=lambda score: score.assessed_on)
        reasons = [ScoreChoiceReason.RECORDED_TAKES_PRECEDENCE]
        if len(ogrs3) > 1:
            reasons.append(ScoreChoiceReason.MOST_RECENT_RECORDED)
        return ScoreInUse(
            source=ScoreSource.RECORDED_OGRS3,
            reasons=tuple(reasons),
            two_year_percent=latest.percent,
            band=latest.band,
            assessed_on=latest.assessed_on,
            recorded=latest,
            computed=computed,
        )
    if computed is not None:
        return ScoreInUse(
            source=ScoreSource.COMPUTED_OGRS3,
            reasons=(ScoreChoiceReason.NO_RECORDED_SCORE,),
            two_year_percent=computed.two_year_percent,
            band=computed.band,
            computed=computed,
        )
    return ScoreInUse(source=ScoreSource.NONE, reasons=(ScoreChoiceReason.NO_SCORE,))


#: A confirmed level or a recorded score older than this is shown with a prompt to check it is
#: still current: it still sets the level the recommendations use (officers' trial).
DAYS_UNTIL_AN_ASSESSMENT_IS_OLD = 365


def is_old_assessment(on: date, today: date) -> bool:
    """More than a year before ``today``."""
    return (today - on).days > DAYS_UNTIL_AN_ASSESSMENT_IS_OLD


class RiskConfirmationInput(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    level: RiskLevel = Field(title="Risk level")
    reason: Reason = Field(default="", title="Reason")


class ConfirmedRiskLevel(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: RiskLevel
    reason: str
    score_source: ScoreSource
    score_band: RiskLevel | None
    confirmed_by: Who = Field(title="Confirmed by")
    confirmed_at: datetime = Field(title="Confirmed at")

    @property
    def differs_from_score(self) -> bool:
        return self.score_band is not None and self.score_band is not self.level


def confirm_risk_level(
    inp: RiskConfirmationInput,
    in_use: ScoreInUse,
    *,
    confirmed_by: str,
    confirmed_at: datetime,
) -> ConfirmedRiskLevel:
    """Record the officer's level; refuse a level that differs from the score's band unexplained."""
    if in_use.band is not None and inp.level is not in_use.band and not inp.reason:
        raise ValidationFailed.single(
            "reason",
            "required_when_different",
            f"Reason: is required when the level differs from the score in use "
            f"({in_use.band.value.replace('_', ' ')})",
        )
    return validate(
        ConfirmedRiskLevel,
        {
            "level": inp.level,
            "reason": inp.reason,
            "score_source": in_use.source,
            "score_band": in_use.band,
            "confirmed_by": confirmed_by,
            "confirmed_at": confirmed_at,
        },
    )
