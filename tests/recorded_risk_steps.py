"""One person's risk recorded in full through the use cases (reconviction inputs, a score, a
risk of serious harm assessment, the confirmed level and a flag): for tests that need every
part of a record filled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from resettle.domain.case_flags import CaseFlag
from resettle.services.case_record import risk


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
    return int(run(risk.set_case_flags, person_id, revision, [CaseFlag.OPIOID_USE]))
