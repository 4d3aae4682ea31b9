"""Hypothesis fuzzing of every input model (issue 16, "Fault trials"): for arbitrary text,
numbers and lists, a model either accepts the input or raises pydantic's ValidationError whose
errors name a field, never another exception; and whatever it accepts holds no control
character outside a multi-line field. Each model gets its own small trial (30 examples, about
0.1 s) so that every model is reached, not only the first few."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from resettle.domain.errors import ValidationFailed
from resettle.domain.text_fields import control_character_at, field_is_multi_line
from resettle.domain.validation import validate
from tests.domain.test_text_fields import INPUT_MODELS

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from("\x00\n\r\t\x1b\x85\u2028"),
    max_size=40,
)
_SCALAR = st.one_of(
    _TEXT,
    st.integers(min_value=-(2**80), max_value=2**80),
    st.none(),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)).map(str),
    st.floats(allow_nan=True),
)
_VALUE = st.one_of(
    _SCALAR, st.lists(_SCALAR, max_size=3), st.dictionaries(_TEXT, _SCALAR, max_size=2)
)

FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def _inputs(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    names = list(model.model_fields)
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, _VALUE)) | st.dictionaries(
        st.sampled_from([*names, "not_a_field"]), _VALUE, max_size=len(names) + 1
    )


def _text_values(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return []  # a nested model checks its own fields
    if isinstance(value, list | tuple | set | frozenset):
        return [text for item in value for text in _text_values(item)]
    if isinstance(value, dict):
        return [text for item in (*value, *value.values()) for text in _text_values(item)]
    return []


@pytest.mark.parametrize("model", INPUT_MODELS, ids=lambda m: f"{m.__module__}.{m.__name__}")
def test_an_input_model_accepts_or_names_a_field(model: type[BaseModel]) -> None:
    @FUZZ
    @given(data=_inputs(model))
    def trial(data: dict[str, Any]) -> None:
        try:
            accepted = model.model_validate(data)
        except ValidationError as error:
            assert error.errors(), "a ValidationError lists its errors"
            for item in error.errors():
                # a check across fields may stand for the whole form: it still says which
                assert item["loc"] or item["type"] == "value_error"
            # through ``validate`` (what the services call): named problems, nothing raw
            with pytest.raises(ValidationFailed) as failed:
                validate(model, data)
            for problem in failed.value.problems:
                assert problem.field and problem.message and problem.code
            return
        for name in model.model_fields:
            multi_line = field_is_multi_line(model, name)
            for text in _text_values(getattr(accepted, name)):
                assert control_character_at(text, multi_line=multi_line) is None, name

    trial()
