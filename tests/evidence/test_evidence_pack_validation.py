"""A bad pack is refused with every problem listed at its location."""

from __future__ import annotations

import json
from typing import Any

import pytest

from resettle.evidence import PackInvalid, parse_pack_bytes
from tests.evidence.rules_helpers import LoadDict


def problems_of(data: dict | bytes) -> list[tuple[str, str]]:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(PackInvalid) as caught:
        parse_pack_bytes(raw, source="bad.json")
    return [(p.location, p.code) for p in caught.value.problems]


def test_embedded_copy_is_valid(embedded_dict: dict[str, Any], load_dict: LoadDict) -> None:
    loaded = load_dict(embedded_dict)
    assert len(loaded.pack.interventions) == len(embedded_dict["interventions"])


def test_missing_field_is_located(embedded_dict: dict[str, Any]) -> None:
    del embedded_dict["interventions"][3]["evidence"][0]["quality"]
    assert problems_of(embedded_dict) == [("interventions[3].evidence[0].quality", "missing_field")]


def test_out_of_range_quality_is_located(embedded_dict: dict[str, Any]) -> None:
    embedded_dict["interventions"][3]["evidence"][0]["quality"] = 7
    assert problems_of(embedded_dict) == [("interventions[3].evidence[0].quality", "invalid_value")]


def test_unknown_codes_are_located(embedded_dict: dict[str, Any]) -> None:
    embedded_dict["interventions"][0]["pathways"] = ["accommodation", "housing"]
    embedded_dict["interventions"][1]["setting"] = "prison"
    embedded_dict["interventions"][2]["eligibility"]["risk_levels"] = ["extreme"]
    assert problems_of(embedded_dict) == [
        ("interventions[0].pathways[1]", "unknown_code"),
        ("interventions[1].setting", "unknown_code"),
        ("interventions[2].eligibility.risk_levels[0]", "unknown_code"),
    ]


def test_unknown_field_is_located(embedded_dict: dict[str, Any]) -> None:
    embedded_dict["interventions"][5]["cost"] = 100
    assert problems_of(embedded_dict) == [("interventions[5].cost", "unknown_field")]


def test_duplicate_ids_are_located(embedded_dict: dict[str, Any]) -> None:
    interventions = embedded_dict["interventions"]
    interventions[4]["id"] = interventions[1]["id"]
    interventions[6]["evidence"][0]["id"] = interventions[2]["evidence"][0]["id"]
    embedded_dict["citations"][3]["id"] = embedded_dict["citations"][0]["id"]
    found = problems_of(embedded_dict)
    assert ("interventions[4].id", "duplicate_id") in found
    assert ("interventions[6].evidence[0].id", "duplicate_id") in found
    assert ("citations[3].id", "duplicate_id") in found


def test_two_citations_never_share_a_doi(embedded_dict: dict[str, Any]) -> None:
    citations = embedded_dict["citations"]
    tolan = next(i for i, c in enumerate(citations) if c["id"] == "c-tolan-2013")
    strang = next(i for i, c in enumerate(citations) if c["id"] == "c-strang-2013")
    # The 171-page copy of Strang et al. 2013 prints Tolan et al.'s DOI; written as a link
    # in capitals it is still the same DOI.
    citations[strang]["doi"] = "https://doi.org/10.4073/CSR.2013.10"
    found = problems_of(embedded_dict)
    assert found == [(f"citations[{max(tolan, strang)}].doi", "duplicate_doi")]


def test_dangling_references_are_located(embedded_dict: dict[str, Any]) -> None:
    embedded_dict["interventions"][2]["evidence"][0]["citation_id"] = "c-nowhere"
    embedded_dict["principles"][0]["evidence_ids"] = ["ev-nowhere"]
    embedded_dict["pathway_notes"][0]["citation_ids"] = ["c-missing"]
    assert problems_of(embedded_dict) == [
        ("interventions[2].evidence[0].citation_id", "dangling_reference"),
        ("principles[0].evidence_ids[0]", "dangling_reference"),
        ("pathway_notes[0].citation_ids[0]", "dangling_reference"),
    ]


@pytest.mark.parametrize("version", [3, 1, 0, "2", True])
def test_wrong_schema_version_is_refused(embedded_dict: dict[str, Any], version) -> None:
    embedded_dict["schema_version"] = version
    assert problems_of(embedded_dict) == [("schema_version", "unsupported_schema_version")]


def test_a_schema_1_pack_is_told_what_schema_2_added(embedded_dict: dict[str, Any]) -> None:
    """A pack made before plain words (schema 1) is refused saying which fields it lacks."""
    embedded_dict["schema_version"] = 1
    with pytest.raises(PackInvalid) as caught:
        parse_pack_bytes(json.dumps(embedded_dict).encode(), source="old.json")
    message = str(caught.value)
    assert "schema version 1 is not supported (this app reads 2)" in message
    assert "plain_title" in message and "plain_sentence" in message


def test_an_intervention_without_plain_words_is_named(embedded_dict: dict[str, Any]) -> None:
    """An imported pack that leaves out the person's words is refused, naming each
    intervention and field (there is no fallback to the technical name on the person's copy)."""
    first, fifth = embedded_dict["interventions"][0], embedded_dict["interventions"][4]
    del first["plain_title"]
    del fifth["plain_sentence"]
    fifth_id = fifth["id"]
    with pytest.raises(PackInvalid) as caught:
        parse_pack_bytes(json.dumps(embedded_dict).encode(), source="import.json")
    found = [(p.location, p.code) for p in caught.value.problems]
    assert found == [
        ("interventions[0].plain_title", "missing_field"),
        ("interventions[4].plain_sentence", "missing_field"),
    ]
    message = str(caught.value)
    assert f"interventions[0].plain_title: field required in {first['id']!r}: the " in message
    assert f"interventions[4].plain_sentence: field required in {fifth_id!r}: one " in message


@pytest.mark.parametrize(("field", "value"), [("plain_title", "  "), ("plain_sentence", "x" * 201)])
def test_plain_words_must_be_given_and_short(
    embedded_dict: dict[str, Any], field: str, value: str
) -> None:
    embedded_dict["interventions"][2][field] = value
    assert problems_of(embedded_dict) == [(f"interventions[2].{field}", "invalid_value")]


def test_invalid_json_reports_line_and_column() -> None:
    found = problems_of(b'{\n  "schema_version": 2,\n  "pack_version": }')
    assert found == [("line 3 column 19", "invalid_json")]


def test_non_utf8_is_reported() -> None:
    assert problems_of(b"{}\n\xff\xfe{}") == [("byte 4, line 2", "invalid_json")]


def test_top_level_must_be_an_object() -> None:
    assert problems_of(b"[1, 2]") == [("(pack)", "invalid_value")]


def test_toolkit_quality_word_must_match_number(embedded_dict: dict[str, Any]) -> None:
    index, r_index = _find_record(embedded_dict, "ev-toolkit-prison-visits")
    embedded_dict["interventions"][index]["evidence"][r_index]["quality"] = 4
    assert problems_of(embedded_dict) == [
        (f"interventions[{index}].evidence[{r_index}].quality", "quality_mismatch")
    ]


def test_practice_guidance_must_be_quality_zero(embedded_dict: dict[str, Any]) -> None:
    index, r_index = _find_record(embedded_dict, "ev-passport-id-applications")
    embedded_dict["interventions"][index]["evidence"][r_index]["quality"] = 2
    assert problems_of(embedded_dict) == [
        (f"interventions[{index}].evidence[{r_index}]", "invalid_value")
    ]


def test_harmful_evidence_needs_a_harm_flag(embedded_dict: dict[str, Any]) -> None:
    index = _find_intervention(embedded_dict, "core-sotp")
    embedded_dict["interventions"][index]["harm"] = {"flagged": False}
    assert problems_of(embedded_dict) == [
        (f"interventions[{index}].harm.flagged", "harm_not_flagged")
    ]


def test_verified_record_needs_a_locatable_citation(embedded_dict: dict[str, Any]) -> None:
    citation = next(c for c in embedded_dict["citations"] if c["id"] == "c-ostermann-2022")
    citation.pop("doi")
    citation.pop("url")
    index, r_index = _find_record(embedded_dict, "ev-ostermann-low-risk-residential", "principles")
    embedded_dict["principles"][index]["evidence"][r_index]["verification"]["status"] = "verified"
    assert problems_of(embedded_dict) == [
        (f"principles[{index}].evidence[{r_index}].verification.status", "unverifiable_citation")
    ]


def test_changelog_must_cover_pack_version(embedded_dict: dict[str, Any]) -> None:
    embedded_dict["pack_version"] = "9.9.9"
    assert problems_of(embedded_dict) == [("changelog", "changelog_missing_version")]


def test_bad_semver_is_refused(embedded_dict: dict[str, Any]) -> None:
    embedded_dict["pack_version"] = "1.0"
    assert ("pack_version", "invalid_value") in problems_of(embedded_dict)


def test_every_problem_is_listed_at_once(embedded_dict: dict[str, Any]) -> None:
    interventions = embedded_dict["interventions"]
    del interventions[0]["name"]
    interventions[1]["intensity"] = "extreme"
    interventions[2]["id"] = interventions[3]["id"]
    interventions[4]["evidence"][0]["citation_id"] = "c-nowhere"
    interventions[5]["eligibility"]["age_min"] = 60
    interventions[5]["eligibility"]["age_max"] = 20
    del embedded_dict["title"]
    with pytest.raises(PackInvalid) as caught:
        parse_pack_bytes(json.dumps(embedded_dict).encode(), source="bad.json")
    found = {(p.location, p.code) for p in caught.value.problems}
    assert found == {
        ("title", "missing_field"),
        ("interventions[0].name", "missing_field"),
        ("interventions[1].intensity", "unknown_code"),
        ("interventions[5].eligibility", "invalid_value"),
        ("interventions[3].id", "duplicate_id"),
        ("interventions[4].evidence[0].citation_id", "dangling_reference"),
    }
    message = str(caught.value)
    assert message.startswith("bad.json: 6 problems")
    assert "interventions[4].evidence[0].citation_id: no citation with id 'c-nowhere'" in message


def _find_intervention(pack: dict, intervention_id: str) -> int:
    return next(i for i, item in enumerate(pack["interventions"]) if item["id"] == intervention_id)


def _find_record(pack: dict, record_id: str, section: str = "interventions") -> tuple[int, int]:
    for index, owner in enumerate(pack[section]):
        for r_index, record in enumerate(owner.get("evidence", [])):
            if record["id"] == record_id:
                return index, r_index
    raise AssertionError(f"no record {record_id}")


def test_a_factor_has_one_age_limit(embedded_dict: dict[str, Any]) -> None:
    limits = embedded_dict["responsivity_age_limits"]
    limits.append({**limits[0], "below_age": 21})
    assert ("responsivity_age_limits[1].factor", "duplicate_id") in problems_of(embedded_dict)


def test_a_programme_group_names_two_interventions_or_more(embedded_dict: dict[str, Any]) -> None:
    interventions = embedded_dict["interventions"]
    index = next(i for i, item in enumerate(interventions) if item["id"] == "debt-advice")
    interventions[index]["programme_group"] = "debt"
    assert problems_of(embedded_dict) == [
        (f"interventions[{index}].programme_group", "lone_programme_group")
    ]
