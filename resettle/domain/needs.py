"""Needs per pathway and the support needs chosen for them, with a history of every change.

Pathway statuses and support-need statuses use the HMPPS Resettlement Passport's codes
(``Status.kt`` and ``SupportNeedStatus.kt`` in ministryofjustice/hmpps-resettlement-passport-api).
Support needs are chosen from the catalogue (:mod:`resettle.domain.catalogue`); an "Other" entry
requires free text. Each status change of a support need produces a
:class:`SupportNeedStatusChange`; a change to the same status is refused.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from resettle.domain.catalogue import CatalogueEntry, SupportNeedCatalogue
from resettle.domain.errors import ValidationFailed
from resettle.domain.pathways import Pathway
from resettle.domain.text_fields import MULTI_LINE, CheckedText
from resettle.domain.validation import validate

NOTES_MAX = 10_000
DETAIL_MAX = 500
CHANGE_NOTE_MAX = 2_000

Who = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTES_MAX), MULTI_LINE]
Detail = Annotated[str, StringConstraints(strip_whitespace=True, max_length=DETAIL_MAX), MULTI_LINE]
ChangeNote = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=CHANGE_NOTE_MAX), MULTI_LINE
]


class PathwayStatus(StrEnum):
    NOT_STARTED = "not_started"
    SUPPORT_REQUIRED = "support_required"
    IN_PROGRESS = "in_progress"
    SUPPORT_NOT_REQUIRED = "support_not_required"
    SUPPORT_DECLINED = "support_declined"
    DONE = "done"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Severity(StrEnum):
    NONE = "none"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        return list(Severity).index(self)


class SupportNeedStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    MET = "met"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class PathwayNeedInput(CheckedText):
    """One pathway's assessment for one person."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pathway: Pathway = Field(title="Pathway")
    status: PathwayStatus = Field(default=PathwayStatus.NOT_STARTED, title="Status")
    severity: Severity = Field(default=Severity.NONE, title="Severity")
    linked_to_offending: bool = Field(default=False, title="Linked to offending")
    notes: Notes = Field(default="", title="Notes")


class SupportNeedInput(CheckedText):
    """A support need picked from the catalogue; ``detail`` is the free text of "Other"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(title="Support need", max_length=64)
    detail: Detail = Field(default="", title="Details")


def check_support_need(inp: SupportNeedInput, catalogue: SupportNeedCatalogue) -> CatalogueEntry:
    """The catalogue entry ``inp`` picks; refuses unknown or retired codes and an empty "Other"."""
    entry = catalogue.require(inp.code)
    if not entry.active:
        raise ValidationFailed.single(
            "code", "inactive", f"Support need: {entry.label!r} is no longer offered"
        )
    if entry.needs_detail and not inp.detail:
        raise ValidationFailed.single(
            "detail", "required_for_other", "Details: say what the support need is"
        )
    return entry


class SupportNeedStatusChange(CheckedText):
    """One entry of a support need's history. ``from_status`` is None when it was first added."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    changed_by: Who = Field(title="Changed by")
    changed_at: datetime = Field(title="Changed at")
    from_status: SupportNeedStatus | None = Field(title="From")
    to_status: SupportNeedStatus = Field(title="To")
    note: ChangeNote = Field(default="", title="Note")


def change_support_need_status(
    current: SupportNeedStatus | None,
    new: SupportNeedStatus,
    *,
    changed_by: str,
    changed_at: datetime,
    note: str = "",
) -> SupportNeedStatusChange:
    """The history entry for moving a support need from ``current`` to ``new``.

    Any status may follow any other (the Passport allows it); staying put is refused, since a
    history entry that changes nothing is noise. Pass ``current=None`` when adding the need.
    """
    if current is new:
        raise ValidationFailed.single("status", "unchanged", f"Status: is already {new.label}")
    return validate(
        SupportNeedStatusChange,
        {
            "changed_by": changed_by,
            "changed_at": changed_at,
            "from_status": current,
            "to_status": new,
            "note": note,
        },
    )
