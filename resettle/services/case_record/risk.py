"""Recording risk: OGRS3 inputs, scores from other tools, RoSH, the confirmed level, flags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from resettle.domain import clock
from resettle.domain.audit_actions import AuditAction
from resettle.domain.case_flags import CaseFlag
from resettle.domain.case_record import Ogrs3Inputs
from resettle.domain.given_values import choices
from resettle.domain.permissions import Permission
from resettle.domain.record_parts import RecordPart
from resettle.domain.recorded_risk import (
    RecordedScore,
    RiskConfirmationInput,
    RoshAssessment,
    confirm_risk_level,
)
from resettle.domain.staff import Actor
from resettle.domain.validation import validate
from resettle.services import audit, person_records
from resettle.services.case_record import mapping
from resettle.services.case_record.risk_view import risk_view
from resettle.services.person_access import commit_change, part_for_change, reachable_person
from resettle.services.unit_of_work import UnitOfWork
from resettle.storage.base import utc_now
from resettle.storage.tables.risk import RecordedScoreRow, RiskProfileRow, RoshRow


def _profile_row(uow: UnitOfWork, person_id: int) -> RiskProfileRow:
    row = uow.case.risk_profile(person_id)
    if row is None:
        row = RiskProfileRow(person_id=person_id, confirmed_reason="", confirmed_by="")
        uow.case.add(row)
    return row


def _changing(actor: Actor, uow: UnitOfWork, person_id: int, expected_revision: int) -> int:
    return part_for_change(
        actor, uow, person_id, RecordPart.RISK, expected_revision, Permission.EDIT_RISK
    )


def save_ogrs3_inputs(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | Ogrs3Inputs,
) -> int:
    inputs = validate(Ogrs3Inputs, data)
    with uow:
        revision = _changing(actor, uow, person_id, expected_revision)
        row = _profile_row(uow, person_id)
        row.conviction_date = inputs.conviction_date
        row.first_sanction_date = inputs.first_sanction_date
        row.previous_sanctions = inputs.previous_sanctions
        audit.record(uow, actor, AuditAction.RISK_INPUTS_SAVED, None, person_id=person_id)
        return commit_change(uow, revision)


def record_score(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | RecordedScore,
) -> int:
    score = validate(RecordedScore, data)
    with uow:
        revision = _changing(actor, uow, person_id, expected_revision)
        uow.case.add(
            RecordedScoreRow(
                person_id=person_id,
                tool=score.tool.value,
                percent=score.percent,
                level=score.level.value if score.level else None,
                assessed_on=score.assessed_on,
                source=score.source,
                recorded_by_id=actor.id,
            )
        )
        audit.record(
            uow,
            actor,
            AuditAction.RISK_SCORE_RECORDED,
            None,
            person_id=person_id,
            tool=score.tool.value,
        )
        return commit_change(uow, revision)


def record_rosh(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | RoshAssessment,
) -> int:
    rosh = validate(RoshAssessment, data)
    with uow:
        revision = _changing(actor, uow, person_id, expected_revision)
        levels = rosh.model_dump(mode="json", exclude={"assessed_on", "source"})
        uow.case.add(
            RoshRow(
                person_id=person_id,
                assessed_on=rosh.assessed_on,
                source=rosh.source,
                recorded_by_id=actor.id,
                **levels,
            )
        )
        audit.record(uow, actor, AuditAction.RISK_ROSH_RECORDED, None, person_id=person_id)
        return commit_change(uow, revision)


def confirm_risk(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    data: Mapping[str, Any] | RiskConfirmationInput,
    today: dt.date | None = None,
) -> int:
    """Confirm a level; a reason is required when it differs from the score in use."""
    wanted = validate(RiskConfirmationInput, data)
    with uow:
        revision = _changing(actor, uow, person_id, expected_revision)
        row = _profile_row(uow, person_id)
        recorded = [mapping.recorded_score(s) for s in uow.case.recorded_scores(person_id)]
        view = risk_view(
            person_records.to_input(reachable_person(actor, uow, person_id, Permission.EDIT_RISK)),
            row,
            recorded,
            mapping.rosh(uow.case.latest_rosh(person_id)),
            today or clock.today(),
        )
        confirmed = confirm_risk_level(
            wanted, view.in_use, confirmed_by=actor.display_name, confirmed_at=utc_now()
        )
        row.confirmed_level = confirmed.level.value
        row.confirmed_reason = confirmed.reason
        row.confirmed_by = confirmed.confirmed_by
        row.confirmed_at = confirmed.confirmed_at
        row.confirmed_score_source = confirmed.score_source.value
        row.confirmed_score_band = confirmed.score_band.value if confirmed.score_band else None
        audit.record(
            uow,
            actor,
            AuditAction.RISK_LEVEL_CONFIRMED,
            None,
            person_id=person_id,
            level=confirmed.level.value,
            differs=confirmed.differs_from_score,
        )
        return commit_change(uow, revision)


def set_case_flags(
    actor: Actor,
    uow: UnitOfWork,
    person_id: int,
    expected_revision: int,
    flags: Iterable[CaseFlag | str],
) -> int:
    chosen = {flag.value for flag in choices(CaseFlag, flags, "flags")}
    with uow:
        revision = _changing(actor, uow, person_id, expected_revision)
        uow.case.replace_flags(person_id, chosen)
        audit.record(
            uow,
            actor,
            AuditAction.RISK_FLAGS_SET,
            None,
            person_id=person_id,
            flags=sorted(chosen),
        )
        return commit_change(uow, revision)
