"""Building people and plans for the plan GUI tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from resettle.domain import clock
from resettle.services.people import register_person
from resettle.services.plans import edit
from resettle.services.workspace import Workspace
from tests.factories import person_data

TODAY = clock.today()
RELEASE = TODAY + dt.timedelta(days=30)
SENTENCE = TODAY - dt.timedelta(days=400)


def register(
    workspace: Workspace, number: int = 0, release_date: dt.date = RELEASE, **overrides: Any
) -> int:
    data = person_data(
        prison_number=f"A{1234 + number}BC",
        crn=f"X{123456 + number}",
        pnc_number=None,
        release_date=release_date,
        licence_end_date=release_date + dt.timedelta(days=365),
        sentence_date=SENTENCE,
        responsible_officer_id=workspace.actor.id,
        **overrides,
    )
    return register_person(workspace.actor, workspace.uow(), data).id


def action(what: str = "Confirm the hostel bed", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pathway": "accommodation",
        "what": what,
        "owner": "probation",
        "due": {"kind": "relative", "offset_days": -7},
    }
    data.update(overrides)
    return data


def with_plan(workspace: Workspace, person_id: int, count: int = 3) -> None:
    edit.save_plan(
        workspace.actor,
        workspace.uow(),
        person_id,
        None,
        [action(f"Action number {i + 1}") for i in range(count)],
    )
