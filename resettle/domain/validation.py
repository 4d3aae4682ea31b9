"""Turn Pydantic validation into :class:`ValidationFailed` with field names people understand."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

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
        message = item["msg"]
        if item["type"] == "extra_forbidden":
            message = "is not a field Resettle knows"
        elif item["type"] == "missing":
            message = "is required"
        elif item["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        problems.append(FieldProblem(field=field, code=item["type"], message=f"{label}: {message}"))
    return problems


def validate(model_cls: type[M], data: Mapping[str, Any] | BaseModel) -> M:
    """Parse ``data`` into ``model_cls``; raise ValidationFailed naming every bad field."""
    raw = data.model_dump() if isinstance(data, BaseModel) else dict(data)
    try:
        model = model_cls.model_validate(raw)
    except ValidationError as error:
        raise ValidationFailed(problems_from_error(model_cls, error)) from None
    cross = getattr(model, "cross_field_problems", None)
    if cross is not None:
        problems = cross()
        if problems:
            raise ValidationFailed(problems)
    return model
