"""People in a JSON file for ``resettle people add --json FILE``: one object or a list.

Each object is keyed as ``resettle people list --json`` prints a person, plus
``date_of_birth``, ``sex`` and ``establishment``:

    {"prison_number": "A1234BC", "crn": "X123456", "name": "Zoë Ní Bhriain",
     "date_of_birth": "1990-05-17", "sex": "female", "establishment": "HMP Leeds",
     "release_date": "2027-01-15", "officer": "demo.officer", "pnc_number": "2004/0012345X"}

``name`` is the given names then the family name, or "Family name, Given names" with a
comma when the family name has several words. ``establishment`` is its name or code,
``officer`` a probation officer's user name or display name (default: whoever registers; a
display name shared by several accounts is refused: give the user name).
``release_date``, ``officer`` and ``pnc_number`` may be left out or null. Dates are written
``1990-05-17`` (as ``people list --json`` prints them) or as typed in the app (``17/05/1990``,
``17 May 1990``).

Every problem in a row is found in one pass, each in plain words naming the file's key
("date_of_birth: is not a date: that month has no day 31"), without repeating the value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from resettle.domain.errors import FieldProblem, ValidationFailed
from resettle.domain.person import NAME_MAX, PersonInput
from resettle.domain.risk import Sex
from resettle.domain.search import fold
from resettle.domain.typed_dates import NoSuchDate, UnreadableDate, parse_date
from resettle.domain.validation import validate

#: A person's field in the service, and the key in the file that supplies it.
FILE_KEY = {
    "given_name": "name",
    "family_name": "name",
    "establishment_id": "establishment",
    "responsible_officer_id": "officer",
}

#: The keys a row may hold, each with its longest text; those a row must hold.
KEY_LIMITS = {
    "prison_number": 20,
    "crn": 20,
    "name": 2 * NAME_MAX + 2,
    "date_of_birth": 40,
    "sex": 20,
    "establishment": 200,
    "release_date": 40,
    "officer": 200,
    "pnc_number": 30,
}
REQUIRED_KEYS = ("prison_number", "crn", "name", "date_of_birth", "sex", "establishment")
DATE_KEYS = ("date_of_birth", "release_date")


def split_name(name: str) -> tuple[str, str]:
    """(given names, family name) from "Given Family" or "Family, Given"."""
    if "," in name:
        family, _, given = name.partition(",")
        return " ".join(given.split()), " ".join(family.split())
    words = name.split()
    if len(words) < 2:
        return "", " ".join(words)
    return " ".join(words[:-1]), words[-1]


def file_key(field: str) -> str:
    """The key in the file for a field the service names (``given_name`` -> ``name``)."""
    head = field.split(".", 1)[0]
    return FILE_KEY.get(head, head)


def without_label(field: str, message: str) -> str:
    """``message`` without the caption the app puts first ("Prison number: must look like..."
    -> "must look like..."): in a file the key already names the field."""
    head = field.split(".", 1)[0]
    info = PersonInput.model_fields.get(head)
    labels = [info.title] if info is not None and info.title else []
    labels += ["Name and date of birth", head.replace("_", " ").capitalize()]
    for label in labels:
        if message.startswith(f"{label}: "):
            return message[len(label) + 2 :]
    return message


_COUNTS = {2: "two", 3: "three", 4: "four", 5: "five"}


def officer_names(accounts: Iterable[tuple[int, str, str]]) -> dict[str, tuple[int, ...]]:
    """Each folded user name and display name of the officers ``(id, user name, display
    name)``, with the accounts it names: a user name one, a display name maybe several (a user
    name wins over someone else's display name)."""
    names: dict[str, list[int]] = {}
    accounts = list(accounts)
    for account_id, _username, display_name in accounts:
        names.setdefault(fold(display_name), []).append(account_id)
    for account_id, username, _display_name in accounts:
        names[fold(username)] = [account_id]
    return {name: tuple(ids) for name, ids in names.items()}


def person_data(
    raw: Any, establishments: Mapping[str, int], officers: Mapping[str, Sequence[int]]
) -> dict[str, Any]:
    """The service's person data for one object of the file, or ValidationFailed listing every
    problem in it, each naming the file's key. ``establishments`` maps folded names and codes
    to ids, ``officers`` folded user names and display names to the accounts they name
    (:func:`officer_names`)."""
    if not isinstance(raw, dict):
        raise ValidationFailed.single(
            "row", "not_an_object", "is not a person: each row must be a JSON object { ... }"
        )
    problems: list[FieldProblem] = []

    def problem(key: str, code: str, message: str) -> None:
        problems.append(FieldProblem(key, code, message))

    for key in raw:
        if key not in KEY_LIMITS:
            problem(
                str(key), "unknown_key", "is not a key Resettle reads (see docs/registering.md)"
            )
    text = _texts(raw, problem)
    dates = {key: _date(key, text, problem) for key in DATE_KEYS}
    establishment_id = None
    if "establishment" in text:
        establishment_id = establishments.get(fold(text["establishment"]))
        if establishment_id is None:
            problem("establishment", "unknown", "no establishment has that name or code")
    officer_id = None
    if "officer" in text:
        accounts = officers.get(fold(text["officer"]), ())
        if len(accounts) == 1:
            officer_id = accounts[0]
        elif not accounts:
            problem("officer", "unknown", "no active probation officer has that user name or name")
        else:
            count = _COUNTS.get(len(accounts), str(len(accounts)))
            problem(
                "officer",
                "ambiguous",
                f"{count} accounts are called {text['officer'].strip()}: give the user name",
            )
    if "sex" in text and text["sex"].strip().lower() not in {s.value for s in Sex}:
        problem("sex", "unknown", "must be " + " or ".join(s.value for s in Sex))
    given, family = split_name(text.get("name", ""))
    if "name" in text and not (given and family):
        problem(
            "name",
            "one_name",
            'needs a given name and a family name ("Sam Smith", or "Family name, Given names")',
        )
    data = {
        "prison_number": text.get("prison_number", ""),
        "crn": text.get("crn", ""),
        "pnc_number": text.get("pnc_number"),
        "given_name": given,
        "family_name": family,
        "date_of_birth": dates["date_of_birth"],
        "sex": text.get("sex", "").strip().lower(),
        "establishment_id": establishment_id,
        "responsible_officer_id": officer_id,
        "release_date": dates["release_date"],
    }
    try:
        validate(PersonInput, data)
    except ValidationFailed as failed:
        named = {p.field for p in problems}
        for found in failed.problems:
            key = file_key(found.field)
            if key not in named:
                named.add(key)
                problem(key, found.code, without_label(found.field, found.message))
    if problems:
        raise ValidationFailed(sorted(problems, key=_key_order))
    return data


#: Keys whose value names one person only: a repeat inside the file is refused.
UNIQUE_KEYS = ("prison_number", "crn", "pnc_number")


def repeats_in_file(rows: Sequence[Any]) -> dict[int, list[FieldProblem]]:
    """Rows (counted from 1) repeating a prison number, CRN or PNC number of an earlier row,
    each with its problems ("the same as row 1"); found whatever else is wrong with the rows,
    so a repeat is reported in the first run."""
    first: dict[tuple[str, str], int] = {}
    repeats: dict[int, list[FieldProblem]] = {}
    for number, raw in enumerate(rows, start=1):
        if not isinstance(raw, dict):
            continue
        for key in UNIQUE_KEYS:
            value = raw.get(key)
            if not isinstance(value, str) or not value.strip():
                continue
            seen = first.setdefault((key, "".join(value.split()).upper()), number)
            if seen != number:
                repeats.setdefault(number, []).append(
                    FieldProblem(key, "repeated", f"the same as row {seen}")
                )
    return repeats


def _texts(raw: Mapping[str, Any], problem: Any) -> dict[str, str]:
    """The row's known keys that hold usable text; a problem for each that does not."""
    text: dict[str, str] = {}
    for key, limit in KEY_LIMITS.items():
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if key in REQUIRED_KEYS:
                problem(key, "missing", "is missing" if value is None else "is empty")
        elif not isinstance(value, str):
            problem(key, "not_text", 'must be text in quotes ("...")')
        elif len(value) > limit:
            problem(key, "too_long", f"is longer than {limit} characters")
        else:
            text[key] = value
    return text


def _date(key: str, text: Mapping[str, str], problem: Any) -> dt.date | None:
    if key not in text:
        return None
    try:
        return parse_date(text[key])
    except NoSuchDate as missing:
        where = (
            f"there is no month {missing.month}"
            if not 1 <= missing.month <= 12
            else f"that month has no day {missing.day}"
        )
        problem(key, "not_a_date", f"is not a date: {where}")
    except UnreadableDate:
        problem(key, "not_a_date", "is not a date: write it as 1990-05-17 or 17/05/1990")
    return None


def _key_order(found: FieldProblem) -> int:
    keys = list(KEY_LIMITS)
    return keys.index(found.field) if found.field in keys else len(keys)
