"""The content of a subject access export: every section, built from the coverage map.

Internal loader: called inside the export's unit of work, after the access checks. Rows are
read table by table (``SubjectAccessRepository``), each column shown as ``coverage`` says;
staff are named by role and team, never by name. Items holding third-party information list
those keys under ``review_before_release``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from resettle.domain.audit_actions import AuditAction
from resettle.domain.disclosure_notes import note_ids, with_typed_text
from resettle.domain.staff import Role, roles_label
from resettle.domain.subject_access import Period, without_staff_names
from resettle.services.plans.prefill import app_wording
from resettle.services.subject_access.coverage import (
    PERSON_DATA,
    REVIEWED,
    SECTIONS,
    Exported,
    Section,
    Shown,
)
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.repositories.subject_access import (
    Row,
    StaffPlaces,
    SubjectAccessRepository,
)

PROFILE = Section("profile", "people", link="id", children=(Section("aliases", "person_aliases"),))
REVIEW_KEY = "review_before_release"
UNKNOWN_STAFF = "A member of staff"
#: A member of staff's teams and establishments named in full, at most; with more, the first
#: and how many others (a manager of many places would otherwise fill lines of every page).
PLACES_SHOWN = 2
#: Shown values that are ids of something named elsewhere (resolved once per export).
NAMED = (
    Shown.STAFF,
    Shown.TEAM,
    Shown.ESTABLISHMENT,
    Shown.PROVIDER,
    Shown.PROGRAMME,
    Shown.PROGRAMME_GROUP,
    Shown.PROGRAMME_SESSION,
)
#: A programme session's fields in the export, as the person knew the session.
SESSION_KEYS = ("programme", "group", "session", "starts_at", "ends_at")
#: What each audit row did to the record: seen, disclosed (printed or exported), or changed.
VIEWED = frozenset({AuditAction.PERSON_VIEWED.value})
DISCLOSED = frozenset(
    {
        AuditAction.PLAN_PRINTED.value,
        AuditAction.PERSON_DISCLOSED.value,
        AuditAction.SUBJECT_ACCESS_EXPORTED.value,
    }
)
#: Audit details naming members of staff by id (an access list's changes): named by role
#: and team like every other member of staff.
STAFF_LIST_DETAILS = ("allowed", "excluded")
#: Audit details that are free text typed by staff (a disclosure's justification and
#: recipient, read from its note): they may name third parties, so they are reviewed before
#: release.
TYPED_DETAILS = ("justification_text", "recipient")


@dataclass
class _Node:
    """A row read, with its children's rows by section name."""

    row: Row
    children: dict[str, list[_Node]] = field(default_factory=dict)


@dataclass
class _Names:
    """Who and what the rows name, resolved once for the whole export."""

    staff: dict[int, str] = field(default_factory=dict)
    teams: dict[int, str] = field(default_factory=dict)
    establishments: dict[int, str] = field(default_factory=dict)
    providers: dict[int, Row] = field(default_factory=dict)
    programmes: dict[int, str] = field(default_factory=dict)
    programme_groups: dict[int, str] = field(default_factory=dict)
    programme_sessions: dict[int, Row] = field(default_factory=dict)
    #: The evidence pack's intervention names by id (a recommended action's wording).
    interventions: Mapping[str, str] = field(default_factory=dict)


def staff_label(places: StaffPlaces, staff_id: int) -> str:
    """ "Probation officer, North Leeds PDU": a member of staff by role and places."""
    roles = [Role(r) for r in places.roles.get(staff_id, set()) if r in Role._value2member_map_]
    label = roles_label(roles) or UNKNOWN_STAFF
    where = places.places.get(staff_id, [])
    if not where:
        return label
    if len(where) <= PLACES_SHOWN:
        return f"{label}, {', '.join(where)}"
    others = len(where) - 1
    return f"{label}, {where[0]} (and {others} other teams or prisons)"


def build_content(
    uow: UnitOfWork,
    person_id: int,
    period: Period,
    exported_by: str,
    interventions: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The ``content`` object of the export (the HMPPS subject-access shape);
    ``interventions``, the evidence pack's names by id, tell which plan actions the app
    worded."""
    reader = uow.subject_access
    profile = _read(reader, PROFILE, [person_id])
    sections = {s.name: _read(reader, s, [person_id], period) for s in SECTIONS}
    audit_rows = [r for r in reader.audit_rows(person_id) if period.holds(r["at"])]
    notes = uow.disclosure_notes.by_id(person_id, note_ids(r["details"] or {} for r in audit_rows))
    audit_rows = [{**r, "details": with_typed_text(r["details"] or {}, notes)} for r in audit_rows]
    names = _names(uow, [profile, *sections.values()], audit_rows)
    names.interventions = interventions or {}
    content: dict[str, Any] = {
        "request": {
            "from": period.start.isoformat() if period.start else None,
            "to": period.end.isoformat() if period.end else None,
            "exported_by": exported_by,
            "dates": "inclusive, local time: From 00:00 to the end of To",
        },
        "profile": _item(PROFILE, profile[0], names),
    }
    for section in SECTIONS:
        content[section.name] = [_item(section, node, names) for node in sections[section.name]]
    content["audit"] = [_audit_item(row, names) for row in audit_rows]
    return content


def _read(
    reader: SubjectAccessRepository, section: Section, ids: list[Any], period: Period | None = None
) -> list[_Node]:
    """The section's rows linked to ``ids``, with their children; with a ``period``, the rows
    dated inside it and those with a child inside it."""
    nodes = [_Node(row) for row in reader.rows(section.table, section.link, ids)]
    for child in section.children:
        found = _read(reader, child, [node.row["id"] for node in nodes], period)
        for node in nodes:
            node.children[child.name] = [c for c in found if c.row[child.link] == node.row["id"]]
    if period is None or period.whole_record or section.dated_by is None:
        return nodes
    return [
        node
        for node in nodes
        if period.holds(node.row[section.dated_by])
        or any(node.children[child.name] for child in section.children if child.dated_by)
    ]


def _walk(section: Section, nodes: Iterable[_Node]) -> Iterable[tuple[Section, Row]]:
    for node in nodes:
        yield section, node.row
        for child in section.children:
            yield from _walk(child, node.children[child.name])


def _names(uow: UnitOfWork, read: list[list[_Node]], audit_rows: list[Row]) -> _Names:
    wanted: dict[Shown, set[int]] = {shown: set() for shown in NAMED}
    for section, nodes in zip((PROFILE, *SECTIONS), read, strict=True):
        for table_section, row in _walk(section, nodes):
            for column, coverage in PERSON_DATA[table_section.table].items():
                if (
                    isinstance(coverage, Exported)
                    and coverage.shown in NAMED
                    and row[column] is not None
                ):
                    wanted[coverage.shown].add(row[column])
    wanted[Shown.STAFF] |= {row["actor_id"] for row in audit_rows if row["actor_id"]}
    wanted[Shown.STAFF] |= {
        staff_id
        for row in audit_rows
        for key in STAFF_LIST_DETAILS
        for staff_id in (row["details"] or {}).get(key, ())
    }
    reader = uow.subject_access
    places = reader.staff_places(wanted[Shown.STAFF])
    return _Names(
        staff={i: staff_label(places, i) for i in wanted[Shown.STAFF]},
        teams=reader.names("teams", wanted[Shown.TEAM]),
        establishments=reader.names("establishments", wanted[Shown.ESTABLISHMENT]),
        providers=reader.providers(wanted[Shown.PROVIDER]),
        programmes=reader.names("programmes", wanted[Shown.PROGRAMME]),
        programme_groups=reader.names("programme_groups", wanted[Shown.PROGRAMME_GROUP]),
        programme_sessions=reader.programme_sessions(wanted[Shown.PROGRAMME_SESSION]),
    )


def _item(section: Section, node: _Node, names: _Names) -> dict[str, Any]:
    item: dict[str, Any] = {}
    review: list[str] = []
    for column, coverage in PERSON_DATA[section.table].items():
        if not isinstance(coverage, Exported):
            continue
        value = _shown(coverage.shown, node.row[column], names)
        item[coverage.key] = value
        if _reviewed(coverage.shown, node.row, names) and not _blank(value):
            review.append(coverage.key)
    for child in section.children:
        item[child.name] = [_item(child, c, names) for c in node.children[child.name]]
        if any(REVIEW_KEY in c for c in item[child.name]):
            review.append(child.name)
    if review:
        item[REVIEW_KEY] = review
    return item


def _reviewed(shown: Shown, row: Row, names: _Names) -> bool:
    """Whether a value may name other people: free text, contacts, providers, an issued
    plan, and a plan action's wording unless it is, word for word, what the app gives an
    action made from an essential or a recommendation (staff may have edited it since)."""
    if shown is Shown.ACTION_TEXT:
        worded = app_wording(
            row["source_essential_kind"], names.interventions.get(row["source_intervention_id"])
        )
        return worded is None or row["what"] != worded
    return shown in REVIEWED


def _shown(shown: Shown, value: Any, names: _Names) -> Any:
    if value is None:
        return None
    if shown is Shown.STAFF:
        return names.staff.get(value, UNKNOWN_STAFF)
    if shown is Shown.TEAM:
        return names.teams.get(value)
    if shown is Shown.ESTABLISHMENT:
        return names.establishments.get(value)
    if shown is Shown.PROGRAMME:
        return names.programmes.get(value)
    if shown is Shown.PROGRAMME_GROUP:
        return names.programme_groups.get(value)
    if shown is Shown.PROGRAMME_SESSION:
        session = names.programme_sessions.get(value, {})
        return {key: plain(session.get(key)) for key in SESSION_KEYS}
    if shown is Shown.PROVIDER:
        provider = names.providers.get(value, {})
        return {key: provider.get(key) for key in ("name", "phone", "email", "address")}
    if shown is Shown.DOCUMENT:
        return without_staff_names(json.loads(value)) if value else None
    return plain(value)


def plain(value: Any) -> Any:
    """A stored value as JSON holds it: dates and times in ISO 8601."""
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _audit_item(row: Row, names: _Names) -> dict[str, Any]:
    actor = row["actor_id"]
    details = dict(row["details"] or {})
    for key in STAFF_LIST_DETAILS:
        if key in details:
            details[key] = [names.staff.get(i, UNKNOWN_STAFF) for i in details[key]]
    item: dict[str, Any] = {
        "at": plain(row["at"]),
        "action": row["action"],
        "kind": _audit_kind(row["action"]),
        "by": names.staff.get(actor, UNKNOWN_STAFF) if actor else "Resettle",
        "entity_type": row["entity_type"],
        "entity_id": row["entity_id"],
        "details": details,
    }
    if any(details.get(key) for key in TYPED_DETAILS):
        item[REVIEW_KEY] = ["details"]
    return item


def _audit_kind(action: str) -> str:
    if action in VIEWED:
        return "viewed"
    return "disclosed" if action in DISCLOSED else "changed"


def _blank(value: Any) -> bool:
    """Nothing to review: empty, or a document or entry whose fields are all empty."""
    if isinstance(value, dict):
        return all(_blank(v) for v in value.values())
    return value in (None, "", [])
