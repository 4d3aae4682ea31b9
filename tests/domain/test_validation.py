"""Validation problems read as words for the field, not the validator's wording."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import pytest
from pydantic import BaseModel, Field, StringConstraints, ValidationError

from resettle.domain.errors import ValidationFailed
from resettle.domain.retention import RetentionRuleInput
from resettle.domain.risk import Sex
from resettle.domain.validation import plain_reason, validate


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


class _Kinds(BaseModel):
    name: Annotated[str, StringConstraints(min_length=2, max_length=5)]
    sex: Sex
    born: dt.date
    ok: bool
    count: Annotated[int, Field(ge=1, le=9)]


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("name", "x" * 6, "at most 5 characters"),
        ("name", "x", "at least 2 characters"),
        ("sex", "robot", "'robot' is not one of male, female"),
        ("born", "17th May", "is not a date: write it as 2026-05-17 (year-month-day)"),
        ("ok", "perhaps", "must be yes or no (true or false)"),
        ("count", "many", "must be a whole number"),
        ("count", 0, "must be at least 1"),
        ("count", 10, "must be at most 9"),
    ],
)
def test_the_common_model_errors_are_said_in_plain_words(
    field: str, value: object, said: str
) -> None:
    data: dict[str, object] = {"name": "ab", "sex": "male", "born": "2000-01-01", "ok": True}
    data["count"] = 1
    data[field] = value
    with pytest.raises(ValidationError) as raised:
        _Kinds.model_validate(data)
    (item,) = raised.value.errors(include_url=False)
    assert plain_reason(item, field) == said


def test_a_missing_field_is_required() -> None:
    with pytest.raises(ValidationError) as raised:
        _Kinds.model_validate({"name": "ab", "sex": "male", "born": "2000-01-01", "ok": True})
    (item,) = raised.value.errors(include_url=False)
    assert plain_reason(item, "count") == "is required"
