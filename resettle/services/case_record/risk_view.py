"""Putting the risk picture together: OGRS3 (or why not), recorded scores, the one in use."""

from __future__ import annotations

import datetime as dt

from resettle.domain.case_record import Ogrs3Inputs, RiskView
from resettle.domain.errors import ValidationFailed
from resettle.domain.ogrs3 import Ogrs3Input, Ogrs3Result, compute_ogrs3
from resettle.domain.person import PersonInput
from resettle.domain.programme_needs import compute_pni
from resettle.domain.programme_needs_record import ProgrammeNeedsRecord, pni_input_for
from resettle.domain.recorded_risk import (
    ConfirmedRiskLevel,
    RecordedScore,
    RoshAssessment,
    select_score_in_use,
)
from resettle.storage.tables.risk import RiskProfileRow


def inputs_of(row: RiskProfileRow | None) -> Ogrs3Inputs:
    if row is None:
        return Ogrs3Inputs()
    return Ogrs3Inputs(
        conviction_date=row.conviction_date,
        first_sanction_date=row.first_sanction_date,
        previous_sanctions=row.previous_sanctions,
    )


def ogrs3_for(
    profile: PersonInput, inputs: Ogrs3Inputs, today: dt.date
) -> tuple[Ogrs3Result | None, tuple[str, ...]]:
    """The computed score, or the reasons it cannot be computed yet."""
    missing = [
        label
        for label, value in (
            ("Date of current conviction (Risk tab)", inputs.conviction_date),
            ("Date of first sanction (Risk tab)", inputs.first_sanction_date),
            ("Number of previous sanctions (Risk tab)", inputs.previous_sanctions),
            ("Index offence (Profile tab)", profile.offence_category),
            ("Release date (Profile tab)", profile.release_date),
        )
        if value is None
    ]
    if missing:
        return None, tuple(f"{label}: not recorded yet" for label in missing)
    try:
        result = compute_ogrs3(
            Ogrs3Input(
                date_of_birth=profile.date_of_birth,
                sex=profile.sex,
                conviction_date=inputs.conviction_date,  # type: ignore[arg-type]
                first_sanction_date=inputs.first_sanction_date,  # type: ignore[arg-type]
                previous_sanctions=inputs.previous_sanctions,  # type: ignore[arg-type]
                offence_category=profile.offence_category,  # type: ignore[arg-type]
                start_date=profile.release_date,  # type: ignore[arg-type]
            ),
            today=today,
        )
    except ValidationFailed as refused:
        return None, tuple(problem.message for problem in refused.problems)
    return result, ()


def confirmed_of(row: RiskProfileRow | None) -> ConfirmedRiskLevel | None:
    if row is None or row.confirmed_level is None or row.confirmed_at is None:
        return None
    return ConfirmedRiskLevel.model_validate(
        {
            "level": row.confirmed_level,
            "reason": row.confirmed_reason,
            "score_source": row.confirmed_score_source or "none",
            "score_band": row.confirmed_score_band,
            "confirmed_by": row.confirmed_by or "unknown",
            "confirmed_at": row.confirmed_at,
        }
    )


def risk_view(
    profile: PersonInput,
    row: RiskProfileRow | None,
    recorded: list[RecordedScore],
    rosh: RoshAssessment | None,
    today: dt.date,
    programme_needs: ProgrammeNeedsRecord | None = None,
) -> RiskView:
    """The risk picture; with ``programme_needs`` also the programme pathway they give."""
    inputs = inputs_of(row)
    computed, not_scored = ogrs3_for(profile, inputs, today)
    in_use = select_score_in_use(recorded, computed)
    pni = None
    if programme_needs is not None:
        pni = compute_pni(pni_input_for(profile.sex, programme_needs, in_use, recorded))
    return RiskView(
        inputs=inputs,
        ogrs3=computed,
        ogrs3_not_scored=not_scored,
        recorded=tuple(recorded),
        rosh=rosh,
        in_use=in_use,
        confirmed=confirmed_of(row),
        programme_needs=programme_needs or ProgrammeNeedsRecord(),
        pni=pni,
    )
