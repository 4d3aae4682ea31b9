"""The recommender gives, profile for profile, the results it gave when the reference was
written: the ranked list, tiers, sort keys, reasons, exclusions and licence conditions.

The fixture holds a copy of the pack it was written with, 300 random valid profiles and
their ``model_dump(mode="json")`` (``benchmarks/compare_recommendations.py
--write-reference``), so a change to the embedded pack leaves it valid; a change of the
rules fails it, and is written again on purpose. Speed-ups must keep it green.
"""

from __future__ import annotations

import json
import lzma
import pickle
from pathlib import Path
from typing import Any

import pytest

from benchmarks.compare_recommendations import differences
from resettle.evidence import CaseProfile, Recommender, parse_pack_bytes

REFERENCE = Path(__file__).parent / "data" / "recommendations_reference.json.xz"


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(lzma.decompress(REFERENCE.read_bytes()))
    return loaded


def test_results_are_those_of_the_reference(reference: dict[str, Any]) -> None:
    pack = parse_pack_bytes(json.dumps(reference["pack"]).encode(), source="reference").pack
    recommender = Recommender(pack)
    cases = reference["cases"]
    assert len(cases) >= 300
    different = []
    for index, case in enumerate(cases):
        result = recommender.recommend(CaseProfile.model_validate(case["profile"]))
        found = list(differences(case["result"], result.model_dump(mode="json")))
        if found:
            different.append(f"profile {index}: " + "; ".join(found[:3]))
    assert not different, "\n".join(different[:10])


def test_the_reference_covers_every_tier_and_exclusion_code(reference: dict[str, Any]) -> None:
    results = [case["result"] for case in reference["cases"]]
    tiers = {r["tier"] for result in results for r in result["recommendations"]}
    codes = {
        reason["code"]
        for result in results
        for exclusion in result["exclusions"]
        for reason in exclusion["reasons"]
    }
    actions = {r["action"] for result in results for r in result["recommendations"]}
    assert tiers == {"safety", "release_day", "criminogenic", "support", "held_back"}
    assert len(codes) == 9
    assert actions == {"start", "continue_after_release"}
    assert any(result["licence_conditions"] for result in results)
    assert any(result["notes"] for result in results)


def test_a_pickled_recommender_gives_the_same_results(reference: dict[str, Any]) -> None:
    # The CLI may keep the prepared recommender pickled between runs; one that has been
    # used (its remembered terms, gates and exclusions filled) must come back working.
    pack = parse_pack_bytes(json.dumps(reference["pack"]).encode(), source="reference").pack
    used = Recommender(pack)
    cases = reference["cases"][:60]
    for case in cases:
        used.recommend(CaseProfile.model_validate(case["profile"]))
    for recommender in (
        pickle.loads(pickle.dumps(Recommender(pack))),
        pickle.loads(pickle.dumps(used)),
    ):
        for case in cases:
            result = recommender.recommend(CaseProfile.model_validate(case["profile"]))
            assert result.model_dump(mode="json") == case["result"]
