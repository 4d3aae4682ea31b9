"""Loading the embedded pack, files and stored bytes; falling back; importing a newer pack."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from resettle.evidence import (
    PackImportRefused,
    PackInvalid,
    check_import,
    load_embedded_pack,
    load_pack_file,
    load_pack_with_fallback,
    parse_pack_bytes,
)
from resettle.evidence.semver import parse_version


def with_version(pack: dict, version: str) -> bytes:
    pack = dict(pack, pack_version=version)
    pack["changelog"] = [
        *pack["changelog"],
        {"version": version, "date": "2027-01-01", "changes": ["x"]},
    ]
    return json.dumps(pack).encode()


def test_embedded_pack_is_cached_and_hashed() -> None:
    first = load_embedded_pack()
    assert load_embedded_pack() is first
    data = resources.files("resettle.evidence").joinpath("data/pack.json").read_bytes()
    assert first.raw == data
    assert first.sha256 == hashlib.sha256(data).hexdigest()
    assert first.source.startswith("embedded:")


def test_metadata_for_the_app() -> None:
    meta = load_embedded_pack().metadata
    assert meta.pack_version == "1.2.0"
    assert meta.schema_version == 2
    assert len(meta.sha256) == 64
    assert meta.changelog[-1].version == "1.2.0"
    assert meta.intervention_count == len(load_embedded_pack().pack.interventions)
    assert 0 < meta.unverified_record_count < meta.evidence_record_count


def test_load_pack_file_reads_and_names_source(tmp_path: Path) -> None:
    path = tmp_path / "pack.json"
    path.write_bytes(load_embedded_pack().raw)
    loaded = load_pack_file(path)
    assert loaded.source == str(path)
    assert loaded.sha256 == load_embedded_pack().sha256


def test_stored_bytes_reload_identically() -> None:
    loaded = parse_pack_bytes(load_embedded_pack().raw, source="stored")
    assert loaded.pack == load_embedded_pack().pack


def test_fallback_without_candidate_is_embedded() -> None:
    pack, problems = load_pack_with_fallback(None)
    assert pack is load_embedded_pack()
    assert problems == []


def test_fallback_keeps_last_good_pack_and_says_why(
    tmp_path: Path, embedded_dict: dict[str, Any]
) -> None:
    del embedded_dict["interventions"][0]["id"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(embedded_dict))
    good = parse_pack_bytes(with_version(json.loads(load_embedded_pack().raw), "1.2.0"))
    pack, problems = load_pack_with_fallback(bad, fallback=good)
    assert pack is good
    assert [(p.location, p.code) for p in problems] == [("interventions[0].id", "missing_field")]


def test_fallback_on_unreadable_file(tmp_path: Path) -> None:
    pack, problems = load_pack_with_fallback(tmp_path / "missing.json")
    assert pack is load_embedded_pack()
    assert [p.code for p in problems] == ["unreadable"]


def test_fallback_uses_a_newer_stored_pack(embedded_dict: dict[str, Any]) -> None:
    pack, problems = load_pack_with_fallback(with_version(embedded_dict, "1.3.0"))
    assert pack.version == "1.3.0"
    assert problems == []


def test_fallback_ignores_an_older_stored_pack(embedded_dict: dict[str, Any]) -> None:
    pack, problems = load_pack_with_fallback(with_version(embedded_dict, "0.9.0"))
    assert pack is load_embedded_pack()
    assert [p.code for p in problems] == ["superseded"]
    pack, problems = load_pack_with_fallback(
        with_version(embedded_dict, "0.9.0"), prefer_newer=False
    )
    assert pack.version == "0.9.0"


def test_import_accepts_a_newer_pack(embedded_dict: dict[str, Any]) -> None:
    candidate = check_import(load_embedded_pack(), with_version(embedded_dict, "1.2.1"))
    assert candidate.version == "1.2.1"
    assert candidate.raw == with_version(embedded_dict, "1.2.1")


@pytest.mark.parametrize("version", ["1.2.0", "1.1.2", "1.1.0", "1.0.1", "0.9.9", "0.10.0"])
def test_import_refuses_older_or_equal(embedded_dict: dict[str, Any], version: str) -> None:
    with pytest.raises(PackImportRefused) as caught:
        check_import(load_embedded_pack(), with_version(embedded_dict, version))
    assert caught.value.code == "not_newer"
    assert version in str(caught.value) and "1.2.0" in str(caught.value)


def test_import_compares_versions_as_numbers(embedded_dict: dict[str, Any]) -> None:
    current = parse_pack_bytes(with_version(embedded_dict, "1.9.0"))
    assert check_import(current, with_version(embedded_dict, "1.10.0")).version == "1.10.0"


def test_import_validates_before_comparing(embedded_dict: dict[str, Any]) -> None:
    embedded_dict["interventions"][0]["setting"] = "moon"
    with pytest.raises(PackInvalid) as caught:
        check_import(load_embedded_pack(), with_version(embedded_dict, "2.0.0"))
    assert [p.location for p in caught.value.problems] == ["interventions[0].setting"]


@pytest.mark.parametrize(("text", "parsed"), [("1.2.3", (1, 2, 3)), ("10.0.0", (10, 0, 0))])
def test_parse_version(text: str, parsed: tuple[int, int, int]) -> None:
    assert parse_version(text) == parsed


@pytest.mark.parametrize("text", ["1.2", "01.2.3", "1.2.3-beta", "v1.2.3"])
def test_parse_version_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_version(text)
