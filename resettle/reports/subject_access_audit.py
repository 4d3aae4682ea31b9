"""An audit row of a subject access export as a plain sentence: what was done, and why.

Views, prints and disclosures read as the record's "Who has seen this" list reads them
(``domain/seen_by``); changes name the part of the record changed, in the screens' words.
Codes in the details (a pathway, an essential, a status) are written as the screens write them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from resettle.domain.aftercare import ReferralStatus, ServiceType
from resettle.domain.audit_actions import AuditAction
from resettle.domain.essentials import EssentialKind
from resettle.domain.needs import SupportNeedStatus
from resettle.domain.pathways import Pathway
from resettle.domain.programme_needs import ProgrammePathway
from resettle.domain.seen_by import what_label, why_label
from resettle.reports.subject_access_fields import Lookups, coded, when_text

A = AuditAction
#: What each change to a person's record did, in words.
CHANGES: dict[str, str] = {
    A.PERSON_REGISTERED: "Added the person to Resettle",
    A.PERSON_UPDATED: "Changed the person's details",
    A.ALLOCATION_RECORDED: "Allocated the case to an officer",
    A.CASE_CLOSED: "Closed the case",
    A.CASE_REOPENED: "Reopened the case",
    A.NEED_SAVED: "Saved the needs for a pathway",
    A.SUPPORT_NEED_ADDED: "Added a support need",
    A.SUPPORT_NEED_STATUS_CHANGED: "Changed a support need's status",
    A.ESSENTIAL_SAVED: "Saved a release-day essential",
    A.REFERRAL_ADDED: "Made a referral to a community service",
    A.REFERRAL_UPDATED: "Updated a referral",
    A.NOTE_ADDED: "Added a case note",
    A.PROGRAMME_HISTORY_RECORDED: "Recorded a programme on the programme history",
    A.PROGRAMME_HISTORY_CORRECTED: "Corrected an entry of the programme history",
    A.OUTCOME_CHECK_RECORDED: "Recorded an outcome check after release",
    A.OUTCOME_CHECK_CORRECTED: "Corrected an outcome check after release",
    A.RISK_INPUTS_SAVED: "Saved the details used to estimate reconviction risk",
    A.RISK_SCORE_RECORDED: "Recorded a risk score",
    A.RISK_ROSH_RECORDED: "Recorded a risk of serious harm assessment",
    A.RISK_LEVEL_CONFIRMED: "Confirmed the risk level",
    A.RISK_FLAGS_SET: "Set the risk flags",
    A.RISK_PROGRAMME_NEEDS_SAVED: "Recorded the programme need items",
    A.PLAN_SAVED: "Saved the plan",
    A.PLAN_OFFICER_NOTES_SAVED: "Saved the officer's notes on the plan",
    A.PLAN_ACTIONS_FOLLOWED: "Brought the plan's actions up to date with the record",
    A.PLAN_AGREED: "Recorded that the plan was agreed",
    A.PLAN_ISSUED: "Issued the plan",
    A.RECOMMENDATION_ACCEPTED: "Accepted a recommended intervention",
    A.ACCESS_CHANGED: "Changed who may see the record",
    A.COVER_GRANTED: "Gave a member of staff temporary access to the case",
    A.COVER_ENDED: "Ended a member of staff's temporary access to the case",
    A.RETENTION_REVIEW_KEPT: "Reviewed the record and decided to keep it for now",
    A.PERSON_ERASED: "Erased the person's record",
    A.SUBJECT_ACCESS_EXPORTED: "Made a subject access export",
}
SEEN = frozenset({A.PERSON_VIEWED.value, A.PLAN_PRINTED.value, A.PERSON_DISCLOSED.value})


def what_happened(row: Mapping[str, Any], lookups: Lookups) -> str:
    """ "Saved the needs for a pathway: Finance and ID", "Saved the officer's plan as PDF"."""
    action = str(row["action"])
    details: Mapping[str, Any] = row.get("details") or {}
    if action in SEEN:
        text = what_label(action, details)
        recipient = str(details.get("recipient") or "").strip()
        if recipient and action == A.PLAN_PRINTED:
            text += f" for {recipient}"
        return text
    text = CHANGES.get(action, "Changed the record")
    extra = _particulars(action, details, lookups)
    return f"{text}: {extra}" if extra else text


def why(row: Mapping[str, Any]) -> str:
    """Why, where the row says: a disclosure's justification (and its note)."""
    return why_label(row.get("details") or {})


def _particulars(action: str, details: Mapping[str, Any], lookups: Lookups) -> str:
    parts: list[str] = []
    if details.get("pathway"):
        parts.append(coded(Pathway, str(details["pathway"])))
    if details.get("kind") and action == A.ESSENTIAL_SAVED:
        parts.append(coded(EssentialKind, str(details["kind"])))
    if details.get("code") and action == A.SUPPORT_NEED_ADDED:
        code = str(details["code"])
        parts.append(lookups.support_needs.get(code, code.replace("_", " ").capitalize()))
    if details.get("to") and action == A.SUPPORT_NEED_STATUS_CHANGED:
        parts.append(f"now {coded(SupportNeedStatus, str(details['to'])).lower()}")
    if details.get("service_type"):
        parts.append(coded(ServiceType, str(details["service_type"])))
    if details.get("status") and action == A.REFERRAL_UPDATED:
        parts.append(f"now {coded(ReferralStatus, str(details['status'])).lower()}")
    if details.get("intervention"):
        code = str(details["intervention"])
        parts.append(lookups.interventions.get(code, code))
    if details.get("version") and action.startswith("plan."):
        parts.append(f"version {details['version']}")
    for key, words in (("allowed", "named staff"), ("excluded", "excluded staff")):
        if details.get(key):
            parts.append(f"{words}: {', '.join(map(str, details[key]))}")
    if details.get("programme_pathway"):
        pathway = coded(ProgrammePathway, str(details["programme_pathway"]))
        parts.append(f"programme pathway {pathway.lower()}")
    if action == A.SUBJECT_ACCESS_EXPORTED:
        parts.append(_period(details.get("from"), details.get("to")))
    return "; ".join(p for p in parts if p)


def _period(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "everything held"
    if start and end:
        return f"{when_text(start)} to {when_text(end)}"
    return f"from {when_text(start)}" if start else f"up to {when_text(str(end))}"
