"""Possible duplicates of a person being registered: what matched, and how names compare.

Before a person is registered the service looks for people already recorded with the same
prison number, CRN or PNC number, or the same name and date of birth. Names are compared by
:func:`name_keys`: case, accents, spacing (also inside a name: "Mc Testface" is "McTestface"),
hyphens and apostrophes and the order of the names do not matter ("Zoë Ní Bhriain" matches
"NI BHRIAIN, zoe"). A prison number or CRN match can never be a new person (those identifiers
are unique); a PNC or name-and-birth match can, once the officer confirms it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from resettle.domain.errors import DomainError, DuplicateRecord, ValidationFailed
from resettle.domain.search import fold

_DROPPED = str.maketrans({"'": "", "’": "", "‘": "", "`": ""})
_SPACED = str.maketrans({"-": " ", "‐": " ", "‑": " ", "–": " ", ",": " ", ".": " "})


def name_keys(*names: str) -> frozenset[str]:
    """The ways ``names`` can be written alike; two people share a name when any key is shared:
    their words folded and sorted (given and family names swapped, a word moved between them),
    each name folded with its spaces closed up ("Mc Testface" is "McTestface"), or all the
    names run together, in order or the other way round (a file's "Testy Mc Testface" is read
    as given "Testy Mc", family "Testface": the same person as "Testy McTestface").

    >>> bool(name_keys("Zoë", "Ní Bhriain") & name_keys("ni bhriain", "ZOE"))
    True
    >>> bool(name_keys("Testy", "McTestface") & name_keys("TESTY", "mc testface"))
    True
    >>> bool(name_keys("Testy", "McTestface") & name_keys("Testy Mc", "Testface"))
    True
    """
    folded = [fold(name.translate(_DROPPED).translate(_SPACED)) for name in names]
    words = " ".join(sorted(" ".join(folded).split()))
    closed_names = [name.replace(" ", "") for name in folded if name.strip()]
    closed = " ".join(sorted(closed_names))
    joined = "".join(closed_names)
    backwards = "".join(reversed(closed_names))
    return frozenset(
        {f"words:{words}", f"closed:{closed}", f"joined:{joined}", f"joined:{backwards}"}
    )


def same_name(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """True when the two names can be the same person's (see :func:`name_keys`)."""
    return bool(name_keys(*one) & name_keys(*other))


class MatchReason(StrEnum):
    PRISON_NUMBER = "prison_number"
    CRN = "crn"
    PNC_NUMBER = "pnc_number"
    NAME_AND_DATE_OF_BIRTH = "name_and_date_of_birth"

    @property
    def label(self) -> str:
        return {
            MatchReason.PRISON_NUMBER: "same prison number",
            MatchReason.CRN: "same CRN",
            MatchReason.PNC_NUMBER: "same PNC number",
            MatchReason.NAME_AND_DATE_OF_BIRTH: "same name and date of birth",
        }[self]

    @property
    def blocking(self) -> bool:
        """A person with this identifier is already recorded: the new one cannot be saved."""
        return self in (MatchReason.PRISON_NUMBER, MatchReason.CRN)

    @property
    def field(self) -> str:
        """The field of the new person to check (name and birth: the date of birth)."""
        return "date_of_birth" if self is MatchReason.NAME_AND_DATE_OF_BIRTH else self.value


class PossibleMatch(BaseModel):
    """Someone already recorded who may be the person being registered."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    prison_number: str
    crn: str
    name: str
    date_of_birth: dt.date
    reasons: tuple[MatchReason, ...]
    closed: bool = False

    @property
    def blocking(self) -> bool:
        return any(reason.blocking for reason in self.reasons)


class PossibleDuplicates(DuplicateRecord):
    """The person may already be recorded: open the existing record or confirm a new one.

    The message names prison numbers and what matched (for the officer, on screen or on the
    terminal); logs record only the code.
    """

    code = "person.possible_duplicate"

    def __init__(self, matches: list[PossibleMatch]) -> None:
        self.matches = tuple(matches)
        described = "; ".join(
            f"{match.prison_number} / {match.crn} ({', '.join(r.label for r in match.reasons)})"
            for match in self.matches
        )
        advice = (
            "A person with the same prison number or CRN cannot be registered again."
            if not self.can_confirm
            else "If this is a different person, confirm that they are new."
        )
        # A shared prison number or CRN is certain, not a possibility (user trial)
        verb = "may already be recorded as" if self.can_confirm else "is already recorded as"
        super().__init__(self._first_field(), f"{self.field_label}: {verb} {described}. {advice}")

    @property
    def can_confirm(self) -> bool:
        """False when any match shares a prison number or CRN (confirming cannot help)."""
        return not any(match.blocking for match in self.matches)

    def _first_field(self) -> str:
        """The first field that matched, for a message naming it."""
        reasons = [reason for match in self.matches for reason in match.reasons]
        ordered = sorted(reasons, key=list(MatchReason).index)
        return ordered[0].field if ordered else "prison_number"

    @property
    def field_label(self) -> str:
        return {
            "prison_number": "Prison number",
            "crn": "CRN",
            "pnc_number": "PNC number",
            "date_of_birth": "Name and date of birth",
        }[self._first_field()]


class RowRefused(DomainError):
    """One row of a list of people could not be saved, so none of them was."""

    code = "person.row_refused"

    def __init__(self, row: int, error: DomainError) -> None:
        self.row = row
        self.error = error
        super().__init__(f"Row {row}: {error}")

    @property
    def fields(self) -> list[str]:
        """The fields of the row named by the problem (its key in the file)."""
        if isinstance(self.error, ValidationFailed):
            return list(dict.fromkeys(p.field for p in self.error.problems))
        if isinstance(self.error, DuplicateRecord):  # PossibleDuplicates too
            return [self.error.field]
        return []


class RowsRefused(RowRefused):
    """Several rows of a list could not be saved, so none was: every refusal, in row order
    (``row`` and ``error`` are the first one's)."""

    code = "person.rows_refused"

    def __init__(self, refusals: list[RowRefused]) -> None:
        self.refusals = sorted(refusals, key=lambda refusal: refusal.row)
        first = self.refusals[0]
        super().__init__(first.row, first.error)
        self.args = ("; ".join(str(refusal) for refusal in self.refusals),)
