"""Builders for evidence tests: the embedded pack as a dict, small synthetic packs, profiles."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from resettle.evidence import CaseProfile, LoadedPack, load_embedded_pack, parse_pack_bytes
from tests.evidence.rules_helpers import BASE_PROFILE

Json = dict[str, Any]


@pytest.fixture
def embedded_dict() -> Json:
    """A fresh, editable copy of the embedded pack's JSON."""
    return json.loads(load_embedded_pack().raw)


def _record(record_id: str, **overrides: Any) -> Json:
    record: Json = {
        "id": record_id,
        "citation_id": "c-test",
        "source_type": "rct",
        "population": "Adults leaving prison",
        "outcome": "Reoffending",
        "outcome_type": "reoffending",
        "effect": {
            "direction": "beneficial",
            "metric": "not reported",
            "value": "not reported",
            "confidence_interval": "not reported",
            "statement": "Synthetic record for tests.",
        },
        "native_rating": {"scheme": "none"},
        "quality": 3,
        "quality_basis": "Synthetic.",
        "verification": {"status": "verified", "checked_sources": []},
    }
    record.update(overrides)
    return record


def _intervention(intervention_id: str, **overrides: Any) -> Json:
    item: Json = {
        "id": intervention_id,
        "name": f"Test intervention {intervention_id}",
        "description": "Synthetic intervention for tests.",
        "plain_title": f"Test help {intervention_id}",
        "plain_sentence": "You get this help in a test.",
        "pathways": ["attitudes_thinking_behaviour"],
        "purpose": "offending_behaviour",
        "criminogenic_needs": ["antisocial_cognition"],
        "setting": "community",
        "intensity": "low",
        "eligibility": {
            "risk_levels": ["low", "medium", "high", "very_high"],
            "sexes": ["male", "female"],
        },
        "responsivity": [],
        "harm": {"flagged": False},
        "tags": [],
        "evidence": [_record(f"ev-{intervention_id}")],
    }
    item.update(overrides)
    return item


#: The embedded pack's criminogenic need -> pathway mapping, for synthetic packs.
NEED_PATHWAYS: list[Json] = [
    {"criminogenic_need": "criminal_history", "pathway": None},
    {
        "criminogenic_need": "antisocial_personality_pattern",
        "pathway": "attitudes_thinking_behaviour",
    },
    {"criminogenic_need": "antisocial_cognition", "pathway": "attitudes_thinking_behaviour"},
    {"criminogenic_need": "antisocial_associates", "pathway": "children_families_communities"},
    {"criminogenic_need": "family_marital", "pathway": "children_families_communities"},
    {"criminogenic_need": "school_work", "pathway": "education_skills_work"},
    {"criminogenic_need": "leisure_recreation", "pathway": "children_families_communities"},
    {"criminogenic_need": "substance_abuse", "pathway": "drugs_alcohol"},
]


def _pack(interventions: list[Json], version: str = "1.0.0", **overrides: Any) -> Json:
    pack: Json = {
        "schema_version": 2,
        "pack_version": version,
        "release_date": "2026-01-01",
        "title": "Test pack",
        "changelog": [{"version": version, "date": "2026-01-01", "changes": ["Test."]}],
        "quality_scale": {str(i): f"level {i}" for i in range(5)},
        "citations": [
            {
                "id": "c-test",
                "authors": "Tester A, Checker B",
                "year": 2020,
                "title": "A synthetic study",
                "container": "Journal of Tests",
                "doi": "10.0000/test",
            }
        ],
        "principles": [],
        "pathway_notes": [],
        "criminogenic_need_pathways": copy.deepcopy(NEED_PATHWAYS),
        "interventions": interventions,
    }
    pack.update(overrides)
    return pack


@pytest.fixture
def make_record() -> Callable[..., Json]:
    return _record


@pytest.fixture
def make_intervention() -> Callable[..., Json]:
    return _intervention


@pytest.fixture
def make_pack_dict() -> Callable[..., Json]:
    return _pack


def to_bytes(data: Json) -> bytes:
    return json.dumps(data).encode("utf-8")


@pytest.fixture
def load_dict() -> Callable[[Json], LoadedPack]:
    """Validate a pack dict the way a file would be."""
    return lambda data: parse_pack_bytes(to_bytes(copy.deepcopy(data)), source="test")


def _profile_data(**overrides: Any) -> Json:
    data = copy.deepcopy(BASE_PROFILE)
    data.update(overrides)
    return data


@pytest.fixture
def profile_data() -> Callable[..., Json]:
    """A valid profile as JSON-like data, with overrides."""
    return _profile_data


@pytest.fixture
def make_profile() -> Callable[..., CaseProfile]:
    def build(**overrides: Any) -> CaseProfile:
        return CaseProfile.model_validate(_profile_data(**overrides))

    return build
