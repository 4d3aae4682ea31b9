"""What the plan builder reads: the current plan version and the versions before it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from resettle.domain.plan import PlanState, PlanVersion
from resettle.domain.withheld import Withheld


class PlanVersionSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: int
    state: PlanState
    created_at: dt.datetime
    created_by: str
    agreed_at: dt.datetime | None = None
    issued_at: dt.datetime | None = None
    snapshot_sha256: str | None = None


class PlanView(BaseModel):
    """The plan as the builder shows it. The current version's actions linked to the record
    carry the status of what they are linked to (``domain/linked_actions.py``)."""

    model_config = ConfigDict(frozen=True)

    person_id: int
    person_name: str
    release_date: dt.date | None
    sentence_date: dt.date | None
    current: PlanVersion | None
    #: Pass back when saving: a save is refused if someone changed the plan since.
    revision: int | None
    versions: tuple[PlanVersionSummary, ...]
    accepted_interventions: tuple[str, ...] = ()
    #: After a save that ticked actions linked to the record: the parts of the record it
    #: changed (essentials, needs, a referral) with their new revisions, for the window to keep.
    record_revisions: dict[str, int] = {}
    #: ``plan_officer_text`` when the account may not see it: the current version's issued
    #: snapshot (the officer's copy) is then empty; its hash stays.
    withheld: frozenset[Withheld] = frozenset()

    @property
    def exists(self) -> bool:
        return self.current is not None
