"""The prepared recommender kept between runs: same answers as a fresh one, rebuilt when its
entry is damaged or out of date, and never in the way when its folder cannot be written."""

from __future__ import annotations

import json
import logging
import os
import pickle
from pathlib import Path

import pytest

import resettle.evidence.recommender_cache as cache
from resettle.evidence import PackInvalid, Recommender, load_embedded_pack
from resettle.evidence.loader import EMBEDDED_SOURCE, embedded_pack_bytes
from resettle.evidence.recommender_cache import cached_recommender, entry_key
from tests.evidence.rules_helpers import MakeProfile

NEEDS = {
    "accommodation": {"severity": "high"},
    "drugs_alcohol": {"severity": "high", "criminogenic": True},
    "attitudes_thinking_behaviour": {"severity": "high", "criminogenic": True},
}


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("recommender-*.pickle"))


def _answers(recommender: Recommender, make_profile: MakeProfile) -> object:
    profile = make_profile(needs=NEEDS, flags=["opioid_use"], risk_level="high")
    return recommender.recommend(profile).model_dump(mode="json")


def _refuse_to_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, building a recommender from the pack fails the test: only the entry may
    answer."""

    def fail(*_: object, **__: object) -> None:
        raise AssertionError("the pack was read again instead of the cache entry")

    monkeypatch.setattr(cache, "parse_pack_bytes", fail)


def test_an_entry_answers_the_next_run_as_a_fresh_recommender_would(
    tmp_path: Path, make_profile: MakeProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = Recommender(load_embedded_pack().pack)
    cached_recommender(embedded_pack_bytes(), EMBEDDED_SOURCE, tmp_path)
    assert len(_entries(tmp_path)) == 1
    _refuse_to_build(monkeypatch)
    from_entry = cached_recommender(embedded_pack_bytes(), EMBEDDED_SOURCE, tmp_path)
    assert _answers(from_entry, make_profile) == _answers(fresh, make_profile)


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle at all", b"\x80\x05\x95\xff\xff"],
    ids=["empty", "garbage", "truncated"],
)
def test_a_damaged_entry_is_rebuilt_and_replaced(
    tmp_path: Path,
    make_profile: MakeProfile,
    caplog: pytest.LogCaptureFixture,
    damage: bytes,
) -> None:
    cached_recommender(embedded_pack_bytes(), EMBEDDED_SOURCE, tmp_path)
    (entry,) = _entries(tmp_path)
    entry.write_bytes(damage)
    with caplog.at_level(logging.WARNING, logger=cache.__name__):
        rebuilt = cached_recommender(embedded_pack_bytes(), EMBEDDED_SOURCE, tmp_path)
    assert "rebuilding it" in caplog.text
    fresh = Recommender(load_embedded_pack().pack)
    assert _answers(rebuilt, make_profile) == _answers(fresh, make_profile)
    assert entry.stat().st_size > len(damage)


def test_an_entry_holding_something_else_is_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    cached_recommender(embedded_pack_bytes(), EMBEDDED_SOURCE, tmp_path)
    (entry,) = _entries(tmp_path)

    entry.write_bytes(pickle.dumps({"not": "a recommender"}))
    with caplog.at_level(logging.WARNING, logger=cache.__name__):
        found = cached_recommender(embedded_pack_bytes(), EMBEDDED_SOURCE, tmp_path)
    assert isinstance(found, Recommender)
    assert "holds dict" in caplog.text


def test_another_pack_gets_its_own_entry_and_the_old_one_goes(
    tmp_path: Path, make_profile: MakeProfile
) -> None:
    cached_recommender(embedded_pack_bytes(), EMBEDDED_SOURCE, tmp_path)
    (first,) = _entries(tmp_path)
    changed = json.loads(embedded_pack_bytes())
    changed["title"] = changed["title"] + " (local copy)"
    other_bytes = json.dumps(changed).encode()
    other = cached_recommender(other_bytes, "local copy", tmp_path)
    (second,) = _entries(tmp_path)
    assert second != first
    assert other.pack.title.endswith("(local copy)")


def test_changed_code_makes_a_new_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    module = tmp_path / "code" / "scoring.py"
    module.parent.mkdir()
    module.write_text("WEIGHT = 1\n")
    monkeypatch.setattr(cache, "_CODE_FOLDERS", (module.parent,))
    before = entry_key(b"{}")
    assert entry_key(b"{}") == before
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert entry_key(b"{}") != before


def test_an_invalid_pack_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    with pytest.raises(PackInvalid):
        cached_recommender(b'{"schema_version": 1}', "broken.json", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_written_leaves_the_command_uncached(
    tmp_path: Path, make_profile: MakeProfile
) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be")
    found = cached_recommender(embedded_pack_bytes(), EMBEDDED_SOURCE, blocked)
    fresh = Recommender(load_embedded_pack().pack)
    assert _answers(found, make_profile) == _answers(fresh, make_profile)
    assert blocked.read_text() == "a file where the folder should be"


def test_no_folder_means_no_cache(make_profile: MakeProfile) -> None:
    found = cached_recommender(embedded_pack_bytes(), EMBEDDED_SOURCE, None)
    fresh = Recommender(load_embedded_pack().pack)
    assert _answers(found, make_profile) == _answers(fresh, make_profile)
