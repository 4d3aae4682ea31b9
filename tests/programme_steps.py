"""A referral taken through its assessment, as the programme team does before it gives the
referral a group place (a place is given only to a referral assessed as suitable, or suitable
but not ready: ``services/programme_referral_places.py``). One helper for every test that
gives a place, so none skips the assessment and none copies the steps.

``run`` calls a use case as the programme team: a signed-in ``Workspace.run``, or
:func:`acting` over an actor and a unit-of-work factory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from resettle.domain.staff import Actor
from resettle.services.programme_referrals import move_referral
from resettle.services.unit_of_work import UnitOfWork

Runner = Callable[..., Any]

#: The moves of the assessment, from a submitted referral.
ASSESSMENT = ("awaiting_assessment", "assessment_started")
#: The override a person with no need items recorded (no programme pathway) needs to be
#: assessed as suitable for a graded programme such as BC-MOD.
NO_PATHWAY_OVERRIDE = "override_missing_information"


def acting(actor: Actor, uow: Callable[[], UnitOfWork]) -> Runner:
    """A runner calling each use case as ``actor`` with a fresh unit of work."""

    def run(use_case: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return use_case(actor, uow(), *args, **kwargs)

    return run


def assess_as_suitable(
    run: Runner,
    referral: int,
    revision: int,
    *,
    override_reason: str | None = NO_PATHWAY_OVERRIDE,
    today: dt.date | None = None,
    at: str = "submitted",
) -> int:
    """Move a referral from ``at`` (submitted, or a status of :data:`ASSESSMENT`) through
    its assessment to assessed as suitable (with ``override_reason``, or None for a programme
    that fits the person's pathway or is not graded); returns the referral's revision."""
    remaining = ASSESSMENT[ASSESSMENT.index(at) + 1 :] if at in ASSESSMENT else ASSESSMENT
    for status in remaining:
        revision = run(move_referral, referral, revision, {"to_status": status}, today=today)
    suitable: dict[str, Any] = {"to_status": "assessed_suitable"}
    if override_reason is not None:
        suitable["override_reason"] = override_reason
    return int(run(move_referral, referral, revision, suitable, today=today))
