"""OGRS3 worked examples, each computed by hand from the published formula.

For every case the intermediate numbers are written out as literals:
    Copas = ln((1 + previous) / (10 + age at conviction - age at first sanction)), 5 places
    T     = age/sex + status + 1.25112 x Copas + offence
    p1    = 1 / (1 + e^-(T + 1.40256)),  p2 = 1 / (1 + e^-(T + 2.1217)), 5 places
Status terms: first sanction 0.12614, repeat 0.46306.
"""

from __future__ import annotations

from datetime import date

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.ogrs3 import (
    AGE_BANDS,
    OFFENCE_TERMS,
    PROVENANCE,
    ConvictionStatus,
    Ogrs3Input,
    Ogrs3Note,
    Ogrs3Result,
    Ogrs3TermName,
    as_percent,
    band_for_percent,
    compute_ogrs3,
    copas_rate,
)
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.domain.validation import validate

TODAY = date(2025, 11, 1)


def score(
    sex: str, *, dob: str, convicted: str, first: str, previous: int, offence: str, start: str
) -> Ogrs3Result:
    inp = Ogrs3Input(
        date_of_birth=date.fromisoformat(dob),
        sex=Sex(sex),
        conviction_date=date.fromisoformat(convicted),
        first_sanction_date=date.fromisoformat(first),
        previous_sanctions=previous,
        offence_category=OffenceCategory(offence),
        start_date=date.fromisoformat(start),
    )
    return compute_ogrs3(inp, today=TODAY)


def check(
    result: Ogrs3Result,
    *,
    ages: tuple[int, int, int],  # at start of follow-up, at conviction, at first sanction
    age_band: str,
    age_term: float,
    status: ConvictionStatus,
    copas: float,
    total: float,
    p1: float,
    p2: float,
    percents: tuple[int, int],
    band: RiskLevel,
) -> None:
    assert (result.age_at_start, result.age_at_conviction, result.age_at_first_sanction) == ages
    assert result.age_band == age_band
    assert result.age_sex_term == age_term
    assert result.conviction_status is status
    assert result.conviction_status_term == status.term
    assert result.copas_rate == pytest.approx(copas, abs=1e-12)
    assert result.copas_term == pytest.approx(1.25112 * copas, abs=1e-12)
    assert result.total == pytest.approx(total, abs=1e-9)
    assert result.one_year_probability == pytest.approx(p1, abs=1e-12)
    assert result.two_year_probability == pytest.approx(p2, abs=1e-12)
    assert (result.one_year_percent, result.two_year_percent) == percents
    assert result.band is band


REPEAT = ConvictionStatus.REPEAT
FIRST = ConvictionStatus.FIRST_SANCTION


def test_male_repeat_35_39_burglary_domestic() -> None:
    result = score(
        "male", dob="1990-05-17", convicted="2024-03-01", first="2006-08-01", previous=7,
        offence="burglary_domestic", start="2025-09-01",
    )  # fmt: skip
    # Copas = ln(8 / (10 + 33 - 16)) = ln(8/27) = -1.2163953 -> -1.21640
    # T = -1.368 + 0.46306 + 1.25112 x -1.2164 (= -1.5218624) + -0.1239 = -2.5507024
    # p1 = 1/(1+e^1.1481424) = 0.2408286 -> 0.24083; p2 = 1/(1+e^0.4290024) = 0.3943646
    check(
        result, ages=(35, 33, 16), age_band="35-39", age_term=-1.368, status=REPEAT,
        copas=-1.2164, total=-2.550702368, p1=0.24083, p2=0.39436, percents=(24, 39),
        band=RiskLevel.LOW,
    )  # fmt: skip
    assert result.offence_term == -0.1239
    assert result.conviction_status_term == 0.46306


def test_female_first_sanction_18_20_theft() -> None:
    result = score(
        "female", dob="2005-01-10", convicted="2024-06-01", first="2024-06-01", previous=0,
        offence="theft_non_motor", start="2024-12-01",
    )  # fmt: skip
    # Copas = ln(1/10) = -2.3025851 -> -2.30259
    # T = -0.8975 + 0.12614 + 1.25112 x -2.30259 (= -2.8808164) + 0.6612 = -2.9909764
    # p1 = 1/(1+e^1.5884164) = 0.1696068 -> 0.16961; p2 = 1/(1+e^0.8692764) = 0.2954049
    check(
        result, ages=(19, 19, 19), age_band="18-20", age_term=-0.8975, status=FIRST,
        copas=-2.30259, total=-2.9909764008, p1=0.16961, p2=0.2954, percents=(17, 30),
        band=RiskLevel.LOW,
    )  # fmt: skip
    assert result.conviction_status_term == 0.12614


def test_male_first_sanction_50_plus_sexual_child() -> None:
    result = score(
        "male", dob="1968-11-30", convicted="2024-06-30", first="2024-06-30", previous=0,
        offence="sexual_child", start="2025-06-30",
    )  # fmt: skip
    # Copas = ln(1/10) -> -2.30259
    # T = -2.0253 + 0.12614 - 2.8808164 - 0.6534 = -5.4333764
    # p1 = 1/(1+e^4.0308164) = 0.0174499 -> 0.01745; p2 = 1/(1+e^3.3116764) = 0.0351728
    check(
        result, ages=(56, 55, 55), age_band="50+", age_term=-2.0253, status=FIRST,
        copas=-2.30259, total=-5.4333764008, p1=0.01745, p2=0.03517, percents=(2, 4),
        band=RiskLevel.LOW,
    )  # fmt: skip


def test_male_16_17_absconding_is_high() -> None:
    result = score(
        "male", dob="2008-03-15", convicted="2024-09-02", first="2023-07-01", previous=1,
        offence="absconding_bail", start="2025-04-01",
    )  # fmt: skip
    # Copas = ln(2 / (10 + 16 - 15)) = ln(2/11) = -1.7047481 -> -1.70475
    # T = -0.0616 + 0.46306 - 2.1328468 + 0.7334 = -0.9979868
    # p1 = 1/(1+e^-0.4045732) = 0.5997859 -> 0.59979; p2 = 1/(1+e^-1.1237132) = 0.7546768
    check(
        result, ages=(17, 16, 15), age_band="16-17", age_term=-0.0616, status=REPEAT,
        copas=-1.70475, total=-0.99798682, p1=0.59979, p2=0.75468, percents=(60, 75),
        band=RiskLevel.HIGH,
    )  # fmt: skip


# Band boundaries, each reached through the whole formula.


def test_boundary_49_is_low_male_30_34_robbery() -> None:
    result = score(
        "male", dob="1993-04-01", convicted="2024-10-01", first="2017-05-01", previous=9,
        offence="robbery", start="2025-06-01",
    )  # fmt: skip
    # Copas = ln(10/17) = -0.5306283 -> -0.53063
    # T = -1.326 + 0.46306 - 0.6638818 - 0.6348 = -2.1616218
    # p2 = 1/(1+e^0.0399218) = 0.4900209 -> 0.49002 -> 49% low
    check(
        result, ages=(32, 31, 24), age_band="30-34", age_term=-1.326, status=REPEAT,
        copas=-0.53063, total=-2.1616218056, p1=0.31885, p2=0.49002, percents=(32, 49),
        band=RiskLevel.LOW,
    )  # fmt: skip


def test_boundary_50_is_medium_female_40_49_violence() -> None:
    result = score(
        "female", dob="1980-07-07", convicted="2025-01-15", first="2020-09-09", previous=5,
        offence="violence", start="2025-08-01",
    )  # fmt: skip
    # Copas = ln(6/14) = -0.8472979 -> -0.84730
    # T = -1.5247 + 0.46306 - 1.060074 + 0 = -2.121714
    # p2 = 1/(1+e^0.000013976) = 0.4999965 -> 0.50000 (5 places) -> 50% medium
    check(
        result, ages=(45, 44, 40), age_band="40-49", age_term=-1.5247, status=REPEAT,
        copas=-0.8473, total=-2.121713976, p1=0.32758, p2=0.5, percents=(33, 50),
        band=RiskLevel.MEDIUM,
    )  # fmt: skip


def test_boundary_74_is_medium_male_40_49_fraud() -> None:
    result = score(
        "male", dob="1980-02-02", convicted="2024-12-12", first="2000-06-06", previous=28,
        offence="fraud_forgery", start="2025-07-01",
    )  # fmt: skip
    # Copas = ln(29/34) = -0.1590647 -> -0.15906
    # T = -1.4997 + 0.46306 - 0.1990031 + 0.1599 = -1.0757431
    # p1 = 0.5809847 -> 0.58098; p2 = 1/(1+e^-1.0459569) = 0.7399977 -> 0.74 -> 74% medium
    check(
        result, ages=(45, 44, 20), age_band="40-49", age_term=-1.4997, status=REPEAT,
        copas=-0.15906, total=-1.0757431472, p1=0.58098, p2=0.74, percents=(58, 74),
        band=RiskLevel.MEDIUM,
    )  # fmt: skip


def test_boundary_75_is_high_female_30_34_public_order() -> None:
    result = score(
        "female", dob="1993-03-03", convicted="2024-05-05", first="2014-10-10", previous=12,
        offence="public_order", start="2025-04-04",
    )  # fmt: skip
    # Copas = ln(13/20) = -0.4307829 -> -0.43078
    # T = -1.1291 + 0.46306 - 0.5389575 + 0.1819 = -1.0230975
    # p2 = 1/(1+e^-1.0986025) = 0.7499982 -> 0.75 -> 75% high
    check(
        result, ages=(32, 31, 21), age_band="30-34", age_term=-1.1291, status=REPEAT,
        copas=-0.43078, total=-1.0230974736, p1=0.59374, p2=0.75, percents=(59, 75),
        band=RiskLevel.HIGH,
    )  # fmt: skip


def test_boundary_89_is_high_female_25_29_drink_driving() -> None:
    result = score(
        "female", dob="1998-09-09", convicted="2025-01-01", first="2017-01-01", previous=30,
        offence="drink_driving", start="2025-10-10",
    )  # fmt: skip
    # Copas = ln(31/18) = 0.5436154 -> 0.54362
    # T = -1.0528 + 0.46306 + 0.6801339 - 0.1214 = -0.0310061
    # p2 = 1/(1+e^-2.0906939) = 0.8899954 -> 0.89 -> 89% high
    check(
        result, ages=(27, 26, 18), age_band="25-29", age_term=-1.0528, status=REPEAT,
        copas=0.54362, total=-0.0310061456, p1=0.79763, p2=0.89, percents=(80, 89),
        band=RiskLevel.HIGH,
    )  # fmt: skip


def test_boundary_90_is_very_high_male_21_24_violence() -> None:
    result = score(
        "male", dob="2003-01-20", convicted="2024-11-05", first="2024-02-03", previous=16,
        offence="violence", start="2025-02-01",
    )  # fmt: skip
    # Copas = ln(17/10) = 0.5306283 -> 0.53063
    # T = -1.0515 + 0.46306 + 0.6638818 + 0 = 0.0754418
    # p2 = 1/(1+e^-2.1971418) = 0.8999926 -> 0.89999 -> 89.999% -> 90% very high
    check(
        result, ages=(22, 21, 21), age_band="21-24", age_term=-1.0515, status=REPEAT,
        copas=0.53063, total=0.0754418056, p1=0.81427, p2=0.89999, percents=(81, 90),
        band=RiskLevel.VERY_HIGH,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (1, RiskLevel.LOW),
        (49, RiskLevel.LOW),
        (50, RiskLevel.MEDIUM),
        (74, RiskLevel.MEDIUM),
        (75, RiskLevel.HIGH),
        (89, RiskLevel.HIGH),
        (90, RiskLevel.VERY_HIGH),
        (99, RiskLevel.VERY_HIGH),
    ],
)
def test_band_for_percent(percent: int, band: RiskLevel) -> None:
    assert band_for_percent(percent) is band


@pytest.mark.parametrize(
    ("prob", "percent"),
    [(0.495, 50), (0.49499, 49), (0.00001, 1), (0.99999, 99), (0.12345, 12), (0.745, 75)],
)
def test_as_percent_rounds_half_up_within_1_to_99(prob: float, percent: int) -> None:
    assert as_percent(prob) == percent


def test_every_category_and_band_has_a_term() -> None:
    assert set(OFFENCE_TERMS) == set(OffenceCategory)
    assert [b.label for b in AGE_BANDS] == [
        "16-17",
        "18-20",
        "21-24",
        "25-29",
        "30-34",
        "35-39",
        "40-49",
        "50+",
    ]


def test_result_shows_every_term_and_is_labelled_indicative() -> None:
    result = score(
        "male", dob="1990-05-17", convicted="2024-03-01", first="2006-08-01", previous=7,
        offence="burglary_domestic", start="2025-09-01",
    )  # fmt: skip
    terms = {t.name: t for t in result.terms}
    assert list(terms) == [
        Ogrs3TermName.AGE_SEX,
        Ogrs3TermName.CONVICTION_STATUS,
        Ogrs3TermName.COPAS,
        Ogrs3TermName.OFFENCE,
    ]
    assert terms[Ogrs3TermName.AGE_SEX].detail == "male 35-39"
    assert terms[Ogrs3TermName.COPAS].detail == "-1.2164"
    assert sum(t.value for t in result.terms) == pytest.approx(result.total)
    assert result.indicative is True
    assert "Research Summary 7/09" in result.provenance
    assert "OGRS3TransformationHelper.kt" in PROVENANCE
    assert result.notes == ()


def test_start_more_than_two_years_ago_is_noted() -> None:
    result = score(
        "male", dob="1990-05-17", convicted="2020-03-01", first="2006-08-01", previous=7,
        offence="burglary_domestic", start="2021-09-01",
    )  # fmt: skip
    assert result.notes == (Ogrs3Note.START_OVER_TWO_YEARS_AGO,)


def test_result_is_frozen() -> None:
    result = score(
        "male", dob="1990-05-17", convicted="2024-03-01", first="2006-08-01", previous=7,
        offence="burglary_domestic", start="2025-09-01",
    )  # fmt: skip
    with pytest.raises(ValueError, match="frozen"):
        result.total = 0.0  # type: ignore[misc]


# Refusals: each names the field and a stable code.


def refusal(**changes: object) -> tuple[str, str]:
    data: dict[str, object] = {
        "date_of_birth": date(1990, 5, 17),
        "sex": "male",
        "conviction_date": date(2024, 3, 1),
        "first_sanction_date": date(2006, 8, 1),
        "previous_sanctions": 7,
        "offence_category": "burglary_domestic",
        "start_date": date(2025, 9, 1),
    }
    data.update(changes)
    with pytest.raises(ValidationFailed) as caught:
        compute_ogrs3(Ogrs3Input.model_validate(data), today=TODAY)
    problem = caught.value.problems[0]
    return problem.field, problem.code


@pytest.mark.parametrize("sex", ["male", "female"])
def test_refuses_under_16_at_start_for_either_sex(sex: str) -> None:
    assert refusal(
        sex=sex,
        date_of_birth=date(2009, 9, 2),
        conviction_date=date(2024, 3, 1),
        first_sanction_date=date(2024, 3, 1),
        previous_sanctions=0,
        start_date=date(2025, 9, 1),
    ) == ("date_of_birth", "under_16")


def test_sixteenth_birthday_on_leap_day_counts_from_29_february() -> None:
    base = {
        "date_of_birth": date(2000, 2, 29),
        "conviction_date": date(2015, 6, 1),
        "first_sanction_date": date(2015, 6, 1),
        "previous_sanctions": 0,
    }
    assert refusal(**base, start_date=date(2016, 2, 28)) == ("date_of_birth", "under_16")
    ok = compute_ogrs3(
        Ogrs3Input.model_validate(
            {
                **base,
                "sex": "female",
                "offence_category": "violence",
                "start_date": date(2016, 2, 29),
            }
        ),
        today=TODAY,
    )
    assert ok.age_at_start == 16
    assert ok.age_band == "16-17"


def test_refuses_first_sanction_before_age_10() -> None:
    assert refusal(first_sanction_date=date(2000, 5, 16)) == ("first_sanction_date", "under_10")


def test_refuses_first_sanction_before_birth() -> None:
    assert refusal(first_sanction_date=date(1989, 1, 1)) == ("first_sanction_date", "before_birth")


def test_refuses_first_sanction_after_current_conviction() -> None:
    assert refusal(first_sanction_date=date(2024, 3, 2)) == (
        "first_sanction_date",
        "after_conviction",
    )


def test_refuses_first_time_with_an_earlier_first_sanction() -> None:
    assert refusal(previous_sanctions=0) == ("first_sanction_date", "not_current_conviction")


def test_refuses_negative_previous_sanctions() -> None:
    data = {
        "date_of_birth": "1990-05-17",
        "sex": "male",
        "conviction_date": "2024-03-01",
        "first_sanction_date": "2006-08-01",
        "previous_sanctions": -1,
        "offence_category": "burglary_domestic",
        "start_date": "2025-09-01",
    }
    with pytest.raises(ValidationFailed) as caught:
        validate(Ogrs3Input, data)
    assert [(p.field, p.code) for p in caught.value.problems] == [
        ("previous_sanctions", "greater_than_equal")
    ]


def test_refuses_date_of_birth_in_the_future() -> None:
    assert refusal(date_of_birth=date(2026, 1, 1)) == ("date_of_birth", "in_future")


def test_validate_applies_the_refusals_with_todays_date() -> None:
    data = {
        "date_of_birth": "2999-01-01",
        "sex": "male",
        "conviction_date": "2999-03-01",
        "first_sanction_date": "2999-03-01",
        "previous_sanctions": 0,
        "offence_category": "violence",
        "start_date": "2999-09-01",
    }
    with pytest.raises(ValidationFailed) as caught:
        validate(Ogrs3Input, data)
    assert caught.value.problems[0].code == "in_future"


def test_refuses_conviction_before_birth() -> None:
    assert refusal(conviction_date=date(1989, 12, 31)) == ("conviction_date", "before_birth")


def test_refuses_conviction_in_the_future() -> None:
    assert refusal(conviction_date=date(2025, 11, 2), start_date=date(2026, 1, 1)) == (
        "conviction_date",
        "in_future",
    )


def test_refuses_start_before_conviction() -> None:
    assert refusal(start_date=date(2024, 2, 29)) == ("start_date", "before_conviction")


def test_refusal_message_names_the_field_for_people() -> None:
    with pytest.raises(ValidationFailed) as caught:
        compute_ogrs3(
            Ogrs3Input(
                date_of_birth=date(1990, 5, 17),
                sex=Sex.MALE,
                conviction_date=date(2024, 3, 1),
                first_sanction_date=date(2024, 3, 2),
                previous_sanctions=1,
                offence_category=OffenceCategory.VIOLENCE,
                start_date=date(2025, 9, 1),
            ),
            today=TODAY,
        )
    assert str(caught.value).startswith("first_sanction_date: Date of first sanction: ")


def test_copas_guard_refuses_a_non_positive_log_argument() -> None:
    with pytest.raises(ValidationFailed) as caught:
        copas_rate(-1, 30, 20)
    assert (caught.value.problems[0].field, caught.value.problems[0].code) == (
        "previous_sanctions",
        "copas_undefined",
    )
    with pytest.raises(ValidationFailed) as caught:
        copas_rate(0, 10, 25)  # 10 + 10 - 25 = -5
    assert caught.value.problems[0].field == "first_sanction_date"
    assert copas_rate(0, 30, 30) == -2.30259


def test_extra_fields_are_refused() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(Ogrs3Input, {"colour": "blue"})
    codes = {(p.field, p.code) for p in caught.value.problems}
    assert ("colour", "extra_forbidden") in codes
    assert ("date_of_birth", "missing") in codes
