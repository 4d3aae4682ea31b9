"""The fully recorded person's programme attendance: referred, given a place in a group at a
prison, a one-to-one session tied to her place, and both sessions' registers saved with notes
(``full_person.populate_everything`` calls :func:`attend_a_programme`)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from resettle.domain.programme_attendance import RegisterRow
from resettle.domain.staff import Role
from resettle.services.programme_attendance import (
    assign_one_to_one,
    record_attendance,
    register_for_session,
)
from resettle.services.programme_referral_places import give_group_place
from resettle.services.programme_referrals import refer_to_programme
from resettle.services.workspace import Workspace
from resettle.storage.tables.programme_referrals import ProgrammeGroupMemberRow
from resettle.storage.tables.programmes import (
    ProgrammeGroupRow,
    ProgrammeOfferingRow,
    ProgrammeSessionRow,
)
from resettle.storage.tables.staff import EstablishmentRow
from tests.accounts import workspace_as
from tests.programme_steps import assess_as_suitable

STARTS = dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC)


def attend_a_programme(workspace: Workspace, pid: int) -> None:
    with workspace.uow() as uow:
        person = uow.people.get(pid)
        assert person is not None
        prison = person.establishment_id  # where her referral's programme team works
        if prison is None:
            prison = uow.staff.add_establishment(EstablishmentRow(code="FPP", name="HMP Full")).id
            person.establishment_id = prison
        programme = uow.programmes.programme_by_code("BC-HIGH")
        assert programme is not None
        offering = ProgrammeOfferingRow(programme_id=programme.id, establishment_id=prison)
        uow.programmes.add(offering)
        group = ProgrammeGroupRow(
            offering_id=offering.id,
            code="FULL-1",
            capacity=12,
            starts_on=STARTS.date(),
            ends_on=STARTS.date() + dt.timedelta(days=90),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        uow.commit()
        group_id = group.id
    team = workspace_as(workspace, Role.PROGRAMME_TEAM, establishment_id=prison)
    referral = workspace.run(refer_to_programme, pid, {"programme_code": "BC-HIGH"})
    # BC-HIGH fits the person's pathway (high intensity, from the need items recorded).
    revision = assess_as_suitable(team.run, referral, 1, override_reason=None)
    # The place is given before the sessions are planned (a place is given only in a group
    # with a session to come), then dated before them.
    team.run(give_group_place, referral, revision, group_id)
    with workspace.uow() as uow:
        for place in uow.session.scalars(
            select(ProgrammeGroupMemberRow).where(ProgrammeGroupMemberRow.person_id == pid)
        ):
            place.joined_at = STARTS - dt.timedelta(days=3)
        sessions = []
        for number, kind in enumerate(("group", "one_to_one")):
            starts = STARTS + dt.timedelta(days=number)
            session = ProgrammeSessionRow(
                group_id=group_id,
                sequence=number + 1,
                module_number=number + 1,
                session_number=1,
                name=f"Session {number + 1}",
                session_type=kind,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=1),
                is_catch_up=False,
            )
            uow.programmes.add(session)
            sessions.append(session.id)
        uow.commit()
    team.run(assign_one_to_one, sessions[1], referral)
    for session_id, note in zip(
        sessions, ("Late: the bus from Leeds", "Spoke of her son"), strict=True
    ):
        sheet = team.run(register_for_session, session_id).sheet
        rows = [
            RegisterRow.model_validate(
                {**row.model_dump(), "outcome": "attended_complied", "note": note}
            )
            for row in sheet.rows
        ]
        team.run(record_attendance, session_id, sheet.with_rows(rows))
