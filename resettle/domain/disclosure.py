"""Why a person's data leaves Resettle: the justification every disclosure carries.

A disclosure is printing or saving a person's data (a plan), or giving it to someone outside
the app (recorded afterwards: "Record a disclosure…"). Each names a justification from one
list; "other" needs words saying what it is, and a short note may go with any. The recipient
is named where it applies (always for a disclosure recorded by hand). The audit row keeps the
code (``details.justification``); the words typed (note and recipient) go to a
``DisclosureNote`` of the person's, which the row names by id and digest
(``domain/disclosure_notes.py``), so erasing the person removes the words.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field, StringConstraints

from resettle.domain.disclosure_notes import DisclosureNote, new_note, note_details
from resettle.domain.errors import FieldProblem
from resettle.domain.text_fields import MULTI_LINE, CheckedText

TEXT_MAX = 200
RECIPIENT_MAX = 120


class Justification(StrEnum):
    PLAN_FOR_PERSON = "plan_for_person"
    MAPPA_MEETING = "mappa_meeting"
    COURT_REPORT = "court_report"
    PAROLE_BOARD = "parole_board"
    SAFEGUARDING = "safeguarding"
    PARTNER_AGENCY = "partner_agency"
    OTHER = "other"

    @property
    def label(self) -> str:
        return JUSTIFICATION_LABELS[self]


JUSTIFICATION_LABELS: dict[Justification, str] = {
    Justification.PLAN_FOR_PERSON: "Plan for the person",
    Justification.MAPPA_MEETING: "MAPPA meeting",
    Justification.COURT_REPORT: "Court report",
    Justification.PAROLE_BOARD: "Parole board",
    Justification.SAFEGUARDING: "Safeguarding referral",
    Justification.PARTNER_AGENCY: "Partner agency delivering the plan",
    Justification.OTHER: "Other",
}

_Text = Annotated[str, StringConstraints(max_length=TEXT_MAX, strip_whitespace=True), MULTI_LINE]
_Recipient = Annotated[str, StringConstraints(max_length=RECIPIENT_MAX, strip_whitespace=True)]


class DisclosureReason(CheckedText):
    """Why a disclosure is made and, where it applies, to whom."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    justification: Justification = Field(title="Justification")
    justification_text: _Text = Field(default="", title="Details")
    recipient: _Recipient = Field(default="", title="Recipient")

    def cross_field_problems(self) -> list[FieldProblem]:
        if self.justification is Justification.OTHER and not self.justification_text:
            return [
                FieldProblem(
                    "justification_text",
                    "required",
                    "Details: say what the justification is (needed with \u201cOther\u201d)",
                )
            ]
        return []

    def note(self) -> DisclosureNote | None:
        """The words typed, as a new note to store with the audit row (None: none typed)."""
        return new_note(self.justification_text, self.recipient)

    def audit_details(self, note: DisclosureNote | None) -> dict[str, Any]:
        """What the audit row keeps: the code, and the id and digest of ``note`` (made by
        ``note()``), never the words typed."""
        return {"justification": self.justification.value, **note_details(note)}


class RecordedDisclosure(DisclosureReason):
    """A disclosure made outside the app, recorded afterwards: the recipient is needed."""

    def cross_field_problems(self) -> list[FieldProblem]:
        problems = super().cross_field_problems()
        if not self.recipient:
            problems.append(
                FieldProblem("recipient", "required", "Recipient: say who was given the data")
            )
        return problems
