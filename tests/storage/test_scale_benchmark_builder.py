"""The scale benchmark's builder (``benchmarks/bench_scale.py``) at a tiny size: on a small
programme caseload (``bench_programmes.build``, seconds where the demo takes longer), its bulk
steps bring the notes and attendance marks to exactly the counts asked for, with rows
the application reads like its own (timings are the benchmark's business, not the tests')."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from benchmarks.bench_programmes import _account
from benchmarks.bench_programmes import build as programme_caseload
from benchmarks.bench_scale import add_attendance, add_notes, counts, finish
from resettle.domain.staff import Role
from resettle.services.case_record.read import open_case_record
from resettle.services.workspace import open_settings_database
from resettle.settings import Settings
from resettle.storage.repositories.caseload_keys import count_unmaintained
from resettle.storage.tables.notes import CaseNoteRow
from resettle.storage.tables.programme_referrals import ProgrammeGroupMemberRow
from tests.factories import TODAY


def _held_places(database: Any) -> int:
    with database.uow() as uow:
        return int(
            uow.session.scalar(
                select(func.count()).where(ProgrammeGroupMemberRow.left_at.is_(None))
            )
            or 0
        )


def test_the_builder_reaches_the_counts_asked_for(settings: Settings) -> None:
    database = open_settings_database(settings)
    try:
        establishments, _programme = programme_caseload(database, 40)
        manager = _account(database, "bench.manager", Role.MANAGER, establishments)
        with database.uow() as uow:
            demo_notes = int(uow.session.scalar(select(func.max(CaseNoteRow.id))) or 0)
        held = _held_places(database)
        assert add_notes(database.engine, 500, 1, TODAY) > 0
        assert add_attendance(database.engine, 1000, 1, TODAY) > 0
        finish(database.engine)
        assert add_notes(database.engine, 500, 1, TODAY) == 0  # there already
        assert add_attendance(database.engine, 1000, 1, TODAY) == 0
        built = counts(database.engine)
        assert (built["people"], built["case_notes"], built["programme_attendance"]) == (
            40,
            500,
            1000,
        )
        assert _held_places(database) == held  # every bulk place is a past one
        with database.uow() as uow:
            assert count_unmaintained(uow.session) == 0
            shortest, longest = uow.session.execute(
                select(
                    func.min(func.length(CaseNoteRow.text)),
                    func.max(func.length(CaseNoteRow.text)),
                ).where(CaseNoteRow.id > demo_notes)
            ).one()
            busiest = uow.session.scalar(
                select(CaseNoteRow.person_id)
                .group_by(CaseNoteRow.person_id)
                .order_by(func.count().desc(), CaseNoteRow.person_id)
                .limit(1)
            )
            notes_of_busiest = uow.session.scalar(
                select(func.count()).where(CaseNoteRow.person_id == busiest)
            )
        assert shortest >= 50 and longest <= 800
        assert busiest is not None
        record = open_case_record(manager, database.uow(), busiest, today=TODAY)
        assert len(record.notes) == notes_of_busiest
    finally:
        database.close()
