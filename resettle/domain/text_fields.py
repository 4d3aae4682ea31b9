"""One check for every text field of every input model: no NUL and no control characters.

(And every whole number in one fits a database column: an id of 2**70 is refused naming the
field, not passed on to fail as an ``OverflowError`` or a ``DataError``.)

An input model inherits :class:`CheckedText` instead of ``BaseModel``; every text value in
every field (a string, or the strings in a list, tuple, set or dict) is then refused when it
holds a control character, with an error on that field, so the message names it
("Given name: must not contain control characters ...").

Single-line is the default. A field whose text may run over several lines (notes, reasons,
an address) carries the :data:`MULTI_LINE` marker in its ``Annotated`` metadata; it may also hold
line breaks and tabs, and a Windows line end (CR LF, or a lone CR) is kept as a plain line
break.

Reading back what is already stored is never refused: a model validated with
``context=STORED`` (:data:`STORED`) skips the check, so a record saved before the check existed
(a NUL in a name, a line break in a plan action) still opens. Saving it again goes through the
input model without that context, and the message names the field that holds the character.

Control characters are Unicode's ``Cc`` (C0, DEL and C1, so NUL and ESC), the line and paragraph
separators (``Zl``, ``Zp``: U+2028, U+2029) and lone surrogates (``Cs``, which no database can
store). Format characters (``Cf``: the zero-width joiner inside an emoji, right-to-left marks)
and every letter, accent and symbol are ordinary text and accepted.
"""

import unicodedata
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType
from typing import Annotated, Any, Final, get_args, get_origin

from pydantic import BaseModel, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from resettle.domain.errors import FieldProblem, ValidationFailed

#: The error type pydantic reports (``FieldProblem.code`` after :func:`validation.validate`).
CONTROL_CHARACTER_CODE: Final = "control_character"

SINGLE_LINE_MESSAGE: Final = "must not contain control characters (such as NUL or a line break)"
MULTI_LINE_MESSAGE: Final = (
    "must not contain control characters (such as NUL) other than line breaks and tabs"
)

#: The error type for a whole number no database column can hold (beyond 64 bits).
NUMBER_TOO_LARGE_CODE: Final = "number_too_large"
_INT_MAX: Final = 2**63 - 1
_INT_MIN: Final = -(2**63)

_REFUSED_CATEGORIES: Final = frozenset({"Cc", "Zl", "Zp", "Cs"})
_MULTI_LINE_ALLOWED: Final = frozenset({"\n", "\t"})


#: Validation context for text read back from the database
#: (``model_validate(row, context=STORED)``): the check is skipped, so a record stored before it
#: existed still opens.
STORED: Final[Mapping[str, bool]] = MappingProxyType({"stored": True})


def is_stored(info: ValidationInfo) -> bool:
    """Whether this validation reads stored data (its context is :data:`STORED`)."""
    context = info.context
    if context is None:
        return False  # most validations: spares the abstract-class check below
    return isinstance(context, Mapping) and context.get("stored") is True


class MultiLine:
    """Marker in a field's ``Annotated`` metadata: its text may hold line breaks and tabs."""

    def __repr__(self) -> str:
        return "MULTI_LINE"


MULTI_LINE: Final = MultiLine()


def control_character_at(text: str, *, multi_line: bool) -> int | None:
    """The index of the first refused character in ``text``, or None when it is clean."""
    if text.isprintable():
        return None  # the fast path for the whole text: every character is accepted
    for index, char in enumerate(text):
        if char.isprintable() or char == " ":
            continue  # the fast path: everything printable is accepted
        if multi_line and char in _MULTI_LINE_ALLOWED:
            continue
        if unicodedata.category(char) in _REFUSED_CATEGORIES:
            return index
    return None


def normalise_line_ends(text: str) -> str:
    """CR LF and a lone CR become LF (a note pasted from Windows keeps its lines)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_text(text: str, *, multi_line: bool) -> str:
    """``text`` as stored, or a pydantic error when it holds a control character."""
    if multi_line:
        text = normalise_line_ends(text)
    if control_character_at(text, multi_line=multi_line) is not None:
        message = MULTI_LINE_MESSAGE if multi_line else SINGLE_LINE_MESSAGE
        raise PydanticCustomError(CONTROL_CHARACTER_CODE, message)
    return text


def text_problem(
    text: str, field: str, label: str, *, multi_line: bool = False
) -> FieldProblem | None:
    """For text a use case takes as a plain parameter, not in an input model (a team's name, a
    reason): the problem naming ``field`` when it holds a control character, else None."""
    if (
        control_character_at(
            normalise_line_ends(text) if multi_line else text, multi_line=multi_line
        )
        is None
    ):
        return None
    message = MULTI_LINE_MESSAGE if multi_line else SINGLE_LINE_MESSAGE
    return FieldProblem(field, CONTROL_CHARACTER_CODE, f"{label}: {message}")


def checked_text(text: str, field: str, label: str, *, multi_line: bool = False) -> str:
    """``text`` (line ends made plain when ``multi_line``), or ValidationFailed naming
    ``field`` when it holds a control character (:func:`text_problem`)."""
    problem = text_problem(text, field, label, multi_line=multi_line)
    if problem is not None:
        raise ValidationFailed([problem])
    return normalise_line_ends(text) if multi_line else text


def _annotation_is_multi_line(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated and any(
        isinstance(item, MultiLine) for item in annotation.__metadata__
    ):
        return True
    return any(_annotation_is_multi_line(arg) for arg in get_args(annotation))


@cache
def field_is_multi_line(model_cls: type[BaseModel], name: str) -> bool:
    """Whether the field ``name`` of ``model_cls`` carries :data:`MULTI_LINE`."""
    info = model_cls.model_fields.get(name)
    if info is None:
        return False
    if any(isinstance(item, MultiLine) for item in info.metadata):
        return True
    return _annotation_is_multi_line(info.annotation)


def _checked(value: Any, multi_line: bool) -> Any:
    if isinstance(value, str):
        return check_text(value, multi_line=multi_line)
    if isinstance(value, list):
        return [_checked(item, multi_line) for item in value]
    if isinstance(value, tuple):
        return tuple(_checked(item, multi_line) for item in value)
    if isinstance(value, frozenset | set):
        for item in value:
            _checked(item, multi_line)  # a set's members are codes: refused, never changed
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        if not _INT_MIN <= value <= _INT_MAX:  # no database column can hold it
            raise PydanticCustomError(NUMBER_TOO_LARGE_CODE, "is too large")
        return value
    if isinstance(value, Mapping):
        for key, item in value.items():
            _checked(key, False)
            _checked(item, multi_line)
        return value
    return value  # numbers, dates, enums; a nested model checks its own fields


class CheckedText(BaseModel):
    """Base of every input model: its text fields refuse NUL and control characters."""

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        if is_stored(info):
            return value  # read back as stored: never refused (saving it again is checked)
        name = info.field_name
        multi_line = name is not None and field_is_multi_line(cls, name)
        return _checked(value, multi_line)
