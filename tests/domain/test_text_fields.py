"""Every text field of every input model refuses NUL and control characters, naming the field,
and has a maximum length (domain/text_fields.py, issue 16 "Limits")."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from typing import Annotated

import annotated_types
import pytest
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

import resettle.domain
import resettle.services
from resettle.domain.errors import ValidationFailed
from resettle.domain.text_fields import (
    CONTROL_CHARACTER_CODE,
    MULTI_LINE,
    CheckedText,
    control_character_at,
    field_is_multi_line,
)
from resettle.domain.validation import validate

#: Models with ``extra="forbid"`` built by the app from stored data, never from what a user
#: typed (a printed plan's lines, a register's rows): not input models.
DERIVED = {
    "resettle.domain.plan_document",
    "resettle.domain.plan_suggestions",
    "resettle.domain.programme_attendance",
    "resettle.domain.programmes.eligibility",
    "resettle.domain.working_days",  # ReleaseDayNote: computed from a release date, no text
}

#: Text fields of input models without a ``max_length``, and what bounds them instead.
LENGTH_CHECKED_ELSEWHERE = {
    "NewAccount.username": "domain/accounts.py checks user names (letters, at most 64)",
    "NewAccount.display_name": "domain/accounts.py MAX_DISPLAY_NAME",
    "NewAccount.email": "domain/accounts.py MAX_EMAIL",
    "NewAccount.phone": "domain/accounts.py MAX_PHONE",
    "NewAccount.temporary_password": "domain/password_policy.py MAX_LENGTH",
    "PersonInput.prison_number": "identifier format (A1234BC)",
    "PersonInput.crn": "identifier format (X123456)",
    "PersonInput.pnc_number": "identifier format",
    "Programme.code": "programme code format, at most 32",
    "OfferingDraft.programme_code": "programme code format, at most 32",
    "Programme.approximate": "names of the programme's own fields only",
    "PlanVersion.person_id": "an id (int) or a placeholder the app sets",
    "ReleasePlan.person_id": "an id (int) or a placeholder the app sets",
    "Issue.snapshot_json": "written by the app from the plan it issues, never typed",
}


def _models() -> list[type[BaseModel]]:
    found: dict[type[BaseModel], None] = {}
    for package in (resettle.domain, resettle.services):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for obj in vars(module).values():
                if (
                    inspect.isclass(obj)
                    and issubclass(obj, BaseModel)
                    and obj.__module__ == module.__name__
                ):
                    found[obj] = None
    return list(found)


MODELS = _models()
INPUT_MODELS = [
    model
    for model in MODELS
    if model.model_config.get("extra") == "forbid" and model.__module__ not in DERIVED
]


def _text_metadata(annotation: object, metadata: list[object]) -> typing.Iterator[list[object]]:
    """The metadata that applies to each ``str`` reachable in ``annotation``."""
    if annotation is str:
        yield metadata
        return
    if typing.get_origin(annotation) is Annotated:
        base, *more = typing.get_args(annotation)
        yield from _text_metadata(base, [*metadata, *more])
        return
    origin = typing.get_origin(annotation)
    inner = metadata if origin in (typing.Union, type(int | None)) else []
    for arg in typing.get_args(annotation):
        yield from _text_metadata(arg, inner)


def _bounded(metadata: list[object]) -> bool:
    return any(
        isinstance(item, annotated_types.MaxLen)
        or getattr(item, "max_length", None) is not None
        or getattr(item, "pattern", None) is not None
        for item in metadata
    )


def test_the_registry_finds_the_input_models() -> None:
    names = {model.__name__ for model in INPUT_MODELS}
    assert {"PersonInput", "CaseNoteInput", "PlanAction", "ProviderInput"} <= names
    assert len(INPUT_MODELS) > 40


@pytest.mark.parametrize("model", INPUT_MODELS, ids=lambda m: f"{m.__module__}.{m.__name__}")
def test_every_input_model_checks_its_text(model: type[BaseModel]) -> None:
    """An input model (``extra="forbid"``) inherits CheckedText; one built only from stored
    data goes in DERIVED with its module."""
    assert issubclass(model, CheckedText)


def test_every_text_field_of_an_input_model_has_a_maximum_length() -> None:
    unbounded = [
        f"{model.__name__}.{name}"
        for model in INPUT_MODELS
        for name, info in model.model_fields.items()
        for metadata in _text_metadata(info.annotation, list(info.metadata))
        if not _bounded(metadata)
    ]
    assert sorted(set(unbounded) - set(LENGTH_CHECKED_ELSEWHERE)) == []
    assert sorted(set(LENGTH_CHECKED_ELSEWHERE) - set(unbounded)) == []  # no stale entries


class _Form(CheckedText):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50)]
    notes: Annotated[str, StringConstraints(max_length=500), MULTI_LINE] = ""
    aliases: list[str] = Field(default_factory=list)
    reason: Annotated[str, MULTI_LINE] | None = None
    count: int = 0


REFUSED_EVERYWHERE = ["\x00", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\ud800", "\x0b"]
REFUSED_ON_ONE_LINE = ["\n", "\t", "\r"]
ACCEPTED = [
    "Siân",
    "Dafydd ap Gruffydd",
    "Zoë O'Brien-Łukasz",
    "👩\u200d👩\u200d👧",
    "\u200f",
    "日本",
]


@pytest.mark.parametrize("char", REFUSED_EVERYWHERE + REFUSED_ON_ONE_LINE)
def test_a_single_line_field_refuses_control_characters_naming_the_field(char: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(_Form, {"name": f"Ann{char}Smith"})
    (problem,) = caught.value.problems
    assert problem.field == "name"
    if char == "\ud800":  # pydantic refuses a lone surrogate before our check sees it
        assert (problem.code, problem.message) == (
            "string_unicode",
            "Name: is not valid text (it holds a character that cannot be stored)",
        )
    else:
        assert problem.code == CONTROL_CHARACTER_CODE
        assert problem.message.startswith("Name: must not contain control characters")
    assert "Ann" not in str(caught.value)  # the message never quotes what was typed


@pytest.mark.parametrize("char", REFUSED_EVERYWHERE)
def test_a_multi_line_field_refuses_control_characters_other_than_breaks_and_tabs(
    char: str,
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(_Form, {"name": "Ann", "notes": f"line one\nline{char} two"})
    assert [p.field for p in caught.value.problems] == ["notes"]


def test_a_multi_line_field_keeps_line_breaks_and_tabs_and_makes_windows_line_ends_plain() -> None:
    form = validate(_Form, {"name": "Ann", "notes": "one\r\ntwo\rthree\n\tfour"})
    assert form.notes == "one\ntwo\nthree\n\tfour"


@pytest.mark.parametrize("text", ACCEPTED)
def test_ordinary_unicode_is_accepted(text: str) -> None:
    form = validate(_Form, {"name": text, "notes": text, "aliases": [text]})
    assert (form.name, form.notes, form.aliases) == (text, text, [text])


def test_text_inside_a_list_or_an_optional_field_is_checked() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(_Form, {"name": "Ann", "aliases": ["ok", "b\x00"], "reason": "a\x00"})
    assert sorted(p.field for p in caught.value.problems) == ["aliases", "reason"]
    assert field_is_multi_line(_Form, "reason")
    assert not field_is_multi_line(_Form, "aliases")


def test_a_whole_number_no_column_can_hold_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        validate(_Form, {"name": "Ann", "count": 2**70})
    assert [p.field for p in caught.value.problems] == ["count"]
    assert validate(_Form, {"name": "Ann", "count": 2**63 - 1}).count == 2**63 - 1


def test_the_model_refuses_by_itself_too() -> None:
    """Built directly (not through ``validate``), an input model still refuses NUL."""
    with pytest.raises(ValidationError) as caught:
        _Form(name="a\x00b")
    assert caught.value.errors()[0]["loc"] == ("name",)


def test_control_character_at_finds_the_first_one() -> None:
    assert control_character_at("abc", multi_line=False) is None
    assert control_character_at("ab\x00c", multi_line=False) == 2
    assert control_character_at("a\nb", multi_line=True) is None
    assert control_character_at("a\nb", multi_line=False) == 1


def test_real_input_models_name_their_fields() -> None:
    from resettle.domain.case_notes import CaseNoteInput
    from resettle.domain.person import PersonInput

    with pytest.raises(ValidationFailed) as caught:
        validate(CaseNoteInput, {"text": "first line\nsecond\x00"})
    assert caught.value.problems[0].message.startswith("Note: must not contain")
    with pytest.raises(ValidationFailed) as caught:
        validate(
            PersonInput,
            {
                "prison_number": "A1234BC",
                "crn": "X123456",
                "given_name": "Ann\x00",
                "family_name": "Smith",
                "date_of_birth": "1990-01-01",
            },
        )
    assert "given_name" in [p.field for p in caught.value.problems]
    assert validate(CaseNoteInput, {"text": "one\ntwo"}).text == "one\ntwo"
