"""Recording a person's programme history (``domain/programme_history.py``).

Append-only: recording adds an entry, correcting adds an entry that supersedes an earlier one;
nothing is edited or deleted. Neither needs a revision nor bumps any part's: adding never
overwrites anything, so an officer's open window is not disturbed by a programme recorded.
Officers and prison staff record for the people they reach (``RECORD_PROGRAMME_HISTORY``);
an entry the referral workflow wrote is corrected only by the programme team;
whoever may open the record reads the history with it (``load_case_record``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from resettle.domain import clock
from resettle.domain.audit_actions import AuditAction
from resettle.domain.errors import ValidationFailed
from resettle.domain.permissions import Permission, PermissionDenied, require
from resettle.domain.programme_completion import ProgrammeHistoryEntry
from resettle.domain.programme_history import (
    EntrySource,
    ProgrammeHistoryInput,
    ProgrammeHistoryView,
    with_superseded_by,
)
from resettle.domain.programme_referral_workflow import WorkflowRoleGroup
from resettle.domain.staff import Actor
from resettle.domain.text_fields import STORED
from resettle.domain.validation import validate
from resettle.services import audit
from resettle.services.evidence_pack import active_pack
from resettle.services.person_access import changeable_person, reachable_person
from resettle.services.programme_referrals import groups_reaching
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.tables.people import PersonRow
from resettle.storage.tables.programme_history import ProgrammeHistoryRow

NEEDS = Permission.RECORD_PROGRAMME_HISTORY


def record_programme_entry(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    data: Mapping[str, Any] | ProgrammeHistoryInput,
    today: dt.date | None = None,
) -> int:
    """Add a programme to the person's history (recorded by hand); returns the entry's id."""
    return _append(actor, uow, person_id, data, None, today)


def correct_programme_entry(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    entry_id: int,
    data: Mapping[str, Any] | ProgrammeHistoryInput,
    today: dt.date | None = None,
) -> int:
    """Put an entry right: a new entry supersedes ``entry_id``, which stays on record. Only a
    current entry (one nothing supersedes yet) of this person can be corrected."""
    return _append(actor, uow, person_id, data, entry_id, today)


def programme_history(
    actor: Actor, uow: UnitOfWork, person_id: int
) -> tuple[ProgrammeHistoryView, ...]:
    """The person's programme history, superseded entries included (``current`` tells)."""
    require(actor, Permission.VIEW_PERSON)
    with uow:
        reachable_person(actor, uow, person_id, Permission.VIEW_PERSON)
        return load_programme_history(uow, person_id)


def load_programme_history(uow: UnitOfWork, person_id: int) -> tuple[ProgrammeHistoryView, ...]:
    """Internal loader (inside an open unit of work, after the reach check): every entry,
    oldest first, each marked with the entry that supersedes it. Where an entry the referral
    workflow wrote ran is named by the establishment's name (entries written before
    ``record_referral_ending`` stored the name hold its code: "LEI", not "HMP Leeds")."""
    rows = uow.programme_history.of_person(person_id)
    prisons: dict[str, str] = {}
    if any(row.source == EntrySource.REFERRAL.value and row.location for row in rows):
        prisons = {place.code: place.name for place in uow.staff.establishments()}
    return with_superseded_by(view_of(row, prisons) for row in rows)


def view_of(
    row: ProgrammeHistoryRow, prisons: Mapping[str, str] | None = None
) -> ProgrammeHistoryView:
    """The entry as read; ``prisons``: establishments' names by code, for where an entry the
    referral workflow wrote ran (a location typed by hand is shown as typed)."""
    location = row.location
    if prisons and location and row.source == EntrySource.REFERRAL.value:
        location = prisons.get(location, location)
    return ProgrammeHistoryView(
        id=row.id,
        entry=ProgrammeHistoryEntry.model_validate(
            {
                "programme_code": row.programme_code,
                "programme_name": row.programme_name,
                "setting": row.setting,
                "location": location,
                "started_on": row.started_on,
                "ended_on": row.ended_on,
                "expected_end_on": row.expected_end_on,
                "outcome": row.outcome,
                "reason_category": row.reason_category,
                "reason": row.reason,
                "evidence_intervention_id": row.evidence_intervention_id,
            },
            context=STORED,
        ),
        source=EntrySource(row.source),
        referral_id=row.referral_id,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        supersedes_id=row.supersedes_id,
    )


def _append(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    data: Mapping[str, Any] | ProgrammeHistoryInput,
    supersedes: int | None,
    today: dt.date | None,
) -> int:
    require(actor, NEEDS)
    given = validate(ProgrammeHistoryInput, data)
    problems = given.cross_field_problems(today or clock.today(), correcting=supersedes is not None)
    if problems:
        raise ValidationFailed(problems)
    entry = given.entry()
    with uow:
        person = changeable_person(actor, uow, person_id, NEEDS)
        if supersedes is not None:
            _check_correctable(uow, person_id, supersedes)
            _require_team_for_referral_entry(actor, uow, person, supersedes)
        if entry.evidence_intervention_id is not None:
            pack, _problems = active_pack(uow)
            if entry.evidence_intervention_id not in {i.id for i in pack.pack.interventions}:
                raise ValidationFailed.single(
                    "evidence_intervention_id",
                    "unknown",
                    "Evidence pack intervention: not an intervention of the evidence pack in use",
                )
        row = uow.programme_history.add(
            ProgrammeHistoryRow(
                person_id=person_id,
                **entry.model_dump(mode="python"),
                source=EntrySource.RECORDED.value,
                referral_id=None,
                supersedes_id=supersedes,
                recorded_by_id=actor.id,
                recorded_by=actor.display_name,
            )
        )
        details: dict[str, Any] = {
            "outcome": entry.outcome.value,
            "setting": entry.setting.value,
            "source": EntrySource.RECORDED.value,
            "evidence_linked": entry.evidence_intervention_id is not None,
        }
        if supersedes is None:
            audit.record(
                uow,
                actor,
                AuditAction.PROGRAMME_HISTORY_RECORDED,
                row.id,
                person_id=person_id,
                **details,
            )
        else:
            audit.record(
                uow,
                actor,
                AuditAction.PROGRAMME_HISTORY_CORRECTED,
                row.id,
                person_id=person_id,
                supersedes=supersedes,
                **details,
            )
        uow.commit()
        return row.id


def _require_team_for_referral_entry(
    actor: Actor, uow: UnitOfWork, person: PersonRow, entry_id: int
) -> None:
    """An entry the referral workflow wrote (how a referral ended, by rule) is superseded
    only by the programme team of a role reaching the person, never by a referrer: an officer
    or prison staff may not turn a deselection into a completion by hand."""
    original = uow.programme_history.entry(entry_id)
    if (
        original is not None
        and original.source == EntrySource.REFERRAL.value
        and WorkflowRoleGroup.PROGRAMME_TEAM not in groups_reaching(actor, uow, person)
    ):
        raise PermissionDenied(actor, Permission.MANAGE_PROGRAMME_REFERRALS)


def _check_correctable(uow: UnitOfWork, person_id: int, entry_id: int) -> None:
    original = uow.programme_history.entry(entry_id)
    if original is None or original.person_id != person_id:
        raise ValidationFailed.single(
            "supersedes_id", "unknown", "Corrects: not an entry of this person's history"
        )
    if uow.programme_history.superseding(entry_id) is not None:
        raise ValidationFailed.single(
            "supersedes_id",
            "already_superseded",
            "Corrects: this entry was already corrected; correct the newer entry",
        )
