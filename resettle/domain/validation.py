"""Turn Pydantic validation into :class:`ValidationFailed` with field names people understand."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Annotated, Any, Protocol, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from resettle.domain.errors import FieldProblem, ValidationFailed


class CrossFieldChecked(Protocol):
    def cross_field_problems(self) -> list[FieldProblem]: ...


M = TypeVar("M", bound=BaseModel)


def field_label(model_cls: type[BaseModel], name: str) -> str:
    info = model_cls.model_fields.get(name)
    if info is not None and info.title:
        return info.title
    return name.replace("_", " ").capitalize()


def problems_from_error(model_cls: type[BaseModel], error: ValidationError) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for item in error.errors(include_url=False):
        loc = [str(part) for part in item["loc"]]
        field = ".".join(loc) if loc else "form"
        label = field_label(model_cls, loc[0]) if loc else "Form"
        message = plain_reason(item, label) or item["msg"]
        problems.append(FieldProblem(field=field, code=item["type"], message=f"{label}: {message}"))
    return problems


_DATE_ERRORS = frozenset(
    {
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
        "date_type",
        "datetime_parsing",
        "datetime_from_date_parsing",
        "datetime_type",
    }
)


def plain_reason(item: Mapping[str, Any], label: str) -> str | None:
    """One of pydantic's errors (``ValidationError.errors()``'s item, with its context) in a
    caseworker's words, to follow the field's label ("at most 200 characters"); None for a
    kind not known here (the caller decides what to say)."""
    kind = item["type"]
    ctx = item.get("ctx") or {}
    if kind == "extra_forbidden":
        return "is not a field Resettle knows"
    if kind == "missing" or (kind.endswith("_type") and "input" in item and item["input"] is None):
        return "is required"  # absent, or left empty (None where a date or a number goes)
    if kind in ("enum", "literal_error"):
        if item.get("input") is None:
            return _choose(label)  # nothing chosen yet: not pydantic's list of codes
        return _not_one_of(item.get("input"), str(ctx.get("expected", "")))
    if kind == "value_error":
        return str(item["msg"]).removeprefix("Value error, ")
    if kind == "string_too_short":
        least = ctx.get("min_length")
        return "is required" if least == 1 else f"at least {least} characters"
    if kind == "string_unicode":  # a lone surrogate: no database stores it
        return "is not valid text (it holds a character that cannot be stored)"
    if kind == "string_too_long":
        return f"at most {ctx.get('max_length')} characters"
    if kind == "string_type":
        return "must be text"
    if kind == "string_pattern_mismatch":
        return "is not written in the form Resettle expects"
    if kind in _DATE_ERRORS:
        return "is not a date: write it as 2026-05-17 (year-month-day)"
    if kind in ("bool_parsing", "bool_type"):
        return "must be yes or no (true or false)"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "must be a whole number"
    if kind in ("float_parsing", "float_type", "decimal_parsing"):
        return "must be a number"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    if kind == "less_than":
        return f"must be less than {ctx.get('lt')}"
    if kind == "too_long":
        return f"at most {ctx.get('max_length')} items"
    if kind == "too_short":
        return f"at least {ctx.get('min_length')} items"
    return None


def _not_one_of(value: object, expected: str) -> str:
    """ "'robot' is not one of male, female": pydantic's "'a', 'b' or 'c'" as a plain list,
    the value shortened so a pasted paragraph does not fill the message."""
    text = str(value)
    if len(text) > 40:
        text = text[:40] + "..."
    parts = expected.replace(" or ", ", ").split(",")
    allowed = ", ".join(part.strip().strip("'") for part in parts)
    return f"'{text}' is not one of {allowed}"


def _choose(label: str) -> str:
    """ "choose a reason", "choose an establishment"."""
    noun = label.lower()
    article = "an" if noun[:1] in "aeiou" else "a"
    return f"choose {article} {noun}"


@cache
def _field_adapter(model_cls: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """Validates one field of ``model_cls`` by itself (its type and its validators)."""
    info = model_cls.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    return TypeAdapter(annotation)


def _cross_field_despite(
    model_cls: type[BaseModel], raw: Mapping[str, Any], problems: list[FieldProblem]
) -> list[FieldProblem]:
    """The checks across fields, on the fields that were valid, so that one bad field does
    not hide another's problem until the next try ("several bad fields, every problem at
    once"). Best effort: when a check needs a field that failed, it is left to the next try."""
    if not hasattr(model_cls, "cross_field_problems"):
        return []
    failed = {problem.field.split(".", 1)[0] for problem in problems}
    try:
        valid = {
            name: _field_adapter(model_cls, name).validate_python(value)
            for name, value in raw.items()
            if name in model_cls.model_fields and name not in failed
        }
        partial = model_cls.model_construct(**valid)
        for name in failed:  # not its default: a check that reads it stops (below)
            partial.__dict__.pop(name, None)
        found: list[FieldProblem] = partial.cross_field_problems()
    except Exception:  # a check reached a field that failed, or a value not yet parsed
        return []
    return [problem for problem in found if problem.field.split(".", 1)[0] not in failed]


def validate(model_cls: type[M], data: Mapping[str, Any] | BaseModel) -> M:
    """Parse ``data`` into ``model_cls``; raise ValidationFailed naming every bad field."""
    raw = data.model_dump() if isinstance(data, BaseModel) else dict(data)
    try:
        model = model_cls.model_validate(raw)
    except ValidationError as error:
        problems = problems_from_error(model_cls, error)
        raise ValidationFailed(problems + _cross_field_despite(model_cls, raw, problems)) from None
    cross = getattr(model, "cross_field_problems", None)
    if cross is not None:
        problems = cross()
        if problems:
            raise ValidationFailed(problems)
    return model
