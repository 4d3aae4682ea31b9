"""Recording the programme needs identifier's items and SARA levels on the Risk tab.

Saved under the risk part's revision (the same tab, the same permission: ``EDIT_RISK``); read
back with the record (``read.load_case_record``), where the pathway is worked out with the
scores the Risk tab already holds. The audit row says how many items are answered and which
programme pathway they give: a count and a code, never the scores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from resettle.domain import clock
from resettle.domain.audit_actions import AuditAction
from resettle.domain.permissions import Permission
from resettle.domain.programme_needs_record import ITEM_FIELDS, ProgrammeNeedsRecord
from resettle.domain.record_parts import RecordPart
from resettle.domain.staff import Actor
from resettle.domain.text_fields import STORED
from resettle.domain.validation import validate
from resettle.services import audit, person_records
from resettle.services.case_record import mapping
from resettle.services.case_record.risk_view import risk_view
from resettle.services.person_access import commit_change, part_for_change, reachable_person
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.tables.programme_needs import ProgrammeNeedItemsRow


def programme_needs_of(row: ProgrammeNeedItemsRow | None) -> ProgrammeNeedsRecord:
    """The stored items (none stored: nothing answered)."""
    if row is None:
        return ProgrammeNeedsRecord()
    return ProgrammeNeedsRecord.model_validate(
        {
            **{name: getattr(row, name) for name in ITEM_FIELDS},
            "sara_partner": row.sara_partner,
            "sara_other": row.sara_other,
        },
        context=STORED,
    )


def save_programme_needs(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | ProgrammeNeedsRecord,
    today: dt.date | None = None,
) -> int:
    """Save the items and SARA levels (all of them: an item left out is not answered);
    returns the risk part's new revision."""
    record = validate(ProgrammeNeedsRecord, data)
    with uow:
        revision = part_for_change(
            actor, uow, person_id, RecordPart.RISK, expected_revision, Permission.EDIT_RISK
        )
        row = uow.case.programme_need_items(person_id)
        if row is None:
            row = ProgrammeNeedItemsRow(person_id=person_id)
            uow.case.add(row)
        for name in ITEM_FIELDS:
            setattr(row, name, getattr(record, name))
        row.sara_partner = record.sara_partner.value if record.sara_partner else None
        row.sara_other = record.sara_other.value if record.sara_other else None
        row.updated_by_id = actor.id
        row.updated_at = utc_now()
        view = risk_view(
            person_records.to_input(reachable_person(actor, uow, person_id, Permission.EDIT_RISK)),
            uow.case.risk_profile(person_id),
            [mapping.recorded_score(s) for s in uow.case.recorded_scores(person_id)],
            None,
            today or clock.today(),
            record,
        )
        assert view.pni is not None  # asked for with the items
        audit.record(
            uow,
            actor,
            AuditAction.RISK_PROGRAMME_NEEDS_SAVED,
            None,
            person_id=person_id,
            answered=record.answered,
            programme_pathway=view.pni.pathway.value,
        )
        return commit_change(uow, revision)
