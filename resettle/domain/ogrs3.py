"""OGRS3: the Offender Group Reconviction Scale, version 3, computed with every term shown.

Provenance
    Howard, Francis, Soothill and Humphreys (2009), "OGRS 3: the revised Offender Group
    Reconviction Scale", Ministry of Justice Research Summary 7/09. Coefficients as the Ministry
    of Justice's public risk-calculation code had them: ministryofjustice/hmpps-arns-risk-
    actuarial-api, ``OGRS3TransformationHelper.kt`` and
    ``offencegroupparameters/offence-code-mapping.csv`` (October 2025; OGRS3 was removed from that
    code in June 2026). The offence terms are the dominant weight per category in that file.

Formula
    Copas rate = ln((1 + previous sanctions) / (10 + age at current conviction
                                                - age at first sanction))
    T          = age/sex term + conviction-status term + 1.25112 x Copas rate + offence term
    1-year     = 1 / (1 + e^-(T + 1.40256));  2-year = 1 / (1 + e^-(T + 2.1217))
    Band on the 2-year percentage: low 0-49, medium 50-74, high 75-89, very high 90+.

Choices, as in the MoJ code unless said otherwise
    - Ages are whole years. The age/sex term uses the age at the start of follow-up, which for a
      prison leaver is the release date. (The MoJ code fell back to the assessment date when the
      start date was more than two years old; we score the date given and add the note
      ``start_over_two_years_ago``.)
    - Conviction status is "repeat" when there is at least one previous sanction.
    - The Copas rate is rounded to 5 decimal places, the probabilities to 5 decimal places, and
      the percentages half-up to whole numbers, kept within 1-99; the band uses the whole 2-year
      percentage. (We round the printed 5-place probability, so 0.495 gives 50%; the MoJ code
      rounded its binary value and gave 49% in that one tie.)
    - Refused (``ValidationFailed`` naming the field): anyone under 16 at the start of follow-up,
      of either sex (sources disagree on the sign of the female terms under 16, so we do not
      guess), a first sanction before age 10 or after the current conviction, a count below 0,
      a date of birth in the future, a conviction before birth, and a Copas rate whose logarithm
      is undefined.

The result is indicative: an official OGRS3 score recorded from OASys takes precedence over it
(see ``recorded_risk.select_score_in_use``).

Annotations are evaluated as the module loads (no ``from __future__ import annotations``), for
the command line's start-up (docs/performance.md).
"""

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from resettle.domain import clock
from resettle.domain.ages import age_on
from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.domain.text_fields import CheckedText

PROVENANCE = (
    "Howard, Francis, Soothill and Humphreys (2009), OGRS 3: the revised Offender Group "
    "Reconviction Scale, Ministry of Justice Research Summary 7/09; coefficients from "
    "ministryofjustice/hmpps-arns-risk-actuarial-api OGRS3TransformationHelper.kt and "
    "offence-code-mapping.csv (October 2025)"
)

COPAS_WEIGHT = 1.25112
ONE_YEAR_CONSTANT = 1.40256
TWO_YEAR_CONSTANT = 2.1217
FIRST_SANCTION_TERM = 0.12614
REPEAT_TERM = 0.46306
MIN_AGE_AT_START = 16
MIN_AGE_AT_FIRST_SANCTION = 10
MAX_PREVIOUS_SANCTIONS = 999
STALE_START_DAYS = 730  # the MoJ code's "within the last two years"


@dataclass(frozen=True, slots=True)
class AgeBand:
    low: int
    high: int | None  # None: no upper limit
    male: float
    female: float

    @property
    def label(self) -> str:
        return f"{self.low}+" if self.high is None else f"{self.low}-{self.high}"

    def term(self, sex: Sex) -> float:
        return self.male if sex is Sex.MALE else self.female


#: Age at start of follow-up -> term, 16 and over only (see the module docstring).
AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand(16, 17, -0.0616, -0.9592),
    AgeBand(18, 20, -0.6251, -0.8975),
    AgeBand(21, 24, -1.0515, -1.0285),
    AgeBand(25, 29, -1.1667, -1.0528),
    AgeBand(30, 34, -1.326, -1.1291),
    AgeBand(35, 39, -1.368, -1.4219),
    AgeBand(40, 49, -1.4997, -1.5247),
    AgeBand(50, None, -2.0253, -2.4498),
)

OFFENCE_TERMS: dict[OffenceCategory, float] = {
    OffenceCategory.VIOLENCE: 0.0,
    OffenceCategory.ROBBERY: -0.6348,
    OffenceCategory.PUBLIC_ORDER: 0.1819,
    OffenceCategory.SEXUAL_NOT_CHILD: 0.0328,
    OffenceCategory.SEXUAL_CHILD: -0.6534,
    OffenceCategory.SOLICITING_PROSTITUTION: 0.7606,
    OffenceCategory.BURGLARY_DOMESTIC: -0.1239,
    OffenceCategory.BURGLARY_OTHER: 0.2406,
    OffenceCategory.THEFT_NON_MOTOR: 0.6612,
    OffenceCategory.HANDLING_STOLEN_GOODS: 0.3519,
    OffenceCategory.FRAUD_FORGERY: 0.1599,
    OffenceCategory.ABSCONDING_BAIL: 0.7334,
    OffenceCategory.TAKING_DRIVING_AWAY: 0.3801,
    OffenceCategory.THEFT_FROM_VEHICLES: 0.4272,
    OffenceCategory.DRINK_DRIVING: -0.1214,
    OffenceCategory.OTHER_MOTORING: 0.2622,
    OffenceCategory.CRIMINAL_DAMAGE: 0.205,
    OffenceCategory.DRUG_IMPORT_EXPORT_PRODUCTION: -0.7956,
    OffenceCategory.DRUG_POSSESSION_SUPPLY: 0.0772,
    OffenceCategory.OTHER_OFFENCE: -0.0607,
}


class ConvictionStatus(StrEnum):
    FIRST_SANCTION = "first_sanction"
    REPEAT = "repeat"

    @property
    def label(self) -> str:
        return "First sanction" if self is ConvictionStatus.FIRST_SANCTION else "Repeat"

    @property
    def term(self) -> float:
        return FIRST_SANCTION_TERM if self is ConvictionStatus.FIRST_SANCTION else REPEAT_TERM


class Ogrs3TermName(StrEnum):
    AGE_SEX = "age_sex"
    CONVICTION_STATUS = "conviction_status"
    COPAS = "copas"
    OFFENCE = "offence"

    @property
    def label(self) -> str:
        return {
            Ogrs3TermName.AGE_SEX: "Age and sex",
            Ogrs3TermName.CONVICTION_STATUS: "Conviction status",
            Ogrs3TermName.COPAS: "Copas rate x 1.25112",
            Ogrs3TermName.OFFENCE: "Offence category",
        }[self]


class Ogrs3Note(StrEnum):
    START_OVER_TWO_YEARS_AGO = "start_over_two_years_ago"


class Ogrs3Input(CheckedText):
    model_config = ConfigDict(extra="forbid", frozen=True)

    date_of_birth: date = Field(title="Date of birth")
    sex: Sex = Field(title="Sex")
    conviction_date: date = Field(title="Date of current conviction")
    first_sanction_date: date = Field(title="Date of first sanction")
    previous_sanctions: int = Field(ge=0, le=MAX_PREVIOUS_SANCTIONS, title="Previous sanctions")
    offence_category: OffenceCategory = Field(title="Offence category")
    start_date: date = Field(title="Start of follow-up (release date)")

    def cross_field_problems(self, today: date | None = None) -> list[FieldProblem]:
        return ogrs3_problems(self, today or clock.today())


class Ogrs3Term(BaseModel):
    """One term of T: its name, the value added to T and what it was read from (a code)."""

    model_config = ConfigDict(frozen=True)

    name: Ogrs3TermName
    value: float
    detail: str


class Ogrs3Result(BaseModel):
    """An indicative OGRS3 score with every input, intermediate age and term."""

    model_config = ConfigDict(frozen=True)

    inputs: Ogrs3Input
    age_at_start: int
    age_at_conviction: int
    age_at_first_sanction: int
    age_band: str
    age_sex_term: float
    conviction_status: ConvictionStatus
    conviction_status_term: float
    copas_rate: float
    copas_term: float
    offence_term: float
    total: float
    one_year_probability: float
    two_year_probability: float
    one_year_percent: int
    two_year_percent: int
    band: RiskLevel
    notes: tuple[Ogrs3Note, ...] = ()
    indicative: Literal[True] = True
    provenance: str = PROVENANCE

    @property
    def terms(self) -> tuple[Ogrs3Term, ...]:
        return (
            Ogrs3Term(
                name=Ogrs3TermName.AGE_SEX,
                value=self.age_sex_term,
                detail=f"{self.inputs.sex.value} {self.age_band}",
            ),
            Ogrs3Term(
                name=Ogrs3TermName.CONVICTION_STATUS,
                value=self.conviction_status_term,
                detail=self.conviction_status.value,
            ),
            Ogrs3Term(name=Ogrs3TermName.COPAS, value=self.copas_term, detail=f"{self.copas_rate}"),
            Ogrs3Term(
                name=Ogrs3TermName.OFFENCE,
                value=self.offence_term,
                detail=self.inputs.offence_category.value,
            ),
        )


def _problem(field: str, code: str, message: str) -> FieldProblem:
    return FieldProblem(field, code, f"{Ogrs3Input.model_fields[field].title}: {message}")


def ogrs3_problems(inp: Ogrs3Input, today: date) -> list[FieldProblem]:
    """Everything about ``inp`` the formula cannot score, each naming the field to correct."""
    problems: list[FieldProblem] = []
    dob = inp.date_of_birth
    if dob > today:
        problems.append(_problem("date_of_birth", "in_future", "cannot be in the future"))
        return problems
    if inp.conviction_date < dob:
        problems.append(
            _problem("conviction_date", "before_birth", "cannot be before the date of birth")
        )
        return problems
    if inp.conviction_date > today:
        problems.append(_problem("conviction_date", "in_future", "cannot be in the future"))
    if inp.first_sanction_date < dob:
        problems.append(
            _problem("first_sanction_date", "before_birth", "cannot be before the date of birth")
        )
    elif age_on(dob, inp.first_sanction_date) < MIN_AGE_AT_FIRST_SANCTION:
        problems.append(
            _problem(
                "first_sanction_date",
                "under_10",
                f"OGRS3 cannot score a first sanction before age {MIN_AGE_AT_FIRST_SANCTION}",
            )
        )
    if inp.first_sanction_date > inp.conviction_date:
        problems.append(
            _problem(
                "first_sanction_date",
                "after_conviction",
                "cannot be after the date of current conviction",
            )
        )
    elif inp.previous_sanctions == 0 and inp.first_sanction_date != inp.conviction_date:
        problems.append(
            _problem(
                "first_sanction_date",
                "not_current_conviction",
                "must be the date of current conviction when there are no previous sanctions",
            )
        )
    if inp.start_date < inp.conviction_date:
        problems.append(
            _problem("start_date", "before_conviction", "cannot be before the current conviction")
        )
    elif age_on(dob, inp.start_date) < MIN_AGE_AT_START:
        problems.append(
            _problem(
                "date_of_birth",
                "under_16",
                f"OGRS3 cannot score anyone under {MIN_AGE_AT_START} at the start of follow-up "
                f"(aged {age_on(dob, inp.start_date)} on {inp.start_date.isoformat()})",
            )
        )
    return problems


def _round5(value: float) -> float:
    return float(Decimal(value).quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP))


def age_band_for(age: int) -> AgeBand:
    """The band holding ``age`` (16 and over)."""
    for band in AGE_BANDS:
        if age >= band.low and (band.high is None or age <= band.high):
            return band
    raise ValidationFailed.single(
        "date_of_birth",
        "under_16",
        f"Date of birth: OGRS3 cannot score anyone under {MIN_AGE_AT_START} (aged {age})",
    )


def copas_rate(
    previous_sanctions: int, age_at_conviction: int, age_at_first_sanction: int
) -> float:
    """ln((1 + previous) / (10 + age at conviction - age at first sanction)), to 5 places.

    Refuses (rather than returning NaN or raising a maths error) when the logarithm's argument
    would not be positive.
    """
    numerator = 1 + previous_sanctions
    denominator = 10 + age_at_conviction - age_at_first_sanction
    if numerator <= 0:
        raise ValidationFailed.single(
            "previous_sanctions", "copas_undefined", "Previous sanctions: cannot be below 0"
        )
    if denominator <= 0:
        raise ValidationFailed.single(
            "first_sanction_date",
            "copas_undefined",
            "Date of first sanction: must not be after the current conviction",
        )
    return _round5(math.log(numerator / denominator))


def probability(total: float, constant: float) -> float:
    """The logistic 1 / (1 + e^-(T + constant)), to 5 places."""
    return _round5(1.0 / (1.0 + math.exp(-(total + constant))))


def as_percent(prob: float) -> int:
    """A probability as a whole percentage, rounded half up and kept within 1-99 (MoJ rule).

    The probability is read as the decimal it prints as (0.495 -> 49.5% -> 50%), so the
    percentage is the one a person gets from the figure shown.
    """
    whole = int((Decimal(repr(prob)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return min(99, max(1, whole))


def band_for_percent(two_year_percent: int) -> RiskLevel:
    """Low 0-49, medium 50-74, high 75-89, very high 90+ (on the whole 2-year percentage)."""
    if two_year_percent >= 90:
        return RiskLevel.VERY_HIGH
    if two_year_percent >= 75:
        return RiskLevel.HIGH
    if two_year_percent >= 50:
        return RiskLevel.MEDIUM
    return RiskLevel.LOW


def compute_ogrs3(inp: Ogrs3Input, *, today: date | None = None) -> Ogrs3Result:
    """Score ``inp``; raise ValidationFailed naming each field the formula cannot score."""
    today = today or clock.today()
    problems = ogrs3_problems(inp, today)
    if problems:
        raise ValidationFailed(problems)
    age_at_start = age_on(inp.date_of_birth, inp.start_date)
    age_at_conviction = age_on(inp.date_of_birth, inp.conviction_date)
    age_at_first = age_on(inp.date_of_birth, inp.first_sanction_date)
    band = age_band_for(age_at_start)
    status = (
        ConvictionStatus.REPEAT if inp.previous_sanctions > 0 else ConvictionStatus.FIRST_SANCTION
    )
    rate = copas_rate(inp.previous_sanctions, age_at_conviction, age_at_first)
    age_sex_term = band.term(inp.sex)
    copas_term = COPAS_WEIGHT * rate
    offence_term = OFFENCE_TERMS[inp.offence_category]
    total = age_sex_term + status.term + copas_term + offence_term
    one_year = probability(total, ONE_YEAR_CONSTANT)
    two_year = probability(total, TWO_YEAR_CONSTANT)
    two_year_percent = as_percent(two_year)
    notes: tuple[Ogrs3Note, ...] = ()
    if (today - inp.start_date).days > STALE_START_DAYS:
        notes = (Ogrs3Note.START_OVER_TWO_YEARS_AGO,)
    return Ogrs3Result(
        inputs=inp,
        age_at_start=age_at_start,
        age_at_conviction=age_at_conviction,
        age_at_first_sanction=age_at_first,
        age_band=band.label,
        age_sex_term=age_sex_term,
        conviction_status=status,
        conviction_status_term=status.term,
        copas_rate=rate,
        copas_term=copas_term,
        offence_term=offence_term,
        total=total,
        one_year_probability=one_year,
        two_year_probability=two_year,
        one_year_percent=as_percent(one_year),
        two_year_percent=two_year_percent,
        band=band_for_percent(two_year_percent),
        notes=notes,
    )
