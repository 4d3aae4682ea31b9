"""Where a programme ran is named by the prison's name, on the person window's Programme
history (read through ``programme_history``) and on the officer's copy of the plan (user
trial: both showed "LEI", the code an entry the referral workflow wrote used to hold)."""

from __future__ import annotations

import datetime as dt

from resettle.services.plans import edit, printing
from resettle.services.programme_history import programme_history
from resettle.services.workspace import Workspace
from resettle.storage.tables.programme_history import ProgrammeHistoryRow
from tests.disclosures import FOR_THE_PERSON
from tests.reports.conftest import pdf_pages
from tests.services.held_case import ACTION, held_person


def _entry(person_id: int, name: str, location: str, source: str) -> ProgrammeHistoryRow:
    return ProgrammeHistoryRow(
        person_id=person_id,
        programme_code="BC-MOD",
        programme_name=name,
        setting="custody",
        location=location,
        started_on=dt.date(2026, 3, 2),
        ended_on=dt.date(2026, 6, 1),
        outcome="complete",
        source=source,
        referral_id=None,
        recorded_by_id=None,
        recorded_by="Tam Tutor",
        recorded_at=dt.datetime(2026, 6, 2, 9, tzinfo=dt.UTC),
    )


def test_where_a_programme_ran_is_the_prisons_name(workspace: Workspace) -> None:
    person_id, _prison = held_person(workspace)  # held at LEI, HMP Leeds
    with workspace.uow() as uow:
        # Written by the workflow before it stored the name; and one typed by hand.
        uow.programme_history.add(_entry(person_id, "Building Choices", "LEI", "referral"))
        uow.programme_history.add(_entry(person_id, "Kaizen", "LEI wing 3", "recorded"))
        uow.commit()
    history = programme_history(workspace.actor, workspace.uow(), person_id)
    assert [(v.entry.programme_name, v.entry.location) for v in history] == [
        ("Building Choices", "HMP Leeds"),
        ("Kaizen", "LEI wing 3"),  # as typed
    ]
    edit.save_plan(workspace.actor, workspace.uow(), person_id, None, [ACTION])
    pdf = printing.plan_pdf(
        workspace.actor,
        workspace.uow(),
        person_id,
        printing.PlanCopy.OFFICER,
        reason=FOR_THE_PERSON,
    )
    text = " ".join(" ".join(pdf_pages(pdf)).split())
    section = text[text.index("Programmes Programme Setting and where") :]
    section = section[: section.index("Evidence basis")]
    assert "Building Choices Custody HMP Leeds" in section
    assert "Building Choices Custody LEI" not in section
    assert "LEI wing 3" in section
