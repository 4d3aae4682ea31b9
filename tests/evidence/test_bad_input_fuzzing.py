"""Issue 16: fuzzing the evidence loader and the profile parser ``recommend --profile`` uses.

Whatever the bytes, the answer is a loaded pack (or profile) or the domain error listing
problems, each naming where (a field, or a line and column, or a byte) -- never another
exception (a ``RecursionError``, a ``UnicodeDecodeError``, a ``KeyError`` in a check...).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resettle.evidence import PackInvalid, ProfileInvalid, load_profile_json, parse_pack_bytes
from resettle.evidence.loader import embedded_pack_bytes
from resettle.evidence.profile import CaseProfile

PROFILE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "profile.json"
EMBEDDED: dict[str, Any] = json.loads(embedded_pack_bytes())
EXAMPLE_PROFILE: dict[str, Any] = json.loads(PROFILE.read_text(encoding="utf-8"))
KNOWN_IDS = [item["id"] for item in EMBEDDED["interventions"]]

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
#: A pack is 230 KB to validate (about 50 ms): fewer examples keep the test under 10 s.
PACK_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def mangled_text(draw: st.DrawFn, base: str) -> bytes:
    """``base`` with a slice cut out, a run of odd bytes put in, or brackets stacked deep."""
    data = base.encode("utf-8")
    at = draw(st.integers(min_value=0, max_value=len(data)))
    how = draw(st.sampled_from(["cut", "insert", "deep"]))
    if how == "cut":
        return data[:at] + data[at + draw(st.integers(min_value=1, max_value=40)) :]
    if how == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    depth = draw(st.integers(min_value=1, max_value=5000))
    return data[:at] + b"[" * depth + data[at:]


@st.composite
def changed_field(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with one value somewhere in it replaced by any JSON value."""
    changed = copy.deepcopy(document)
    node: Any = changed
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        if not isinstance(node[key], dict | list) or not node[key]:
            break
        node = node[key]
    keys = list(node) if isinstance(node, dict) else list(range(len(node)))
    if not keys:
        return changed
    node[draw(st.sampled_from(keys))] = draw(json_values)
    return changed


def _pack_answer(data: bytes) -> None:
    try:
        loaded = parse_pack_bytes(data, source="fuzzed.json")
    except PackInvalid as refused:
        assert refused.problems
        assert all(p.location and p.code and p.message for p in refused.problems)
        assert str(refused).startswith("fuzzed.json: ")
    else:
        assert loaded.pack.interventions


def _profile_answer(data: bytes | str) -> None:
    try:
        profile = load_profile_json(data, known_ids=KNOWN_IDS)
    except ProfileInvalid as refused:
        assert refused.problems
        assert all(p.field and p.code and p.message for p in refused.problems)
    else:
        assert isinstance(profile, CaseProfile)


@PACK_FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_are_a_pack_or_its_problems(data: bytes) -> None:
    _pack_answer(data)


@PACK_FUZZ
@given(mangled_text(embedded_pack_bytes().decode("utf-8")))
def test_a_damaged_pack_file_is_a_pack_or_its_problems(data: bytes) -> None:
    _pack_answer(data)


@PACK_FUZZ
@given(changed_field(EMBEDDED))
def test_a_pack_with_any_value_anywhere_is_a_pack_or_its_problems(pack: dict[str, Any]) -> None:
    _pack_answer(json.dumps(pack).encode("utf-8"))


@FUZZ
@given(st.binary(max_size=400) | st.text(max_size=200))
def test_any_bytes_or_text_are_a_profile_or_its_problems(data: bytes | str) -> None:
    _profile_answer(data)


@FUZZ
@given(mangled_text(json.dumps(EXAMPLE_PROFILE, indent=2)))
def test_a_damaged_profile_file_is_a_profile_or_its_problems(data: bytes) -> None:
    _profile_answer(data)


@FUZZ
@given(changed_field(EXAMPLE_PROFILE))
def test_a_profile_with_any_value_anywhere_is_a_profile_or_its_problems(
    profile: dict[str, Any],
) -> None:
    _profile_answer(json.dumps(profile))


def test_a_deep_profile_names_where_it_is_too_deep() -> None:
    """The nesting is refused before the parser recurses (200,000 levels: a RecursionError
    before), naming the line and column."""
    try:
        load_profile_json(b"[" * 200_000 + b"]" * 200_000)
    except ProfileInvalid as refused:
        (problem,) = refused.problems
        assert (problem.field, problem.code) == ("line 1 column 65", "too_deep")
    else:
        raise AssertionError("a profile nested 200,000 deep was accepted")


def test_a_deep_pack_names_where_it_is_too_deep() -> None:
    deep = b'{"schema_version": 1,\n "x": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    try:
        parse_pack_bytes(deep, source="deep.json")
    except PackInvalid as refused:
        assert [(p.location, p.code) for p in refused.problems] == [
            ("line 2 column 70", "too_deep")
        ]
        assert str(refused) == ("deep.json: line 2 column 70: nested more than 64 levels deep")
    else:
        raise AssertionError("a pack nested 200,000 deep was accepted")
