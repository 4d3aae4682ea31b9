"""A subject access request: the period asked for, and the export made for it.

Dates are inclusive and local: ``start`` from 00:00, ``end`` to the end of that day, as the
HMPPS subject-access contract reads ``fromDate`` and ``toDate``. Either may be left open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from resettle.domain.errors import FieldProblem, ValidationFailed

#: What the export says about the sections a data-protection officer reviews.
REVIEW_NOTE = (
    "Items marked 'review before release' hold free text, contacts or providers that may "
    "name or identify other people: a data-protection officer reviews them before release."
)

#: Where an issued plan's snapshot (``PlanDocument``) names members of staff or their
#: contacts: withheld from the export, which names staff by role and team only.
STAFF_IN_ISSUED_PLAN = (
    ("person", "responsible_officer"),
    ("person", "officer_contact"),
    ("person", "officer_phone"),
    ("person", "key_worker"),
    ("agreed_by",),
)
STAFF_WITHHELD = "Withheld: a member of staff (staff are named by role and team)"


def without_staff_names(document: dict[str, Any]) -> dict[str, Any]:
    """An issued plan's snapshot with the staff names and contacts in it withheld."""
    for *parents, key in STAFF_IN_ISSUED_PLAN:
        holder: Any = document
        for parent in parents:
            holder = holder.get(parent) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and holder.get(key):
            holder[key] = STAFF_WITHHELD
    return document


class Period(BaseModel):
    """The days a request covers, both inclusive; None: open at that end."""

    model_config = ConfigDict(frozen=True)

    start: dt.date | None = None
    end: dt.date | None = None

    def model_post_init(self, __context: Any) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationFailed(
                [
                    FieldProblem(
                        "to",
                        "period.end_before_start",
                        f"{self.end.isoformat()} is before the from date "
                        f"({self.start.isoformat()}).",
                    )
                ]
            )

    def holds(self, when: dt.date | dt.datetime | None) -> bool:
        """Whether a date, or a time (on its local day), falls inside the period."""
        if when is None:
            return self.start is None and self.end is None
        day = when.astimezone().date() if isinstance(when, dt.datetime) else when
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def whole_record(self) -> bool:
        return self.start is None and self.end is None


class SubjectAccessExport(BaseModel):
    """One export: the JSON document and its readable PDF, with the names to save them as."""

    model_config = ConfigDict(frozen=True)

    prison_number: str
    json_text: str
    pdf: bytes
    json_name: str
    pdf_name: str
