"""The audit details rule: codes, never words, within a size (``domain/audit_details.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from resettle.domain.audit_details import (
    MAX_CANONICAL_CHARACTERS,
    AuditDetailsRefused,
    check_audit_details,
)


@pytest.mark.parametrize(
    "details",
    [
        {},
        {"view": "record", "version": 3, "batch": False, "previous_officer_id": None},
        {"fields": ("name", "date_of_birth"), "team_ids": [1, 2], "obj": {"a": [[]]}},
        {"on": "2026-12-02", "at": "2026-12-02T09:15:00.000000+00:00", "sha256": "ab" * 32},
        {"x": "X" * 100, "n": -(2**53 - 1)},
    ],
)
def test_codes_ids_dates_and_digests_are_allowed(details: dict[str, Any]) -> None:
    check_audit_details(details)


@pytest.mark.parametrize(
    ("details", "named"),
    [
        ({"reason": "John Smith DOB 1980 lives at 12 High St"}, "reason"),
        ({"a": {"b": ["ok", "not ok"]}}, r"a\.b\[1\]"),
        ({"a": ""}, "a"),
        ({"a": "x" * 101}, "a"),
        ({"a": "café"}, "a"),
        ({"a": 1.0}, "a"),
        ({"a": 2**53}, "a"),
        ({"a": b"bytes"}, "a"),
        ({"two words": 1}, "key"),
        ({"recipient": "MAPPA"}, "recipient"),
        ({"deep": [{"justification_text": "x"}]}, "justification_text"),
        ({"note_changed": True}, "note_changed"),
        ({"a": ["x"] * 1100}, str(MAX_CANONICAL_CHARACTERS)),
    ],
)
def test_words_fractions_retired_keys_and_bulk_are_refused(
    details: dict[str, Any], named: str
) -> None:
    with pytest.raises(AuditDetailsRefused, match=named):
        check_audit_details(details)


def test_the_refusal_never_quotes_the_value() -> None:
    with pytest.raises(AuditDetailsRefused) as refused:
        check_audit_details({"reason": "John Smith"})
    assert "John" not in str(refused.value)
