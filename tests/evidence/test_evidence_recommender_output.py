"""Shape, explanations and determinism of recommendation results."""

from __future__ import annotations

import gc
import json
import re
from pathlib import Path

import pytest

from resettle.evidence import (
    RULE_VERSION,
    ProfileInvalid,
    RecommendationResult,
    Tier,
    load_embedded_pack,
    load_profile_json,
    parse_pack_bytes,
    recommend,
    recommender_for,
)
from resettle.evidence.text_report import format_result
from tests.evidence.rules_helpers import LoadDict, MakeData, MakeProfile

NEEDS = {
    "accommodation": {"severity": "high"},
    "drugs_alcohol": {"severity": "high", "criminogenic": True},
    "education_skills_work": {"severity": "medium", "criminogenic": True},
    "finance_id": {"severity": "medium"},
    "health": {"severity": "low"},
}


def test_json_output_has_the_documented_keys(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=NEEDS, flags=["opioid_use"]))
    data = result.model_dump(mode="json")
    assert {"pack_version", "rule_version", "recommendations", "exclusions"} <= set(data)
    assert data["pack_version"] == load_embedded_pack().version
    assert data["rule_version"] == RULE_VERSION
    first = data["recommendations"][0]
    for key in (
        "intervention_id",
        "name",
        "pathway",
        "rank",
        "score",
        "intensity",
        "setting",
        "reasons",
        "evidence",
    ):
        assert key in first
    assert {"citation", "quality", "native_rating"} <= set(first["evidence"][0])
    assert {"intervention_id", "name", "reasons"} <= set(data["exclusions"][0])
    assert [r["rank"] for r in data["recommendations"]] == list(
        range(1, len(data["recommendations"]) + 1)
    )


def test_result_is_a_valid_frozen_model(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=NEEDS, flags=["no_fixed_abode", "learning_disability"]))
    again = RecommendationResult.model_validate(result.model_dump())
    assert again == result


def test_every_intervention_is_either_recommended_or_excluded(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs=NEEDS))
    recommended = {r.intervention_id for r in result.recommendations}
    excluded = {e.intervention_id for e in result.exclusions}
    controls = {c.intervention_id for c in result.licence_conditions}
    assert not recommended & excluded and not controls & (recommended | excluded)
    assert recommended | excluded | controls == {
        i.id for i in load_embedded_pack().pack.interventions
    }
    assert all(e.reasons and all(r.text for r in e.reasons) for e in result.exclusions)


def test_score_is_the_sum_of_its_terms(make_profile: MakeProfile) -> None:
    for item in recommend(make_profile(needs=NEEDS)).recommendations:
        assert round(sum(t.value for t in item.terms), 3) == item.score
        assert all(t.explanation for t in item.terms)
        assert item.reasons


def test_evidence_carries_citations_and_native_ratings(make_profile: MakeProfile) -> None:
    profile = make_profile(
        needs={"children_families_communities": {"severity": "medium"}}, days_to_release=100
    )
    visits = next(
        r for r in recommend(profile).recommendations if r.intervention_id == "family-visits"
    )
    toolkit = next(e for e in visits.evidence if e.record_id == "ev-toolkit-prison-visits")
    assert toolkit.native_rating == (
        "College of Policing Crime Reduction Toolkit: "
        'effect "Overall reduction, some rises", quality "Strong"'
    )
    assert toolkit.citation.startswith("College of Policing (n.d.). Prison visits.")
    assert toolkit.quality == 3


def test_evidence_gap_notes_follow_the_needs(make_profile: MakeProfile) -> None:
    result = recommend(make_profile(needs={"finance_id": {"severity": "high"}}))
    assert [n.note_id for n in result.notes] == ["pn-finance-id-no-trials"]
    assert recommend(make_profile(needs={})).notes == ()


def test_same_input_same_output(make_profile: MakeProfile) -> None:
    profile = make_profile(needs=NEEDS, flags=["opioid_use", "no_id", "interpreter_needed"])
    first = recommend(profile).model_dump_json()
    assert recommend(profile).model_dump_json() == first


def test_pack_order_does_not_change_the_result(make_profile: MakeProfile) -> None:
    profile = make_profile(needs=NEEDS, flags=["no_bank_account"])
    data = json.loads(load_embedded_pack().raw)
    data["interventions"].reverse()
    for item in data["interventions"]:
        item["evidence"].reverse()
    shuffled = parse_pack_bytes(json.dumps(data).encode())
    assert recommend(profile, shuffled).model_dump_json() == recommend(profile).model_dump_json()


def test_ties_break_by_documented_order(
    make_profile: MakeProfile,
    make_intervention: MakeData,
    make_pack_dict: MakeData,
    load_dict: LoadDict,
) -> None:
    pack = load_dict(make_pack_dict([make_intervention(i) for i in ("zeta", "alpha", "mid")]))
    result = recommend(
        make_profile(needs={"attitudes_thinking_behaviour": {"severity": "low"}}), pack
    )
    assert [r.intervention_id for r in result.recommendations] == ["alpha", "mid", "zeta"]
    assert len({r.score for r in result.recommendations}) == 1


def test_documented_example_output_is_current() -> None:
    """docs/evidence.md shows the exact text output for docs/examples/profile.json."""
    root = Path(__file__).resolve().parents[2]
    profile = load_profile_json((root / "docs/examples/profile.json").read_text())
    result = recommend(profile)
    doc = (root / "docs/evidence.md").read_text(encoding="utf-8")
    assert format_result(result) in doc
    shown = json.loads(re.findall(r"```json\n(.*?)```", doc, re.S)[-1])
    data = result.model_dump(mode="json")
    assert shown["recommendations"] == data["recommendations"][:1]
    assert shown["exclusions"] == data["exclusions"][:1]


def test_a_caseload_gets_the_same_results_and_the_collector_is_restored(
    make_profile: MakeProfile,
) -> None:
    recommender = recommender_for(load_embedded_pack())
    profiles = [
        make_profile(risk_level=level, days_to_release=days)
        for level in ("low", "medium", "high")
        for days in (-30, 10, 200)
    ]
    one_by_one = [recommender.recommend(p) for p in profiles]
    assert gc.isenabled()
    assert recommender.recommend_all(profiles) == one_by_one
    assert gc.isenabled()  # paused only while the caseload ran
    gc.disable()
    try:
        recommender.recommend_all(profiles[:1])
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
    unknown = profiles[0].model_copy(update={"completed": ("no-such-intervention",)})
    with pytest.raises(ProfileInvalid):
        recommender.recommend_all([profiles[0], unknown])
    assert gc.isenabled()  # restored after a failure too


def test_the_text_report_counts_held_back_items_apart() -> None:
    """Second officers' trial: the header said RECOMMENDED (15) over a held-back item."""
    root = Path(__file__).resolve().parents[2]
    result = recommend(load_profile_json((root / "docs/examples/profile.json").read_text()))
    held_back = [r for r in result.recommendations if r.tier is Tier.HELD_BACK]
    assert held_back
    endorsed = len(result.recommendations) - len(held_back)
    assert f"RECOMMENDED ({endorsed}) + {len(held_back)} HELD BACK" in format_result(result)
