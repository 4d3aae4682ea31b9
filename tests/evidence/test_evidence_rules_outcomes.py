"""Evidence weighed by outcome: which records count, which wins, and the words shown."""

from __future__ import annotations

from typing import Any

import pytest

from resettle.evidence import ExclusionCode, PackInvalid, recommend
from resettle.evidence.results import Recommendation, TermCode
from tests.evidence.rules_helpers import (
    ALL_NEEDS,
    LoadDict,
    MakeData,
    MakeProfile,
    exclusion_codes,
    rec_ids,
    term,
)


def _item(result: Any, intervention_id: str) -> Recommendation:
    return next(r for r in result.recommendations if r.intervention_id == intervention_id)


def _evidence_text(item: Recommendation) -> str:
    return next(t.explanation for t in item.terms if t.code is TermCode.EVIDENCE_STRENGTH)


def test_every_record_needs_its_outcome_type(
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
) -> None:
    record = make_record("ev-x")
    del record["outcome_type"]
    with pytest.raises(PackInvalid) as caught:
        load_dict(make_pack_dict([make_intervention("x", evidence=[record])]))
    problem = caught.value.problems[0]
    assert problem.location == "interventions[0]"
    assert "'ev-x' needs an outcome_type" in problem.message


def test_other_outcomes_are_shown_but_not_counted(make_profile: MakeProfile) -> None:
    needs = {"education_skills_work": {"severity": "high", "criminogenic": True}}
    result = recommend(make_profile(needs=needs))
    assert term(result, "employment-support-after-release", TermCode.EVIDENCE_STRENGTH) == 0
    text = _evidence_text(_item(result, "employment-support-after-release"))
    assert "Not counted for ranking: more people worked at least one day" in text
    assert "no effect on reoffending shown" in text


def test_safety_items_count_deaths(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(flags=["opioid_use"]))
    ost = _item(result, "opioid-treatment-continuity")
    evidence = next(t for t in ost.terms if t.code is TermCode.EVIDENCE_STRENGTH)
    # Moore et al. 2019 (quality 4) found no effect on reoffending; the mortality records
    # (quality 2) decide for a safety item.
    assert evidence.value == 2
    assert "fewer deaths in the four weeks after release" in evidence.explanation
    naloxone = _evidence_text(_item(result, "naloxone-on-release"))
    assert "fewer opioid deaths in the four weeks after release" in naloxone


def test_at_equal_quality_the_less_favourable_record_wins(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
) -> None:
    good = make_record("ev-good", quality=3)
    null = make_record("ev-null", quality=3)
    null["effect"]["direction"] = "no_effect"
    weaker = make_record("ev-weaker", quality=2)
    pack = load_dict(make_pack_dict([make_intervention("x", evidence=[good, null, weaker])]))
    item = recommend(make_profile(needs=ALL_NEEDS), pack).recommendations[0]
    evidence = next(t for t in item.terms if t.code is TermCode.EVIDENCE_STRENGTH)
    assert (evidence.value, evidence.record_ids) == (0.0, ("ev-null",))
    assert "no effect on reoffending" in evidence.explanation


def test_setting_specific_evidence_overrides_a_general_review(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
) -> None:
    general = make_record("ev-general", quality=4)
    prison = make_record("ev-prison", quality=2, setting="custody")
    prison["effect"]["direction"] = "not_established"
    pack = load_dict(
        make_pack_dict(
            [
                make_intervention("custody", setting="custody", evidence=[general, prison]),
                make_intervention(
                    "community",
                    evidence=[
                        make_record("ev-general-2", quality=4),
                        make_record("ev-p2", quality=2, setting="custody"),
                    ],
                ),
            ]
        )
    )
    result = recommend(make_profile(needs=ALL_NEEDS), pack)
    assert term(result, "custody", TermCode.EVIDENCE_STRENGTH) == 0
    assert term(result, "community", TermCode.EVIDENCE_STRENGTH) == 4


def test_custody_cbt_rests_on_the_prison_review(make_profile: MakeProfile) -> None:
    profile = make_profile(
        risk_level="high",
        days_to_release=400,
        needs={"attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True}},
    )
    result = recommend(profile)
    custody = _item(result, "accredited-cbt-custody-high")
    evidence = next(t for t in custody.terms if t.code is TermCode.EVIDENCE_STRENGTH)
    assert evidence.value == 0 and evidence.record_ids == ("ev-beaudry-2021-cbt-prison",)
    # Lipsey et al. 2007 pools prison and community programmes: indirect, so it counts half.
    assert term(result, "accredited-cbt-community", TermCode.EVIDENCE_STRENGTH) == 1.5


def test_the_reason_says_when_prison_evidence_decides_ahead_of_a_general_review(
    make_profile: MakeProfile,
) -> None:
    profile = make_profile(
        risk_level="high",
        days_to_release=400,
        needs={"attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True}},
    )
    result = recommend(profile)
    custody = _evidence_text(_item(result, "accredited-cbt-custody-high"))
    assert (
        "Evidence from prison settings decides here (Beaudry et al. 2021: effect on "
        "reoffending not established) ahead of the general review (Lipsey et al. 2007: less "
        "reoffending)." in custody
    )
    # The community programme has no setting-specific record: nothing takes precedence.
    assert "decides here" not in _evidence_text(_item(result, "accredited-cbt-community"))


def test_the_precedence_sentence_names_the_setting_and_the_kind_of_general_source(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
) -> None:
    cohort = make_record("ev-cohort", quality=3, source_type="cohort", setting="general_mixed")
    after = make_record(
        "ev-after", quality=2, setting="post_release_community", citation_id="c-after"
    )
    only_specific = make_record("ev-only", quality=2, setting="post_release_community")
    after_citation = {
        "id": "c-after",
        "authors": "Later",
        "year": 2021,
        "title": "A study after release",
        "container": "Journal of Tests",
        "doi": "10.0000/after",
    }
    citations = [*make_pack_dict([])["citations"], after_citation]  # the test pack's, and one
    pack = load_dict(
        make_pack_dict(
            [
                make_intervention("community", evidence=[cohort, after]),
                make_intervention("specific-only", evidence=[only_specific]),
            ],
            citations=citations,
        )
    )
    result = recommend(make_profile(needs=ALL_NEEDS), pack)
    assert _evidence_text(_item(result, "community")) == (
        "Evidence strength 2: less reoffending (Later 2021, quality 2 of 4, beneficial). "
        "Evidence from the community after release decides here (Later 2021: less "
        "reoffending) ahead of the general evidence (Tester et al. 2020: less reoffending)."
    )
    assert "decides here" not in _evidence_text(_item(result, "specific-only"))


def test_a_finding_by_risk_level_applies_to_that_level_only(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
) -> None:
    harm = make_record("ev-harm-low", quality=2, risk_levels=["low", "medium"])
    harm["effect"]["direction"] = "harmful"
    benefit = make_record("ev-benefit-high", quality=2, risk_levels=["high", "very_high"])
    pack = load_dict(
        make_pack_dict(
            [make_intervention("residential", intensity="moderate", evidence=[harm, benefit])]
        )
    )
    medium = recommend(make_profile(needs=ALL_NEEDS), pack)
    assert exclusion_codes(medium, "residential") == {ExclusionCode.HARMFUL}
    assert medium.exclusions[0].reasons[0].record_ids == ("ev-harm-low",)
    high = recommend(make_profile(risk_level="high", needs=ALL_NEEDS), pack)
    assert rec_ids(high) == ["residential"]
    assert term(high, "residential", TermCode.EVIDENCE_STRENGTH) == 2


def test_indirect_evidence_counts_half_and_says_so(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    make_record: MakeData,
    load_dict: LoadDict,
) -> None:
    record = make_record("ev-x", quality=4, indirect_population=True)
    pack = load_dict(make_pack_dict([make_intervention("x", evidence=[record])]))
    item = recommend(make_profile(needs=ALL_NEEDS), pack).recommendations[0]
    assert (
        term(recommend(make_profile(needs=ALL_NEEDS), pack), "x", TermCode.EVIDENCE_STRENGTH) == 2
    )
    assert "from a different population, given half weight" in _evidence_text(item)
