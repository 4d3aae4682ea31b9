"""One person's risk recorded in full through the use cases (reconviction inputs, a score, a
risk of serious harm assessment, the confirmed level, a flag and the programme need items): for
tests that need every part of a record filled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from resettle.domain.case_flags import CaseFlag
from resettle.services.case_record import programme_needs, risk

#: Programme need items, every one answered, and a SARA level.
PROGRAMME_NEEDS: dict[str, Any] = {
    "sexual_preoccupation": 0,
    "offence_related_sexual_interests": 0,
    "emotional_congruence_with_children": 0,
    "pro_criminal_attitudes": 2,
    "hostile_orientation": 1,
    "current_relationship_with_family": 1,
    "previous_close_relationships": 2,
    "easily_influenced_by_criminals": 1,
    "aggressive_controlling_behaviour": 1,
    "impulsivity": 2,
    "temper_control": 1,
    "problem_solving_skills": 1,
    "difficulties_coping": 1,
    "sara_partner": "medium",
    "sara_other": None,
}


def record_risk_in_full(run: Callable[..., Any], person_id: int) -> int:
    """Returns the risk part's revision after the last step."""
    revision = run(
        risk.save_ogrs3_inputs,
        person_id,
        0,
        {
            "conviction_date": dt.date(2024, 1, 10),
            "first_sanction_date": dt.date(2006, 3, 1),
            "previous_sanctions": 12,
        },
    )
    revision = run(
        risk.record_score,
        person_id,
        revision,
        {"tool": "ogrs3", "percent": 81, "assessed_on": dt.date(2024, 3, 1), "source": "OASys"},
    )
    revision = run(
        risk.record_rosh,
        person_id,
        revision,
        {"assessed_on": dt.date(2024, 3, 1), "source": "OASys", "public": "medium"},
    )
    revision = run(
        risk.confirm_risk, person_id, revision, {"level": "medium", "reason": "Settled home."}
    )
    revision = run(risk.set_case_flags, person_id, revision, [CaseFlag.OPIOID_USE])
    return int(run(programme_needs.save_programme_needs, person_id, revision, PROGRAMME_NEEDS))
