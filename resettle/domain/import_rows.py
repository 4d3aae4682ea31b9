"""One row of a caseload import file checked as the New person dialog checks a person.

The row's text (``domain/import_file.ImportRow``) becomes the person model's data: dates read
as typed in the UK (``17/05/1990``) or ISO (``1990-05-17``), the sex as its code, the
establishment by name or code; then :class:`~resettle.domain.person.PersonInput` validates it,
cross-field rules included (``domain/validation.validate``), exactly as for a form. Every
problem names the file's line and its column as headed in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.import_file import IMPORT_FIELDS, ImportRow, RowProblem
from resettle.domain.person import PersonInput, ReleaseType
from resettle.domain.risk import Sex
from resettle.domain.search import fold
from resettle.domain.typed_dates import NoSuchDate, UnreadableDate, parse_date
from resettle.domain.validation import validate

DATE_FIELDS = ("date_of_birth", "sentence_date", "release_date", "licence_end_date")

#: The sex as spreadsheets export it (folded to lower case) -> its code.
SEX_WORDS = {
    "m": Sex.MALE,
    "male": Sex.MALE,
    "man": Sex.MALE,
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "woman": Sex.FEMALE,
}
#: Enum fields a file's cell fills, and what the refusal adds about other spellings read.
ENUM_FIELDS: dict[str, tuple[type[StrEnum], str]] = {
    "sex": (Sex, " (M and F are read too)"),
    "release_type": (ReleaseType, ""),
}


def check_row(
    row: ImportRow, columns: Mapping[str, str], establishments: Mapping[str, int]
) -> PersonInput | list[RowProblem]:
    """The row as the person model, or every problem with it (``columns``: field key -> the
    file's header; ``establishments``: folded names and codes -> ids)."""
    values = row.values
    prison_number = values.get("prison_number", "").strip().upper()
    problems: list[RowProblem] = []
    failed: set[str] = set()

    def problem(key: str, reason: str) -> None:
        failed.add(key)
        column = columns.get(key, IMPORT_FIELDS[key].title if key in IMPORT_FIELDS else key)
        problems.append(RowProblem(row.line, column, reason, prison_number))

    data: dict[str, Any] = {
        key: values[key].strip()
        for key in ("prison_number", "crn", "given_name", "family_name", "preferred_language")
        if key in values
    }
    if "preferred_language" in data and not data["preferred_language"]:
        del data["preferred_language"]
    pnc = values.get("pnc_number", "").strip()
    data["pnc_number"] = pnc or None
    sex = values.get("sex", "").strip().lower()
    data["sex"] = SEX_WORDS.get(sex, sex) or None
    for key in DATE_FIELDS:
        text = values.get(key, "").strip()
        try:
            data[key] = parse_date(text) if text else None
        except NoSuchDate as missing:
            problem(key, f"is not a date: {missing.words()}")
        except UnreadableDate:
            problem(key, "is not a date: write it as 17/05/1990 or 1990-05-17")
    release_type = values.get("release_type", "").strip().lower().replace(" ", "_")
    data["release_type"] = release_type or None
    place = values.get("establishment", "").strip()
    if place:
        data["establishment_id"] = establishments.get(fold(place))
        if data["establishment_id"] is None:
            problem("establishment", "no establishment has that name or code")
    try:
        person = validate(PersonInput, {k: v for k, v in data.items() if k not in failed})
    except ValidationFailed as refused:
        for found in refused.problems:
            key = found.field.split(".", 1)[0]
            if key not in failed:
                problem(key, _reason(key, found, values.get(key, "").strip()))
        return problems
    return problems or person


def _reason(key: str, found: FieldProblem, cell: str) -> str:
    """The model's reason in a caseworker's words: an enum's cell names the values read."""
    if key in ENUM_FIELDS and found.code == "enum" and not cell:
        return "is required"
    if key in ENUM_FIELDS and found.code == "enum":
        enum, also = ENUM_FIELDS[key]
        if len(cell) > 40:
            cell = cell[:40] + "..."
        allowed = ", ".join(item.value.replace("_", " ") for item in enum)
        return f"'{cell}' is not one of {allowed}{also}"
    return _without_label(key, found.message)


def _without_label(key: str, message: str) -> str:
    """ "Date of birth: cannot be in the future" -> "cannot be in the future": in a file the
    column already names the field."""
    info = PersonInput.model_fields.get(key)
    if info is not None and info.title and message.startswith(f"{info.title}: "):
        return message[len(info.title) + 2 :]
    return message
