"""Recording release-day essentials; keeps the person's open counts for the readiness column.

The current plan's actions linked to the essential take its status in the same transaction
(``follow_sources``). "Done" dated after today is refused, naming the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from resettle.domain import clock
from resettle.domain.essentials import Essential, check_done_date, parse_essential
from resettle.domain.record_parts import RecordPart
from resettle.domain.staff import Actor
from resettle.services.case_record.staging import stage_essential
from resettle.services.person_access import commit_change, part_for_change
from resettle.services.plans.linked import follow_sources
from resettle.services.unit_of_work import UnitOfWork


def save_essential(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | Essential,
    today: dt.date | None = None,
) -> int:
    """Save one essential (its kind is in the data); returns the essentials' new revision."""
    raw = data.model_dump() if not isinstance(data, Mapping) else dict(data)
    essential = parse_essential(raw)
    check_done_date(essential, today or clock.today())
    with uow:
        revision = part_for_change(actor, uow, person_id, RecordPart.ESSENTIALS, expected_revision)
        stage_essential(uow, actor, person_id, essential)
        follow_sources(uow, actor, person_id)
        return commit_change(uow, revision)
