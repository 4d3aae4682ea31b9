"""The one safe reader for input files: every refusal is one line naming the file and where."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from resettle.domain.input_files import (
    InputRefused,
    decode_text,
    parse_json,
    read_input_bytes,
    read_json_file,
    too_deep_at,
)
from resettle.domain.limits import JSON_MAX_DEPTH


def _refused(call, *args, **kwargs) -> InputRefused:  # type: ignore[no-untyped-def]
    with pytest.raises(InputRefused) as refused:
        call(*args, **kwargs)
    assert "\n" not in str(refused.value)
    return refused.value


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"a": "[" * 500, "b": ["]]]{{{", '\\"[[['], "c": [[1]]})
    assert too_deep_at(text, 3) is None
    assert parse_json(text, label="x")["a"] == "[" * 500


def test_the_first_bracket_too_deep_is_named_by_line_and_column() -> None:
    text = '{\n  "a": ' + "[" * (JSON_MAX_DEPTH + 5) + "]" * (JSON_MAX_DEPTH + 5) + "}"
    refused = _refused(parse_json, text, label="data.json")
    assert refused.kind == "too_deep"
    # The object is level 1, so the 64th bracket of the list opens level 65.
    assert str(refused) == (
        f"data.json is nested more than {JSON_MAX_DEPTH} levels deep (line 2 column "
        f"{8 + JSON_MAX_DEPTH - 1})"
    )


def test_nesting_at_the_limit_is_read() -> None:
    text = "[" * JSON_MAX_DEPTH + "]" * JSON_MAX_DEPTH
    assert too_deep_at(text) is None
    parse_json(text, label="x")


def test_invalid_utf8_is_named_by_byte_and_line() -> None:
    refused = _refused(decode_text, b'{\n"a": "caf\xe9"}', label="p.json")
    assert str(refused) == "p.json is not UTF-8 text (byte 12, line 2)"


def test_a_byte_order_mark_is_dropped_and_nul_refused() -> None:
    assert decode_text(b"\xef\xbb\xbf[]", label="x") == "[]"
    refused = _refused(decode_text, b"[\n\n]\x00", label="x")
    assert (refused.kind, refused.where) == ("nul", "line 3")


def test_a_file_over_the_limit_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as file:
        file.truncate(2048)
    refused = _refused(read_input_bytes, big, option="--input", max_bytes=1024)
    assert str(refused) == f"--input: {big} is larger than 1 KB"
    assert read_input_bytes(big, max_bytes=2048) == b"\x00" * 2048


def test_a_missing_file_and_a_huge_number_are_refused(tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    refused = _refused(read_json_file, missing, option="--profile")
    assert str(refused) == f"--profile: cannot read {missing} (No such file or directory)"
    huge = tmp_path / "huge.json"
    huge.write_text("1" * 5000)
    assert _refused(read_json_file, huge).kind == "not_json"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet='[]{}"\\ ,:1a\n', max_size=300))
def test_json_ish_text_is_a_value_or_a_refusal(text: str) -> None:
    try:
        parse_json(text, label="x", max_depth=8)
    except InputRefused as refused:
        assert refused.kind in ("not_json", "too_deep")


def _deep_at_one_character_at_a_time(text: str, max_depth: int) -> int | None:
    """The nesting scan written out plainly, for comparison: a string runs from its quote to
    its closing quote (a backslash escapes the next character), or to the end of its line."""
    depth = 0
    in_string = escaped = False
    for at, character in enumerate(text):
        if in_string:
            if character == "\n":
                in_string = escaped = False
            elif escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            if depth > max_depth:
                return at
        elif character in "]}":
            depth -= 1
    return None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='[]{}"\\\n a', max_size=60), st.integers(min_value=0, max_value=4))
def test_the_nesting_scan_counts_only_brackets_outside_strings(text: str, limit: int) -> None:
    assert too_deep_at(text, limit) == _deep_at_one_character_at_a_time(text, limit)


def test_an_unterminated_string_of_escaped_quotes_is_scanned_once_not_once_per_quote() -> None:
    """A 200 KB string that never closes: the old pattern retried it from every quote inside
    it (time quadratic in the file: this test never finished). Brackets after it are part of
    the unclosed string, and JSON refuses the file at the string."""
    crafted = '"' + '\\"' * 100_000
    assert too_deep_at(crafted) is None
    assert too_deep_at(crafted + "[" * (JSON_MAX_DEPTH + 1)) is None
    refused = _refused(parse_json, crafted + "[" * (JSON_MAX_DEPTH + 1), label="crafted.json")
    assert refused.kind == "not_json"
    # Closed on the same line, the same string is read whole and what follows it counts.
    closed = crafted + '"'
    assert parse_json(closed, label="x") == '"' * 100_000
    deep = "[" + closed + "," + "[" * JSON_MAX_DEPTH
    assert too_deep_at(deep) == len(deep) - 1


def test_a_crafted_json_file_is_refused_through_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "crafted.json"
    path.write_text('{"a": "' + '\\"' * 100_000 + "\n[[[", encoding="utf-8")
    refused = _refused(read_json_file, path)
    assert refused.kind == "not_json"
