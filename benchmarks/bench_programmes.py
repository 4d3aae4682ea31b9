"""Programme delivery's costs at realistic sizes: saving a session's register of 12 people, and
the completion figures across 100,000 people.

    python benchmarks/bench_programmes.py [--people 100000] [--repeats 9] [--json PATH]

Builds a SQLite database in a temporary folder (migrated like any user's), with ``--people``
people in 10 establishments; 30 % of them have a referral with a place in a group of 12
(statuses: 40 % on the programme, 30 % complete, 15 % deselected, 15 % withdrawn) and a mark
for each of their group's 12 sessions (about 360,000 marks at 100,000 people; one in seven of
those ended early attended none), written in bulk.
Then, through the services:

- ``register_save_12``: ``record_attendance`` of one session's register of 12 people (a new
  session each time; building the register to save is not timed). Target 100 ms.
- ``completion_figures_all`` (a manager reaching every establishment) and
  ``completion_figures_establishment`` (the programme team of one): ``completion_figures``.
  Target 1 s.

Prints a table and writes JSON shaped {"metric": {"median_ms": ..., "target_ms": ...}};
``run()`` returns the same figures for ``run.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from resettle.domain.programme_attendance import RegisterRow  # noqa: E402
from resettle.domain.staff import Actor, Role  # noqa: E402
from resettle.services.programme_attendance import (  # noqa: E402
    completion_figures,
    record_attendance,
    register_for_session,
)
from resettle.storage.database import Database, open_database  # noqa: E402
from resettle.storage.engine import sqlite_url  # noqa: E402
from resettle.storage.tables.people import PersonRow  # noqa: E402
from resettle.storage.tables.programme_attendance import ProgrammeAttendanceRow  # noqa: E402
from resettle.storage.tables.programme_referrals import (  # noqa: E402
    ProgrammeGroupMemberRow,
    ProgrammeReferralRow,
)
from resettle.storage.tables.programmes import (  # noqa: E402
    ProgrammeGroupRow,
    ProgrammeOfferingRow,
    ProgrammeSessionRow,
)
from resettle.storage.tables.staff import EstablishmentRow, StaffRow  # noqa: E402

Figures = dict[str, dict[str, float]]
TARGETS_MS = {"register_save_12": 100.0, "completion_figures": 1000.0}
ESTABLISHMENTS = 10
GROUP_SIZE = 12
SESSIONS_PER_GROUP = 12
STATUSES = (
    ("on_programme", 40),
    ("programme_complete", 30),
    ("deselected", 15),
    ("withdrawn", 15),
)
OUTCOMES = ("attended_complied",) * 7 + (
    "attended_failed_to_comply",
    "unacceptable_absence",
    "acceptable_absence",
)
START = dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC)
ENDED_EARLY = ("deselected", "withdrawn")


def _median_ms(work: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _account(database: Database, name: str, role: Role, establishments: list[int]) -> Actor:
    with database.uow() as uow:
        row = uow.staff.add(
            StaffRow(username=name, display_name=name, active=True, password_hash="")
        )
        uow.staff.add_role(row.id, role.value)
        for establishment in establishments:
            if role is Role.MANAGER:
                uow.staff.add_managed_establishment(row.id, establishment)
            else:
                uow.staff.add_to_establishment(row.id, establishment)
        uow.commit()
        return Actor(id=row.id, username=name, display_name=name, roles=frozenset({role}))


def _insert(database: Database, table: Any, rows: list[dict[str, Any]]) -> None:
    with database.engine.begin() as connection:
        for start in range(0, len(rows), 20_000):
            connection.execute(insert(table), rows[start : start + 20_000])


def _prison_number(n: int) -> str:
    """A distinct prison number for each ``n`` up to 6,760,000 (A0001AA, ...)."""
    return f"A{n % 10_000:04d}{chr(65 + n // 10_000 % 26)}{chr(65 + n // 260_000)}"


def build(database: Database, people: int) -> tuple[list[int], int]:
    """The people, referrals, groups, sessions and marks (module docstring); returns the
    establishments' ids and the programme id."""
    with database.uow() as uow:
        establishments = [
            uow.staff.add_establishment(EstablishmentRow(code=f"B{n:02d}", name=f"HMP {n}")).id
            for n in range(ESTABLISHMENTS)
        ]
        programme = uow.programmes.programme_by_code("BC-MOD")
        assert programme is not None
        offerings = []
        for establishment in establishments:
            offering = ProgrammeOfferingRow(
                programme_id=programme.id, establishment_id=establishment
            )
            uow.programmes.add(offering)
            offerings.append(offering.id)
        uow.commit()
        programme_id = programme.id
    _insert(
        database,
        PersonRow.__table__,
        [
            {
                "id": n,
                "prison_number": _prison_number(n),
                "crn": f"X{n:06d}",
                "given_name": "Bench",
                "family_name": f"Person {n}",
                "sort_name": f"person {n}",
                "search_text": f"bench person {n}",
                "date_of_birth": dt.date(1980, 1, 1) + dt.timedelta(days=n % 9000),
                "sex": "male",
                "establishment_id": establishments[n % ESTABLISHMENTS],
            }
            for n in range(1, people + 1)
        ],
    )
    referred = [n for n in range(1, people + 1) if n % 10 < 3]
    by_place: dict[int, list[int]] = {e: [] for e in establishments}
    for n in referred:
        by_place[establishments[n % ESTABLISHMENTS]].append(n)
    referrals: list[dict[str, Any]] = []
    groups: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    sessions: list[dict[str, Any]] = []
    marks: list[dict[str, Any]] = []
    weights = [status for status, share in STATUSES for _ in range(share)]
    group_id = session_id = referral_id = member_id = 0
    for index, establishment in enumerate(establishments):
        placed = by_place[establishment]
        for start in range(0, len(placed), GROUP_SIZE):
            group_id += 1
            groups.append(
                {
                    "id": group_id,
                    "offering_id": offerings[index],
                    "code": f"G{group_id}",
                    "capacity": GROUP_SIZE,
                    "starts_on": START.date(),
                    "ends_on": START.date() + dt.timedelta(days=90),
                    "schedule": [],
                    "facilitator_ids": [],
                    "created_at": START,
                }
            )
            first_session = session_id + 1
            for number in range(SESSIONS_PER_GROUP):
                session_id += 1
                starts = START + dt.timedelta(days=7 * number)
                sessions.append(
                    {
                        "id": session_id,
                        "group_id": group_id,
                        "sequence": number + 1,
                        "module_number": number + 1,
                        "session_number": 1,
                        "name": "Session",
                        "session_type": "group",
                        "starts_at": starts,
                        "ends_at": starts + dt.timedelta(hours=2),
                        "is_catch_up": False,
                    }
                )
            for person in placed[start : start + GROUP_SIZE]:
                referral_id += 1
                member_id += 1
                referrals.append(
                    {
                        "id": referral_id,
                        "person_id": person,
                        "programme_id": programme_id,
                        "offering_id": offerings[index],
                        "status": weights[person % len(weights)],
                        "status_since": START,
                        "referred_at": START - dt.timedelta(days=30),
                        "revision": 1,
                    }
                )
                members.append(
                    {
                        "id": member_id,
                        "group_id": group_id,
                        "referral_id": referral_id,
                        "person_id": person,
                        "joined_at": START - dt.timedelta(days=1),
                    }
                )
                for offset in range(SESSIONS_PER_GROUP):
                    outcome = OUTCOMES[(person + offset) % len(OUTCOMES)]
                    if person % 7 == 0 and referrals[-1]["status"] in ENDED_EARLY:
                        outcome = "unacceptable_absence"  # never really started
                    marks.append(
                        {
                            "session_id": first_session + offset,
                            "member_id": member_id,
                            "referral_id": referral_id,
                            "person_id": person,
                            "mark_number": 1,
                            "outcome": outcome,
                            "absence_reason": "illness_or_medical"
                            if outcome == "acceptable_absence"
                            else None,
                            "note": "",
                            "recorded_at": START,
                        }
                    )
    for table, rows in (
        (ProgrammeReferralRow.__table__, referrals),
        (ProgrammeGroupRow.__table__, groups),
        (ProgrammeSessionRow.__table__, sessions),
        (ProgrammeGroupMemberRow.__table__, members),
        (ProgrammeAttendanceRow.__table__, marks),
    ):
        _insert(database, table, rows)
    print(
        f"  built {people:,} people, {len(referrals):,} referrals, {len(sessions):,} sessions, "
        f"{len(marks):,} marks",
        file=sys.stderr,
    )
    with database.engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    return establishments, programme_id


def _register_group(database: Database, establishment: int, repeats: int) -> list[int]:
    """A group of 12 on the programme at ``establishment`` with ``repeats`` past sessions."""
    with database.uow() as uow:
        people = [
            row.person_id
            for row in uow.session.query(ProgrammeReferralRow)
            .join(PersonRow, PersonRow.id == ProgrammeReferralRow.person_id)
            .filter(
                PersonRow.establishment_id == establishment,
                ProgrammeReferralRow.status == "on_programme",
            )
            .limit(GROUP_SIZE)
        ]
        first = (
            uow.session.query(ProgrammeReferralRow)
            .filter(ProgrammeReferralRow.person_id == people[0])
            .one()
        )
        group = ProgrammeGroupRow(
            offering_id=first.offering_id,
            code="BENCH",
            capacity=GROUP_SIZE,
            starts_on=START.date(),
            ends_on=START.date() + dt.timedelta(days=90),
            schedule=[],
            facilitator_ids=[],
        )
        uow.programmes.add(group)
        for person in people:
            referral = (
                uow.session.query(ProgrammeReferralRow)
                .filter(ProgrammeReferralRow.person_id == person)
                .one()
            )
            # They move from the group they hold a place in (a referral holds one at a time).
            for held in uow.session.query(ProgrammeGroupMemberRow).filter(
                ProgrammeGroupMemberRow.referral_id == referral.id,
                ProgrammeGroupMemberRow.left_at.is_(None),
            ):
                held.left_at = START - dt.timedelta(days=2)
            uow.session.flush()
            uow.session.add(
                ProgrammeGroupMemberRow(
                    group_id=group.id,
                    referral_id=referral.id,
                    person_id=person,
                    joined_at=START - dt.timedelta(days=1),
                )
            )
        ids = []
        for n in range(repeats + 1):
            starts = START + dt.timedelta(days=n)
            session = ProgrammeSessionRow(
                group_id=group.id,
                sequence=n + 1,
                module_number=1,
                session_number=1,
                name="Bench",
                session_type="group",
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                is_catch_up=False,
            )
            uow.programmes.add(session)
            ids.append(session.id)
        uow.commit()
        return ids


def run_with(database: Database, repeats: int, establishments: list[int]) -> Figures:
    team = _account(database, "bench.team", Role.PROGRAMME_TEAM, establishments[:1])
    manager = _account(database, "bench.manager", Role.MANAGER, establishments)
    sessions = iter(_register_group(database, establishments[0], repeats))
    marks = ("attended_complied",) * 9 + ("attended_failed_to_comply", "unacceptable_absence")

    def save_one() -> float:
        session = next(sessions)
        sheet = register_for_session(team, database.uow(), session).sheet
        rows = [
            RegisterRow.model_validate(
                {
                    **row.model_dump(),
                    "outcome": marks[i] if i < len(marks) else "acceptable_absence",
                    "absence_reason": None if i < len(marks) else "regime_or_lockdown",
                }
            )
            for i, row in enumerate(sheet.rows)
        ]
        assert len(rows) == GROUP_SIZE
        started = time.perf_counter()
        counts = record_attendance(team, database.uow(), session, sheet.with_rows(rows))
        spent = (time.perf_counter() - started) * 1000
        assert counts.recorded == GROUP_SIZE
        return spent

    save_one()  # warm up
    saves = statistics.median(save_one() for _ in range(repeats))
    everyone = completion_figures(manager, database.uow())
    print(f"  completion figures (all): {everyone}", file=sys.stderr)
    return {
        "register_save_12": {"median_ms": saves, "target_ms": TARGETS_MS["register_save_12"]},
        "completion_figures_all": {
            "median_ms": _median_ms(lambda: completion_figures(manager, database.uow()), repeats),
            "target_ms": TARGETS_MS["completion_figures"],
        },
        "completion_figures_establishment": {
            "median_ms": _median_ms(
                lambda: completion_figures(team, database.uow(), "B00"), repeats
            ),
            "target_ms": TARGETS_MS["completion_figures"],
        },
    }


def run(repeats: int = 5, people: int = 100_000) -> Figures:
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(sqlite_url(Path(folder) / "resettle.sqlite3"))
        try:
            started = time.perf_counter()
            establishments, _programme = build(database, people)
            print(f"  built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
            return run_with(database, repeats, establishments)
        finally:
            database.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    results = run(args.repeats, args.people)
    print(f"{'case':<36}{'median ms':>12}{'target ms':>12}  ok")
    for name, figures in results.items():
        ok = "yes" if figures["median_ms"] <= figures["target_ms"] else "NO"
        print(f"{name:<36}{figures['median_ms']:>12.1f}{figures['target_ms']:>12.0f}  {ok}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(f["median_ms"] <= f["target_ms"] for f in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
