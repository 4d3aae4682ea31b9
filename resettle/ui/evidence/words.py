"""Words for the evidence pack's and the recommender's codes, all translatable.

The evidence layer returns codes (``through_the_gate``, ``rct``, ``ineligible``) and some
English sentences built from codes (``for risk levels high, very_high``). Everything the
evidence screens show goes through these functions so no raw code reaches the user.
"""

from __future__ import annotations

import re
from enum import Enum

from PySide6.QtCore import QCoreApplication

from resettle.domain.pathways import Pathway
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.evidence import ExclusionReason, Precedence, TermCode, Tier
from resettle.evidence.codes import (
    CriminogenicNeed,
    EffectDirection,
    Intensity,
    PathwayNoteKind,
    ProfileFlag,
    RatingScheme,
    Setting,
    SourceType,
    VerificationStatus,
)
from resettle.evidence.exclusions import exclusion_headline as evidence_headline

#: Shown where a value is missing.
NONE_TEXT = "—"
MAX_QUALITY = 4


def tr(text: str) -> str:
    return QCoreApplication.translate("Evidence", text)


def _table(value: Enum) -> dict[Enum, str]:
    tables: dict[type[Enum], dict[Enum, str]] = {
        Setting: {
            Setting.CUSTODY: tr("Custody"),
            Setting.COMMUNITY: tr("Community"),
            Setting.THROUGH_THE_GATE: tr("Through the gate"),
        },
        Intensity: {
            Intensity.LOW: tr("Low"),
            Intensity.MODERATE: tr("Moderate"),
            Intensity.HIGH: tr("High"),
        },
        SourceType: {
            SourceType.SYSTEMATIC_REVIEW_META_ANALYSIS: tr("Systematic review / meta-analysis"),
            SourceType.RCT: tr("Randomised controlled trial"),
            SourceType.QUASI_EXPERIMENTAL: tr("Quasi-experimental study"),
            SourceType.COHORT: tr("Cohort study"),
            SourceType.OFFICIAL_STATISTICS: tr("Official statistics"),
            SourceType.TOOLKIT_SUMMARY: tr("Toolkit summary"),
            SourceType.RAPID_EVIDENCE_ASSESSMENT: tr("Rapid evidence assessment"),
            SourceType.NARRATIVE_REVIEW: tr("Narrative review"),
            SourceType.PRACTICE_GUIDANCE: tr("Practice guidance"),
        },
        EffectDirection: {
            EffectDirection.BENEFICIAL: tr("Beneficial"),
            EffectDirection.BENEFICIAL_SOME_HARM: tr("Beneficial, with some harm"),
            EffectDirection.SOME_BENEFIT_NOT_SIGNIFICANT: tr("Some benefit, not significant"),
            EffectDirection.NO_EFFECT: tr("No effect"),
            EffectDirection.HARMFUL: tr("Harmful"),
            EffectDirection.ASSOCIATION_ONLY: tr("Association only (not an effect)"),
            EffectDirection.NOT_ESTABLISHED: tr("Not established"),
        },
        RatingScheme: {
            RatingScheme.COLLEGE_OF_POLICING_TOOLKIT: tr(
                "College of Policing Crime Reduction Toolkit"
            ),
            RatingScheme.CRIMESOLUTIONS: tr("CrimeSolutions"),
            RatingScheme.MARYLAND_SMS: tr("Maryland Scientific Methods Scale"),
            RatingScheme.BLUEPRINTS: tr("Blueprints"),
            RatingScheme.NONE: tr("No rating scheme"),
        },
        VerificationStatus: {
            VerificationStatus.VERIFIED: tr("Verified"),
            VerificationStatus.UNVERIFIED: tr("Unverified"),
        },
        TermCode: {
            TermCode.NEED_PRIORITY: tr("Need"),
            TermCode.EVIDENCE_STRENGTH: tr("Evidence strength"),
            TermCode.CONTINUITY: tr("Continuity"),
            TermCode.RISK_INTENSITY_FIT: tr("Risk / intensity fit"),
        },
        Precedence: {
            Precedence.NALOXONE: tr("Opioid safety: naloxone"),
            Precedence.OPIOID_TREATMENT_CONTINUITY: tr("Opioid safety: treatment continuity"),
            Precedence.FIRST_NIGHT_ACCOMMODATION: tr("First-night accommodation"),
            Precedence.RELEASE_DAY_ESSENTIAL: tr("Release-day essential"),
            Precedence.GENERAL: tr("Ranked by need, dose, evidence and continuity"),
        },
        Tier: {
            Tier.SAFETY: tr("Safety first"),
            Tier.RELEASE_DAY: tr("Release-day essential"),
            Tier.CRIMINOGENIC: tr("Need linked to offending"),
            Tier.SUPPORT: tr("Other support"),
            Tier.HELD_BACK: tr("Held back"),
        },
        PathwayNoteKind: {
            PathwayNoteKind.EVIDENCE_GAP: tr("Evidence gap"),
            PathwayNoteKind.CONTEXT: tr("Context"),
        },
        ProfileFlag: {
            ProfileFlag.OPIOID_USE: tr("opioid use"),
            ProfileFlag.ALCOHOL_DEPENDENCE: tr("alcohol dependence"),
            ProfileFlag.NO_FIXED_ABODE: tr("no fixed abode"),
            ProfileFlag.NO_ID: tr("no ID"),
            ProfileFlag.NO_BANK_ACCOUNT: tr("no bank account"),
            ProfileFlag.MENTAL_HEALTH: tr("mental health needs"),
            ProfileFlag.LEARNING_DISABILITY: tr("learning disability"),
            ProfileFlag.INTERPRETER_NEEDED: tr("interpreter needed"),
            ProfileFlag.LOW_MOTIVATION: tr("low motivation"),
            ProfileFlag.NO_RECOURSE_TO_PUBLIC_FUNDS: tr("no recourse to public funds"),
            ProfileFlag.NO_RIGHT_TO_WORK: tr("no right to work"),
            ProfileFlag.DOMESTIC_ABUSE_VICTIM: tr("victim of domestic abuse"),
            ProfileFlag.DENIES_OFFENCE: tr("denies the offence"),
            ProfileFlag.CARE_LEAVER: tr("care leaver"),
            ProfileFlag.VICTIM_CONSENT_KNOWN: tr("victim consent known"),
        },
        RiskLevel: {
            RiskLevel.LOW: tr("Low"),
            RiskLevel.MEDIUM: tr("Medium"),
            RiskLevel.HIGH: tr("High"),
            RiskLevel.VERY_HIGH: tr("Very high"),
        },
        Sex: {Sex.MALE: tr("Male"), Sex.FEMALE: tr("Female")},
    }
    return tables.get(type(value), {})


def word(value: Enum | str | None) -> str:
    """The on-screen word for a code (an enum member, or its string value)."""
    if value is None:
        return NONE_TEXT
    if isinstance(value, Pathway | OffenceCategory):
        return tr(value.label)
    if isinstance(value, CriminogenicNeed):
        return tr(value.label[0].upper() + value.label[1:])
    if isinstance(value, Enum):
        text = _table(value).get(value)
        if text is not None:
            return text
        raw = str(value.value)
    else:
        raw = value
    return raw.replace("_", " ").capitalize()


def code_word(kind: type[Enum], code: str) -> str:
    """The word for ``code`` read as a member of ``kind`` (plain words if it is not one)."""
    try:
        return word(kind(code))
    except ValueError:
        return word(code)


def pathways_text(pathways: tuple[Pathway, ...] | list[Pathway]) -> str:
    return ", ".join(word(p) for p in pathways)


# --- quality and strength ------------------------------------------------------------------
def quality_word(quality: int) -> str:
    return {
        0: tr("No evidence of effect"),
        1: tr("Low"),
        2: tr("Moderate"),
        3: tr("Strong"),
        4: tr("Very strong"),
    }.get(quality, NONE_TEXT)


def quality_short(quality: int) -> str:
    """``●●●○  Strong`` (for tables)."""
    word_ = tr("None") if quality == 0 else quality_word(quality)
    return f"{dots(quality)}  {word_}"


def strength_word(strength: float) -> str:
    """The evidence strength (quality x effect weight, 0-4) in words."""
    level = round(strength)
    if level <= 0:
        return tr("Not established") if strength <= 0 else tr("Very low")
    return {1: tr("Low"), 2: tr("Moderate"), 3: tr("Strong"), 4: tr("Very strong")}[
        min(level, MAX_QUALITY)
    ]


def dots(value: float) -> str:
    """``●●●○`` for 3 of 4 (rounded; a value above 0 shows at least a half-filled first dot)."""
    filled = max(0, min(MAX_QUALITY, round(value)))
    if filled == 0 and value > 0:
        return "◐" + "○" * (MAX_QUALITY - 1)
    return "●" * filled + "○" * (MAX_QUALITY - filled)


def quality_text(quality: int) -> str:
    """``●●●○  Strong (3 of 4)``."""
    return (
        tr("%1  %2 (%3 of 4)")
        .replace("%1", dots(quality))
        .replace("%2", quality_word(quality))
        .replace("%3", str(quality))
    )


def strength_text(strength: float) -> str:
    """``●●○○  Moderate``."""
    return f"{dots(strength)}  {strength_word(strength)}"


def counted_strength_text(strength: float, deaths_counted: bool = False) -> str:
    """The ranking's evidence strength as the reason text states it, not a quality word,
    under the column "Evidence" (``●○○○  1.5 of 4``, ``None on reoffending``): officers in
    the trial of 2 Dec 2026 read "Counted 0.375 of 4" as jargon."""
    if strength <= 0:
        if deaths_counted:
            return tr("None on reoffending or deaths")
        return tr("None on reoffending")
    return f"{dots(strength)}  " + tr("{0} of 4").format(f"{strength:g}")


def score_text(value: float) -> str:
    return f"{value:g}"


# --- exclusions ----------------------------------------------------------------------------
#: Words of the evidence layer; translated where shown.
def exclusion_headline(reason: ExclusionReason) -> str:
    """A short name for one reason, e.g. ``Not eligible: age`` or ``Possible harm``: the text
    report's headline (one rule for both, ``evidence.exclusions``), translated."""
    return tr(evidence_headline(reason))


#: Codes the engine may put inside its sentences, mapped to their words.
_CODE_PATTERN = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def _known_code(code: str) -> str | None:
    for kind in (RiskLevel, ProfileFlag, OffenceCategory, EffectDirection, Setting, Pathway):
        try:
            member = kind(code)
        except ValueError:
            continue
        text = word(member)
        return text if kind in (OffenceCategory, Pathway) else text.lower()
    return None


def readable(text: str) -> str:
    """An engine sentence with any ``snake_case`` code in it replaced by words.

    ``for risk levels high, very_high`` -> ``for risk levels high, very high``;
    ``the flag no_bank_account`` -> ``the flag no bank account``.
    """

    def replace(match: re.Match[str]) -> str:
        code = match.group(0)
        return _known_code(code) or code.replace("_", " ")

    return _CODE_PATTERN.sub(replace, text)
