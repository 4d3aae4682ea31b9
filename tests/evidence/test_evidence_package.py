"""The package's public names: the recommending ones are imported on first use, and every
name in ``__all__`` is the object its own module defines."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import resettle.evidence as evidence
from resettle.evidence import profile, recommender, results

RECOMMENDING_MODULES = [
    "resettle.evidence.profile",
    "resettle.evidence.recommender",
    "resettle.evidence.results",
]


def test_every_public_name_is_the_object_its_module_defines() -> None:
    for name in evidence.__all__:
        value = getattr(evidence, name)
        defined_in = [m for m in (profile, recommender, results) if name in vars(m)]
        if defined_in:
            assert value is getattr(defined_in[0], name), name
    assert evidence.recommend is recommender.recommend
    assert evidence.CaseProfile is profile.CaseProfile
    assert evidence.RecommendationResult is results.RecommendationResult
    assert evidence.RULE_VERSION == recommender.RULE_VERSION


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'no_such_name'"):
        evidence.no_such_name  # noqa: B018


def test_loading_the_embedded_pack_imports_none_of_the_recommending_modules() -> None:
    probe = (
        "import json, sys\n"
        "import resettle.evidence as e\n"
        "e.load_embedded_pack().metadata\n"
        f"before = sorted(m for m in {RECOMMENDING_MODULES!r} if m in sys.modules)\n"
        "from resettle.evidence import recommend\n"
        f"after = sorted(m for m in {RECOMMENDING_MODULES!r} if m in sys.modules)\n"
        "print(json.dumps([before, after]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    before, after = json.loads(done.stdout)
    assert before == []
    assert after == RECOMMENDING_MODULES
