"""Words the person window shows for the domain's codes, dates and times, all translatable.

The domain returns codes and enums; these functions turn them into text through
``QCoreApplication.translate`` so a translator can change every word on screen. Enums whose
domain ``label`` is already plain English go through :func:`label` (context ``"Labels"``);
the ones without a label, or whose code would read badly, are spelled out here.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from PySide6.QtCore import QCoreApplication

from resettle.domain.ogrs3 import Ogrs3Note
from resettle.domain.plan import ActionStatus
from resettle.domain.readiness import Readiness
from resettle.domain.recorded_risk import ScoreChoiceReason
from resettle.domain.risk import RiskLevel, Sex

NOT_RECORDED = "—"


def tr(text: str) -> str:
    return QCoreApplication.translate("Labels", text)


def label(value: Enum | None) -> str:
    """The on-screen word for an enum member (its domain label, translated)."""
    if value is None:
        return NOT_RECORDED
    special = _SPECIAL.get(type(value))
    if special is not None:
        return special(value)
    text = getattr(value, "label", None)
    if isinstance(text, str):
        return tr(text)
    return tr(str(value.value).replace("_", " ").capitalize())


def _risk_level(value: Enum) -> str:
    return {
        RiskLevel.LOW: tr("Low"),
        RiskLevel.MEDIUM: tr("Medium"),
        RiskLevel.HIGH: tr("High"),
        RiskLevel.VERY_HIGH: tr("Very high"),
    }[value]  # type: ignore[index]


def _sex(value: Enum) -> str:
    return {Sex.MALE: tr("Male"), Sex.FEMALE: tr("Female")}[value]  # type: ignore[index]


def _action_status(value: Enum) -> str:
    return {
        ActionStatus.TO_DO: tr("To do"),
        ActionStatus.IN_PROGRESS: tr("In progress"),
        ActionStatus.DONE: tr("Done"),
        ActionStatus.NOT_NEEDED: tr("Not needed"),
    }[value]  # type: ignore[index]


def _choice_reason(value: Enum) -> str:
    return {
        ScoreChoiceReason.RECORDED_TAKES_PRECEDENCE: tr(
            "An official score recorded from OASys takes precedence over the computed one."
        ),
        ScoreChoiceReason.MOST_RECENT_RECORDED: tr(
            "Several official scores are recorded: the most recently assessed is used."
        ),
        ScoreChoiceReason.NO_RECORDED_SCORE: tr(
            "No official OGRS3 is recorded, so the indicative score computed here is used."
        ),
        ScoreChoiceReason.NO_SCORE: tr(
            "No official OGRS3 is recorded and the indicative score cannot be computed yet."
        ),
    }[value]  # type: ignore[index]


def _ogrs3_note(value: Enum) -> str:
    return {
        Ogrs3Note.START_OVER_TWO_YEARS_AGO: tr(
            "The release date is more than two years ago; the score is scored from it anyway."
        ),
    }[value]  # type: ignore[index]


def readiness_text(result: Readiness) -> str:
    """ "On track (82)", or "At risk (62), plan not agreed"; the honest levels without a number
    ("No release date", "Released: no agreed plan", "Plan not agreed"), which never read as
    ready. The caseload, the person header and the Release day tab use it."""
    if not result.shows_score:
        return label(result.level)
    scored = f"{label(result.level)} ({result.score})"
    if not result.plan_agreed:  # the score alone would hide the missing plan
        return tr("%1, plan not agreed").replace("%1", scored)
    return scored


_SPECIAL = {
    RiskLevel: _risk_level,
    Sex: _sex,
    ActionStatus: _action_status,
    ScoreChoiceReason: _choice_reason,
    Ogrs3Note: _ogrs3_note,
}


def date_text(value: dt.date | None) -> str:
    return value.strftime("%d %b %Y") if value is not None else NOT_RECORDED


def time_text(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def when_text(value: dt.datetime | None) -> str:
    """A stored (UTC) moment in local time, e.g. ``23 Nov 2026 14:05``."""
    if value is None:
        return NOT_RECORDED
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone().strftime("%d %b %Y %H:%M")


def percent_text(value: float | None) -> str:
    return NOT_RECORDED if value is None else f"{value:g}%"
