"""Flags that stop short of excluding add delivery advice to the items they leave in:
no recourse to public funds on accommodation, no right to work on education and work."""

from __future__ import annotations

from typing import Any

import pytest

from resettle.evidence import PackInvalid, load_embedded_pack, recommend
from tests.evidence.rules_helpers import ALL_NEEDS, LoadDict, MakeData, MakeProfile

PACK = load_embedded_pack().pack


def _advice(flag: str, pathway: str, make_profile: MakeProfile) -> dict[str, tuple[str, ...]]:
    result = recommend(make_profile(needs=ALL_NEEDS, flags=[flag], days_to_release=40))
    return {
        r.intervention_id: r.delivery_advice
        for r in result.recommendations
        if pathway in PACK.intervention(r.intervention_id).pathways
    }


def test_no_recourse_to_public_funds_advises_on_accommodation(make_profile: MakeProfile) -> None:
    advice = _advice("no_recourse_to_public_funds", "accommodation", make_profile)
    assert "first-night-accommodation" in advice
    for intervention_id, lines in advice.items():
        assert any("NRPF team" in line for line in lines), intervention_id
    plain = recommend(make_profile(needs=ALL_NEEDS, days_to_release=40))
    assert not any("NRPF" in a for r in plain.recommendations for a in r.delivery_advice)


def test_no_right_to_work_advises_on_education_and_work(make_profile: MakeProfile) -> None:
    advice = _advice("no_right_to_work", "education_skills_work", make_profile)
    assert "benefits-work-coach" in advice
    for intervention_id, lines in advice.items():
        assert any("immigration conditions" in line for line in lines), intervention_id


def test_advice_for_a_flag_that_excludes_the_item_is_refused(
    make_intervention: MakeData, make_pack_dict: MakeData, load_dict: LoadDict
) -> None:
    item = make_intervention("x")
    item["eligibility"]["excluded_by_flags"] = ["no_right_to_work"]
    item["responsivity"] = [{"factor": "no_right_to_work", "advice": "Check."}]
    with pytest.raises(PackInvalid) as caught:
        load_dict(make_pack_dict([item]))
    assert "no_right_to_work" in str(caught.value)


@pytest.mark.parametrize(("age", "advised"), [(18, True), (24, True), (25, False), (40, False)])
def test_care_leaver_advice_only_under_25(
    make_profile: MakeProfile, age: int, advised: bool
) -> None:
    """Leaving-care support from the local authority runs to age 25 in England."""
    result = recommend(
        make_profile(age=age, needs=ALL_NEEDS, flags=["care_leaver"], days_to_release=40)
    )
    lines = [a for r in result.recommendations for a in r.delivery_advice]
    assert any("leaving-care team" in line for line in lines) is advised
    # Other advice does not depend on age.
    women = recommend(make_profile(age=age, sex="female", needs=ALL_NEEDS, days_to_release=40))
    assert any(a.startswith("Female:") for r in women.recommendations for a in r.delivery_advice)


def test_the_age_limit_on_advice_is_pack_data(
    make_profile: MakeProfile, embedded_dict: dict[str, Any], load_dict: LoadDict
) -> None:
    limits = embedded_dict["responsivity_age_limits"]
    assert limits == [
        {
            "factor": "care_leaver",
            "below_age": 25,
            "note": limits[0]["note"],
        }
    ]
    embedded_dict["responsivity_age_limits"] = []
    pack = load_dict(embedded_dict)
    result = recommend(
        make_profile(age=40, needs=ALL_NEEDS, flags=["care_leaver"], days_to_release=40), pack
    )
    assert any("leaving-care team" in a for r in result.recommendations for a in r.delivery_advice)
