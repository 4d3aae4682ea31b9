"""The words a subject access PDF uses for each exported field: its label and its value.

Labels come from the forms the app's screens are built on (each domain input model's field
``title``: "Linked to offending", "Risk to the public"), codes from the enums those fields are
typed with (their domain ``label``: "Finance and ID", "Support required"), and the plan's words
from ``reports/labels``, so the PDF says what the screens say. The JSON keeps the codes.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from resettle.domain.aftercare import ReferralInput, ReferralStatusChange
from resettle.domain.case_flags import CaseFlag
from resettle.domain.case_notes import CaseNoteInput
from resettle.domain.case_status import CaseClosureInput
from resettle.domain.essentials import ESSENTIAL_MODELS, EssentialBase, EssentialKind
from resettle.domain.needs import (
    PathwayNeedInput,
    SupportNeedInput,
    SupportNeedStatus,
    SupportNeedStatusChange,
)
from resettle.domain.ogrs3 import Ogrs3Input
from resettle.domain.outcome_checks import OutcomeCheckInput
from resettle.domain.person import PersonInput
from resettle.domain.plan import ActionOwner, ActionStatus, Agreement, PlanAction, PlanState
from resettle.domain.programme_attendance import AbsenceReason, AttendanceOutcome
from resettle.domain.programme_history import EntrySource, ProgrammeHistoryInput
from resettle.domain.programme_needs import ProgrammePathway
from resettle.domain.programme_needs_record import ProgrammeNeedsRecord
from resettle.domain.programme_referral_statuses import CATEGORIES, STATUSES
from resettle.domain.recorded_risk import RecordedScore, RoshAssessment, ScoreSource
from resettle.domain.retention import KeepDecisionInput
from resettle.domain.risk import RiskLevel
from resettle.domain.validation import field_label
from resettle.reports.labels import OWNER_OFFICER, STATE_LABELS, STATUS_OFFICER
from resettle.reports.text import NOT_RECORDED, date_time, short_date

NONE_HELD = "None held"

#: The forms behind each section (and nested list): their field titles and types.
FORMS: dict[str, tuple[type[BaseModel], ...]] = {
    "profile": (PersonInput,),
    "pathway_needs": (PathwayNeedInput,),
    "support_needs": (SupportNeedInput,),
    "support_needs.history": (SupportNeedStatusChange,),
    "essentials": (EssentialBase,),
    "referrals": (ReferralInput,),
    "referrals.history": (ReferralStatusChange,),
    "notes": (CaseNoteInput,),
    "risk_profile": (Ogrs3Input,),
    "recorded_scores": (RecordedScore,),
    "rosh_assessments": (RoshAssessment,),
    "programme_need_items": (ProgrammeNeedsRecord,),
    "plans": (Agreement,),
    "plans.actions": (PlanAction,),
    "case_closures": (CaseClosureInput,),
    "programme_history": (ProgrammeHistoryInput,),
    "outcome_checks": (OutcomeCheckInput,),
    "retention_reviews": (KeepDecisionInput,),
}
#: Exported fields no form names, or whose export key differs from the form's field.
LABELS: dict[str, str] = {
    "aliases": "Other names",
    "establishment": "Establishment",
    "team": "Team",
    "limited_access_case": "Limited-access case",
    "responsible_officer": "Responsible officer",
    "key_worker": "Prison key worker",
    "case_closed": "Case closed",
    "readiness_score": "Readiness score",
    "registered_at": "Registered",
    "updated_at": "Last changed",
    "updated_by": "Last changed by",
    "created_at": "Added",
    "author": "Written by",
    "kind": "Essential",
    "access_list.kind": "List",
    "details": "Details",
    "confirmed_level": "Confirmed risk level",
    "confirmed_reason": "Why this level",
    "confirmed_at": "Confirmed",
    "confirmed_score_source": "Score used",
    "confirmed_score_band": "Score band",
    "recorded_by": "Recorded by",
    "recorded_at": "Recorded",
    "flag": "Flag",
    "version": "Version",
    "state": "State",
    "agreed_at": "Agreed",
    "agreed_by_person": "Agreed by the person",
    "person_agreed_on": "The person agreed on",
    "person_agreed_how": "How the person agreed",
    "issued_at": "Issued",
    "issued_document": "Issued plan",
    "officer_notes": "Officer's notes",
    "what": "Action",
    "owner": "Owner",
    "due": "Due",
    "comes_from": "Made from",
    "intervention_id": "Intervention",
    "pack_version": "Evidence pack version",
    "rule_version": "Recommendation rules version",
    "accepted_at": "Accepted",
    "officer": "Officer",
    "previous_officer": "Previous officer",
    "allocated_by": "Allocated by",
    "allocated_at": "Allocated",
    "closed_by": "Closed by",
    "closed_at": "Closed",
    "reopened_by": "Reopened by",
    "reopened_at": "Reopened",
    "staff": "Member of staff",
    "set_by": "Set by",
    "set_at": "Set",
    "decision": "Decision",
    "decided_by": "Decided by",
    "decided_at": "Decided",
    "provider": "Provider",
    "changed_by": "Changed by",
    "changed_at": "Changed",
    "reason": "Reason",
    "programme_history.supersedes": "Corrects entry",
    "programme_history.source": "Came from",
    "outcome_checks.release_date": "For the release on",
    "outcome_checks.supersedes": "Corrects check",
    "programme_attendance.mark_number": "Correction of an earlier mark",
    "programme_attendance.outcome": "Attendance",
    "programme_attendance.absence_reason": "Reason for the absence",
    "programme_attendance.note": "Note",
    "programme_attendance.correction_reason": "Why corrected",
    "one_to_one_sessions.assigned_by": "Arranged by",
    "one_to_one_sessions.assigned_at": "Arranged",
}
#: Enums whose words the plan's printed copies already spell out.
PLAN_WORDS: dict[type[Enum], Mapping[Any, str]] = {
    ActionOwner: OWNER_OFFICER,
    ActionStatus: STATUS_OFFICER,
    PlanState: STATE_LABELS,
}
#: Exported fields whose code is one of these enums, where no form types them (by key, or
#: by "section.key" where the key means different things in different sections).
ENUMS: dict[str, type[Enum]] = {
    "support_needs.status": SupportNeedStatus,
    "confirmed_level": RiskLevel,
    "confirmed_score_source": ScoreSource,
    "confirmed_score_band": RiskLevel,
    "kind": EssentialKind,
    "state": PlanState,
    "flag": CaseFlag,
    "owner": ActionOwner,
    "programme_history.source": EntrySource,
}


def _programme_words() -> dict[str, Mapping[str, str]]:
    """A programme referral's statuses, categories and reasons as the workflow words them
    (as seeded), and the programme pathway."""
    statuses = {status.code: status.label for status in STATUSES}
    categories = {category.code: category.label for category in CATEGORIES}
    reasons = {r.code: r.label for category in CATEGORIES for r in category.reasons}
    history = "programmes.history"
    return {
        "programmes.status": statuses,
        "programmes.programme_pathway": {p.value: p.label for p in ProgrammePathway},
        f"{history}.from_status": statuses,
        f"{history}.to_status": statuses,
        f"{history}.category": categories,
        f"{history}.reason": reasons,
        f"{history}.override_reason": reasons,
    }


#: Attendance marks in the register's words (``ui/programmes/register_labels``).
ATTENDANCE_WORDS: dict[str, Mapping[str, str]] = {
    "programme_attendance.outcome": {
        AttendanceOutcome.ATTENDED_COMPLIED: "Attended and complied",
        AttendanceOutcome.ATTENDED_FAILED_TO_COMPLY: "Attended, failed to comply",
        AttendanceOutcome.ACCEPTABLE_ABSENCE: "Acceptable absence",
        AttendanceOutcome.UNACCEPTABLE_ABSENCE: "Unacceptable absence",
    },
    "programme_attendance.absence_reason": {
        AbsenceReason.ILLNESS_OR_MEDICAL: "Illness or medical",
        AbsenceReason.LEGAL_VISIT_OR_COURT: "Legal visit or court",
        AbsenceReason.REGIME_OR_LOCKDOWN: "Regime or lockdown",
        AbsenceReason.FAMILY_EMERGENCY: "Family emergency",
        AbsenceReason.OTHER: "Other",
    },
}


#: Codes no enum holds, in the words of the screen that sets them (the access dialog's
#: lists; the retention review's decision), by "section.key".
STORED_WORDS: dict[str, Mapping[str, str]] = {
    "access_list.kind": {
        "allowed": "Named staff (the only ones who reach them)",
        "excluded": "Excluded staff (never reach them)",
    },
    "retention_reviews.decision": {"keep": "Keep the record until the next review"},
    **_programme_words(),
    **ATTENDANCE_WORDS,
}


@dataclass(frozen=True)
class Lookups:
    """Names for codes held in data rather than enums: the support-need catalogue's labels
    and the evidence pack's intervention names."""

    support_needs: Mapping[str, str] = field(default_factory=dict)
    interventions: Mapping[str, str] = field(default_factory=dict)


def words(value: Enum) -> str:
    """An enum member as the screens write it: its domain label, else its code in words."""
    spelled = PLAN_WORDS.get(type(value), {}).get(value)
    if spelled:
        return spelled
    text = getattr(value, "label", None)
    if isinstance(text, str):
        return text
    return str(value.value).replace("_", " ").capitalize()


def title(section: str, key: str) -> str:
    """The label of ``key`` in ``section`` ("support_needs.history" for a nested list)."""
    for form in FORMS.get(section, ()):
        for name in (key, f"{key}_id"):
            if name in form.model_fields and form.model_fields[name].title:
                return field_label(form, name)
    return LABELS.get(f"{section}.{key}") or LABELS.get(key) or key.replace("_", " ").capitalize()


def _enum_of(section: str, key: str) -> type[Enum] | None:
    for form in FORMS.get(section, ()):
        enum = _enum_in(form, key)
        if enum is not None:
            return enum
    return ENUMS.get(f"{section}.{key}") or ENUMS.get(key)


def _enum_in(form: type[BaseModel], key: str) -> type[Enum] | None:
    """The enum a form's field is typed with (``Pathway``, ``RiskLevel | None``), if any."""
    info = form.model_fields.get(key)
    if info is None:
        return None
    annotation = info.annotation
    kinds = get_args(annotation) if get_origin(annotation) in (Union, types.UnionType) else ()
    for kind in (annotation, *kinds):
        if isinstance(kind, type) and issubclass(kind, Enum):
            return kind
    return None


def coded(enum: type[Enum] | None, value: str) -> str:
    """A stored code in words; a code the enum no longer holds, as it is."""
    if enum is None:
        return value
    try:
        return words(enum(value))
    except ValueError:
        return value


def value_text(section: str, key: str, value: Any) -> str:
    """A field's value as the reader should see it."""
    if value is None or value == "" or value == []:
        return NOT_RECORDED
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Mapping):
        return mapping_text(value)
    if isinstance(value, list):
        return ", ".join(value_text(section, key, v) for v in value)
    if isinstance(value, str) and f"{section}.{key}" in STORED_WORDS:
        return STORED_WORDS[f"{section}.{key}"].get(value, value)
    if isinstance(value, str):
        enum = _enum_of(section, key)
        return coded(enum, value) if enum else when_text(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def mapping_text(value: Mapping[str, Any]) -> str:
    """A provider's directory entry: its filled fields, one after another."""
    shown = [str(v) for v in value.values() if v not in (None, "")]
    return "; ".join(shown) or NOT_RECORDED


def essential_details(kind: str, details: Mapping[str, Any] | None) -> str:
    """An essential's details with its form's labels: "Type of ID: Birth certificate"."""
    try:
        form: type[BaseModel] = ESSENTIAL_MODELS[EssentialKind(kind)]
    except ValueError:
        form = EssentialBase
    parts = []
    for key, value in (details or {}).items():
        if value in (None, ""):
            continue
        enum = _enum_in(form, key)
        shown = coded(enum, value) if enum and isinstance(value, str) else when_text(str(value))
        parts.append(f"{field_label(form, key)}: {shown}")
    return "; ".join(parts) or NOT_RECORDED


def when_text(value: str) -> str:
    """ISO dates and times as the app prints them ("9 Mar 2027", "2 Dec 2026 12:30", local
    time); "11:00:00" as "11:00"; other text as it is."""
    try:
        if len(value) == 10 and value[4] == "-":
            return short_date(dt.date.fromisoformat(value))
        if len(value) > 18 and value[10] == "T":
            return date_time(dt.datetime.fromisoformat(value).astimezone())
        if len(value) == 8 and value[2] == ":" and value[5] == ":":
            return value[:5]
    except ValueError:
        pass
    return value
