"""A refusal names the option that gives its field; a field no option gives is said once,
by the label its message starts with."""

from __future__ import annotations

from resettle.cli.field_options import refusal_lines
from resettle.domain.errors import FieldProblem, ValidationFailed


def test_each_field_is_named_once() -> None:
    failed = ValidationFailed(
        [
            FieldProblem("notes", "required", "Notes: is required"),
            FieldProblem("to", "invalid", "To: a date as YYYY-MM-DD"),
            FieldProblem("password", "short", "too short"),
        ]
    )
    assert refusal_lines(failed, {"to": "--to"}) == [
        "resettle: Notes: is required",
        "resettle: --to: a date as YYYY-MM-DD",
        "resettle: password: too short",
    ]
