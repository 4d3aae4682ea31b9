"""Identifiers a prison leaver carries, with their formats.

- Prison number (NOMS number): one letter, four digits, two letters, e.g. ``A1234BC``.
- Probation case reference number (CRN, nDelius): one letter and six digits, e.g. ``X123456``.
- Police National Computer number: year (2 or 4 digits), a slash, up to 7 digits and a
  check letter, e.g. ``2004/0012345X``.

Input is trimmed and upper-cased before it is checked; what is stored is the normalised form.
"""

from __future__ import annotations

import re

from resettle.domain.errors import ValidationFailed

#: What a prison number looks like, in the words every refusal uses.
PRISON_NUMBER_SHAPE = "must look like A1234BC (a letter, four digits, two letters)"

PRISON_NUMBER_RE = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$")
CRN_RE = re.compile(r"^[A-Z][0-9]{6}$")
PNC_RE = re.compile(r"^([0-9]{2}|[0-9]{4})/[0-9]{1,7}[A-Z]$")


def normalise_identifier(value: str) -> str:
    return "".join(value.split()).upper()


def is_prison_number(value: str) -> bool:
    return bool(PRISON_NUMBER_RE.fullmatch(value))


def is_crn(value: str) -> bool:
    return bool(CRN_RE.fullmatch(value))


def is_pnc_number(value: str) -> bool:
    return bool(PNC_RE.fullmatch(value))


def checked_prison_number(text: str) -> str:
    """A prison number typed to find someone (``--person``, a search for one person),
    normalised; one refusal, field ``prison_number``, for a missing or malformed one."""
    number = normalise_identifier(text)
    if not number:
        raise ValidationFailed.single(
            "prison_number", "required", "Prison number: give the prison number of the person"
        )
    if not is_prison_number(number):
        raise ValidationFailed.single(
            "prison_number", "format", f"Prison number: {PRISON_NUMBER_SHAPE}"
        )
    return number
