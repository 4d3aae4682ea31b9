"""Dates as people type them (day first, as written in the UK): the one reader for the date
field of every form and for dates in a file given to ``resettle people add``.

``25/03/2027``, ``25.3.27``, ``25 Mar 2027``, ``25th March 2027`` and ``2027-03-25`` all read as
25 March 2027. Text that is not a date raises :class:`UnreadableDate`; a day the calendar does
not have (31/02/2027) raises :class:`NoSuchDate`, which says what is wrong in words.
"""

from __future__ import annotations

import datetime as dt
import re

from resettle.domain import clock

#: Dates before this one are not accepted (the earliest birth date).
EARLIEST_DATE = dt.date(1900, 1, 1)
SHOWN_FORMAT = "%d/%m/%Y"

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s*[-\s]?\s*([a-z]+)\.?\s*[-\s,]?\s*(\d{2}|\d{4})$")


class UnreadableDate(ValueError):
    """The text is not a date the field can read."""


class NoSuchDate(UnreadableDate):
    """The text reads as a day, month and year that the calendar does not have (31/02/2027)."""

    def __init__(self, text: str, day: int, month: int, year: int) -> None:
        super().__init__(text)
        self.day, self.month, self.year = day, month, year

    def words(self) -> str:
        """What is wrong, in words: "February 2027 has no day 31", "there is no month 13"."""
        if not 1 <= self.month <= 12:
            return f"there is no month {self.month}"
        return f"{_MONTHS[self.month - 1].capitalize()} {self.year} has no day {self.day}"


def parse_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """The date in ``text`` (day first, as written in the UK); None for empty text.

    Two-digit years are this century unless that is more than 20 years ahead.
    Raises :class:`UnreadableDate` for anything else.
    """
    cleaned = " ".join(text.strip().lower().replace(",", " ").split())
    if not cleaned:
        return None
    if match := _ISO.match(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := _NUMERIC.match(cleaned):
        day, month, year = (int(part) for part in match.groups())
    elif match := _WORDS.match(cleaned):
        day, year = int(match.group(1)), int(match.group(3))
        word = match.group(2)
        month = next(
            (n for n, name in enumerate(_MONTHS, 1) if len(word) >= 3 and name.startswith(word)),
            0,
        )
    else:
        raise UnreadableDate(text)
    if year < 100:
        this_year = (today or clock.today()).year
        year += 2000 if 2000 + year <= this_year + 20 else 1900
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        if month == 0:  # a month word that is no month
            raise UnreadableDate(text) from error
        raise NoSuchDate(text, day, month, year) from error
