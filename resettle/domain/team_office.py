"""A team's office: the phone number a person calls when their officer has none of their
own, and the postal address they go to (both printed on the person's copy of a plan).

The number is one a UK office answers: 10 or 11 digits starting with 0 once spaces, hyphens
and brackets are set aside, or the same written with +44. It is kept as typed (spaces made
single), since that is how people read it out. Either may be left empty until known.
"""

import re
from typing import Annotated

from pydantic import ConfigDict, Field, field_validator

from resettle.domain.text_fields import MULTI_LINE, CheckedText

MAX_OFFICE_PHONE = 40
MAX_OFFICE_ADDRESS = 500
#: A UK number once written without spaces, hyphens or brackets: 0 and 9 or 10 digits
#: (01, 02, 03, 05, 07, 08 and 09 ranges; 04 and 06 are not in use).
_UK_NATIONAL = re.compile(r"^0[1235789][0-9]{8,9}$")
_SET_ASIDE = re.compile(r"[\s().-]")
PHONE_MESSAGE = "a UK phone number of 10 or 11 digits starting with 0 (for example 0113 496 0000)"


def uk_phone(text: str) -> str:
    """``text`` with its spaces made single, when it is a UK phone number; else ValueError."""
    shown = " ".join(text.split())
    digits = _SET_ASIDE.sub("", shown)
    for international in ("+44", "0044"):
        if digits.startswith(international):
            digits = "0" + digits[len(international) :].removeprefix("0")
    if not _UK_NATIONAL.fullmatch(digits):
        raise ValueError(PHONE_MESSAGE)
    return shown


class TeamOffice(CheckedText):
    """What an administrator gives for a team's office (empty: not known yet)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    office_phone: str = Field(default="", max_length=MAX_OFFICE_PHONE, title="Office phone")
    office_address: Annotated[str, MULTI_LINE] = Field(
        default="", max_length=MAX_OFFICE_ADDRESS, title="Office address"
    )

    @field_validator("office_phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        return uk_phone(value) if value.strip() else ""

    @field_validator("office_address")
    @classmethod
    def _address(cls, value: str) -> str:
        """Each line trimmed, blank lines dropped (a pasted address keeps its lines)."""
        lines = (" ".join(line.split()) for line in value.replace("\r", "\n").split("\n"))
        return "\n".join(line for line in lines if line)


def address_on_one_line(address: str) -> str:
    """An address's lines joined with commas, for a sentence or a table cell."""
    return ", ".join(line.strip() for line in address.splitlines() if line.strip())
