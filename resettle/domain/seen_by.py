""" "Who has seen this": the views and disclosures of one person's record, and who may list them.

The list is read from the audit trail (rows with the person's id): openings of the record
(``person.viewed``, with ``view`` saying where it was opened), printed or saved plans
(``plan.printed``) and disclosures recorded by hand (``person.disclosed``). The person's
responsible officer and the managers of the person's team may read it; nobody else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from resettle.domain.access import AccessScope, Placement, can_reach
from resettle.domain.audit_actions import AuditAction
from resettle.domain.disclosure import Justification
from resettle.domain.disclosure_notes import NOTE_CHANGED_KEY
from resettle.domain.errors import DomainError
from resettle.domain.staff import Role

#: The audit actions the list shows: every way a person's record is seen or leaves the app.
SEEN_ACTIONS = (
    AuditAction.PERSON_VIEWED,
    AuditAction.PLAN_PRINTED,
    AuditAction.PERSON_DISCLOSED,
)
PAGE_SIZE = 50
#: The most a caller may ask for in one page.
LARGEST_PAGE = 500


class ViewPlace(StrEnum):
    """Where a record was opened (``details.view`` of a ``person.viewed`` row)."""

    RECORD = "record"
    PLAN_PREVIEW = "plan_preview"
    ACCESS = "access"
    COMMAND_LINE = "command_line"


_VIEW_LABELS = {
    ViewPlace.RECORD: "Opened the record",
    ViewPlace.PLAN_PREVIEW: "Previewed the plan",
    ViewPlace.ACCESS: "Opened who may see the record",
    ViewPlace.COMMAND_LINE: "Showed the record on the command line",
}
#: After the words of a note that no longer match the digest kept in the audit trail.
NOTE_CHANGED_MARK = "(changed after it was recorded: it does not match the audit trail)"
_COPY_LABELS = {"officer": "the officer's plan", "person": "the person's copy of the plan"}


class MayNotSeeWhoHasSeen(DomainError):
    code = "seen_by.refused"

    def __init__(self) -> None:
        super().__init__(
            "Only the person's officer and the managers of their team can see who has seen "
            "this record."
        )


def may_see_who_has_seen(
    scope: AccessScope, placement: Placement, responsible_officer_id: int | None
) -> bool:
    """The person's responsible officer, or a manager of the person's team (who reach them)."""
    if not can_reach(scope, placement):
        return False
    if Role.OFFICER in scope.roles and responsible_officer_id == scope.staff_id:
        return True
    return placement.team_id is not None and placement.team_id in scope.teams_of(Role.MANAGER)


def what_label(action: str, details: Mapping[str, Any]) -> str:
    """ "Opened the record", "Printed the officer's plan", "Disclosed to MAPPA panel"."""
    if action == AuditAction.PERSON_VIEWED.value:
        place = details.get("view", ViewPlace.RECORD.value)
        try:
            return _VIEW_LABELS[ViewPlace(place)]
        except ValueError:
            return _VIEW_LABELS[ViewPlace.RECORD]
    if action == AuditAction.PLAN_PRINTED.value:
        what = _COPY_LABELS.get(str(details.get("copy")), "the plan")
        verb = "Saved" if details.get("to_file") else "Printed"
        text = f"{verb} {what}"
        if details.get("large_print"):
            text += " in large print"
        if details.get("batch"):
            text += " (batch)"
        return text + (" as PDF" if details.get("to_file") and not details.get("batch") else "")
    if action == AuditAction.PERSON_DISCLOSED.value:
        recipient = str(details.get("recipient") or "").strip()
        return f"Disclosed to {recipient}" if recipient else "Disclosed outside the app"
    return action


def why_label(details: Mapping[str, Any]) -> str:
    """The justification's label and its note ("Other: solicitor's request"), marked when the
    note no longer matches the digest its audit row kept (``with_typed_text``); empty for a
    view (and for prints from before justifications were asked)."""
    code = details.get("justification")
    if not code:
        return ""
    try:
        text = Justification(code).label
    except ValueError:
        text = str(code)
    note = str(details.get("justification_text") or "").strip()
    text = f"{text}: {note}" if note else text
    return f"{text} {NOTE_CHANGED_MARK}" if details.get(NOTE_CHANGED_KEY) else text


class SeenEntry(BaseModel):
    """One line of the list: who, when, what and why."""

    model_config = ConfigDict(frozen=True)

    audit_id: int
    at: dt.datetime
    staff_name: str
    staff_roles: str
    staff_team: str
    action: str
    what: str
    why: str
    recipient: str


class SeenPage(BaseModel):
    """Newest first; ``next_before`` asks for the page after (None: no more)."""

    model_config = ConfigDict(frozen=True)

    entries: tuple[SeenEntry, ...]
    next_before: int | None = None
