"""``check_eligibility``: each reason a programme does not fit, alone, and none for a fit."""

from __future__ import annotations

from typing import Any

import pytest

from resettle.domain.programmes.catalogue import Programme
from resettle.domain.programmes.catalogue_file import shipped_catalogue
from resettle.domain.programmes.eligibility import (
    EligibilityFacts,
    IneligibleReason,
    check_eligibility,
)
from resettle.domain.risk import OffenceCategory, RiskLevel, Sex
from resettle.domain.validation import validate
from tests.domain.test_programme_catalogue import programme_data

R = IneligibleReason

RULE = {
    "risk_levels": ["high", "very_high"],
    "needs": ["antisocial_cognition", "antisocial_associates"],
    "sexes": ["male"],
    "offence_categories": ["violence"],
    "ldc_suitability": "no",
}
#: Fits RULE: every change below breaks exactly one condition.
FITS: dict[str, Any] = {
    "risk_level": RiskLevel.HIGH,
    "needs": frozenset({"antisocial_associates", "substance_abuse"}),
    "sex": Sex.MALE,
    "offence_category": OffenceCategory.VIOLENCE,
    "learning_disability_or_challenge": False,
    "weeks_to_release": 4,
}


def _programme(**changes: Any) -> Programme:
    return validate(Programme, programme_data(eligibility=RULE, **changes))


def test_a_person_who_fits_has_no_reasons() -> None:
    assert check_eligibility(_programme(), EligibilityFacts(**FITS)) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"risk_level": RiskLevel.MEDIUM}, R.RISK_BAND_OUTSIDE),
        ({"risk_level": None}, R.RISK_BAND_UNKNOWN),
        ({"needs": frozenset({"substance_abuse"})}, R.NO_TARGETED_NEED),
        ({"needs": frozenset()}, R.NO_TARGETED_NEED),
        ({"sex": Sex.FEMALE}, R.SEX_NOT_SERVED),
        ({"sex": None}, R.SEX_UNKNOWN),
        ({"offence_category": OffenceCategory.FRAUD_FORGERY}, R.OFFENCE_TYPE_NOT_SERVED),
        ({"offence_category": None}, R.OFFENCE_TYPE_UNKNOWN),
        ({"learning_disability_or_challenge": True}, R.NOT_SUITABLE_FOR_LDC),
        ({"weeks_to_release": 3}, R.NOT_ENOUGH_TIME),
    ],
)
def test_each_reason_alone(change: dict[str, Any], reason: IneligibleReason) -> None:
    assert check_eligibility(_programme(), EligibilityFacts(**{**FITS, **change})) == [reason]


def test_a_retired_programme_fits_nobody() -> None:
    assert check_eligibility(_programme(active=False), EligibilityFacts(**FITS)) == [
        R.PROGRAMME_RETIRED
    ]


def test_time_is_compared_with_the_fewest_weeks_and_only_in_custody() -> None:
    # weeks_to_complete 4 to 6: exactly 4 weeks to release is enough
    assert (
        check_eligibility(_programme(), EligibilityFacts(**{**FITS, "weeks_to_release": 4})) == []
    )
    facts = EligibilityFacts(**{**FITS, "weeks_to_release": 0})
    assert check_eligibility(_programme(setting="community"), facts) == []
    assert (
        check_eligibility(_programme(), EligibilityFacts(**{**FITS, "weeks_to_release": None}))
        == []
    )


def test_ldc_with_adaptations_or_yes_accepts_people_with_ldc() -> None:
    facts = EligibilityFacts(**{**FITS, "learning_disability_or_challenge": True})
    for suitability in ("yes", "with_adaptations"):
        programme = validate(
            Programme, programme_data(eligibility={**RULE, "ldc_suitability": suitability})
        )
        assert check_eligibility(programme, facts) == []


def test_every_reason_at_once_in_a_fixed_order() -> None:
    facts = EligibilityFacts(
        risk_level=RiskLevel.LOW,
        needs=frozenset(),
        sex=Sex.FEMALE,
        offence_category=OffenceCategory.ROBBERY,
        learning_disability_or_challenge=True,
        weeks_to_release=1,
    )
    assert check_eligibility(_programme(active=False), facts) == [
        R.PROGRAMME_RETIRED,
        R.RISK_BAND_OUTSIDE,
        R.NO_TARGETED_NEED,
        R.SEX_NOT_SERVED,
        R.OFFENCE_TYPE_NOT_SERVED,
        R.NOT_SUITABLE_FOR_LDC,
        R.NOT_ENOUGH_TIME,
    ]


def test_shipped_programmes_on_realistic_people() -> None:
    catalogue = shipped_catalogue()
    high_risk_man = EligibilityFacts(
        risk_level=RiskLevel.HIGH,
        needs=frozenset({"antisocial_cognition"}),
        sex=Sex.MALE,
        offence_category=OffenceCategory.VIOLENCE,
        weeks_to_release=30,
    )
    assert check_eligibility(catalogue.require("BC-HIGH"), high_risk_man) == []
    assert check_eligibility(catalogue.require("HORIZON"), high_risk_man) == [
        R.RISK_BAND_OUTSIDE,
        R.OFFENCE_TYPE_NOT_SERVED,
    ]
    soon_out = high_risk_man.model_copy(update={"weeks_to_release": 12})
    assert check_eligibility(catalogue.require("BC-HIGH"), soon_out) == [R.NOT_ENOUGH_TIME]


def test_a_released_person_is_already_released_not_short_of_time() -> None:
    facts = EligibilityFacts(**{**FITS, "weeks_to_release": 0, "released": True})
    assert check_eligibility(_programme(), facts) == [R.ALREADY_RELEASED]
    assert check_eligibility(_programme(setting="community"), facts) == []


def _shipped(code: str) -> Programme:
    return next(p for p in shipped_catalogue().programmes if p.code == code)


def test_release_time_compares_the_days_needed_with_the_days_to_release() -> None:
    """Building Choices high intensity takes at least 17 weeks (119 days): released in 60
    days is short; in 119 days is exactly enough (not short); in 120 days, room to spare."""
    import datetime as dt

    from resettle.domain.programmes.eligibility import release_time

    today = dt.date(2027, 2, 1)
    bc_high = _shipped("BC-HIGH")
    for days, short in ((60, True), (118, True), (119, False), (120, False)):
        time = release_time(bc_high, today + dt.timedelta(days=days), today)
        assert time is not None
        assert (time.days_needed, time.days_to_release, time.short) == (119, days, short)
        assert time.starts_on == today and not time.from_group_start
    # From a group's start: the days left are counted from there.
    group_start = today + dt.timedelta(days=30)
    later = release_time(
        bc_high, today + dt.timedelta(days=140), group_start, from_group_start=True
    )
    assert later is not None and (later.days_to_release, later.short) == (110, True)
    assert later.from_group_start
    # A release before the start counts as no days at all.
    before = release_time(bc_high, today - dt.timedelta(days=3), today)
    assert before is not None and before.days_to_release == 0 and before.short
    # Nothing to compare: no release date, no time to complete, a community programme.
    assert release_time(bc_high, None, today) is None
    assert release_time(_shipped("BSR"), today, today) is None
    # Only a floor published ("at least 6 months"): the floor is the days needed.
    kaizen = release_time(_shipped("KAIZEN"), today + dt.timedelta(days=200), today)
    assert kaizen is not None and (kaizen.days_needed, kaizen.short) == (26 * 7, False)
    community = Programme.model_validate({**bc_high.model_dump(), "setting": "community"})
    assert release_time(community, today, today) is None
