"""Validation problems read as words for the field, not the validator's wording."""

from __future__ import annotations

import pytest

from resettle.domain.errors import ValidationFailed
from resettle.domain.retention import RetentionRuleInput
from resettle.domain.validation import validate


def _messages(data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        validate(RetentionRuleInput, data)
    return {problem.field: problem.message for problem in refused.value.problems}


def test_an_empty_required_text_is_required_and_a_long_one_gives_its_limit() -> None:
    assert _messages({"name": " ", "counts_from": "licence_end", "years": 1}) == {
        "name": "Name: is required"
    }
    long = _messages({"name": "x" * 500, "counts_from": "licence_end", "years": 1})
    assert long["name"].startswith("Name: at most ") and long["name"].endswith(" characters")
