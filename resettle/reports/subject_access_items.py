"""Each exported item made readable: its title, its fields (label, words) and its nested tables.

Fields a reader cannot use (row ids, list positions, hashes) are left out; those that only
make sense together are joined (a plan action's due date, where it came from); ids that point
at other items are replaced by what they point at (a correction names the note it corrects).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from resettle.domain.action_repeats import REPEAT_COLUMNS, WEEKDAY_NAMES
from resettle.domain.aftercare import ServiceType
from resettle.domain.essentials import EssentialKind
from resettle.domain.outcome_checks import CheckPoint
from resettle.domain.pathways import Pathway
from resettle.domain.plan import DueDate, PlanState, due_phrase
from resettle.reports.labels import due_officer
from resettle.reports.subject_access_fields import (
    Lookups,
    coded,
    essential_details,
    title,
    value_text,
    when_text,
)
from resettle.reports.text import NOT_RECORDED

REVIEW_KEY = "review_before_release"
#: Fields the JSON keeps for machines that a reader has no use for, by section.
HIDDEN: dict[str, frozenset[str]] = {
    "support_needs": frozenset({"id"}),
    "referrals": frozenset({"id"}),
    "notes": frozenset({"id"}),
    "programme_history": frozenset({"id", "referral_id"}),
    "outcome_checks": frozenset({"id"}),
    "programme_attendance": frozenset({"id", "referral_id"}),
    "programmes": frozenset({"id"}),
    "programmes.history": frozenset({"id", "seconds_at_previous", "corrects"}),
    "plans": frozenset({"snapshot_sha256"}),
    "plans.actions": frozenset(
        {
            "position",
            "due_kind",
            "due_on",
            "due_offset_days",
            "due_pinned",
            *REPEAT_COLUMNS,
            "source_intervention_id",
            "source_support_need_id",
            "source_essential_kind",
            "source_referral_id",
        }
    ),
}
#: Sections whose items name a programme session (shown as its programme, group, name and
#: time, never its id).
SESSION_SECTIONS = frozenset({"programme_attendance", "one_to_one_sessions"})
SESSION_LABELS = (
    ("programme", "Programme"),
    ("group", "Group"),
    ("session", "Session"),
    ("when", "When"),
)
ISSUED_DOCUMENT = "The plan as issued: its full contents are in the JSON file."
#: Nested tables: title and column widths (fractions), by section.
TABLES: dict[str, tuple[str, tuple[float, ...]]] = {
    "support_needs.history": ("Status history", (0.27, 0.19, 0.14, 0.14, 0.26)),
    "referrals.history": ("Status history", (0.27, 0.19, 0.14, 0.14, 0.26)),
    "plans.actions": ("Actions", (0.16, 0.31, 0.1, 0.14, 0.11, 0.18)),
    "programmes.history": ("Status history", (0.13, 0.13, 0.09, 0.09, 0.09, 0.15, 0.17, 0.15)),
    "programmes.group_places": ("Places in programme groups", (0.25, 0.25, 0.25, 0.25)),
}


@dataclass
class Shown:
    """Names for codes, and what ids point at (a correction's note, by its id)."""

    content: Mapping[str, Any]
    lookups: Lookups
    notes: dict[Any, str] = field(default_factory=dict)
    #: Programme history entries' recording times, by id (a correction names the entry).
    programme_entries: dict[Any, str] = field(default_factory=dict)
    #: Outcome checks' recording times, by id (a correction names the check).
    outcome_checks: dict[Any, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for note in self.content.get("notes", []):
            self.notes[note.get("id")] = when_text(str(note.get("created_at")))
        for entry in self.content.get("programme_history", []):
            self.programme_entries[entry.get("id")] = when_text(str(entry.get("recorded_at")))
        for check in self.content.get("outcome_checks", []):
            self.outcome_checks[check.get("id")] = when_text(str(check.get("recorded_at")))

    def need_label(self, code: Any) -> str:
        if not code:
            return NOT_RECORDED
        return self.lookups.support_needs.get(code) or str(code).replace("_", " ").capitalize()


def item_title(section: str, item: Mapping[str, Any], shown: Shown) -> str | None:
    """The heading of one item, naming it ("Accommodation", "Plan version 2: Agreed")."""
    if section == "pathway_needs":
        return coded(Pathway, str(item.get("pathway")))
    if section == "support_needs":
        return shown.need_label(item.get("code"))
    if section == "essentials":
        return coded(EssentialKind, str(item.get("kind")))
    if section == "referrals":
        return _referral_title(item)
    if section == "notes":
        correction = " (a correction)" if item.get("corrects_note") else ""
        return f"Note written {when_text(str(item.get('created_at')))}{correction}"
    if section == "plans":
        return f"Plan version {item.get('version')}: {coded(PlanState, str(item.get('state')))}"
    if section == "programmes":
        return str(item.get("programme") or "Programme")
    if section == "programme_history":
        return str(item.get("programme_name") or "Programme")
    if section == "outcome_checks":
        return f"{coded(CheckPoint, str(item.get('point')))} after release"
    if section in SESSION_SECTIONS:
        session = item.get("session") or {}
        named = [str(session[k]) for k in ("programme", "session") if session.get(k)]
        return ": ".join(named) or "Programme session"
    if section == "recommendations_accepted":
        code = str(item.get("intervention_id"))
        return shown.lookups.interventions.get(code, code)
    return None


def _referral_title(referral: Mapping[str, Any]) -> str:
    service = coded(ServiceType, str(referral.get("service_type")))
    provider = (referral.get("provider") or {}).get("name")
    return f"{service}: {provider}" if provider else service


def readable_item(
    section: str, item: Mapping[str, Any], shown: Shown
) -> tuple[list[tuple[str, str, str]], list[tuple[str, list[Mapping[str, Any]]]]]:
    """(key, label, words) for each field shown, and the nested lists by name."""
    hidden = HIDDEN.get(section, frozenset())
    fields: list[tuple[str, str, str]] = []
    nested: list[tuple[str, list[Mapping[str, Any]]]] = []
    for key, value in item.items():
        if key == REVIEW_KEY or key in hidden:
            continue
        if section in SESSION_SECTIONS and key == "session":
            fields += session_fields(value or {})
        elif key == "aliases":
            names = ", ".join(str(a.get("name")) for a in value) if value else "None"
            fields.append((key, title(section, key), names))
        elif isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
            nested.append((key, value))
        else:
            fields.append((key, title(section, key), _field_text(section, key, value, item, shown)))
    return fields, nested


def session_fields(session: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """A programme session as the person knew it: programme, group, session and when."""
    shown = {
        "programme": session.get("programme"),
        "group": session.get("group"),
        "session": session.get("session"),
        "when": session_time(session.get("starts_at"), session.get("ends_at")),
    }
    return [
        (f"session.{key}", label, str(shown[key]) if shown[key] else NOT_RECORDED)
        for key, label in SESSION_LABELS
    ]


def session_time(starts_at: Any, ends_at: Any) -> str | None:
    """ "2 Nov 2026 09:00 to 10:00" (local time); the end's date too when it differs."""
    if not starts_at:
        return None
    starts = when_text(str(starts_at))
    if not ends_at:
        return starts
    ends = when_text(str(ends_at))
    day, _, time = ends.rpartition(" ")
    return f"{starts} to {time}" if starts.startswith(f"{day} ") else f"{starts} to {ends}"


def _field_text(section: str, key: str, value: Any, item: Mapping[str, Any], shown: Shown) -> str:
    if section == "support_needs" and key == "code":
        return shown.need_label(value)
    if section == "essentials" and key == "details":
        return essential_details(str(item.get("kind")), value)
    if section == "notes" and key == "corrects_note":
        return f"The note written {shown.notes.get(value, '')}".strip() if value else "No"
    if section == "plans" and key == "issued_document":
        return ISSUED_DOCUMENT if value is not None else NOT_RECORDED
    if section == "recommendations_accepted" and key == "intervention_id":
        return shown.lookups.interventions.get(value, str(value))
    if section == "programme_history" and key == "supersedes":
        if not value:
            return "No"
        return f"The entry recorded {shown.programme_entries.get(value, '')}".strip()
    if section == "outcome_checks" and key == "supersedes":
        if not value:
            return "No"
        return f"The check recorded {shown.outcome_checks.get(value, '')}".strip()
    if section == "programme_attendance" and key == "mark_number":
        return "No" if value in (None, 1) else "Yes"
    return value_text(section, key, value)


def readable_rows(
    section: str, rows: Sequence[Mapping[str, Any]], shown: Shown
) -> tuple[str, list[str], tuple[float, ...], list[list[tuple[str, bool]]]]:
    """A nested list as a table: its title, column headers, widths and (words, review) cells."""
    prepared = [_action(row) for row in rows] if section == "plans.actions" else rows
    hidden = HIDDEN.get(section, frozenset())
    keys = [k for k in (prepared[0] if prepared else {}) if k != REVIEW_KEY and k not in hidden]
    name, fractions = TABLES.get(
        section, (title(*section.rsplit(".", 1)), tuple(1 / max(len(keys), 1) for _ in keys))
    )
    headers = [title(section, key) for key in keys]
    body = [
        [
            (value_text(section, key, row.get(key)), key in set(row.get(REVIEW_KEY, ())))
            for key in keys
        ]
        for row in prepared
    ]
    return name, headers, fractions, body


def _action(row: Mapping[str, Any]) -> dict[str, Any]:
    """A plan action with its due date and its source each in one field, in words."""
    return {
        "pathway": row.get("pathway"),
        "what": row.get("what"),
        "owner": row.get("owner"),
        "due": _due(row),
        "status": row.get("status"),
        "comes_from": _source(row),
        REVIEW_KEY: row.get(REVIEW_KEY, []),
    }


def _due(row: Mapping[str, Any]) -> str:
    """When the action is due, and how it repeats if it does."""
    return _once(row, "due") + _repeats(row)


def _once(row: Mapping[str, Any], prefix: str) -> str:
    """A due date (prefix "due") or a repeat's end (prefix "repeat_ends") in words."""
    kind, on, offset = (row.get(f"{prefix}_{k}") for k in ("kind", "on", "offset_days"))
    if kind == "absolute" and on:
        return when_text(str(on))
    if kind == "relative" and offset is not None:
        phrase = due_officer(*due_phrase(DueDate.relative(int(offset))))
        return phrase + (", kept on that exact day" if row.get(f"{prefix}_pinned") else "")
    return "No date set"


def _repeats(row: Mapping[str, Any]) -> str:
    """'; repeats every week on Tuesday morning, to 56 days after release' ("" for once)."""
    if not row.get("repeat_every") or row.get("repeat_weekday") is None:
        return ""
    every = "every week" if row["repeat_every"] == "week" else "every other week"
    day = WEEKDAY_NAMES[int(row["repeat_weekday"])]
    part = f" {row['repeat_part_of_day']}" if row.get("repeat_part_of_day") else ""
    until = row.get("repeat_until")
    ends = _once(row, "repeat_ends")
    end = f"until {until}" if until else f"to {ends[0].lower()}{ends[1:]}"
    return f"; repeats {every} on {day}{part}, {end}"


def _source(row: Mapping[str, Any]) -> str:
    """What the action was made from (its wording says which one), or "Added by staff"."""
    if row.get("source_essential_kind"):
        return "Essential"
    if row.get("source_support_need_id") is not None:
        return "Support need"
    if row.get("source_referral_id") is not None:
        return "Referral"
    if row.get("source_intervention_id"):
        return "Recommendation"
    return "Added by staff"
